"""Document → PDF bytes: the print HTML laid out by WeasyPrint, then finished and checked with pypdf.

WeasyPrint may fetch only the project's own `styles/` and `fonts/`; any other URL is refused and
reported. pypdf then adds what WeasyPrint leaves out (XMP with the language, page labels,
DisplayDocTitle) and verifies every font is embedded and subset. Same input, same bytes: dates come
from the document, never from the clock.
"""

from __future__ import annotations

import io
import logging
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import fonts
from pipeline.document import Document
from pipeline.errors import ExportError
from pipeline.export import ExportOptions
from pipeline.layout.render import STYLES_DIR, pdf_date, render_html

if TYPE_CHECKING:
    from pypdf import PdfWriter

LOG = logging.getLogger(__name__)
ROOT = STYLES_DIR.parent
#: A subset font's name carries a six-capital tag: /ABCDEF+Family.
_SUBSET_NAME = re.compile(r"/[A-Z]{6}\+.+")
#: The only places WeasyPrint may read from.
ALLOWED_ROOTS: tuple[Path, ...] = (STYLES_DIR, ROOT / "fonts")

_NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
}


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
    """Report characters no project font covers: a warning naming each code point and where it is.

    The fallback face ends every font stack, so only characters even it lacks are listed; they are
    drawn as the fallback's .notdef box, but never silently.
    """
    found: dict[str, str] = {}
    for index, block in enumerate(document.blocks):
        for char, offsets in fonts.uncovered(block.text, document.meta.language).items():
            found.setdefault(char, f"block {index + 1}, column {offsets[0] + 1}")
    for char, where in found.items():
        title = document.meta.title or "document"
        LOG.warning("%s: U+%04X %s (%s) has no glyph in the project's fonts", title, ord(char), char, where)
    return found


def export_pdf(document: Document, options: ExportOptions) -> bytes:
    """Typeset `document` in `options.style` and return the finished PDF."""
    from weasyprint import HTML

    check_coverage(document)
    refused: list[str] = []
    faces = {face.path.resolve(): face for face in fonts.faces_for(document.meta.language)}
    text = document.text() + (document.meta.title or "") + GENERATED_TEXT
    subsets: dict[Path, bytes] = {}

    def font_bytes(path: Path) -> bytes | None:
        if path not in faces:
            return None
        if path not in subsets:
            subsets[path] = fonts.subset_font(faces[path], text)
        return subsets[path]

    html = render_html(document, options.style)
    with _source_date(document):
        rendered = HTML(
            string=html,
            base_url=STYLES_DIR.as_uri() + "/",
            url_fetcher=make_fetcher(refused, font_bytes),
        ).write_pdf(pdf_variant=options.pdf_variant, pdf_tags=options.pdf_tags)
    for url in refused:
        LOG.warning("refused to fetch %s: only styles/ and fonts/ are allowed", url)
    return finish_pdf(rendered, document)


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


def finish_pdf(data: bytes, document: Document) -> bytes:
    """Add metadata, XMP, page labels and DisplayDocTitle; verify fonts; return deterministic bytes."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.constants import PageLabelStyle
    from pypdf.generic import ArrayObject, BooleanObject, ByteStringObject, NameObject, TextStringObject

    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header  # keep WeasyPrint's version (1.7; PDF/A-2 and UA need it)
    meta = document.meta
    title = meta.title or next((b.text for b in document.blocks if b.type == "title"), "")
    info = {"/Title": title, "/Author": meta.author, "/Subject": meta.subtitle or meta.source}
    writer.add_metadata({key: value for key, value in info.items() if value})
    writer._root_object[NameObject("/Lang")] = TextStringObject(meta.language)
    writer.create_viewer_preferences()
    assert writer.viewer_preferences is not None
    writer.viewer_preferences[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    writer.set_page_label(0, len(writer.pages) - 1, style=PageLabelStyle.DECIMAL, start=1)
    _write_xmp(writer, document, title)
    verify_fonts(writer)
    identifier = ByteStringObject(_digest(data))
    writer._ID = ArrayObject([identifier, identifier])  # reproducible, unlike pypdf's random default
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _digest(data: bytes) -> bytes:
    import hashlib

    return hashlib.md5(data, usedforsecurity=False).digest()


def _write_xmp(writer: PdfWriter, document: Document, title: str) -> None:
    """Put title, author, subject, language and dates in the XMP packet, keeping what is there (PDF/A ids)."""
    from pypdf.generic import NameObject, StreamObject

    for prefix, uri in _NS.items():
        ET.register_namespace(prefix, uri)
    existing = writer._root_object.get("/Metadata")
    rdf_tag = f"{{{_NS['rdf']}}}RDF"
    if existing is not None:
        root = ET.fromstring(existing.get_object().get_data().split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0])
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
    packet = (
        b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        + ET.tostring(root, encoding="utf-8", xml_declaration=False)
        + b'\n<?xpacket end="r"?>'
    )
    stream = StreamObject()
    stream.set_data(packet)
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)


def verify_fonts(writer: PdfWriter) -> None:
    """Raise ExportError unless every font in the PDF is embedded and subset (BaseFont "ABCDEF+Name")."""
    problems: set[str] = set()
    for font in _fonts(writer):
        name = str(font.get("/BaseFont", "?"))
        descendants = font.get("/DescendantFonts")
        target = descendants[0].get_object() if descendants else font
        descriptor = target.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            problems.add(f"{name} is not embedded")
        if font.get("/Subtype") != "/Type3" and not _SUBSET_NAME.fullmatch(name):
            problems.add(f"{name} is not subset")
    if problems:
        raise ExportError(
            "PDF fonts: " + "; ".join(sorted(problems)),
            hint="use the project's fonts/ only; WeasyPrint embeds and subsets them",
        )


def _fonts(writer: PdfWriter) -> list[Any]:
    """Every font dictionary used by the pages, including those inside form XObjects."""
    found: dict[int, Any] = {}
    stack = [page.get("/Resources") for page in writer.pages]
    while stack:
        resources = stack.pop()
        if resources is None:
            continue
        resources = resources.get_object()
        for reference in (resources.get("/Font") or {}).values():
            found[id(reference.get_object())] = reference.get_object()
        for xobject in (resources.get("/XObject") or {}).values():
            stack.append(xobject.get_object().get("/Resources"))
    return list(found.values())
