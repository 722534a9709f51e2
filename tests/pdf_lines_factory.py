"""PDF lines made by hand for the geometric rules' tests: text set on a grid where every Han
character is one em wide and every other character half an em, as a typesetter places them."""

from __future__ import annotations

from pipeline.clean.text import display_width
from pipeline.sources.pdf_lines import PdfLine

#: The body size of the made lines (points).
EM = 12.0
#: The text block the made pages are set in: left edge and measure (30 ems).
LEFT = 90.0
RIGHT = LEFT + 30 * EM
#: A full line of Han text (30 characters).
FULL = "这是一行排满整个版心的正文文字用来测试几何规则是否正确判断段"


def made_line(
    text: str,
    *,
    page: int = 1,
    indent: float = 0.0,
    baseline: float = 100.0,
    size: float = EM,
    font: str = "SimSun",
    bold: bool = False,
    lead: float | None = None,
    runs: tuple[tuple[int, str, bool, float], ...] = (),
) -> PdfLine:
    """A line starting `indent` ems from the left edge; its characters advance by their display
    width (a Han character one em, an ASCII one half an em)."""
    starts: list[float] = []
    x = LEFT + indent * size
    for char in text:
        starts.append(x)
        x += display_width(char) * size / 2
    return PdfLine(
        page=page,
        text=text,
        x0=starts[0],
        x1=x,
        top=baseline - 0.88 * size,
        bottom=baseline + 0.12 * size,
        baseline=baseline,
        size=size,
        font=font,
        bold=bold,
        colour=0,
        runs=runs or ((0, font, bold, size),),
        starts=tuple(starts[:16]),
        lead=lead if lead is not None else display_width(text[0]) * size / 2,
    )


def set_lines(
    rows: list[tuple[float, str]],
    *,
    page: int = 1,
    top: float = 100.0,
    size: float = EM,
    font: str = "SimSun",
    bold: bool = False,
) -> list[PdfLine]:
    """Rows of (indent in ems, text) set one under another at a leading of 1.5 ems."""
    return [
        made_line(
            text, page=page, indent=indent, baseline=top + index * 1.5 * size, size=size, font=font, bold=bold
        )
        for index, (indent, text) in enumerate(rows)
    ]


def source_text(lines: list[PdfLine]) -> str:
    """The text of lines as `PdfSource.text` gives it to the cleaner: a form feed before a new page."""
    pieces = []
    for index, line in enumerate(lines):
        new_page = index > 0 and line.page != lines[index - 1].page
        pieces.append(("\f" if new_page else "") + line.text)
    return "\n".join(pieces)
