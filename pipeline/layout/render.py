"""Document → print HTML: Jinja2 templates in styles/ filled with pre-broken, justified block HTML.

`render_html(document, style)` is what the PDF exporter hands to WeasyPrint. Each block is broken into
lines here (justify.py) with the font and measure its CSS will give it (styles.py), so the HTML and
the stylesheet cannot disagree about widths.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from pipeline import fonts
from pipeline.document import Block, Document
from pipeline.errors import LayoutError
from pipeline.layout.blocks import CELL_PADDING_EM, LEADER_GAP_EM, PrintBlocks, font_chain, group_of
from pipeline.layout.justify import CODE_HANG_COLUMNS, NOTE_CALL_EM, spacing_css
from pipeline.layout.styles import DEFAULT_STYLE, STYLES, BlockStyle, StyleSpec
from pipeline.paths import STYLES_DIR

#: A wrapper's name ("" for none) and its blocks, each with its HTML and id.
Section = tuple[str, list[tuple[Block, Markup, str]]]


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


#: CSS selectors of the block-style keys of `StyleSpec.blocks` that name no level or role.
SELECTORS: dict[str, str] = {
    "paragraph": "p",
    "title": "h1.title",
    "meta": "p.meta",
    "footnote": ".footnote",
    "preformatted": "pre.preformatted",
    "table": "table.table",
    "caption": "p.caption",
    "toc": "p.toc",
}


def selector(key: str) -> str:
    """CSS selector of a block-style key of `StyleSpec.blocks`."""
    if key in SELECTORS:
        return SELECTORS[key]
    if key.startswith("heading-"):
        level = int(key.removeprefix("heading-"))
        return f"h{level + 1}.level-{level}"
    if key.startswith("list_item-"):
        return "p.list-item.level-" + key.removeprefix("list_item-")
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


def _sections(document: Document, spec: StyleSpec, setter: PrintBlocks) -> Iterator[Section]:
    """Blocks with their HTML and ids, grouped into wrappers (`blocks.group_of`); footnotes linked
    to a call are set at the call, inside the calling block."""
    group_name, entries = "", list[tuple[Block, Markup, str]]()
    for index, block in enumerate(document.blocks):
        if index in setter.called:
            continue
        body = setter.body(index)
        group = group_of(block, spec)
        if group != group_name and entries:
            yield group_name, entries
            entries = []
        group_name = group
        entries.append((block, body.html, body.id))
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
        call_size=NOTE_CALL_EM,
        cell_padding=CELL_PADDING_EM,
        leader_gap=LEADER_GAP_EM,
        code_hang=CODE_HANG_COLUMNS,
        rules=css_rules(spec, variant),
        font_faces=Markup(fonts.font_face_css(variant, to_url, faces_to_declare(document, style))),
    )
    css += env.get_template(f"{spec.name}/style.css.j2").render(
        spec=spec, serif=fonts.font_stack(variant, "serif", latin=spec.latin)
    )
    setter = PrintBlocks(document, spec)
    sections = list(_sections(document, spec, setter))
    css += "\n/* Rules of single blocks (pipeline/layout/blocks.py). */\n" + "\n".join(setter.rules)
    css += "\n/* Letter-spacing of each justified line (pipeline/layout/justify.py). */\n" + spacing_css(
        setter.spacings
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
