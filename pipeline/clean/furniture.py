"""Page furniture: numbered source lines → the same lines without page numbers, headers and footers.

What is removed is reported and returned; where a page ended, the next line is flagged
`page_break_before` so that the paragraph rules can join a paragraph split by the page.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from pipeline.clean.report import CleanReport
from pipeline.clean.text import CONTROL_CHARACTERS, EDGE_SPACE, FORM_FEED, PARAGRAPH_MARK, leading_width
from pipeline.unicode import CJK_PUNCT

_DASH = r"[-－—–―~～]"
_DIGITS = r"[0-9０-９]+"
_CN_NUMERAL = r"[〇零一二三四五六七八九十百]+"

PAGE_MARKER_FORMS: dict[str, tuple[re.Pattern[str], bool]] = {
    # name: (pattern with a group "n" for the page number, needs_sequence)
    "dashed": (re.compile(rf"^{_DASH}+\s*(?P<n>{_DIGITS})\s*{_DASH}+$"), False),
    "dashed_chinese": (re.compile(rf"^{_DASH}+\s*(?P<n>{_CN_NUMERAL})\s*{_DASH}+$"), False),
    "di_ye": (re.compile(rf"^第\s*(?P<n>{_DIGITS})\s*页(?:\s*[,，/／]?\s*共\s*{_DIGITS}\s*页)?$"), False),
    "gong_di_ye": (re.compile(rf"^共\s*{_DIGITS}\s*页\s*[,，/／]?\s*第\s*(?P<n>{_DIGITS})\s*页$"), False),
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
    """Number the lines of already-decoded text (newlines normalised to LF by `sources`)."""
    return [SourceLine(number, line) for number, line in enumerate(text.split("\n"), start=1)]


@dataclass(frozen=True)
class _Candidate:
    index: int
    form: str
    page: int


#: Every marker holds a numeral: a cheap test before the patterns.
_NUMERAL = re.compile(r"[0-9０-９〇零一二三四五六七八九十]")
#: … and is made of nothing but numerals, dashes, slashes, spaces and the words of the forms above.
_MARKER_CHARACTERS = re.compile(
    rf"(?:{_DASH}|[0-9０-９〇零一二三四五六七八九十百第页共,，/／\s]|(?i:page|of))+"
)


def page_number(text: str) -> tuple[str, int] | None:
    """Recognise a page-marker line: (form name, page number), or None."""
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


def _number(text: str) -> int | None:
    """Arabic, full-width or Chinese numerals (一七 = 17, 十七 = 17, 二十 = 20) → int."""
    text = text.translate({0xFF10 + i: 0x30 + i for i in range(10)})
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


def remove_furniture(lines: list[SourceLine], report: CleanReport) -> tuple[list[SourceLine], list[str]]:
    """Remove form feeds, page markers and running headers/footers; flag the line after each page end."""
    lines = _strip_form_feeds(lines, report)
    markers = _page_markers(lines)
    removed_at: dict[int, str] = {}
    for candidate in markers:
        removed_at[candidate.index] = "page-marker"
    for index in _running_headers(lines, markers) + _periodic_lines(lines, set(removed_at)):
        removed_at.setdefault(index, "running-header")
    kept: list[SourceLine] = []
    removed: list[str] = []
    break_pending = False
    for index, line in enumerate(lines):
        code = removed_at.get(index)
        if code is not None:
            text = line.text.strip()
            report.add(code, line.number, text)
            removed.append(text)
            break_pending = True
            while kept and kept[-1].blank and PARAGRAPH_MARK not in kept[-1].text:
                kept.pop()  # blank lines before a page marker belong to the furniture too (a mark is text)
            continue
        if line.page_break_before:
            break_pending = True
        if break_pending and not line.blank:
            line = SourceLine(line.number, line.text, page_break_before=True)
            break_pending = False
        elif break_pending and line.blank and PARAGRAPH_MARK not in line.text:
            continue  # blank lines around a page boundary are part of the furniture
        kept.append(line)
    return kept, removed


def _strip_form_feeds(lines: list[SourceLine], report: CleanReport) -> list[SourceLine]:
    out: list[SourceLine] = []
    for line in lines:
        if FORM_FEED in line.text:
            for _ in range(line.text.count(FORM_FEED)):
                report.add("form-feed", line.number, FORM_FEED)
            line = SourceLine(line.number, line.text.replace(FORM_FEED, ""), page_break_before=True)
        out.append(line)
    return out


def _page_markers(lines: list[SourceLine]) -> list[_Candidate]:
    """Page-marker lines; forms that could be ordinary text need more evidence.

    A marker stands alone on its line; "1 / 2" inside a sentence is never one. A bare number or
    "n / m" counts when at least two such lines number pages in order, or, for a one-page text,
    when it is the first or last line of a text that holds more than it.
    """
    candidates: dict[str, list[_Candidate]] = {}
    for index, line in enumerate(lines):
        recognised = page_number(line.text)
        if recognised:
            form, page = recognised
            candidates.setdefault(form, []).append(_Candidate(index, form, page))
    accepted: list[_Candidate] = []
    ends = _text_ends(lines)
    for form, found in candidates.items():
        needs_sequence = PAGE_MARKER_FORMS[form][1]
        if not needs_sequence:
            accepted.extend(found)
            continue
        if form == "bare_chinese":
            found = [c for c in found if lines[c.index].indent >= 8]
        if (len(found) >= 2 and all(b.page > a.page for a, b in itertools.pairwise(found))) or (
            len(found) == 1 and found[0].page <= 999 and found[0].index in ends and len(ends) == 2
        ):
            accepted.extend(found)
    return sorted(accepted, key=lambda c: c.index)


def _normalised(text: str) -> str:
    return re.sub(r"[0-9０-９]+", "#", text.strip())


def _text_ends(lines: list[SourceLine]) -> set[int]:
    """Indices of the first and the last non-blank line."""
    content = [i for i, line in enumerate(lines) if not line.blank]
    return set(content[:1] + content[-1:])


def _running_headers(lines: list[SourceLine], markers: list[_Candidate]) -> list[int]:
    """Lines next to page boundaries whose text (digits aside) recurs at most boundaries."""
    breaks = {i for i, line in enumerate(lines) if line.page_break_before}
    boundaries = sorted({c.index for c in markers} | breaks)
    if len(boundaries) < 3:
        return []
    marker_indices = {c.index for c in markers}
    near: dict[str, set[int]] = {}
    for boundary in boundaries:
        for index in _neighbours(lines, boundary, marker_indices):
            text = _normalised(lines[index].text)
            if text and len(text) <= 40:
                near.setdefault(text, set()).add(index)
    counts = Counter({text: len(indices) for text, indices in near.items()})
    threshold = max(3, (len(boundaries) + 1) // 2)
    repeated = {text for text, count in counts.items() if count >= threshold}
    # The first page's header and the last page's footer sit at the ends of the text, not at a boundary.
    content = [i for i, line in enumerate(lines) if not line.blank and i not in marker_indices]
    for end in content[:1] + content[-1:]:
        if _normalised(lines[end].text) in repeated:
            near[_normalised(lines[end].text)].add(end)
    return sorted(i for text in repeated for i in near[text])


def _neighbours(lines: list[SourceLine], boundary: int, skip: set[int]) -> list[int]:
    """The first content line on each side of a boundary, plus the first/last lines of the text."""
    found: list[int] = []
    for step, start in ((-1, boundary - 1), (1, boundary + 1 if boundary in skip else boundary)):
        index = start
        while 0 <= index < len(lines) and (lines[index].blank or index in skip):
            index += step
        if 0 <= index < len(lines):
            found.append(index)
    return found


_CJK_PUNCTUATION = re.compile(f"[{re.escape(CJK_PUNCT)}]")


def _periodic_lines(lines: list[SourceLine], removed: set[int]) -> list[int]:
    """Running heads where nothing else marks the pages: a short line without punctuation that
    recurs (digits aside) at least three times at a steady interval, e.g. "人民日报 第2版"."""
    seen: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        stripped = line.text.strip()
        if index in removed or not stripped or len(stripped) > 20 or _CJK_PUNCTUATION.search(stripped):
            continue
        seen.setdefault(_normalised(stripped), []).append(index)
    found: list[int] = []
    last_content = max((i for i, line in enumerate(lines) if i not in removed and not line.blank), default=-1)
    for indices in seen.values():
        if len(indices) < 3:
            continue
        gaps = [b - a for a, b in itertools.pairwise(indices)]
        # The last page may be short: its gap counts only as an upper bound, when there are enough
        # others or when the line is the text's last (the footer of a short last page).
        steady = gaps[:-1] if len(gaps) >= 3 or indices[-1] == last_content else gaps
        page_like = min(steady) >= 4 and max(steady) <= min(80, 1.5 * min(steady) + 2)  # a page: 4–80 lines
        if page_like and gaps[-1] <= max(steady) + 2:
            found.extend(indices)
    return sorted(found)
