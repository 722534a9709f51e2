"""Block text → pre-broken, justified lines of inline HTML, because WeasyPrint cannot justify Chinese.

WeasyPrint's `text-align: justify` only widens spaces, and Chinese has none. So the project breaks lines
itself: atoms (clreq.py) are packed greedily into the measure with advances shaped from the real font
(metrics.py); each non-final line gets `letter-spacing` = slack ÷ (characters − 1) on all but its last
character, so its last glyph ends on the right margin; lines are joined with newlines inside a
`white-space: pre` block (`<br>` in titles and headings, whose text also feeds running heads and the
outline). Copied text stays the document text: spacing is CSS, never characters.

Also done here, since it changes line widths: adjacent punctuation compression (the `chws` rule of
clreq §3.1.6 done with `halt` on the right character, as the fonts lack `chws`), optional half-width
punctuation at a line end (push-in), the quarter em between Han and Latin (autospace; none at line
edges), and no paragraph whose last line holds a single character (clreq §3.1.8, 孤字不成行).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from markupsafe import Markup, escape

from pipeline.layout.clreq import Atom, Piece, atomize, clusters
from pipeline.layout.metrics import FontMetrics
from pipeline.unicode import HALF_LEFT_BLANK, HALF_RIGHT_BLANK, LINE_START_PROHIBITED

#: clreq §3.2.2: a quarter em between Han and Latin/digits.
AUTOSPACE_EM = 0.25
#: The most a justified line widens a gap between two characters, in em: the slack a line may take
#: is spread over its Han characters and punctuation (Latin words are never letter-spaced); a break
#: inside a word (`Piece.joins_next`) is taken rather than go past it.
MAX_STRETCH_EM = 0.25
#: A note call's size, in em of its block (the stylesheet sets `.call` from this).
NOTE_CALL_EM = 0.6
#: Characters a `white-space: pre` block would break or tab at; set as spaces within a line.
_SEGMENT_BREAKS = str.maketrans(dict.fromkeys("\t\n\r\f", " "))


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
    #: unjustified lines of nearly equal length (centred titles) instead of a full first line
    balance: bool = False
    #: lines start at the left edge, so a line-end mark set half-width may be drawn full-width, its
    #: blank half past the margin (see `Line.end_mark_hangs`)
    hang_end_mark: bool = False
    #: break only between words (a Chinese word segmenter's, `words.py`) where the line allows it:
    #: titles and headings (GB/T 9704 7.3.3, 词意完整)
    words: bool = False
    #: see MAX_STRETCH_EM
    max_stretch: float = MAX_STRETCH_EM


class Cell(NamedTuple):
    """One piece as set on a line: with or without `halt`, with or without its quarter-em spaces.

    A named tuple, not a frozen dataclass: a book sets 10⁵ cells, and a tuple is built twice as fast.
    """

    piece: Piece
    halt: bool
    space_before: bool
    space_after: bool


@dataclass(frozen=True)
class Line:
    """A set line: its cells and the letter-spacing (pt) for all characters but the last.

    `end_mark_hangs`: the last cell is a closing mark set half-width whose half-width form differs
    only in its advance (`FontMetrics.halt_only_narrows`). It is then drawn full-width: its blank
    right half lies past the margin, where nothing follows, and the page looks the same. That spares
    WeasyPrint a span (an inline box and a text box more to lay out, draw and tag) on most justified
    lines that end in a mark.
    """

    cells: tuple[Cell, ...]
    spacing: float
    end_mark_hangs: bool = False

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
    """The atoms of one block with their measured widths, for trying line candidates quickly.

    Pieces, their `halt` and their widths are flat lists; atom `i` holds pieces
    `starts[i]:starts[i + 1]`. Per-atom prefix sums make any candidate line's width O(1).
    """

    def __init__(
        self, text: str, metrics: FontMetrics, measure: Measure, calls: Sequence[tuple[int, int]] = ()
    ) -> None:
        self.measure = measure
        self.atoms: list[Atom] = atomize(text, calls)
        self.pieces: list[Piece] = [piece for atom in self.atoms for piece in atom.pieces]
        self.halt = compressed(self.pieces)
        self.widths = metrics.widths(self.pieces, self.halt, measure.font_size)
        _kern_across_chunks(self.pieces, self.widths, metrics, measure.font_size)
        if calls:
            self.widths = [
                width * NOTE_CALL_EM if piece.call >= 0 else width
                for piece, width in zip(self.pieces, self.widths, strict=True)
            ]
        self._prefix_sums(metrics)
        #: per atom: a break after it falls inside a word (taken only when nothing else will do)
        self.soft = [atom.pieces[-1].joins_next for atom in self.atoms]

    def keep_words_whole(self, language: str) -> None:
        """Mark the breaks inside the segmenter's words as soft too (titles and headings that wrap)."""
        from pipeline.layout.words import word_starts

        starts = word_starts("".join(atom.text for atom in self.atoms), language)
        offset = 0
        for index, atom in enumerate(self.atoms):
            offset += len(atom.text)
            self.soft[index] = self.soft[index] or offset not in starts

    def _prefix_sums(self, metrics: FontMetrics) -> None:
        """Per-atom widths and character counts, and what an atom loses at a line edge, for O(1) widths.

        Also notes whether any atom ends in a space (`phrased`: the text marks its own break points).
        Written with local lists: this loop runs once per character of the book.
        """
        size = self.measure.font_size
        quarter = AUTOSPACE_EM * size
        all_widths, halt = self.widths, self.halt
        starts, total, chars = [0], [0.0], [0]
        first_cut: list[float] = []
        last_cut: list[float] = []
        trail_chars: list[int] = []
        last_spaced: list[int] = []  # 1 where the atom's last kept piece takes letter-spacing
        end_halt_saving: list[float] = []
        savings: dict[str, float] = {}  # per closing mark: what setting it half-width at a line end saves
        running_width, running_chars, position = 0.0, 0, 0
        phrased = False
        for atom in self.atoms:
            pieces = atom.pieces
            end = position + len(pieces)
            last = pieces[-1]
            if end - position == 1 and not (last.space_before or last.space_after or last.is_space):
                # The common atom, one Han character: nothing to cut at either line edge.
                running_width += all_widths[position]
                running_chars += _units(last)
                first_cut.append(0.0)
                last_cut.append(0.0)
                trail_chars.append(0)
                last_spaced.append(0 if last.latin else 1)
            else:
                widths = all_widths[position:end]
                spaces = [quarter * (piece.space_before + piece.space_after) for piece in pieces]
                running_width = running_width + sum(widths) + sum(spaces)
                running_chars += sum(map(_units, pieces))
                first_cut.append(quarter if pieces[0].space_before else 0.0)
                kept = len(pieces)
                while kept > 1 and pieces[kept - 1].is_space:
                    kept -= 1
                trailing = sum(widths[kept:]) + sum(spaces[kept:])
                last_cut.append(trailing + (quarter if pieces[kept - 1].space_after else 0.0))
                trail_chars.append(sum(map(_units, pieces[kept:])))
                kept_last = pieces[kept - 1]
                last_spaced.append(0 if kept_last.latin and not kept_last.is_space else 1)
                phrased = phrased or last.is_space
            total.append(running_width)
            chars.append(running_chars)
            saving = 0.0
            if last.text in HALF_RIGHT_BLANK and not halt[end - 1]:
                saving = savings.get(last.text, -1.0)
                if saving < 0:
                    saving = savings[last.text] = (
                        metrics.width(last.text) - metrics.width(last.text, halt=True)
                    ) * size
            end_halt_saving.append(saving)
            position = end
            starts.append(end)
        self.starts, self.total, self.chars = starts, total, chars
        self.first_cut, self.last_cut, self.trail_chars = first_cut, last_cut, trail_chars
        self.last_spaced = last_spaced
        self.end_halt_saving = end_halt_saving
        self.phrased = phrased

    def width(self, start: int, end: int, *, end_halt: bool = False) -> float:
        """Natural width (pt) of atoms[start:end] set as one line; equals `line(...)[1]`."""
        width = self.total[end] - self.total[start] - self.first_cut[start] - self.last_cut[end - 1]
        return width - (self.end_halt_saving[end - 1] if end_halt else 0.0)

    def gaps(self, start: int, end: int) -> int:
        """Letter-spacing gaps of atoms[start:end] as one line: its Han characters, punctuation and
        spaces (Latin words take none), less the last character's when it takes one."""
        units = self.chars[end] - self.chars[start] - self.trail_chars[end - 1]
        return units - self.last_spaced[end - 1]

    def stretch(self, start: int, end: int) -> float:
        """Letter-spacing (pt) that makes atoms[start:end] fill the measure; inf without a gap."""
        width = self.measure.width - (self.measure.indent if start == 0 else 0.0)
        slack = width - self.width(start, end)
        gaps = self.gaps(start, end)
        return slack / gaps if gaps > 0 else (0.0 if slack <= 0.01 else float("inf"))

    def line(self, start: int, end: int, *, end_halt: bool = False) -> tuple[list[Cell], float]:
        """Cells of atoms[start:end] as set on one line, and their natural width in pt."""
        first, last = self.starts[start], self.starts[end]
        while last - first > 1 and self.pieces[last - 1].is_space:
            last -= 1
        quarter = AUTOSPACE_EM * self.measure.font_size
        pieces, widths, halts = self.pieces, self.widths, self.halt
        set_cells: list[Cell] = []
        total = 0.0
        final = last - 1
        for index in range(first, last):
            piece, width, compressed_halt = pieces[index], widths[index], halts[index]
            before = piece.space_before and index > first
            after = piece.space_after and index < final
            halt = compressed_halt or (end_halt and index == final)
            if halt and not compressed_halt:
                width -= self.end_halt_saving[end - 1]
            set_cells.append(Cell(piece, halt, before, after))
            total += width + quarter * (before + after)
        return set_cells, total


def _units(piece: Piece) -> int:
    """Letter-spacing gaps a piece brings: none for a Latin word, one per character otherwise (a
    cluster, such as a character with its variation selector, counts once)."""
    if piece.latin and not piece.is_space:
        return 0
    text = piece.text
    return 1 if len(text) == 1 else len(clusters(text))


def _gaps(cells: Sequence[Cell]) -> int:
    """Letter-spacing gaps of a set line (as `_Paragraph.gaps`)."""
    units = sum(_units(cell.piece) for cell in cells)
    last = cells[-1].piece
    return units - (0 if last.latin and not last.is_space else 1)


def _kern_across_chunks(
    pieces: Sequence[Piece], widths: list[float], metrics: FontMetrics, size: float
) -> None:
    """Add to each Latin piece the kerning with the next piece of its word: the chunks of a long word
    are measured apart but drawn as one text, so the line's width is the word's shaped width."""
    for index in range(len(pieces) - 1):
        left, right = pieces[index], pieces[index + 1]
        calls = left.call >= 0 or right.call >= 0  # a note call is set apart, small
        if left.latin and right.latin and not (left.is_space or right.is_space or left.space_after or calls):
            joined = metrics.width(left.text + right.text, latin=True) * size
            widths[index] += joined - widths[index] - metrics.width(right.text, latin=True) * size


def break_lines(
    text: str, metrics: FontMetrics, measure: Measure, calls: Sequence[tuple[int, int]] = ()
) -> list[Line]:
    """Break `text` into lines no wider than the measure under clreq rules, and justify them.

    `calls`: (start, end) of each footnote reference mark in `text`, in order, set as note calls
    (`NOTE_CALL_EM` of the size, never at a line start).
    """
    para = _Paragraph(text, metrics, measure, calls)
    breaks = _greedy(para, measure.width)
    if measure.words and len(breaks) > 1 and not para.phrased:  # only a block that wraps is segmented
        para.keep_words_whole(metrics.language)
        breaks = _greedy(para, measure.width)
    if measure.balance and len(breaks) > 1 and not para.phrased:  # spaces already mark the breaks
        breaks = _balanced(para, len(breaks))
    if measure.justify:
        _avoid_lone_last_char(para, breaks)
    lines: list[Line] = []
    for number, (first, end, end_halt) in enumerate(breaks):
        cells, natural = para.line(first, end, end_halt=end_halt)
        width = measure.width - (measure.indent if number == 0 else 0.0)
        last = number == len(breaks) - 1
        gaps = _gaps(cells)
        spacing = 0.0 if last or not measure.justify or gaps <= 0 else (width - natural) / gaps
        # Past the limit (a line of little but Latin), the line stays short of the margin instead.
        spacing = min(spacing, measure.max_stretch * measure.font_size)
        final_cell = cells[-1]
        hangs = (
            measure.hang_end_mark
            and final_cell.halt
            and final_cell.piece.text in HALF_RIGHT_BLANK
            and metrics.halt_only_narrows(final_cell.piece.text)
        )
        lines.append(Line(tuple(cells), spacing, hangs))
    return lines


def _balanced(para: _Paragraph, count: int) -> list[tuple[int, int, bool]]:
    """Breaks giving `count` lines of nearly equal length, for centred titles (no ragged last line)."""
    size = para.measure.font_size
    limit = para.width(0, len(para.atoms)) / count
    while limit < para.measure.width:
        breaks = _greedy(para, limit)
        if len(breaks) <= count and not any(_lone(para, start, end) for start, end, _ in breaks):
            return breaks
        limit += size / 2
    return _greedy(para, para.measure.width)


def _greedy(para: _Paragraph, limit: float) -> list[tuple[int, int, bool]]:
    """Fill lines up to `limit` pt, atom by atom; each break is (start, end, end mark half-width)."""
    measure = para.measure
    size = measure.font_size
    breaks: list[tuple[int, int, bool]] = []
    start = 0
    count = len(para.atoms)
    total, first_cut, last_cut = para.total, para.first_cut, para.last_cut
    while start < count:
        width = limit - (measure.indent if start == 0 else 0.0)
        fits = width + 0.01
        end = start + 1
        # para.width(start, end + 1), written out: this loop tries every atom of the book.
        while end < count and total[end + 1] - total[start] - first_cut[start] - last_cut[end] <= fits:
            end += 1
        if end == count:
            breaks.append((start, end, False))
            break
        chosen = _choose(para, start, end, width, size)
        if para.soft[chosen[1] - 1]:
            chosen = _between_words(para, chosen)
        if not measure.justify:
            chosen = _at_space(para, chosen)
        breaks.append(chosen)
        start = breaks[-1][1]
    return breaks


def _between_words(para: _Paragraph, chosen: tuple[int, int, bool]) -> tuple[int, int, bool]:
    """Move a break that falls inside a word back to the last break between words, unless that
    leaves a justified line stretched past its limit (then the word breaks)."""
    start, end, _ = chosen
    limit = para.measure.max_stretch * para.measure.font_size
    for index in range(end - 1, start, -1):
        if not para.soft[index - 1]:
            if not para.measure.justify or para.stretch(start, index) <= limit:
                return start, index, False
            break
    return chosen


def _choose(para: _Paragraph, start: int, end: int, width: float, size: float) -> tuple[int, int, bool]:
    """Between stretching atoms[start:end] and squeezing in one more atom, take the smaller change."""
    natural = para.width(start, end)
    gaps = para.gaps(start, end)
    stretch = (width - natural) / gaps if gaps > 0 else float("inf")
    measure = para.measure
    best = (start, end, False)
    best_change = stretch if end - start > 1 or natural <= width else float("inf")
    more_gaps = para.gaps(start, end + 1)
    if more_gaps <= 0 or para.soft[end]:  # nothing to squeeze, or the break would split a word
        return best
    for end_halt in (False, True) if measure.line_end_halt else (False,):
        more = para.width(start, end + 1, end_halt=end_halt)
        shrink = (more - width) / more_gaps
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


def _lone(para: _Paragraph, start: int, end: int) -> bool:
    """True when atoms[start:end] hold one character, punctuation aside (孤字不成行)."""
    text = "".join(atom.text for atom in para.atoms[start:end])
    return len([char for char in clusters(text) if char not in HALF_RIGHT_BLANK | HALF_LEFT_BLANK]) <= 1


def _avoid_lone_last_char(para: _Paragraph, breaks: list[tuple[int, int, bool]]) -> None:
    """Pull one atom down when the last line would hold one character (plus its punctuation)."""
    if len(breaks) < 2:
        return
    start, end, _ = breaks[-1]
    core = [
        char for char in clusters(para.atoms[start].text) if char not in HALF_RIGHT_BLANK | HALF_LEFT_BLANK
    ]
    prev_start, prev_end, _ = breaks[-2]
    if end - start == 1 and len(core) <= 1 and prev_end - prev_start > 2:
        breaks[-2] = (prev_start, prev_end - 1, False)
        breaks[-1] = (prev_end - 1, end, False)


#: The classes of a cell, by (latin, halt, space before, space after, note call).
_CLASSES: dict[tuple[bool, ...], str] = {
    flags: " ".join(
        name for name, wanted in zip(("latin", "halt", "sp-l", "sp-r", "call"), flags, strict=True) if wanted
    )
    for flags in itertools.product((False, True), repeat=5)
}


def line_html(line: Line, notes: Sequence[Markup] = ()) -> Markup:
    """One line as HTML: a span sets its letter-spacing; inner spans carry `halt` and the quarter em.

    WeasyPrint adds letter-spacing after every character, the last one too; that last amount lies
    beyond the last glyph's advance, so the glyph still ends on the margin and the line box overhangs
    by under half a point, which the block's unwrapped lines let be. One span a line keeps WeasyPrint fast.
    A hanging end mark (`Line.end_mark_hangs`) gets no `halt` span: it overhangs by its blank half.
    A note call is a `call` span followed by `notes[call]`, its footnote (a page float).
    Characters a `white-space: pre` block would break or tab at are set as spaces.
    """
    segments: list[tuple[str, list[str]]] = []  # (classes, texts)
    final = len(line.cells) - 1
    for index, cell in enumerate(line.cells):
        halt = cell.halt and not (line.end_mark_hangs and index == final)
        # A space between Latin words takes the line's letter-spacing; the words themselves none.
        latin = cell.piece.latin and not cell.piece.is_space
        call = cell.piece.call >= 0
        names = _CLASSES[latin, halt, cell.space_before, cell.space_after, call]
        if segments and segments[-1][0] == names and "sp-" not in names and not call:
            segments[-1][1].append(cell.piece.text)
        else:
            segments.append((names, [cell.piece.text]))
        if call and cell.piece.call < len(notes):
            segments.append(("note", [notes[cell.piece.call]]))
    inner = "".join(
        texts[0]
        if names == "note"
        else f'<span class="{names}">{_escaped(texts)}</span>'
        if names
        else _escaped(texts)
        for names, texts in segments
    )
    if line.spacing:
        inner = f'<span class="{spacing_class(line.spacing)}">{inner}</span>'
    return Markup(inner)


def _escaped(texts: list[str]) -> str:
    return str(escape("".join(texts))).translate(_SEGMENT_BREAKS)


def spacing_class(spacing: float) -> str:
    """CSS class of a letter-spacing, in thousandths of a point ("ls-p98", "ls-m181").

    A class, not a style attribute: lines share a few hundred values, and WeasyPrint parses a
    stylesheet rule once but every style attribute anew (a quarter of its layout time in a book).
    """
    thousandths = round(spacing * 1000)
    return f"ls-{'m' if thousandths < 0 else 'p'}{abs(thousandths)}"


def spacing_css(spacings: Iterable[float]) -> str:
    """The rules for the `spacing_class` of each spacing used, in a stable order."""
    values = sorted({round(spacing * 1000) for spacing in spacings if spacing})
    return "\n".join(
        f".{spacing_class(value / 1000)} {{ letter-spacing: {value / 1000:.3f}pt; }}" for value in values
    )


def natural_width(text: str, metrics: FontMetrics, font_size: float) -> float:
    """Width (pt) of `text` set on one line at its natural spacing (Han–Latin quarter ems included)."""
    para = _Paragraph(text, metrics, Measure(width=float("inf"), font_size=font_size, justify=False))
    return para.width(0, len(para.atoms)) if para.atoms else 0.0


def lines_html(lines: Sequence[Line], *, preformatted: bool = True, notes: Sequence[Markup] = ()) -> Markup:
    """Set lines as a block's HTML, joined by newlines (a `white-space: pre` block) or by `<br>`.

    A newline is a forced break inside one text box, where `<br>` costs WeasyPrint an inline box and
    a text box of its own on every line (and two tags in a tagged PDF): paragraphs lay out in half the
    time. Titles and headings keep `<br>`, since `content()` (running heads, outline) would carry a newline.
    Other whitespace inside a line stays a space, as in the `nowrap` titles, never a break.
    `notes`: the footnotes the block's note calls call, by call index (see `line_html`).
    """
    joiner = Markup("\n") if preformatted else Markup("<br>")
    return joiner.join(line_html(line, notes) for line in lines)


def marker_width(text: str, end: int, metrics: FontMetrics, font_size: float) -> float:
    """Width (pt) of `text[:end]` at the start of a line, with the quarter em after it if the text
    goes on with Han: where the text after a hanging marker starts."""
    para = _Paragraph(text, metrics, Measure(width=float("inf"), font_size=font_size, justify=False))
    quarter = AUTOSPACE_EM * font_size
    width, position = 0.0, 0
    for index, piece in enumerate(para.pieces):
        if position >= end:
            break
        width += para.widths[index] + quarter * ((piece.space_before and index > 0) + piece.space_after)
        position += len(piece.text)
    return width


#: Columns of a tab stop in preformatted text.
TAB_SIZE = 4
#: How far a preformatted line's continuation lines are indented, in columns (CSS `ch`).
CODE_HANG_COLUMNS = 4


def literal_lines(text: str, metrics: FontMetrics, font_size: float, width: float) -> list[list[str]]:
    """A preformatted block's lines, each as the pieces it is wrapped into: tabs expanded, a line
    wrapped where it overruns `width` pt — after the last space that fits (not in the indentation),
    else at a character, never before closing punctuation; its continuations are `CODE_HANG_COLUMNS`
    narrower (they are indented). No justification, no added spacing: code keeps its columns."""
    hang = CODE_HANG_COLUMNS * metrics.width("0") * font_size
    lines: list[list[str]] = []
    for source in text.split("\n"):
        rest = source.expandtabs(TAB_SIZE)
        pieces: list[str] = []
        while True:
            cut = _overrun(rest, metrics, font_size, width - (hang if pieces else 0.0))
            if cut >= len(rest):
                pieces.append(rest)
                break
            indentation = len(rest) - len(rest.lstrip(" "))
            space = rest.rfind(" ", indentation, cut)
            if space > indentation:
                cut = space + 1
            while 1 < cut < len(rest) and rest[cut] in LINE_START_PROHIBITED:
                cut -= 1
            pieces.append(rest[:cut])
            rest = rest[cut:]
        lines.append(pieces)
    return lines


def literal_html(lines: Sequence[Sequence[str]]) -> Markup:
    """Preformatted lines as HTML: one `line` block per source line (its continuations hang), its
    pieces joined by newlines; an empty line keeps its height with a newline of its own."""
    return Markup("").join(
        Markup('<span class="line">{}</span>').format(Markup("\n").join(map(escape, pieces)) or Markup("\n"))
        for pieces in lines
    )


def _overrun(text: str, metrics: FontMetrics, font_size: float, width: float) -> int:
    """The index of the first character of `text` that ends past `width` pt (at least 1)."""
    total = 0.0
    for index, char in enumerate(text):
        total += metrics.width(char) * font_size
        if total > width + 0.01:
            return max(index, 1)
    return len(text)
