"""PDF bytes → typographic measures read from the PDF itself (pypdf text, pdfplumber character boxes).

Reusable by the tests and by the build's report: body text in reading order, fonts embedded/subset,
share of non-final paragraph lines flush with both margins, prohibited line starts/ends (clreq),
characters per line and lines per page (GB/T 9704 grid).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
from pypdf import PdfReader

from pipeline.document import Document
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
    """Lines of the text blocks, top to bottom, page by page, from pdfplumber's character boxes."""
    lines: list[PdfLine] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for index, page in enumerate(pdf.pages):
            rows: dict[float, list[dict[str, Any]]] = {}
            for char in page.chars:
                if not frame.top - 2 <= char["bottom"] <= frame.bottom + 4 or char["text"].isspace():
                    continue
                key = next((k for k in rows if abs(k - char["bottom"]) < 3), char["bottom"])
                rows.setdefault(key, []).append(char)
            for key in sorted(rows):
                lines.append(PdfLine(index, sorted(rows[key], key=lambda c: c["x0"])))
    return lines


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

    checked: int = 0  # non-final lines of body paragraphs
    flush: int = 0
    prohibited: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    not_flush: list[str] = field(default_factory=list)
    full_line_chars: Counter[int] = field(default_factory=Counter)  # Han-only non-final lines
    lines_per_page: list[int] = field(default_factory=list)
    #: paragraphs broken across pages: (lines before the break, lines after it)
    splits: list[tuple[int, int]] = field(default_factory=list)

    @property
    def flush_share(self) -> float:
        return self.flush / self.checked if self.checked else 1.0


def _right_edge(char: dict[str, Any], right: float) -> float:
    """The end of a character's advance; a line-end mark set half-width shows a full-width box in the PDF."""
    size = float(char["size"])
    if char["text"] in HALF_RIGHT_BLANK and abs(char["x1"] - size / 2 - right) <= TOLERANCE:
        return float(char["x1"]) - size / 2
    return float(char["x1"])


def measure_lines(data: bytes, document: Document, spec: StyleSpec) -> LineReport:
    """Assign PDF lines to blocks by their text, then check flushness, prohibitions and the grid."""
    frame = Frame.of(spec)
    lines = body_lines(data, frame)
    report = LineReport()
    pages: Counter[int] = Counter(line.page for line in lines)
    report.lines_per_page = [pages[index] for index in sorted(pages)]
    texts = [squeeze(block.text) for block in document.blocks]
    stream = "".join(texts)
    ends = [sum(len(text) for text in texts[: index + 1]) for index in range(len(texts))]
    position = 0
    previous: PdfLine | None = None
    pages_of: dict[int, Counter[int]] = {}
    for line in lines:
        ink = line.ink
        if not stream.startswith(ink, position):
            report.unmatched.append(ink)
            continue
        block_index = next(index for index, end in enumerate(ends) if end > position)
        block = document.blocks[block_index]
        first_in_block = position == ends[block_index] - len(texts[block_index])
        position += len(ink)
        final = position >= ends[block_index]
        if ink[0] in LINE_START_PROHIBITED or ink[-1] in LINE_END_PROHIBITED:
            report.prohibited.append(ink)
        if (
            previous is not None
            and not first_in_block
            and previous.ink[-1] in "—…"
            and ink[0] == previous.ink[-1]
        ):
            report.prohibited.append(previous.ink + "|" + ink)
        previous = line
        pages_of.setdefault(block_index, Counter())[line.page] += 1
        if block.type != "paragraph" or final:
            continue
        style = spec.block_style(block)
        left = frame.left(line.page) + style.inset_start * style.size
        left += style.indent * style.size if first_in_block else 0.0
        right = frame.left(line.page) + frame.width - style.inset_end * style.size
        report.checked += 1
        x0, x1 = float(line.chars[0]["x0"]), _right_edge(line.chars[-1], right)
        if abs(x0 - left) <= TOLERANCE and abs(x1 - right) <= TOLERANCE:
            report.flush += 1
        else:
            report.not_flush.append(f"p{line.page + 1} {x0 - left:+.2f} {x1 - right:+.2f} {ink}")
        if not re.search(r"[A-Za-z0-9]", ink) and not first_in_block:
            report.full_line_chars[len(ink)] += 1
    report.splits = [
        (counts[first], counts[first + 1])
        for index, counts in pages_of.items()
        if document.blocks[index].type == "paragraph"
        for first in sorted(counts)[:-1]
    ]
    return report
