"""Document blocks → the inner HTML of their print elements, each set in its own font and measure.

`PrintBlocks.body(index)` sets one block and collects what the stylesheet must add for it: the
letter-spacings its lines use, and rules for the block alone (by id: a hanging indent, a label
column, a leader's length, a table's column widths). How each kind is set:

- paragraphs, titles, headings, captions, most meta parts: broken and justified by justify.py; a
  reference mark linked to a footnote (`parts.note_calls`) is set as a note call, small and
  raised, and the footnote follows it as a page float (`float: footnote`), so it lands at the foot
  of the page where the call is;
- list items, footnotes and the 附件 list: the marker hangs (the first line starts with it, later
  lines align with the text after it); a level-2 item's marker sits under the text of the level-1
  item before it; the 附件 lines follow GB/T 9704 7.3.5.1 (later items under the first item's
  number, wrapped names under the name's first character);
- minutes header lines (`meeting`): labels in a column as wide as the longest label of the run,
  values (and label-less lines) aligned after it, like a two-column table;
- table-of-contents lines: the entry set short of the page number's column, a dotted leader, the
  page number flush right;
- preformatted text: its own lines in the mono face, wrapped only where one overruns the measure;
- tables: column widths from the cells' natural widths, each cell broken and justified in its column.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from pipeline import fonts
from pipeline.document import Block, Document
from pipeline.layout.justify import (
    Line,
    Measure,
    break_lines,
    lines_html,
    literal_html,
    literal_lines,
    marker_width,
    natural_width,
)
from pipeline.layout.metrics import FontMetrics
from pipeline.layout.parts import NoteCall, hangs, label_end, marker_end, note_calls, toc_line
from pipeline.layout.styles import BlockStyle, StyleSpec

#: The widest a minutes label column may be, as a share of the measure.
LABEL_COLUMN_SHARE = 0.4
#: A table cell's horizontal padding, em of the table's size (the CSS reads it).
CELL_PADDING_EM = 0.5
#: A table rule's width in pt, for the column widths (the styles draw at most this).
TABLE_RULE = 1.0
#: Space between a toc entry and its leader, and between the leader and the page number (em).
LEADER_GAP_EM = 0.5
#: The shortest leader a toc line keeps (em).
LEADER_MIN_EM = 2.0
#: Where GB/T 9704 groups blocks of an official document: the 版头 and the 版记 (gongwen only).
OFFICIAL_GROUPS = {
    "doc_id": "bantou",
    "issuer": "bantou",
    "doc_number": "bantou",
    "cc": "banji",
    "printed_by": "banji",
    "printed": "banji",
}
#: Runs of meta parts every style sets as one group: bylines under the title, the minutes' header,
#: the 附件 list.
ROLE_GROUPS = {"byline": "bylines", "meeting": "meeting-header", "attachment": "attachments"}


def font_chain(variant: str, style: BlockStyle, latin: bool = False) -> tuple[fonts.Face, ...]:
    """The faces that draw a block style (with `latin`: its Latin spans), as its CSS font-family
    lists them (`fonts.chain`): the placeholder face last, drawn per document."""
    return fonts.chain(variant, style.role, style.weight, latin=latin)


def metrics_for(variant: str, style: BlockStyle, latin: bool = False) -> FontMetrics:
    """Advances of text set in a block style: its committed faces in CSS order, and with `latin` the
    Latin face first for Latin pieces (the `.latin` spans' font-family). A character none of them
    has is drawn by the placeholder face, one em wide, as `FontMetrics` counts it."""
    chain = font_chain(variant, style)
    latin_paths = (fonts.latin_face(style.role, style.weight).path,) if latin else ()
    return _metrics(tuple(face.path for face in chain if face != fonts.PLACEHOLDER), variant, latin_paths)


@lru_cache(maxsize=64)
def _metrics(paths: tuple[Path, ...], variant: str, latin_paths: tuple[Path, ...] = ()) -> FontMetrics:
    return FontMetrics(paths, language=variant, latin_paths=latin_paths)


def block_measure(spec: StyleSpec, style: BlockStyle, words: bool = False) -> Measure:
    """The measure (pt) a block is set in, as its CSS insets and indent make it; `words`: break
    between words (titles and headings)."""
    width = spec.measure - (style.inset_start + style.inset_end) * style.size
    return Measure(
        width=width,
        font_size=style.size,
        indent=style.indent * style.size,
        justify=style.justify,
        max_shrink=spec.max_shrink,
        balance=style.align == "center",
        hang_end_mark=style.justify and style.align == "left",
        words=words,
    )


def group_of(block: Block, spec: StyleSpec) -> str:
    """The wrapper a block is set in with its neighbours of the same kind, or ""."""
    role = block.role or ""
    if spec.name == "gongwen" and role in OFFICIAL_GROUPS:
        return OFFICIAL_GROUPS[role]
    return ROLE_GROUPS.get(role, "")


def signature_insets(document: Document, spec: StyleSpec) -> dict[int, float]:
    """Right insets (em) of an issuer's signature and the date under it, by block index (gongwen only).

    GB/T 9704-2012 7.3.5.2: the signature ends two characters from the right margin; the date, on the
    next line, starts two characters right of the signature's first character; a date longer than that
    allows ends two characters from the margin, and the signature moves left to keep the offset.
    """
    if spec.name != "gongwen":
        return {}
    blocks = document.blocks
    variant = document.meta.language
    for index in range(len(blocks) - 1):
        if blocks[index].role == "signature" and blocks[index + 1].role == "date":
            style = spec.block_style(blocks[index])
            metrics = metrics_for(variant, style, spec.latin)
            signature = natural_width(blocks[index].text, metrics, style.size) / style.size
            date = natural_width(blocks[index + 1].text, metrics, style.size) / style.size
            date_inset = signature - date
            if date_inset >= 2:
                return {index: 2.0, index + 1: date_inset}
            return {index: 4 + date - signature, index + 1: 2.0}
    return {}


@dataclass(frozen=True)
class Body:
    """A block's inner HTML and the id its element needs ("" for none)."""

    html: Markup
    id: str


class PrintBlocks:
    """Sets the blocks of one document in one style, in reading order (a hanging block is placed
    from the earlier one it hangs after)."""

    def __init__(self, document: Document, spec: StyleSpec) -> None:
        self.blocks = document.blocks
        self.variant = document.meta.language
        self.spec = spec
        #: letter-spacings (pt) the lines use, for the stylesheet's classes
        self.spacings: set[float] = set()
        #: CSS rules for single blocks, by id
        self.rules: list[str] = []
        self._calls: dict[int, list[NoteCall]] = {}
        for call in note_calls(document.blocks):
            self._calls.setdefault(call.block, []).append(call)
        #: footnotes set at their call, not where they stand in the document
        self.called = frozenset(call.footnote for calls in self._calls.values() for call in calls)
        self._insets = signature_insets(document, spec)
        self._label_columns = self._meeting_columns()
        self._hangs = hangs(document.blocks)
        self._starts: dict[int, float] = {}  # where each hanging block's marker starts (pt)

    def _metrics(self, style: BlockStyle) -> FontMetrics:
        return metrics_for(self.variant, style, self.spec.latin)

    def body(self, index: int) -> Body:
        """The inner HTML of block `index` (a footnote: its floated span) and its element's id."""
        block = self.blocks[index]
        style = self.spec.block_style(block)
        if index in self._insets:
            style = dataclasses.replace(style, inset_end=self._insets[index])
        if block.type == "table":
            return Body(self._table(index, block, style), f"b{index}")
        if block.type == "preformatted":
            return Body(self._preformatted(block, style), "")
        if block.type == "toc":
            return Body(self._toc(index, block, style), f"b{index}")
        if block.role == "meeting":
            return Body(self._meeting(index, block, style), f"b{index}")
        if block.type == "footnote":
            html = self._hanging(index, block, style)
            return Body(Markup('<span class="footnote" id="b{}">{}</span>').format(index, html), "")
        if block.type == "list_item" or block.role == "attachment":
            return Body(self._hanging(index, block, style), f"b{index}")
        html = self._lines(index, block.text, style, 0, br=block.type in ("title", "heading"))
        named = self._own_rule(index, block, style) or block.type in ("title", "heading")
        return Body(html, f"b{index}" if named else "")

    def _lines(self, index: int, text: str, style: BlockStyle, offset: int, *, br: bool = False) -> Markup:
        """`text` (block `index`'s text from `offset`) broken and justified in `style`, with its note
        calls and their footnotes."""
        # A title's or heading's lines break between words (`Measure.words`).
        return self._set(index, text, style, block_measure(self.spec, style, words=br), offset, br=br)[0]

    def _set(
        self, index: int, text: str, style: BlockStyle, measure: Measure, offset: int, *, br: bool = False
    ) -> tuple[Markup, list[Line]]:
        """`_lines` in a given measure; also the lines."""
        calls = [call for call in self._calls.get(index, ()) if offset <= call.at < offset + len(text)]
        ranges = [(call.at - offset, call.at - offset + len(call.mark)) for call in calls]
        lines = break_lines(text, self._metrics(style), measure, ranges)
        self.spacings.update(line.spacing for line in lines)
        notes = [self.body(call.footnote).html for call in calls]
        return lines_html(lines, preformatted=not br, notes=notes), lines

    def _own_rule(self, index: int, block: Block, style: BlockStyle) -> bool:
        """Add a rule for block `index` if its insets or indent differ from its style's; say so."""
        base = self.spec.block_style(block)
        if (style.inset_start, style.inset_end, style.indent) == (
            base.inset_start,
            base.inset_end,
            base.indent,
        ):
            return False
        self.rules.append(
            f"#b{index} {{ padding-left: {style.inset_start:.3f}em; padding-right: {style.inset_end:.3f}em;"
            f" text-indent: {style.indent:.3f}em; }}"
        )
        return True

    def _width(self, text: str, end: int, style: BlockStyle) -> float:
        """Width (pt) of `text[:end]` at a line start, as the text after it starts."""
        if end == 0:
            return 0.0
        return marker_width(text, end, self._metrics(style), style.size)

    def _hanging(self, index: int, block: Block, style: BlockStyle) -> Markup:
        """A list item, footnote or 附件 line with its marker hanging (`parts.hangs`)."""
        hang = self._hangs[index]
        start = style.inset_start * style.size
        if hang.after is not None:
            anchor, characters = hang.after
            anchor_block = self.blocks[anchor]
            anchor_style = self.spec.block_style(anchor_block)
            start = self._starts[anchor] + self._width(anchor_block.text, characters, anchor_style)
        self._starts[index] = start
        box = self._width(block.text, hang.end, style)
        return self._marked(index, block.text, style, hang.end, start, start + box, box)[0]

    def _marked(
        self,
        index: int,
        text: str,
        style: BlockStyle,
        end: int,
        start: float,
        column: float,
        box: float,
        reserve: float = 0.0,
    ) -> tuple[Markup, list[Line]]:
        """`text` with its first `end` characters in a box `box` pt wide, `start` pt from the left edge
        of the measure, and its other characters in lines from `column` pt (the first line after the
        box) that end `reserve` pt short of the right edge. The box keeps the marker out of the first
        line's justification, so the text after it starts exactly where the later lines do. Returns
        the HTML and the lines after the box."""
        self.rules.append(
            f"#b{index} {{ padding-left: {column:.3f}pt; text-indent: {start - column:.3f}pt; }}"
            + (f"\n#b{index} .marker {{ width: {box:.3f}pt; }}" if end else "")
        )
        measure = dataclasses.replace(
            block_measure(self.spec, style),
            width=self.spec.measure - style.inset_end * style.size - column - reserve,
            indent=start + box - column,
        )
        rest, lines = self._set(index, text[end:], style, measure, end)
        if not end:
            return rest, lines
        unbroken = dataclasses.replace(measure, justify=False, indent=0.0, width=float("inf"))
        marker = lines_html(break_lines(text[:end], self._metrics(style), unbroken))
        return Markup('<span class="marker">{}</span>{}').format(marker, rest), lines

    def _meeting_columns(self) -> dict[int, float]:
        """The label column (pt) of each minutes header line: the widest label of its run, at most
        `LABEL_COLUMN_SHARE` of the measure; labels wider than that keep their own width."""
        columns: dict[int, float] = {}
        run: list[tuple[int, float]] = []
        for index, block in enumerate([*self.blocks, None]):
            if block is not None and block.role == "meeting":
                style = self.spec.block_style(block)
                end = label_end(block.text)
                run.append((index, self._width(block.text, end, style)))
                continue
            fitting = [width for _, width in run if width <= LABEL_COLUMN_SHARE * self.spec.measure]
            column = max(fitting, default=0.0)
            columns.update((member, column) for member, _ in run)
            run = []
        return columns

    def _meeting(self, index: int, block: Block, style: BlockStyle) -> Markup:
        """A minutes header line: its label in the run's label column, the value after it; a line
        without a label aligned with the values."""
        column = self._label_columns[index]
        end = label_end(block.text)
        box = max(self._width(block.text, end, style), column) if end else 0.0
        return self._marked(index, block.text, style, end, 0.0 if end else column, column, box)[0]

    def _toc(self, index: int, block: Block, style: BlockStyle) -> Markup:
        """A toc line: its number ("第三章 ", "1.1 ") hanging, the entry short of the page number's
        column, a leader, the page number flush right."""
        line = toc_line(block.text)
        size = style.size
        end = marker_end(line.entry)
        box = self._width(line.entry, end, style)
        if not line.page:
            return self._marked(index, line.entry, style, end, 0.0, box, box)[0]
        metrics = self._metrics(style)
        page = natural_width(line.page, metrics, size)
        reserve = page + (2 * LEADER_GAP_EM + LEADER_MIN_EM) * size
        entry, lines = self._marked(index, line.entry, style, end, 0.0, box, box, reserve)
        last = box + natural_width(lines[-1].text, metrics, size)
        leader = self.spec.measure - last - page - 2 * LEADER_GAP_EM * size
        self.rules.append(f"#b{index} .leader {{ width: {leader:.3f}pt; }}")
        return Markup('{}<span class="leader"></span><span class="page">{}</span>').format(entry, line.page)

    def _preformatted(self, block: Block, style: BlockStyle) -> Markup:
        """Code: its own lines, in the mono face, wrapped only where one overruns the measure."""
        width = block_measure(self.spec, style).width
        # Latin in the mono face: the style's Latin face is for text.
        metrics = metrics_for(self.variant, style)
        return literal_html(literal_lines(block.text, metrics, style.size, width))

    def _table(self, index: int, block: Block, style: BlockStyle) -> Markup:
        """A table: the first row as its header, each cell set in its column's width."""
        rows = block.rows or ()
        metrics = self._metrics(style)
        size = style.size
        widths = column_widths(
            [[natural_width(cell, metrics, size) for cell in row] for row in rows],
            self.spec.measure,
            2 * CELL_PADDING_EM * size + TABLE_RULE,
        )
        self.rules.extend(
            f"#b{index} .c{column} {{ width: {width:.3f}pt; }}" for column, width in enumerate(widths)
        )
        parts: list[Markup] = []
        for number, row in enumerate(rows):
            tag = "th" if number == 0 and len(rows) > 1 else "td"
            cells = Markup("").join(
                Markup('<{0} class="c{1}">{2}</{0}>').format(
                    tag, column, self._cell(cell, style, widths[column]) if cell else ""
                )
                for column, cell in enumerate(row)
            )
            row_html = Markup("<tr>{}</tr>").format(cells)
            parts.append(Markup("<thead>{}</thead><tbody>").format(row_html) if tag == "th" else row_html)
        head = len(rows) > 1
        return Markup("").join(parts) + (Markup("</tbody>") if head else Markup(""))

    def _cell(self, text: str, style: BlockStyle, width: float) -> Markup:
        measure = dataclasses.replace(block_measure(self.spec, style), width=width, indent=0.0)
        lines = break_lines(text, self._metrics(style), measure)
        self.spacings.update(line.spacing for line in lines)
        return lines_html(lines)


def column_widths(natural: list[list[float]], measure: float, extra: float) -> list[float]:
    """Content widths (pt) of a table's columns filling `measure`, each column taking `extra` pt
    more for its padding and rules: natural widths stretched in proportion when they fit; else
    columns narrower than an equal share keep their width and the others share the rest in
    proportion to their natural widths (as CSS's automatic table layout does)."""
    count = max((len(row) for row in natural), default=0)
    wanted = [
        max((row[column] for row in natural if column < len(row)), default=0.0) for column in range(count)
    ]
    wanted = [max(width, 1.0) for width in wanted]
    room = measure - extra * count
    if sum(wanted) <= room:
        return [width * room / sum(wanted) for width in wanted]
    share = room / count
    narrow = [width <= share for width in wanted]
    rest = room - sum(width for width, kept in zip(wanted, narrow, strict=True) if kept)
    wide_total = sum(width for width, kept in zip(wanted, narrow, strict=True) if not kept)
    return [width if kept else width * rest / wide_total for width, kept in zip(wanted, narrow, strict=True)]
