"""Footnotes at the page foot: which source lines start one, and the reference marks they answer.

A book or paper sets its notes at the foot of the page, under the text, each starting with its mark
(1 2 3 …, ① ②, * † — LaTeX draws * as ∗), and the extractors give them where the page ends:
between the last line of the page and the first of the next, often inside a paragraph that runs on
over the page break. A line starts a note where all of this holds:

- it starts with the next mark of the document's sequence (or 1 again, where notes restart);
- the text since the previous note holds that mark as a reference: glued to the word before it and
  followed by punctuation, a space or a character, never part of a number ("等1。", "Knuth2开发");
- the page ends within a few lines (a page break the furniture pass saw, or the end of the text) —
  or the text shows no pages at all (one paragraph a line, as the cleaner writes it: a note there
  stands where the cleaner put it, after the block its page ended in).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection

from pipeline.clean.lines import Line
from pipeline.document import Block, NoteRef

#: The most lines a page's notes take in an extraction (they wrap over several lines each).
NOTE_AREA_LINES = 12
#: The most lines a page has: a note's reference is on its page, so no further back than this.
PAGE_LINES = 80

#: Units after which a number is a quantity ("1年", "3个"), not a note's mark.
_UNITS = "年月日个個次名位万萬亿億元倍岁歲"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_SYMBOLS = "*†‡§"
#: The first note symbol as LaTeX draws it (U+2217, the asterisk operator): the same mark as "*".
_DRAWN_ASTERISK = "\u2217"
#: The marks a note may have besides a number.
_SIGNS = _CIRCLED + _SYMBOLS + _DRAWN_ASTERISK
#: A note's mark at a line start: a number of one to three digits (alone on the line, or followed
#: by a space or the note's text; not by a unit, spaced out or not: "1 月 27 日" is a date), a
#: circled number or a note symbol.
_MARK = re.compile(
    r"^(?:(?P<number>\d{1,3})(?=$|[ \t\u3000]+(?![" + _UNITS + r"])|[^\s\d.,:%．，：、）)" + _UNITS + r"])"
    rf"|(?P<sign>[{_SIGNS}]))"
)
#: Characters a number is part of, or a unit after which it is a quantity, not a reference mark.
_NOT_AFTER = "0123456789.,%．，：:、号號条條章节節款项項度" + _UNITS


#: The marks other than a number, as a set (a line's first character is read against it).
_SIGN_SET = frozenset(_SIGNS)


def note_mark(body: str) -> str | None:
    """The footnote mark a line starts with, or None. (A digit, circled number or note symbol first:
    most lines are told by their first character without the pattern.)"""
    initial = body[:1]
    if not (initial.isdecimal() or initial in _SIGN_SET):
        return None
    match = _MARK.match(body)
    return match.group() if match else None


def _next_marks(previous: str | None) -> tuple[str, ...]:
    """The marks a note after the note marked `previous` may have: the next in the sequence, or the
    first again (notes numbered page by page)."""
    if previous is None:
        return ("1", "①", "*", _DRAWN_ASTERISK)
    if previous.isdecimal():
        return (str(int(previous) + 1), "1")
    if previous in _CIRCLED:
        index = _CIRCLED.index(previous)
        return (*_CIRCLED[index + 1 : index + 2], "①")
    index = _SYMBOLS.index("*" if previous == _DRAWN_ASTERISK else previous)
    return (*_SYMBOLS[index + 1 : index + 2], "*", _DRAWN_ASTERISK)


def is_reference(text: str, at: int, mark: str) -> bool:
    """Whether `mark` at `text[at:]` is a note reference: glued to the word before it (a letter,
    character or closing mark, not a digit or a space) and not the start of a number or quantity."""
    if at == 0 or text[at - 1].isspace() or text[at - 1].isdecimal() or text[at - 1] in "第.．":
        return False
    after = text[at + len(mark) : at + len(mark) + 1]
    return not (after and (after in _NOT_AFTER or (after.isascii() and after.isalpha())))


def find_reference(text: str, mark: str) -> int:
    """Where the last reference to `mark` in `text` starts, or -1."""
    at = text.rfind(mark)
    while at >= 0:
        if is_reference(text, at, mark):
            return at
        at = text.rfind(mark, 0, at)
    return -1


def find_notes(lines: list[Line], paged: bool = True, verbatim: Collection[int] = ()) -> dict[int, str]:
    """The source line number of every line that starts a footnote, with the note's mark; `paged`
    is False where the text is not wrapped into pages' lines (one paragraph a line). Lines in
    `verbatim` (code, tables, contents entries) hold no note and no reference to one."""
    notes: dict[int, str] = {}
    page_ends: list[int] = []  # read when the first line opens with a note's mark (most texts have none)
    previous: str | None = None
    for index, line in enumerate(lines):
        if line.blank:
            continue
        # (Told by the first character, as `note_mark` tells it: most lines open with no mark. The
        # line's, read when it was made; the set first, cheaper than a method call.)
        initial = line.first
        if not (initial in _SIGN_SET or initial.isdecimal()):
            continue
        if (line.marker is not None and initial not in _SIGN_SET) or line.number in verbatim:
            continue  # a list's or a law's number is no note's mark (a note's ∗ may bullet a list)
        mark = note_mark(line.body)
        if mark is None or mark not in _next_marks(previous):
            continue
        if paged:
            page_ends = page_ends or _page_ends(lines)
            if page_ends[index] - index > NOTE_AREA_LINES:
                continue  # notes stand at the page foot
        page = lines[max(index - PAGE_LINES, 0) : index]
        # A mark opening a line is that line's own (a list's ∗ bullets): a reference mark never opens
        # a printed line, it keeps to the word it follows.
        referring = "".join(
            other.body.removeprefix(mark)
            for other in page
            if other.number not in notes and other.number not in verbatim
        )
        if find_reference(referring, mark) < 0:
            continue
        notes[line.number] = mark
        previous = mark
    return notes


def _page_ends(lines: list[Line]) -> list[int]:
    """For each line, the index of the first line of the next page (len(lines) for the last page)."""
    ends = [len(lines)] * len(lines)
    end = len(lines)
    for index in range(len(lines) - 1, -1, -1):
        ends[index] = end
        if lines[index].page_break_before:
            end = index
    return ends


#: How many blocks before a note its reference may be in (the page's blocks).
REFERENCE_REACH = 30


def link_notes(blocks: list[Block]) -> list[Block]:
    """Every footnote's reference mark linked: the nearest block before the note whose text holds
    the mark as a reference gets it in its `notes`."""
    linked = list(blocks)
    for index, note in enumerate(blocks):
        if note.type != "footnote" or note.mark is None:
            continue
        for before in range(index - 1, max(index - REFERENCE_REACH, -1), -1):
            block = linked[before]
            if block.type in ("footnote", "table"):
                continue
            at = find_reference(block.text, note.mark)
            if at >= 0:
                refs = tuple(sorted((*block.notes, NoteRef(at, note.mark)), key=lambda ref: ref.at))
                linked[before] = dataclasses.replace(block, notes=refs)
                break
    return linked
