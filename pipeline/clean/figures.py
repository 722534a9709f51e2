"""Words inside a drawn figure that an extractor wrote as text lines: above the figure's caption,
removed (`figure-text`), as the geometric pass removes them from a PDF.

A diagram drawn with text boxes (a word processor's shapes, a flow chart) keeps its words in the
text layer. A figure's caption stands under it (图 1.5 …, Figure 2: GB/T 7713.1, CY/T 170), so
its words come right above the caption: plain `pdftotext` writes each box as a text block of its
own, a blank line after it ("数据" / "" / "知识联邦" / "" / …), `pdftotext -layout` sets the boxes
of a row on one line, two spaces and more apart ("数据      知识联邦      人工智能"). A run of such
lines right above a figure's caption — each a few words with no sentence, no number and no label,
standing alone or holding two boxes and more — with `FIGURE_WORDS_MIN` words in all is the
figure's text. Fewer words could be a heading's line or two above a figure that has none.
"""

from __future__ import annotations

from pipeline.clean.labels import CAPTION, SUBFIGURE_LABELS
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
    content = [index for index, line in enumerate(lines) if not line.blank]
    for position, index in enumerate(content):
        if not is_figure_caption(lines[index].body):
            continue
        run: list[int] = []
        below = index
        for above in reversed(content[:position]):
            if lines[below].page_break_before or not _figure_words(lines, above):
                break
            run.append(above)
            below = above
        if sum(len(cells(lines[above].body)) for above in run) >= FIGURE_WORDS_MIN:
            for above in sorted(run):
                line = lines[above]
                report.add("figure-text", line.number, line.body)
                lines[above] = Line(line.number, "", line.page_break_before)
    return lines


def is_figure_caption(text: str) -> bool:
    """Whether a line is a figure's caption (图 1.5 …, Figure 2, not a table's)."""
    return CAPTION.match(text) is not None and text.lstrip("附")[:1] in ("图", "圖", "F")


def _figure_words(lines: list[Line], index: int) -> bool:
    """Whether a line holds words of a figure: short words with no sentence, number or label, the
    line a text block of its own or two words and more set apart on it."""
    line = lines[index]
    words = cells(line.body)
    if (
        line.marker is not None
        or SENTENCE_PUNCTUATION.search(line.body) is not None
        or CAPTION.match(line.body) is not None
        or SUBFIGURE_LABELS.match(line.body) is not None
        or any(display_width(word) > CELL_MAX_WIDTH for word in words)
    ):
        return False
    alone = (index == 0 or lines[index - 1].blank) and (index + 1 == len(lines) or lines[index + 1].blank)
    return alone or len(words) >= 2
