"""Geometric evidence for the cleaner, where the source is a PDF: what the page states plainly.

The text passes guess from characters alone; a PDF's lines carry their position, size and face,
and the conventions of typesetting read off them directly. Each rule names its convention:

- **furniture** (running heads, folios, footers): a line above or below the text block that repeats
  (digits aside) near the same height on other pages, a folio in the top or bottom line of a page,
  or a line in the same row as a folio; a top line set apart from the text by more than a line's
  leading at the height where the other pages' top lines stand (a running head of section titles).
- **block boundaries** (`Line.break_before`): the text block of each page is measured — its left
  edge L, right edge R, body size and leading. A line that stops more than 0.8 em short of R ends
  its block, unless the next line's first unbreakable unit would not have fitted (a forced wrap);
  a line indented from the line above after a full line starts a block, unless it lines up with
  the text after the list marker that opens the block (a hanging indent); a change of body size or
  extra space above a line starts a block. Where none of this decides — a marked line at the left
  edge after a full line — the text rules decide.
- **block types** (`BlockHint`): a centred line larger than the body near the top of a document's
  first page is its title; text smaller than the body under the body at a page foot is a footnote.

Nothing here is a constant of one document: edges, sizes and leading are measured on each page.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.clean.furniture import SourceLine, page_number
from pipeline.clean.lines import Line
from pipeline.clean.report import CleanReport
from pipeline.clean.text import FORM_FEED

if TYPE_CHECKING:
    from pipeline.sources.pdf_lines import PdfLine

#: A line ending more than this many ems before the right edge stops short (ends its block).
SHORT_OF_MARGIN = 0.8
#: An indent of at least this many ems (from the line above) starts a block.
INDENT = 0.8
#: Space above a line beyond this share of the leading starts a block.
EXTRA_SPACE = 0.45
#: A size differing by more than this share from the line above starts a block.
SIZE_CHANGE = 0.12

#: List markers whose text a hanging indent lines up with: 1) 1. (1) （一） 一、 a) • 第1條 …
_LIST_MARKER = re.compile(
    r"^(?:[（(][0-9０-９]{1,3}[)）]|[0-9０-９]{1,3}(?:[)）.．、](?![0-9])|[\s\u3000]+)"
    r"|[（(][一二三四五六七八九十百]+[)）]|[一二三四五六七八九十百]+[、　]|[a-zA-Z][)）.]|[•·●○▪■◆◇※]"
    r"|第\s*[0-9一二三四五六七八九十百]+\s*[條条款項项])"
    r"[\s\u3000]*"
)
#: A label and its colon at a line start ("抄送：", "決議:"): the lines after it may hang under its text.
_LABEL = re.compile(r"^[^\s，。；：:、]{1,6}[：:][\s\u3000]*")


@dataclass(frozen=True)
class PageFrame:
    """The text block of a page: left and right edges, body size and leading (points)."""

    left: float
    right: float
    size: float
    leading: float


def _mode(values: Sequence[float], step: float = 1.0) -> float | None:
    """The most common value, in bins of `step` (the lower value on a tie)."""
    if not values:
        return None
    counts = Counter(round(v / step) for v in values)
    best = max(counts.items(), key=lambda item: (item[1], -item[0]))[0]
    return best * step


def body_size(lines: Sequence[PdfLine]) -> float:
    """The size most of the text is set in (weighted by characters)."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += len(line.text)
    return max(sizes, key=lambda s: (sizes[s], s)) if sizes else 0.0


def page_frames(lines: Sequence[PdfLine]) -> dict[int, PageFrame]:
    """Each page's text block, measured on its body-size lines; pages with too few such lines take
    the edges of the pages of the same parity (books mirror their margins)."""
    size = body_size(lines)
    by_page: dict[int, list[PdfLine]] = {}
    for line in lines:
        if abs(line.size - size) <= SIZE_CHANGE * size:
            by_page.setdefault(line.page, []).append(line)
    parity: dict[int, list[PdfLine]] = {0: [], 1: []}
    for page, body in by_page.items():
        parity[page % 2].extend(body)
    fallback = {key: _frame(body, size, None) for key, body in parity.items() if body}
    frames: dict[int, PageFrame] = {}
    pages = sorted({line.page for line in lines})
    for page in pages:
        body = by_page.get(page, [])
        default = fallback.get(page % 2) or next(iter(fallback.values()), None)
        frames[page] = _frame(body, size, default) if len(body) >= 6 or default is None else default
    return frames


def _frame(body: list[PdfLine], size: float, default: PageFrame | None) -> PageFrame:
    left = _edge([line.x0 for line in body])
    # the right edge: where the lines that reach furthest most often end (a closing mark may hang)
    far = sorted(line.x1 for line in body)
    wide = [x for x in far if x >= far[int(0.5 * (len(far) - 1))]] if far else []
    right = _edge(wide)
    gaps = [
        b.baseline - a.baseline
        for a, b in itertools.pairwise(body)
        if a.page == b.page and 0 < b.baseline - a.baseline < 3 * size
    ]
    leading = _mode(gaps, 0.5) if gaps else None
    return PageFrame(
        left=left if left is not None else (default.left if default else 0.0),
        right=right if right is not None else (default.right if default else 0.0),
        size=size,
        leading=leading or (default.leading if default else 1.5 * size),
    )


def _edge(values: Sequence[float]) -> float | None:
    """The most common position (1 pt bins), if at least three lines share it: an edge of the text."""
    best = _mode(values)
    if best is None or sum(1 for v in values if abs(v - best) <= 1.5) < 3:
        return None
    return best


# --- Furniture -----------------------------------------------------------------------------------


def _normalised(text: str) -> str:
    return re.sub(r"[0-9０-９]+", "#", "".join(text.split()))


def furniture(lines: Sequence[PdfLine]) -> dict[int, str]:
    """Indices of the lines that are page furniture, with the report code for each."""
    pages: dict[int, list[int]] = {}
    for index, line in enumerate(lines):
        pages.setdefault(line.page, []).append(index)
    if not pages:
        return {}
    frames = page_frames(lines)
    found: dict[int, str] = {}
    edge_rows: list[tuple[int, list[int], str]] = []  # (page, indices of the row, "top"/"bottom")
    for page, indices in pages.items():
        edge_rows.append((page, _edge_row(lines, indices, top=True), "top"))
        edge_rows.append((page, _edge_row(lines, indices, top=False), "bottom"))
    # folios: a page number alone at the top or bottom of a page; its row goes with it
    for _, row, _ in edge_rows:
        if any(page_number(lines[i].text) for i in row):
            for i in row:
                found[i] = "page-marker" if page_number(lines[i].text) else "running-header"
    # running heads and footers: text repeated near the same height on other pages
    places: dict[str, list[tuple[int, float, int]]] = {}
    for page, row, where in edge_rows:
        for i in _edge_band(lines, pages[page], row, where):
            places.setdefault(_normalised(lines[i].text), []).append((page, lines[i].baseline, i))
    for occurrences in places.values():
        heights = [baseline for _, baseline, _ in occurrences]
        page_count = len({page for page, _, _ in occurrences})
        if (
            page_count >= 2
            and page_count >= 0.4 * len(pages)
            and max(heights) - min(heights) <= 2 * lines[occurrences[0][2]].size
        ):
            for _, _, i in occurrences:
                found.setdefault(i, "running-header")
    # running heads that change with the section: a top line set apart where the others stand
    tops = [(page, row) for page, row, where in edge_rows if where == "top"]
    heights = [lines[row[0]].baseline for _, row in tops]
    for page, row in tops:
        if any(i in found for i in row) or len(pages) < 3:
            continue
        baseline = lines[row[0]].baseline
        same = sum(1 for h in heights if abs(h - baseline) <= 2)
        after = _next_line(lines, pages[page], row)
        frame = frames[page]
        apart = after is not None and after.baseline - baseline > 1.6 * frame.leading
        small = all(lines[i].size <= frame.size * (1 + SIZE_CHANGE) for i in row)
        if same >= 0.5 * len(pages) and same >= 2 and apart and small:
            for i in row:
                found[i] = "running-header"
    return found


def _edge_row(lines: Sequence[PdfLine], indices: list[int], *, top: bool) -> list[int]:
    """The top (or bottom) row of a page: its highest (lowest) line and the lines beside it."""
    by_height = sorted(indices, key=lambda i: lines[i].baseline)
    edge = by_height[0] if top else by_height[-1]
    baseline, size = lines[edge].baseline, lines[edge].size
    return [i for i in indices if abs(lines[i].baseline - baseline) <= 0.5 * max(size, lines[i].size)]


def _edge_band(lines: Sequence[PdfLine], indices: list[int], row: list[int], where: str) -> list[int]:
    """The lines of a page's top (bottom) band: the edge row and the rows packed next to it, up to
    four (a letterhead of a name, an address and their English versions)."""
    ordered = sorted(indices, key=lambda i: lines[i].baseline, reverse=where == "bottom")
    band = list(row)
    last = max(lines[i].baseline for i in row) if where == "top" else min(lines[i].baseline for i in row)
    for i in ordered:
        if i in band:
            continue
        distance = abs(lines[i].baseline - last)
        if len(band) >= 6 or distance > 2.5 * lines[i].size:
            break
        band.append(i)
        last = lines[i].baseline
    return band


def _next_line(lines: Sequence[PdfLine], indices: list[int], row: list[int]) -> PdfLine | None:
    below = [lines[i] for i in indices if i not in row and lines[i].baseline > lines[row[0]].baseline]
    return min(below, key=lambda line: line.baseline) if below else None


# --- Block boundaries ----------------------------------------------------------------------------


def block_breaks(lines: Sequence[PdfLine]) -> list[bool | None]:
    """For each line (of the text without furniture, in reading order): True where a block starts,
    False where the line continues the block above, None where the geometry does not decide."""
    frames = page_frames(lines)
    decisions: list[bool | None] = []
    first_of_block: PdfLine | None = None
    for index, line in enumerate(lines):
        previous = lines[index - 1] if index else None
        decision = _break(previous, line, first_of_block, frames) if previous is not None else True
        decisions.append(decision)
        if decision is not False:
            first_of_block = line
    return decisions


def _break(
    previous: PdfLine, line: PdfLine, first: PdfLine | None, frames: dict[int, PageFrame]
) -> bool | None:
    frame = frames[line.page]
    em = max(frame.size, 1.0)
    if abs(line.size - previous.size) > SIZE_CHANGE * max(line.size, previous.size):
        return True
    if line.page == previous.page and line.column == previous.column:
        expected = frame.leading * max(line.size, previous.size) / em
        if line.baseline - previous.baseline > expected * (1 + EXTRA_SPACE):
            return True
    if line.column != previous.column and line.page == previous.page:
        return None
    full = previous.x1 >= frame.right - SHORT_OF_MARGIN * em
    if not full:
        room = frame.right - previous.x1
        forced = line.lead > room + 0.2 * em and previous.x1 > frame.left + 4 * em
        if not forced:
            return True
    hanging = _hanging_position(first) if first is not None else None
    if hanging is not None and abs(line.x0 - hanging) <= 0.4 * em:
        return False  # the text after the block's list marker: a hanging indent
    if line.x0 > previous.x0 + INDENT * em:
        return True  # indented from the line above: a new paragraph
    if _LIST_MARKER.match(line.text) and line.x0 <= previous.x0 + 0.4 * em:
        return None  # a marked line at the block's edge: the text rules weigh the marker
    return False


def _hanging_position(first: PdfLine) -> float | None:
    """Where the text after a block's opening list marker begins, if the block opens with one."""
    match = _LIST_MARKER.match(first.text) or _LABEL.match(first.text)
    if match is None or match.end() >= len(first.starts) or match.end() == 0:
        return None
    return first.starts[match.end()]


# --- Applying the evidence ------------------------------------------------------------------------


def remove_page_furniture(
    lines: list[SourceLine], layout: Sequence[PdfLine], report: CleanReport
) -> tuple[list[SourceLine], list[str]]:
    """Drop the furniture lines (reported, and listed as removed); a page break they carried passes
    to the next line kept."""
    found = furniture(layout)
    kept: list[SourceLine] = []
    removed: list[str] = []
    breaks = ""
    for index, line in enumerate(lines):
        code = found.get(index)
        if code is None:
            kept.append(SourceLine(line.number, breaks + line.text) if breaks else line)
            breaks = ""
            continue
        text = line.text.replace(FORM_FEED, "")
        breaks += FORM_FEED * line.text.count(FORM_FEED)
        report.add(code, line.number, text.strip())
        removed.append(text.strip())
    if breaks and kept:
        kept.append(SourceLine(lines[-1].number, breaks))
    return kept, removed


def apply_breaks(lines: list[Line], layout: Sequence[PdfLine]) -> None:
    """Set `Line.break_before` from the geometry of the PDF lines they came from (numbered from 1)."""
    content = [line for line in lines if not line.blank]
    decisions = block_breaks([layout[line.number - 1] for line in content])
    for line, decision in zip(content, decisions, strict=True):
        line.break_before = decision
