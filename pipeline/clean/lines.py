"""Source lines and the layout profile of a document: raw text → numbered `Line`s + `LayoutProfile`.

The profile holds the statistics the paragraph rules decide by — the full line width, whether blank
lines or indentation mean anything, whether explicit paragraph marks are used — all measured on the
document itself, never assumed.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from operator import add, not_, sub

from pipeline.clean.fragments import join_address
from pipeline.clean.markers import is_whole_marker, read_marker
from pipeline.clean.text import EDGE_SPACE, PARAGRAPH_MARK, ends_sentence, leading_width, measured_width
from pipeline.unicode import (
    CLOSING_PUNCT,
    HANGING_PUNCT,
    OPENING_PUNCT,
    SENTENCE_END,
    SPLIT_POINTS,
    TRAILING_CLOSERS,
)


class Line:
    """One line of the source: its 1-based number, its text, and what the furniture pass learned.

    The measures the paragraph rules ask for again and again (body, width, indent) are computed once,
    when the line is made: a plain class with slots keeps that cheap for texts of millions of lines.
    """

    __slots__ = (
        "blank",
        "body",
        "break_before",
        "continues_word",
        "first",
        "indent",
        "last",
        "marked_end",
        "marker",
        "marker_only",
        "number",
        "page_break_before",
        "printed",
        "text",
        "width",
    )

    def __init__(
        self, number: int, text: str, page_break_before: bool = False, printed: str | None = None
    ) -> None:
        self.number = number
        self.text = text
        self.page_break_before = page_break_before
        #: The text without surrounding whitespace (ASCII, U+3000, the U+2003 paragraph mark).
        self.body = body = text.strip(EDGE_SPACE)
        self.blank = not body or body.isspace()
        #: The body's first and last characters ("" where it is empty), read by rules of several
        #: stages at every line: a character read from a Chinese string by index is a new string
        #: object each time it is read, so each line reads them once.
        if body:
            self.first, self.last = body[0], body[-1]
        else:
            self.first = self.last = ""
        #: The body as printed (before full-width letters became ASCII): widths are measured on it,
        #: where it maps to the body character by character (a glyph's name, "/x88" or "(cid:136)",
        #: and a control character removed printed no such characters).
        if printed is None or printed == text:
            printed = body
        else:
            printed = printed.strip(EDGE_SPACE)
            if len(printed) != len(body):
                printed = body
        self.printed = printed
        # A shattered address ("h ttp ://w w w .gov .cn") took the room its characters take.
        self.width = measured_width(join_address(printed) if " " in printed else printed)
        if body is text:  # nothing stripped (most lines): no indent, no mark
            self.indent = 0
            self.marked_end = False
        else:
            self.indent = _indent(text) if text[:1] in EDGE_SPACE else 0
            #: Whether the line ends with (or is) the explicit paragraph mark U+2003.
            self.marked_end = text.rstrip(" \t").endswith(PARAGRAPH_MARK)
        #: The kind of enumeration marker the line starts with (一、 （一） 1. …), if any.
        self.marker, marker_end = read_marker(body, self.first)
        #: Whether the line is that marker and nothing else ("1.", "（三）", "•": `is_marker_only`),
        #: read from the same match: several rules ask it of every line they look at.
        # (Most lines have none: told without the call.)
        self.marker_only = self.marker is not None and is_whole_marker(self.marker, marker_end, body)
        #: Hook for evidence beyond the text (a PDF's geometry, `geometry.block_breaks`): True if a
        #: block starts at this line, False if it continues the block above, None to let the text
        #: rules decide.
        self.break_before: bool | None = None
        #: Whether the line goes on with the word the line above ends in, no space between (the
        #: fragments of a shattered address: `fragments.mark_shattered_addresses`).
        self.continues_word = False

    def __repr__(self) -> str:
        return f"Line({self.number}, {self.text!r}, page_break_before={self.page_break_before})"


def _indent(text: str) -> int:
    """The display width of a line's indentation (the paragraph mark U+2003 counts as a space): most
    indents are ASCII spaces alone, counted without measuring."""
    spaces = len(text) - len(text.lstrip(" "))
    if not text[spaces : spaces + 1].isspace():
        return spaces
    return leading_width(text.replace(PARAGRAPH_MARK, " "))


def onwards(indices: list[int], start: int) -> Iterator[int]:
    """`indices[start:]` one by one, without copying them: a rule that looks on from every line would
    otherwise copy the rest of the text at each (time growing with the square of its length)."""
    return (indices[position] for position in range(start, len(indices)))


def alone(lines: list[Line], index: int) -> bool:
    """Whether a line is a text block of its own: blank lines (or the text's or a page's edges)
    before and after it."""
    before = index == 0 or lines[index - 1].blank or lines[index].page_break_before
    after = index + 1 >= len(lines) or lines[index + 1].blank or lines[index + 1].page_break_before
    return before and after


def split_lines(text: str) -> list[Line]:
    """Number the lines of text (for tests and tools; `clean` makes its lines from the source)."""
    return [Line(number, line) for number, line in enumerate(text.split("\n"), start=1)]


@dataclass(frozen=True)
class LayoutProfile:
    """What line breaks mean in this document.

    `full_width`: display width of a full line (0 when the text is not hard-wrapped).
    `double_spaced`: a blank line follows nearly every line, so blank lines mean nothing.
    `marked`: paragraphs end with U+2003, so unmarked line ends are soft wraps.
    `blank_separated`: a blank line follows the paragraph ends (and little else), so a line break
    without one is a soft wrap.
    `paragraph_indent`: paragraph first lines are indented this much (0: no indentation), so that
    indent starts a paragraph; a deeper indent after a short line continues it (`pdftotext -layout`
    places the rest of a printed line split at punctuation at its column).
    `space_marked`: a space ends each block's last line and few others (pypdf writes the space a
    Word PDF sets after each paragraph's and heading's text), so a line ending with one ends its block.
    `latin_quotes`: the curly quotes “ ” ‘ ’ (of ambiguous width) are set in a Latin face, one unit
    each, not two (a word processor's default: full lines holding them overrun the measure by as
    many units as they hold).
    """

    full_width: int
    double_spaced: bool
    marked: bool
    paragraph_indent: int
    blank_separated: bool = False
    space_marked: bool = False
    latin_quotes: bool = False

    # (Cached: the paragraph rules ask for these of every line.)
    @cached_property
    def indented(self) -> bool:
        return self.paragraph_indent > 0

    @cached_property
    def wrapped(self) -> bool:
        return self.full_width > 0

    def is_full(self, width: int, slack: int = 4) -> bool:
        """Whether a line of this width fills the measure (up to `slack` units short)."""
        return self.wrapped and width >= self.full_width - slack


#: Indents (display units) that may be a paragraph's first-line indent; deeper ones are centring.
_PARAGRAPH_INDENTS = range(2, 9)
#: The fewest lines of a page at another indent that show its columns are set apart.
_PAGE_EVIDENCE = 2
#: A line narrower than this share of a page's widest stops short of the measure.
_SHORT_LINE = 0.85


def align_page_indents(lines: list[Line]) -> None:
    """Make the paragraph indent of every page the document's: `pdftotext -layout` sets each page's
    columns by that page's own character width, so letter-spaced or narrower pages indent the same
    paragraphs deeper ("   ( 一)" on one page, "     ( 三)" on the next). Indents of each page are
    moved by the difference between its most common paragraph indent and the document's."""
    common = Counter([line.indent for line in lines if line.indent in _PARAGRAPH_INDENTS]).most_common(1)
    if not common:
        return
    document_indent = common[0][0]
    page: list[Line] = []
    pages = [page]
    for line in lines:
        if line.page_break_before and page:
            page = []
            pages.append(page)
        if not line.blank:
            page.append(line)
    if len(pages) < 2:
        return
    for page in filter(None, pages):
        # Paragraphs' first lines: indented after a short line, a paragraph's last or a heading (a
        # hanging indent follows the full first line of its item).
        indented = [
            (before, line) for before, line in itertools.pairwise(page) if line.indent in _PARAGRAPH_INDENTS
        ]
        if len(indented) < _PAGE_EVIDENCE:
            continue  # (too few to show anything, whatever lines come before them)
        short = _SHORT_LINE * max(line.width for line in page)
        first_lines = [line for before, line in indented if before.width < short]
        # (Of indents as common, the shallowest: a displayed quotation's first lines, an epigraph's,
        # stand deeper than the paragraphs' of its page.)
        found = Counter(line.indent for line in first_lines).most_common()
        if not found or found[0][1] < _PAGE_EVIDENCE:
            continue
        indent = min(indent for indent, count in found if count == found[0][1])
        if indent == document_indent:
            continue
        shift = document_indent - indent
        for line in page:
            if line.indent >= _PARAGRAPH_INDENTS.start:
                line.indent = max(line.indent + shift, _PARAGRAPH_INDENTS.start)


def measure_profile(lines: list[Line]) -> LayoutProfile:
    """Measure the layout profile from the lines that remain after page furniture is gone."""
    # Whether each line is blank, read once: the lines are chosen by it in loops that run in C
    # (itertools.compress), not line by line in Python. (A line's facts are read in comprehensions:
    # they read a slot at half the cost of operator.attrgetter, which looks its name up at each call.)
    blanks = [line.blank for line in lines]
    kept = [not blank for blank in blanks]
    content = list(itertools.compress(lines, kept))
    if not content:
        return LayoutProfile(0, False, False, 0)
    # Whether a blank line stands before each content line.
    parted = list(itertools.compress([False, *blanks[:-1]], kept))
    # Whether each content line ends a sentence (`ends_sentence`, asked only where the last character
    # may stand after the stop, a closing mark or a space: most lines are told by that character),
    # and its last character (read once for the measures below).
    ending = [
        line.last in SENTENCE_END
        or ((line.last in TRAILING_CLOSERS or line.last.isspace()) and ends_sentence(line.body))
        for line in content
    ]
    lasts = [line.last for line in content]
    full_width = _full_width(content, parted, ending, lasts)
    # (A line that is the mark alone is blank.)
    marks = sum([line.marked_end for line in content]) + sum(
        1 for line in itertools.compress(lines, blanks) if line.text.strip(" ") == PARAGRAPH_MARK
    )
    # Whether each content line has a blank line after it (the text's last line has no line after
    # it: it is left out).
    blank_after = list(itertools.compress(blanks[1:], kept))
    followed_by_blank = sum(blank_after)
    double_spaced = full_width > 0 and len(content) >= 4 and followed_by_blank >= 0.75 * len(content)
    # Centred lines (a title in `pdftotext -layout`) are indented by their centring, not as paragraphs.
    indents = Counter(line.indent for line in content if line.indent >= 2 and not _centred(line, full_width))
    indented_count = sum(indents.values())
    indented = (
        full_width > 0 and 0.05 * len(content) <= indented_count <= 0.7 * len(content) and indented_count >= 2
    )
    paragraph_indent = min(indents.most_common(1)[0][0], 8) if indented else 0
    return LayoutProfile(
        full_width,
        double_spaced,
        marks >= 2,
        paragraph_indent,
        not double_spaced and _blank_separated(content, ending, blank_after),
        _space_marked(content, ending, full_width),
        _latin_quotes(content, ending, lasts, full_width),
    )


def _centred(line: Line, full_width: int) -> bool:
    """Whether a line deeper than a paragraph indent sits in the middle of the measure."""
    return full_width > 0 and line.indent >= 6 and abs(2 * line.indent + line.width - full_width) <= 4


def space_marked_end(line: Line) -> bool:
    """Whether a line ends with the space that may mark a block's end: not after a Latin word or
    number, where it is the space before the next line's word ("造就可信AI " / "3.0。")."""
    return line.text.endswith(" ") and not (line.last.isascii() and line.last.isalnum())


#: The marks no block ends with (a comma, an enumeration comma, an opening mark): a line ending
#: with one goes on, however short (the first piece of a printed line split at punctuation).
_GOES_ON = frozenset("，、,") | frozenset(OPENING_PUNCT)
#: The marks no line starts with but the rest of a printed line split before them.
_CLOSING = frozenset(CLOSING_PUNCT)


def _space_marked(content: list[Line], ending: list[bool], full_width: int) -> bool:
    """Whether a space at a line's end marks the ends of blocks: most lines that end a sentence have
    one, while few lines that plainly go on do — full ones, ones ending with a comma or an opening
    mark, and ones the rest of their printed line follows (the next line starts with a closing
    mark): a stray space here and there, or one after every line, marks nothing; headings, which
    end no sentence, have one too. `ending`: whether each line ends a sentence."""
    # (The few lines that end with a space first, told by their last character: in most texts too
    # few to mark anything.)
    ends_marked = sum(
        1 for line in itertools.compress(content, ending) if line.text[-1] == " " and space_marked_end(line)
    )
    ends = sum(ending)
    if ends < 3 or ends_marked < 0.8 * ends:
        return False
    full = full_width - 4
    continues = continues_marked = 0
    for line, is_end, after in zip(content, ending, [*content[1:], None], strict=True):
        if is_end or not (
            line.width >= full or line.last in _GOES_ON or (after is not None and after.first in _CLOSING)
        ):
            continue
        continues += 1
        continues_marked += line.text[-1] == " " and space_marked_end(line)
    return continues_marked <= 0.2 * max(continues, 1)


#: The curly quotation marks, of ambiguous width (UAX #11): a Chinese face sets them full-width, a
#: Latin face narrow.
CURLY_QUOTES = "“”‘’"
_CURLY_QUOTE = re.compile(f"[{CURLY_QUOTES}]")


def _latin_quotes(content: list[Line], ending: list[bool], lasts: list[str], full_width: int) -> bool:
    """Whether the text sets its curly quotes narrow: of the full lines holding two or more (lines
    that go on, with no mark hanging at their end), more fill the measure with each quote counted
    one unit than with each counted two. `ending`: whether each line ends a sentence; `lasts`: each
    line's last character."""
    if not full_width:
        return False  # a text that is not hard-wrapped has no full lines
    narrow = wide = 0
    # (A line narrower than the measure less one fills it neither way: its quotes go uncounted.)
    narrowest = full_width - 1
    for line, is_end, last in zip(content, ending, lasts, strict=True):
        if is_end or line.width < narrowest or last in HANGING_PUNCT:
            continue
        body = line.body
        # (Most lines hold no curly quote: told by `in`, without the pattern's search.)
        if "“" not in body and "”" not in body and "‘" not in body and "’" not in body:
            continue
        quotes = len(_CURLY_QUOTE.findall(body))
        if quotes < 2:
            continue
        as_narrow, as_wide = abs(line.width - quotes - full_width), abs(line.width - full_width)
        narrow += as_narrow <= 1 and as_narrow < as_wide
        wide += as_wide <= 1 and as_wide < as_narrow
    return narrow > wide


def _blank_separated(content: list[Line], ending: list[bool], blank_after: list[bool]) -> bool:
    """Whether blank lines are what separates paragraphs: most sentence-ending lines have one after
    them, while most lines that go on do not. The title (the first line) and numbered headings end
    their blocks without a sentence's stop: they count neither way. (`ending`: whether each content
    line ends a sentence; `blank_after`: whether a blank line follows it, for all but a last line
    of the text.)"""
    # (The sentence ends first, counted in C: in most texts too few have a blank line after them,
    # and the lines that go on need no counting.)
    counted = ending[: len(blank_after)]
    ends = sum(counted)
    ends_blank = sum(itertools.compress(blank_after, counted))
    if ends < 3 or ends_blank < 0.8 * ends:
        return False
    continues = continues_blank = 0
    for index, (line, is_end, blank) in enumerate(zip(content, ending, blank_after, strict=False)):
        if not is_end and index and line.marker is None:
            continues += 1
            continues_blank += blank
    return continues_blank <= 0.2 * max(continues, 1)


def _full_width(content: list[Line], parted: list[bool], ending: list[bool], lasts: list[str]) -> int:
    """The width most wrapped lines share: the densest ±2-unit window among the widest lines.
    `parted`: whether a blank line stands before each line; `ending`: whether each ends a sentence;
    `lasts`: each line's last character.

    Returns 0 when no such cluster exists (one paragraph a line: the text is not hard-wrapped).
    """
    line_widths = [line.width for line in content]
    measured = sorted([width for width in line_widths if width >= 8])
    if len(measured) < 3 or measured[-1] > _WIDEST_MEASURE:
        # A line wider than any page prints is a paragraph set on one line: the text is not
        # hard-wrapped (a word processor's, the cleaner's own output), and the short lines beside
        # it (headings, a header's rows, a list's lead) agree in width only by chance.
        return 0
    # Pieces of printed lines (kerning splits, paragraph ends) say nothing of the measure: keep the
    # lines at least half as wide as the widest tenth …
    floor = measured[int(0.9 * (len(measured) - 1))] // 2
    widths = measured[bisect.bisect_left(measured, floor) :]  # (sorted)
    least = max(floor, 8)
    # What must fit the measure: a line's width without a closing mark hung past it.
    bounds = sorted(
        [
            width - 2 if last in HANGING_PUNCT else width
            for width, last in zip(line_widths, lasts, strict=True)
            if width >= least
        ]
    )
    first = _first_window(bounds)
    widest = widths[-1]
    # … but two pieces split from one printed line at punctuation add up to the measure. An extractor
    # writes them in one text block: no blank line parts them, unless one parts lines in mid-sentence
    # too (double spacing) — a list's items, each a block ending with "；", add up to nothing.
    going_on = list(itertools.compress(parted[1:], map(not_, ending)))
    blank_inside_sentences = sum(going_on) >= 0.75 * len(going_on)
    # Each pair of neighbouring lines: the sum of their widths, and whether it may be one printed
    # line split at punctuation.
    pair_widths = list(map(add, line_widths, line_widths[1:]))
    split = [
        last in SPLIT_POINTS or following.first in SPLIT_POINTS
        for last, following in zip(lasts, content[1:], strict=False)
    ]
    together = (
        split
        if blank_inside_sentences
        else [pair and not apart for pair, apart in zip(split, parted[1:], strict=True)]
    )
    sums = list(itertools.compress(pair_widths, together))
    # Where an extractor split some lines, the sums that fit the widest line strengthen its cluster;
    # where it split nearly every line, the widest line is itself a piece and only the sums show the
    # measure (which then still bounds every single line).
    samples = [*widths, *(w for w in sums if w <= widest + 4)]
    measure = _measure(samples, first)
    if bisect.bisect_right(widths, measure + 6) - bisect.bisect_left(widths, measure - 6) < 2:
        measure = 0  # one line is no measure, whatever pairs of lines add up to it
    widest_bound = bounds[-1] if bounds else 0
    if not measure:
        from_pieces = _measure(sums, first)
        # A measure read from pieces alone bounds every line: a paragraph set on one line shows there is none.
        return from_pieces if widest_bound <= from_pieces + 8 else 0
    if sum(1 for w in sums if w > widest + 4) < 3:
        return measure  # (most texts: few pairs of lines add up to more than the widest line)
    # The lines' own cluster may be a few lines that happen to agree (a paragraph's last lines, lines
    # holding Latin words) where an extractor split nearly every printed line: where more pairs of
    # pieces split inside a sentence add up to one width beyond it, that width is the measure.
    inner = [
        width for width, pair, is_end in zip(pair_widths, split, ending, strict=False) if pair and not is_end
    ]
    wider = _measure(inner, first)
    if wider > measure and widest_bound <= wider + 8 and _near(inner, wider) > _near(samples, measure):
        return wider
    return measure


def _near(samples: list[int], width: int) -> int:
    """How many samples lie within 2 units of `width`."""
    return sum(1 for sample in samples if width - 2 <= sample <= width + 2)


#: The widest measure a printed page has (display units): 120 characters — an A3 page set landscape
#: in 10 pt holds about 110. Wider "lines" are paragraphs set one to a line, whose lengths may agree.
_WIDEST_MEASURE = 240


def _first_window(bounds: list[int]) -> int:
    """The first window `_measure` tries, given the widths lines must fit (sorted): the measure bounds
    the lines, so a window that many lines (more than a tenth) overrun by more than 8 is a cluster of
    short lines (an item's first line set with a hanging indent runs past it by its marker only);
    the first window is 8 short of the widest line but those."""
    return max(8, bounds[-int(0.1 * len(bounds)) - 1] - 8) if bounds else 8


def _measure(samples: list[int], first: int) -> int:
    """The densest ±2-unit window of `samples`, centred at `first` (`_first_window`) or wider, if a
    good share of the samples sit near it; else 0."""
    if len(samples) < 3:
        return 0
    ordered = sorted(samples)
    top = min(ordered[-1], _WIDEST_MEASURE)
    # How many samples are narrower than each width from the first window's start to the last
    # one's end: the count of the window centred at `first + i` is `narrower[i + 5] - narrower[i]`.
    narrower = [bisect.bisect_left(ordered, width) for width in range(first - 2, top + 4)]
    counts = list(map(sub, narrower[5:], narrower))
    best_count = max(counts, default=0)
    # (The widest of the densest windows.)
    best_width = first + len(counts) - 1 - counts[::-1].index(best_count) if counts else 0
    near = bisect.bisect_right(ordered, best_width + 6) - bisect.bisect_left(ordered, best_width - 6)
    if not best_count or near < max(3, 0.3 * len(samples)):
        return 0
    # The top of the cluster, not its centre: compressed punctuation lets full lines run a little long.
    low, high = bisect.bisect_left(ordered, best_width - 2), bisect.bisect_right(ordered, best_width + 2)
    cluster = ordered[low:high]
    return cluster[len(cluster) // 2]
