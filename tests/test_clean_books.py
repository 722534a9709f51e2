"""Unit tests for the paragraph rules a typeset book taught the cleaner (LaTeX and its kin): an
epigraph's attribution, a paragraph's first line set apart by pdftotext, Latin words hyphenated at a
line end, displayed quotations and items with hanging indents in `pdftotext -layout` text, and the
notes of a page whose last paragraph ended with it."""

from __future__ import annotations

import pytest

from pipeline.clean import clean
from pipeline.clean.labels import is_attribution
from pipeline.clean.lines import measure_profile, split_lines
from pipeline.clean.paragraphs import group_blocks

#: A line that fills a 62-unit measure; three of them make a text hard-wrapped at that width.
FULL = "各地区各部门要坚定不移把党中央决策部署落实好，确保如期完成各项"
#: A paragraph of three full lines and a short one: the text it is in is wrapped at FULL's width.
BODY = FULL + "\n" + FULL + "\n" + FULL + "\n目标任务。\n"


def texts(raw: str) -> list[str]:
    """The blocks' texts without spaces (which spaces stay is the spacing pass's business)."""
    return ["".join(block.text.split()) for block in clean(raw).document.blocks]


@pytest.mark.parametrize(
    ("line", "attribution"),
    [
        ("— 杨慎《临江仙》", True),
        ("— 卡尔·马克思", True),
        ("——鲁迅", True),
        ("―― 摘自《人民日报》", True),
        ("— Donald E. Knuth", True),
        ("——这是我们的结论，也是大家的共识。", False),  # a sentence after a dash
        ("—", False),
        ("— 杨慎《临江仙》" + "之" * 30, False),  # longer than a name and a work
        ("杨慎《临江仙》", False),
    ],
)
def test_attribution_lines(line: str, attribution: bool) -> None:
    assert is_attribution(line) is attribution


def test_an_epigraphs_attribution_is_a_block_between_quotation_and_text() -> None:
    # pdftotext writes the attribution right under the quotation, and the next quotation or the text
    # right under it; a dash at a line's start would otherwise be the rest of the printed line.
    raw = (
        BODY
        + "在科学上没有平坦的大道，只有那些不畏劳苦沿着陡峭山路\n攀登的人，才有希望达到光辉的顶点。\n"
        + "— 卡尔·马克思\n无他，唯手熟尔。\n— 卖油翁\n"
        + FULL + "\n" + FULL + "\n目标任务。\n"
    )  # fmt: skip
    assert texts(raw)[1:] == [
        "在科学上没有平坦的大道，只有那些不畏劳苦沿着陡峭山路攀登的人，才有希望达到光辉的顶点。",
        "—卡尔·马克思",
        "无他，唯手熟尔。",
        "—卖油翁",
        FULL + FULL + "目标任务。",
    ]


def test_a_dash_after_an_unfinished_sentence_is_no_attribution() -> None:
    raw = BODY + FULL + "\n" + FULL[:20] + "\n——全面建成小康社会\n" + FULL + "\n目标任务。\n"
    assert len(texts(raw)) == 2


def test_a_first_line_set_apart_by_a_blank_line_runs_on() -> None:
    # pdftotext drops a paragraph's first-line indent and may set that line apart: one indent (and a
    # little) short of the measure, ending no sentence, it still goes on after the blank line.
    first = "限于篇幅和水平，本文只能提供一个概览外加一些八卦。比较"  # 58 units: full less the indent
    raw = BODY + first + "\n\n" + FULL + "\n目标任务。\n" + BODY
    assert texts(raw)[1] == first + FULL + "目标任务。"


def test_a_first_line_one_indent_short_ending_a_sentence_runs_on() -> None:
    # The line is full beside the indent pdftotext dropped: the next line's first character would
    # not have fitted on it, so the paragraph goes on; two characters shorter, it may end there.
    first = FULL[:-3] + "。"
    assert texts(BODY + first + "\n" + FULL + "\n目标任务。\n" + BODY)[1] == first + FULL + "目标任务。"
    short = FULL[:-4] + "。"
    assert texts(BODY + short + "\n" + FULL + "\n目标任务。\n" + BODY)[1] == short


def test_a_numbered_heading_one_indent_short_still_ends_at_a_blank_line() -> None:
    heading = "一、各地区各部门要坚定不移把党中央决策部署落实好确保完成"
    raw = BODY + heading + "\n\n" + FULL + "\n目标任务。\n" + BODY
    assert texts(raw)[1:3] == [heading, FULL + "目标任务。"]


@pytest.mark.parametrize("end", ["第 9.5.6.", "第二章.", "（见附录）."])
def test_a_short_line_ending_with_a_half_width_full_stop_may_end_its_paragraph(end: str) -> None:
    # Technical writing that mixes scripts stops sentences with "."; the next line's number here
    # would have fitted on the short line, so it is a heading, not the rest of a number.
    raw = BODY + FULL + "\n如果这样不能解决显示问题，可以参考" + end + "\n1.2\n文件管理\n" + BODY
    stop = FULL + "如果这样不能解决显示问题，可以参考" + "".join(end.split())
    assert texts(raw)[1:4] == [stop, "1.2文件管理", texts(BODY)[0]]


def test_a_latin_word_hyphenated_at_a_line_end_goes_on_past_a_blank_line() -> None:
    raw = BODY + "当前的文字处理系统大致可以分为两种：标记语言（Markup Lan-\n\nguage）式的。\n" + BODY
    assert texts(raw)[1] == "当前的文字处理系统大致可以分为两种：标记语言（MarkupLanguage）式的。"


#: Paragraphs in `pdftotext -layout` text: first lines indented six columns, the rest at the margin.
LAYOUT_BODY = "      " + FULL + "\n" + FULL + "\n" + FULL + "\n目标任务。\n"


def test_a_displayed_quotation_goes_on_at_its_own_margin() -> None:
    # LaTeX's quotation and verse: the quotation's lines stand set in from the text's margin, its
    # first line deeper by the paragraph indent — its second line may stand at the text's paragraph
    # indent, and goes on with the first's unfinished sentence.
    quotation = "        滚滚长江东逝水，浪花淘尽英雄。是非成败转头空。青山依\n      旧在，几度夕阳红。\n"
    assert texts(LAYOUT_BODY * 3 + quotation + LAYOUT_BODY)[3] == (
        "滚滚长江东逝水，浪花淘尽英雄。是非成败转头空。青山依旧在，几度夕阳红。"
    )


def test_an_items_wrapped_line_at_the_paragraph_indent_hangs_under_its_text() -> None:
    item = "      • 批处理 它的源文件是文本文件，便于批处理，虽然解释（parse）源\n       文件可能很费劲。\n"
    assert (
        texts(LAYOUT_BODY * 3 + item + LAYOUT_BODY)[3]
        == "•批处理它的源文件是文本文件，便于批处理，虽然解释（parse）源文件可能很费劲。"
    )


def test_a_short_heading_before_a_paragraph_at_the_indent_stays_apart() -> None:
    assert texts(LAYOUT_BODY * 3 + "1.引言\n" + LAYOUT_BODY)[3:5] == ["1.引言", FULL * 3 + "目标任务。"]


def test_notes_of_a_page_whose_last_paragraph_ended_with_it_follow_that_paragraph() -> None:
    # -layout leaves a blank line between the page's last paragraph and its notes: the notes still
    # follow that paragraph, not the heading at the top of the next page.
    page = (
        LAYOUT_BODY * 3 + "      " + FULL + "\n等1。\n\n\n  1\n      已出版的前三卷尚未安排上工作日程。\n\f"
    )
    raw = page + "1.2     优点和缺点\n" + LAYOUT_BODY * 3
    result = texts(raw)
    assert result[3:6] == [FULL + "等1。", "1已出版的前三卷尚未安排上工作日程。", "1.2优点和缺点"]


def test_a_latin_phrase_runs_on_over_a_geometric_break_only_from_a_full_line() -> None:
    # A block start the PDF's geometry shows (break_before) after a line ending in a Latin word
    # before one starting with a Latin word: over a full line, or one the next word would not have
    # fitted on, the phrase runs on (a reference's title, a URL); a short row of a table ("Mac OS
    # MacTeX TeXShop") ends its block.
    latin = "[2] Frank Mittelbach, Michel Goossens, Johannes Braams, David Carlisle\nand Chris Rowley.\n"
    row = "Mac OS MacTeX TeXShop\nLATEX 发行版只提供了一个 LATEX 后台处理机制。\n"
    for raw, expected in ((latin, 1), (row, 2)):
        lines = split_lines(BODY + raw)
        lines[-2].break_before = True
        lines[-3].break_before = True
        groups = group_blocks(lines, measure_profile(lines))
        assert len(groups) - 1 == expected, raw


# --- pypdf of a Word PDF: a space after each block ----------------------------------------------


def test_a_space_after_each_blocks_last_line_ends_the_block() -> None:
    # pypdf writes the space Word sets after each paragraph's and heading's text: a paragraph whose
    # last line happens to fill the measure still ends there, and a heading ends at its space.
    raw = (
        "1.1 联邦生态 \n" + FULL + "\n" + FULL + "\n" + FULL[:-1] + "。 \n"
        + FULL + "\n目标任务。 \n1.2 协议 \n" + FULL + "\n造就可信AI \n3.0。 \n"
    )  # fmt: skip
    assert measure_profile(split_lines(raw)).space_marked
    assert texts(raw) == [
        "1.1联邦生态",
        FULL + FULL + FULL[:-1] + "。",
        FULL + "目标任务。",
        "1.2协议",
        FULL + "造就可信AI3.0。",  # the space after a Latin word is the word's
    ]


def test_stray_spaces_at_line_ends_mark_nothing() -> None:
    # A space after every line, or after a line here and there, is no mark of a block's end.
    every = "".join(line + " \n" for line in BODY.splitlines())
    assert not measure_profile(split_lines(every * 3)).space_marked
    stray = BODY.replace(FULL + "\n", FULL + " \n", 1)
    assert not measure_profile(split_lines(stray * 3)).space_marked
    # Where every printed line was split at punctuation none is full, but pieces that stop after a
    # comma go on all the same: a space after each of them too marks nothing (found by fresh draws).
    pieces = [("各" * (k - 1) + "，", "各" * (31 - k)) for k in (5, 7, 9, 15, 17, 19)]
    lines = [line for n, pair in enumerate(pieces) for line in (*pair, *(["目标任务。"] if n % 2 else []))]
    profile = measure_profile(split_lines("".join(line + " \n" for line in lines)))
    assert profile.full_width == 62 and not profile.space_marked


@pytest.mark.parametrize("after_the_comma", [True, False])
def test_a_space_after_every_piece_of_printed_lines_split_at_punctuation_marks_nothing(
    after_the_comma: bool,
) -> None:
    # Where an extractor split every printed line at punctuation, few lines are full: the pieces
    # that end with a comma, or that the rest of their printed line follows (a line starting with
    # the comma), show the space after them is no block's end — no block ends there.
    printed = "各地区、各部门要坚定不移，把党中央决策部署落实好，确保如期完成各"
    first, second = (printed.index("，"), printed.rindex("，"))
    if after_the_comma:
        first, second = first + 1, second + 1
    pieces = [printed[:first], printed[first:], printed[:second], printed[second:], "目标任务。"]
    raw = "".join(piece + " \n" for piece in pieces) * 3
    assert not measure_profile(split_lines(raw)).space_marked
    assert texts(raw) == [printed * 2 + "目标任务。"] * 3


def test_a_section_number_glued_to_its_title_numbers_it_where_the_document_numbers_so() -> None:
    # pypdf drops the space between a manual's section number and its title ("1.3联邦算法"); where
    # the document numbers its sections 1.1 / 1.2.1, such a short line is a section heading too.
    raw = "1.1 联邦生态\n" + BODY + "1.3联邦算法\n" + BODY
    blocks = clean(raw).document.blocks
    assert [(b.type, b.level, b.text) for b in blocks if b.type == "heading"] == [
        ("heading", 2, "1.1 联邦生态"),
        ("heading", 2, "1.3 联邦算法"),
    ]
    # Without numbered sections, "1.3倍" or "1.3联" opening a line is a number.
    assert [b.type for b in clean(BODY + "1.3联邦算法\n" + BODY).document.blocks] == ["paragraph"] * 3


#: A full line ending a sentence, and the first line of a paragraph after it whose two curly quotes
#: are set narrow: one indent short of the measure only with each quote one unit (60 units counted).
ENDS = "各地区各部门要坚定不移把党中央决策部署落实好，确保如期完成任务。"
QUOTED_FIRST = "当然所谓“安全”也只是相对的，在模型训练阶段的安全并不能保证"


@pytest.mark.parametrize(
    ("quoted_full_line", "latin_quotes"),
    [
        ("各地区各部门要坚定不移把“党中央”决策部署落实好，确保如期完成各", True),  # 64 counted: narrow
        ("各地区各部门要坚定不移把“党中央”决策部署落实好，确保如期完", False),  # 62 counted: full-width
    ],
)
def test_curly_quotes_a_word_processor_set_narrow_count_one_unit_each(
    quoted_full_line: str, latin_quotes: bool
) -> None:
    # Word sets “ ” in its Latin face by default: the full lines holding them overrun the measure by
    # a unit a quote, and a first line holding them stops one indent short only with each counted so.
    paragraph = quoted_full_line + "\n" + FULL + "\n" + ENDS + "\n"
    raw = BODY + paragraph + QUOTED_FIRST + "\n" + FULL + "\n目标任务。\n"
    assert measure_profile(split_lines(raw)).latin_quotes is latin_quotes
    blocks = texts(raw)
    if latin_quotes:
        assert blocks[-1] == QUOTED_FIRST + FULL + "目标任务。"
    else:
        assert blocks[-1].startswith(quoted_full_line)  # a full line, 60 units: the paragraph goes on
