"""Page furniture, rule by rule: folios in their forms and counted with the pages, running heads and
footers, letterheads, heads printed beside folios — and the text that must stay (issue 18 item 7)."""

from __future__ import annotations

from pathlib import Path

from pipeline.clean import clean
from pipeline.clean.furniture import SourceLine, remove_furniture, split_source
from pipeline.clean.lines import Line, align_page_indents
from pipeline.clean.report import CleanReport

SEED = (Path(__file__).parent / "corpus" / "000_94766af0f6a420c9.txt").read_text(encoding="utf-8")

#: Body lines of a page: full printed lines that end no paragraph.
LINE = "在全面建设社会主义现代化国家新征程上，各级各部门要坚定信心，扎实推进各项工作落实"


def body(page: int, lines: int = 12) -> str:
    """A page's body: `lines` full lines, the page's count in the first so that pages differ."""
    return "".join(f"第{page}页正文{n}{LINE}\n" for n in range(lines))


def text_of(raw: str) -> str:
    return "".join(block.text for block in clean(raw).document.blocks)


def clean_lines(raw: str) -> list[SourceLine]:
    """The content lines furniture removal leaves, with their page starts."""
    return [line for line in remove_furniture(split_source(raw), CleanReport())[0] if not line.blank]


def removals(raw: str) -> list[tuple[str, str]]:
    return [(f.code, f.original) for f in clean(raw).report.removals() if f.code != "form-feed"]


# --- folios ---------------------------------------------------------------------------------------


def test_bare_folios_counted_with_the_pages_go_and_a_notes_mark_stays() -> None:
    # pdftotext: a form feed ends each page; the folio is the page's last line, the pages count from 7.
    # The note's mark "3" above the note's text follows no such count: it is text.
    pages = [f"{body(n)}3\n注释文字，说明出处。\n{n + 6}\n" for n in range(1, 5)]
    raw = "\f".join(pages)
    assert [original for _, original in removals(raw)] == ["7", "8", "9", "10"]
    assert text_of(raw).count("注释文字") == 4


def test_a_folio_printed_with_its_running_head_goes_with_it() -> None:
    # `pdftotext -layout` and pypdf keep a book's head and folio on one line: "2     第一章 简介".
    pages = [body(1)] + [f"{n}          第一章 简介\n{body(n)}" for n in range(2, 6)]
    raw = "\f".join(pages)
    assert removals(raw)[:2] == [("page-marker", "2"), ("running-header", "第一章 简介")]
    assert "第一章" not in text_of(raw)


def test_folios_beside_heads_rising_page_by_page_go_without_form_feeds() -> None:
    # pypdf: no form feeds; "N head" / "head N" lines at each page's top, the numbers rising by one.
    raw = body(1) + "".join(
        (f"{n} 第一章 简介\n" if n % 2 == 0 else f"1.{n} 优点和缺点 {n}\n") + body(n) for n in range(2, 6)
    )
    assert [original for code, original in removals(raw) if code == "page-marker"] == ["2", "3", "4", "5"]
    assert "第一章" not in text_of(raw) and "优点和缺点" not in text_of(raw)


def test_a_book_folio_under_page_markers_is_counted_with_the_pages_they_show() -> None:
    # No form feeds: "第N页 共M页" markers show the pages; on the pages after the first a book's head
    # and folio stand at the top as well, two of them only (too few to rise page by page alone).
    raw = "".join(
        f"第{n}页 共3页\n" + ("" if n == 1 else f"{n}          第一章 总则\n") + body(n) for n in range(1, 4)
    )
    removed = [original for _, original in removals(raw)]
    assert removed == ["第1页 共3页", "第2页 共3页", "2", "第一章 总则", "第3页 共3页", "3", "第一章 总则"]


def test_a_book_folio_under_page_of_markers_between_form_feeds_is_counted_with_the_pages() -> None:
    # "Page N of M" ends with a number, as a folio beside its head does: a page marker found is no
    # folio to count, or it would stand for the book's folio under it (found by fresh draws).
    heads = {2: "2          第一章 总则\n", 3: "第一节 要求          3\n"}
    raw = "\f".join(f"Page {n} of 3\n\n" + heads.get(n, "") + body(n) for n in range(1, 4))
    removed = [original for _, original in removals(raw)]
    assert removed == ["Page 1 of 3", "Page 2 of 3", "2", "第一章 总则", "Page 3 of 3", "第一节 要求", "3"]


def test_a_book_folio_beside_its_head_under_a_bare_page_marker_goes_too() -> None:
    # Form feeds and a bare number at each page's top, and under it on the pages after the first a
    # book's folio beside its head: both number the page (found by fresh draws of laws). A numbered
    # heading under the marker on one page only is text, though its number is the page's.
    heads = ["", "2          第一章 总则\n", "第三节 要求          3\n", "4 总体要求\n"]
    raw = "\f".join(f"{n}\n{heads[n - 1]}{body(n)}" for n in range(1, 4))
    removed = [original for _, original in removals(raw)]
    assert removed == ["1", "2", "2", "第一章 总则", "3", "第三节 要求", "3"]
    raw = "\f".join(f"{n}\n{heads[n - 1] if n == 4 else ''}{body(n)}" for n in range(1, 5))
    assert "总体要求" in text_of(raw)


def test_a_contents_entry_at_the_first_pages_top_is_no_head_beside_its_folio() -> None:
    # "9.1 概述 ...... 1": a contents entry whose page number is 1 stands where a head and folio
    # would, but a leader runs up to its number: it is the contents' (found by fresh draws of manuals).
    contents = "目录\n9.1 发展概述 ...... 1\n9.2 主要任务 ……………… 8\n9.3 保障措施 . . . 16\n"
    raw = "\f".join([contents + body(1)] + [f"{n}          第九章 总则\n{body(n)}" for n in range(2, 5)])
    assert [original for _, original in removals(raw)][:2] == ["2", "第九章 总则"]
    assert "目录" in text_of(raw) and "发展概述" in text_of(raw)


def test_a_dashed_folio_written_a_piece_a_line_goes_whole() -> None:
    # pdftotext -raw writes each text object of "— 1 —" on a line of its own: dash, number, dash.
    raw = "\f".join(f"—\n{n}\n—\n{body(n)}" for n in range(1, 4))
    assert removals(raw) == [("page-marker", text) for n in range(1, 4) for text in ("—", str(n), "—")]
    assert "—" not in text_of(raw)


def test_a_dash_and_a_number_on_lines_of_their_own_inside_the_text_stay() -> None:
    # A dash alone above a number alone is no folio without the dash that closes it.
    raw = body(1) + "—\n7\n" + body(2)
    assert removals(raw) == []


def test_bare_numbers_that_rise_wherever_notes_fall_are_no_folios() -> None:
    # Without pages, numbers alone on their lines number pages only at a steady interval.
    raw = body(1, 3) + "1\n" + body(2, 3) + "2\n" + body(3, 14) + "3\n" + body(4, 2) + "4\n" + body(5, 3)
    assert removals(raw) == []


# --- running heads, footers, letterheads ---------------------------------------------------------


def test_a_letterhead_and_a_footer_on_every_page_go() -> None:
    letterhead = (
        "中華民國天文學會\nAstronomical Society of the Republic of China\n11677 台北市汀州路四段88號\n"
    )
    footer = "TEL +886-2-7734-6943 • FAX +886-2-2933-3315 • http://www.asroc.org.tw/\n"
    raw = "\f".join(f"{letterhead}\n{body(n)}{footer}" for n in range(1, 4))
    assert len(removals(raw)) == 12
    assert "學會" not in text_of(raw) and "TEL" not in text_of(raw)


def test_a_letterhead_repeated_at_a_steady_interval_goes_without_pages() -> None:
    # pypdf: no form feeds, no folios; the letterhead's lines recur exactly, one page apart.
    letterhead = "中華民國天文學會\nAstronomical Society of the Republic of China\n"
    raw = "".join(f"{letterhead}{body(n)}" for n in range(1, 4))
    assert len(removals(raw)) == 6


def test_a_footer_goes_where_a_shattered_address_made_its_page_longer() -> None:
    # pdftotext writes an address a justified line stretched one fragment a line: ten lines for one
    # printed line. The page holds as many printed lines as the others; its footer is still one.
    address = "详见\nht\ntp\ns\n://i\nnfo\n.c\nom\n/zw\ngk/\n。\n"
    pages = [body(n, 10) + (address if n == 2 else "") + "人民日报 第2版\n" for n in range(1, 5)]
    raw = "".join(pages)
    assert removals(raw) == [("running-header", "人民日报 第2版")] * 4
    assert "https://info.com/zwgk/。" in text_of(raw)


def test_verso_heads_go_and_the_chapter_title_on_the_opening_page_stays() -> None:
    # A book: even pages carry "folio / chapter", odd pages their section; the chapter's opening page
    # has no head and no folio — there "第一章 简介" is the chapter's title.
    pages = ["第一章 简介\n" + body(1)]
    for n in range(2, 8):
        head = "第一章 简介\n" if n % 2 == 0 else f"1.{n} 第{n}节\n"
        pages.append(f"{head}{n}\n{body(n)}")
    result = clean("\f".join(pages))
    assert result.document.blocks[0].text == "第一章 简介"
    assert "".join(b.text for b in result.document.blocks).count("第一章") == 1
    assert [f.original for f in result.report.removals() if f.code == "page-marker"] == [
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
    ]


def test_a_head_repeating_the_heading_under_it_goes_and_the_heading_stays() -> None:
    # pdftotext: the section's head, then the heading's number, the folio, the heading's text.
    raw = body(1) + "\f1.2 优点和缺点\n\n1.2\n\n2\n\n优点和缺点\n" + body(2) + "\f" + "3\n" + body(3)
    assert removals(raw) == [("running-header", "1.2 优点和缺点"), ("page-marker", "2"), ("page-marker", "3")]


def test_numbered_articles_at_page_tops_are_no_running_heads() -> None:
    raw = "\f".join(f"第 {n} 條\n{body(n)}" for n in range(1, 6))
    assert removals(raw) == []


def test_a_line_that_reads_as_a_sentence_stays_unless_on_nine_pages_in_ten() -> None:
    note = "本页内容仅供参考。\n"
    sometimes = "\f".join(f"{body(n)}{note if n % 3 else ''}" for n in range(1, 7))
    assert removals(sometimes) == []
    always = "\f".join(f"{body(n)}{note}" for n in range(1, 7))
    assert [original for _, original in removals(always)] == ["本页内容仅供参考。"] * 6


def test_a_closing_sentence_in_founder_punctuation_recurring_at_an_interval_stays() -> None:
    # No pages: the same closing sentence ends a paragraph every few lines, its 。 printed in a
    # Founder font (U+A3AE). It reads as a sentence, as it does once the characters are repaired, so
    # it is no running line (found by fresh draws of the structure properties).
    closing = "请遵照执行\ua3ae\n"
    raw = "".join(f"{body(n, 6)}{closing}" for n in range(1, 5))
    assert removals(raw) == []
    assert text_of(raw).count("请遵照执行。") == 4


def test_a_code_line_recurring_at_an_interval_stays() -> None:
    # A manual's examples repeat their lines ("\\begin{document}" in each): code is no running head,
    # however steadily it recurs (found by fresh draws of the structure properties: manuals).
    raw = "".join(f"{body(n, 6)}\\begin{{document}}\n" for n in range(1, 5))
    assert removals(raw) == []


def test_a_text_pasted_several_times_keeps_its_title_and_last_sentence() -> None:
    # Issue 18 item 7: the seed 60 times over is no set of pages whose edges repeat a head; only its
    # folio "- 1 -" goes, each time.
    for joint in ("", "\f"):
        result = clean(joint.join([SEED] * 60))
        assert {(f.code, f.original) for f in result.report.removals() if f.code != "form-feed"} == {
            ("page-marker", "- 1 -")
        }
        blocks = result.document.blocks
        assert blocks[0].text == "习近平：坚决克服新冠肺炎疫情影响 坚决夺取脱贫攻坚战全面胜利"
        assert blocks[-1].text.endswith("领导小组成员单位有关负责同志参加座谈会。")


def test_furniture_beyond_folios_is_listed_apart() -> None:
    raw = "\f".join(f"某某市人民政府公报\n{body(n)}— {n} —\n" for n in range(1, 5))
    report = clean(raw).report
    assert [f.original for f in report.furniture_beyond_folios()] == ["某某市人民政府公报"] * 4


# --- pages ---------------------------------------------------------------------------------------


def test_a_form_feed_after_a_lines_text_starts_the_next_line_s_page() -> None:
    lines = clean_lines("第一页最后一行。\f\n第二页第一行。\n")
    assert [(line.text, line.page_break_before) for line in lines] == [
        ("第一页最后一行。", False),
        ("第二页第一行。", True),
    ]


def test_a_form_feed_between_two_lines_texts_ends_the_first_and_starts_the_second_s_page() -> None:
    # pdfplumber, pypdfium2 and pypdf end a page's text without a line end: joined with form feeds,
    # a page's last line and the next page's first share a source line.
    lines = clean_lines("第一页最后一行。\f第二页第一行。\n第二页第二行。")
    assert [(line.number, line.text, line.page_break_before) for line in lines] == [
        (1, "第一页最后一行。", False),
        (2, "第二页第一行。", True),
        (3, "第二页第二行。", False),
    ]


def test_a_folio_that_ends_a_page_without_a_line_end_goes() -> None:
    # pdfplumber's pages joined with form feeds: each page's folio, its last line, runs into the
    # next page's first ("…落实\n1\f第2页正文0…").
    raw = "\f".join(f"{body(n)}{n}" for n in range(1, 6))
    assert [original for _, original in removals(raw)] == ["1", "2", "3", "4", "5"]
    assert not any(f"落实{n}" in text_of(raw) for n in range(1, 6))


def test_an_epigraph_s_first_lines_are_no_page_s_paragraph_indent() -> None:
    # pypdf's layout mode: a chapter's first page opens with an epigraph set in from the text, each
    # verse's first line deeper than its second, as often as the page's paragraphs start (at 2); the
    # next pages indent their paragraphs 3. The page is moved by its paragraphs' indent, the
    # shallower, and the epigraph keeps its shape.
    verse = "     " + LINE[:27] + "\n   " + LINE[:9] + "。\n"
    paragraph = "  " + LINE + "\n" + LINE + "\n短的一行。\n"
    wider = "   " + LINE + "\n" + LINE + "\n短的一行。\n"
    texts = ("第一章 简介\n" + verse * 2 + "1.1 历史回顾\n" + paragraph * 2 + "\f" + wider * 3).split("\n")
    lines = [Line(n, text.lstrip("\f"), text.startswith("\f")) for n, text in enumerate(texts)]
    align_page_indents(lines)
    assert [line.indent for line in lines[1:5]] == [6, 4] * 2
    assert {line.indent for line in lines[5:] if line.indent} == {3}


def test_every_page_s_paragraph_indent_becomes_the_document_s() -> None:
    # `pdftotext -layout` sets each page's columns by its own character width: the second page
    # indents its paragraphs two columns deeper.
    page = "    " + LINE + "\n" + LINE + "\n短的一行。\n"
    wider = "      " + LINE + "\n" + LINE + "\n短的一行。\n"
    texts = (page * 3 + "\f" + wider * 3).split("\n")
    lines = [Line(n, text.lstrip("\f"), text.startswith("\f")) for n, text in enumerate(texts)]
    align_page_indents(lines)
    assert {line.indent for line in lines if line.indent} == {4}
