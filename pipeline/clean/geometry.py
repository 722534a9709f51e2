"""Geometric evidence for the cleaner, where the source is a PDF: what the page states plainly.

The text passes guess from characters alone; a PDF's lines carry their position, size and face,
and the conventions of typesetting read off them directly. Each rule names its convention:

- **the text block** (`PageFrame`): measured on the body-size lines of all pages alike — the right
  edge where the lines reaching furthest end, the left edge where the lines after a full line begin
  (a first line may be indented, a list number may hang in the margin), the leading between a
  full line and the next; one frame for odd and one for even pages where a book mirrors its
  margins, a page's own left edge where its run-on lines agree on one.
- **furniture** (running heads, folios, footers): a line above or below the text block that repeats
  (digits aside) near the same height on other pages, a folio in the top or bottom line of a page,
  or a line in the same row as a folio; a top line set apart from the text by more than a line's
  leading at the height where other pages have such a line too (a running head of section titles).
- **block boundaries** (`Line.break_before`), from the line above and the block so far:
  a change of size, or extra space above, starts a block; so does the body face after a block set
  wholly in a heading face (黑体, bold). Lines of a title centred in a display size run on.
  A line that does not fill the measure (stops more than 0.8 em short of the right edge, or is set
  apart: centred, flush right) ends its block, unless the next line's first unbreakable unit
  would not have fitted (a forced wrap), the two lines are wrapped text of a narrower measure (an
  indented quotation: the line above stops in mid-sentence and the next fits under it), or the
  next line hangs under the text after the block's list marker or label ("抄送：…", "1.窗口接收：…")
  — never under a line ending with a colon, whose lines stand each for itself. A line indented
  from the one above starts a block, unless the line above filled the measure in mid-sentence (no
  paragraph ends so); a line back out from a block's run-on lines starts the next item; a bold lead
  ("決議:") after a sentence starts a block. A marked line at the block's edge after a full line
  is left to the text rules.

Nothing here is a constant of one document: edges, sizes and leading are measured on each page.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.clean.furniture import SourceLine, page_number
from pipeline.clean.lines import Line
from pipeline.clean.markers import marker_kind
from pipeline.clean.report import CleanReport
from pipeline.clean.text import FORM_FEED, ends_sentence
from pipeline.unicode import HAN, HANGING_PUNCT

if TYPE_CHECKING:
    from pipeline.sources.pdf_lines import PdfLine

#: A line ending more than this many ems before the right edge stops short (ends its block).
SHORT_OF_MARGIN = 0.8
#: An indent of at least this many ems (from the line above) starts a block.
INDENT = 0.8
#: A line starting further right than this share of the measure is set apart (centred, flush right).
SET_APART = 0.25
#: How much (ems) of a unit may stick out past the right edge and still count as not fitting.
FIT_TOLERANCE = 0.1
#: Text set at most this share of the body size is in a caption's size (五号 under 小四: 0.875).
CAPTION_SIZE = 0.95
#: Space above a line beyond this share of the leading starts a block.
EXTRA_SPACE = 0.45
#: A size differing by more than this share from the line above starts a block.
SIZE_CHANGE = 0.12

#: List markers whose text a hanging indent lines up with: 1) 1. (1) （一） 一、 a) • 第1條 …
_LIST_MARKER = re.compile(
    r"(?:[（(][0-9０-９]{1,3}[)）]|[0-9０-９]{1,3}(?:[)）.．、](?![0-9])|[\s\u3000]+)"
    r"|[（(][一二三四五六七八九十百]+[)）]|[一二三四五六七八九十百]+(?:、|[\s\u3000]+)|[a-zA-Z][)）.]|[•·●○▪■◆◇※]|\[[0-9]{1,3}\]"
    r"|第\s*[0-9一二三四五六七八九十百]+\s*[條条款項项])"
    r"[\s\u3000]*"
)
#: A label and its colon at a line start ("抄送：", "決議:"): the lines after it may hang under its text.
_LABEL = re.compile(r"[^\s，。；：:、]{1,6}[：:][\s\u3000]*")
#: A colon at a line's end introduces what follows (a list, a quotation).
_INTRODUCING = ("：", ":")
#: How a run-in lead ends: a label's colon, a lead sentence's stop, a marker's bracket or comma.
_LEAD_ENDS = "：:。．.、）)"


@dataclass(frozen=True)
class PageFrame:
    """The text block of a page: left and right edges, body size and leading (points)."""

    left: float
    right: float
    size: float
    leading: float

    @property
    def measure(self) -> float:
        return max(self.right - self.left, self.size)


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
    """Each page's text block, measured on the body-size lines of all pages alike: one frame for
    the document, or one for odd and one for even pages where a book mirrors its margins; a page's
    own full lines give its left edge where three of them agree. A page whose lines run well past
    that frame (a wider page) is measured by itself."""
    size = body_size(lines)
    body = [line for line in lines if abs(line.size - size) <= SIZE_CHANGE * size]
    parity: dict[int, list[PdfLine]] = {0: [], 1: []}
    for line in body:
        parity[line.page % 2].append(line)
    measured = {key: _frame(group, size) for key, group in parity.items() if len(group) >= 3}
    if len(measured) < 2 or not _mirrored(measured[0], measured[1]):
        measured = dict.fromkeys(measured, _frame(body, size))
    fallback = next(iter(measured.values()), None) or PageFrame(0.0, 0.0, size or 1.0, 1.5 * (size or 1.0))
    frames: dict[int, PageFrame] = {}
    by_page: dict[int, list[PdfLine]] = {}
    for line in body:
        by_page.setdefault(line.page, []).append(line)
    for page in sorted({line.page for line in lines}):
        frame = measured.get(page % 2, fallback)
        own = by_page.get(page, [])
        beyond = [line for line in own if line.x1 > frame.right + 1.5 * frame.size]
        if len(beyond) >= 3:
            frame = _frame(own, size)
        else:  # where this page's wrapped lines begin (a page may be set in from the others),
            # unless lines start left of that (then the run-on lines hang under list items)
            left = _edge(_run_on_starts(own, frame.right, size))
            outside = left is not None and any(line.x0 < left - 0.5 * size for line in own)
            if left is not None and not outside and abs(left - frame.left) > 0.4 * size:
                frame = replace(frame, left=left)
        frames[page] = frame
    return frames


def _run_on_starts(body: list[PdfLine], right: float, size: float) -> list[float]:
    """Where the lines after a full line begin: a wrapped paragraph's run-on lines start at the
    text block's left edge (first lines may be indented, list numbers may hang in the margin)."""
    return [
        b.x0
        for a, b in itertools.pairwise(body)
        if a.page == b.page and a.column == b.column and a.x1 >= right - SHORT_OF_MARGIN * size
    ]


def _mirrored(odd: PageFrame, even: PageFrame) -> bool:
    """Whether odd and even pages set one measure at different places (a book's inner and outer
    margins), rather than one frame measured twice."""
    return abs(odd.measure - even.measure) <= odd.size and abs(odd.left - even.left) > odd.size


def _frame(body: list[PdfLine], size: float) -> PageFrame:
    """The text block the lines are set in: the right edge where the lines that reach furthest most
    often end (a closing mark may hang past it), the left edge where the lines after a full line
    begin, and the leading between a full line and the next (the lines of one paragraph)."""
    right = _right_edge(body)
    left = (
        _edge(_run_on_starts(body, right, size))
        or _edge([line.x0 for line in body])
        or min((line.x0 for line in body), default=0.0)
    )
    gaps = [
        b.baseline - a.baseline
        for a, b in itertools.pairwise(body)
        if a.page == b.page and a.column == b.column and 0 < b.baseline - a.baseline < 3 * size
    ]
    wrapped = [
        b.baseline - a.baseline
        for a, b in itertools.pairwise(body)
        if a.page == b.page
        and a.column == b.column
        and a.x1 >= right - SHORT_OF_MARGIN * size
        and 0 < b.baseline - a.baseline < 3 * size
    ]
    leading = _mode(wrapped, 0.5) if len(wrapped) >= 3 else _mode(gaps, 0.5)
    return PageFrame(left=left, right=right, size=size, leading=leading or 1.5 * size)


def _right_edge(body: list[PdfLine]) -> float:
    """Where the full lines end: the furthest position at least three lines share, of the lines
    that do not end with a closing mark (which may hang past the measure). Lines ending short,
    however many (a list of one-line items), do not pull it in."""
    unhung = [line.x1 for line in body if line.text[-1:] not in HANGING_PUNCT]
    ends = unhung if len(unhung) >= 3 else [line.x1 for line in body]
    counts = Counter(round(x) for x in ends)
    shared = [x for x in counts if sum(n for y, n in counts.items() if abs(y - x) <= 1) >= 3]
    return float(max(shared)) if shared else max(ends, default=0.0)


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
    for found_at in places.values():
        # furniture repeats in one size: a title under the running head that repeats it is none
        common = Counter(round(lines[i].size) for _, _, i in found_at).most_common(1)[0][0]
        occurrences = [
            place for place in found_at if abs(lines[place[2]].size - common) <= SIZE_CHANGE * common
        ]
        heights = [baseline for _, baseline, _ in occurrences]
        page_count = len({page for page, _, _ in occurrences})
        if (
            page_count >= 2
            and page_count >= 0.4 * len(pages)
            and max(heights) - min(heights) <= 2 * lines[occurrences[0][2]].size
        ):
            for _, _, i in occurrences:
                found.setdefault(i, "running-header")
    # the labels of a diagram: text within a drawing of curves, not set in the body's face and size
    face, size = body_face(lines), body_size(lines)
    for index, line in enumerate(lines):
        if line.in_figure and (han_face(line) != face or abs(line.size - size) > SIZE_CHANGE * size):
            found.setdefault(index, "figure-text")
    # running heads that change with the section: a top line set apart from the text below it, at
    # the height where other pages have a running head too (a line set apart, or one found above)
    tops = [(page, row) for page, row, where in edge_rows if where == "top"]
    heads: list[tuple[int, list[int], bool]] = []
    for page, row in tops:
        baseline = lines[row[0]].baseline
        after = _next_line(lines, pages[page], row)
        frame = frames[page]
        apart = after is not None and after.baseline - baseline > 1.6 * frame.leading
        small = all(lines[i].size <= frame.size * (1 + SIZE_CHANGE) for i in row)
        heads.append((page, row, (apart and small) or any(i in found for i in row)))
    titles = _display_texts(lines, body_size(lines))
    for _, row, head in heads:
        if head and all(_normalised(lines[i].text) in titles for i in row):
            for i in row:
                found.setdefault(i, "running-header")  # a head that repeats the title: on any page count
        if any(i in found for i in row) or len(pages) < 3 or not head:
            continue
        baseline = lines[row[0]].baseline
        same = sum(
            1 for _, other, is_head in heads if is_head and abs(lines[other[0]].baseline - baseline) <= 2
        )
        if same >= 0.5 * len(pages) and same >= 2:
            for i in row:
                found[i] = "running-header"
    return found


def _display_texts(lines: Sequence[PdfLine], size: float) -> set[str]:
    """The texts set larger than the body — each line, and each run of lines in one display size
    read as one (a title wrapped over lines) — which a running head repeats."""
    texts: set[str] = set()
    for display, run in itertools.groupby(
        lines, key=lambda line: line.size > size * (1 + SIZE_CHANGE) and line.size
    ):
        if display:
            pieces = [_normalised(line.text) for line in run]
            texts.update([*pieces, "".join(pieces)])
    return texts


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


def block_breaks(lines: Sequence[PdfLine], frames: dict[int, PageFrame] | None = None) -> list[bool | None]:
    """For each line (of the text without furniture, in reading order): True where a block starts,
    False where the line continues the block above, None where the geometry does not decide.
    `frames` are the pages' text blocks where the caller measured them already."""
    frames = frames or page_frames(lines)
    face = body_face(lines)
    decisions: list[bool | None] = []
    block: _OpenBlock | None = None
    for line in lines:
        decision = _break(block, line, frames, face) if block is not None else True
        decisions.append(decision)
        apart = _apart_from(line, face)
        if block is None or decision is not False:
            block = _OpenBlock(line, line, 1, apart, _text_end(line))
        else:
            reach = max(block.reach, _text_end(line))
            block = _OpenBlock(block.first, line, block.lines + 1, block.apart and apart, reach)
    return decisions


@dataclass(frozen=True, slots=True)
class _OpenBlock:
    """The block so far: its first and last line, how many lines, whether all are set apart from
    the body's face (a heading in 黑体 or bold), and how far right its lines' text reaches."""

    first: PdfLine
    last: PdfLine
    lines: int
    apart: bool
    reach: float


def _text_end(line: PdfLine) -> float:
    """Where a line's text ends, a closing mark hanging past the measure (clreq) not counted."""
    return line.x1 - line.size if line.text[-1:] in HANGING_PUNCT else line.x1


Face = tuple[str, bool]


def han_runs(line: PdfLine) -> tuple[tuple[Face, int], ...]:
    """The runs of a line that hold Han characters, in order: (face, how many). Latin words in a
    Chinese line come from another font and say nothing of its face."""
    return _han(line.text, line.runs).runs


def han_faces(line: PdfLine) -> Mapping[Face, int]:
    """How many of a line's Han characters each face (font, bold) sets (not to be changed)."""
    return _han(line.text, line.runs).faces


def han_face(line: PdfLine) -> Face | None:
    """The face most of a line's Han characters are set in; None for a line without Han."""
    return _han(line.text, line.runs).face


@dataclass(frozen=True, slots=True)
class _HanText:
    runs: tuple[tuple[Face, int], ...]
    faces: Mapping[Face, int]
    face: Face | None


@lru_cache(maxsize=8192)
def _han(text: str, runs: tuple[tuple[int, str, bool, float], ...]) -> _HanText:
    """The Han characters of a line by face (asked again and again by the rules: measured once)."""
    found: list[tuple[Face, int]] = []
    faces: dict[Face, int] = {}
    bounds = [run[0] for run in runs[1:]] + [len(text)]
    for (offset, font, bold, _), end in zip(runs, bounds, strict=True):
        han = len(HAN.findall(text, offset, end))
        if han:
            found.append(((font, bold), han))
            faces[(font, bold)] = faces.get((font, bold), 0) + han
    face = max(faces, key=faces.__getitem__) if faces else None
    return _HanText(tuple(found), faces, face)


def body_face(lines: Sequence[PdfLine]) -> Face | None:
    """The face the body text is set in: the one most Han characters of body size share."""
    size = body_size(lines)
    counts: Counter[Face] = Counter()
    for line in lines:
        if abs(line.size - size) <= SIZE_CHANGE * size and (face := han_face(line)) is not None:
            counts[face] += len(line.text)
    return counts.most_common(1)[0][0] if counts else None


def _break(block: _OpenBlock, line: PdfLine, frames: dict[int, PageFrame], face: Face | None) -> bool | None:
    previous, first = block.last, block.first
    frame, above = frames[line.page], frames[previous.page]
    em = max(frame.size, 1.0)
    if _labels_of_one_row(previous, line, frame):
        return False  # the labels under a row of figures, "(a)… (b)…": one caption
    if abs(line.size - previous.size) > SIZE_CHANGE * max(line.size, previous.size):
        return True
    if line.page == previous.page and line.column == previous.column:
        expected = frame.leading * max(line.size, previous.size) / em
        if line.baseline - previous.baseline > expected * (1 + EXTRA_SPACE):
            return True
    if line.column != previous.column and line.page == previous.page:
        return None
    if _title_lines(previous, line, frame, face):
        return False  # a title wrapped over centred lines in its display face
    if block.apart and face is not None and han_face(line) == face:
        return True  # a block set wholly in a heading face, then a line in the body face
    indent = (line.x0 - frame.left) - (previous.x0 - above.left)  # across a page: from each page's edge
    hanging = _at_hanging_indent(first, line, frames)
    if not _fills_line(previous, above):
        # "出席人員：" over a line for each; an item's lead sentence ended ("（一）…筹备情形。" over
        # "报告：（1）…", the next item under its text): the lines under it stand each for itself
        stands_alone = previous.text.endswith(_INTRODUCING) or ends_sentence(previous.text)
        if not (
            _forced_wrap(previous, line, above)
            or _narrower_measure(block, line, above)
            or (hanging and not stands_alone)
        ):
            return True
    if hanging:
        return False  # the text after the block's list marker or label: a hanging indent
    if indent > INDENT * em:
        # indented from the line above: a new paragraph — unless the line above filled the measure
        # in the middle of a sentence (no paragraph ends so) and this one starts no item
        return not _mid_sentence(previous.text) or bool(_LIST_MARKER.match(line.text)) or _run_in_lead(line)
    if (
        block.lines == 1
        and line.x0 - frame.left > INDENT * em
        and _full_indented_sentence(previous, line, above)
    ):
        return True  # run-on lines go back to the edge: a line indented too is another first line
    if block.lines > 1 and indent < -INDENT * em:
        return True  # back out from the block's run-on lines: the next item of a hanging list
    if _run_in_lead(line) and (ends_sentence(previous.text) or previous.text.endswith(("?", "!"))):
        return True  # a lead in bold after a sentence ends: "決議：…"
    if _LIST_MARKER.match(line.text) and indent <= 0.4 * em:
        return None  # a marked line at the block's edge: the text rules weigh the marker
    return False


def _labels_of_one_row(previous: PdfLine, line: PdfLine, frame: PageFrame) -> bool:
    """Whether two pieces of one printed row, set apart by a wide gap, are both smaller than the
    body (a caption's size): labels under a row of figures. (Fields of body size set far apart —
    a left and a right running head, "主 席：… ⇥ 記錄：…" — stay lines of their own.)"""
    small = frame.size * CAPTION_SIZE
    return (
        line.page == previous.page
        and abs(line.baseline - previous.baseline) <= 0.3 * frame.size
        and line.x0 > previous.x1
        and line.size < small
        and previous.size < small
    )


def centred(line: PdfLine, frame: PageFrame) -> bool:
    """Whether a line stands in the middle of the text block: as far in from one edge as from the
    other (a line across the whole measure counts: its centring cannot be told)."""
    inset = line.x0 - frame.left
    return inset > -0.5 * frame.size and abs(inset - (frame.right - line.x1)) <= frame.size


def _title_lines(previous: PdfLine, line: PdfLine, frame: PageFrame, face: Face | None) -> bool:
    """Whether two lines are one title wrapped over centred lines: both centred, in one size and
    face that is larger than the body's or another face (a heading's), the second opening with no
    number of its own (a 第一节 centred under a 第一章 is a heading of its own)."""
    display = previous.size > frame.size * (1 + SIZE_CHANGE) or han_face(previous) not in (face, None)
    return (
        display
        and marker_kind(line.text) is None
        and line.page == previous.page
        and abs(line.size - previous.size) <= 0.05 * previous.size
        and han_face(line) == han_face(previous)
        and centred(previous, frame)
        and centred(line, frame)
    )


def _fills_line(line: PdfLine, frame: PageFrame) -> bool:
    """Whether a line runs from the left of the text block to its right edge: a line of running text
    that wrapped. A line set apart (centred or flush right: a signature, a date) fills none."""
    return (
        line.x1 >= frame.right - SHORT_OF_MARGIN * frame.size
        and line.x0 <= frame.left + SET_APART * frame.measure
    )


def _full_indented_sentence(line: PdfLine, below: PdfLine, frame: PageFrame) -> bool:
    """Whether a block's first line is indented from the text block's left edge (a paragraph's
    first line, an item's marker), fills the measure (or the line below could not have gone on
    it: a forced wrap) and ends its sentence. A block that went on would go on at the edge (or,
    for an item set with a hanging indent, under its text: decided before), so a line indented
    from the edge too begins a block."""
    return (
        line.x0 - frame.left > INDENT * frame.size
        and (_fills_line(line, frame) or _forced_wrap(line, below, frame))
        and ends_sentence(line.text)
    )


def _forced_wrap(previous: PdfLine, line: PdfLine, frame: PageFrame) -> bool:
    """Whether a line stopped short only because the next line's first unbreakable unit (a Latin
    word, a URL, a character with the closing marks glued to it) would not have fitted after it."""
    room = frame.right - previous.x1
    return (
        line.lead > room - FIT_TOLERANCE * frame.size
        and previous.x1 > frame.left + 4 * frame.size
        and previous.x0 <= frame.left + SET_APART * frame.measure
    )


def _narrower_measure(block: _OpenBlock, line: PdfLine, frame: PageFrame) -> bool:
    """Whether two lines are wrapped text of a narrower measure (an indented quotation, a preamble
    set in from the right): the line above, at least half the text block wide, stops short in the
    middle of a sentence, and the line below, in the same face, fits under it. A block whose earlier
    lines reached further right is set in the wider measure: its line that stops short ends it."""
    previous, em = block.last, frame.size
    return (
        previous.width >= 0.5 * frame.measure
        and block.reach <= _text_end(previous) + SHORT_OF_MARGIN * em
        and not ends_sentence(previous.text)
        and not previous.text.endswith(_INTRODUCING)
        and line.x0 <= previous.x0 + 0.4 * em
        and line.x1 <= previous.x1 + 0.5 * em
        and han_face(line) in (han_face(previous), None)
        and _LIST_MARKER.match(line.text) is None
    )


def _apart_from(line: PdfLine, face: Face | None) -> bool:
    """Whether a line has Han text and none of it in the body's face."""
    faces = han_faces(line)
    return bool(faces) and face not in faces


def _run_in_lead(line: PdfLine) -> bool:
    """Whether a line opens with a lead in bold (a label or a lead sentence: "決議:", "（一）…。")
    before text in a regular face."""
    regular = next((run for run in line.runs if not run[2]), None)
    if regular is None or regular is line.runs[0]:
        return False
    lead = line.text[: regular[0]].strip()
    return len(lead) >= 2 and lead[-1] in _LEAD_ENDS


def _mid_sentence(text: str) -> bool:
    """Whether a line ends where no sentence or clause can: on a letter, digit or Han character
    (a closing bracket or quotation mark may end a paragraph: "…。（责任单位：市财政局）")."""
    end = text.rstrip()[-1:]
    return end.isalnum()


def _at_hanging_indent(first: PdfLine, line: PdfLine, frames: dict[int, PageFrame]) -> bool:
    """Whether `line` starts where the text after the block's opening list marker or label begins
    (a hanging indent: "1.窗口接收：福州市…" with the next line under 福), and is no new item."""
    if _LIST_MARKER.match(line.text) or _run_in_lead(line):
        return False
    em = frames[line.page].size
    shift = frames[line.page].left - frames[first.page].left
    return any(
        position > first.x0 + 0.5 * em and abs(line.x0 - shift - position) <= 0.4 * em
        for position in _hanging_positions(first)
    )


def _hanging_positions(first: PdfLine) -> list[float]:
    """Where the text after a line's opening list marker, label, or both ("1.窗口接收：", "決議: (1)")
    begins."""
    positions: list[float] = []
    for patterns in ((_LIST_MARKER, _LABEL), (_LABEL, _LIST_MARKER)):
        end = 0
        for pattern in patterns:
            match = pattern.match(first.text, end)
            if match is None or match.end() == end:
                continue
            end = match.end()
            if end < len(first.starts):
                positions.append(first.starts[end])
    return positions


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


def apply_breaks(lines: list[Line], layout: Sequence[PdfLine]) -> list[Line]:
    """Set `Line.break_before` from the geometry of the PDF lines they came from (numbered from 1),
    and move each page's footnotes after the block in which the page ends: the lines in reading
    order for the paragraph pass."""
    content = [line for line in lines if not line.blank]
    printed = [layout[line.number - 1] for line in content]
    notes = set(footnote_lines(printed))
    body = [index for index in range(len(content)) if index not in notes]
    frames = page_frames(printed)
    decisions = block_breaks(printed, frames)  # within the notes: each note starts a block
    for index, decision in zip(body, block_breaks([printed[i] for i in body], frames), strict=True):
        decisions[index] = decision  # the body read on over the notes between its pages
    for line, decision in zip(content, decisions, strict=True):
        line.break_before = decision
    if not notes:
        return lines
    order: list[int] = []
    waiting: list[int] = []
    for index in range(len(content)):
        if index in notes:
            waiting.append(index)
            continue
        later = printed[index].page > printed[waiting[-1]].page if waiting else False
        if later and decisions[index] is not False:
            order += waiting
            waiting = []
        order.append(index)
    order += waiting
    blanks_after: dict[int, list[Line]] = {}
    position = -1
    for line in lines:
        if line.blank:
            blanks_after.setdefault(position, []).append(line)
        else:
            position += 1
    ordered = blanks_after.get(-1, [])
    for index in order:
        ordered += [content[index], *blanks_after.get(index, [])]
    return ordered


# --- Footnotes ------------------------------------------------------------------------------------


#: A note reference is set at most this share of its line's size.
_SUPERSCRIPT = 0.85
#: A footnote's mark at its start: a number, a symbol, a circled number (then its text).
_NOTE_MARK = re.compile(
    r"(?:[0-9]{1,3}|[*＊†‡§¶]{1,3}|[\u2460-\u2473]|[（(][0-9]{1,3}[)）]|\[[0-9]{1,3}\])(?![0-9.])"
)


def footnote_lines(lines: Sequence[PdfLine]) -> list[int]:
    """Indices of the lines that are footnotes: at the foot of a page, under its body text, the
    lines set smaller than the body from one that opens with a note mark down to the page's end —
    where the body text of that page (or one before) carries the same mark as a reference, set
    small (a superscript)."""
    size = body_size(lines)
    found: list[int] = []
    by_page: dict[int, list[int]] = {}
    for index, line in enumerate(lines):
        by_page.setdefault(line.page, []).append(index)
    referenced: set[str] = set()
    for indices in by_page.values():
        foot: list[int] = []
        for index in reversed(indices):
            if lines[index].size > size * (1 - SIZE_CHANGE):
                break
            foot.insert(0, index)
        referenced |= {
            mark for index in indices if index not in foot for mark, _ in reference_marks(lines[index])
        }
        while foot and not _opens_note(lines[foot[0]].text, referenced):
            foot.pop(0)  # smaller lines above the first note (a caption, a table) are no notes
        if foot and len(foot) < len(indices):
            found += foot
    return found


def _opens_note(text: str, referenced: set[str]) -> bool:
    mark = note_mark(text)
    return mark is not None and mark in referenced


def note_mark(text: str) -> str | None:
    """The note mark a footnote's text opens with ("1", "*", "①"), or None."""
    match = _NOTE_MARK.match(text)
    return match.group() if match else None


def reference_marks(line: PdfLine) -> list[tuple[str, int]]:
    """The note references in a line — runs of marks set smaller than the line (superscripts) —
    with where each stands in the line's text."""
    marks: list[tuple[str, int]] = []
    bounds = [run[0] for run in line.runs[1:]] + [len(line.text)]
    for (offset, _, _, run_size), end in zip(line.runs, bounds, strict=True):
        if run_size < _SUPERSCRIPT * line.size:
            piece = line.text[offset:end]
            if _NOTE_MARK.fullmatch(piece.strip()):
                marks.append((piece.strip(), offset + len(piece) - len(piece.lstrip())))
    return marks
