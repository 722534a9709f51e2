"""Type evidence from how a PDF's blocks are set (pipeline/clean/appearance.py), on lines set by
hand: each test one convention, weighed with the text rules' decision."""

from __future__ import annotations

from pdf_lines_factory import EM, FULL, made_line, set_lines, source_text

from pipeline.clean import clean
from pipeline.clean.appearance import Look, one_title, weigh
from pipeline.clean.numbering import Decision
from pipeline.sources.pdf_lines import PdfLine

#: Body text enough to measure the page's frame, body size and face.
BODY = [(2.0, FULL[2:]), (0.0, FULL), (0.0, FULL), (0.0, "最后一行较短。")]


def typed(lines: list[PdfLine]) -> list[tuple[str, int | None, str]]:
    """(type, level, text) of the blocks the cleaner makes of the lines."""
    blocks = clean(source_text(lines), layout=lines).document.blocks
    return [(block.type, block.level, block.text) for block in blocks]


def _below(lines: list[PdfLine], rows: list[tuple[float, str]], **style: object) -> list[PdfLine]:
    top = lines[-1].baseline + 2 * EM
    return set_lines(rows, top=top, **style)  # type: ignore[arg-type]


def test_an_unnumbered_heading_takes_the_level_of_the_numbered_ones_in_its_face() -> None:
    heading = {"font": "SimHei", "size": 14.0}
    lines = set_lines([(0.0, "1.1 历史回顾")], **heading)
    lines += _below(lines, BODY)
    lines += _below(lines, [(0.0, "1.2 优点和缺点")], **heading)
    lines += _below(lines, BODY)
    lines += _below(lines, [(0.0, "参考文献")], **heading)
    lines += _below(lines, BODY)
    headings = [(kind, level, text) for kind, level, text in typed(lines) if kind == "heading"]
    assert headings == [
        ("heading", 2, "1.1 历史回顾"),
        ("heading", 2, "1.2 优点和缺点"),
        ("heading", 2, "参考文献"),
    ]


def test_a_short_line_in_a_display_face_is_a_heading_and_a_body_line_is_not() -> None:
    lines = set_lines([(3.0, "关于加强管理的通知")], size=22.0)  # the title: the largest size
    lines += _below(lines, BODY)
    lines += _below(lines, [(0.0, "工作要求")], font="SimHei", size=16.0)
    lines += _below(lines, BODY)
    lines += _below(lines, [(0.0, "附带说明")])
    lines += _below(lines, BODY)
    assert [kind for kind, _, _ in typed(lines)] == [
        "title",
        "paragraph",
        "heading",
        "paragraph",
        "paragraph",
        "paragraph",
    ]


def look(**fields: object) -> Look:
    values: dict[str, object] = {"face": (12.0, "SimSun", False), "lines": 1, **fields}
    return Look(**values)  # type: ignore[arg-type]


def test_weighing_leaves_the_text_alone_without_a_look_and_where_it_speaks() -> None:
    decisions = [Decision("heading", 2), None, Decision("list_item", 1)]
    assert weigh(["一、总则", "正文。", "1. 条目"], [None, None, None], decisions) == decisions
    # a numbered heading stays what the numbering made it, whatever its face
    display = look(face=(16.0, "SimHei", False), display=True)
    assert weigh(["一、总则"], [display], [Decision("heading", 1)]) == [Decision("heading", 1)]


def test_a_footnote_and_a_caption_where_the_text_is_silent() -> None:
    marks = [look(footnote=True), look(caption=True), look(caption=True)]
    decisions: list[Decision | None] = [None, Decision("paragraph"), Decision("list_item", 1)]
    assert weigh(["1脚注。", "图1 流程", "(a)甲 (b)乙"], marks, decisions) == [
        Decision("footnote"),
        Decision("caption"),
        Decision("caption"),
    ]


def test_the_largest_display_size_is_left_to_the_text_as_a_title() -> None:
    title = look(face=(22.0, "XBS", False), display=True)
    heading = look(face=(16.0, "SimHei", False), display=True)
    assert weigh(["烟草专卖零售许可证核发服务指南", "参考文献"], [title, heading], [None, None]) == [
        None,
        Decision("heading", 1),
    ]


def test_a_run_in_lead_is_a_paragraph_where_its_kind_is_set_as_paragraphs() -> None:
    paragraph_set = look(run_in=True, indent="paragraph", lines=3)
    hanging_set = look(run_in=True, indent="hanging", lines=3)
    single = look(run_in=True)
    items = [Decision("list_item", 1)] * 2
    texts = ["（一）根据学校规定，制定细则；", "（二）组织完成工作；"]
    assert weigh(texts, [paragraph_set, single], list(items)) == [Decision("paragraph")] * 2
    assert weigh(texts, [hanging_set, single], list(items)) == items


def test_two_title_blocks_are_one_title_only_in_one_face() -> None:
    title = look(face=(20.0, "XBS", False), display=True)
    assert one_title(title, title)
    assert not one_title(title, look())
    assert one_title(None, title)


def test_lines_of_a_caption_size_centred_beside_a_figure_are_a_caption() -> None:
    lines = set_lines(BODY)
    width = 9 * 10.5  # 图 + "1.1 " + 联邦生态构建: nine ems of 10.5 pt
    centre = (30 * EM - width) / 2 / 10.5
    caption = made_line("图1.1 联邦生态构建", indent=centre, baseline=lines[-1].baseline + 12 * EM, size=10.5)
    after = set_lines(BODY, top=caption.baseline + 2 * EM)
    assert ("caption", None, "图1.1联邦生态构建") in typed([*lines, caption, *after])


def test_a_short_line_in_a_face_that_also_sets_running_text_is_no_heading() -> None:
    # a PDF may set some of its text in a substitute font ("serif" for a missing 仿宋)
    lines = set_lines([(3.0, "关于加强管理的通知")], size=22.0)
    lines += _below(lines, BODY)
    lines += _below(lines, BODY, font="serif")
    lines += _below(lines, [(0.0, "工作时间另行通知")], font="serif")
    lines += _below(lines, BODY)
    assert [kind for kind, _, _ in typed(lines)] == [
        "title",
        "paragraph",
        "paragraph",
        "paragraph",
        "paragraph",
    ]
