"""Pieces of one printed line that an extractor wrote on lines of their own put back on their line:
plain `pdftotext`'s text blocks in another order, and `pdftotext -raw`'s text objects.

pdftotext reads a page as text blocks; pieces of one printed line set far apart are blocks of their
own, a blank line after each, and it may write them in another order than the line reads:

- a section's number and its heading's text (a book's `\\section`: the number in a box of its own,
  the text beside it) may come out the text first: "历史回顾" / "" / "1.1" / "" / the section's first
  paragraph. A bare section number (1.1, 2.3.1) alone between blank lines, where the text numbers a
  section next to it (1.2 beside 1.1: a system of sections, not a figure in a table's cell), under
  a short line alone between blank lines that holds no sentence and no number of its own, with
  prose after it (not the heading's text, which a number set before it would await), numbers that
  line: the text goes after the number ("1.1 历史回顾"). A number read before its text needs
  nothing (the paragraph pass joins a marker alone to the text it numbers).
- a table of contents set in three columns (LaTeX's: the section numbers, the titles with their
  leaders, the page numbers at the margin) comes out a column's piece a block: "1.1" / "" /
  "安装 TEX Live . . . . . ." / "" / "5". A line ending in a leader, alone between blank lines, with a
  page number alone right after it, is an entry: the page number goes after the leader; and a
  section number alone (two levels at least, as above) right before an entry so made, or a
  chapter's or section's number set apart right before a whole entry on its page, goes before its
  title ("1.1 安装 TEX Live . . . . . . 5").
- the labels of sub-figures set side by side under a row of figures, "(a)约定架构    (b)虚拟第三方",
  come out a label a block: labels lettered on ("(a)", "(b)", "(c)" …), each short with no sentence,
  the last right above the figure's caption (图 1.2 …, Figure 2: a figure's caption stands under
  it, GB/T 7713.1, CY/T 170), are one line again, the caption's row of labels.

`pdftotext -raw` writes the text in the order of the page's content stream, each text object on a
line of its own, no blank lines between; a list marker set as objects of its own comes out a piece a
line:

- "1" / "." / "《烟草专卖…", "1" / "0" / "." / "未领取…" (the digits of "10." an object each),
  "（1" / "）申请表…": a number alone on its line (digits, or an opening bracket and digits; one to
  three digits in all, more on the lines of single digits after it), then a line that opens with
  the mark that closes a marker (". ．、) ）"; a bracket's closing bracket after a bracket), not a
  decimal's point (".5"), is one marker again, glued back without a space ("1.", "10.", "（1）申请表…").
  The paragraph pass then reads the marker as it reads any (a marker alone joins the text it numbers).

Every move is reported as `columns.py`'s are: `piece-moved` on the line the piece left,
`piece-joined` on its printed line's.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from pipeline.clean.columns import move_text
from pipeline.clean.labels import CAPTION, caption_kind, is_attribution
from pipeline.clean.lines import Line, alone, onwards
from pipeline.clean.report import CleanReport
from pipeline.clean.sweep import JoinedLines
from pipeline.clean.text import SENTENCE_PUNCTUATION, display_width, ends_sentence
from pipeline.clean.verbatim import PAGE_NUMBER, toc_entry

#: A section number by itself: two levels or more ("1.1", "2.3.1"; a bare "1" may be a folio or a
#: footnote's mark).
_SECTION_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,3})+")
#: The section number a line opens with ("1.2 优点和缺点", "1.3").
_LEADING_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,3})+(?![\d.])")
#: The widest heading text read apart from its number (display units): a title of a line.
HEADING_TEXT_MAX_WIDTH = 60
#: A sub-figure's label opening a line: "(a)", "（b）".
_SUBFIGURE_LABEL = re.compile(r"[（(](?P<letter>[a-z])[）)]")
#: The widest sub-figure label (display units): a few words.
LABEL_MAX_WIDTH = 40
#: The brackets a sub-figure's label opens with.
_OPENING = frozenset("(（")
#: The marks that close a list marker after its number: "1." "1．" "1、" "1)" "（1）".
_MARKER_CLOSERS = frozenset(".．、)）")
#: The brackets that close a marker opened by a bracket.
_CLOSING_BRACKETS = frozenset(")）")
#: The most digits a list marker's number has.
_MARKER_DIGITS = 3
#: The lines the rules read, by their first characters in the lines' bodies joined (`sweep`): one
#: search of them all tells the other lines (most). A list marker's number and a section's number
#: open with a digit (decimal: `str.isdecimal`, as the pattern's \\d), a list marker's number or a
#: row of sub-figure labels with a bracket.
_OPENS_WITH_DIGIT_OR_BRACKET = re.compile(r"\n[\d(（]")
#: A contents entry's title and leader with no page number after it (the leader's characters as
#: verbatim's contents entries have them).
_ENDS_IN_LEADER = re.compile(r"\S.*?(?:[.．·・][ \t\u3000]?){3,}")
#: A contents entry's number alone on its line: a chapter's (1, 12) or a section's (1.1, 2.3.1).
_CONTENTS_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,3})*")
#: A line that ends with a character a leader may end with, in the lines' bodies joined and read
#: backwards (`sweep`): the lines that end otherwise (most) are told by one search.
_LEADER_END = re.compile("\n[.．·・]")
#: The first label of a row of sub-figure labels: `_label_row` reads a row from no other line.
_FIRST_LABEL = re.compile(r"[（(]a[）)]")


def _bodies(lines: list[Line]) -> JoinedLines:
    """The lines' bodies joined, for the searches that tell the few lines a rule reads."""
    return JoinedLines([line.body for line in lines])


def rejoin_pieces(lines: list[Line], report: CleanReport) -> list[Line]:
    """`lines` with a heading's text read before its number moved after it, and sub-figure labels
    read a block each put back on one line (see the module's docstring); moves reported."""
    bodies = _bodies(lines)
    rejoined = _rejoin_markers(lines, bodies.opening(_OPENS_WITH_DIGIT_OR_BRACKET), report)
    if rejoined is not lines:  # (lines were dropped)
        lines = rejoined
        bodies = _bodies(lines)
    opening = bodies.opening(_OPENS_WITH_DIGIT_OR_BRACKET)
    content = [index for index, line in enumerate(lines) if not line.blank]
    if _rejoin_contents_entries(lines, content, opening, bodies.closing(_LEADER_END), report):
        # (The lines pieces left are blank.)
        opening = _bodies(lines).opening(_OPENS_WITH_DIGIT_OR_BRACKET)
        content = [index for index, line in enumerate(lines) if not line.blank]
    # A section's number opens with a digit, a row of labels with its first: the other lines (most)
    # are told by their first characters. (A move empties the line a piece leaves and lengthens the
    # line it joins, whose first character stays: the lines told before the moves stay told.)
    numbered = [bisect_left(content, index) for index in opening if lines[index].body[0].isdecimal()]
    labelled = [bisect_left(content, index) for index in opening if _FIRST_LABEL.match(lines[index].body)]
    numbers = {
        found.group()
        for position in numbered
        if (found := _LEADING_NUMBER.match(lines[content[position]].body))
    }
    for position in numbered:
        if not 0 < position < len(content) - 1:
            continue
        text, number = content[position - 1], content[position]
        if _number_after_its_text(lines, content, position) and _counts_on(lines[number].body, numbers):
            move_text(lines, text, number, report, moved="piece-moved", joined="piece-joined")
    for position in labelled:
        index = content[position]
        labels = _label_row(lines, content, position)
        for label in labels[1:]:
            move_text(lines, label, index, report, moved="piece-moved", joined="piece-joined")
    return lines


def _rejoin_contents_entries(
    lines: list[Line], content: list[int], opening: list[int], leader_ends: list[int], report: CleanReport
) -> bool:
    """Put a contents entry's section number, title with leader and page number, which plain
    pdftotext wrote a block each, back on one line (see the module's docstring); whether any was.
    `opening`: the lines that open with a digit or a bracket, `leader_ends` those that end with a
    leader's character (`_LEADER_END`), in order."""
    moved = False
    # A section's or chapter's number alone before a whole entry (its page after its leader) on the
    # same page: the number's column.
    for index in opening:
        position = bisect_left(content, index)
        if position + 1 >= len(content) or _CONTENTS_NUMBER.fullmatch(lines[index].body) is None:
            continue  # (most lines: told by the pattern)
        entry = content[position + 1]
        if (
            _set_apart(lines, index)
            and not lines[entry].page_break_before
            and toc_entry(lines[entry].body) is not None
        ):
            move_text(lines, entry, index, report, moved="piece-moved", joined="piece-joined")
            moved = True
    for index in leader_ends:
        position = bisect_left(content, index)
        line = lines[index]  # (a move above may have emptied it: then it is blank)
        if position + 1 >= len(content) or line.blank or _ENDS_IN_LEADER.fullmatch(line.body) is None:
            continue
        page = content[position + 1]
        if not (alone(lines, index) and alone(lines, page) and PAGE_NUMBER.fullmatch(lines[page].body)):
            continue
        target = index
        if position > 0:
            number = content[position - 1]
            if (
                not lines[number].blank
                and alone(lines, number)
                and _SECTION_NUMBER.fullmatch(lines[number].body)
            ):
                move_text(lines, index, number, report, moved="piece-moved", joined="piece-joined")
                target = number
        move_text(lines, page, target, report, moved="piece-moved", joined="piece-joined")
        moved = True
    return moved


def _set_apart(lines: list[Line], index: int) -> bool:
    """Whether a contents entry's number stands apart: a blank line after it, and before it a blank
    line, a page's edge or the entry before (pdftotext writes the number's column after it)."""
    after = index + 1 < len(lines) and lines[index + 1].blank
    before = index == 0 or lines[index - 1].blank or lines[index].page_break_before
    return after and (before or toc_entry(lines[index - 1].body) is not None)


def _number_after_its_text(lines: list[Line], content: list[int], position: int) -> bool:
    """Whether the content line at `position` is a section's bare number read after its heading's
    text, which the content line before it is."""
    number = lines[content[position]]
    if _SECTION_NUMBER.fullmatch(number.body) is None:
        return False  # (most lines: told before the lines around them are read)
    text, after = lines[content[position - 1]], lines[content[position + 1]]
    before = lines[content[position - 2]] if position >= 2 else None
    return (
        alone(lines, content[position])
        and alone(lines, content[position - 1])
        and not number.page_break_before
        and _heading_text(text)
        and not _heading_text(after)  # a number before its heading's text: the text follows
        and (before is None or not before.marker_only)  # no number above awaits the text
    )


def _counts_on(number: str, numbers: set[str]) -> bool:
    """Whether the text numbers a section next to `number` ("1.1" beside "1.2", "2.3" beside "2.2"):
    the number is one of a system of sections, not a figure a table or a sentence holds."""
    *parent, last = number.split(".")
    return any(".".join([*parent, str(int(last) + step)]) in numbers for step in (-1, 1))


def _heading_text(line: Line) -> bool:
    """Whether a line may be a heading's text without its number: short, no sentence, no number."""
    return (
        line.marker is None
        and PAGE_NUMBER.fullmatch(line.body) is None  # (a contents page's number: no words)
        and display_width(line.body) <= HEADING_TEXT_MAX_WIDTH
        and SENTENCE_PUNCTUATION.search(line.body) is None
        and not ends_sentence(line.body)
        and CAPTION.match(line.body) is None
        and not is_attribution(line.body)
    )


def _label_row(lines: list[Line], content: list[int], position: int) -> list[int]:
    """The lines of a row of sub-figure labels pdftotext wrote a label a block, from `position`:
    "(a)…", then "(b)…" … each a block of its own, short, no sentence, the last right above a
    figure's caption; [] where the lines are no such row."""
    if lines[content[position]].body[:1] not in _OPENING:
        return []  # (cheap test first: few lines open with a bracket)
    row: list[int] = []
    letter = "a"
    for index in onwards(content, position):
        line = lines[index]
        label = _SUBFIGURE_LABEL.match(line.body)
        if (
            label is None
            or label.group("letter") != letter
            or display_width(line.body) > LABEL_MAX_WIDTH
            or SENTENCE_PUNCTUATION.search(line.body) is not None
            or (row and (line.page_break_before or not lines[index - 1].blank))
        ):
            break
        row.append(index)
        letter = chr(ord(letter) + 1)
    if len(row) < 2 or position + len(row) >= len(content):
        return []
    return row if caption_kind(lines[content[position + len(row)]].body) == "figure" else []


def _rejoin_markers(lines: list[Line], opening: list[int], report: CleanReport) -> list[Line]:
    """`lines` with each list marker `pdftotext -raw` wrote a piece a line glued back on the line of
    its number (see the module's docstring); the lines the pieces left are dropped, not left blank
    (the extractor writes no blank lines: one left would read as a paragraph's end). `opening`: the
    lines that open with a digit or a bracket, in order."""
    # A marker's number opens with a digit or a bracket, alone on its line: most lines are told by
    # their first character or their length.
    starts = [index for index in opening if len(lines[index].body) <= _MARKER_DIGITS + 1]
    left: set[int] = set()
    for index in starts:
        if index in left:
            continue
        pieces = _marker_pieces(lines, index)
        for piece in pieces:
            move_text(lines, piece, index, report, moved="piece-moved", joined="piece-joined", between="")
        left.update(pieces)
    return [line for index, line in enumerate(lines) if index not in left] if left else lines


def _marker_pieces(lines: list[Line], index: int) -> list[int]:
    """The lines after `index` that hold the rest of the list marker whose number (or its first
    digit) line `index` holds: lines of a single digit, then the line opening with the marker's
    closing mark; [] where the lines are no such marker."""
    number = lines[index].body
    bracketed = number[:1] in _OPENING
    digits = number[1:] if bracketed else number
    if not digits.isdecimal():
        return []
    pieces: list[int] = []
    for following in range(index + 1, len(lines)):
        line = lines[following]
        body = line.body
        if line.page_break_before or not body:
            return []
        if body.isdecimal() and len(body) == 1 and len(digits) < _MARKER_DIGITS:
            digits += body  # the next digit of the number ("1" / "0" / ".")
            pieces.append(following)
            continue
        closes = body[0] in (_CLOSING_BRACKETS if bracketed else _MARKER_CLOSERS)
        if not closes or body[1:2].isdecimal():
            return []  # (the number's own line, or a decimal's point: ".5")
        return [*pieces, following]
    return []
