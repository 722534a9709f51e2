"""Numbers set on a lower baseline that pdfminer (pdfplumber) wrote on a line of their own, put back
into their printed line (pipeline/clean/baselines.py)."""

from __future__ import annotations

import pytest
from clean_checks import unaccounted

from pipeline.clean import clean
from pipeline.clean.trace import trace_source


def texts(raw: str) -> list[str]:
    return [block.text for block in clean(raw).document.blocks]


def test_numbers_under_their_line_fill_its_holes_in_order() -> None:
    raw = (
        "（一）加大创业信贷支持力度。创业担保贷款个人申请额度\n"
        "由 万元提高至 万元、小微企业申请额度由 万元提高至\n"
        "３０ ５０ ４００\n"
        "万元的，按照国家有关规定贴息。\n"
    )
    assert "由30万元提高至50万元、小微企业申请额度由400万元提高至" in texts(raw)[0]


def test_a_number_more_than_holes_goes_before_a_unit_that_opens_the_line() -> None:
    # A Founder-set date: the year fell out of the line's start, the month and day out of its holes.
    raw = "四川省人民政府办公厅\n年 月 日\n２０２５ ４ ３０\n"
    assert texts(raw)[-1] == "2025年4月30日"


def test_a_number_more_than_holes_goes_after_a_line_that_opens_otherwise() -> None:
    raw = "本文件自 年 月 日起施行，有效期至 年 月\n２０２５ ５ １ ２０２７ １２ ３１\n日。\n"
    assert "".join(texts(raw)) == "本文件自2025年5月1日起施行，有效期至2027年12月31日。"


def test_a_row_of_numbers_under_a_row_of_headings_is_no_lowered_run() -> None:
    # A table's cells one space apart (pypdf): the spaces between its headings stand before words,
    # not before the units and measure words a number in prose comes before.
    raw = "表1 各市数据\n地区 人口 面积\n100 200 300\n杭州 宁波 温州\n1 2 3\n"
    assert texts(raw)[1:] == ["地区 人口 面积\n100 200 300\n杭州 宁波 温州\n1 2 3"]


@pytest.mark.parametrize(
    "raw",
    [
        "直接运行于 LATEX。\n3\n",  # a note's mark: the line has no hole between Chinese characters
        "1. 文化大學 物理系\n2.\n",  # a list's next marker, no number
        "各部门、各直属机构。 有关单位\n5\n",  # a space after a sentence's end is no hole
        "由 万元提高至 万元\n30 50 400 600\n",  # more numbers than the holes take
    ],
)
def test_numbers_that_fit_no_holes_stay_where_they_are(raw: str) -> None:
    assert "lowered-run" not in [finding.code for finding in clean(raw).report.findings]


def test_the_moves_are_reported_and_traced() -> None:
    raw = "四川省人民政府办公厅\n年 月 日\n２０２５ ４ ３０\n"
    result = clean(raw)
    assert unaccounted(raw, result) == {}
    trace = trace_source(raw, result.document.blocks, result.report)
    assert [mark for line in trace.lines for mark in line.marks if mark.unexplained] == []
    assert [(f.code, f.line) for f in result.report.findings if f.code.startswith("lowered")] == [
        ("lowered-run", 2),
        ("lowered-run", 2),
        ("lowered-run", 2),
        ("lowered-runs", 3),
    ]
