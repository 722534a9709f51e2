"""Document blocks → the inner HTML of their EPUB elements; the reader breaks the lines.

The EPUB sets apart the same parts as the print layout (`pipeline.layout.parts`): a reference mark
linked to a footnote is an EPUB 3 noteref (`epub:type="noteref"`) to the footnote's `aside`
(`epub:type="footnote"`), whose mark links back; a list item's, footnote's or toc entry's marker,
the 附件 label and a minutes line's label are a `marker` span that hangs; toc lines end in a
leader and the page number; tables are tables with the first row as their header; preformatted
text is plain text in a `pre` (the reader wraps an overlong line). Readers' fonts are not known
here, so a hanging indent is an estimate in half-em steps (`hang-N`: N half ems, from the
characters' widths: Han and full-width one em, the rest half), made exact on the first line by the
marker span's minimum width; `inset-N` moves a block in by N half ems (a level-2 item under its
level-1 item's text, later 附件 lines under the first one's number). `hanging_css` writes those
classes for both writing modes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from pipeline.document import Block
from pipeline.layout.autospace import autospace_html
from pipeline.layout.parts import NoteCall, hangs, label_end, marker_end, note_calls, toc_line

#: The widest hanging indent or inset, in half ems.
MAX_STEPS = 24
#: Where a list item or the 附件 list starts, in half ems (the paragraph indent).
BASE_STEPS = 4


@dataclass(frozen=True)
class EpubBlock:
    """A block as its EPUB element needs it: inner HTML, id, extra classes, for a footnote whether a
    noteref calls it, and whether it is a piece carrying on a block split at a part boundary."""

    block: Block
    body: Markup
    id: str | None
    classes: str
    linked: bool
    continued: bool = False


def half_ems(text: str) -> int:
    """An estimate of `text`'s width in half ems: wide and full-width characters two, others one."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _steps(text: str) -> int:
    return min(half_ems(text), MAX_STEPS)


def note_id(index: int) -> str:
    """The id of the footnote at block `index`."""
    return f"fn{index:04d}"


def call_id(index: int) -> str:
    """The id of the noteref calling the footnote at block `index`."""
    return f"ref{index:04d}"


class EpubBlocks:
    """Inner HTML, ids and classes of a document's blocks, in reading order; `file_of(index)` names
    the content document a block is in (a noteref and its footnote may be in two). The blocks in
    `split` are set in pieces across parts: their marks call no note (the offsets are the whole
    block's), and the pieces after the first are plain text."""

    def __init__(
        self,
        blocks: tuple[Block, ...],
        file_of: Callable[[int], str],
        block_id: Callable[[int], str],
        split: frozenset[int] = frozenset(),
    ):
        self.blocks = blocks
        self.file_of = file_of
        self.block_id = block_id
        self.calls: dict[int, list[NoteCall]] = {}
        self.caller: dict[int, NoteCall] = {}
        for call in note_calls(blocks):
            if call.block not in split:
                self.calls.setdefault(call.block, []).append(call)
                self.caller[call.footnote] = call
        self._hangs = hangs(blocks)
        self._insets: dict[int, int] = {}  # half ems: where each list item's or 附件 line's marker starts
        self._label_columns = self._meeting_columns()

    def block(self, index: int, block: Block, continued: bool = False) -> EpubBlock:
        """Block `index` as its EPUB element needs it; `block` is the block or the piece of it this
        part holds (`continued`: not its first)."""
        if continued:
            return EpubBlock(block, autospace_html(block.text), None, "", False, continued=True)
        block_id = self.block_id(index) if block.type in ("title", "heading") else None
        if block.type == "footnote":
            return self._footnote(index, block)
        if block.type == "table":
            return EpubBlock(block, self._table(block), block_id, "", False)
        if block.type == "preformatted":
            # Plain text: its newlines keep the lines in any reader, with or without CSS.
            return EpubBlock(block, Markup(escape(block.text)), None, "", False)
        if block.type == "toc":
            return self._toc(block)
        if block.role == "meeting":
            return self._meeting(index, block)
        if block.type == "list_item" or block.role == "attachment":
            return self._hanging(index, block)
        return EpubBlock(block, self._text(index, block.text, 0), block_id, "", False)

    def _href(self, source: int, target: int, fragment: str) -> str:
        """A link from block `source`'s document to `fragment` in block `target`'s."""
        target_file = self.file_of(target)
        same = target_file == self.file_of(source)
        return f"#{fragment}" if same else f"{target_file.rsplit('/', 1)[-1]}#{fragment}"

    def _text(self, index: int, text: str, offset: int) -> Markup:
        """`text` (block `index`'s text from `offset`) with Han–Latin spacing and its noterefs."""
        parts: list[Markup] = []
        position = 0
        for call in self.calls.get(index, ()):
            at = call.at - offset
            if not 0 <= at < len(text):
                continue
            parts.append(autospace_html(text[position:at]))
            parts.append(
                Markup(
                    '<a class="call" epub:type="noteref" role="doc-noteref" id="{}" href="{}">{}</a>'
                ).format(
                    call_id(call.footnote),
                    self._href(index, call.footnote, note_id(call.footnote)),
                    call.mark,
                )
            )
            position = at + len(call.mark)
        parts.append(autospace_html(text[position:]))
        return Markup("").join(parts)

    def _marked(self, index: int, text: str, end: int) -> Markup:
        """The text with its first `end` characters in a hanging `marker` span."""
        marker = Markup('<span class="marker">{}</span>').format(autospace_html(text[:end]))
        return marker + self._text(index, text[end:], end)

    def _hanging(self, index: int, block: Block) -> EpubBlock:
        """A list item or 附件 line: its marker hanging (`parts.hangs`), two characters in or where
        the earlier block it hangs after says."""
        hang = self._hangs[index]
        if hang.after is not None:
            anchor, characters = hang.after
            inset = self._insets[anchor] + _steps(self.blocks[anchor].text[:characters])
        else:
            inset = 2 * BASE_STEPS if block.level == 2 else BASE_STEPS
        self._insets[index] = inset
        end = hang.end
        body = self._marked(index, block.text, end) if end else self._text(index, block.text, 0)
        hanging = f" hang-{_steps(block.text[:end])}" if end else ""
        return EpubBlock(block, body, None, f"inset-{min(inset, MAX_STEPS)}{hanging}", False)

    def _footnote(self, index: int, block: Block) -> EpubBlock:
        end = self._hangs[index].end
        call = self.caller.get(index)
        if call is not None and end:
            back = self._href(index, call.block, call_id(index))
            mark = Markup('<a class="marker" role="doc-backlink" href="{}">{}</a>').format(
                back, block.text[:end]
            )
            body = mark + self._text(index, block.text[end:], end)
        else:
            body = self._marked(index, block.text, end) if end else self._text(index, block.text, 0)
        classes = f"hang-{_steps(block.text[:end])}" if end else ""
        return EpubBlock(block, body, note_id(index), classes, call is not None)

    def _toc(self, block: Block) -> EpubBlock:
        line = toc_line(block.text)
        end = marker_end(line.entry)
        entry = autospace_html(line.entry[end:])
        if end:
            entry = Markup('<span class="marker">{}</span>').format(autospace_html(line.entry[:end])) + entry
        if line.page:
            entry += Markup('<span class="leader"></span><span class="page">{}</span>').format(line.page)
        return EpubBlock(block, entry, None, f"hang-{_steps(line.entry[:end])}" if end else "", False)

    def _meeting_columns(self) -> dict[int, int]:
        """Each minutes header line's label column in half ems: the widest label of its run."""
        columns: dict[int, int] = {}
        run: list[int] = []
        for index, block in enumerate([*self.blocks, None]):
            if block is not None and block.role == "meeting":
                run.append(index)
                continue
            widest = max(
                (_steps(self.blocks[i].text[: label_end(self.blocks[i].text)]) for i in run), default=0
            )
            columns.update((member, widest) for member in run)
            run = []
        return columns

    def _meeting(self, index: int, block: Block) -> EpubBlock:
        column = self._label_columns[index]
        end = label_end(block.text)
        body = self._marked(index, block.text, end) if end else self._text(index, block.text, 0)
        classes = f"hang-{column}" + ("" if end else " no-marker") if column else ""
        return EpubBlock(block, body, None, classes, False)

    def _table(self, block: Block) -> Markup:
        rows = block.rows or ()
        parts: list[Markup] = []
        for number, row in enumerate(rows):
            head = number == 0 and len(rows) > 1
            cell = '<th scope="col">{}</th>' if head else "<td>{}</td>"
            cells = Markup("").join(Markup(cell).format(autospace_html(text)) for text in row)
            row_html = Markup("<tr>{}</tr>").format(cells)
            parts.append(Markup("<thead>{}</thead><tbody>").format(row_html) if head else row_html)
        closing = Markup("</tbody>") if len(rows) > 1 else Markup("")
        return Markup("").join(parts) + closing


def hanging_css(vertical: bool) -> str:
    """The `hang-N` and `inset-N` classes (and `no-marker`: a label-less minutes line, aligned with
    the labelled ones' values); in vertical writing (after the horizontal ones) the indents run down
    the column: top instead of left, height instead of width. Element-qualified, so that they
    outrank book.css's own `p.meta`, `p.list-item` and `aside.footnote` indents."""
    rules: list[str] = []
    for steps in range(1, MAX_STEPS + 1):
        width = f"{steps / 2:g}em"
        hang, inset = f"p.hang-{steps}, aside.hang-{steps}", f"p.inset-{steps}"
        if vertical:
            rules.append(f"{hang} {{ padding-left: 0; padding-top: {width}; text-indent: -{width}; }}")
            rules.append(f".hang-{steps} > .marker {{ min-width: 0; min-height: {width}; }}")
            rules.append(f"{inset} {{ margin-left: 0; margin-top: {width}; }}")
        else:
            rules.append(f"{hang} {{ padding-left: {width}; text-indent: -{width}; }}")
            rules.append(f".hang-{steps} > .marker {{ min-width: {width}; }}")
            rules.append(f"{inset} {{ margin-left: {width}; }}")
    rules.append("p.no-marker { text-indent: 0; }")
    return "\n".join(rules) + "\n"
