"""Cells plain `pdftotext` read a column at a time, put back on the rows they were printed in.

pdftotext reads a page as text blocks, one after the other. Where a list or a minutes' header is
set as a table — a column of numbers or labels beside a column of texts, the cells of a row too far
apart to be one block — it writes the whole first column, then the whole second:

    1. 文化大学 物理系            the first row (its cells close enough to be one block)
    2.                           the rest of the numbers …
    3.
                                 (a blank line: the next block)
    国立中央大学 天文研究所        … then their texts, in the same order
    国立清华大学 物理系

    （常务理事）                   role labels of an attendees' table …
    （监事）

    许瑞荣、曾耀寰                 … and the names beside them
    周翊、秦一男

A run of k cells of one column — bare list markers numbering on from each other ("2." "3." …), or
role labels in brackets inside a minutes' header — followed after a blank line by exactly k lines
that are neither (a block of its own: a blank line or the page's end after it) is such a table:
each text goes back onto its row's line, after the marker or label. And a value read between a
letter-spaced label's halves ("五、主" / "管一政" / "席：", see `header.py`) goes after the label's
second half.

Every move is reported: `column-read` removes the text from the line pdftotext read it on,
`column-row` puts it back on its row's line, so that no character is lost unseen and the trace
shows where each went.
"""

from __future__ import annotations

import itertools
import re

from pipeline.clean.header import ROLE, content_and_cells, first_half_awaits, is_second_half
from pipeline.clean.labels import is_meeting_line
from pipeline.clean.lines import Line
from pipeline.clean.markers import line_marker
from pipeline.clean.report import CleanReport

#: The fewest cells a column must have to be read as one (two rows: the table's evidence).
_FEWEST_CELLS = 2


def restore_rows(lines: list[Line], report: CleanReport) -> list[Line]:
    """`lines` with the cells pdftotext read a column at a time back on their rows' lines (see the
    module's docstring); the moves are reported to `report`."""
    lines = list(lines)
    # The walk reads only the lines that may start a column (a marker, a role label) or be a
    # header's (a labelled line, a label's first half): those with a marker and those that may be a
    # header's cell (`content_and_cells`). It steps over the others (most). A move takes lines up to
    # the next the walk reads: the lines after it are as they were when they were told.
    content, cells = content_and_cells(lines)
    marked = [position for position, index in enumerate(content) if lines[index].marker is not None]
    header = False  # whether a minutes' header's labelled line has been read (role labels need one)
    after = 0  # the position after the lines read or moved so far
    for position in sorted({*cells, *marked}):
        if position < after:
            continue  # (moved with the lines before it)
        line = lines[content[position]]
        header = header or is_meeting_line(line.body)
        # (A column's first cell is a marker, or a label in a header: most lines are told at once.)
        starts_column = line.marker is not None or (header and ROLE.match(line.body) is not None)
        column = _column(lines, content, position, header) if starts_column else 0
        if column:
            texts = _texts_beside(lines, content, position + column, column)
            if texts:
                for offset in range(column):
                    move_text(lines, content[position + column + offset], content[position + offset], report)
                after = position + 2 * column
                continue
        if first_half_awaits(line.body) and position + 2 < len(content):
            value, second = content[position + 1], content[position + 2]
            if is_second_half(line.body, lines[second].body) and _stands_alone(lines, value):
                move_text(lines, value, second, report)
                after = position + 3
                continue
        after = position + 1
    return lines


def _column(lines: list[Line], content: list[int], position: int, header: bool) -> int:
    """How many cells of one column start at `position`: consecutive lines (no blank between) that
    are each a bare list marker numbering on from the one above, or (in a minutes' header) each a
    role label in brackets; 0 where fewer than two."""
    if position + 1 == len(content) or not _next_in_column(lines, content, position + 1):
        return 0  # (the line after is none of its column's: most lines are told before they are read)
    first = lines[content[position]]
    numbered = first.marker_only
    if not numbered and not (header and ROLE.match(first.body) and first.marker is None):
        return 0
    count = 1
    while position + count < len(content):
        if not _next_in_column(lines, content, position + count):
            break
        index = content[position + count]
        above, cell = lines[index - 1], lines[index]
        if numbered:
            follows = (
                cell.marker_only
                and cell.marker == above.marker
                and _value(cell.body) == _value(above.body) + 1
            )
        else:
            follows = ROLE.match(cell.body) is not None and cell.marker is None
        if not follows:
            break
        count += 1
    return count if count >= _FEWEST_CELLS else 0


def _next_in_column(lines: list[Line], content: list[int], position: int) -> bool:
    """Whether the content line at `position` follows the one before it in a column: right after it,
    on the same page (a blank line or a page ends a column)."""
    index = content[position]
    return index == content[position - 1] + 1 and not lines[index].page_break_before


_NUMERALS = "一二三四五六七八九十"


def _value(marker: str) -> int:
    """The number a bare marker counts ("9." → 9, "（三）" → 3); -1 where it is none of those."""
    digits = re.search(r"\d+", marker)
    if digits:
        return int(digits.group())
    numeral = re.search(f"[{_NUMERALS}]", marker)
    return _NUMERALS.index(numeral.group()) + 1 if numeral else -1


def _texts_beside(lines: list[Line], content: list[int], position: int, count: int) -> bool:
    """Whether the `count` content lines from `position` are the column beside a column of that many
    cells: after a blank line, consecutive, none a marker or a label, and a block of their own."""
    if position + count > len(content):
        return False
    indices = content[position : position + count]
    if indices[0] == content[position - 1] + 1:
        return False  # no blank line between the columns: the lines go on the column above
    if any(b != a + 1 for a, b in itertools.pairwise(indices)):
        return False
    if any(lines[index].page_break_before for index in indices):
        return False
    after = indices[-1] + 1
    if after < len(lines) and not lines[after].blank and not lines[after].page_break_before:
        return False  # more lines follow: a block of more lines than the column has cells
    return all(
        line_marker(lines[index].body) is None
        and not ROLE.match(lines[index].body)
        and not is_meeting_line(lines[index].body)
        for index in indices
    )


def _stands_alone(lines: list[Line], index: int) -> bool:
    """Whether a line is a block of its own: blank lines (or the text's edges) before and after it."""
    before = index == 0 or lines[index - 1].blank
    after = index + 1 >= len(lines) or lines[index + 1].blank
    return before and after and lines[index].marker is None and not is_meeting_line(lines[index].body)


def move_text(
    lines: list[Line],
    source: int,
    target: int,
    report: CleanReport,
    *,
    moved: str = "column-read",
    joined: str = "column-row",
    between: str = " ",
) -> None:
    """Move the text of line `source` to the end of line `target`, `between` them (a space: the
    pieces of a row's cells), reported as `moved` on the line it left and `joined` on the line it
    went to."""
    piece, row = lines[source], lines[target]
    report.add(moved, piece.number, piece.body)
    report.add(joined, row.number, "", piece.body)
    lines[target] = Line(
        row.number,
        f"{row.text}{between}{piece.body}",
        row.page_break_before,
        printed=f"{row.printed}{between}{piece.printed}",
    )
    lines[source] = Line(piece.number, "", piece.page_break_before)
