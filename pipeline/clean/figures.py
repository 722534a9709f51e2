"""Words inside a drawn figure that an extractor wrote as text lines: above the figure's caption,
removed (`figure-text`), as the geometric pass removes them from a PDF.

A diagram drawn with text boxes (a word processor's shapes, a flow chart) keeps its words in the
text layer. A figure's caption stands under it (图 1.5 …, Figure 2: GB/T 7713.1, CY/T 170), so
its words come right above the caption: plain `pdftotext` writes each box as a text block of its
own, a blank line after it ("数据" / "" / "知识联邦" / "" / …), `pdftotext -layout` sets the boxes
of a row on one line, two spaces and more apart ("数据      知识联邦      人工智能"). The text blocks
right above a figure's caption whose lines are a few words each with no sentence, no number and no
label — a block of one line, or of lines one of which holds two boxes and more (a row of boxes) —
with `FIGURE_WORDS_MIN` words in all are the figure's text. Fewer words could be a heading's line
or two above a figure that has none.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.clean.labels import CAPTION, FIGURE_CAPTION_INITIALS, SUBFIGURE_LABELS, caption_kind
from pipeline.clean.lines import Line
from pipeline.clean.report import CleanReport
from pipeline.clean.text import SENTENCE_PUNCTUATION, display_width
from pipeline.clean.verbatim import CELL_MAX_WIDTH, cells

#: The fewest words above a caption that are read as a figure's (one or two lines may be headings).
FIGURE_WORDS_MIN = 3


def remove_figure_words(lines: list[Line], report: CleanReport) -> list[Line]:
    """`lines` with the words of drawn figures blanked (see the module's docstring); each removal is
    reported as `figure-text` with the line's text."""
    lines = list(lines)
    # (The first character first: most lines are told to be no figure's caption by it. A figure's
    # words removed are no caption: the captions are the same after each removal.)
    captions = [
        index
        for index, line in enumerate(lines)
        if line.first in FIGURE_CAPTION_INITIALS and caption_kind(line.body) == "figure"
    ]
    for index in captions:
        run: list[int] = []
        for block in _blocks_above(lines, index):
            if not _figure_words(lines, block):
                break
            run += block
        if sum(len(cells(lines[above].body)) for above in run) >= FIGURE_WORDS_MIN:
            for above in sorted(run):
                removed = lines[above]
                report.add("figure-text", removed.number, removed.body)
                lines[above] = Line(removed.number, "", removed.page_break_before)
    return lines


def _blocks_above(lines: list[Line], index: int) -> Iterator[list[int]]:
    """The text blocks (lines between blank lines) above line `index`, nearest first, as far as
    its page goes (read lazily: the caller stops at the first that is no figure's)."""
    block: list[int] = []
    for above in range(index - 1, -1, -1):
        if lines[above + 1].page_break_before:
            break
        if lines[above].blank:
            if block:
                yield block
                block = []
            continue
        block.insert(0, above)
    if block:
        yield block


def _figure_words(lines: list[Line], block: list[int]) -> bool:
    """Whether a text block holds words of a figure: its lines short words with no sentence, number
    or label, and the block a single line or one holding two words and more set apart (a row of
    boxes, as `-layout` writes them)."""
    words = [cells(lines[index].body) for index in block]
    return all(_words_only(lines[index]) for index in block) and (
        len(block) == 1 or any(len(row) >= 2 for row in words)
    )


def _words_only(line: Line) -> bool:
    """Whether a line holds nothing but short words: no sentence, number, caption or label."""
    return not (
        line.marker is not None
        or SENTENCE_PUNCTUATION.search(line.body) is not None
        or CAPTION.match(line.body) is not None
        or SUBFIGURE_LABELS.match(line.body) is not None
        or any(display_width(word) > CELL_MAX_WIDTH for word in cells(line.body))
    )
