"""Page furniture: numbered source lines → the same lines without folios, running heads, footers and
letterheads.

Pages: a form feed starts one (pdftotext ends every page with one); without form feeds, a folio in
a form body text never takes (— 2 —, 第2页, Page 2 of 9) ends one, or starts it where the text
opens with one (pypdf). What is furniture, each by the convention it follows:

- folios: a line in one of the `PAGE_MARKER_FORMS`; a bare number at a page's edge whose value is
  the page's count plus a constant on most pages (a book's folios start anywhere; a footnote's mark
  near the foot follows no such count), alone or printed on one line with a short running head
  ("2        第一章 简介", as `-layout` and pypdf keep them); without pages, bare numbers that rise one
  by one at page-like intervals;
- running heads, footers and letterheads: lines at a page's top or foot — nothing but furniture
  between them and the edge — that recur (digits aside) on most pages, or on every other page (a
  book's verso heads); a head printed with the folio (the convention of section heads beside the
  page number) and a head that repeats the heading set under it;
- without pages: short lines that recur at a steady, page-like interval.

Strong evidence only: nothing that reads as a sentence goes unless it recurs on nine pages in ten;
nothing recurs as furniture where the lines after it recur too (a text pasted several times is no
set of pages); a head that accompanies the folio on its pages is no furniture on a page without one
(a chapter's opening page repeats no head: there, the line is the chapter's title).

What is removed is reported and returned; where a page ended, the next line is flagged
`page_break_before` so that the paragraph rules can join a paragraph split by the page.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from pipeline.clean.characters import read_founder_punctuation
from pipeline.clean.fragments import shattered_runs
from pipeline.clean.report import CleanReport
from pipeline.clean.sweep import SPACES_BUT_LINE_BREAK, JoinedLines, opening_lines
from pipeline.clean.text import (
    CONTROL_CHARACTERS,
    EDGE_SPACE,
    FORM_FEED,
    PARAGRAPH_MARK,
    SENTENCE_PUNCTUATION,
    ends_sentence,
    fits_width,
    leading_width,
    source_lines,
)
from pipeline.clean.verbatim import is_code_line
from pipeline.unicode import CJK_PUNCT

_DASH = r"[-－—–―~～]"
_DIGITS = r"[0-9０-９]+"
_CN_NUMERAL = r"[〇零一二三四五六七八九十百]+"

PAGE_MARKER_FORMS: dict[str, tuple[re.Pattern[str], bool]] = {
    # name: (pattern with a group "n" for the page number, needs_sequence)
    "dashed": (re.compile(rf"^{_DASH}+\s*(?P<n>{_DIGITS})\s*{_DASH}+$"), False),
    "dashed_chinese": (re.compile(rf"^{_DASH}+\s*(?P<n>{_CN_NUMERAL})\s*{_DASH}+$"), False),
    "di_ye": (
        re.compile(rf"^第\s*(?P<n>{_DIGITS})\s*[页頁](?:\s*[,，/／]?\s*共\s*{_DIGITS}\s*[页頁])?$"),
        False,
    ),
    "gong_di_ye": (
        re.compile(rf"^共\s*{_DIGITS}\s*[页頁]\s*[,，/／]?\s*第\s*(?P<n>{_DIGITS})\s*[页頁]$"),
        False,
    ),
    "page_of": (re.compile(rf"^(?i:page)\s*(?P<n>{_DIGITS})(?:\s*(?i:of)\s*{_DIGITS})?$"), False),
    "n_of_m": (re.compile(rf"^(?P<n>{_DIGITS})\s*[/／]\s*(?P<total>{_DIGITS})$"), True),
    "bare": (re.compile(rf"^(?P<n>{_DIGITS})$"), True),
    "bare_chinese": (re.compile(rf"^(?P<n>{_CN_NUMERAL})$"), True),
}


class SourceLine:
    """A line of the source as it came, before characters are repaired (reports show it verbatim).

    A plain class with slots: one is made for every line of texts of millions of lines.
    """

    __slots__ = ("blank", "number", "page_break_before", "text")

    def __init__(self, number: int, text: str, page_break_before: bool = False) -> None:
        self.number = number
        self.text = text
        self.page_break_before = page_break_before
        self.blank = not text or text.isspace()

    @property
    def indent(self) -> int:
        return leading_width(self.text)

    def __repr__(self) -> str:
        return f"SourceLine({self.number}, {self.text!r}, page_break_before={self.page_break_before})"


def split_source(text: str) -> list[SourceLine]:
    """Number the lines of already-decoded text (newlines normalised to LF by `sources`; a form feed
    after a line's text ends that line, `source_lines`)."""
    return list(map(SourceLine, itertools.count(1), source_lines(text)))


@dataclass(frozen=True)
class _Candidate:
    index: int
    form: str
    page: int


#: Every marker holds a numeral: a cheap test before the patterns.
_NUMERAL = re.compile(r"[0-9０-９〇零一二三四五六七八九十]")
#: … and is made of nothing but numerals, dashes, slashes, spaces and the words of the forms above.
_MARKER_CHARACTERS = re.compile(
    rf"(?:{_DASH}|[0-9０-９〇零一二三四五六七八九十百第页頁共,，/／\s]|(?i:page|of))+"
)


def _may_be_marker(spaces: str) -> str:
    """A line that may hold a marker: those characters (the words' letters in any order, in either
    case: spelt out, for a pattern that ignores case folds every character it tests), and the edge
    spaces (`spaces`: a class's inside) and invisible characters `page_number` takes off. One
    character class tells most lines at their first character."""
    return (
        f"[{_DASH[1:-1]}0-9０-９〇零一二三四五六七八九十百第页頁共,，/／{spaces}pageofPAGEOF"
        f"{CONTROL_CHARACTERS.pattern[1:-1]}]+"
    )


_MAY_BE_MARKER = re.compile(_may_be_marker(r"\s"))
#: The lines that may hold a marker, found in the lines' texts joined (`sweep`): from a line break to
#: the next (no line break among the spaces).
_MAY_BE_MARKER_LINE = re.compile(f"\n{_may_be_marker(SPACES_BUT_LINE_BREAK)}$", re.MULTILINE)


def page_number(text: str) -> tuple[str, int] | None:
    """Recognise a page-marker line: (form name, page number), or None."""
    if _MAY_BE_MARKER.fullmatch(text) is None:
        return None
    stripped = text.strip(EDGE_SPACE)
    if not stripped.isprintable():  # invisible characters the cleaner removes later do not hide a marker
        stripped = CONTROL_CHARACTERS.sub("", stripped).strip(EDGE_SPACE)
    if (
        not stripped
        or len(stripped) > 24
        or not _NUMERAL.search(stripped)
        or not _MARKER_CHARACTERS.fullmatch(stripped)
    ):
        return None
    for form, (pattern, _) in PAGE_MARKER_FORMS.items():
        match = pattern.match(stripped)
        if match:
            number = _number(match.group("n"))
            if number is None:
                continue
            total = match.groupdict().get("total")
            if total is not None and (_number(total) or 0) < number:
                return None
            return form, number
    return None


_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
_ASCII_DIGITS = {0xFF10 + i: 0x30 + i for i in range(10)}  # full-width digits → ASCII


def _number(text: str) -> int | None:
    """Arabic, full-width or Chinese numerals (一七 = 17, 十七 = 17, 二十 = 20) → int."""
    text = text.translate(_ASCII_DIGITS)
    if text.isdigit():
        return int(text)
    if "百" in text:
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    value = 0
    for char in text:
        if char not in _CN_DIGITS:
            return None
        value = value * 10 + _CN_DIGITS[char]
    return value


#: What a removed piece of a line is reported as: a folio, or a running head, footer or letterhead.
FOLIO = "page-marker"
RUNNING = "running-header"
#: A removal: (finding code, the text removed) — one line may hold a folio and a head.
Parts = list[tuple[str, str]]

#: How many content lines from a page's edge running furniture may reach (a letterhead has four).
_EDGE_ZONE = 6
#: The fewest lines a page holds: pages shorter than this are no pages (a list repeats its lines).
_MIN_PAGE_LINES = 8
#: The widest running line (display units): a letterhead's address in English, a footer's contacts.
_HEAD_MAX_WIDTH = 100


def remove_furniture(lines: list[SourceLine], report: CleanReport) -> tuple[list[SourceLine], list[str]]:
    """Remove form feeds, folios, running heads, footers and letterheads; flag the line after each
    page end."""
    lines, joined = _strip_form_feeds(lines, report)
    # The facts several rules ask of every line, found once: where pages break, which lines hold
    # text, which may be a page marker (a search of the lines' texts joined: see `sweep`).
    breaks = [index for index, line in enumerate(lines) if line.page_break_before]
    paged = bool(breaks)
    content = [index for index, line in enumerate(lines) if not line.blank]
    may_be_markers = [index for index in joined.opening(_MAY_BE_MARKER_LINE) if not lines[index].blank]
    removed_at: dict[int, Parts] = {
        candidate.index: [(FOLIO, lines[candidate.index].text.strip())]
        for candidate in _page_markers(lines, may_be_markers, content, paged)
    } | _dashed_folios_a_piece_a_line(lines, may_be_markers)
    if paged:
        # (A page marker found is no folio to count: "Page 3 of 3" would read as one, numbered 3.)
        pages = _pages(content, breaks, set(removed_at))
        removed_at |= _counted_folios(lines, pages)
    else:
        may_be_folios = {*joined.opening(_DIGIT_AT_EDGE), *joined.closing(_DIGIT_AT_EDGE)}
        removed_at |= _folios_with_heads(lines, set(removed_at), may_be_folios)
        pages = _pages(content, sorted(removed_at), set(removed_at)) if removed_at else []
        # Where page markers show the pages, a second folio (a book's, beside its running head) is
        # judged against them as against form feeds.
        removed_at |= _counted_folios(lines, pages)
    if pages:
        for index, parts in _running_furniture(lines, pages, removed_at).items():
            removed_at.setdefault(index, parts)
    else:
        for index in _periodic_lines(lines, joined, set(removed_at)):
            removed_at.setdefault(index, [(RUNNING, lines[index].text.strip())])
    return _without(lines, removed_at, breaks, report)


def _without(
    lines: list[SourceLine], removed_at: dict[int, Parts], breaks: list[int], report: CleanReport
) -> tuple[list[SourceLine], list[str]]:
    """The lines without the furniture (and the blank lines around it), and the furniture's text
    (`breaks`: the lines that start a page)."""
    kept: list[SourceLine] = []
    removed: list[str] = []
    break_pending = False  # a page has ended: its blank lines go, its next line of text is flagged
    # The lines between furniture and page breaks (most) are kept as they are, a run at a time: only
    # the lines from each of those to the next line of text are read one by one.
    stops = sorted({*removed_at, *breaks})
    index = 0
    for stop in [*stops, len(lines)]:
        while break_pending and index < stop:
            break_pending = _after_page_end(lines[index], kept)
            index += 1
        kept.extend(lines[index:stop])
        if stop == len(lines):
            break
        line = lines[stop]
        parts = removed_at.get(stop)
        if parts is not None:
            for code, text in parts:
                report.add(code, line.number, text)
                removed.append(text)
            break_pending = True
            while kept and kept[-1].blank and PARAGRAPH_MARK not in kept[-1].text:
                kept.pop()  # blank lines before a page marker belong to the furniture too (a mark is text)
        else:  # a page break
            break_pending = _after_page_end(line, kept)
        index = stop + 1
    return kept, removed


def _after_page_end(line: SourceLine, kept: list[SourceLine]) -> bool:
    """Keep a line after a page's end: its first line of text, flagged as the page's; a blank line
    is part of the furniture (but one holding a paragraph mark, which is text). Whether the page's
    first line of text is still to come."""
    if not line.blank:
        kept.append(SourceLine(line.number, line.text, page_break_before=True))
        return False
    if PARAGRAPH_MARK in line.text:
        kept.append(line)
    return True


def _strip_form_feeds(lines: list[SourceLine], report: CleanReport) -> tuple[list[SourceLine], JoinedLines]:
    """Remove form feeds; the line of one starts a page (a form feed stands at its line's start:
    `split_source` ends a line at one that follows its text). The lines, and their texts joined."""
    joined = JoinedLines([line.text for line in lines])
    feeds = joined.holding([FORM_FEED])
    if not feeds:
        return lines, joined
    out = list(lines)  # (the few lines with a form feed are replaced: the others are kept as they are)
    stripped = list(joined.texts)
    for index in feeds:
        line = lines[index]
        for _ in range(line.text.count(FORM_FEED)):
            report.add("form-feed", line.number, FORM_FEED)
        out[index] = SourceLine(line.number, line.text.replace(FORM_FEED, ""), page_break_before=True)
        stripped[index] = out[index].text
    return out, JoinedLines(stripped)


def _page_markers(
    lines: list[SourceLine], may_be_markers: list[int], content: list[int], paged: bool
) -> list[_Candidate]:
    """Page-marker lines; forms that could be ordinary text need more evidence.

    A marker stands alone on its line; "1 / 2" inside a sentence is never one. A bare number or
    "n / m" counts when at least two such lines number pages in order, or, for a one-page text,
    when it is the first or last line of a text that holds more than it. Where form feeds show the
    pages, bare numbers are judged against them instead (`_counted_folios`). `may_be_markers`: the
    lines that pass `page_number`'s first test; `content`: the lines that hold text.
    """
    candidates: dict[str, list[_Candidate]] = {}
    for index in may_be_markers:
        recognised = page_number(lines[index].text)
        if recognised:
            form, page = recognised
            candidates.setdefault(form, []).append(_Candidate(index, form, page))
    accepted: list[_Candidate] = []
    ends = {content[0], content[-1]} if content else set()  # the text's first and last lines
    for form, found in candidates.items():
        needs_sequence = PAGE_MARKER_FORMS[form][1]
        if not needs_sequence:
            accepted.extend(found)
            continue
        if form == "bare" and paged and len(found) > 1:
            continue  # the pages decide (`_counted_folios`); a one-page text's last line still may
        if form == "bare_chinese":
            found = [c for c in found if lines[c.index].indent >= 8]
        if _numbers_pages(found, steady=form != "n_of_m") or (
            len(found) == 1 and found[0].page <= 999 and found[0].index in ends and len(ends) == 2
        ):
            accepted.extend(found)
    return sorted(accepted, key=lambda c: c.index)


#: A dash alone on its line (a dashed folio's, "— 1 —", as `pdftotext -raw` writes it).
_DASH_ALONE = re.compile(rf"{_DASH}+")
#: The characters a dash-alone line opens with: most lines are told at their first.
_DASH_CHARACTERS = frozenset(_DASH[1:-1])


def _dashed_folios_a_piece_a_line(lines: list[SourceLine], may_be_markers: list[int]) -> dict[int, Parts]:
    """Dashed folios ("— 1 —") that `pdftotext -raw` wrote a text object a line: a dash alone, the
    number alone, a dash alone. Like the dashed form on one line, a folio without needing a sequence
    of them: the three lines are removed as one folio each. (Each of the three is made of a marker's
    characters: they are three lines in a row of `may_be_markers`.)"""
    found: dict[int, Parts] = {}
    candidates = set(may_be_markers)
    for index in may_be_markers:
        if index + 1 not in candidates or index + 2 not in candidates:
            continue
        text = lines[index].text.strip()
        if (
            text[:1] in _DASH_CHARACTERS
            and _DASH_ALONE.fullmatch(text)
            and _FOLIO_ALONE.match(number := lines[index + 1].text.strip())
            and _DASH_ALONE.fullmatch(closing := lines[index + 2].text.strip())
        ):
            found |= {index: [(FOLIO, text)], index + 1: [(FOLIO, number)], index + 2: [(FOLIO, closing)]}
    return found


def _numbers_pages(found: list[_Candidate], steady: bool) -> bool:
    """Whether page numbers that could be text ("7", "1 / 3") number pages: they rise, and (bare
    numbers, three or more) a page's length apart, steadily — a note's marks rise too, but wherever
    the notes fall. The last gap may be short: it is the last page's, where folios end the pages."""
    if len(found) < 2 or any(b.page <= a.page for a, b in itertools.pairwise(found)):
        return False
    if steady and len(found) == 2:  # one gap only, perhaps a short last page's: consecutive pages
        return found[1].page == found[0].page + 1
    per_page = [(b.index - a.index) / (b.page - a.page) for a, b in itertools.pairwise(found)][:-1]
    return not (steady and per_page) or (
        min(per_page) >= _MIN_PAGE_LINES and max(per_page) <= 2 * min(per_page) + 4
    )


def _pages(content: list[int], cuts: list[int], folios: set[int]) -> list[list[int]]:
    """The content lines (indices, of `content`) of each page, which the lines at `cuts` start (form
    feeds, or else folios); the folios belong to no page."""
    if folios:
        content = [index for index in content if index not in folios]
    pages: list[list[int]] = []
    start = 0  # (each page's lines are a slice of the content lines: its first found by bisection)
    for end in [*map(partial(bisect_left, content), cuts), len(content)]:
        if end > start:
            pages.append(content[start:end])
        start = end
    return pages


# -- folios counted with the pages ------------------------------------------------------------

_FOLIO_DIGITS = "0123456789０１２３４５６７８９"
_FOLIO_NUMBER = rf"[{_FOLIO_DIGITS}]{{1,4}}"
#: A folio alone, or printed on one line with a running head before or after it (`-layout`, pypdf).
_FOLIO_ALONE = re.compile(rf"^(?P<n>{_FOLIO_NUMBER})$")
_FOLIO_THEN_HEAD = re.compile(rf"^(?P<n>{_FOLIO_NUMBER})\s+(?P<head>\S.*)$")
_HEAD_THEN_FOLIO = re.compile(rf"^(?P<head>.*\S)\s+(?P<n>{_FOLIO_NUMBER})$")
#: The characters a contents entry's leader ends with, before the page number.
_LEADER_END = frozenset(".．·・…⋯_")
#: How many content lines from a page's edge a folio may stand (behind running heads).
_FOLIO_DEPTH = 3


@dataclass(frozen=True)
class _Folio:
    page: int  # the page's count in the text (1-based)
    index: int
    number: int
    parts: tuple[tuple[str, str], ...]


#: A folio stands at a line's start or end (its edge spaces aside): in the lines' texts joined
#: (`sweep`), a line that opens with a digit, or (read backwards) ends with one. Where every line is
#: asked (`_folios_with_heads`), one search of them all tells most; the few lines at the pages' edges
#: are told by `_folio_parts`'s own first test.
_DIGIT_AT_EDGE = re.compile(f"\n[{EDGE_SPACE}]*[{_FOLIO_DIGITS}]")


def _folio_parts(text: str) -> tuple[int, Parts] | None:
    """A folio line: its number and its parts (the folio, and the running head printed beside it)."""
    stripped = text.strip(EDGE_SPACE)
    if stripped[:1] not in _FOLIO_DIGITS and stripped[-1:] not in _FOLIO_DIGITS:
        return None  # a folio stands at the line's start or end: most lines are told at once
    alone = _FOLIO_ALONE.match(stripped)
    if alone:
        return int(_number(alone["n"]) or 0), [(FOLIO, alone["n"])]
    for pattern, head_first in ((_FOLIO_THEN_HEAD, False), (_HEAD_THEN_FOLIO, True)):
        match = pattern.match(stripped)
        if head_first and match and match["head"][-1] in _LEADER_END:
            return None  # a contents entry: its page number after a leader ("9.1 概述 ...... 1")
        if match and _head_like(match["head"]) and _has_letters(match["head"]):
            folio, head = (FOLIO, match["n"]), (RUNNING, match["head"])
            return int(_number(match["n"]) or 0), [head, folio] if head_first else [folio, head]
    return None


def _edge_lines(page: list[int]) -> Iterable[list[int]]:
    """A page's top zone and foot zone, each from the edge inwards."""
    yield page[:_EDGE_ZONE]
    yield page[::-1][:_EDGE_ZONE]


def _counted_folios(lines: list[SourceLine], pages: list[list[int]]) -> dict[int, Parts]:
    """Bare folios (alone or beside a running head) at the pages' edges whose numbers are the page
    count plus one constant on most pages: a footnote's mark at a page foot follows no such count."""
    found: list[_Folio] = []
    for count, page in enumerate(pages, 1):
        for zone in _edge_lines(page):
            # A folio behind running heads only (a line that is none ends the search): each line is
            # asked whether it is one only where a folio lies beyond it (few lines are told folios).
            parsed = [_folio_parts(lines[index].text) for index in zone[:_FOLIO_DEPTH]]
            for depth, index in enumerate(zone[:_FOLIO_DEPTH]):
                number_and_parts = parsed[depth]
                if number_and_parts is not None:
                    number, parts = number_and_parts
                    found.append(_Folio(count, index, number, tuple(parts)))
                if not any(parsed[depth + 1 :]) or not _head_like(lines[index].text):
                    break
    offsets = Counter(offset for offset, _ in {(f.number - f.page, f.page) for f in found})
    if not offsets:
        return {}
    offset, support = offsets.most_common(1)[0]
    if support < 2 or support < (len(pages) - 1) / 2:
        return {}
    chosen: dict[int, _Folio] = {}
    seconds: list[_Folio] = []
    for folio in found:  # one folio a page: the one nearest the edge came first
        if folio.number - folio.page == offset and chosen.setdefault(folio.page, folio) is not folio:
            seconds.append(folio)
    # A page numbered twice, a bare marker and a book's folio printed beside its head under it
    # ("2" / "2          第一章 总则"): the second goes too where pages enough show it — one page's
    # numbered heading that happens to bear its page's number is no such evidence.
    if len({folio.page for folio in seconds}) < max(2, (len(pages) - 1) / 2):
        seconds = []
    return {folio.index: list(folio.parts) for folio in [*chosen.values(), *seconds]}


def _folios_with_heads(lines: list[SourceLine], known: set[int], may_be_folios: set[int]) -> dict[int, Parts]:
    """Without pages: lines of a folio beside a short head ("2 第一章 简介", "1.2 优点和缺点 3")
    whose numbers rise one by one at page-like intervals, at least three times (pypdf). (Of the
    lines with a digit at an edge: `may_be_folios`.)"""
    chains: dict[int, list[tuple[int, Parts]]] = {}
    best: list[tuple[int, Parts]] = []
    for index in sorted(may_be_folios):
        line = lines[index]
        if line.blank or index in known or len(line.text) > 100:
            continue
        folio = _folio_parts(line.text)
        if folio is None or len(folio[1]) < 2:
            continue
        number, parts = folio
        chain = chains.get(number - 1, [])
        gaps = [b - a for (a, _), (b, _) in itertools.pairwise([*chain, (index, parts)])]
        steady = not gaps or (min(gaps) >= _MIN_PAGE_LINES and max(gaps) <= 2 * min(gaps) + 4)
        chains[number] = [*chain, (index, parts)] if steady else [(index, parts)]
        if len(chains[number]) > len(best):
            best = chains[number]
    return {index: parts for index, parts in best} if len(best) >= 3 else {}


# -- running heads, footers, letterheads --------------------------------------------------------


_WHITESPACE = re.compile(r"\s+")
#: (A class, then its repeat: a search skips to the class's next character, where a pattern opening
#: with a repeat is tried at every character.)
_DIGIT_RUN = re.compile(r"[0-9０-９][0-9０-９]*")
#: A numbered heading or article: its numbers are no page numbers, its lines no running heads.
_NUMBERED = re.compile(r"^(?:第\s*[0-9０-９]+|[0-9０-９]{1,3}(?:[.．][0-9０-９]{1,3})*[.．、\s])")


def _compact(text: str) -> str:
    """The text without whitespace. A line `isprintable` accepts holds no whitespace but U+0020
    (every other whitespace character is unprintable): most lines lose their spaces without the
    pattern, which tests each character's category."""
    return text.replace(" ", "") if text.isprintable() else _WHITESPACE.sub("", text)


def _key(text: str) -> str:
    """What recurs: the text without whitespace, its numbers (page, issue) as #."""
    return _DIGIT_RUN.sub("#", _compact(text))


def _keys(texts: list[str]) -> list[str]:
    """The `_key` of each text, their numbers replaced in one pass over them all (a pattern costs
    more to start than to run over a short line; no number runs on over a line break); where all
    are printable (most texts), their spaces too (see `_compact`)."""
    if not texts:
        return []
    if all(map(str.isprintable, texts)):
        compact = "\n".join(texts).replace(" ", "")
    else:
        compact = "\n".join(map(_compact, texts))
    return _DIGIT_RUN.sub("#", compact).split("\n")


#: Two letters (Han or any script's), anywhere in a line.
_TWO_LETTERS = re.compile(r"[^\W\d_].*?[^\W\d_]")


def _has_letters(text: str) -> bool:
    """Whether a text holds two letters at least: a head says something, a folio does not."""
    return _TWO_LETTERS.search(text) is not None


def _reads_as_sentence(text: str) -> bool:
    """Whether a line reads as (part of) a sentence: Chinese sentence punctuation, or a Latin
    sentence's stop after several words. Founder fonts' punctuation counts as what it prints
    (furniture goes before the characters are repaired)."""
    stripped = read_founder_punctuation(text.strip())
    if ends_sentence(stripped) or SENTENCE_PUNCTUATION.search(stripped):
        return True
    return stripped.endswith(".") and len(stripped.split()) >= 4


def _head_like(text: str) -> bool:
    """A line that may be a running head: short, not a sentence."""
    stripped = text.strip()
    return bool(stripped) and fits_width(stripped, _HEAD_MAX_WIDTH) and not _reads_as_sentence(stripped)


def _may_run(text: str) -> bool:
    """A line that may recur as running furniture: a few letters at least, at most a long line, and
    no numbered heading or article, and no code (a manual's examples repeat their lines:
    "\\documentclass{article}")."""
    stripped = text.strip()
    return (
        fits_width(stripped, _HEAD_MAX_WIDTH)
        and _has_letters(stripped)
        and not (_NUMBERED.match(stripped) and _DIGIT_RUN.search(stripped))
        and not is_code_line(stripped)
    )


#: The fewest pages running furniture recurs on.
_FEWEST_RECURRENCES = 3


def _recurs(pages_with: set[int], pages: int, sentence: bool) -> bool:
    """Whether a line found on these pages (0-based counts) of `pages` recurs as furniture does: on
    most pages, or on nearly all pages of one parity (verso or recto heads); a line that reads as a
    sentence only on nine pages in ten."""
    found = len(pages_with)
    if found < _FEWEST_RECURRENCES:
        return False  # (most lines: told at once)
    if sentence:
        return found >= 4 and found >= 0.9 * pages
    if found >= 0.6 * pages:
        return True
    for parity in (0, 1):
        same = sum(1 for page in pages_with if page % 2 == parity)
        if same >= _FEWEST_RECURRENCES and same >= 0.8 * len(range(parity, pages, 2)):
            return True
    return False


def _running_furniture(
    lines: list[SourceLine], pages: list[list[int]], furniture: dict[int, Parts]
) -> dict[int, Parts]:
    """Running heads, footers and letterheads of the pages (see the module's description)."""
    folios = {index for index, parts in furniture.items() if _holds_folio(parts)}
    found = _heads_beside_folios(lines, pages, furniture, folios)
    if len(pages) < _FEWEST_RECURRENCES:
        return found  # (nothing recurs on so few pages)
    known = set(furniture) | set(found)
    # Each line at an edge keyed once, for both edges (a short page's lines are at both).
    zone = [
        index for page in pages for index in {*page[:_EDGE_ZONE], *page[-_EDGE_ZONE:]} if index not in known
    ]
    zone_keys = dict(zip(zone, _keys([lines[index].text for index in zone]), strict=True))
    counts = Counter(zone_keys.values())
    if max(counts.values(), default=0) < _FEWEST_RECURRENCES:
        return found  # no line at the edges recurs often enough to recur on that many pages
    # A line whose key is found fewer times at the edges is on fewer pages at either edge: no
    # candidate, whatever it reads (most lines: told before the edges are walked).
    zone_keys = {index: key for index, key in zone_keys.items() if counts[key] >= _FEWEST_RECURRENCES}
    for top in (True, False):
        edges = [page if top else page[::-1] for page in pages]
        folio_pages = {
            count for count, edge in enumerate(edges) if not folios.isdisjoint(edge[:_FOLIO_DEPTH])
        }
        for index in _recurring(lines, edges, known, folio_pages, zone_keys):
            found[index] = [(RUNNING, lines[index].text.strip())]
    return found


def _holds_folio(parts: Parts) -> bool:
    return any(code == FOLIO for code, _ in parts)


def _recurring(
    lines: list[SourceLine],
    edges: list[list[int]],
    known: set[int],
    folio_pages: set[int],
    zone_keys: dict[int, str],
) -> list[int]:
    """The lines at the pages' edges (one side; `edges` lists each page's lines from that edge in)
    that recur as running furniture (`zone_keys`: the key of each line there but those `known` that
    may recur, found three times at least at the pages' edges)."""
    page_of = {  # the lines of the edge zones that may recur, and the page (its count) each is on
        index: count for count, edge in enumerate(edges) for index in edge[:_EDGE_ZONE] if index in zone_keys
    }
    pages_with_key: dict[str, set[int]] = {}
    for index, count in page_of.items():
        pages_with_key.setdefault(zone_keys[index], set()).add(count)
    # A line whose key is on fewer pages than any recurrence asks (`_recurs`) is no candidate
    # whatever it reads: most lines are told before they are read.
    keys = {
        index: zone_keys[index]
        for index in page_of
        if len(pages_with_key[zone_keys[index]]) >= _FEWEST_RECURRENCES and _may_run(lines[index].text)
    }
    if not keys:
        return []  # nothing recurs at this edge (most documents' edges): no walk of the pages
    sentence = {key: _reads_as_sentence(lines[index].text) for index, key in keys.items()}
    zone_pages: dict[str, set[int]] = {}
    for index, key in keys.items():
        zone_pages.setdefault(key, set()).add(page_of[index])
    candidates = {key for key, found in zone_pages.items() if _recurs(found, len(edges), sentence[key])}
    while True:
        walked = _walk(edges, keys, candidates, known)
        pages_of: dict[str, set[int]] = {}
        for count, indices in enumerate(walked):
            for index in indices:
                pages_of.setdefault(keys[index], set()).add(count)
        for key, counts in pages_of.items():
            # A head that accompanies the folio where there is one is no furniture on a page without
            # it: there, the line is what the head repeats (a chapter's opening page and its title).
            with_folio = counts & folio_pages
            if len(with_folio) >= 2 and len(with_folio) > len(counts - folio_pages):
                pages_of[key] = with_folio
        kept = {key for key, counts in pages_of.items() if _recurs(counts, len(edges), sentence[key])}
        if kept == candidates:
            break
        candidates = kept
    if _pages_repeat(lines, edges, walked, known):
        return []
    return sorted(
        index
        for count, indices in enumerate(walked)
        for index in indices
        if keys[index] in kept and count in pages_of[keys[index]]
    )


def _walk(
    edges: list[list[int]], keys: dict[int, str], candidates: set[str], known: set[int]
) -> list[list[int]]:
    """On each page, the candidate lines from the edge in, up to the first line that is neither a
    candidate nor furniture already found (and no more than a zone's worth)."""
    walked: list[list[int]] = []
    for edge in edges:
        found: list[int] = []
        for index in edge:
            if index in known:
                continue
            if keys.get(index) not in candidates or len(found) == _EDGE_ZONE:
                break
            found.append(index)
        walked.append(found)
    return walked


def _pages_repeat(
    lines: list[SourceLine], edges: list[list[int]], walked: list[list[int]], known: set[int]
) -> bool:
    """Whether the line after the furniture is the same on many pages: then the "pages" are copies of
    one text pasted together, and what recurs at their edges is that text's own beginning or end."""
    after: Counter[str] = Counter()
    for edge, found in zip(edges, walked, strict=True):
        if not found:
            continue
        taken = set(found)
        rest = next((index for index in edge if index not in taken and index not in known), None)
        after[_compact(lines[rest].text) if rest is not None else ""] += 1  # "": all furniture
    pages = sum(1 for found in walked if found)
    return bool(after) and after.most_common(1)[0][1] >= max(3, pages / 2)


def _heads_beside_folios(
    lines: list[SourceLine], pages: list[list[int]], furniture: dict[int, Parts], folios: set[int]
) -> dict[int, Parts]:
    """Short lines between a page's top and the folio standing near it: the running head printed
    with the page number. Where such a line repeats the heading set under it (a section's head on
    the page where the section starts, "1.2 优点和缺点" over "1.2" and "优点和缺点"), it alone goes.
    (At a page's foot, what follows the folio may be the extractor's order, not a footer.)
    `folios`: the lines of `furniture` that hold a folio."""
    found: dict[int, Parts] = {}
    for page in pages:
        depth = next((d for d, index in enumerate(page[:_FOLIO_DEPTH]) if index in folios), None)
        if depth:
            heads = [index for index in page[:depth] if index not in furniture]
            if not all(_head_like(lines[index].text) for index in heads):
                continue
            mirror = next((index for index in heads if _repeats_heading(lines, page, index, furniture)), None)
            for index in [mirror] if mirror is not None else heads:
                found[index] = [(RUNNING, lines[index].text.strip())]
    return found


def _repeats_heading(
    lines: list[SourceLine], page: list[int], index: int, furniture: dict[int, Parts]
) -> bool:
    """Whether the line is the text of the next two or three lines of the page (folios aside)."""
    following = [i for i in page[page.index(index) + 1 :] if i not in furniture][:3]
    text = _compact(lines[index].text)
    pieces = [_compact(lines[i].text) for i in following]
    return any(text == "".join(pieces[:count]) for count in (2, 3))


#: A line holding no Chinese punctuation, in the lines' texts joined (`sweep`): most lines of prose
#: hold some, and are told by one search through them all.
_WITHOUT_CJK_PUNCTUATION = re.compile(f"\n[^\n{re.escape(CJK_PUNCT)}]*$", re.MULTILINE)
#: A line up to this long recurs with its numbers as #; a longer one only as it stands.
_SHORT_RUNNING = 20


def _periodic_lines(lines: list[SourceLine], texts: JoinedLines, removed: set[int]) -> list[int]:
    """Running heads where nothing else marks the pages: a line that recurs at least three times at
    a steady interval, e.g. "人民日报 第2版" (its numbers aside) or a letterhead's lines (exactly), and
    not where the lines after it recur too (a text pasted several times). No line that holds Chinese
    punctuation, as a Founder font prints it too (`texts`: the lines' texts joined)."""
    seen: dict[str, list[int]] = {}
    # (Founder punctuation read as what it prints maps one character to one: the lines stay apart.)
    for index in opening_lines(read_founder_punctuation(texts.text), _WITHOUT_CJK_PUNCTUATION):
        stripped = lines[index].text.strip()
        if index in removed or not stripped or not _may_run(stripped):
            continue
        key = _key(stripped) if len(stripped) <= _SHORT_RUNNING else _compact(stripped)
        seen.setdefault(key, []).append(index)
    found: list[int] = []
    last_content = max((i for i, line in enumerate(lines) if i not in removed and not line.blank), default=-1)
    positions: list[int] | None = None
    for indices in seen.values():
        if len(indices) < 3:
            continue
        positions = positions or _printed_positions(lines)
        gaps = [positions[b] - positions[a] for a, b in itertools.pairwise(indices)]
        # The last page may be short: its gap counts only as an upper bound, when there are enough
        # others or when the line is the text's last (the footer of a short last page).
        steady = gaps[:-1] if len(gaps) >= 3 or indices[-1] == last_content else gaps
        page_like = min(steady) >= 4 and max(steady) <= min(80, 1.5 * min(steady) + 2)  # a page: 4–80 lines
        if page_like and gaps[-1] <= max(steady) + 2:
            found.extend(indices)
    chosen = set(found)
    after: Counter[str] = Counter()
    for index in found:
        following = next(
            (i for i in range(index + 1, len(lines)) if i not in chosen and not lines[i].blank), None
        )
        if following is not None:
            after[_compact(lines[following].text)] += 1
    if after and after.most_common(1)[0][1] >= max(3, len(found) / 2):
        return []
    return sorted(found)


def _printed_positions(lines: list[SourceLine]) -> list[int]:
    """Each line's position among the printed lines, which a page holds a steady number of: the
    fragments of a shattered address, which an extractor wrote one a line, were one printed line."""
    fragments: set[int] = set()
    for run in shattered_runs(line.text.strip() for line in lines):
        fragments.update(range(run[0] + 1, run[-1] + 1))
    positions: list[int] = []
    position = -1
    for index in range(len(lines)):
        position += index not in fragments
        positions.append(position)
    return positions
