"""Block text → pre-broken, justified lines of inline HTML, because WeasyPrint cannot justify Chinese.

WeasyPrint's `text-align: justify` only widens spaces, and Chinese has none. So the project breaks lines
itself: atoms (clreq.py) are packed greedily into the measure with advances shaped from the real font
(metrics.py); each non-final line gets `letter-spacing` = slack ÷ (characters − 1) on all but its last
character, so its last glyph ends on the right margin; lines are joined with `<br>` inside a
`white-space: nowrap` block. Copied text stays the document text: spacing is CSS, never characters.

Also done here, since it changes line widths: adjacent punctuation compression (the `chws` rule of
clreq §3.1.6 done with `halt` on the right character, as the fonts lack `chws`), optional half-width
punctuation at a line end (push-in), the quarter em between Han and Latin (autospace; none at line
edges), and no paragraph whose last line holds a single character (clreq §3.1.8, 孤字不成行).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from pipeline.layout.clreq import HALF_LEFT_BLANK, HALF_RIGHT_BLANK, Atom, Piece, atomize
from pipeline.layout.metrics import FontMetrics

#: clreq §3.2.2: a quarter em between Han and Latin/digits.
AUTOSPACE_EM = 0.25


@dataclass(frozen=True)
class Measure:
    """Where and how a block's lines are set: widths in pt, font size in pt, what may change."""

    width: float
    font_size: float
    indent: float = 0.0  # first-line indent, pt
    justify: bool = True
    #: largest letter-spacing reduction per gap, in em, accepted to keep one more atom on a line
    max_shrink: float = 0.04
    #: whether closing punctuation at a line end may be set half-width to make room (push-in)
    line_end_halt: bool = True


@dataclass(frozen=True)
class Cell:
    """One piece as set on a line: with or without `halt`, with or without its quarter-em spaces."""

    piece: Piece
    halt: bool
    space_before: bool
    space_after: bool


@dataclass(frozen=True)
class Line:
    """A set line: its cells and the letter-spacing (pt) for all characters but the last."""

    cells: tuple[Cell, ...]
    spacing: float

    @property
    def text(self) -> str:
        return "".join(cell.piece.text for cell in self.cells)


def compressed(pieces: Sequence[Piece]) -> list[bool]:
    """Which pieces are set half-width because the next/previous piece is punctuation too (chws).

    Closing mark before any bracket-like mark loses its blank right half ("）。", "，“");
    an opening mark after another opening mark loses its blank left half ("（“").
    """
    halt = [False] * len(pieces)
    for index in range(len(pieces) - 1):
        left, right = pieces[index].text, pieces[index + 1].text
        if left in HALF_RIGHT_BLANK and right[0] in HALF_RIGHT_BLANK | HALF_LEFT_BLANK:
            halt[index] = True
        elif left in HALF_LEFT_BLANK and right in HALF_LEFT_BLANK:
            halt[index + 1] = True
    return halt


class _Paragraph:
    """The atoms of one block with their measured widths, for trying line candidates quickly."""

    def __init__(self, text: str, metrics: FontMetrics, measure: Measure) -> None:
        self.measure = measure
        self.atoms: list[Atom] = atomize(text)
        self.pieces: list[Piece] = [piece for atom in self.atoms for piece in atom.pieces]
        halt = compressed(self.pieces)
        self.cells: list[list[Cell]] = []
        self.widths: list[list[float]] = []
        position = 0
        size = measure.font_size
        for atom in self.atoms:
            cells, widths = [], []
            for piece in atom.pieces:
                cells.append(Cell(piece, halt[position], piece.space_before, piece.space_after))
                widths.append(metrics.width(piece.text, latin=piece.latin, halt=halt[position]) * size)
                position += 1
            self.cells.append(cells)
            self.widths.append(widths)
        self.end_halt_saving = [
            (metrics.width(cells[-1].piece.text) - metrics.width(cells[-1].piece.text, halt=True)) * size
            if cells[-1].piece.text in HALF_RIGHT_BLANK and not cells[-1].halt
            else 0.0
            for cells in self.cells
        ]

    def line(self, start: int, end: int, *, end_halt: bool = False) -> tuple[list[Cell], float]:
        """Cells of atoms[start:end] as set on one line, and their natural width in pt."""
        cells = [cell for atom in self.cells[start:end] for cell in atom]
        widths = [width for atom in self.widths[start:end] for width in atom]
        while len(cells) > 1 and cells[-1].piece.is_space:
            cells.pop()
            widths.pop()
        quarter = AUTOSPACE_EM * self.measure.font_size
        set_cells: list[Cell] = []
        total = 0.0
        for index, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            before = cell.space_before and index > 0
            after = cell.space_after and index < len(cells) - 1
            halt = cell.halt or (end_halt and index == len(cells) - 1)
            if halt and not cell.halt:
                width -= self.end_halt_saving[end - 1]
            set_cells.append(Cell(cell.piece, halt, before, after))
            total += width + quarter * (before + after)
        return set_cells, total


def _gaps(cells: Sequence[Cell]) -> int:
    return max(sum(len(cell.piece.text) for cell in cells) - 1, 1)


def break_lines(text: str, metrics: FontMetrics, measure: Measure) -> list[Line]:
    """Break `text` into lines no wider than the measure under clreq rules, and justify them."""
    para = _Paragraph(text, metrics, measure)
    size = measure.font_size
    breaks: list[tuple[int, int, bool]] = []  # (start, end, end_halt)
    start = 0
    count = len(para.atoms)
    while start < count:
        width = measure.width - (measure.indent if start == 0 else 0.0)
        end = start + 1
        while end < count and para.line(start, end + 1)[1] <= width + 0.01:
            end += 1
        if end == count:
            breaks.append((start, end, False))
            break
        chosen = _choose(para, start, end, width, size)
        if not measure.justify:
            chosen = _at_space(para, chosen)
        breaks.append(chosen)
        start = breaks[-1][1]
    if measure.justify:
        _avoid_lone_last_char(para, breaks)
    lines: list[Line] = []
    for number, (first, end, end_halt) in enumerate(breaks):
        cells, natural = para.line(first, end, end_halt=end_halt)
        width = measure.width - (measure.indent if number == 0 else 0.0)
        last = number == len(breaks) - 1
        spacing = 0.0 if last or not measure.justify else (width - natural) / _gaps(cells)
        lines.append(Line(tuple(cells), spacing))
    return lines


def _choose(para: _Paragraph, start: int, end: int, width: float, size: float) -> tuple[int, int, bool]:
    """Between stretching atoms[start:end] and squeezing in one more atom, take the smaller change."""
    cells, natural = para.line(start, end)
    stretch = (width - natural) / _gaps(cells)
    measure = para.measure
    best = (start, end, False)
    best_change = stretch if end - start > 1 or natural <= width else float("inf")
    for end_halt in (False, True) if measure.line_end_halt else (False,):
        more_cells, more = para.line(start, end + 1, end_halt=end_halt)
        shrink = (more - width) / _gaps(more_cells)
        if shrink <= measure.max_shrink * size and shrink < best_change:
            best, best_change = (start, end + 1, end_halt), shrink
    return best


def _at_space(para: _Paragraph, chosen: tuple[int, int, bool]) -> tuple[int, int, bool]:
    """In a title or other unjustified line, break after the last space of the line if there is one.

    Titles put a space between phrases ("…疫情影响 坚决夺取…"); breaking there keeps each line a phrase.
    """
    start, end, _ = chosen
    for index in range(end - 1, start + (end - start) // 3, -1):
        if para.atoms[index - 1].pieces[-1].is_space:
            return start, index, False
    return chosen


def _avoid_lone_last_char(para: _Paragraph, breaks: list[tuple[int, int, bool]]) -> None:
    """Pull one atom down when the last line would hold one character (plus its punctuation)."""
    if len(breaks) < 2:
        return
    start, end, _ = breaks[-1]
    core = [char for char in para.atoms[start].text if char not in HALF_RIGHT_BLANK | HALF_LEFT_BLANK]
    prev_start, prev_end, _ = breaks[-2]
    if end - start == 1 and len(core) <= 1 and prev_end - prev_start > 2:
        breaks[-2] = (prev_start, prev_end - 1, False)
        breaks[-1] = (prev_end - 1, end, False)


def line_html(line: Line, *, last: bool) -> Markup:
    """One line as HTML: spans carry letter-spacing, `halt` and the Han–Latin quarter em."""
    segments: list[tuple[str, str, bool]] = []  # (classes, text, spaced)
    chars_left = sum(len(cell.piece.text) for cell in line.cells)
    for cell in line.cells:
        classes = []
        if cell.piece.latin:
            classes.append("latin")
        if cell.halt:
            classes.append("halt")
        text = cell.piece.text
        spaced_text = text if chars_left > len(text) or last else text[:-1]
        tail = text[len(spaced_text) :]
        chars_left -= len(text)
        parts = [(spaced_text, line.spacing != 0), (tail, False)]
        for number, (part, spaced) in enumerate(parts):
            if not part:
                continue
            part_classes = list(classes)
            if cell.space_before and (number == 0 or not spaced_text):
                part_classes.append("sp-l")
            if cell.space_after and (number == 1 or not tail):
                part_classes.append("sp-r")
            _append(segments, " ".join(part_classes), part, spaced)
    style = f' style="letter-spacing:{line.spacing:.3f}pt"' if line.spacing else ""
    html: list[str] = []
    for names, text, spaced in segments:
        attributes = (f' class="{names}"' if names else "") + (style if spaced else "")
        html.append(f"<span{attributes}>{escape(text)}</span>" if attributes else str(escape(text)))
    return Markup("".join(html))


def _append(segments: list[tuple[str, str, bool]], classes: str, text: str, spaced: bool) -> None:
    """Add text to the last segment when it looks the same, else start a new one."""
    if segments and segments[-1][0] == classes and segments[-1][2] == spaced and "sp-" not in classes:
        segments[-1] = (classes, segments[-1][1] + text, spaced)
    else:
        segments.append((classes, text, spaced))


def block_html(text: str, metrics: FontMetrics, measure: Measure) -> Markup:
    """A block's text as justified lines joined by `<br>`."""
    lines = break_lines(text, metrics, measure)
    return Markup("<br>").join(
        line_html(line, last=index == len(lines) - 1) for index, line in enumerate(lines)
    )
