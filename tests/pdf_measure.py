"""PDF bytes → typographic measures read from the PDF itself (pypdf text, pdfplumber character boxes).

Reusable by the tests and by the build's report: body text in reading order, fonts embedded/subset,
share of non-final lines of justified blocks flush with both margins, prohibited line starts/ends
(clreq), characters per line and lines per page (GB/T 9704 grid), the page each footnote and each
note call lands on.

Footnotes are page floats: they leave the flow for the foot of the page their call (or their block)
is on, so the PDF's reading order is the document's with the footnotes taken out (`flow_text`), and
each footnote is found at a page foot. A table's text is its cells: the " | " and row breaks of the
model's text are rules in the PDF, and a row's cells share their lines.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
from pypdf import PdfReader

from pipeline.document import Block, Document
from pipeline.layout.parts import hanging_marker_end, marker_end
from pipeline.layout.styles import StyleSpec
from pipeline.unicode import HALF_RIGHT_BLANK, LINE_END_PROHIBITED, LINE_START_PROHIBITED

TOLERANCE = 1.0  # pt, the flushness tolerance of the issue


@dataclass(frozen=True)
class Frame:
    """The text block of a style in PDF coordinates (pt, y from the top of the page)."""

    left_odd: float
    left_even: float
    width: float
    top: float
    bottom: float

    @classmethod
    def of(cls, spec: StyleSpec) -> Frame:
        return cls(
            spec.margin_inner,
            spec.margin_outer,
            spec.measure,
            spec.margin_top,
            spec.page_height - spec.margin_bottom,
        )

    def left(self, page_index: int) -> float:
        return self.left_odd if page_index % 2 == 0 else self.left_even


@dataclass
class PdfLine:
    """One line of the text block: its page, characters (pdfplumber dicts) and text."""

    page: int
    chars: list[dict[str, Any]]

    @property
    def text(self) -> str:
        return "".join(char["text"] for char in self.chars)

    @property
    def ink(self) -> str:
        return re.sub(r"\s", "", self.text)


def squeeze(text: str) -> str:
    """Text without whitespace, the form the issue compares ("whitespace aside")."""
    return re.sub(r"\s", "", text)


def ink(block: Block) -> str:
    """What a block prints, whitespace aside: its text; a table's cells, without the separators."""
    if block.rows is not None:
        return squeeze("".join(cell for row in block.rows for cell in row))
    return squeeze(block.text)


def flow_text(document: Document) -> str:
    """The document's printed text in the PDF's reading order, whitespace aside: the footnotes
    (at the page feet) left out."""
    return "".join(ink(block) for block in document.blocks if block.type != "footnote")


def body_text(data: bytes, frame: Frame) -> str:
    """pypdf's text of the text blocks of all pages, in content order (running heads and folios left out)."""
    parts: list[str] = []
    for page in PdfReader(io.BytesIO(data)).pages:

        def visit(
            text: str, cm: list[float], tm: list[float], *_: Any, height: float = float(page.mediabox.height)
        ) -> None:
            y = height - (cm[1] * tm[4] + cm[3] * tm[5] + cm[5])
            if frame.top - 2 <= y <= frame.bottom + 4:
                parts.append(text)

        page.extract_text(visitor_text=visit)
    return "".join(parts)


def body_lines(data: bytes, frame: Frame) -> list[PdfLine]:
    """Lines of the text blocks, top to bottom, page by page, from pdfplumber's character boxes.

    Characters set small and raised just above a line (note calls) belong to that line.
    """
    lines: list[PdfLine] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for index, page in enumerate(pdf.pages):
            rows: dict[float, list[dict[str, Any]]] = {}
            for char in page.chars:
                if not frame.top - 2 <= char["bottom"] <= frame.bottom + 4 or char["text"].isspace():
                    continue
                key = next((k for k in rows if abs(k - char["bottom"]) < 3), char["bottom"])
                rows.setdefault(key, []).append(char)
            keys = sorted(rows)
            for position, key in enumerate(keys):
                below = keys[position + 1] if position + 1 < len(keys) else None
                if below is not None and _raised_above(rows[key], rows[below], below - key):
                    rows[below].extend(rows[key])
                    continue
                lines.append(PdfLine(index, sorted(rows[key], key=lambda c: c["x0"])))
    return lines


def _raised_above(raised: list[dict[str, Any]], line: list[dict[str, Any]], distance: float) -> bool:
    """Whether `raised` are small characters raised off the baseline of `line`, `distance` pt below."""
    size = max(float(char["size"]) for char in line)
    return max(float(char["size"]) for char in raised) < 0.8 * size and distance < 0.8 * size


def font_problems(data: bytes) -> list[str]:
    """Fonts that are not embedded or not subset (empty when all is well)."""
    problems = []
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for reference in (resources.get("/Font") or {}).values():
            font = reference.get_object()
            name = str(font["/BaseFont"])
            target = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = target["/FontDescriptor"].get_object()
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(f"{name} not embedded")
            if not re.fullmatch(r"/[A-Z]{6}\+.+", name):
                problems.append(f"{name} not subset")
    return sorted(set(problems))


def outline_titles(data: bytes) -> list[str]:
    """Titles of the outline (bookmarks), depth first."""
    reader = PdfReader(io.BytesIO(data))
    titles: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(squeeze(item.title))

    walk(reader.outline)
    return titles


@dataclass
class LineReport:
    """Measures of the line geometry of one PDF."""

    checked: int = 0  # non-final lines of justified blocks (paragraphs, list items, footnotes)
    flush: int = 0
    prohibited: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    not_flush: list[str] = field(default_factory=list)
    full_line_chars: Counter[int] = field(default_factory=Counter)  # Han-only non-final lines
    lines_per_page: list[int] = field(default_factory=list)
    #: paragraphs broken across pages: (lines before the break, lines after it)
    splits: list[tuple[int, int]] = field(default_factory=list)
    #: each block's lines as matched: (page, offset of the line's first character in the block's
    #: ink, the line), in order
    placed: dict[int, list[tuple[int, int, PdfLine]]] = field(default_factory=dict)

    @property
    def flush_share(self) -> float:
        return self.flush / self.checked if self.checked else 1.0

    def page_of(self, block: int, text_offset: int, text: str) -> int:
        """The page the character at `text_offset` of block `block` (whose text is `text`) is on."""
        wanted = len(squeeze(text[:text_offset]))
        return max((page for page, start, _ in self.placed[block] if start <= wanted), default=-1)


#: Blocks whose non-final lines are justified to both edges of their measure.
JUSTIFIED = ("paragraph", "list_item", "footnote")


def _right_edge(chars: list[dict[str, Any]], right: float) -> float:
    """The end of a line's last advance. A line-end mark set half-width shows a full-width box in the
    PDF: its advance ends half an em before the box (Simplified faces), or half an em after the
    character before it where `halt` also moves the glyph left (Traditional faces centre 、。，)."""
    last = chars[-1]
    size = float(last["size"])
    if last["text"] in HALF_RIGHT_BLANK:
        ends = [float(last["x1"]) - size / 2]
        if len(chars) > 1:
            ends.append(float(chars[-2]["x1"]) + size / 2)
        for end in ends:
            if abs(end - right) <= TOLERANCE:
                return end
    return float(last["x1"])


class _Matcher:
    """Assigns PDF lines to blocks: the flow in order (a line may run on into the next block, as
    the 版记's 印发机关 and 印发日期 share one), a table by its characters (a row's cells share
    lines), footnotes wherever a page foot starts one."""

    def __init__(self, document: Document) -> None:
        self.blocks = document.blocks
        self.inks = [ink(block) for block in self.blocks]
        self.flow = [index for index, block in enumerate(self.blocks) if block.type != "footnote"]
        self.starts: dict[int, int] = {}
        offset = 0
        for index in self.flow:
            self.starts[index] = offset
            offset += len(self.inks[index])
        self.stream = "".join(self.inks[index] for index in self.flow)
        self.position = 0  # in the stream
        self.table_left: Counter[str] | None = None
        self.notes_done: dict[int, int] = {}  # footnote → characters matched so far
        self.note: int | None = None  # the footnote being read

    def match(self, line_ink: str) -> tuple[int, int] | None:
        """(block, offset of the line in the block's ink) for a line, or None if it fits nowhere."""
        if self.note is not None and self.inks[self.note].startswith(line_ink, self.notes_done[self.note]):
            return self._take_note(self.note, line_ink)
        block = next((i for i in self.flow if self.starts[i] + len(self.inks[i]) > self.position), None)
        if block is not None:
            start = self.position - self.starts[block]
            if self.blocks[block].type == "table":
                left = self.table_left if self.table_left is not None else Counter(self.inks[block])
                if not Counter(line_ink) - left:
                    self.table_left = left - Counter(line_ink)
                    self.position += len(line_ink)
                    if not self.table_left:
                        self.table_left = None
                    return block, start
            elif self.stream.startswith(line_ink, self.position):
                self.position += len(line_ink)
                return block, start
        for note, note_ink in enumerate(self.inks):
            if (
                self.blocks[note].type == "footnote"
                and note not in self.notes_done
                and note_ink.startswith(line_ink)
            ):
                self.notes_done[note] = 0
                return self._take_note(note, line_ink)
        return None

    def _take_note(self, note: int, line_ink: str) -> tuple[int, int]:
        start = self.notes_done[note]
        self.notes_done[note] = start + len(line_ink)
        self.note = None if self.notes_done[note] >= len(self.inks[note]) else note
        return note, start


def measure_lines(data: bytes, document: Document, spec: StyleSpec) -> LineReport:
    """Assign PDF lines to blocks by their text, then check flushness, prohibitions and the grid.

    A justified block's non-final lines must end on the right edge of its measure; a paragraph's
    must start on the left edge (its first line indented by the style), a list item's or
    footnote's later lines where the text after its hanging marker starts on its first line.
    """
    frame = Frame.of(spec)
    lines = body_lines(data, frame)
    report = LineReport()
    pages: Counter[int] = Counter(line.page for line in lines)
    report.lines_per_page = [pages[index] for index in sorted(pages)]
    matcher = _Matcher(document)
    previous: PdfLine | None = None
    for line in lines:
        line_ink = line.ink
        found = matcher.match(line_ink)
        if found is None:
            report.unmatched.append(line_ink)
            continue
        index, start = found
        block = document.blocks[index]
        report.placed.setdefault(index, []).append((line.page, start, line))
        first_in_block = start == 0
        final = start + len(line_ink) >= len(matcher.inks[index])
        if line_ink[0] in LINE_START_PROHIBITED or line_ink[-1] in LINE_END_PROHIBITED:
            report.prohibited.append(line_ink)
        if (
            previous is not None
            and not first_in_block
            and previous.ink[-1] in "—…"
            and line_ink[0] == previous.ink[-1]
        ):
            report.prohibited.append(previous.ink + "|" + line_ink)
        previous = line
        if block.type not in JUSTIFIED or final:
            continue
        report.checked += 1
        left, right = _edges(report, index, block, line, first_in_block, spec, frame)
        x0, x1 = float(line.chars[0]["x0"]), _right_edge(line.chars, right)
        if abs(x0 - left) <= TOLERANCE and abs(x1 - right) <= TOLERANCE:
            report.flush += 1
        else:
            report.not_flush.append(f"p{line.page + 1} {x0 - left:+.2f} {x1 - right:+.2f} {line_ink}")
        if block.type == "paragraph" and not re.search(r"[A-Za-z0-9]", line_ink) and not first_in_block:
            report.full_line_chars[len(line_ink)] += 1
    report.splits = [
        (counts[first], counts[first + 1])
        for index, placed in report.placed.items()
        if document.blocks[index].type == "paragraph"
        for counts in [Counter(page for page, _, _ in placed)]
        for first in sorted(counts)[:-1]
    ]
    return report


def _edges(
    report: LineReport, index: int, block: Block, line: PdfLine, first: bool, spec: StyleSpec, frame: Frame
) -> tuple[float, float]:
    """Where a justified line of `block` must start and end (pt)."""
    style = spec.block_style(block)
    margin = frame.left(line.page)
    right = margin + frame.width - style.inset_end * style.size
    if block.type == "paragraph":
        return margin + (style.inset_start + (style.indent if first else 0.0)) * style.size, right
    end = hanging_marker_end(block) if block.type == "footnote" else marker_end(block.text)
    opening = report.placed[index][0][2]
    if block.type == "footnote" and first:
        return margin, right
    if first:  # a list item's first line: tests/test_blocks_layout.py checks where it starts
        return float(opening.chars[0]["x0"]), right
    hang = (
        float(opening.chars[len(squeeze(block.text[:end]))]["x0"]) if end else float(opening.chars[0]["x0"])
    )
    return margin + hang - frame.left(opening.page), right  # the same place on a page of the other hand
