"""Document → PDF bytes: the print HTML laid out by WeasyPrint, finished and checked before it is written.

WeasyPrint may fetch only the project's own `styles/` and `fonts/`; any other URL is refused and
reported. Its finisher hook then adds what it leaves out (XMP with the language, page labels,
DisplayDocTitle) and verifies every font is embedded and subset. Same input, same bytes: dates come
from the document, never from the clock.
"""

from __future__ import annotations

import gc
import logging
import math
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from unicodedata import east_asian_width

from pipeline import fonts
from pipeline.document import Document
from pipeline.errors import ExportError, UsageError
from pipeline.export import ExportOptions, report_progress
from pipeline.export.render_speed import faster_rendering
from pipeline.export.subsetter import warn_if_fonts_are_subset_by_fonttools
from pipeline.export.verified import verified
from pipeline.layout.render import pdf_date, render_html, style_spec
from pipeline.paths import FONTS_DIR, STYLES_DIR

LOG = logging.getLogger(__name__)
#: A subset font's name carries a six-capital tag: /ABCDEF+Family.
_SUBSET_NAME = re.compile(r"/[A-Z]{6}\+.+")
#: The only places WeasyPrint may read from.
ALLOWED_ROOTS: tuple[Path, ...] = (STYLES_DIR, FONTS_DIR)

_NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
}


#: The most pages one PDF may have (`PIPELINE_MAX_PAGES` raises it). WeasyPrint keeps every page laid
#: out until it writes the file, about 0.3 MB each in the book style, so a render of this many pages
#: peaks near 1.2 GB; a longer text fails this one PDF with a message, not the machine.
MAX_PAGES = 3000
_SPLIT_HINT = "split the source into volumes, or raise the limit: PIPELINE_MAX_PAGES=<pages>"
#: What WeasyPrint logs, on `weasyprint.progress`, as it starts laying out a page.
_PAGE_MESSAGE = "Step 5 - Creating layout - Page %d"

#: Text the stylesheets generate (folios "— 12 —", running heads use the title): keep it in the subsets.
GENERATED_TEXT = "0123456789— "


def make_fetcher(refused: list[str], font_bytes: Callable[[Path], bytes | None]) -> Any:
    """A WeasyPrint URL fetcher that serves files under `ALLOWED_ROOTS` and refuses everything else.

    Font files are served through `font_bytes`, which returns the document's subset of a face (a few
    hundred kB instead of megabytes, so WeasyPrint's own subsetting is quick) or None for the file.
    """
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ProjectFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
            if path is None or not any(path.is_relative_to(root.resolve()) for root in ALLOWED_ROOTS):
                refused.append(url)
                raise ExportError(
                    f"refused to fetch {url}",
                    hint="the PDF may only use files from the project's styles/ and fonts/",
                )
            body = font_bytes(path)
            return URLFetcherResponse(url, body=path.read_bytes() if body is None else body)

    return ProjectFetcher()


def check_coverage(document: Document) -> dict[str, str]:
    """Report characters no project font covers: one warning naming each code point and where it is.

    The fallback faces end every font stack, so only characters even they lack are listed; the
    placeholder face draws each as a box showing its code point, and the PDF's text keeps it.
    """
    found: dict[str, str] = {}
    for index, block in enumerate(document.blocks):
        for char, offsets in fonts.uncovered(block.text, document.meta.language).items():
            found.setdefault(char, f"block {index + 1}, column {offsets[0] + 1}")
    if found:
        listed = [f"U+{ord(char):04X} {char} ({where})" for char, where in list(found.items())[:_LISTED]]
        more = f" and {len(found) - _LISTED} more" if len(found) > _LISTED else ""
        LOG.warning(
            "%d character%s no project font draws (each printed as a box showing its code point): %s%s",
            len(found),
            "" if len(found) == 1 else "s",
            ", ".join(listed),
            more,
        )
    return found


#: Characters a coverage warning lists by name; it counts the rest.
_LISTED = 12


def check_pdf_variant(name: str) -> None:
    """A usage error unless WeasyPrint knows the PDF variant `name` (on a WeasyPrint version not
    verified, unchecked here: WeasyPrint then refuses an unknown name as it renders)."""
    if not verified("weasyprint"):
        return
    from weasyprint.pdf import VARIANTS  # not public API: only on the verified versions

    if name not in VARIANTS:
        raise UsageError(f"--pdf-variant {name!r} is not one of {', '.join(sorted(VARIANTS))}")


def export_pdf(document: Document, options: ExportOptions) -> bytes:
    """Typeset `document` in `options.style` and return the finished PDF."""
    check_length(document, options.style, max_pages())
    return pdf_of_html(document, render_html(document, options.style), options)


def max_pages() -> int:
    """The most pages one PDF may have: `MAX_PAGES`, or `PIPELINE_MAX_PAGES` where it is set."""
    value = os.environ.get("PIPELINE_MAX_PAGES", "")
    return int(value) if value.isdigit() and int(value) > 0 else MAX_PAGES


def fewest_pages(document: Document, style: str) -> int:
    """A lower bound of the document's pages in `style`: every block's characters set solid (Han
    one em, anything else at least 0.4 em) in full lines on full pages, each line at least the
    body's line pitch, or its own font size where that is smaller (no style sets lines tighter)."""
    spec = style_spec(style)
    height = 0.0
    for block in document.blocks:
        size = spec.block_style(block).size
        wide = sum(1 for char in block.text if east_asian_width(char) in "WF")
        ems = wide + 0.4 * (len(block.text) - wide)
        lines = max(1, math.ceil(ems / max(1, int(spec.measure / size))))
        height += lines * (spec.line_height if size >= spec.font_size else size)
    return math.ceil(height / (spec.page_height - spec.margin_top - spec.margin_bottom))


def check_length(document: Document, style: str, limit: int) -> None:
    """Refuse, before any layout, a document that cannot fit in `limit` pages."""
    pages = fewest_pages(document, style)
    if pages > limit:
        raise ExportError(
            f"the PDF would have at least {pages:,} pages, over the limit of {limit:,} for one PDF",
            hint=_SPLIT_HINT,
        )


@contextmanager
def _counting_pages(limit: int) -> Iterator[None]:
    """Report each page WeasyPrint lays out (`report_progress`) and stop it past `limit` pages:
    WeasyPrint holds every laid-out page in memory until it writes the file, so the limit bounds
    a render's memory. It announces each page on its progress logger, which nobody else hears; the
    message is not public API, so it is listened to on the verified WeasyPrint versions only."""
    if not verified("weasyprint"):
        yield
        return
    logger = logging.getLogger("weasyprint.progress")

    def count(record: logging.LogRecord) -> bool:
        page = record.args[0] if record.msg == _PAGE_MESSAGE and isinstance(record.args, tuple) else None
        if isinstance(page, int):
            if page > limit:
                raise ExportError(
                    f"the PDF is over the limit of {limit:,} pages for one PDF", hint=_SPLIT_HINT
                )
            report_progress(page)
        return False  # heard here only

    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addFilter(count)
    try:
        yield
    finally:
        logger.removeFilter(count)
        logger.setLevel(level)


def pdf_of_html(document: Document, html: str, options: ExportOptions) -> bytes:
    """The finished PDF of `document` laid out from its print HTML `html`: the project's fonts and
    fetcher, tags, metadata and checks. Apart from `export_pdf` so that the benchmark can time the
    same export on HTML without the project's typography."""
    from weasyprint import HTML

    check_coverage(document)
    warn_if_fonts_are_subset_by_fonttools()
    refused: list[str] = []
    language = document.meta.language
    faces = {face.path.resolve(): face for face in (*fonts.faces_for(language), fonts.PLACEHOLDER)}
    # The characters once each: subsetting six faces need not walk a whole book's text six times.
    text = "".join(sorted(set(document.text() + (document.meta.title or "") + GENERATED_TEXT)))
    subsets: dict[Path, bytes] = {}

    def font_bytes(path: Path) -> bytes | None:
        if path not in faces:
            return None
        if path not in subsets:
            face = faces[path]
            # The placeholder gets a box for each character no committed face has, and no other.
            wanted = "".join(fonts.uncovered(text, language)) if face == fonts.PLACEHOLDER else text
            subsets[path] = fonts.subset_font(face, wanted)
        return subsets[path]

    page = HTML(
        string=html,
        base_url=STYLES_DIR.as_uri() + "/",
        url_fetcher=make_fetcher(refused, font_bytes),
    )
    pdf_options = {
        "pdf_variant": options.pdf_variant,
        "pdf_tags": options.pdf_tags,
        "pdf_identifier": True,  # an MD5 of the content: reproducible, unlike a random one
    }
    with _source_date(document), faster_rendering(), _counting_pages(max_pages()):
        laid_out = page.render(font_config=_project_font_configuration(), **pdf_options)
        # Layout leaves tens of megabytes of cyclic garbage (discarded boxes and Pango layouts) that
        # the cycle collector may not reach before the PDF objects pile up on top of it: collect it
        # now, so that peak memory is the laid-out document's, not the sum.
        gc.collect()
        data: bytes = laid_out.write_pdf(finisher=lambda _, pdf: finish_pdf(pdf, document), **pdf_options)
        del laid_out  # garbage now: the collection on leaving `faster_rendering` frees it, not walks it
    for url in refused:
        LOG.warning("refused to fetch %s: only styles/ and fonts/ are allowed", url)
    return data


#: A Fontconfig configuration without font directories (see the file).
FONTCONFIG_FILE = STYLES_DIR / "print" / "fonts.conf"


def _project_font_configuration() -> Any:
    """A WeasyPrint font configuration that knows no installed font: only the faces the document
    declares can draw, so no glyph ever comes from the machine (Pango asks Fontconfig for an emoji
    face of its own for emoji, and would take the system's DejaVu Sans)."""
    from weasyprint.text.fonts import FontConfiguration

    previous = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(FONTCONFIG_FILE)
    try:
        return FontConfiguration()
    finally:
        if previous is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = previous


@contextmanager
def _source_date(document: Document) -> Iterator[None]:
    """Pin SOURCE_DATE_EPOCH while rendering: fontTools stamps subset fonts with it instead of the clock."""
    date = pdf_date(document)
    epoch = datetime.fromisoformat(date).timestamp() if date else 0
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = previous or str(int(epoch))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]


def finish_pdf(pdf: Any, document: Document) -> None:
    """Add metadata, XMP, page labels and DisplayDocTitle and verify fonts, before WeasyPrint writes the PDF.

    Done on WeasyPrint's own objects (its `finisher` hook): no second parse and rewrite of the file.
    """
    import pydyf  # WeasyPrint's PDF writer

    meta = document.meta
    title = meta.title or next((b.text for b in document.blocks if b.type == "title"), "")
    info = {"Title": title, "Author": meta.author, "Subject": meta.subtitle or meta.source}
    pdf.info.update({key: pydyf.String(value) for key, value in info.items() if value})
    pdf.catalog["Lang"] = pydyf.String(meta.language)
    pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
    pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array([0, pydyf.Dictionary({"S": "/D"})])})
    existing = _resolve(pdf, pdf.catalog["Metadata"]) if "Metadata" in pdf.catalog else None
    packet = _xmp_packet(b"\n".join(existing.stream) if existing is not None else None, document, title)
    metadata = pydyf.Stream([packet], {"Type": "/Metadata", "Subtype": "/XML"})
    if existing is not None:
        existing.stream, existing.compress = metadata.stream, False
    else:
        pdf.add_object(metadata)
        pdf.catalog["Metadata"] = metadata.reference
    verify_fonts(pdf)


def _resolve(pdf: Any, reference: bytes) -> Any:
    """The object an indirect reference (b"12 0 R") of `pdf` points to."""
    return pdf.objects[int(reference.split()[0])]


def _xmp_packet(existing: bytes | None, document: Document, title: str) -> bytes:
    """XMP with title, author, subject, language and dates, keeping what `existing` has (PDF/A ids)."""
    for prefix, uri in _NS.items():
        ET.register_namespace(prefix, uri)
    rdf_tag = f"{{{_NS['rdf']}}}RDF"
    if existing is not None:
        root = ET.fromstring(existing.split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0])
    else:
        root = ET.Element(f"{{{_NS['x']}}}xmpmeta")
        ET.SubElement(root, rdf_tag)
    rdf = root.find(rdf_tag)
    assert rdf is not None
    present = {child.tag for description in rdf for child in description}
    meta = document.meta
    date = pdf_date(document)
    values: list[tuple[str, str, str]] = [  # (namespace, element, value); container chosen below
        ("dc", "title", title),
        ("dc", "creator", meta.author),
        ("dc", "description", meta.subtitle or meta.source),
        ("dc", "language", meta.language),
        ("xmp", "CreateDate", date),
        ("xmp", "ModifyDate", date),
    ]
    for namespace, name, value in values:
        tag = f"{{{_NS[namespace]}}}{name}"
        if not value or tag in present:
            continue
        description = ET.SubElement(rdf, f"{{{_NS['rdf']}}}Description", {f"{{{_NS['rdf']}}}about": ""})
        element = ET.SubElement(description, tag)
        container = {"title": "Alt", "description": "Alt", "creator": "Seq", "language": "Bag"}.get(name)
        if container is None:
            element.text = value
            continue
        item = ET.SubElement(ET.SubElement(element, f"{{{_NS['rdf']}}}{container}"), f"{{{_NS['rdf']}}}li")
        if container == "Alt":
            item.set("xml:lang", "x-default")
        item.text = value
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return (
        b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' + body + b'\n<?xpacket end="r"?>'
    )


def verify_fonts(pdf: Any) -> None:
    """Raise ExportError unless every font in the PDF is embedded and subset (BaseFont "/ABCDEF+Name")."""
    problems: set[str] = set()
    for font in pdf.objects:
        if not isinstance(font, dict) or font.get("Type") != "/Font":
            continue
        name = _text(font.get("BaseFont", "?"))
        descendants = font.get("DescendantFonts")
        target = _resolve(pdf, descendants[0]) if descendants else font
        descriptor = target.get("FontDescriptor")
        descriptor = _resolve(pdf, descriptor) if descriptor is not None else {}
        if not any(key in descriptor for key in ("FontFile", "FontFile2", "FontFile3")):
            problems.add(f"{name} is not embedded")
        if font.get("Subtype") != "/Type3" and not _SUBSET_NAME.fullmatch(name):
            problems.add(f"{name} is not subset")
    if problems:
        raise ExportError(
            "PDF fonts: " + "; ".join(sorted(problems)),
            hint="use the project's fonts/ only; WeasyPrint embeds and subsets them",
        )


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value
