"""Unit tests for the block boundary and block type rules, each named after the convention it follows:
numbering systems (GB/T 9704, laws, books), lists, minutes, captions."""

from __future__ import annotations

import datetime

import pytest
from clean_checks import derandomized, unaccounted
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.clean import clean
from pipeline.clean.columns import restore_rows
from pipeline.clean.header import row_continuations
from pipeline.clean.labels import meeting_items
from pipeline.clean.lines import Line, measure_profile, split_lines
from pipeline.clean.markers import is_marker_only, line_marker, marker_kind, settle_marker
from pipeline.clean.notes import is_reference
from pipeline.clean.paragraphs import group_blocks, mark_numbered_paragraphs
from pipeline.clean.parts import PATTERNS, is_part
from pipeline.clean.report import CleanReport
from pipeline.clean.structure import Draft, classify
from pipeline.document import Block


def typed(text: str) -> list[tuple[str, int | str | None, str]]:
    """(type, level or role, text without spaces) of every block the cleaner makes of `text` (which
    spaces an extractor's text keeps is the spacing pass's business, not these rules')."""
    return [(b.type, b.level or b.role, "".join(b.text.split())) for b in clean(text).document.blocks]


def kinds(text: str) -> list[tuple[str, int | str | None]]:
    return [(b.type, b.level or b.role) for b in clean(text).document.blocks]


#: A line that fills a 62-unit measure; three of them make a text hard-wrapped at that width.
FULL = "各地区各部门要坚定不移把党中央决策部署落实好，确保如期完成各项"
#: A paragraph of three full lines and a short one: the text it is in is wrapped at FULL's width.
BODY = FULL + "\n" + FULL + "\n" + FULL + "\n目标任务。\n"


def after_body(text: str) -> list[tuple[str, int | str | None]]:
    """The kinds of the blocks of `text` set after BODY (which shows the cleaner the measure)."""
    result = kinds(BODY + text)
    assert result[0] == ("paragraph", None)
    return result[1:]


# --- markers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("第 一 章 總綱", "chapter"),  # law databases letter-space the unit's number
        ("第二节 国防", "section"),
        ("第 1 條", "article"),
        ("第五条　公民享有…", "article"),
        ("第一编 总则", "part"),
        ("壹、主席報告：", "formal"),
        ("1.1 历史回顾", "decimal"),
        ("1.2.1基础架构约定", "decimal"),
        ("1.1", "decimal"),
        ("1.5 万元以上", None),  # a number and its unit, spaced by an extractor
        ("1.2014年11月21日召开", "arabic"),  # an item that opens with a year
        ("1.2014 年 11 月", "arabic"),
        ("1.5年内完成", None),  # a number of years
        ("3.4。", None),
        ("1) 应用协议", "arabic_paren"),
        ("a)学生参加", "latin"),
        ("(b)虚拟第三方", "latin"),
        ("① 项目", "circled"),
        ("[1] Tobias Oetiker", "bracketed"),
        ("• 高质量", "bullet"),
        ("– 一项", "bullet"),
        ("— 杨慎《临江仙》", None),  # an attribution's dash is no bullet
        ("-1.5%", None),
        ("第三方支付", None),
    ],
)
def test_marker_kinds_of_every_numbering_system(text: str, kind: str | None) -> None:
    assert marker_kind(text) == kind


def test_a_letter_spaced_number_is_still_a_marker() -> None:
    assert line_marker("1 1 .利 用 自 动 售 货 机") == "arabic"
    assert line_marker("1 .《 中 华 人 民 共 和 国") == "arabic"
    assert line_marker("1 2 万元 以 上") is None


@pytest.mark.parametrize(
    ("text", "alone"),
    [
        ("1.", True),
        ("（三）", True),
        ("1.1", True),
        ("•", True),
        ("第 1 條", False),
        ("1.加强", False),
        ("1 1 .利 用", False),  # letter-spaced: a marker, text after it
        ("", False),
    ],
)
def test_a_marker_alone(text: str, alone: bool) -> None:
    assert is_marker_only(text) is alone
    # A source line knows it of itself, from the match that found its marker.
    assert Line(1, text).marker_only is alone


# --- boundaries --------------------------------------------------------------------------------


def test_a_marker_the_extractor_set_on_a_line_of_its_own_joins_its_text() -> None:
    # pdftotext writes a list number apart from its item ("1.\n《中华人民共和国…》").
    raw = "三、审批依据\n1.\n《中华人民共和国烟草专卖法》第三条：国家对烟草专卖品依法实行专卖管理。\n2.\n有与住所相独立的固定经营场所；\n"
    assert [text for _, _, text in typed(BODY + raw)][1:] == [
        "三、审批依据",
        "1.《中华人民共和国烟草专卖法》第三条：国家对烟草专卖品依法实行专卖管理。",
        "2.有与住所相独立的固定经营场所；",
    ]


def test_a_marker_split_before_its_closing_bracket_still_numbers_its_item() -> None:
    # pdftotext -raw writes "（1" / "）申请表…": the marker is the line's and the next line's first
    # character together; the items after the colon are a list (real corpus: changle, -raw).
    raw = (
        "申请新办、变更、延续零售许可证，应当提交下列材料：\n（1\n）申请表：由烟草专卖局提供格式文本，申请时应提交\n"
        "原件；\n（2\n）个体工商户经营者、法定代表人或企业负责人的身份\n证明信息。\n"
    )
    body = FULL[:25] + "\n" + FULL[:25] + "\n目标任务。\n"  # a measure of 50 units, as the lines'
    assert typed(body + raw)[1:] == [
        ("paragraph", None, "申请新办、变更、延续零售许可证，应当提交下列材料："),
        ("list_item", 1, "（1）申请表：由烟草专卖局提供格式文本，申请时应提交原件；"),
        ("list_item", 1, "（2）个体工商户经营者、法定代表人或企业负责人的身份证明信息。"),
    ]


def test_a_note_closing_a_sentence_in_any_bracket_ends_the_paragraph() -> None:
    # Lead agencies are noted in （）, 〔〕 or [] after the sentence; the next item starts a block.
    for note in ("〔责任单位：财政厅〕", "[市体育局、市教育局]", "【牵头单位：市委】"):
        raw = (
            FULL + "\n" + FULL + "\n" + FULL + "\n按规定落实。" + note + "\n（二）做大做强足球协会。\n" + BODY
        )
        assert any(text == "（二）做大做强足球协会。" for _, _, text in typed(raw)), note


def test_a_numbered_paragraph_whose_first_line_has_no_punctuation_runs_on() -> None:
    first = "（一）为规范学院优秀应届本科毕业生免试攻读研究生推荐工作程序和"  # fills the measure
    raw = BODY + first + "\n根据学校有关规定，结合学院实际情况，制定本细则。\n" + BODY
    assert ("paragraph", None, first + "根据学校有关规定，结合学院实际情况，制定本细则。") in typed(raw)


def test_a_heading_that_just_fills_its_line_before_a_full_line_ends() -> None:
    heading = "三、五大产业生态圈建设培育和招商引资政策（由市经信局牵头实施）"  # closes at the measure
    raw = BODY + heading + "\n" + FULL + "\n" + FULL + "\n目标任务。\n"
    assert ("heading", 1, heading) in typed(raw)


def test_a_list_run_into_its_paragraph_stays_in_it() -> None:
    # The colon ends a full printed line and the items run on in the text: one paragraph.
    items = "（一）加强组织领导；（二）完善工作制度；（三）强化监督检查工作；"  # a full line
    raw = BODY + FULL[:-3] + "包括：\n" + items + "\n（四）做好宣传引导。\n" + BODY
    assert ("paragraph", None, FULL[:-3] + "包括：" + items + "（四）做好宣传引导。") in typed(raw)


def test_a_piece_whose_closing_mark_would_not_fit_the_line_before_starts_the_next_line() -> None:
    # "33号" (4 units) fits after the 52 units of "…〔2002〕", but the "、" that opens the line after
    # it cannot start a printed line: it shares "33号"'s line, and with it the rest of its piece, which
    # the line before has no room for. So "33号" starts a printed line, and that line, short after
    # its full stop, ends the paragraph (found by fresh draws of manuals).
    raw = (
        FULL + "\n各地区各部门要坚定不移把党中央决策部署落实好〔2002〕\n33号\n、对因疫和工作用电难。\n"
        "要开展稳步提对退出受影响性艰巨具体如下\n，具体如下，现\n列明：\n"
    )
    assert [text for _, _, text in typed(BODY + raw)][1:] == [
        FULL + "各地区各部门要坚定不移把党中央决策部署落实好〔2002〕33号、对因疫和工作用电难。",
        "要开展稳步提对退出受影响性艰巨具体如下，具体如下，现列明：",
    ]


# --- official documents (GB/T 9704 §7.3.3) ---------------------------------------------------


def test_headings_set_as_one_short_sentence_are_headings_where_all_are() -> None:
    # A document that sets its （一） headings as short sentences on lines of their own.
    raw = (
        "一、完善管理体制\n（一）加强组织领导。\n各单位要高度重视，认真组织实施。\n"
        "（二）做大做强协会。\n各单位要高度重视，认真组织实施。\n"
    )
    assert after_body(raw) == [
        ("heading", 1),
        ("heading", 2),
        ("paragraph", None),
        ("heading", 2),
        ("paragraph", None),
    ]


def test_a_run_in_lead_stays_a_paragraph_and_items_after_a_colon_are_a_list() -> None:
    raw = (
        "一、总则\n（一）加大支持力度。对符合条件的企业给予补助，具体标准另行制定。\n"
        "（二）有下列情形之一的，不予受理：\n1.材料不齐全的；\n2.超过期限的。\n"
    )
    assert after_body(raw) == [
        ("heading", 1),
        ("paragraph", None),
        ("paragraph", None),
        ("list_item", 1),
        ("list_item", 1),
    ]


def test_a_list_inside_a_list_item_is_one_level_deeper() -> None:
    raw = (
        "1.科研能力的评价指标包含：\na)在核心期刊上发表文章的情况；\n"
        "b)参加学术会议的情况。\n2.科研能力评分的评定原则：\n"
    )
    assert after_body(raw) == [("list_item", 1), ("list_item", 2), ("list_item", 2), ("list_item", 1)]


def test_numbered_lines_side_by_side_are_a_list_not_headings() -> None:
    raw = "一、监督投诉渠道\n1.现场设置举报投诉箱\n2.监督投诉电话\n3.监督投诉邮箱\n"
    assert after_body(raw) == [("heading", 1)] + [("list_item", 1)] * 3


# --- laws (第X章 / 第X节 / 第X条, numbered 项 and 款) ----------------------------------------


LAW = (
    "法規名稱：某某法\n"
    "第 一 章 總綱\n第 1 條\n中華民國基於三民主義，為民有民治民享之民主共和國。\n"
    "第 2 條\n1   國民大會之職權如左：\n一　選舉總統、副總統。\n二　修改憲法。\n"
    "2   關於創制複決兩權，以法律定之。\n"
    "第 二 章 人民之權利義務\n第 一 節 省\n第 3 條\n"
    "一　公務人員任用資格。\n二　專門職業及技術人員執業資格。\n"
)


def test_a_law_has_chapters_sections_and_articles_at_fixed_levels() -> None:
    headings = [(level, text) for kind, level, text in typed(LAW) if kind == "heading"]
    assert headings == [
        (1, "第一章總綱"),
        (3, "第1條"),
        (3, "第2條"),
        (1, "第二章人民之權利義務"),
        (2, "第一節省"),
        (3, "第3條"),
    ]


def test_a_law_numbers_paragraphs_and_items_as_lists() -> None:
    items = [(level, text[:2]) for kind, level, text in typed(LAW) if kind == "list_item"]
    # 项 1 and 2 of article 2 with its 款 一 二 inside 项 1; article 3's 款 without 项 stand at level 1.
    assert items == [(1, "1國"), (2, "一選"), (2, "二修"), (1, "2關"), (1, "一公"), (1, "二專")]


def test_a_number_alone_in_a_law_joins_its_paragraph() -> None:
    # pdftotext sets a law's paragraph numbers apart ("1\n\n人民…"); the paragraph pass joins them
    # (the lines as the furniture pass leaves them: whether a bare number is a folio is its business).
    raw = (
        "第 1 條\n中華民國基於三民主義，為民有民治民享之民主共和國。\n第 2 條\n中華民國之主權屬於國民全體。\n"
        "第 8 條\n1\n\n人民身體之自由應予保障。\n\n2\n\n人民因犯罪嫌疑被逮捕拘禁時，應以書面告知。\n"
    )
    lines = split_lines(raw)
    mark_numbered_paragraphs(lines)
    groups = [" ".join(line.body for line in group) for group in group_blocks(lines, measure_profile(lines))]
    assert groups[-2:] == ["1 人民身體之自由應予保障。", "2 人民因犯罪嫌疑被逮捕拘禁時，應以書面告知。"]


def test_a_document_number_wrapped_after_its_year_numbers_no_paragraph_of_a_law() -> None:
    # "〔2014〕" / "44 号…": a document number (GB/T 9704: the year in 〔〕, then the number)
    # wrapped after its year and spaced out by justification is no paragraph 44 (found by fresh
    # draws of laws); a bare number after a sentence still numbers its paragraph.
    raw = "第一条有序返〔2014〕\n44 号建立防。\n第二条持座谈。\n第三条学习领。\n1 人民身體之自由。\n2 人民之權利。\n"
    lines = split_lines(raw)
    mark_numbered_paragraphs(lines)
    assert [line.marker for line in lines if line.body[:1].isdigit()] == [None, "bare_arabic", "bare_arabic"]


def test_a_first_number_with_no_second_in_its_article_numbers_no_paragraph() -> None:
    # 《立法技术规范》: an article numbers its paragraphs (items) only where it has several, so a
    # bare 1 (一) with no 2 (二) after it in its article is a number its sentence opens with, spaced
    # out by an extractor ("1 万元…"; found by fresh draws of laws).
    raw = (
        "第一条\n1 万元用于奖励。\n第二条\n1 人民之自由。\n2 人民之权利。\n"
        "第三条\n一 个人承担。\n第四条\n区分如左：\n一 选举。\n二 罢免。\n"
    )
    lines = split_lines(raw)
    mark_numbered_paragraphs(lines)
    numbered = [line.body[:1] for line in lines if line.marker in ("bare_arabic", "bare_cn")]
    assert numbered == ["1", "2", "一", "二"]


def test_a_numeral_in_a_letter_spaced_line_numbers_nothing() -> None:
    # A justified line an extractor wrote letter-spaced ("一 个 国 会 议…") opens with a numeral set
    # apart as its every character is: no number of a law's item (found by fresh draws of laws).
    raw = "第一条\n甲。\n第二条\n乙。\n第三条\n一 个 国 会 议 的 ， 产 销 对 坚 决 克\n服。\n一 甲。\n二 一 丙。\n"
    lines = split_lines(raw)
    mark_numbered_paragraphs(lines)
    assert [line.marker for line in lines if line.body[:1] in ("一", "二")] == [None, "bare_cn", "bare_cn"]


def test_a_number_that_would_begin_an_articles_count_elsewhere_than_one_is_a_quantity() -> None:
    # An article counts its paragraphs from 1 and its items from 一: "2 亿元" under an article, no
    # paragraph 1 before it, is an amount spaced out by the extractor (found by fresh draws of
    # laws); the count goes on from 1, and starts again in each article.
    raw = (
        "第一条\n2 亿元，详见附件。\n第二条\n1 人民身體之自由。\n2 人民因犯罪嫌疑被逮捕。\n"
        "一 每縣市選出代表一人。\n二 修改憲法。\n第三条\n三 区三州完成核查。\n"
    )
    lines = split_lines(raw)
    mark_numbered_paragraphs(lines)
    assert [line.marker for line in lines if line.body[:1] and line.body[0] in "12一二三"] == [
        None,
        "bare_arabic",
        "bare_arabic",
        "bare_cn",
        "bare_cn",
        None,
    ]


def test_a_dated_field_under_a_laws_title_is_its_date_not_the_titles_second_line() -> None:
    raw = "法規名稱：中華民國憲法\n公布日期：民國 36 年 01 月 01 日\n\n中華民國國民大會受全體國民之付託，制定本憲法。\n"
    result = clean(raw)
    assert typed(raw)[:2] == [
        ("title", None, "法規名稱：中華民國憲法"),
        ("meta", "date", "公布日期：民國36年01月01日"),
    ]
    assert result.document.date == datetime.date(1947, 1, 1)


def test_a_run_in_article_is_a_paragraph() -> None:
    raw = "第一章 总则\n第一条　为了规范管理，制定本条例。\n第二条　本条例适用于本市。\n第三条　各级政府负责实施。\n"
    assert after_body(raw) == [("heading", 1), ("paragraph", None), ("paragraph", None), ("paragraph", None)]


def test_a_run_in_article_stopped_short_by_a_bracket_opening_the_next_line_runs_on() -> None:
    # The article's first line (50 units, indented 4 as a paragraph's: 《立法技术规范》) could not
    # take "〔２００５" (10 units, an opening mark goes down with what it opens) on a 62-unit measure:
    # its text runs on after the blank line pdftotext wrote, it is no heading (found by fresh draws
    # of the structure properties: laws).
    first = "第四条各地区各部门要坚定不移把党中央决策部署落实好"
    raw = (
        "第三条为了加强管理，制定本办法。\n"
        + first
        + "\n\n〔２００５〕５１号文件要求，确保如期完成各项目标任务。\n"
    )
    assert typed(BODY + raw)[2:] == [
        ("paragraph", None, first + "〔2005〕51号文件要求，确保如期完成各项目标任务。")
    ]


def test_a_numbered_line_ending_with_an_enumeration_comma_is_no_heading() -> None:
    # "、" ends no sentence and no heading: the article's first line goes on in the next (here the
    # rest of its printed line, split after the comma as WPS kerning makes pdftotext do).
    raw = "第三条为了加强管理，制定本办法。\n第五条各地区各部门要坚定不移、\n把党中央决策部署落实好。\n"
    assert typed(BODY + raw)[2:] == [
        ("paragraph", None, "第五条各地区各部门要坚定不移、把党中央决策部署落实好。")
    ]


def test_a_first_line_split_at_an_opening_mark_and_stopped_short_by_a_latin_word_is_one_line() -> None:
    # Kerning split the printed line before 《; it stopped short because "blockchain" would not fit:
    # no title's line, whatever stands before it (found by fresh draws of manuals: after code).
    raw = (
        "$ pip install tool\n面脱贫云南怒\n《建立长要加强建档立》结合实，作力度加大易们\n"
        "blockchain加大易们致以，汪洋主，一个国骤减或。\n"
    )
    assert typed(BODY + raw)[1:] == [
        ("preformatted", None, "$pipinstalltool"),
        (
            "paragraph",
            None,
            "面脱贫云南怒《建立长要加强建档立》结合实，作力度加大易们blockchain加大易们致以，汪洋主，一个国骤减或。",
        ),
    ]


def test_an_articles_first_line_stopped_short_runs_on_into_its_text() -> None:
    # An article that stands as a heading is its number alone ("第 1 條"); words after the number
    # open its first paragraph (《立法技术规范》), which runs on where its line stops short without
    # a sentence's end — split at a closing mark by kerning, or inside a quotation (found by fresh
    # draws of laws). A bare number standing alone is still a heading.
    raw = (
        "第三条为了加强管理，制定本办法。\n"
        "第四条各部门要把《党中央决策部署》\n落实好，确保如期完成。\n"
        "第五条各部门：“要把党中央\n“决策部署”\n落实好，确保如期完成。”\n"
        "第六条\n各部门要执行。\n"
    )
    assert typed(BODY + raw)[1:] == [
        ("paragraph", None, "第三条为了加强管理，制定本办法。"),
        ("paragraph", None, "第四条各部门要把《党中央决策部署》落实好，确保如期完成。"),
        ("paragraph", None, "第五条各部门：“要把党中央“决策部署”落实好，确保如期完成。”"),
        ("heading", 3, "第六条"),
        ("paragraph", None, "各部门要执行。"),
    ]


def test_a_laws_item_whose_text_opens_with_a_numeral_keeps_its_number() -> None:
    # Items 一 二 三 of an article, set apart from their text by a space: "一 一个…" is item 一 whose
    # text opens with 一, not item 一一 (found by fresh draws of the structure properties: laws).
    raw = (
        "某某管理办法\n第一章 总则\n第一条\n有关部门应当做好下列工作：\n"
        "一 一个月内完成“统筹推进困难群众”登记；\n二 三区三州完成基层物流体系核查；\n三 坚持到底。\n"
        "第二条\n各地区要落实，确保完成。\n第三条\n各部门要执行。\n"
    )
    items = [block.text for block in clean(raw).document.blocks if block.type == "list_item"]
    assert items == [
        "一 一个月内完成“统筹推进困难群众”登记；",
        "二 三区三州完成基层物流体系核查；",
        "三 坚持到底。",
    ]


# --- books and manuals (1 / 1.1 / 1.1.1) ------------------------------------------------------


def test_decimal_section_numbers_give_the_level() -> None:
    raw = (
        "1.引言\n"
        + BODY
        + "1.1 联邦生态\n"
        + BODY
        + "1.2.1 基础架构约定\n"
        + BODY
        + "图1.1 联邦生态构建\n"
        + BODY
    )
    assert kinds(raw) == [
        ("heading", 1),
        ("paragraph", None),
        ("heading", 2),
        ("paragraph", None),
        ("heading", 3),
        ("paragraph", None),
        ("caption", None),
        ("paragraph", None),
    ]


@pytest.mark.parametrize("row", ["13.38 867.45 501.61", "一、2024"])
def test_a_number_followed_by_figures_alone_is_no_heading(row: str) -> None:
    # A table's row of figures, read out of its table: a heading's title holds a word.
    assert "heading" not in [kind for kind, _ in after_body(row + "\n" + BODY)]


def test_a_chapter_heads_the_decimal_sections_of_a_book() -> None:
    raw = "第一章 简介\n" + BODY + "1.1 历史回顾\n" + BODY
    assert kinds(raw) == [("heading", 1), ("paragraph", None), ("heading", 2), ("paragraph", None)]


@pytest.mark.parametrize("bullet", ["•", "–", "▪"])
def test_bulleted_lines_are_list_items(bullet: str) -> None:
    raw = f"它有如下优点：\n{bullet} 高质量 版面看起来更专业。\n{bullet} 结构化 结构清晰。\n" + BODY
    assert after_body(raw) == [("paragraph", None), ("list_item", 1), ("list_item", 1), ("paragraph", None)]


@pytest.mark.parametrize("bullet", ["–", "-", "*"])
def test_a_bullet_that_needs_a_blank_keeps_it_and_reads_back(bullet: str) -> None:
    # "–主服务器" is a dash before a word, "– 主服务器" an item: the cleaned text must read back.
    blocks = clean(BODY + f"设定如下：\n{bullet} 主服务器\n{bullet} 工作站\n" + BODY).document.blocks
    assert [b.text for b in blocks if b.type == "list_item"] == [f"{bullet} 主服务器", f"{bullet} 工作站"]
    again = clean("\n\n".join(b.text for b in blocks)).document.blocks
    assert [(b.type, b.level, b.text) for b in again] == [(b.type, b.level, b.text) for b in blocks]


@pytest.mark.parametrize("inner", ["–", "∗", "◦"])
def test_bullets_of_another_glyph_under_an_item_are_its_list_one_level_deeper(inner: str) -> None:
    # LaTeX's itemize sets • – ∗ by level, Word and HTML ● ○ ▪: the glyph changes with the level.
    raw = (
        f"安装时选择一种设定：\n• 选择语言。\n• 从以下列表中选择各设定：\n{inner} 主服务器\n"
        f"{inner} 工作站\n• 等待安装完成。\n" + BODY
    )
    assert after_body(raw) == [
        ("paragraph", None),
        ("list_item", 1),
        ("list_item", 1),
        ("list_item", 2),
        ("list_item", 2),
        ("list_item", 1),
        ("paragraph", None),
    ]


@pytest.mark.parametrize(
    "caption", ["图1.1 联邦生态构建", "表1.1：发行版与编辑器", "图 3 系统结构", "Figure 2 Overview"]
)
def test_captions(caption: str) -> None:
    assert typed(BODY + caption + "\n" + BODY)[1] == ("caption", None, "".join(caption.split()))


def test_a_caption_takes_no_sentence_that_happens_to_fill_its_printed_line() -> None:
    # The caption (13 units) and the paragraph under it (48) fill a 62-unit measure between them,
    # but a caption holds no sentence: the paragraph's line is its own (found by fresh draws).
    caption, text = "图6.1产业分布", "“地和输”我们在级精准，继续坚持，各级党委抓好落实。"
    assert typed(BODY + caption + "\n" + text + "\n" + BODY)[1:3] == [
        ("caption", None, caption),
        ("paragraph", None, text),
    ]


def test_a_sentence_that_starts_with_a_figure_number_is_no_caption() -> None:
    assert after_body("图1显示了系统的结构。\n") == [("paragraph", None)]


# --- minutes ----------------------------------------------------------------------------------


MINUTES = (
    "某某学会第8次理监事会议会议纪录\n"
    "一、时 间：2013年01月19日 (星期六) 14：00\n"
    "二、地 点：台北市文山区汀州路四段88号\n"
    "三、出席人员姓名：\n"
    "(理事长) 管一政\n"
    "(理事) 王祥宇、林俐晖\n"
    "四、主 席：管一政\n"
    "壹、主席报告：\n"
    "(1) 学会目前经费结余为新台币646,504元，较前次会议时之结余减少。\n"
    "(2) 团体会员计有下列各大学及研究机构共两位成员：\n"
    "1. 文化大学物理系\n"
    "2. 国立中央大学天文研究所\n"
    "贰、讨论事项：\n"
    "(一) 学会年会规划事宜及筹备情形。\n"
    "决议：(1) 大会海报请陈理事负责。\n"
    "(2) 第二次大会通告预定于2月20日发出。\n"
    "散会：16:00。\n"
)


def test_the_header_of_minutes_is_meeting_meta() -> None:
    assert kinds(MINUTES)[:7] == [("title", None)] + [("meta", "meeting")] * 6
    assert kinds(MINUTES)[-1] == ("meta", "meeting")


def test_the_body_of_minutes_numbers_its_headings_and_lists() -> None:
    assert kinds(MINUTES)[7:-1] == [
        ("heading", 1),
        ("list_item", 1),
        ("list_item", 1),
        ("list_item", 2),
        ("list_item", 2),
        ("heading", 1),
        ("list_item", 1),
        ("list_item", 2),
        ("list_item", 2),
    ]


def test_a_line_opening_with_a_meeting_label_in_the_body_is_prose() -> None:
    """A minutes' header stands under the title; once the body has begun, a line that opens with a
    label's word ("主持会…：", "时间紧…：") is a sentence of a report or manual, standing alone or
    wrapped from the line above (found by fresh draws of the structure properties)."""
    assert after_body("主持会加大力度：确保如期完成各项目标任务。\n时间紧任务重：要把决策部署落实好。\n") == [
        ("paragraph", None),
        ("paragraph", None),
    ]
    assert after_body(FULL + "\n时间紧任务重：要把党中央决策部署落实好。\n") == [("paragraph", None)]


def test_block_levels_are_valid() -> None:
    for block in clean(LAW + MINUTES).document.blocks:
        assert isinstance(block, Block)


@pytest.mark.parametrize(
    ("text", "kind", "settled"),
    [
        ("1 .《中华人民共和国", "arabic", "1.《中华人民共和国"),
        ("1 1 .利用自动售货机", "arabic", "11.利用自动售货机"),
        ("1.1联邦生态", "decimal", "1.1 联邦生态"),
        ("1人民身體之自由", "bare_arabic", "1 人民身體之自由"),
        ("一\u3000選舉總統", "bare_cn", "一\u3000選舉總統"),
    ],
)
def test_a_marker_is_settled_so_that_the_text_reads_back_the_same(text: str, kind: str, settled: str) -> None:
    assert settle_marker(text, kind) == settled
    assert "".join(settled.split()) == "".join(text.split())  # only spaces change


def test_the_header_of_minutes_sets_one_item_a_line() -> None:
    # The header under the title, as minutes set it; the paragraph after it shows the measure.
    header = "一、時 間：2013年01月19日\n三、出席人員姓名：\n(理事長)   管一政\n(常務理事)  許瑞榮、曾耀寰\n(監事)   周 翊、秦一男\n"
    raw = "某某學會理監事會議紀錄\n" + header + "壹、主席報告：\n" + BODY
    assert kinds(raw) == [("title", None)] + [("meta", "meeting")] * 5 + [("heading", 1), ("paragraph", None)]


#: The chairman's report opening the body of minutes: its first item wraps over five hard lines.
MINUTES_REPORT = (
    "壹、主席报告：\n"
    "(1) 学会目前经费结余为新台币646,504元，较前次会议时之结余减少贰万贰仟余元，主\n"
    "要支出用于上次和此次理监事会议之出席费、交通费及茶点费，和2012年年会购\n"
    "买相关文具用品之尾款、2013年寄送会员天文馆学报及星象手册所需牛皮纸袋、\n"
    "标签纸之开销等；主要收入为台北市立天文馆、中研院天文所缴交之团体会员\n"
    "会费。\n"
)

#: A minutes' header as plain pdftotext writes it: the letter-spaced labels' halves, the role labels
#: and the values far to their right come out as text blocks of their own, a blank line after each.
MINUTES_HEADER_CELLS = (
    "某某学会第8次理监事会议会议纪录\n"
    "一、时\n\n间：2013年01月19日 (星期六) 14：00\n\n"
    "二、地\n\n点：台北市文山区汀州路四段88号\n\n"
    "三、出席人员姓名：\n(理事长)\n\n管一政\n\n"
    "四、列席人员：\n\n吕圣元(秘书长；请假)\n\n"
    "五、主\n\n管一政\n\n席：\n\n记录：刘姵汝\n\n" + MINUTES_REPORT
)


def test_a_header_row_pdftotext_wrote_as_blocks_is_one_line_again() -> None:
    assert [(b.type, b.role, b.text) for b in clean(MINUTES_HEADER_CELLS).document.blocks][1:7] == [
        ("meta", "meeting", "一、时间：2013年01月19日（星期六）14：00"),
        ("meta", "meeting", "二、地点：台北市文山区汀州路四段88号"),
        ("meta", "meeting", "三、出席人员姓名："),
        ("meta", "meeting", "（理事长）管一政"),
        ("meta", "meeting", "四、列席人员：吕圣元（秘书长；请假）"),
        # The value pdftotext read between the label's halves goes back after them (columns.py).
        ("meta", "meeting", "五、主席：管一政"),
    ]
    assert kinds(MINUTES_HEADER_CELLS)[7:] == [("meta", "meeting"), ("heading", 1), ("list_item", 1)]


@pytest.mark.parametrize(
    "raw",
    [
        "三、出席人员：\n张三、李四\n王五、赵六\n",  # names under the label, in its column: no blank line
        "四、列席人员：\n\n吕圣元\n许瑞荣\n\n",  # a block of two lines is a column, not one cell
        "(理事长)\n\n管一政\n\n",  # a role label outside a minutes' header
        "一、时\n\n序进入冬季\n",  # a heading's one character and no label's second half
    ],
)
def test_lines_that_are_no_cells_of_one_header_row_stay_apart(raw: str) -> None:
    assert not row_continuations(split_lines(raw))


#: A list and an attendees' table set as tables, as plain pdftotext writes them: a column at a time.
COLUMNS = (
    "某某学会第8次理监事会议会议纪录\n"
    "一、时间：2013年01月19日\n"
    "二、出席人员姓名：\n(理事长)\n\n管一政\n\n"
    "(常务理事)\n(理事)\n(监事)\n\n许瑞荣、曾耀寰\n王祥宇、林俐晖(请假)\n周 翊、秦一男\n\n"
    + MINUTES_REPORT
    + "(2) 团体会员计有下列各大学及研究机构共四位成员：\n"
    "1. 文化大学 物理系\n2.\n3.\n4.\n\n"
    "国立台湾师范大学 地球科学系\n国立中央大学 天文研究所\n国立清华大学 物理系\n\n"
)


def test_cells_pdftotext_read_a_column_at_a_time_go_back_onto_their_rows() -> None:
    result = clean(COLUMNS)
    texts = [block.text for block in result.document.blocks]
    assert texts[4:7] == [
        "（常务理事）许瑞荣、曾耀寰",
        "（理事）王祥宇、林俐晖（请假）",
        "（监事）周 翊、秦一男",
    ]
    assert texts[-4:] == [
        "1.文化大学 物理系",
        "2.国立台湾师范大学 地球科学系",
        "3.国立中央大学 天文研究所",
        "4.国立清华大学 物理系",
    ]
    moves = [(f.code, f.line) for f in result.report.findings if f.code.startswith("column-")]
    assert ("column-read", 12) in moves and ("column-row", 8) in moves  # 许瑞荣… left line 12 for line 8
    assert unaccounted(COLUMNS, result) == {}


@pytest.mark.parametrize(
    "raw",
    [
        "1. 甲\n2.\n3.\n\n乙\n丙\n丁\n\n",  # three texts for two numbers: no table of this shape
        "1. 甲\n2.\n3.\n乙\n丙\n\n",  # no blank line between the columns: the texts go on the numbers
        "1. 甲\n2.\n4.\n\n乙\n丙\n\n",  # numbers that do not count on
        "(理事长)\n(理事)\n\n管一政\n王祥宇\n\n",  # role labels outside a minutes' header
    ],
)
def test_lines_that_are_no_columns_of_a_table_stay_where_they_are(raw: str) -> None:
    report = CleanReport()
    assert [line.text for line in restore_rows(split_lines(raw), report)] == raw.split("\n")
    assert not report.findings


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("五、主 席：管一政      記錄：劉姵汝", ["五、主 席：管一政", "記錄：劉姵汝"]),
        ("主持：张三 记录：李四", ["主持：张三", "记录：李四"]),
        ("一、时 间：2013年01月19日 (星期六) 14：00", ["一、时 间：2013年01月19日 (星期六) 14：00"]),
        ("出席： 记录：李四", ["出席： 记录：李四"]),  # no value before the second label: one item
        ("王五 请假：病假", ["王五 请假：病假"]),  # no header label first
    ],
)
def test_two_header_items_on_one_printed_line_are_two_blocks(text: str, items: list[str]) -> None:
    assert meeting_items(text) == items


# --- official documents: the front matter and paragraph evidence ------------------------------


def test_the_document_number_under_the_title_and_the_addressee_apart_from_the_body() -> None:
    # No 版头: the 文号 stands under the title; the 主送 line's colon ends it, although "单位：" and the
    # body's first line would fit one printed line.
    raw = (
        "四川省人民政府办公厅\n关于印发《支持创业带动就业的\n若干政策措施》的通知\n川办规〔２０２５〕６ 号\n\n"
        "各市（州）、县（市、区）人民政府，省政府各部门、各直属机构，有关\n单位：\n"
        "《支持创业带动就业的若干政策措施》已经省政府同意，现印\n发给你们，请认真贯彻落实。\n" + BODY
    )
    assert typed(raw)[:4] == [
        ("title", None, "四川省人民政府办公厅关于印发《支持创业带动就业的若干政策措施》的通知"),
        ("meta", "doc_number", "川办规〔2025〕6号"),
        ("meta", "addressee", "各市（州）、县（市、区）人民政府，省政府各部门、各直属机构，有关单位："),
        (
            "paragraph",
            None,
            "《支持创业带动就业的若干政策措施》已经省政府同意，现印发给你们，请认真贯彻落实。",
        ),
    ]


def test_a_line_one_indent_short_after_a_sentence_starts_a_paragraph() -> None:
    # pdftotext drops the two-character first-line indent: after a full line that ends a sentence, a
    # line four units short that runs on is a new paragraph's first line.
    raw = FULL + "\n" + FULL[:-1] + "。\n" + FULL[:-2] + "\n" + FULL + "\n目标任务。\n" + BODY
    assert [len(text) for _, _, text in typed(raw)][:2] == [2 * len(FULL), 2 * len(FULL) - 2 + 5]


def test_a_blank_line_after_a_full_line_that_ends_no_sentence_is_the_extractors() -> None:
    raw = FULL + "\n" + FULL + "\n\n" + FULL + "\n目标任务。\n" + BODY
    assert typed(raw)[0][2] == FULL * 3 + "目标任务。"


def test_the_rest_of_a_printed_line_stands_at_its_column_in_layout_text() -> None:
    # pdftotext -layout sets the piece after a split where the piece before it ends (a column a
    # character); a line elsewhere is no such piece, even if both would fit the measure.
    indent = "  " + FULL + "\n" + FULL + "\n" + FULL + "\n目标任务。\n"
    split = (
        "  用于市属学校、\n"
        + " " * 9
        + "公立医院、文化体育等民生设施建设，确保项目\n"
        + FULL
        + "\n目标任务。\n"
    )
    title = "  （此件公开发布）\n" + " " * 5 + "杭州市加快推进全国足球发展\n"
    texts = [text for _, _, text in typed(indent * 3 + split + title + indent)]
    assert "用于市属学校、公立医院、文化体育等民生设施建设，确保项目" + FULL + "目标任务。" in texts
    assert "（此件公开发布）" in texts


# --- footnotes at the page foot ---------------------------------------------------------------


#: A page that ends inside a paragraph, with two notes at its foot, and the next page.
NOTES = (
    FULL + "\n" + FULL[:-6] + "等1。\n"
    "Knuth2" + FULL[:-3] + "\n" + FULL + "\n"
    "1一般认为TEX是一种引擎，LATEX是一种格式。\n"
    "2斯坦福大学计算机系教授，已退休。\n"
    "\f" + FULL + "\n目标任务。\n" + BODY
)


def test_notes_at_the_page_foot_follow_the_block_their_page_ended_in() -> None:
    blocks = clean(NOTES).document.blocks
    assert [(b.type, b.mark) for b in blocks] == [
        ("paragraph", None),
        ("paragraph", None),  # runs on over the page break, past the notes
        ("footnote", "1"),
        ("footnote", "2"),
        ("paragraph", None),
    ]
    assert blocks[1].text == "Knuth2" + FULL[:-3] + FULL + FULL + "目标任务。"
    assert blocks[2].text == "1一般认为TEX是一种引擎，LATEX是一种格式。"


def test_notes_marked_with_latex_s_drawn_asterisk_are_notes_not_bullets() -> None:
    # LaTeX's \\thanks and \\fnsymbol notes draw * as ∗ (U+2217), which also bullets a list's third level.
    raw = NOTES.replace("等1。", "等\u2217。").replace("Knuth2", "Knuth\u2020")
    raw = raw.replace("\n1一般", "\n\u2217一般").replace("\n2斯坦福", "\n\u2020斯坦福")
    blocks = clean(raw).document.blocks
    assert [(b.type, b.mark) for b in blocks] == [
        ("paragraph", None),
        ("paragraph", None),
        ("footnote", "\u2217"),
        ("footnote", "\u2020"),
        ("paragraph", None),
    ]


def test_a_note_is_linked_to_its_reference_mark() -> None:
    blocks = clean(NOTES).document.blocks
    first, second = blocks[0], blocks[1]
    assert [(ref.mark, first.text[ref.at - 1 : ref.at + 2]) for ref in first.notes] == [("1", "等1。")]
    assert [(ref.mark, second.text[ref.at - 5 : ref.at + 2]) for ref in second.notes] == [("2", "Knuth2各")]


def test_a_mark_alone_is_no_note() -> None:
    # A note holds its text after its mark: a number alone under the referring text (a figure's
    # label, an exam's score), its text nowhere, is a paragraph, read so again from the cleaned text.
    raw = BODY + "各地区各部门要坚定不移等1。\n1\n\f" + BODY
    blocks = clean(raw).document.blocks
    assert ("paragraph", "1") in [(b.type, b.text) for b in blocks]
    again = clean("\n\n".join(b.text for b in blocks)).document.blocks
    assert [b.type for b in again] == [b.type for b in blocks]


def test_numbers_that_are_no_references_make_no_notes() -> None:
    # "12 章" and "1977 年" are quantities, a list's "1." is a list: no line below is a note.
    raw = BODY + "原计划是 12 章的单行本，完成于 1977 年。\n1.加强领导；\n2.完善制度。\n\f" + BODY
    assert "footnote" not in [kind for kind, _ in kinds(raw)]


@pytest.mark.parametrize(
    ("text", "at", "reference"),
    [
        ("等1。", 1, True),
        ("Knuth2开发", 5, True),
        ("第1条", 1, False),
        ("共12章", 1, False),
        ("PM2.5", 2, False),
        ("1977年", 3, False),
    ],
)
def test_reference_marks(text: str, at: int, reference: bool) -> None:
    assert is_reference(text, at, text[at]) is reference


def test_a_numbered_line_after_an_end_starts_an_item_whatever_the_geometry_says() -> None:
    # The geometric pass may read a run of short items as one block's lines (break_before False);
    # the numbers still part them where the line before ends a sentence or a colon.
    raw = "第 1 條\n內容。\n第 2 條\n內容。\n第 107 條\n左列事項，由中央立法並執行之：\n一 外交。\n二 國防與國防軍事。\n"
    lines = split_lines(raw)
    mark_numbered_paragraphs(lines)
    for line in lines[6:8]:
        line.break_before = False
    groups = ["".join(line.body for line in group) for group in group_blocks(lines, measure_profile(lines))]
    assert groups[-3:] == ["左列事項，由中央立法並執行之：", "一 外交。", "二 國防與國防軍事。"]


def test_a_paragraph_that_stops_mid_sentence_runs_on_whatever_the_geometry_says() -> None:
    # A hanging indent the geometric pass did not see (break_before True) does not end a sentence.
    raw = "學會目前經費結餘減少，主要支出用於理監事會議之出席費、交通費及茶\n點費，和年會購買相關文具用品之尾款。\n"
    lines = split_lines(BODY + raw)
    lines[-2].break_before = True
    groups = ["".join(line.body for line in group) for group in group_blocks(lines, measure_profile(lines))]
    assert groups[-1] == raw.replace("\n", "")


def test_the_cc_line_of_the_imprint_may_wrap() -> None:
    # GB/T 9704 §7.4.2: the 抄送 line wraps; as two blocks (a PDF's geometry) it is still one part.
    drafts = [
        Draft(FULL + "。", 1, 1),
        Draft("抄送：市委各部门，市纪委，杭州警备区，市各群众团体。", 2, 2),
        Draft("市人大常委会办公厅，市政协办公厅，市法院，市检察院。", 3, 3),
        Draft("杭州市人民政府办公厅 2025年5月6日印发", 4, 4),
    ]
    assert [(b.type, b.role) for b in classify(drafts, 62)][1:] == [
        ("meta", "cc"),
        ("meta", "printed_by"),
        ("meta", "printed"),
    ]


def test_a_title_on_two_lines_after_the_closing_parts_is_one_title() -> None:
    # The title of the attached measures, after the notice's date and 附注, set on two lines that a
    # PDF's geometry gives as two blocks.
    drafts = [
        Draft(FULL + "。", 1, 1),
        Draft("杭州市人民政府办公厅", 2, 2),
        Draft("2025年4月30日", 3, 3),
        Draft("（此件公开发布）", 4, 4),
        Draft("杭州市加快推进全国足球发展", 5, 5),
        Draft("重点城市建设若干措施", 6, 6),
        Draft(FULL + "。", 7, 7),
    ]
    assert [(b.type, b.text) for b in classify(drafts, 62)][4] == (
        "title",
        "杭州市加快推进全国足球发展重点城市建设若干措施",
    )


def test_an_items_second_line_set_under_its_text_continues_it() -> None:
    # -layout: "1.窗口接收：…235号" and, set under the address, the rest of it — a hanging indent,
    # not the rest of the first printed line (it is not where that line's first piece ends).
    indent = "  " + FULL + "\n" + FULL + "\n" + FULL + "\n目标任务。\n"
    item = "    1.窗口接收：福州市长乐区会堂路 235号\n" + " " * 12 + "福州市长乐烟草专卖局行政服务大厅\n"
    texts = [text for _, _, text in typed(indent * 3 + item + indent)]
    assert "1.窗口接收：福州市长乐区会堂路235号福州市长乐烟草专卖局行政服务大厅" in texts


def test_short_lines_of_one_width_beside_a_paragraph_set_on_one_line_are_no_measure() -> None:
    """The cleaner's own output read again (one block a line, a blank line between): minutes whose
    headings, list leads and items agree in width by chance are no text wrapped at that width — a
    paragraph on one line wider than any page shows it is not hard-wrapped, so the list after a
    colon stays a list and each block stays itself (found by fresh draws of the idempotence
    property: 10 of 300 structured documents, all minutes; this is one, minimised)."""
    discussion = (
        "民检验《短结合西部地》利用公。对人类；业扶贫加大就！体系平Artificial Intelligence及时落、"
        "中共中力务工〔2001〕3号贫困地，在各省不稳定，困劳动638亩。贫困县心聚力层层压。因收入，"
        "下载地址：http://www.gov.gov.cn/。区经济：“查梳理。”要开展稳步提对退出，"
        "详见https://www.gov.gov.cn/。重的地：“府要不。”要开展稳步提对退出，"
        "度推进资供应“作风互面检验确保如”新奋斗，书记杨期高质续扶持，抓政策度重视。"
        "区经济，下载地址：http://www.gov.org.cn/。要开展？稳岗拓要立足；财政涉和薄弱导压力饮水安。"
        "取得的题总体利用公新奋斗、复工巩固脱帮助中，重要讲摘帮扶：摘政策治的体。部和新，义务教监管；"
        "幅度提。区降低〔2003〕95号，2005年3月22日：力量会是党没有哪坚任务。"
    )
    blocks = [
        "一、新疆和部心无优先组要继续",
        discussion,
        "党全国要支持有下列情形之一的：",
        "区经济会议系定脱贫全面胜。",
        "要开展稳步提应当提交下列材料：",
        "（2）1年建设要讲话。",
        "三、建档立（要开展）",
        "要开展稳步提，要开展。",
        "区降低扶贫项有下列情形之一的：",
        "1.要开展，党全国；",
    ]
    cleaned = clean("\n\n".join(blocks)).document.blocks
    assert [block.text for block in cleaned] == blocks


@pytest.mark.parametrize("part", sorted(PATTERNS))
@settings(max_examples=50, derandomize=derandomized())
@given(data=st.data())
def test_every_text_a_part_s_pattern_matches_is_that_part(part: str, data: st.DataObject) -> None:
    # is_part asks the characters a pattern fixes before the pattern: that test must let through
    # every text the pattern matches, or a part would be missed without a failing example.
    text = data.draw(st.from_regex(PATTERNS[part], fullmatch=True))
    assert is_part(part, text)
