"""The geometric rules of the cleaner (pipeline/clean/geometry.py) on lines set by hand: each test
is one typesetting convention, named after it."""

from __future__ import annotations

from dataclasses import replace

from clean_checks import derandomized, fuzz_examples
from hypothesis import given, settings
from hypothesis import strategies as st
from pdf_lines_factory import EM, FULL, HAN_TEXT, RIGHT, made_line, set_lines, source_text, typeset

from pipeline.clean import clean
from pipeline.clean.geometry import block_breaks, footnote_lines, furniture, page_frames
from pipeline.sources.pdf_lines import PdfLine, numbers_set_apart

#: Body text that makes a page's frame measurable: three wrapped lines and a short last one.
BODY = [(2.0, FULL[2:]), (0.0, FULL), (0.0, FULL), (0.0, "最后一行较短。")]


def starts(rows: list[tuple[float, str]]) -> list[bool | None]:
    """The break decisions for the rows after the body text (which is left out of the answer)."""
    lines = set_lines(BODY + rows)
    return block_breaks(lines)[len(BODY) :]


def test_the_frame_is_the_documents_where_a_page_has_few_full_lines() -> None:
    # page 2 holds short one-line articles only: its own "right edge" would be theirs
    page1 = set_lines(BODY * 3)
    page2 = set_lines(
        [(0.0, "第一條"), (0.0, "人民有居住之自由。"), (0.0, "第二條"), (0.0, "人民有居住之自由。")] * 2,
        page=2,
    )
    frames = page_frames(page1 + page2)
    assert frames[2].right == frames[1].right == round(RIGHT)
    assert frames[2].leading == 1.5 * EM


def test_a_short_line_ends_its_block_and_a_full_one_runs_on() -> None:
    assert starts([(2.0, FULL[2:]), (0.0, "短行。"), (0.0, FULL)]) == [True, False, True]


def test_a_line_short_only_because_the_next_word_would_not_fit_runs_on() -> None:
    url = "https://example.org/a/very/long/address/of/a/page"
    short = made_line("办理地址见下列网址，网上提交地址：", indent=2, baseline=200)
    unbreakable = made_line(url, baseline=218, lead=24 * EM)  # the URL is one unit, 24 ems wide
    breakable = made_line("网上提交的材料须一并邮寄。", baseline=218)  # its first character fitted
    assert block_breaks([*set_lines(BODY), short, unbreakable])[-1] is False
    assert block_breaks([*set_lines(BODY), short, breakable])[-1] is True


def test_a_narrower_measure_runs_on_to_its_short_last_line() -> None:
    # a preamble or quotation set in from the right: lines stop short in mid-sentence
    rows = [(0.0, FULL[:24]), (0.0, FULL[:24]), (0.0, "，颁行全国。"), (0.0, FULL)]
    assert starts(rows) == [True, False, False, True]


def test_a_hanging_indent_under_the_label_after_a_marker_runs_on() -> None:
    rows = [
        (2.0, "1.窗口接收：福州市长乐区会堂路235号"),
        (8.0, "福州市长乐烟草专卖局行政服务大厅"),
        (2.0, "2.咨询电话：0591-28209927"),
    ]
    assert starts(rows) == [True, False, True]


def test_lines_under_a_line_that_ends_with_a_colon_are_lines_of_their_own() -> None:
    rows = [(0.0, "三、出席人員："), (2.0, "(理事長) 管一政"), (2.0, "(常務理事)許瑞榮")]
    assert starts(rows) == [True, True, True]


def test_a_line_back_out_from_the_run_on_lines_is_the_next_item() -> None:
    rows = [
        (0.0, "1 " + FULL[:29]),
        (2.0, FULL[:28]),
        (2.0, "得拒絕之，" + FULL[:23]),
        (0.0, "2 人民因犯罪嫌疑被逮捕拘禁時。"),
    ]
    assert starts(rows)[-1] is True


def test_a_heading_face_then_the_body_face_starts_a_block() -> None:
    heading = made_line("三、五大产业生态圈建设培育政策", indent=2, baseline=200, font="SimHei")
    body = made_line("立足新发展阶段、贯彻新发展理念", indent=2, baseline=218)
    wrapped = made_line("（由市交通运输局牵头实施）", baseline=218, font="SimHei")
    lines = set_lines(BODY)
    assert block_breaks([*lines, heading, body])[-1] is True
    assert block_breaks([*lines, made_line(FULL, font="SimHei", baseline=200), wrapped])[-1] is False


def test_a_bold_lead_after_a_sentence_starts_a_block() -> None:
    lead = ((0, "Kai", True, EM), (3, "Kai", False, EM))
    lines = [
        *set_lines(BODY),
        made_line(FULL[:29] + "？", baseline=200),
        made_line("決議: " + FULL[:26], baseline=218, runs=lead),
    ]
    assert block_breaks(lines)[-1] is True


def test_an_indented_line_after_a_full_line_in_mid_sentence_runs_on() -> None:
    rows = [(0.0, "決議: 如果學會受到邀請" + FULL[:19]), (5.0, "獻微薄之力。")]
    assert starts(rows) == [True, False]
    # a note in brackets may close a paragraph on a nearly full line: the indent then starts one
    rows = [(0.0, "（" + FULL[:28] + "）"), (2.0, FULL[2:])]  # a full line closing its note
    assert starts(rows) == [True, True]


def test_a_title_wrapped_over_centred_lines_is_one_block_and_a_signature_and_date_are_two() -> None:
    size = 22.0
    title = [
        made_line(
            "杭州市人民政府办公厅关于", indent=(30 * EM - 12 * size) / 2 / size, baseline=200, size=size
        ),
        made_line("印发若干措施的通知", indent=(30 * EM - 9 * size) / 2 / size, baseline=230, size=size),
    ]
    signature = [
        made_line("杭州市人民政府办公厅", indent=18, baseline=300),
        made_line("2025年4月30日", indent=20, baseline=318),
    ]
    decisions = block_breaks(set_lines(BODY) + title + signature)[len(BODY) :]
    assert decisions == [True, False, True, True]


def test_a_numbered_heading_centred_under_a_centred_heading_is_a_block_of_its_own() -> None:
    chapter = made_line("第一章 总则", indent=12, baseline=200, font="SimHei")
    section = made_line("第一节 一般规定", indent=11, baseline=218, font="SimHei")
    assert block_breaks([*set_lines(BODY), chapter, section])[-1] is True


def test_a_top_line_where_other_pages_begin_their_text_is_no_running_head() -> None:
    pages = [set_lines(BODY * 3, page=page, top=100.0) for page in (2, 3, 4)]
    doc_id = made_line("ZJAC01-2025-0005", indent=25, baseline=100.0)
    first = [doc_id, *set_lines(BODY * 2, top=220.0)]
    lines = [*first, *(line for page in pages for line in page)]
    assert 0 not in furniture(lines)


def test_a_footnote_follows_the_block_in_which_its_page_ends() -> None:
    referring = FULL[2:15] + "1" + FULL[15:29]  # a full line, with a note reference
    mark = referring.index("1")  # set as a superscript: a smaller run
    reference = ((0, "SimSun", False, EM), (mark, "SimSun", False, 0.6 * EM), (mark + 1, "SimSun", False, EM))
    page1 = [
        *set_lines(BODY),
        made_line(referring, indent=2, baseline=200, runs=reference),
        made_line(FULL, baseline=218),
        made_line("1脚注的正文写在页脚较小的字号里。", indent=1.5 * 9 / EM, baseline=700, size=9),
    ]
    page2 = [
        made_line(FULL, page=2, baseline=100),
        made_line("段落到这里结束。", page=2, baseline=118),
        made_line(FULL[2:], page=2, indent=2, baseline=136),
        made_line(FULL, page=2, baseline=154),
        made_line(FULL, page=2, baseline=172),
        made_line("另一段。", page=2, baseline=190),
    ]
    lines = page1 + page2
    assert footnote_lines(lines) == [len(page1) - 1]
    blocks = clean(source_text(lines), layout=lines).document.blocks
    assert [block.text for block in blocks[-3:]] == [
        referring + FULL + FULL + "段落到这里结束。",
        "1脚注的正文写在页脚较小的字号里。",
        FULL[2:] + FULL + FULL + "另一段。",
    ]
    # the footnote has its mark, and the superscript that refers to it is linked
    paragraph, note = blocks[-3], blocks[-2]
    assert (note.type, note.mark) == ("footnote", "1")
    assert [(ref.at, ref.mark) for ref in paragraph.notes] == [(mark, "1")]


def test_small_lines_at_a_page_foot_without_a_reference_are_no_footnotes() -> None:
    # the 版记 of an official document is set smaller at the foot of its last page
    lines = [*set_lines(BODY), made_line("1月6日印发的文件另行通知。", baseline=700, size=9)]
    assert footnote_lines(lines) == []


def test_the_labels_under_a_row_of_figures_are_one_caption() -> None:
    labels = [
        made_line("(a)约定架构", indent=9, baseline=300, size=10.5),
        made_line("(b)虚拟第三方", indent=20, baseline=300, size=10.5),
    ]
    fields = [
        made_line("五、主 席：管一政", baseline=300),
        made_line("記錄：劉姵汝", indent=22, baseline=300),
    ]
    assert block_breaks([*set_lines(BODY), *labels])[-1] is False
    assert block_breaks([*set_lines(BODY), *fields])[-1] is True


_BLOCK = st.one_of(
    st.tuples(st.just("paragraph"), st.text(HAN_TEXT, min_size=4, max_size=90).map(lambda t: t + "。")),
    st.tuples(st.just("heading"), st.text(HAN_TEXT, min_size=2, max_size=14)),
    st.tuples(st.just("item"), st.text(HAN_TEXT, min_size=3, max_size=70).map(lambda t: f"1.{t}；")),
)


@settings(max_examples=fuzz_examples(60, fuzz_share=0.05), deadline=None, derandomize=derandomized())
@given(st.lists(_BLOCK, min_size=3, max_size=30), st.text(HAN_TEXT, min_size=4, max_size=24))
def test_blocks_typeset_as_a_word_processor_sets_them_are_found_again(
    blocks: list[tuple[str, str]], title: str
) -> None:
    # whatever the blocks and wherever the pages break: a block starts where one was set, and no
    # line inside a block starts one (a marked line at the edge may be left to the text rules)
    lines, firsts = typeset([("title", title), *((("paragraph", "正文" + HAN_TEXT + "。"),) * 3), *blocks])
    decisions = block_breaks(lines)
    starts = set(firsts)
    for index, decision in enumerate(decisions):
        if index in starts:
            assert decision is not False, (index, lines[index].text)
        else:
            assert decision is not True, (index, lines[index].text)


# --- Conventions our own PDFs showed (tests/test_pdf_roundtrip.py) -------------------------------


def _set_apart(text: str, number: int, gap: float, *, indent: float, baseline: float) -> PdfLine:
    """A line whose first `number` characters stand `gap` ems apart from the text after them, drawn
    without a space glyph (a marker hung in a box)."""
    line = made_line(text, indent=indent, baseline=baseline)
    starts = tuple(x + (gap * EM if index >= number else 0.0) for index, x in enumerate(line.starts))
    return replace(line, starts=starts, x1=line.x1 + gap * EM)


def test_a_law_s_number_set_apart_by_a_gap_alone_reads_with_a_space() -> None:
    paragraph = _set_apart(
        "1人民身體之自由應予保障。除現行犯之逮捕由法律另定外，", 1, 0.25, indent=0, baseline=100
    )
    run_on = made_line("非經司法或警察機關依法定程序，不得逮捕拘禁。", indent=0.75, baseline=118)
    items = [
        _set_apart("一每縣市及其同等區域各選出代表一人。", 1, 0.25, indent=0, baseline=136),
        _set_apart("二蒙古選出代表，每盟四人。", 1, 0.25, indent=0, baseline=154),
        made_line("二十四小時內移送該管法院審問。", baseline=172),  # no gap: a number in the text
    ]
    texts = [line.text for line in numbers_set_apart([paragraph, run_on, *items])]
    assert [text[:3] for text in texts] == ["1 人", "非經司", "一 每", "二 蒙", "二十四"]
    # a digit's gap with no hanging indent under its text may be Han–Latin spacing: no space
    month = _set_apart("12月起實施，並報中央備查。", 2, 0.25, indent=0, baseline=190)
    assert numbers_set_apart([paragraph, run_on, month])[2].text == month.text


def test_an_item_s_lead_sentence_ends_its_block_before_the_next_item_under_its_text() -> None:
    rows = [
        (2.0, "（一）學會年會規劃事宜及籌備"),
        (5.0, "情形。"),
        (5.0, "報告：（1）年會線上註冊已於1月17日上線。"),
    ]
    assert starts(rows) == [True, False, True]


def test_a_block_that_reached_the_full_measure_is_no_narrower_measure() -> None:
    rows = [
        (8.0, "（理事）王祥宇、林俐暉、張祥光、陳林文、黃崇源、賴"),
        (8.0, "詩萍（請假）"),
        (8.0, "（監事）周翊、秦一男"),
    ]
    assert starts(rows) == [True, False, True]


def test_a_full_indented_first_line_ending_its_sentence_then_an_indented_line_starts_a_block() -> None:
    rows = [(2.0, "•免費" + FULL[5:28] + "。"), (2.0, "相應地，" + FULL[6:]), (0.0, "最後一行。")]
    assert starts(rows) == [True, True, False]


def test_a_running_head_that_repeats_the_title_is_furniture_on_a_two_page_document() -> None:
    title = made_line("關於推動經濟高質量發展的通知", indent=8, baseline=80, size=1.5 * EM)
    head = made_line("關於推動經濟高質量發展的通知", page=2, indent=10, baseline=50, size=0.7 * EM)
    first = [title, *set_lines(BODY * 2, top=130.0)]
    second = [head, *set_lines(BODY * 2, page=2, top=100.0)]
    found = furniture([*first, *second])
    assert found.get(len(first)) == "running-header" and 0 not in found
