"""How each block of a PDF is set, and the evidence for its type that gives: the geometric half of
block typing (the text half is `structure` and `numbering`).

A PDF shows how a block is set relative to the document's body text, and typesetting conventions
read types off that:

- a **footnote** stands in a page's foot zone (`geometry.footnote_lines`);
- a **caption** is set smaller than the body and centred, beside the empty space of a figure (or
  at the top or foot of a page's text);
- a **heading** is short and set wholly in a display face — larger than the body, bold, or in
  another font (黑体 among 仿宋) — flush left or indented; centred display lines are a title or a
  chapter heading, which the text rules tell apart. An unnumbered heading ("参考文献") takes the
  level of the numbered headings set in its face, or else its rank among the display sizes;
- a block that opens with a **run-in lead** (its first words in a face apart from the body text
  that follows on the line: 楷体 "（一）" before 仿宋) is a paragraph with a numbered lead where
  the blocks numbered so are set as paragraphs (first line indented, run-on lines back at the
  margin), a list item where they hang under their text;
- two blocks are **one title** only where they are set in one face (a 文号 under a title is not
  its second line).

`weigh` applies this to the numbering's decisions where the text is silent (an unnumbered block,
a plain paragraph) or agrees; the classifier consults it once, and `one_title` where it joins
titles. Nothing here is fitted to a document: sizes, faces and edges are measured on its pages.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pipeline.clean.geometry import (
    CAPTION_SIZE,
    SIZE_CHANGE,
    Face,
    PageFrame,
    body_face,
    body_size,
    centred,
    footnote_lines,
    han_faces,
    han_runs,
    note_mark,
    page_frames,
    reference_marks,
)
from pipeline.clean.markers import marker_kind
from pipeline.clean.numbering import HEADING_MAX_WIDTH, Decision
from pipeline.clean.text import fits_width
from pipeline.document import Block, NoteRef
from pipeline.unicode import SENTENCE_END

if TYPE_CHECKING:
    from pipeline.clean.lines import Line
    from pipeline.sources.pdf_lines import PdfLine

#: A face key: (size to the half point, font, bold).
FaceKey = tuple[float, str, bool]
#: The most lines a heading is set on.
HEADING_LINES = 2
#: A block of this many lines or more is running text (its face is a body face).
RUNNING_LINES = 3
#: Empty space (in leadings) beside a caption: the figure or table it names.
FIGURE_SPACE = 2.5


@dataclass(frozen=True)
class Look:
    """How a block is set, relative to the document's body text.

    `face`: (size to the half point, font, bold) of most of its Han text — blocks of one face are
    peers. `display`: set wholly larger than the body, or in a face apart from the body's.
    `run_in`: its first Han characters in a face apart from the body's, body text after them on
    its first line. `indent`: how its second line stands to its first — "hanging" (right of it),
    "paragraph" (left of it: back at the margin) or "" (one line, or aligned). `mark`: a
    footnote's own mark. `references`: the note references set as superscripts in its text, each
    as (mark, how many times the mark's characters stand before it in the block's text).
    """

    face: FaceKey | None
    lines: int
    display: bool = False
    centred: bool = False
    caption: bool = False
    footnote: bool = False
    run_in: bool = False
    indent: str = ""
    mark: str | None = None
    references: tuple[tuple[str, int], ...] = ()


def looks(groups: Sequence[Sequence[Line]], layout: Sequence[PdfLine]) -> list[Look | None]:
    """The look of each group of lines (a block to be), from the PDF lines they came from."""
    printed = [layout[line.number - 1] for group in groups for line in group if not line.blank]
    if not printed:
        return [None] * len(groups)
    blocks = [[layout[line.number - 1] for line in group if not line.blank] for group in groups]
    reference = _Reference(printed, blocks)
    result: list[Look | None] = []
    position = 0
    for members in blocks:
        result.append(reference.look(members, range(position, position + len(members))) if members else None)
        position += len(members)
    return result


class _Reference:
    """What a block's look is measured against: the body's size and face, the faces that set
    running text, each page's frame, the footnotes, and the lines of each page by height (for the
    space beside a caption)."""

    def __init__(self, printed: list[PdfLine], blocks: list[list[PdfLine]]) -> None:
        self.size = body_size(printed)
        self.face = body_face(printed)
        #: Faces that set running text (blocks of three lines or more): a heading's face sets none
        #: (a PDF may set some of its text in a substitute font: that is no heading's face).
        self.running = {
            face for block in blocks if len(block) >= RUNNING_LINES and (face := _main_face(block))
        }
        self.frames = page_frames(printed)
        self.notes = set(footnote_lines(printed))
        self.heights: dict[int, list[float]] = {}
        for line in printed:
            self.heights.setdefault(line.page, []).append(line.baseline)
        for heights in self.heights.values():
            heights.sort()

    def look(self, lines: list[PdfLine], indices: range) -> Look:
        first = lines[0]
        frame = self.frames[first.page]
        faces = _faces(lines)
        face = _main_face(lines)
        larger = all(line.size >= self.size * (1 + SIZE_CHANGE) for line in lines)
        apart = bool(faces) and self.face not in faces and face not in self.running
        rows = _rows(lines)
        is_centred = all(centred(row, self.frames[row.page]) for row in rows)
        footnote = all(index in self.notes for index in indices)
        small = all(line.size <= self.size * CAPTION_SIZE for line in lines)
        return Look(
            face=(round(2 * first.size) / 2, *face) if face else None,
            lines=len(rows),
            display=larger or apart,
            centred=is_centred,
            caption=small and is_centred and not footnote and self._beside_space(lines, frame),
            footnote=footnote,
            run_in=self._run_in(first),
            indent=_indent(rows, frame),
            mark=note_mark(first.text) if footnote else None,
            references=_references(lines),
        )

    def _run_in(self, line: PdfLine) -> bool:
        """Whether the line's first Han characters are set in a face apart from the body's, and
        Han text in the body face follows on the line."""
        faces = [face for face, _ in han_runs(line)]
        return len(faces) >= 2 and faces[0] != self.face and self.face in faces[1:]

    def _beside_space(self, lines: list[PdfLine], frame: PageFrame) -> bool:
        """Whether empty space (a figure, a table's rules) lies above or below the lines: no text
        line within a few leadings, or the page's text begins or ends there."""
        heights = self.heights[lines[0].page]
        top, bottom = lines[0].baseline, lines[-1].baseline
        above = [h for h in heights if h < top - 0.5 * frame.size]
        below = [h for h in heights if h > bottom + 0.5 * frame.size]
        space = FIGURE_SPACE * frame.leading
        return not above or not below or top - above[-1] > space or below[0] - bottom > space


def _references(lines: list[PdfLine]) -> tuple[tuple[str, int], ...]:
    """The block's superscript note references: (mark, occurrences of the mark before it)."""
    found: list[tuple[str, int]] = []
    before = ""
    for line in lines:
        for mark, offset in reference_marks(line):
            found.append((mark, unicodedata.normalize("NFKC", before + line.text[:offset]).count(mark)))
        before += line.text
    return tuple(found)


def _faces(lines: list[PdfLine]) -> Counter[Face]:
    faces: Counter[Face] = Counter()
    for line in lines:
        faces.update(han_faces(line))
    return faces


def _main_face(lines: list[PdfLine]) -> Face | None:
    """The face most of the lines' Han characters are set in."""
    faces = _faces(lines)
    return faces.most_common(1)[0][0] if faces else None


def _rows(lines: list[PdfLine]) -> list[PdfLine]:
    """The block's printed rows: lines on one baseline (pieces of a row set far apart, the labels
    under a row of figures) taken as one line from the first's start to the last's end."""
    rows: list[PdfLine] = []
    for line in lines:
        if rows and rows[-1].page == line.page and abs(rows[-1].baseline - line.baseline) <= 0.3 * line.size:
            rows[-1] = replace(rows[-1], x1=max(rows[-1].x1, line.x1))
        else:
            rows.append(line)
    return rows


def _indent(lines: list[PdfLine], frame: PageFrame) -> str:
    """How a block's second line stands to its first: "hanging", "paragraph" or ""."""
    if len(lines) < 2:
        return ""
    shift = lines[1].x0 - lines[0].x0
    if lines[1].page != lines[0].page:
        return ""
    if shift > 0.5 * frame.size:
        return "hanging"
    if shift < -0.5 * frame.size:
        return "paragraph"
    return ""


# --- Weighing the text's decisions -----------------------------------------------------------------


def weigh(
    texts: Sequence[str], marks: Sequence[Look | None], decisions: list[Decision | None]
) -> list[Decision | None]:
    """The numbering's decision for each block, with the evidence of its look: a footnote, a
    caption or a heading where the text is silent; a paragraph for a run-in lead numbered like a
    list where the document sets such blocks as paragraphs. Blocks without a look (a text source)
    keep the text's decision."""
    if not any(marks):
        return decisions
    faces = _DisplayFaces(marks, decisions)
    styles = _styles_by_kind(texts, marks)
    weighed: list[Decision | None] = []
    for text, look, decision in zip(texts, marks, decisions, strict=True):
        weighed.append(_weighed(text, look, decision, faces, styles))
    return weighed


def _weighed(
    text: str,
    look: Look | None,
    decision: Decision | None,
    faces: _DisplayFaces,
    styles: dict[str | None, str],
) -> Decision | None:
    if look is None:
        return decision
    kind = decision.type if decision is not None else None
    silent = kind in (None, "paragraph")
    if look.footnote:
        return Decision("footnote")
    if look.caption and (silent or kind == "list_item"):
        return Decision("caption")
    if silent and look.face is not None and _heading_look(text, look) and faces.heading_face(look.face):
        return Decision("heading", faces.level(look.face))
    if kind == "list_item" and look.run_in and styles.get(marker_kind(text)) == "paragraph":
        return Decision("paragraph")
    return decision


def _heading_look(text: str, look: Look) -> bool:
    """A short block set wholly in a display face, not centred, with no sentence in it."""
    return (
        look.display
        and not look.centred
        and look.lines <= HEADING_LINES
        and not any(char in SENTENCE_END for char in text)
        and fits_width(text, HEADING_MAX_WIDTH)
    )


class _DisplayFaces:
    """The display faces of a document and the heading level each stands for: that of the numbered
    headings set in it, else the level below the larger display faces'. The largest display size
    is the title's: an unnumbered block set in it is left to the text (a title, not a heading)."""

    def __init__(self, marks: Sequence[Look | None], decisions: Sequence[Decision | None]) -> None:
        found: dict[FaceKey, Counter[int]] = {}
        display: set[FaceKey] = set()
        for look, decision in zip(marks, decisions, strict=True):
            if look is None or look.face is None:
                continue
            if decision is not None and decision.type == "heading":
                found.setdefault(look.face, Counter())[decision.level or 1] += 1
            if look.display:
                display.add(look.face)
        self.numbered = {face: counts.most_common(1)[0][0] for face, counts in found.items()}
        self.title_size = max((face[0] for face in display), default=0.0)
        self.levels = dict(self.numbered)
        headings = {face for face in display - set(self.numbered) if face[0] < self.title_size}
        for face in sorted(headings, key=lambda face: -face[0]):
            larger = [level for other, level in self.levels.items() if other[0] > face[0]]
            self.levels[face] = min(max(larger, default=0) + 1, 4)

    def heading_face(self, face: FaceKey) -> bool:
        return face in self.numbered or face[0] < self.title_size

    def level(self, face: FaceKey) -> int:
        return self.levels.get(face, 1)


def _styles_by_kind(texts: Sequence[str], marks: Sequence[Look | None]) -> dict[str | None, str]:
    """How the document sets the run-in blocks of each marker kind: "paragraph" or "hanging", by
    the majority of those set on more than one line."""
    votes: dict[str | None, Counter[str]] = {}
    for text, look in zip(texts, marks, strict=True):
        if look is not None and look.run_in and look.indent:
            votes.setdefault(marker_kind(text), Counter())[look.indent] += 1
    return {kind: counts.most_common(1)[0][0] for kind, counts in votes.items()}


def one_title(previous: Look | None, following: Look | None) -> bool:
    """Whether two title blocks may be one title: set in one face (or no look to tell)."""
    return previous is None or following is None or previous.face == following.face


def link_notes(blocks: Sequence[Block], marks: Mapping[int, Look | None]) -> list[Block]:
    """Footnotes get their mark, and the blocks that refer to them the place of each reference
    (`Block.notes`), where a footnote with that mark follows; `marks` gives each block's look by
    its first source line."""
    linked = list(blocks)
    for index, block in enumerate(blocks):
        look = marks.get(block.lines[0]) if block.lines else None
        if look is None:
            continue
        if block.type == "footnote" and look.mark and block.text.startswith(look.mark):
            linked[index] = replace(block, mark=look.mark)
        elif look.references:
            notes = _notes(block.text, look.references, blocks[index + 1 :])
            if notes:
                linked[index] = replace(block, notes=notes)
    return linked


def _notes(text: str, references: tuple[tuple[str, int], ...], after: Sequence[Block]) -> tuple[NoteRef, ...]:
    """Where each reference stands in the block's text (its mark's occurrence), for the marks of
    footnotes that follow."""
    following = {note_mark(block.text) for block in after if block.type == "footnote"}
    notes: list[NoteRef] = []
    for mark, before in references:
        at = -1
        for _ in range(before + 1):
            at = text.find(mark, at + 1)
            if at < 0:
                break
        if at >= 0 and mark in following:
            notes.append(NoteRef(at, mark))
    return tuple(notes)
