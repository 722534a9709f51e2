"""Style names → page geometry and per-block typesetting (`STYLES`), the one source for CSS and line breaking.

The line breaker must know each block's measure and font exactly as the CSS sets them, so the numbers
live here and `styles/<name>/style.css.j2` reads them instead of repeating them. `book` is a trade
A5 page; `gongwen` follows GB/T 9704-2012 (党政机关公文格式): A4, 156 × 225 mm text block, 37 mm top
margin, 28 mm binding edge, 22 lines of 28 characters, FangSong 16 pt body.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.document import Block

MM = 72 / 25.4  # pt per mm


@dataclass(frozen=True)
class BlockStyle:
    """How one kind of block is set: font role and weight, size (pt), indents (em), alignment."""

    role: str = "serif"
    weight: int = 400
    size: float = 10.5
    indent: float = 2.0  # first-line indent, em (negative: hanging)
    inset_start: float = 0.0  # em
    inset_end: float = 0.0  # em
    justify: bool = True
    align: str = "left"  # for the last line and for unjustified blocks
    color: str = ""


@dataclass(frozen=True)
class StyleSpec:
    """A print style: page size and margins (pt), body font size and line pitch (pt), block styles."""

    name: str
    page_width: float
    page_height: float
    margin_top: float
    margin_bottom: float
    margin_inner: float  # binding edge
    margin_outer: float
    line_height: float
    font_size: float
    blocks: dict[str, BlockStyle] = field(default_factory=dict)
    max_shrink: float = 0.04  # em per gap, see justify.Measure
    orphans: int = 2
    #: Latin letters and digits from a proportional Times/Helvetica-metric face before the CJK one
    #: (`fonts.latin_face`): FangSong sets them monospaced, GB/T 9704 documents use Times New Roman.
    latin: bool = False

    @property
    def measure(self) -> float:
        """Width of the text block in pt."""
        return self.page_width - self.margin_inner - self.margin_outer

    def block_style(self, block: Block) -> BlockStyle:
        """The style for a block: `meta-<role>`, `<type>-<level>` (heading-2, list_item-1), then its
        type, then `paragraph`."""
        for key in (f"meta-{block.role}", f"{block.type}-{block.level}", block.type):
            if key in self.blocks:
                return self.blocks[key]
        return self.blocks["paragraph"]


def _book() -> StyleSpec:
    size = 10.5
    body = BlockStyle(size=size)
    centred = BlockStyle(size=size, indent=0, justify=False, align="center")
    return StyleSpec(
        name="book",
        page_width=148 * MM,
        page_height=210 * MM,
        margin_top=62.0,
        margin_bottom=69.0,
        margin_inner=60.0,
        margin_outer=148 * MM - 60.0 - 29 * size,
        line_height=1.7 * size,
        font_size=size,
        blocks={
            "paragraph": body,
            "title": BlockStyle(weight=700, size=18, indent=0, justify=False, align="center"),
            "heading-1": BlockStyle(role="sans", weight=700, size=12, indent=0),
            "heading-2": BlockStyle(role="sans", weight=700, size=size, indent=0),
            "heading-3": BlockStyle(weight=700, size=size),
            "heading-4": BlockStyle(role="kai", size=size),
            # Items hang their marker at the paragraph indent; a level-2 item's marker sits under the
            # text of the level-1 item before it (render.py), else two characters further in.
            "list_item-1": BlockStyle(size=size, indent=0, inset_start=2),
            "list_item-2": BlockStyle(size=size, indent=0, inset_start=4),
            "footnote": BlockStyle(size=9, indent=0),
            "preformatted": BlockStyle(role="mono", size=9, indent=0, justify=False, inset_start=2),
            "table": BlockStyle(size=9, indent=0),
            "caption": BlockStyle(size=9, indent=0, justify=False, align="center"),
            "toc": BlockStyle(size=size, indent=0),
            "meta-issuer": BlockStyle(
                weight=700, size=16, indent=0, justify=False, align="center", color="#c00000"
            ),
            "meta-doc_number": centred,
            "meta-doc_id": BlockStyle(size=size, indent=0, justify=False),
            "meta-addressee": BlockStyle(size=size, indent=0),
            "meta-signature": BlockStyle(size=size, indent=0, justify=False, align="right", inset_end=2),
            "meta-date": BlockStyle(size=size, indent=0, justify=False, align="right", inset_end=2),
            "meta-cc": BlockStyle(size=9, indent=-3, inset_start=4, inset_end=1),
            "meta-printed_by": BlockStyle(size=9, indent=0, justify=False, inset_start=1),
            "meta-printed": BlockStyle(size=9, indent=0, justify=False, align="right", inset_end=1),
            "meta-attachment": BlockStyle(size=size, indent=0, inset_start=2),
            "meta-byline": BlockStyle(role="kai", size=size, indent=0, justify=False, align="center"),
            "meta-dateline": BlockStyle(role="sans", weight=700, size=size, justify=False),
            "meta-meeting": BlockStyle(size=size, indent=0),
        },
    )


def _gongwen() -> StyleSpec:
    size = 16.0
    body = BlockStyle(role="fangsong", size=size)
    plain = BlockStyle(role="fangsong", size=size, indent=0, justify=False)
    return StyleSpec(
        name="gongwen",
        page_width=210 * MM,
        page_height=297 * MM,
        margin_top=37 * MM,
        margin_bottom=(297 - 37 - 225) * MM,
        margin_inner=28 * MM,
        margin_outer=(210 - 28 - 156) * MM,
        line_height=225 * MM / 22 - 0.01,
        font_size=size,
        max_shrink=0.02,
        latin=True,
        # The grid wins over widow control: every full page holds 22 lines, as GB/T 9704 templates do.
        orphans=1,
        blocks={
            "paragraph": body,
            "title": BlockStyle(weight=700, size=22, indent=0, justify=False, align="center"),
            "heading-1": BlockStyle(role="sans", weight=700, size=size),
            "heading-2": BlockStyle(role="kai", size=size),
            "heading-3": BlockStyle(role="fangsong", size=size),  # 第三层 仿宋
            "heading-4": BlockStyle(role="fangsong", size=size),  # 第四层 仿宋 (7.3.3)
            "list_item-1": BlockStyle(role="fangsong", size=size, indent=0, inset_start=2),
            "list_item-2": BlockStyle(role="fangsong", size=size, indent=0, inset_start=4),
            "footnote": BlockStyle(role="fangsong", size=14, indent=0),
            "preformatted": BlockStyle(role="mono", size=14, indent=0, justify=False, inset_start=2),
            "table": BlockStyle(role="fangsong", size=14, indent=0),
            "caption": BlockStyle(
                role="sans", weight=700, size=size, indent=0, justify=False, align="center"
            ),
            "toc": BlockStyle(role="fangsong", size=size, indent=0),
            "meta-doc_id": BlockStyle(role="sans", weight=700, size=size, indent=0, justify=False),
            "meta-issuer": BlockStyle(
                weight=700, size=36, indent=0, justify=False, align="center", color="#e00000"
            ),
            "meta-doc_number": BlockStyle(
                role="fangsong", size=size, indent=0, justify=False, align="center"
            ),
            "meta-addressee": BlockStyle(role="fangsong", size=size, indent=0),
            "meta-signature": BlockStyle(
                role="fangsong", size=size, indent=0, justify=False, align="right", inset_end=4
            ),
            "meta-date": BlockStyle(
                role="fangsong", size=size, indent=0, justify=False, align="right", inset_end=2
            ),
            "meta-disclosure": BlockStyle(role="fangsong", size=size, indent=2, justify=False),
            "meta-cc": BlockStyle(role="fangsong", size=14, indent=-3, inset_start=4, inset_end=1),
            "meta-printed_by": BlockStyle(role="fangsong", size=14, indent=0, justify=False, inset_start=1),
            "meta-printed": BlockStyle(
                role="fangsong", size=14, indent=0, justify=False, align="right", inset_end=1
            ),
            # 附件说明 (7.3.5.1): left two characters in; later lines align with the attachment name.
            "meta-attachment": BlockStyle(role="fangsong", size=size, indent=0, inset_start=2),
            "meta-byline": BlockStyle(role="kai", size=size, indent=0, justify=False, align="center"),
            "meta-dateline": BlockStyle(role="sans", weight=700, size=size, justify=False),
            "meta-meeting": BlockStyle(role="fangsong", size=size, indent=0),
            "meta": plain,
        },
    )


#: style name → specification; `--style NAME` and the seed TOML choose among these.
STYLES: dict[str, StyleSpec] = {spec.name: spec for spec in (_book(), _gongwen())}
#: The style of a seed that names none, on the command line or in its TOML.
DEFAULT_STYLE = "book"
