"""Unit tests of what plain pdftotext writes as text blocks of their own, out of the printed order:
a section's number read after its heading's text and sub-figure labels read a block each, and of
the list markers pdftotext -raw writes a text object a line, put back on their line
(pipeline/clean/pieces.py); a drawn figure's words above its caption, removed
(pipeline/clean/figures.py)."""

from __future__ import annotations

from clean_checks import block_tuples, unaccounted

from pipeline.clean import clean
from pipeline.clean.trace import Kind, trace_source

#: A line that fills a 62-unit measure; with its paragraph it shows the cleaner the measure.
FULL = "各地区各部门要坚定不移把党中央决策部署落实好，确保如期完成各项"
BODY = FULL + "\n" + FULL + "\n" + FULL + "\n目标任务。\n"


def typed(raw: str) -> list[tuple[str, str]]:
    """The blocks' types and texts; every character accounted for, the output read back the same."""
    result = clean(raw)
    assert unaccounted(raw, result) == {}
    blocks = result.document.blocks
    again = clean("\n\n".join(block.text for block in blocks)).document.blocks
    assert block_tuples(again) == block_tuples(blocks)
    return [(block.type, block.text) for block in blocks]


# --- a section's number read after its heading's text ------------------------------------------

#: A book's sections as plain pdftotext reads them: the first one's text before its number.
SECTIONS = "历史回顾\n\n1.1\n\n" + BODY + "\n1.2\n\n优点和缺点\n" + BODY


def test_a_section_number_read_after_its_headings_text_goes_before_it() -> None:
    blocks = typed(BODY + "\n" + SECTIONS)
    assert [text for kind, text in blocks if kind == "heading"] == ["1.1 历史回顾", "1.2 优点和缺点"]


def test_the_move_is_reported_and_traced() -> None:
    raw = BODY + "\n" + SECTIONS
    result = clean(raw)
    moves = [(f.code, f.line) for f in result.report.findings if f.code.startswith("piece-")]
    assert moves == [("piece-moved", 6), ("piece-joined", 8)]  # 历史回顾 left line 6 for line 8
    trace = trace_source(raw, result.document.blocks, result.report)
    assert trace.line(6).removed == "piece-moved"
    assert [m.code for m in trace.line(8).marks if m.kind is Kind.INSERTED] == ["piece-joined"]


def test_a_number_without_neighbours_is_no_section_number() -> None:
    # "3.5" under a short line, prose after it — but the text numbers no section next to it: a
    # figure (a version in a table's cell), which stays where it is.
    raw = BODY + "\nPython\n\n3.5\n\n" + BODY
    assert "3.5 Python" not in [text for _, text in typed(raw)]


def test_a_number_before_its_text_stays_where_it_is() -> None:
    # "1.2" / "优点和缺点": the number awaits its text, and the short line above is no heading text.
    raw = BODY + "\n1.1\n\n历史回顾\n\n1.2\n\n优点和缺点\n" + BODY
    assert [text for kind, text in typed(raw) if kind == "heading"] == ["1.1 历史回顾", "1.2 优点和缺点"]


# --- a list marker pdftotext -raw wrote a text object a line -------------------------------------

#: A list as `pdftotext -raw` writes it: each text object on a line of its own, no blank lines; the
#: markers' numbers, their points and the digits of "10" are objects of their own.
RAW_LIST = (
    BODY
    + "三、审批依据\n1\n.\n《中华人民共和国烟草专卖法》第三条：国家对烟草专卖品实行专卖管理。\n"
    + "1\n0\n.\n未领取工商营业执照；\n（1\n）申请表：由烟草专卖局提供格式文本。\n"
)


# --- a table of contents set in three columns ---------------------------------------------------


def test_a_contents_entrys_number_title_and_page_a_block_each_are_one_entry() -> None:
    # LaTeX's contents: section numbers, titles with their leaders and page numbers in columns of
    # their own, which plain pdftotext writes a piece a block (the chapter's page among them).
    leader = " ." * 30
    raw = (
        "目录\n1 Windows 10 系统\n1.1\n\n5\n\n安装 TeX Live" + leader + "\n\n5\n\n"
        "1.1.1\n\n下载镜像的处理办法"
        + leader
        + "\n\n8\n\n1.1.2\n\n需要管理员权限的处理办法"
        + leader
        + "\n\n8\n"
        "\f" + BODY
    )
    entries = [text for kind, text in typed(raw) if kind == "toc"]
    assert entries == ["安装TeX Live 5", "1.1.1 下载镜像的处理办法 8", "1.1.2 需要管理员权限的处理办法 8"]
    result = clean(raw)
    assert [f.line for f in result.report.findings if f.code == "piece-moved"] == [9, 13, 15, 19, 21]


def test_a_chapters_or_sections_number_before_its_whole_entry_goes_before_its_title() -> None:
    # The numbers' column apart, each entry whole (its page after its leader): "3.1" right after the
    # entry before it, the chapter's "4" between blank lines.
    leader = " ." * 30
    raw = (
        "Contents\n\n3\n\n表格样本" + leader + " 2\n3.1\n\n基本表格" + leader + " 2\n\n4\n\n"
        "定理环境" + leader + " 7\n\f" + BODY
    )
    entries = [text for kind, text in typed(raw) if kind == "toc"]
    assert entries == ["3 表格样本 2", "3.1 基本表格 2", "4 定理环境 7"]


def test_a_list_markers_pieces_a_line_each_are_one_marker_again() -> None:
    assert typed(RAW_LIST)[-4:] == [
        ("heading", "三、审批依据"),
        ("list_item", "1.《中华人民共和国烟草专卖法》第三条：国家对烟草专卖品实行专卖管理。"),
        ("list_item", "10.未领取工商营业执照；"),
        ("list_item", "（1）申请表：由烟草专卖局提供格式文本。"),
    ]


def test_a_markers_pieces_are_reported_and_traced() -> None:
    result = clean(RAW_LIST)
    moved = [f.original for f in result.report.findings if f.code == "piece-moved"]
    assert moved == [".", "0", ".", "）申请表：由烟草专卖局提供格式文本。"]
    trace = trace_source(RAW_LIST, result.document.blocks, result.report)
    assert trace.line(7).removed == "piece-moved"  # the "." under "1"
    assert [m.code for m in trace.line(6).marks if m.kind is Kind.INSERTED] == ["piece-joined"]


def test_a_number_alone_before_a_decimal_point_or_words_stays_apart() -> None:
    # "3" / ".5米" is no marker (a decimal's point), nor "5" / "0" / "米范围内" (a number's digits).
    raw = BODY + "距离为\n3\n.5米。\n" + BODY + "直线距离\n5\n0\n米范围内。\n"
    result = clean(raw)
    assert not [f for f in result.report.findings if f.code.startswith("piece-")]
    assert unaccounted(raw, result) == {}


# --- sub-figure labels read a block each -------------------------------------------------------


def test_sub_figure_labels_above_a_figures_caption_are_one_line() -> None:
    raw = BODY + "\n(a)约定架构\n\n(b)虚拟第三方\n\n(c)对等架构\n图 1.2.1 基础架构\n\n" + BODY
    # (The brackets are full-width in Chinese text, and no space stays beside them.)
    assert typed(raw)[1:3] == [
        ("caption", "（a）约定架构（b）虚拟第三方（c）对等架构"),
        ("caption", "图1.2.1基础架构"),
    ]


def test_lettered_lines_without_a_figure_caption_under_them_stay_apart() -> None:
    raw = BODY + "\n(a)约定架构\n\n(b)虚拟第三方\n\n" + BODY
    assert "(a)约定架构 (b)虚拟第三方" not in [text for _, text in typed(raw)]


def test_labels_out_of_order_are_no_row() -> None:
    raw = BODY + "\n(a)约定架构\n\n(c)虚拟第三方\n图 1 基础架构\n\n" + BODY
    assert "(a)约定架构 (c)虚拟第三方" not in [text for _, text in typed(raw)]


# --- a drawn figure's words ------------------------------------------------------------------

WORDS = ("数据", "知识联邦", "人工智能", "生产资料", "生产关系", "生产力")


def test_a_figures_words_a_block_each_above_its_caption_are_removed_and_reported() -> None:
    raw = (
        BODY
        + "\n1.5 知识联邦重塑数据生产关系\n\n"
        + "".join(w + "\n\n" for w in WORDS)
        + "图 1.5 新型数据生产关系\n\n"
        + BODY
    )
    result = clean(raw)
    assert [block.type for block in result.document.blocks] == [
        "paragraph",
        "heading",
        "caption",
        "paragraph",
    ]
    assert [f.original for f in result.report.findings if f.code == "figure-text"] == list(WORDS)
    assert list(result.document.removed) == list(WORDS)
    assert unaccounted(raw, result) == {}


def test_a_figures_words_in_rows_as_layout_sets_them_are_removed() -> None:
    rows = "      数据        知识联邦        人工智能\n      生产资料      生产关系        生产力\n"
    raw = BODY + "\n" + rows + "\n\n      图 1.5 新型数据生产关系\n\n" + BODY
    assert not any("知识联邦" in text for _, text in typed(raw))


def test_a_last_row_of_one_box_under_a_row_of_boxes_is_the_figures_too() -> None:
    rows = "    用户    第三方    密钥\n    数据\n"
    raw = BODY + "\n" + rows + "\n                      图 5.3 参与方\n" + BODY
    result = clean(raw)
    assert [f.original for f in result.report.findings if f.code == "figure-text"] == [
        "用户    第三方    密钥",
        "数据",
    ]


def test_two_short_lines_above_a_figure_may_be_headings_and_stay() -> None:
    raw = BODY + "\n第一部分\n\n总体架构\n\n图 1 总体架构\n\n" + BODY
    assert "总体架构" in [text for _, text in typed(raw)]


def test_words_above_a_tables_caption_are_no_figures() -> None:
    raw = BODY + "\n" + "".join(w + "\n\n" for w in WORDS) + "表 1.5 新型数据生产关系\n\n" + BODY
    assert "知识联邦" in [block.text for block in clean(raw).document.blocks]
