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


#: Characters the typesetter's random text is made of (no punctuation inside: a line never starts
#: with a closing mark, so no line-breaking rule is needed).
HAN_TEXT = "政策支持企业创新发展推动经济高质量建设城市交通服务人才科技金融保障"
#: Lines on a typeset page.
PAGE_LINES = 24


def typeset(blocks: list[tuple[str, str]]) -> tuple[list[PdfLine], list[int]]:
    """Blocks of (kind, text) set as a word processor sets them, on pages of `PAGE_LINES` lines
    30 ems wide: "paragraph" with a 2 em first-line indent, "heading" on one line in 黑体, "item"
    ("1.…") with its run-on lines hanging under its text, "title" centred in 22 pt. Returns the
    lines and the index of each block's first line."""
    lines: list[PdfLine] = []
    firsts: list[int] = []
    row = 0
    for kind, text in blocks:
        firsts.append(len(lines))
        size = 22.0 if kind == "title" else EM
        font = "SimHei" if kind == "heading" else "SimSun"
        for indent, piece in _wrapped(kind, text):
            page, place = divmod(row, PAGE_LINES)
            if kind == "title":
                indent = (30 * EM - display_width(piece) * size / 2) / 2 / size
            lines.append(
                made_line(
                    piece, page=page + 1, indent=indent, baseline=100 + place * 1.5 * EM, size=size, font=font
                )
            )
            row += 2 if kind == "title" else 1
    return lines, firsts


def _wrapped(kind: str, text: str) -> list[tuple[float, str]]:
    """The lines of a block: (indent in ems, text), filling 30 ems."""
    first, rest = {"paragraph": (2.0, 0.0), "item": (0.0, 1.0)}.get(kind, (0.0, 0.0))
    if kind == "title":
        return [(0.0, text[i : i + 15]) for i in range(0, len(text), 15)]
    pieces: list[tuple[float, str]] = []
    indent, width = first, int(30 - first)
    while text:
        pieces.append((indent, text[:width]))
        text = text[width:]
        indent, width = rest, int(30 - rest)
    return pieces
