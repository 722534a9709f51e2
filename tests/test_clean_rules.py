"""Unit tests for each rule of the cleaner: (raw, expected) tables and the inputs a rule must leave alone."""

from __future__ import annotations

import gc

import pytest

from pipeline.clean import clean
from pipeline.clean.characters import CHARACTER_RULES, repair_characters
from pipeline.clean.furniture import page_number
from pipeline.clean.lines import measure_profile, split_lines
from pipeline.clean.markers import marker_kind
from pipeline.clean.report import CleanReport
from pipeline.clean.spacing import normalise_spaces
from pipeline.clean.text import display_width


def blocks(text: str) -> list[tuple[str, str]]:
    """(type, text) of every block the cleaner makes of `text`."""
    return [(b.type, b.text) for b in clean(text).document.blocks]


def texts(text: str) -> list[str]:
    return [b.text for b in clean(text).document.blocks]


def repaired(text: str) -> tuple[str, CleanReport]:
    report = CleanReport()
    return repair_characters(text, report), report


# --- characters -------------------------------------------------------------------------------


def test_every_character_rule_is_registered_once() -> None:
    assert list(CHARACTER_RULES) == [
        "map_glyph_names",  # before the bullets: pypdf's "/x88" is pdftotext's U+0088
        "map_unmapped_bullets",  # before control characters go
        "remove_control_characters",
        "map_radicals",
        "map_compatibility_ideographs",
        "map_founder_punctuation",
        "map_fullwidth_alphanumerics",
        "map_guillemets",  # before ASCII punctuation: "一»!" has its "!" next to 》 then
        "map_ascii_punctuation",
    ]


@pytest.mark.parametrize(
    ("raw", "expected", "code"),
    [
        ("⽅法", "方法", "kangxi-radical"),  # Kangxi radical (NFKC knows it)
        ("⻓江", "长江", "kangxi-radical"),  # CJK radicals supplement (NFKC does not)
        ("\uf900年", "豈年", "compat-ideograph"),
        ("方案ꎬ落实ꎮ", "方案，落实。", "founder-punct"),
        ("数量ꎻ质量ꎺ", "数量；质量：", "founder-punct"),
        # Far from Han in a Chinese text without Yi text: a Founder font's mark still (fresh draws).
        (
            "方案ꎮ\n" + "print(value)\n" * 8 + "GDPꎿ",
            "方案。\n" + "print(value)\n" * 8 + "GDP？",
            "founder-punct",
        ),
        ("第１２条", "第12条", "fullwidth-ascii"),
        ("增长７％", "增长7%", "fullwidth-ascii"),
        ("１．５万亩", "1.5万亩", "fullwidth-ascii"),
        ("Ｎ型", "N型", "fullwidth-ascii"),
        ("4.7亿元,养老", "4.7亿元，养老", "fullwidth-punct"),
        ("如下:一是", "如下：一是", "fullwidth-punct"),
        ("加强(管理)", "加强（管理）", "fullwidth-punct"),
        ("是否?是!", "是否？是！", "fullwidth-punct"),
        ("产业生\n ,根据", "产业生\n ，根据", "fullwidth-punct"),  # a comma at a page's first line
        (":\u2000一是", "：\u2000一是", "fullwidth-punct"),  # any width of space lies between
        ("一:,", "一：，", "fullwidth-punct"),  # a mark made full-width is Chinese context for the next
        ("(中文):", "（中文）：", "fullwidth-punct"),
        ("abc\n ?一", "abc\n ？一", "fullwidth-punct"),  # a line's indent is no space between words
        # A mark widened here is Chinese context for the parentheses beside it, as when cleaned again.
        ("用write(file f);写入", "用write（file f）；写入", "fullwidth-punct"),
        # A pair nested in a widened pair is its own: the outer one widened is no context for it.
        ("等价地，box((0,0),(1,1))。", "等价地，box（(0,0),(1,1)）。", "fullwidth-punct"),
        ("«论语»一书", "《论语》一书", "guillemet"),
        ("中\u202e文\u200b字\ufeff", "中文字", "control-char"),
        ("a\x00b", "ab", "control-char"),
    ],
)
def test_character_rule_maps_and_reports(raw: str, expected: str, code: str) -> None:
    text, report = repaired(raw)
    assert text == expected
    assert report.findings and {f.code for f in report.findings} == {code}


@pytest.mark.parametrize(
    "raw",
    [
        "比例6:3:1",  # colon between digits stays
        "共3,000人",  # thousands separator stays
        "Hello, world: (yes)!",  # no Chinese around
        "x ;中",  # a space inside the line keeps the mark apart from the Han after it
        "返回point（length(p)）",  # a pair nested in a full-width pair is its own
        "ꎬꎮ",  # Yi syllables in a line without Han are Yi text
        "中文\n" + "x\n" * 80 + "ꆈꌠꎬꎮ",  # and in a Yi text that quotes Chinese, far from the Han
        "« bonjour »",  # French quotes in a line without Han
        "．",  # full-width full stop not between digits
        "制表\t符",  # tab is whitespace, not a control character to remove
    ],
)
def test_character_rules_leave_alone(raw: str) -> None:
    text, report = repaired(raw)
    assert text == raw
    assert report.findings == []


@pytest.mark.parametrize(
    "raw", ["用write(file f);写入", "等价地，box((0,0),(1,1))。", "返回（min(z.x,w.x),min(z.y,w.y)）；"]
)
def test_ascii_punctuation_widened_once_is_widened_for_good(raw: str) -> None:
    """Found on a real manual (Asymptote's, translated): cleaning the cleaned text widened more."""
    once, _ = repaired(raw)
    again, report = repaired(once)
    assert (again, report.findings) == (once, [])


def test_guillemets_become_book_title_marks_before_ascii_punctuation_is_judged() -> None:
    # "一»!": once » is 》 the "!" after it is in Chinese context; judged before, a second cleaning
    # would still change it.
    text, report = repaired("一»!")
    assert text == "一》！"
    assert {f.code for f in report.findings} == {"guillemet", "fullwidth-punct"}


def test_character_findings_carry_the_source_line() -> None:
    _, report = repaired("第一行\n第二行ꎬ\n第三行")
    assert [(f.line, f.original, f.replacement) for f in report.findings] == [(2, "ꎬ", "，")]


# --- page furniture ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "page"),
    [
        ("- 1 -", 1),
        ("— 1 —", 1),
        ("— １ —", 1),
        ("－ 12 －", 12),
        ("第 1 页", 1),
        ("第1页 共10页", 1),
        ("共10页 第3页", 3),
        ("1 / 57", 1),
        ("Page 3 of 10", 3),
        ("page 7", 7),
        ("          一七", 17),
        ("— 十二 —", 12),
    ],
)
def test_page_marker_forms_are_recognised(line: str, page: int) -> None:
    found = page_number(line)
    assert found is not None and found[1] == page


@pytest.mark.parametrize(
    "line", ["1 / 2 是一半", "第1页的内容", "3 / 2", "— 附件 —", "2024年", "一、总体要求"]
)
def test_lines_that_are_not_page_markers(line: str) -> None:
    assert page_number(line) is None


def test_page_marker_between_lines_of_a_paragraph_is_removed_and_the_paragraph_joined() -> None:
    raw = (
        "经研究决定，现将有关事项通知如下，请各单位认真贯彻落实并及时\n"
        "— 2 —\n"
        "\n"
        "报告执行情况，确保各项工作落到实处，取得实效。\n"
    )
    result = clean(raw)
    assert texts(raw) == [
        "经研究决定，现将有关事项通知如下，请各单位认真贯彻落实并及时报告执行情况，确保各项工作落到实处，取得实效。"
    ]
    assert result.document.removed == ("— 2 —",)


def test_invisible_characters_do_not_hide_a_page_marker() -> None:
    # Furniture is found before characters are repaired: a BOM or zero-width space the repair would
    # remove must not make the marker a line of text (and cleaning the result again remove it then).
    assert page_number("- 3 -\ufeff") == ("dashed", 3)
    assert page_number("第1页\u200b共3页") == ("di_ye", 1)
    assert clean("正文一段。\n3\ufeff").document.removed == ("3\ufeff",)


def test_a_text_that_is_only_a_number_is_no_page_marker() -> None:
    # A bare number at a text's end is its page number only when the text holds more than it
    # (and cleaning "00" again must not remove what the first cleaning kept of "0\n0").
    assert texts("0\n0") == texts("00") == ["00"]
    assert texts("0\ufeff") == ["0"]


def test_bare_numbers_are_page_markers_only_as_a_rising_sequence() -> None:
    body = "这是一个很长的句子，用来填满整整一行文字，没有任何别的意思，只是测试。\n"
    with_pages = body * 3 + "1\n" + body * 3 + "2\n" + body * 3
    assert clean(with_pages).document.removed == ("1", "2")
    single = body * 3 + "7\n" + body * 3
    assert "7" in "".join(texts(single))


def test_form_feeds_are_removed_and_reported() -> None:
    result = clean("第一段文字内容。\n\f第二段文字内容。\n")
    assert [f.code for f in result.report.removals()] == ["form-feed"]
    assert texts("第一段文字内容。\n\f第二段文字内容。\n") == ["第一段文字内容。", "第二段文字内容。"]


def test_running_headers_repeated_at_page_boundaries_are_removed() -> None:
    # The pages' text differs (where it is the same, the "pages" are one text pasted several times).
    line = "在全面建设社会主义现代化国家新征程上，各级各部门要坚定信心，扎实推进各项工作落实\n"
    pages = [f"某某市人民政府公报\n{(han + line) * 4}第{n}页\n" for n, han in enumerate("甲乙丙丁", 1)]
    result = clean("".join(pages))
    assert "某某市人民政府公报" not in "".join(b.text for b in result.document.blocks)
    assert result.document.removed.count("某某市人民政府公报") == 4


def test_a_running_footer_is_removed_on_a_short_last_page_too() -> None:
    # No page markers: only the footer's steady recurrence shows the pages; the last holds one line.
    line = "在全面建设社会主义现代化国家新征程上，各级各部门要坚定信心，扎实推进各项工作落实\n"
    raw = f"{line * 6}人民日报 第2版\n{line * 6}人民日报 第2版\n特此通知。\n人民日报 第2版\n"
    result = clean(raw)
    assert result.document.removed == ("人民日报 第2版",) * 3
    assert texts(raw)[-1].endswith("工作落实特此通知。")


# --- spaces ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("到 2020 年现行", "到2020年现行"),
        ("由 10.2 % 降至", "由10.2%降至"),
        ("加 大 创 业 信 贷", "加大创业信贷"),
        ("（浙政发〔2024〕4 号）", "（浙政发〔2024〕4号）"),
        ("企业 ， 单位", "企业，单位"),
        ("使用 GDP 指标", "使用GDP指标"),
        ("疫情影响 坚决夺取", "疫情影响 坚决夺取"),  # a separator between two phrases stays
        ("New York Times 报道", "New York Times报道"),  # spaces between Latin words stay
        ("a\u3000\u3000b", "a b"),
    ],
)
def test_extraction_spaces(raw: str, expected: str) -> None:
    assert normalise_spaces(raw) == expected


def test_latin_words_broken_at_a_line_end_are_rejoined() -> None:
    raw = "会议邀请了来自 Inter-\nnational Monetary Fund 的专家作主旨发言。\n"
    result = clean(raw)
    assert texts(raw) == ["会议邀请了来自International Monetary Fund的专家作主旨发言。"]
    assert [f.code for f in result.report.removals()] == ["hyphen-join"]


def test_latin_words_on_two_lines_keep_a_space() -> None:
    assert texts("报告引用了 Financial\nTimes 的数据。\n") == ["报告引用了Financial Times的数据。"]


# --- paragraphs --------------------------------------------------------------------------------


def printed(*paragraphs: str, measure: int = 30) -> str:
    """Paragraphs of full-width text as a PDF extractor gives them: `measure` characters a line,
    first lines indented two characters in the PDF (so holding two fewer), the indent itself lost."""
    lines: list[str] = []
    for paragraph in paragraphs:
        room, rest = measure - 2, paragraph
        while rest:
            if rest[room : room + 1] in tuple("，。、；：？！”）》"):
                room -= 1  # no closing punctuation at a line start (clreq): one character moves down
            lines.append(rest[:room])
            rest, room = rest[room:], measure
    return "\n".join(lines) + "\n"


PLAIN = printed(
    "为深入贯彻落实有关工作要求，进一步提振市场信心，增强政策取向一致性，促进经济持续回升向好，推动高质量发展继续走在前列。",
    "各地区各部门要坚定不移把党中央决策部署落实好，确保如期完成各项目标任务，做到不折不扣、保质保量。",
    "要加快扶贫项目开工复工，易地搬迁配套设施建设、住房和饮水安全扫尾工程任务上半年都要完成，确保他们基本生活不受影响。",
)


def test_plain_text_paragraphs_end_at_short_lines_that_end_a_sentence() -> None:
    assert len(texts(PLAIN)) == 3


def test_a_full_line_is_a_soft_wrap_even_without_punctuation() -> None:
    assert texts(PLAIN)[0].startswith("为深入贯彻落实有关工作要求，进一步提振市场信心，增强政策取向一致性")


def test_lines_broken_early_at_compressed_punctuation_are_soft_wraps() -> None:
    first = "围绕保障重大项目建设、激发全社会投资活力，市财政安排资金一百亿元。其中，用于市属学校、公立医院、文化体育等民生设施建设资金二十二亿元，城市路网、环境卫生等城市基础设施建设资金三十二亿元。"
    second = "另起一段的内容在这里开始，写满整整一行的文字，然后继续写下去，直到这一段结束为止。"
    raw = printed(first, second).replace(
        "其中，用于市属学校、公立医院、", "其中，\n用于市属学校、\n公立医院、"
    )
    assert texts(raw) == [first, second]


def test_a_bracketed_note_after_a_sentence_stays_in_its_paragraph() -> None:
    first = "（一）加强用地保障。全市计划供应各类建设用地，全年争取批次项目新增建设用地指标，应批快批。"
    note = "（责任单位：市财政局）"
    second = "（二）强化用能保障。保障新上重大项目用能，新增能耗支持民间投资项目的比重不低于七成，应保尽保。"
    third = "（三）优化审批服务。推行项目审批全程网办，压缩审批时限，提升企业办事便利度和满意度。"
    raw = printed(first + note, second, third).replace(note, "\n" + note)
    assert "。\n（责任单位：市财政局）\n" in raw
    assert texts(raw) == [first + note, second, third]


def test_a_title_leaves_a_piece_that_fills_the_next_printed_line() -> None:
    """Title + piece would fill a line, but the piece and the line after it fill it exactly."""
    han = "经济社会发展明显加快基本公共服务日益完善贫困治理能力明显提升群众出行难用电难上学难看病难" * 3
    title, first = "关于加强科技创新", "“十四五”时期要推动高质量发展加快科技创新、"
    paragraph = first + "基础研究和应用研" + han[:100] + "。"
    lines = [paragraph[i : i + 32] for i in range(0, len(paragraph), 32)]  # 64 units a line
    raw = "\n".join([title, first, lines[0][len(first) :], *lines[1:]])
    assert texts(raw) == [title, paragraph]


def test_a_bracketed_note_with_the_stop_after_it_ends_the_sentence_before_it() -> None:
    raw = (
        "重点产业名单\n"
        "生物医药、集成电路、人工智能、高端装备制造、新材料、新能源\n"
        "、节能环保产业\n"
        "（推动创新链产业链深度融合）。\n"
    )
    assert texts(raw) == [
        "重点产业名单",
        "生物医药、集成电路、人工智能、高端装备制造、新材料、新能源、节能环保产业（推动创新链产业链深度融合）。",
    ]


def test_a_quotation_with_the_stop_after_it_ends_the_sentence_before_it() -> None:
    raw = (
        "关于推动高质量发展的通知\n"
        "各地要加快培育新兴产业，完善支持政策，优化营商环境，推动形成\n"
        "新的增长点。\n"
        "示范带动科技创新\n"
        "“高质量低成本供给”。本市场化运作的项目，按规定给予支持奖励。\n"
    )
    assert texts(raw) == [
        "关于推动高质量发展的通知",
        "各地要加快培育新兴产业，完善支持政策，优化营商环境，推动形成新的增长点。",
        "示范带动科技创新“高质量低成本供给”。本市场化运作的项目，按规定给予支持奖励。",
    ]


def test_a_bracketed_line_of_its_own_stays_a_block() -> None:
    assert texts("关于加强科技创新工作的通知\n（2024年3月1日）\n") == [
        "关于加强科技创新工作的通知",
        "（2024年3月1日）",
    ]


def test_items_set_on_lines_of_their_own_after_a_colon_are_blocks_of_their_own() -> None:
    # Issue 14: items set on lines of their own (the colon's line stops short of the measure) are
    # blocks of their own, not part of the sentence the colon opened (a list run into its paragraph
    # is in test_clean_structure); （一） items under a paragraph are the document's second level,
    # run-in paragraphs, as the corpus' gold has them.
    raw = (
        "关于本次工作，经研究，主要措施包括以下几个方面的内容，请各单位认真落实执行：\n"
        "（一）加强组织领导；\n"
        "（二）完善工作制度；\n"
        "（三）强化监督检查。\n"
        "各单位要高度重视，认真组织实施，确保各项措施落到实处，取得实效，特此通知如下。\n"
    )
    assert texts(raw) == [
        "关于本次工作，经研究，主要措施包括以下几个方面的内容，请各单位认真落实执行：",
        "（一）加强组织领导；",
        "（二）完善工作制度；",
        "（三）强化监督检查。",
        "各单位要高度重视，认真组织实施，确保各项措施落到实处，取得实效，特此通知如下。",
    ]


def test_a_colon_line_before_a_heading_ends_its_paragraph() -> None:
    raw = "现就有关事项通知如下：\n一、总体要求\n各单位要高度重视，认真组织实施，确保各项措施落到实处，取得实效。\n"
    assert blocks(raw) == [
        ("paragraph", "现就有关事项通知如下："),
        ("heading", "一、总体要求"),
        ("paragraph", "各单位要高度重视，认真组织实施，确保各项措施落到实处，取得实效。"),
    ]


#: A full line of the measure (62 display units) for the paragraph tests below.
FULL = "各地区各部门要坚定不移把党中央决策部署落实好，确保如期完成各项"


def test_a_short_piece_after_a_full_stop_that_fills_the_next_line_starts_a_paragraph() -> None:
    # "施策…《经营性》" could end the short line before it, but with the line after it (split at 》)
    # it fills the measure exactly: it is the first piece of the next paragraph's first line.
    lines = [
        "为深入贯彻落实有关工作要求，进一步提振市场信心，增强政策取向一",
        "致性，促进经济持续回升向好，推动高质量发展继续走在前列。",
        FULL,
        "目标任务，做到保质保量。",
        "施策时要保持《经营性》",
        "政策的连续性和稳定性，加大对民营企业的支持力",
        "度，优化营商环境，稳定社会预期，激发各类经营主体的活力和创造",
        "力，推动经济实现质的有效提升。",
    ]
    assert texts("\n".join(lines) + "\n")[1:] == [
        FULL + "目标任务，做到保质保量。",
        "施策时要保持《经营性》政策的连续性和稳定性，加大对民营企业的支持力度，优化营商环境，"
        "稳定社会预期，激发各类经营主体的活力和创造力，推动经济实现质的有效提升。",
    ]


def test_a_piece_that_fills_both_lines_goes_where_the_line_after_it_can_still_be_placed() -> None:
    # "施策…政策，" fills the short last line before it exactly (40 + 22 = 62) and the line after it
    # nearly (22 + 38 = 60); but joined to the paragraph before, "连续性…支持，" would be a short line
    # in the middle of a paragraph that no piece completes: it is the new paragraph's first line.
    first_end = "目标任务，做到保质保量，推动高质量发展。"
    lines = [
        FULL,
        FULL,
        first_end,
        "施策时要保持经营政策，",
        "连续性和稳定性要加大对民营企业的支持，",
        FULL,
        "力度。",
    ]
    assert texts("\n".join(lines) + "\n") == [
        FULL + FULL + first_end,
        "施策时要保持经营政策，连续性和稳定性要加大对民营企业的支持，" + FULL + "力度。",
    ]


def test_the_second_piece_of_a_split_line_is_no_document_number() -> None:
    # "展大豆业园区文件〔2002〕75号" reads like a document number, but it completes the printed line
    # "…〔2019〕56号；" was split from (32 + 28 = 60 of 62): it stays in the paragraph.
    lines = [
        FULL,
        "目标任务。",
        "落实困科技初实施重〔2019〕56号；",
        "展大豆业园区文件〔2002〕75号",
        FULL,
        "目标任务。",
    ]
    assert texts("\n".join(lines) + "\n")[1:] == [
        "落实困科技初实施重〔2019〕56号；展大豆业园区文件〔2002〕75号" + FULL + "目标任务。"
    ]


def test_a_line_reading_like_a_document_number_before_a_comma_is_a_piece() -> None:
    # "业实增户加春雨计〔2005〕24号" then "，补助…": the comma it is followed by makes it part of a sentence.
    lines = [FULL, FULL, "业实增户加春雨计〔2005〕24号", "，补助政策要长期坚持落实到位。"]
    assert texts("\n".join(lines) + "\n") == [
        FULL + FULL + "业实增户加春雨计〔2005〕24号，补助政策要长期坚持落实到位。"
    ]


def test_a_full_line_takes_no_piece_but_a_hanging_mark() -> None:
    # "5G。" after a full line ending with "：" would make 60 of 62 + 4, but the line was full: it is
    # a short last line of its own, and its full stop ends the paragraph.
    lines = [
        FULL,
        "目标任务，做到保质保量，推动高质量发展继续走在前（列）等三项：",
        "5G。",
        FULL,
        "目标任务。",
    ]
    assert len(texts("\n".join(lines) + "\n")) == 2


def test_a_paragraph_mark_on_its_own_line_before_a_page_marker_is_kept() -> None:
    # The second paragraph ends with a full line: only its mark, alone on the page's last line, shows it.
    lines = [FULL, "目标任务，做到保质保量！\u2003", FULL, FULL, "\u2003", "— 1 —", FULL, "目标任务。\u2003"]
    assert texts("\n".join(lines) + "\n") == [
        FULL + "目标任务，做到保质保量！",
        FULL + FULL,
        FULL + "目标任务。",
    ]


def test_a_word_that_would_overrun_the_measure_by_one_unit_forced_the_break() -> None:
    # 55 + "software" (8) = 63 overruns the 62-unit measure by one: the break before it was forced,
    # so the full stop before it ends nothing.
    lines = [
        FULL,
        FULL,
        FULL,
        FULL,
        "目标任务，做到保质保量，推动高质量发展继续走在前列第3。",
        "software，项目投资。",
    ]
    assert len(texts("\n".join(lines) + "\n")) == 1


def test_a_piece_after_a_semicolon_stays_in_its_paragraph() -> None:
    lines = [
        FULL,
        "目标任务，做到保质保量，推动高质量发展继续走在前列。",
        FULL,
        FULL,
        "目标任务；",
        "《升级方案》要加快落实。",
    ]
    assert texts("\n".join(lines) + "\n")[1] == FULL + FULL + "目标任务；《升级方案》要加快落实。"


def test_a_line_starting_with_closing_punctuation_continues_even_a_document_number() -> None:
    raw = "\n".join(
        [FULL, "目标任务。", "合作办范村建与创新〔2025〕23号", "，疗保险的高新建协议业等方面要加快推进。"]
    )
    assert texts(raw + "\n")[1] == "合作办范村建与创新〔2025〕23号，疗保险的高新建协议业等方面要加快推进。"


def test_a_numbered_heading_after_a_long_heading_starts_a_block() -> None:
    raw = "\n".join(
        [
            "一、总体要求",
            "1.展览项进武林机融合工作体（资支持）",
            "二、批省级",
            "各地区各部门要坚定不移把党中央决策部署落",
            "实好，确保如期完成各项目标任务，做到保质",
            "保量，推动高质量发展继续走在前列。",
        ]
    )
    assert [b for b in blocks(raw + "\n") if b[0] == "heading"] == [
        ("heading", "一、总体要求"),
        ("heading", "1.展览项进武林机融合工作体（资支持）"),
        ("heading", "二、批省级"),
    ]


def test_a_full_width_word_that_did_not_fit_forces_the_break_before_it() -> None:
    # "ＲＥＩＴｓ" is 10 units wide as printed: after a 54-unit line it could not fit the 62-unit
    # measure, so the break before it is forced and the sentence end before it ends nothing.
    lines = [
        FULL,
        FULL,
        "目标任务，做到保质保量，推动高质量发展继续走；到年底！",
        "ＲＥＩＴｓ试点工作要按计划推进，做到保质保量，推动高质量发展",
        "继续走在前列。",
    ]
    assert len(texts("\n".join(lines) + "\n")) == 1


def test_an_opening_bracket_goes_down_with_the_number_it_opens() -> None:
    # A paragraph's first line (70 units, its indent 4 beside it, measure 80) stops short of
    # "〔２０２３" (10 units: an opening mark never ends a line, so it went down with the number after
    # it); the blank line pdftotext wrote after that first line is the extractor's (found by fresh
    # draws of the structure properties, where the bracket opened the line after the break).
    line = "各地区各部门要坚定不移把党中央决策部署落实好，确保如期完成各项目标任务，确保全面"
    first = "为深入贯彻落实党中央决策部署。现就做好有关工作提出以下意见，请各地结合"
    end = "建成小康社会。\u2003"
    raw = "\n".join(
        [line, line, end, "3.3 工作要求", first, "", "〔２０２３〕８９号文件精神，各地区要坚定不移。\u2003"]
    )
    assert texts(raw + "\n" + line + "\n" + end)[2] == first + "〔2023〕89号文件精神，各地区要坚定不移。"


def test_where_every_line_is_a_block_a_blank_line_always_ends_one() -> None:
    # The cleaner's own output read back: even a block that ends mid-sentence stays a block.
    raw = "各地区各部门要坚定不移、\n\n把党中央决策部署落实好。\n\n确保如期完成各项目标任务，做到保质保量。\n"
    assert texts(raw) == [
        "各地区各部门要坚定不移、",
        "把党中央决策部署落实好。",
        "确保如期完成各项目标任务，做到保质保量。",
    ]


def test_the_measure_is_found_where_most_printed_lines_were_split_in_two() -> None:
    # Four of five printed lines come as two pieces split after "，": their sums show the measure.
    head, tail = FULL.split("，")
    raw = f"{head}，\n{tail}\n" * 4 + f"{FULL}\n目标任务，做到保质保量。\n"
    assert measure_profile(split_lines(raw)).full_width == display_width(FULL)
    assert texts(raw) == [(FULL * 5) + "目标任务，做到保质保量。"]


def test_pairs_of_pieces_that_agree_more_often_than_the_lines_show_the_wider_measure() -> None:
    # Every printed line of 62 units split in two after a comma, at a different place each time;
    # three short paragraph ends happen to agree (40 units) more than any pieces do. The six pairs
    # adding up to 62 are the measure (found by fresh draws of manuals: kerning splits everywhere).
    pieces = [("各" * (k - 1) + "，", "各" * (31 - k)) for k in (5, 7, 9, 15, 17, 19)]
    end = "各" * 19 + "。"
    lines = [line for n, pair in enumerate(pieces) for line in (*pair, *([end] if n % 2 else []))]
    assert measure_profile(split_lines("\n".join(lines) + "\n")).full_width == 62


def test_the_items_of_a_list_parted_by_blank_lines_add_up_to_no_measure() -> None:
    # Twenty short items, each a block ending with "；" (a mark an extractor may split a line at),
    # a blank line after each: no two of them are pieces of one printed line, and their sums do not
    # crowd out the paragraph's four full lines, one of which ends a sentence in mid-paragraph.
    items = [f"{n}.{'各地区各部门要坚定不移'[: 3 + n % 9]}；" for n in range(1, 21)]
    raw = f"{FULL}\n{FULL[:-1]}。\n{FULL}\n{FULL}\n目标任务。\n\n" + "\n\n".join(items) + "\n"
    assert measure_profile(split_lines(raw)).full_width == display_width(FULL)
    assert texts(raw)[0] == FULL + FULL[:-1] + "。" + FULL + FULL + "目标任务。"


def test_pieces_that_would_overfill_the_line_after_a_full_stop_are_the_next_paragraph() -> None:
    # "安排资金（实施保障" + "）纳入国家计划。" (34 units) after a 34-unit line would make 68 > 62 + 4.
    lines = [
        FULL,
        FULL,
        FULL,
        FULL,
        "大慈善省级工作平台新奋斗干部群众。",
        "安排资金（实施保障",
        "）纳入国家计划。",
    ]
    assert texts("\n".join(lines) + "\n")[1:] == ["安排资金（实施保障）纳入国家计划。"]


def test_a_first_piece_without_punctuation_takes_the_piece_that_fills_its_line() -> None:
    # "动民间售额增：落实困" alone would read as a title; with the piece after it it fills the measure.
    lines = [
        FULL,
        "目标任务。",
        "动民间售额增：落实困",
        "（品专柜）金的；项行动业务营机构和企业等单",
        FULL,
        "位。",
    ]
    assert texts("\n".join(lines) + "\n")[1:] == [
        "动民间售额增：落实困（品专柜）金的；项行动业务营机构和企业等单" + FULL + "位。"
    ]


def test_a_closing_mark_hung_past_the_measure_does_not_hide_it() -> None:
    # Five full lines of 58-62 units and one of 70 that ends with a hanging "、": without the mark
    # it is within the measure's tolerance, so it is no line "beyond" the measure.
    lines = ["各" * 30, "各" * 29, "各" * 31, "各" * 30, "各" * 29, "各" * 34 + "、", "各各。"]
    assert measure_profile(split_lines("\n".join(lines) + "\n")).full_width == 60


def test_items_set_with_a_hanging_indent_run_past_the_measure_by_their_marker_only() -> None:
    # Minutes: each item's marker hangs left of the measure ("(1) " + a full line: 64 units), its
    # second line fills the measure (60); ten short one-line items (50-52) are the densest cluster,
    # but the item lines overrun it by far more than a closing mark could: the measure is 60-64,
    # and each item's first line runs on into its second.
    short = [
        f"({n}) 各地区各部门要坚定不移地把党中央决策部署落实好。"[: 26 + n % 2] + "。" for n in range(10)
    ]
    items = [(f"({n}) {'各' * 30}", f"{'地' * 30}", "做到保质保量。") for n in range(1, 5)]
    lines = [*short, *(line for item in items for line in item)]
    profile = measure_profile(split_lines("\n".join(lines) + "\n"))
    assert 60 <= profile.full_width <= 64
    assert texts("\n".join(lines) + "\n")[-4:] == [
        f"（{n}）{'各' * 30}{'地' * 30}做到保质保量。" for n in range(1, 5)
    ]


def test_a_centred_title_does_not_set_the_paragraph_indent() -> None:
    # pdftotext -layout keeps a title's centring (two lines of it, as many as the paragraphs
    # indented by 4): the centred lines say nothing of the paragraph indent.
    raw = (
        f"{' ' * 23}关于加快推进方向\n{' ' * 23}性工作的通知意见\n"
        f"    {FULL[:29]}\n{FULL}\n{FULL}\n{FULL}\n{FULL[:20]}。\n"
        f"    {FULL[:29]}\n{FULL}\n{FULL[:12]}。\n"
    )
    assert measure_profile(split_lines(raw)).paragraph_indent == 4
    assert blocks(raw)[0] == ("title", "关于加快推进方向性工作的通知意见")


def test_indented_paragraphs_start_at_the_indent() -> None:
    raw = (
        "    会议强调，要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快\n"
        "构建新发展格局，着力推动高质量发展\n"
        "    会议指出，要加大宏观政策调控力度，加强各类政策协调配合，形成共促高质\n"
        "量发展合力，全年经济运行总体回升向好\n"
        "\u3000\u3000会议要求，各地区各部门要切实担负起促进经济社会发展的政治责任，确保\n"
        "各项工作落到实处\n"
    )
    assert [t[:4] for t in texts(raw)] == ["会议强调", "会议指出", "会议要求"]


def test_paragraph_marks_end_paragraphs_and_double_spacing_means_nothing() -> None:
    raw = (
        "他强调，到二〇二〇年现行标准下的农村贫困人口全部脱贫，是党中央向全国人民\n\n"
        "作出的郑重承诺，必须如期实现。\u2003\n\n"
        "中共中央政治局常委、全国政协主席汪洋主持座谈会，并作了重要的讲话。\u2003\n\n"
        "座谈会以电视电话会议形式召开，在各省区市和新疆生产建设兵团设分会\n\n"
        "场。各省区市提供书面发言。\n\n"
        "\u2003\n\n"
    )
    assert texts(raw) == [
        "他强调，到二〇二〇年现行标准下的农村贫困人口全部脱贫，是党中央向全国人民作出的郑重承诺，必须如期实现。",
        "中共中央政治局常委、全国政协主席汪洋主持座谈会，并作了重要的讲话。",
        "座谈会以电视电话会议形式召开，在各省区市和新疆生产建设兵团设分会场。各省区市提供书面发言。",
    ]


def test_where_paragraph_marks_end_paragraphs_a_line_ending_with_an_opening_quote_runs_on() -> None:
    raw = "会议强调：\u2003\n他指出：“\n创新是第一动力，要把科技自立自强作为发展的战略支撑。”\u2003\n"
    assert texts(raw) == ["会议强调：", "他指出：“创新是第一动力，要把科技自立自强作为发展的战略支撑。”"]


def test_a_line_inside_an_open_quotation_runs_on() -> None:
    raw = "会议强调：\u2003\n健康委指出：“要落实\n（以及各项风险防控）措施。”\u2003\n"
    assert texts(raw) == ["会议强调：", "健康委指出：“要落实（以及各项风险防控）措施。”"]


def test_a_line_starting_with_a_space_after_a_page_break_continues_the_paragraph() -> None:
    raw = (
        "贫困群众收入水平大幅度提高，自主脱贫能力稳步提高，“三保\n"
        " 障”突出问题总体解决。\u2003\n\n"
        "下一段的文字内容写在这里，写满整整一行，然后继续写下去吧。\u2003\n\n"
        "再下一段的文字内容写在这里，写满整整一行，然后继续写下去。\u2003\n\n"
    )
    assert texts(raw)[0] == "贫困群众收入水平大幅度提高，自主脱贫能力稳步提高，“三保障”突出问题总体解决。"


def test_text_with_one_paragraph_a_line_keeps_every_line() -> None:
    raw = "第一段。\n\n第二段比第一段长一些，内容也多一些。\n\n第三段。\n"
    assert texts(raw) == ["第一段。", "第二段比第一段长一些，内容也多一些。", "第三段。"]


def test_paragraphs_whose_widths_add_up_to_another_set_no_measure() -> None:
    """One paragraph a line: two short ones side by side as wide as a long one are no wrapped line."""
    han = "经济社会发展明显加快基本公共服务日益完善贫困治理能力明显提升" * 4

    def paragraph(characters: int) -> str:
        return han[: characters - 4] + "，" + han[:2] + "。"

    long, short, middle = paragraph(100), paragraph(30), paragraph(70)  # 30 + 70 = 100
    blocks = ["关于推进工作的通知", long, short, middle, short]
    assert texts("\n\n".join(blocks)) == blocks


def test_paragraphs_of_one_length_set_one_to_a_line_are_no_wrapped_text() -> None:
    """Three paragraphs of about 170 characters are not full lines of a 170-character measure."""
    han = "经济社会发展明显加快基本公共服务日益完善贫困治理能力明显提升" * 8

    def paragraph(characters: int) -> str:
        return han[: characters - 4] + "，" + han[:2] + "。"

    blocks = ["关于推进工作的通知", *(paragraph(n) for n in (172, 176, 18, 174, 20))]
    assert texts("\n\n".join(blocks)) == blocks


# --- structure ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("一、总体要求", "cn"),
        ("十二、保障措施", "cn"),
        ("（一）工作目标", "paren_cn"),
        ("(三)工作目标", "paren_cn"),
        ("1.加强领导", "arabic"),
        ("2．完善制度", "arabic"),
        ("（1）落实责任", "paren_arabic"),
        ("第三章 总则", "chapter"),
        ("1.5万亩以上", None),
        ("一是加强领导", None),
        ("二〇二四年", None),
    ],
)
def test_enumeration_markers(line: str, kind: str | None) -> None:
    assert marker_kind(line) == kind


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("（ 二 ） 支 持 智 能 制 造", "paren_cn"),
        ("二 、 确 保 走 在 前 列", "cn"),
        ("（ 二 ）", None),  # too short to be letter-spacing
        ("一 二 三 四 五", None),
    ],
)
def test_a_letter_spaced_line_keeps_its_enumeration_marker(line: str, kind: str | None) -> None:
    assert split_lines(line)[0].marker == kind


def test_a_letter_spaced_numbered_paragraph_after_a_sentence_starts_a_block() -> None:
    # Found by the damage properties (letter-spacing knob): the spaced-out "（ 二 ）" was no marker, so
    # the line after "…执\n行。" was read as the rest of that printed line.
    raw = (
        "专业采：健康委落实落（市级荣市地下他强调），化产业平衡这\n"
        "改：法投资要型城镇时以上！特此通知。请遵照执行工作这里\n"
        "行。\n"
        "（ 二 ） 支 持 智 师 素 质 业 赴 境 。 对 中 华 工 业 上 标 杆 加 值\n"
        "增用地盘：党组、实施重、面建成技领军加强用科研院。\n"
    )
    texts = [block.text for block in clean(raw).document.blocks]
    assert texts[-1].startswith("（二）支持智师素质业赴境。")
    assert texts[-2].endswith("请遵照执行工作这里行。")


def test_heading_levels_follow_the_order_of_marker_kinds() -> None:
    raw = (
        "关于做好年度工作的通知\n\n"
        "一、总体要求\n\n"
        "（一）工作目标\n\n"
        "全面完成年度各项目标任务，确保经济社会持续健康发展，人民生活水平稳步提高。\n\n"
        "1.加强领导\n\n"
        "各单位主要负责同志要亲自抓，分管负责同志具体抓，形成一级抓一级的工作格局。\n"
    )
    result = clean(raw).document.blocks
    assert [(b.type, b.level) for b in result] == [
        ("title", None),
        ("heading", 1),
        ("heading", 2),
        ("paragraph", None),
        ("heading", 3),
        ("paragraph", None),
    ]


def test_a_long_heading_is_a_heading_also_when_read_back() -> None:
    # A heading of 104 units wraps over two lines of a 62-unit measure; read back as one line (the
    # cleaner's own output) it must still be a heading: the bound does not come from the measure.
    heading = (
        "（一）"
        + "加快推进重大项目建设和产业转型升级并全面提升城市综合服务功能与治理水平以及基层公共服务设施配套建设"
    )
    raw = "\n".join([heading[:31], heading[31:], FULL, FULL, FULL, "目标任务。"]) + "\n"
    first = blocks(raw)
    assert first[0] == ("heading", heading)
    assert blocks("\n\n".join(text for _, text in first)) == first


def test_a_run_in_item_stays_a_paragraph() -> None:
    raw = "（一）发挥重大项目带动作用。贯彻落实重大建设项目管理办法，实施全市重大项目攻坚。\n"
    assert blocks(raw) == [("paragraph", raw.strip())]


def test_title_spread_over_two_lines_is_one_title() -> None:
    raw = (
        "杭州市人民政府印发关于进一步推动\n"
        "经济高质量发展若干政策的通知\n"
        "各区、县（市）人民政府，市政府各部门、各直属单位：\n"
        "现将《关于进一步推动经济高质量发展的若干政策》印发给你们，请结合实际认真组织实施。\n"
    )
    assert blocks(raw)[:2] == [
        ("title", "杭州市人民政府印发关于进一步推动经济高质量发展若干政策的通知"),
        ("meta", "各区、县（市）人民政府，市政府各部门、各直属单位："),
    ]


def test_official_document_parts_get_their_roles() -> None:
    raw = (
        "某某市人民政府文件\n"
        "某政发〔2024〕3 号\n\n"
        "某某市人民政府关于加强安全生产工作的通知\n"
        "各区人民政府，市政府各部门：\n"
        "现将有关事项通知如下，请认真贯彻执行，确保全市安全生产形势持续稳定向好。\n\n"
        "某某市人民政府\n"
        "2024 年 3 月 1 日\n"
        "（此件公开发布）\n\n"
        "抄送：市委各部门，市人大常委会办公厅，市政协办公厅。\n"
        "某某市人民政府办公室 2024年3月1日印发\n"
    )
    roles = [(b.role or b.type) for b in clean(raw).document.blocks]
    assert roles == [
        "issuer",
        "doc_number",
        "title",
        "addressee",
        "paragraph",
        "signature",
        "date",
        "disclosure",
        "cc",
        "printed_by",
        "printed",
    ]
    meta = clean(raw).document.meta
    assert (meta.author, meta.date) == ("某某市人民政府", "2024-03-01")


def test_empty_text_gives_an_empty_document() -> None:
    assert clean("").document.blocks == ()
    assert clean("\n \n\u3000\n").document.blocks == ()


def test_a_removed_page_marker_is_reported_as_it_stood_in_the_source() -> None:
    raw = "第一段文字内容写在这里，一直写到这一行的末尾，然后继续写\n— １ —\n下去，直到这一段结束。\n"
    result = clean(raw)
    assert result.document.removed == ("— １ —",)
    assert [(f.code, f.line, f.original) for f in result.report.findings] == [("page-marker", 2, "— １ —")]


def test_cleaning_leaves_the_cycle_collector_as_it_found_it() -> None:
    # clean() pauses the cycle collector while it works (speed) and must leave it as it was.
    assert gc.isenabled()
    clean(PLAIN)
    assert gc.isenabled()
    gc.disable()
    try:
        clean(PLAIN)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_colon_line_under_a_numbered_heading_is_no_addressee() -> None:
    # GB/T 9704 §7.3.3: the 主送 line stands above the body, so a line ending with a colon short of
    # the measure is one only in the front matter. A numbered heading is the body's: under it such a
    # line is a paragraph's first line (its indent dropped), which goes on where the next line's
    # first word would not have fitted on it.
    colon_line = "为贯彻落实党中央决策部署，进一步做好就业工作，提出要求："
    raw = f"关于做好就业工作的通知\n一、总体要求\n{colon_line}\n2024年起{FULL[4:]}\n{FULL}\n目标任务。\n"
    assert display_width(colon_line) == display_width(FULL) - 6
    assert texts(raw) == [
        "关于做好就业工作的通知",
        "一、总体要求",
        f"{colon_line}2024年起{FULL[4:]}{FULL}目标任务。",
    ]


def test_blank_lines_after_headings_too_still_separate_paragraphs() -> None:
    # In a text whose blank lines part its blocks, the title and the numbered headings have one
    # after them as the paragraphs do, though they end no sentence: they do not count against it.
    # A line ending a sentence without a blank line after it then goes on in its paragraph.
    raw = (
        "关于做好就业工作的通知\n\n一、总体要求\n\n二、工作任务\n\n三、保障措施\n\n"
        f"{FULL}\n落实到位。\n确保如期完成各项目标任务。\n\n"
        f"要加强组织领导，压实工作责任，{FULL[:24]}\n{FULL[24:]}，强化督促检查。\n\n"
        "要做好宣传引导，营造良好氛围。\n\n要及时总结经验，推广典型做法。\n"
    )
    assert measure_profile(split_lines(raw)).blank_separated
    assert texts(raw)[4:] == [
        f"{FULL}落实到位。确保如期完成各项目标任务。",
        f"要加强组织领导，压实工作责任，{FULL}，强化督促检查。",
        "要做好宣传引导，营造良好氛围。",
        "要及时总结经验，推广典型做法。",
    ]


def test_an_items_marker_hanging_in_the_margin_leaves_its_split_line_one_printed_line() -> None:
    # Word processors and minutes set a run-in item's marker in the margin, a full line of text
    # after it: the pieces of that line split at punctuation add up to the measure and the marker.
    first, rest = FULL[:22] + "；", FULL[23:]
    raw = f"{FULL}\n{FULL}\n目标任务。\n（一）{first}\n{rest}\n{FULL}\n目标任务，做到保质保量。\n"
    assert texts(raw)[1:] == [f"（一）{first}{rest}{FULL}目标任务，做到保质保量。"]
