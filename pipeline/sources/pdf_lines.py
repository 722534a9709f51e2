"""A PDF page's characters → its printed lines in reading order (rows, pieces, columns, spaces).

PDF content streams draw characters in any order, so lines are rebuilt from positions:

- **rows**: characters whose baselines lie within a third of an em of each other; a row of smaller
  characters inside the band of the row next to it (a superscript note mark, the raised A of the
  TeX logo, a subscript) joins it. A character drawn twice at the same place (a simulated bold) counts once.
- **pieces**: to find columns, a row splits where a gap of more than `PIECE_GAP` ems separates its
  characters; on a page without columns only at `FIELD_GAP` ems (fields set far apart); never where
  every piece would be a single character (a title letter-spaced over the measure: "通    知").
- **columns**: a page is read column by column where one gutter separates wide pieces of running
  text on both sides for several rows; rows above and below (a title, a running head) stay in place.
  Where pieces stand side by side without such a gutter (tables, forms) the page is read row by
  row and reported as unclear.
- **spaces**: a space glyph in the PDF is kept; between Latin letters or digits a gap of a fifth of
  an em is a word space (many PDFs have no space glyphs); nothing is put between Han characters.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline.unicode import BULLETS, CLOSING_PUNCT, SPACED_BULLETS, is_cjk, is_han

#: A gap wider than this many ems splits a row into pieces.
PIECE_GAP = 2.0
#: On a page without columns, a row splits only at a gap wider than this many ems: fields set far
#: apart on one line (a left and a right running head, "主  席：管一政 ⇥ 記錄：劉姵汝"), while a
#: label and its value a tab apart ("(理事長) ⇥ 管一政") or a letter-spaced word stay one line.
FIELD_GAP = 6.0
#: A gap between Latin letters or digits wider than this share of an em is a word space.
WORD_GAP = 0.2
#: How far (ems) two baselines may lie apart in one row; lines are at least an em apart.
_ROW_TOLERANCE = 0.3
#: A row this much smaller than its neighbour, inside its band, is a superscript or subscript.
_SMALLER = 0.85
#: Rows with pieces on both sides of a gutter needed before a page counts as set in columns.
_COLUMN_ROWS = 4
#: A column's pieces fill at least this share of the column's width (running text, not a form).
_COLUMN_FILL = 0.6
#: The narrowest column of running text (ems): narrower, it is a contents list's page numbers or a
#: table's column of figures beside the text, read with their rows.
_COLUMN_MIN_EMS = 8


@dataclass(slots=True)
class Glyph:
    """One drawn character: loose box (points, y from the page top), baseline, em size and style."""

    char: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    style: int  # index into the reader's `Style` list
    space_after: bool = False  # a space glyph follows it in the PDF


@dataclass(frozen=True, slots=True)
class Style:
    """The face of a run of text: font name (no subset tag), whether it is bold, fill colour 0xRRGGBB."""

    font: str
    bold: bool
    colour: int


@dataclass(frozen=True, slots=True)
class PdfLine:
    """One printed line (or one piece of a row split at a wide gap) with its geometry, in points.

    `x0`/`x1` are measured from the page's left edge, `top`/`bottom`/`baseline` from its top edge;
    `top`/`bottom` bound the characters of the line's body size. `size` is that body size (the em
    of most of its characters), `font`/`bold`/`colour` its dominant face. `runs` gives each change
    of face as (offset into `text`, font, bold, size), so a bold lead or a small note mark shows.
    `starts` holds where the first characters of `text` begin (a hanging indent lines up with the
    text after a list marker), `lead` the width of the line's first unbreakable unit (a Latin word,
    or a character with the closing marks glued to it), which a line above ending short could not
    take. `column` is 0 on a page read as one column, else 1, 2 … from the left. `in_figure`: the
    line lies within a drawing of curves (a diagram whose labels are text).
    """

    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    font: str
    bold: bool
    colour: int
    runs: tuple[tuple[int, str, bool, float], ...]
    starts: tuple[float, ...] = ()
    lead: float = 0.0
    column: int = 0
    in_figure: bool = False

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True)
class PageLayout:
    """A page's lines in reading order, how many columns it was read in, and whether its pieces
    stood side by side without a clear gutter (read row by row)."""

    lines: list[PdfLine]
    columns: int
    unclear: bool


def build_lines(page: int, glyphs: list[Glyph], styles: list[Style]) -> PageLayout:
    """The page's printed lines in reading order."""
    rows = _rows(glyphs)
    ordered, columns, unclear = _reading_order(rows)
    lines = [_line(page, piece, styles, column) for piece, column in ordered]
    return PageLayout(lines, columns, unclear)


# --- Rows ----------------------------------------------------------------------------------------


def _rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Characters grouped by baseline, top to bottom; superscripts joined to their row; each row
    sorted left to right without duplicates."""
    rows: list[list[Glyph]] = []
    reference = size = 0.0
    for glyph in sorted(glyphs, key=lambda g: g.baseline):
        if rows and glyph.baseline - reference <= _ROW_TOLERANCE * max(size, glyph.size):
            rows[-1].append(glyph)
            if glyph.size > size:
                reference, size = glyph.baseline, glyph.size
            continue
        rows.append([glyph])
        reference, size = glyph.baseline, glyph.size
    rows = _join_small_rows(rows)
    return [_deduplicated(sorted(row, key=lambda g: g.x0)) for row in rows]


def _body_size(row: list[Glyph]) -> float:
    return max(g.size for g in row)


def _join_small_rows(rows: list[list[Glyph]]) -> list[list[Glyph]]:
    """Join a row of smaller characters to the row above or below whose band holds its baseline."""
    joined: list[list[Glyph]] = []
    index = 0
    while index < len(rows):
        row = rows[index]
        size = _body_size(row)
        baseline = statistics.median(g.baseline for g in row)
        host = None
        for neighbour in (joined[-1] if joined else None, rows[index + 1] if index + 1 < len(rows) else None):
            if neighbour is None:
                continue
            other = _body_size(neighbour)
            other_baseline = max(neighbour, key=lambda g: g.size).baseline
            inside = -0.7 * other <= baseline - other_baseline <= 0.35 * other
            if size <= _SMALLER * other and inside and _overlaps_horizontally(row, neighbour):
                host = neighbour
                break
        if host is not None:
            host.extend(row)
        else:
            joined.append(row)
        index += 1
    return joined


def _overlaps_horizontally(row: list[Glyph], other: list[Glyph]) -> bool:
    """Whether a small row lies within the horizontal extent of a row (a note mark in its line)."""
    left = min(g.x0 for g in other) - 2 * _body_size(other)
    right = max(g.x1 for g in other) + 2 * _body_size(other)
    return all(left <= g.x0 and g.x1 <= right for g in row)


def _deduplicated(row: list[Glyph]) -> list[Glyph]:
    """Drop a character drawn again over itself (simulated bold, shadowed text)."""
    kept: list[Glyph] = []
    for glyph in row:
        if any(
            other.char == glyph.char
            and abs(other.x0 - glyph.x0) < 0.2 * glyph.size
            and abs(other.baseline - glyph.baseline) < 0.2 * glyph.size
            for other in kept[-3:]
        ):
            continue
        kept.append(glyph)
    return kept


# --- Pieces and columns -------------------------------------------------------------------------


def _split_row(row: list[Glyph], gap: float) -> list[list[Glyph]]:
    """A row split at gaps wider than `gap` ems, unless that leaves single characters only."""
    em = statistics.median(g.size for g in row)
    pieces: list[list[Glyph]] = [[row[0]]]
    for before, glyph in itertools.pairwise(row):
        if glyph.x0 - before.x1 > gap * em:
            pieces.append([glyph])
        else:
            pieces[-1].append(glyph)
    if len(pieces) > 1 and all(len(piece) == 1 for piece in pieces):
        return [row]  # one word letter-spaced over the measure
    return pieces


def _reading_order(rows: list[list[Glyph]]) -> tuple[list[tuple[list[Glyph], int]], int, bool]:
    """Pieces in reading order with their column (0: none), the number of columns, and whether the
    page had pieces side by side without a clear gutter."""
    pieces = [piece for row in rows for piece in _split_row(row, PIECE_GAP)]
    gutter = _gutter(pieces)
    if gutter is None:
        fields = [(piece, 0) for row in rows for piece in _split_row(row, FIELD_GAP)]
        return fields, 1, _side_by_side(pieces)
    in_rows = [(piece, 0) for piece in pieces]
    left_edge, right_edge = gutter
    two_sided = [
        index
        for index, piece in enumerate(pieces)
        if piece[-1].x1 <= left_edge
        and any(
            other[0].x0 >= right_edge and _same_row(piece, other)
            for other in pieces[max(0, index - 3) : index + 4]
        )
    ]
    first, last = two_sided[0], two_sided[-1]
    # the column region runs from the first row with text on both sides to the last one
    start = next(i for i, piece in enumerate(pieces) if _same_row(piece, pieces[first]))
    end = max(i for i, piece in enumerate(pieces) if _same_row(piece, pieces[last]))
    region = pieces[start : end + 1]
    if any(piece[0].x0 < left_edge and piece[-1].x1 > right_edge for piece in region):
        return in_rows, 1, True  # a piece crosses the gutter inside the columns: not clear
    left = [(piece, 1) for piece in region if piece[-1].x1 <= left_edge]
    right = [(piece, 2) for piece in region if piece[0].x0 >= right_edge]
    ordered = in_rows[:start] + left + right + in_rows[end + 1 :]
    return ordered, 2, False


def _same_row(a: list[Glyph], b: list[Glyph]) -> bool:
    return abs(a[0].baseline - b[0].baseline) <= _ROW_TOLERANCE * max(a[0].size, b[0].size)


def _gutter(pieces: list[list[Glyph]]) -> tuple[float, float] | None:
    """The gap between two columns of running text: (right edge of the left column, left edge of
    the right column), or None. Both columns' pieces must mostly fill their column (running text
    whose lines reach both edges, not a form's labels and values)."""
    pairs = [(a, b) for a, b in itertools.pairwise(pieces) if _same_row(a, b) and b[0].x0 > a[-1].x1]
    if len(pairs) < _COLUMN_ROWS:
        return None
    left_edge = Counter(round(a[-1].x1 / 4) for a, _ in pairs)
    right_edge = Counter(round(b[0].x0 / 4) for _, b in pairs)
    right_start = right_edge.most_common(1)[0][0] * 4
    lefts = [a for a, b in pairs if abs(b[0].x0 - right_start) <= 6]
    rights = [b for a, b in pairs if abs(b[0].x0 - right_start) <= 6]
    if len(lefts) < _COLUMN_ROWS or not left_edge:
        return None
    left_end = max(a[-1].x1 for a in lefts)
    if left_end >= right_start:
        return None
    margin = min(a[0].x0 for a in lefts)
    far = max(b[-1].x1 for b in rights)
    left_width, right_width = left_end - margin, far - right_start
    em = statistics.median(glyph.size for piece in lefts + rights for glyph in piece)
    if min(left_width, right_width) < _COLUMN_MIN_EMS * em:
        return None
    fill_left = statistics.median(a[-1].x1 - a[0].x0 for a in lefts) / max(left_width, 1)
    fill_right = statistics.median(b[-1].x1 - b[0].x0 for b in rights) / max(right_width, 1)
    if fill_left < _COLUMN_FILL or fill_right < _COLUMN_FILL:
        return None
    # (The right column starts where its pieces do, not at the 4-point step they were counted in:
    # a piece a hair left of that step would stand on neither side.)
    return left_end, min(b[0].x0 for b in rights)


def _side_by_side(pieces: list[list[Glyph]]) -> bool:
    """Whether many rows hold pieces side by side (a table, a form): read row by row, unclear."""
    rows_with_pieces = sum(1 for a, b in itertools.pairwise(pieces) if _same_row(a, b))
    return rows_with_pieces >= 2 * _COLUMN_ROWS


# --- One line -------------------------------------------------------------------------------------


def _line(page: int, glyphs: list[Glyph], styles: list[Style], column: int) -> PdfLine:
    sizes = Counter(round(g.size, 1) for g in glyphs)
    size = max(sizes, key=lambda s: (sizes[s], s))
    body = [g for g in glyphs if g.size >= _SMALLER * size] or glyphs
    style = styles[Counter(g.style for g in glyphs).most_common(1)[0][0]]
    text, runs, starts = _text(glyphs, styles, size)
    return PdfLine(
        page=page,
        text=text,
        x0=glyphs[0].x0,
        x1=max(g.x1 for g in glyphs),
        top=min(g.top for g in body),
        bottom=max(g.bottom for g in body),
        baseline=statistics.median(g.baseline for g in body),
        size=size,
        font=style.font,
        bold=style.bold,
        colour=style.colour,
        runs=runs,
        starts=starts,
        lead=_lead(glyphs),
        column=column,
    )


#: How many character positions a line keeps (`PdfLine.starts`): enough for any list marker.
_STARTS = 16


def _text(
    glyphs: list[Glyph], styles: list[Style], size: float
) -> tuple[str, tuple[tuple[int, str, bool, float], ...], tuple[float, ...]]:
    """The characters with word spaces rebuilt, the runs of face and size, and where the first
    `_STARTS` characters of the text begin (a space begins where the character after it does)."""
    pieces: list[str] = []
    starts: list[float] = []
    runs: list[tuple[int, str, bool, float]] = []
    length = 0
    previous: Glyph | None = None
    for glyph in glyphs:
        if previous is not None and (
            _space_between(previous, glyph, size)
            or (previous is glyphs[0] and _bullet_set_apart(previous, glyph, size))
        ):
            pieces.append(" ")
            length += 1
            if len(starts) < _STARTS:
                starts.append(glyph.x0)
        style = styles[glyph.style]
        run = (style.font, style.bold, round(glyph.size, 1))
        if not runs or runs[-1][1:] != run:
            runs.append((length, *run))
        pieces.append(glyph.char)
        length += len(glyph.char)
        if len(starts) < _STARTS:
            starts.extend([glyph.x0] * len(glyph.char))
        previous = glyph
    return "".join(pieces), tuple(runs), tuple(starts[:_STARTS])


_LATIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,-_/:@%")


def _lead(glyphs: list[Glyph]) -> float:
    """Width of the line's first unbreakable unit: a Latin word or number, else one character with
    the closing punctuation after it (clreq: closing marks never start a line)."""
    end = 1
    if glyphs[0].char in _LATIN:
        while end < len(glyphs) and glyphs[end].char in _LATIN and not glyphs[end - 1].space_after:
            end += 1
    else:
        while end < len(glyphs) and glyphs[end].char in CLOSING_PUNCT:
            end += 1
    return glyphs[end - 1].x1 - glyphs[0].x0


#: Glyphs the items of a list open with.
_BULLETS = frozenset(BULLETS + SPACED_BULLETS)


def _bullet_set_apart(first: Glyph, after: Glyph, size: float) -> bool:
    """Whether a line opens with a bullet set apart from its item's text by a gap (the box of a list's
    label), which text extractors write as a space: "– 主服务器", where "–主服务器" reads as a dash."""
    return first.char in _BULLETS and after.x0 - first.x1 > WORD_GAP * min(size, first.size, after.size)


def _space_between(before: Glyph, after: Glyph, size: float) -> bool:
    """A space glyph in the PDF, or a word gap between two characters that are not Chinese."""
    if before.space_after:
        return True
    if is_cjk(before.char) or is_cjk(after.char):
        return False
    return after.x0 - before.x1 > WORD_GAP * min(size, before.size, after.size)


# --- Numbers set apart ---------------------------------------------------------------------------


#: A number opening a line as a law numbers its paragraphs (1 2 3) and their items (一 二 三),
#: followed by text, not by a marker's own punctuation ("1." "一、" are markers by their text).
_OPENING_NUMBER = re.compile(r"[0-9]{1,2}(?=[^\s0-9.．、，,)）:：])|[一二三四五六七八九十]{1,3}")


def numbers_set_apart(lines: Sequence[PdfLine]) -> list[PdfLine]:
    """The lines (of a whole document) with a space after a number that opens a line set apart from
    its text. A typesetter sets such a number apart with a space or a hanging indent, which a PDF
    often draws as a gap alone: wider, by a word space, than the line's spacing between characters.
    A Han numeral is never set apart from Han text otherwise; a digit from Han text, or a Han numeral
    from digits and Latin, may be (Han–Latin spacing, clreq's quarter em), so there the text must
    also begin where other lines begin, right of the number, or where other items' text begins
    after their numbers: the hanging indent of the document's items."""
    found = {index: gap for index, line in enumerate(lines) if (gap := _number_gap(line)) is not None}
    columns: dict[int, list[float]] = {0: [], 1: []}  # where text begins, by the parity of its page
    for index, line in enumerate(lines):
        columns[line.page % 2].append(line.x0)
        if index in found and not found[index][1]:
            columns[line.page % 2].append(line.starts[found[index][0]])
    spaced = list(lines)
    for index, (end, ambiguous) in found.items():
        line = lines[index]
        text_start, em = line.starts[end], line.size
        if ambiguous and not any(
            abs(x - text_start) <= 0.4 * em for x in columns[line.page % 2] if x > line.x0 + 0.5 * em
        ):
            continue
        runs = tuple(
            (offset + 1 if offset >= end else offset, font, bold, size)
            for offset, font, bold, size in line.runs
        )
        starts = (*line.starts[:end], text_start, *line.starts[end:])[: len(line.starts)]
        spaced[index] = replace(line, text=f"{line.text[:end]} {line.text[end:]}", runs=runs, starts=starts)
    return spaced


def _number_gap(line: PdfLine) -> tuple[int, bool] | None:
    """Where the number opening a line ends, if a gap of a word space sets it apart from its text,
    and whether that gap could be something else: Han–Latin spacing (digits before Han text, a Han
    numeral before Latin), or a justified line's stretch (a gap hardly wider than the others). A
    Han number ends at its first gap ("二一定要…" is 二 and text; "十二 土地法" is 十二)."""
    match = _OPENING_NUMBER.match(line.text)
    if match is None or match.end() >= len(line.starts) - 1:
        return None
    em = line.size
    digits = line.text[0].isdigit()
    pitches = sorted(  # the line's spacing between Han characters (each an em wide)
        line.starts[k + 1] - line.starts[k] - em
        for k in range(match.end(), len(line.starts) - 1)
        if is_han(line.text[k]) and is_han(line.text[k + 1])
    )
    spacing = pitches[len(pitches) // 2] if pitches else 0.0
    for end in [match.end()] if digits else range(1, match.end() + 1):
        if line.text[end] in "、，,.．)）:：" or line.text[end].isspace():
            return None  # a marker by its text ("一、"), or a space the PDF has
        number_end = line.x0 + line.lead if digits else line.starts[end - 1] + em
        gap = line.starts[end] - number_end
        if gap < WORD_GAP * em:
            continue
        # a justified line may stretch the gap after the number with the rest, or not (a marker's box)
        distinct = gap >= spacing + WORD_GAP / 2 * em
        return end, digits or not is_han(line.text[end]) or not distinct
    return None
