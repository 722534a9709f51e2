"""Document → print HTML: Jinja2 templates in styles/ filled with pre-broken, justified block HTML.

`render_html(document, style)` is what the PDF exporter hands to WeasyPrint. Each block is broken into
lines here (justify.py) with the font and measure its CSS will give it (styles.py), so the HTML and
the stylesheet cannot disagree about widths.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from pipeline import fonts
from pipeline.document import Block, Document
from pipeline.errors import LayoutError
from pipeline.layout.justify import Measure, break_lines, lines_html, natural_width, spacing_css
from pipeline.layout.metrics import FontMetrics
from pipeline.layout.styles import DEFAULT_STYLE, STYLES, BlockStyle, StyleSpec
from pipeline.paths import STYLES_DIR

#: Blocks that GB/T 9704 groups: the 版头 (masthead) and the 版记 (imprint at the end).
GROUPS = {
    "doc_id": "bantou",
    "issuer": "bantou",
    "doc_number": "bantou",
    "cc": "banji",
    "printed_by": "banji",
    "printed": "banji",
}


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment over styles/ (autoescaping HTML; CSS templates escape nothing)."""
    return Environment(
        loader=FileSystemLoader(STYLES_DIR),
        autoescape=select_autoescape(["html", "html.j2"], default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def style_spec(style: str) -> StyleSpec:
    """The specification of a style name, or a LayoutError listing the known ones."""
    try:
        return STYLES[style]
    except KeyError:
        raise LayoutError(
            f"unknown style {style!r}", hint=f"choose one of: {', '.join(sorted(STYLES))}"
        ) from None


def font_chain(variant: str, style: BlockStyle, latin: bool = False) -> tuple[fonts.Face, ...]:
    """The faces that draw a block style (with `latin`: its Latin spans), as its CSS font-family
    lists them (`fonts.chain`): the placeholder face last, drawn per document."""
    return fonts.chain(variant, style.role, style.weight, latin=latin)


def metrics_for(variant: str, style: BlockStyle, latin: bool = False) -> FontMetrics:
    """Advances of text set in a block style: its committed faces in CSS order, and with `latin` the
    Latin face first for Latin pieces (the `.latin` spans' font-family). A character none of them
    has is drawn by the placeholder face, one em wide, as `FontMetrics` counts it."""
    chain = font_chain(variant, style)
    latin_paths = (fonts.latin_face(style.role, style.weight).path,) if latin else ()
    return _metrics(tuple(face.path for face in chain if face != fonts.PLACEHOLDER), variant, latin_paths)


@lru_cache(maxsize=64)
def _metrics(paths: tuple[Path, ...], variant: str, latin_paths: tuple[Path, ...] = ()) -> FontMetrics:
    return FontMetrics(paths, language=variant, latin_paths=latin_paths)


def block_measure(spec: StyleSpec, style: BlockStyle, words: bool = False) -> Measure:
    """The measure (pt) a block is set in, as its CSS insets and indent make it; `words`: break
    between words (titles and headings)."""
    width = spec.measure - (style.inset_start + style.inset_end) * style.size
    return Measure(
        width=width,
        font_size=style.size,
        indent=style.indent * style.size,
        justify=style.justify,
        max_shrink=spec.max_shrink,
        balance=style.align == "center",
        hang_end_mark=style.justify and style.align == "left",
        words=words,
    )


def selector(key: str) -> str:
    """CSS selector of a block-style key of `StyleSpec.blocks`."""
    if key == "paragraph":
        return "p"
    if key == "title":
        return "h1.title"
    if key == "meta":
        return "p.meta"
    if key.startswith("heading-"):
        level = int(key.removeprefix("heading-"))
        return f"h{level + 1}.level-{level}"
    return "p.meta." + key.removeprefix("meta-").replace("_", "-")


@dataclass(frozen=True)
class Rule:
    """One block style as the CSS template needs it."""

    selector: str
    style: BlockStyle
    families: str
    weight: int
    #: font-family of the block's Latin spans where the style sets Latin apart, else ""
    latin_families: str = ""


def css_rules(spec: StyleSpec, variant: str) -> list[Rule]:
    """CSS rules for every block style of a spec, with font-family lists matching `font_chain`."""
    rules = []
    for key, style in spec.blocks.items():
        chain = font_chain(variant, style)
        families = ", ".join(dict.fromkeys(f'"{face.family}"' for face in chain))
        latin = ""
        if spec.latin:
            latin = ", ".join(dict.fromkeys(f'"{face.family}"' for face in font_chain(variant, style, True)))
        rules.append(Rule(selector(key), style, families, chain[0].weight, latin))
    return rules


def pdf_date(document: Document) -> str:
    """The document's date (`Document.date`) as the W3C date-time of the PDF's creation, or ""."""
    date = document.date
    return f"{date.isoformat()}T00:00:00Z" if date is not None else ""


def signature_insets(document: Document, spec: StyleSpec) -> dict[int, float]:
    """Right insets (em) of an issuer's signature and the date under it, by block index (gongwen only).

    GB/T 9704-2012 7.3.5.2: the signature ends two characters from the right margin; the date, on the
    next line, starts two characters right of the signature's first character; a date longer than that
    allows ends two characters from the margin, and the signature moves left to keep the offset.
    """
    if spec.name != "gongwen":
        return {}
    blocks = document.blocks
    for index in range(len(blocks) - 1):
        if blocks[index].role == "signature" and blocks[index + 1].role == "date":
            style = spec.block_style(blocks[index])
            metrics = metrics_for(document.meta.language, style, spec.latin)
            signature = natural_width(blocks[index].text, metrics, style.size) / style.size
            date = natural_width(blocks[index + 1].text, metrics, style.size) / style.size
            date_inset = signature - date
            if date_inset >= 2:
                return {index: 2.0, index + 1: date_inset}
            return {index: 4 + date - signature, index + 1: 2.0}
    return {}


def _sections(
    document: Document, spec: StyleSpec, spacings: set[float], insets: dict[int, float]
) -> Iterator[tuple[str, list[tuple[Block, Markup, str]]]]:
    """Blocks with their HTML and ids, grouped into the 版头/版记 wrappers where the style has them.

    Adds the letter-spacings the lines use to `spacings`, for the stylesheet; blocks in `insets`
    are set with that right inset (em) and get an id the stylesheet uses for it.
    """
    variant = document.meta.language
    group_name, entries = "", list[tuple[Block, Markup, str]]()
    for index, block in enumerate(document.blocks):
        style = spec.block_style(block)
        if index in insets:
            style = dataclasses.replace(style, inset_end=insets[index])
        metrics = metrics_for(variant, style, spec.latin)
        words = block.type in ("title", "heading")
        lines = break_lines(block.text, metrics, block_measure(spec, style, words))
        spacings.update(line.spacing for line in lines)
        body = lines_html(lines, preformatted=block.type not in ("title", "heading"))
        block_id = f"b{index}" if block.type in ("title", "heading") or index in insets else ""
        group = GROUPS.get(block.role or "", "") if spec.name == "gongwen" else ""
        if group != group_name and entries:
            yield group_name, entries
            entries = []
        group_name = group
        entries.append((block, body, block_id))
    if entries:
        yield group_name, entries


def faces_to_declare(document: Document, style: str) -> tuple[fonts.Face, ...]:
    """The faces the print HTML of `document` in `style` declares (`fonts.faces_to_declare`)."""
    spec = style_spec(style)
    text = document.text() + (document.meta.title or "")
    return fonts.faces_to_declare(document.meta.language, text, latin=spec.latin)


def render_html(
    document: Document,
    style: str = DEFAULT_STYLE,
    target: str = "print",
    url_for: Callable[[fonts.Face], str] | None = None,
) -> str:
    """The document as one HTML page for WeasyPrint; `url_for` gives the URL of a font face."""
    if target != "print":
        raise LayoutError(
            f"render_html only makes the print target, not {target!r}",
            hint="the EPUB exporter renders its own chapters from styles/epub/",
        )
    spec = style_spec(style)
    variant = document.meta.language
    to_url = url_for or (lambda face: face.path.resolve().as_uri())
    env = environment()
    css = env.get_template("print/base.css.j2").render(
        spec=spec,
        rules=css_rules(spec, variant),
        font_faces=Markup(fonts.font_face_css(variant, to_url, faces_to_declare(document, style))),
    )
    css += env.get_template(f"{spec.name}/style.css.j2").render(
        spec=spec, serif=fonts.font_stack(variant, "serif", latin=spec.latin)
    )
    spacings: set[float] = set()
    insets = signature_insets(document, spec)
    sections = list(_sections(document, spec, spacings, insets))
    css += "".join(f"\n#b{index} {{ padding-right: {inset:.3f}em; }}" for index, inset in insets.items())
    css += "\n/* Letter-spacing of each justified line (pipeline/layout/justify.py). */\n" + spacing_css(
        spacings
    )
    return env.get_template("print/document.html.j2").render(
        document=document,
        meta=document.meta,
        lang=variant,
        style=spec.name,
        title=document.meta.title or next((b.text for b in document.blocks if b.type == "title"), ""),
        created=pdf_date(document),
        css=Markup(css),
        sections=sections,
    )
