"""The trace of source lines into block text (pipeline/clean/trace.py): what became of each character.

Hand-made blocks and reports pin each kind of mark; real extractions and damaged documents show
that the cleaner's own output is traced whole: every line's text found in its block, nothing lost
or added that no finding reports.
"""

from __future__ import annotations

import pytest
from clean_checks import derandomized, fuzz_examples
from conftest import real_cases, source_path
from damage import Sample, damaged_documents
from hypothesis import HealthCheck, given, note, settings

from pipeline.clean import clean
from pipeline.clean.report import CleanReport
from pipeline.clean.trace import Ending, Kind, Mark, SourceTrace, trace_source
from pipeline.document import Block


def marks(trace: SourceTrace, number: int) -> list[tuple[str, str, str, str | None]]:
    return [(m.kind.value, m.source, m.output, m.code) for m in trace.line(number).marks]


def test_spaces_repairs_and_line_ends_are_marked() -> None:
    report = CleanReport()
    report.add("kangxi-radical", 1, "⽅", "方")
    report.add("page-marker", 3, "— 2 —")
    report.add("form-feed", 4, "\f")
    report.add("control-char", 4, "\u200b")
    text = "　　工作⽅案 2020 年\n实施。\n— 2 —\n\f第二\u200b段。"
    blocks = [
        Block("paragraph", "工作方案2020年实施。", lines=(1, 2)),
        Block("paragraph", "第二段。", lines=(4, 4)),
    ]
    trace = trace_source(text, blocks, report)
    assert marks(trace, 1) == [
        ("space", "　　", "", None),
        ("kept", "工作", "工作", None),
        ("mapped", "⽅", "方", "kangxi-radical"),
        ("kept", "案", "案", None),
        ("space", " ", "", None),
        ("kept", "2020", "2020", None),
        ("space", " ", "", None),
        ("kept", "年", "年", None),
    ]
    assert [trace.line(n).ending for n in (1, 2, 4)] == [Ending.JOINED, Ending.END, Ending.END]
    assert trace.line(3).removed == "page-marker" and trace.line(3).block is None
    assert marks(trace, 4) == [
        ("removed", "\f", "", "form-feed"),
        ("kept", "第二", "第二", None),
        ("removed", "\u200b", "", "control-char"),
        ("kept", "段。", "段。", None),
    ]
    assert [trace.output(trace.line(n)) for n in (1, 2, 4)] == ["工作方案2020年", "实施。", "第二段。"]


def test_a_mapping_mapped_again_is_one_mark() -> None:
    report = CleanReport()
    report.add("founder-punct", 1, "\ua3ac", "，")  # ꎬ: a Founder comma
    report.add("fullwidth-ascii", 1, "２", "2")
    report.add("fullwidth-ascii", 1, "０", "0")
    trace = trace_source("甲ꎬ２０", [Block("paragraph", "甲，20", lines=(1, 1))], report)
    assert [(m.kind, m.source, m.output) for m in trace.line(1).marks][1:] == [
        (Kind.MAPPED, "ꎬ", "，"),
        (Kind.MAPPED, "２", "2"),
        (Kind.MAPPED, "０", "0"),
    ]


def test_latin_words_across_a_line_end_keep_their_space_and_a_hyphen_goes() -> None:
    report = CleanReport()
    report.add("hyphen-join", 1, "-")
    text = "inter-\nnational open\nsource"
    trace = trace_source(text, [Block("paragraph", "international open source", lines=(1, 3))], report)
    assert marks(trace, 1)[-1] == ("removed", "-", "", "hyphen-join")
    assert [trace.line(n).ending for n in (1, 2, 3)] == [Ending.JOINED, Ending.SPACE, Ending.END]
    assert "".join(trace.output(line) for line in trace.lines) == "international open source"


def test_what_no_finding_reports_is_marked_unexplained() -> None:
    trace = trace_source("甲乙\n丙丁\n戊", [Block("paragraph", "甲乙X丙戊", lines=(1, 3))], CleanReport())
    unexplained = [(line.number, m) for line in trace.lines for m in line.marks if m.unexplained]
    assert unexplained == [(2, Mark(Kind.INSERTED, "", "X")), (2, Mark(Kind.REMOVED, "丁"))]
    assert "".join(trace.output(line) for line in trace.lines) == "甲乙X丙戊"


def test_a_line_holding_two_blocks_is_traced_into_both() -> None:
    blocks = [
        Block("meta", "杭州市人民政府办公厅", role="printed_by", lines=(1, 1)),
        Block("meta", "2024年2月18日印发", role="printed", lines=(1, 1)),
    ]
    trace = trace_source("杭州市人民政府办公厅    2024年2月18日印发", blocks, CleanReport())
    assert trace.groups == {0: (0, 1)} and trace.line(1).block == 0
    assert trace.output(trace.line(1)) == "杭州市人民政府办公厅2024年2月18日印发"


def test_lines_inside_a_narrower_block_belong_to_it() -> None:
    """A footnote's lines lie inside the range of the paragraph its page interrupted."""
    blocks = [Block("paragraph", "甲乙丙丁", lines=(1, 3)), Block("footnote", "①注", mark="①", lines=(2, 2))]
    trace = trace_source("甲乙\n①注\n丙丁", blocks, CleanReport())
    assert [line.block for line in trace.lines] == [0, 1, 0]
    assert not any(m.unexplained for line in trace.lines for m in line.marks)


def assert_traced_whole(raw: str) -> None:
    result = clean(raw)
    trace = trace_source(raw, result.document.blocks, result.report)
    for leader, members in trace.groups.items():
        text = "".join(result.document.blocks[index].text for index in members)
        lines = trace.owned.get(leader, [])
        assert "".join(trace.output(line) for line in lines) == text, text
    unexplained = [(line.number, mark) for line in trace.lines for mark in line.marks if mark.unexplained]
    assert unexplained == []


@pytest.mark.parametrize(("name", "extraction"), real_cases())
def test_every_real_extraction_is_traced_whole(name: str, extraction: str) -> None:
    assert_traced_whole(source_path(name, extraction).read_text("utf-8"))


@settings(
    max_examples=fuzz_examples(30, fuzz_share=0.02),
    derandomize=derandomized(),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(damaged_documents())
def test_damaged_documents_are_traced_whole(sample: Sample) -> None:
    note(f"raw text:\n{sample.raw}")
    assert_traced_whole(sample.raw)


def test_a_cell_moved_back_onto_its_row_is_traced_to_both_lines() -> None:
    # pdftotext read the numbers' column before the texts' (columns.py): the text of line 5 goes
    # back onto line 2; line 5 is reported as read with its column, line 2 as taking it.
    raw = "1. 文化大学 物理系\n2.\n3.\n\n国立中央大学 天文研究所\n国立清华大学 物理系\n"
    assert_traced_whole(raw)
    result = clean(raw)
    trace = trace_source(raw, result.document.blocks, result.report)
    assert trace.line(5).removed == "column-read"
    assert [m.code for m in trace.line(2).marks if m.kind is Kind.INSERTED] == ["column-row"]
