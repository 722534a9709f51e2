"""EPUB export: Document → EPUB 3 bytes (ebooklib) that EPUBCheck passes with 0 errors, 0 warnings.

The book is reflowable XHTML made from the shared block partial (`styles/partials/blocks.html.j2`)
and `styles/epub/`: a cover page with the title typeset, one content document per top-level
section (split at titles and level-1 headings), a navigation document and an NCX, accessibility
metadata per EPUB Accessibility 1.1, and by default a per-book subset of the fonts.

Identical input gives identical bytes: the identifier is a UUID derived from the content, dates
come from the metadata (never the clock), and the zip is rewritten with fixed timestamps,
`mimetype` first and stored (EPUB 3.3 OCF §4.3).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import logging
import re
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache, partial
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from pipeline import fonts
from pipeline.document import Block, Document
from pipeline.errors import ExportError
from pipeline.export import VERTICAL_LANGUAGES, ExportOptions
from pipeline.export.epub_blocks import EpubBlocks, hanging_css
from pipeline.layout.autospace import autospace_html
from pipeline.paths import STYLES_DIR

log = logging.getLogger(__name__)

#: Every zip entry gets this timestamp (the earliest a zip can hold), so builds are byte-identical.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: dcterms:modified when the metadata has no date: fixed, so that the bytes do not depend on the day.
FALLBACK_DATE = "2000-01-01"
#: Namespace of this project's book identifiers; changing it would change every book's identifier.
_UUID_NAMESPACE = uuid.UUID("5b8a3c1e-8f0e-5d36-9a57-4f1b2c0d7e61")

#: Characters XML 1.0 forbids (§2.2 Char); dropped with a warning, never written.
_ILLEGAL_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

LABELS: dict[str, dict[str, str]] = {
    "zh-Hans": {"toc": "目录", "cover": "封面", "start": "正文", "untitled": "未命名文档"},
    "zh-Hant": {"toc": "目錄", "cover": "封面", "start": "正文", "untitled": "未命名文件"},
}
ACCESSIBILITY_SUMMARY: dict[str, str] = {
    "zh-Hans": "本书为可重排的纯文本电子书，有目录和结构化标题，阅读顺序即文档顺序；无图像、音频、视频。",
    "zh-Hant": "本書為可重排的純文字電子書，有目錄和結構化標題，閱讀順序即文件順序；無圖像、音訊、視訊。",
}
#: EPUB Accessibility 1.1 §2 discovery metadata (schema.org vocabulary) and the conformance claim.
ACCESSIBILITY: tuple[tuple[str, str], ...] = (
    ("schema:accessMode", "textual"),
    ("schema:accessModeSufficient", "textual"),
    ("schema:accessibilityFeature", "structuralNavigation"),
    ("schema:accessibilityFeature", "tableOfContents"),
    ("schema:accessibilityFeature", "readingOrder"),
    ("schema:accessibilityFeature", "displayTransformability"),
    ("schema:accessibilityHazard", "none"),
    ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"),
)
FONT_TYPES: dict[bytes, tuple[str, str]] = {
    b"wOF2": ("woff2", "font/woff2"),
    b"wOFF": ("woff", "font/woff"),
    b"OTTO": ("otf", "font/otf"),
    b"\x00\x01\x00\x00": ("ttf", "font/ttf"),
}


#: Characters of text in one content document at most (about 120–160 kB of XHTML): a reading system
#: loads a content document whole, and some refuse large ones (older Kindles: 300 kB). A longer
#: section is split into parts, and a longer block into pieces at sentence ends.
PART_CHARACTERS = 40_000
_SENTENCE_END = re.compile(r"[。！？!?][”’」』）)]*")


@dataclass(frozen=True)
class Section:
    """One content document: the blocks of a top-level section (or of a part of one), with their
    positions in the Document; `continued` holds the positions in `blocks` of pieces that carry on
    the block before them."""

    file_name: str
    blocks: tuple[tuple[int, Block], ...]
    continued: frozenset[int] = frozenset()


def export_epub(document: Document, options: ExportOptions) -> bytes:
    """The document as EPUB 3 bytes; `options.embed_fonts` and `options.vertical` are honoured.

    Vertical writing applies to a Traditional document only (a Simplified one stays horizontal).
    """
    from ebooklib import epub

    document = xml_safe_document(document)
    labels = LABELS.get(document.meta.language, LABELS["zh-Hans"])
    vertical = options.vertical and document.meta.language in VERTICAL_LANGUAGES
    title = book_title(document, labels["untitled"])
    sections = split_sections(document.blocks)
    stylesheets = ["styles/book.css", *(["styles/vertical.css"] if vertical else [])]

    book = epub.EpubBook()
    book.set_identifier(book_identifier(document))
    book.set_title(title)
    book.set_language(document.meta.language)
    _add_metadata(book, document)
    if vertical:
        book.set_direction("rtl")  # spine page-progression-direction
    for item in _style_items(document, title, labels, stylesheets, options.embed_fonts):
        book.add_item(item)
    pages = [
        epub.EpubItem(uid=uid, file_name=name, media_type="application/xhtml+xml", content=content)
        for uid, name, content in _render_pages(document, sections, title, labels, stylesheets)
    ]
    nav = epub.EpubNav(title=labels["toc"])
    for href in stylesheets:
        nav.add_link(href=href, rel="stylesheet", type="text/css")
    for item in [*pages, epub.EpubNcx(), nav]:
        book.add_item(item)
    book.spine = [pages[0], nav, *pages[1:]]
    book.toc = nav_tree(sections, title)
    book.guide = [  # written as the EPUB 2 guide and the EPUB 3 landmarks
        {"type": "cover", "href": pages[0].file_name, "title": labels["cover"]},
        {"type": "toc", "href": nav.file_name, "title": labels["toc"]},
        {"type": "text", "href": pages[1].file_name, "title": labels["start"]},
    ]
    buffer = io.BytesIO()
    modified = datetime.datetime.fromisoformat(publication_date(document) or FALLBACK_DATE)
    if not epub.write_epub(buffer, book, {"mtime": modified, "epub3_pages": False, "raise_exceptions": True}):
        raise ExportError("ebooklib could not write the EPUB")
    return restamp_zip(buffer.getvalue())


def xml_safe_document(document: Document) -> Document:
    """The document without characters XML forbids (NUL, C0 controls, U+FFFE…); each drop is logged."""
    blocks = tuple(
        block.map_text(partial(xml_safe, where=f"block {i}")) for i, block in enumerate(document.blocks)
    )
    meta = document.meta
    fields = {
        name: xml_safe(getattr(meta, name), f"meta.{name}")
        for name in ("title", "subtitle", "author", "date", "language")
    }
    return document.replace(meta=replace(meta, **fields), blocks=blocks)


def xml_safe(text: str, where: str) -> str:
    """Text with XML-illegal characters removed, a warning naming each code point and where it was."""
    for match in _ILLEGAL_XML.finditer(text):
        log.warning("EPUB: dropped U+%04X from %s (not allowed in XML)", ord(match.group()), where)
    return _ILLEGAL_XML.sub("", text)


def split_sections(blocks: tuple[Block, ...], part_characters: int = PART_CHARACTERS) -> list[Section]:
    """One section per title or level-1 heading; leading official-document parts join the next title.
    A section of more than `part_characters` characters continues in parts of its own."""
    groups: list[list[tuple[int, Block]]] = [[]]
    for index, block in enumerate(blocks):
        starts = block.type == "title" or (block.type == "heading" and block.level == 1)
        if starts and any(b.type != "meta" for _, b in groups[-1]):
            groups.append([])
        groups[-1].append((index, block))
    parts = [part for group in groups for part in _parts(group, part_characters)]
    return [
        Section(f"text/section-{n:03d}.xhtml", tuple(entry[:2] for entry in part), _continued(part))
        for n, part in enumerate(parts, 1)
    ]


def _parts(group: list[tuple[int, Block]], size: int) -> Iterator[list[tuple[int, Block, bool]]]:
    """The group's blocks in parts of at most `size` characters (a part holds at least one piece);
    (position, block or piece of it, whether it carries on the block before)."""
    part: list[tuple[int, Block, bool]] = []
    length = 0
    for index, block in group:
        splittable = block.type not in ("title", "heading") and block.rows is None
        pieces = _pieces(block.text, size) if splittable and len(block.text) > size else [block.text]
        for number, piece in enumerate(pieces):
            if part and length + len(piece) > size:
                yield part
                part, length = [], 0
            part.append(
                (index, block if len(pieces) == 1 else replace(block, text=piece, notes=()), number > 0)
            )
            length += len(piece)
    if part:
        yield part


def _pieces(text: str, size: int) -> list[str]:
    """`text` cut into pieces of at most `size` characters, each ending after a sentence where the
    second half of its stretch has a sentence end, else at `size`."""
    pieces, start = [], 0
    while len(text) - start > size:
        ends = [match.end() for match in _SENTENCE_END.finditer(text, start + size // 2, start + size)]
        cut = ends[-1] if ends else start + size
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def _continued(part: list[tuple[int, Block, bool]]) -> frozenset[int]:
    return frozenset(position for position, (_, _, continues) in enumerate(part) if continues)


def block_id(index: int) -> str:
    """An XML name for the block at `index`, whatever its text (all-Chinese headings included)."""
    return f"b{index:04d}"


def nav_tree(sections: list[Section], title: str) -> list[Any]:
    """ebooklib's TOC: titles on top, headings nested by level; an entry per non-empty title and heading."""
    from ebooklib import epub

    roots: list[Any] = []
    stack: list[tuple[int, list[Any]]] = []  # (depth, children list) of the open entries
    for section in sections:
        for index, block in section.blocks:
            if block.type not in ("title", "heading") or not block.text.strip():
                continue  # an empty nav anchor is invalid (EPUB 3.3 §7.3.3)
            depth = 0 if block.type == "title" else int(block.level or 1)
            link = epub.Link(f"{section.file_name}#{block_id(index)}", block.text, f"nav-{block_id(index)}")
            while stack and stack[-1][0] >= depth:
                stack.pop()
            siblings = stack[-1][1] if stack else roots
            children: list[Any] = []
            siblings.append((link, children))
            stack.append((depth, children))
    if not roots:
        return [epub.Link(sections[0].file_name, title, "nav-start")]
    return _flatten_leaves(roots)


def _flatten_leaves(entries: list[Any]) -> list[Any]:
    """ebooklib wants a bare Link for an entry without children and (Link, children) otherwise."""
    return [(link, _flatten_leaves(children)) if children else link for link, children in entries]


def book_title(document: Document, untitled: str) -> str:
    """The metadata title, else the first title block, else a placeholder (dc:title must not be empty)."""
    if document.meta.title.strip():
        return document.meta.title.strip()
    first = next((b.text for b in document.blocks if b.type == "title" and b.text.strip()), "")
    return first.strip() or untitled


def book_creator(document: Document) -> str:
    """The author, else the signing or issuing body of an official document."""
    if document.meta.author.strip():
        return document.meta.author.strip()
    for role in ("signature", "issuer"):
        text = next((b.text for b in document.blocks if b.type == "meta" and b.role == role), "")
        if text.strip():
            return text.strip()
    return ""


def book_identifier(document: Document) -> str:
    """`urn:uuid:` of a UUID5 over the document's JSON: stable for the same content, new for new content
    (the schema version is left out: a new version of the model is no new book)."""
    content = {key: value for key, value in document.to_json().items() if key != "schema_version"}
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return f"urn:uuid:{uuid.uuid5(_UUID_NAMESPACE, digest)}"


def publication_date(document: Document) -> str:
    """The document's date (`Document.date`, as the PDF has it) in ISO form, or ""."""
    date = document.date
    return date.isoformat() if date is not None else ""


def _add_metadata(book: Any, document: Document) -> None:
    creator = book_creator(document)
    if creator:
        book.add_author(creator)
    if document.meta.subtitle.strip():
        book.add_metadata("DC", "title", document.meta.subtitle.strip(), {"id": "subtitle"})
        book.add_metadata(None, "meta", "subtitle", {"refines": "#subtitle", "property": "title-type"})
    date = publication_date(document)
    if date:
        book.add_metadata("DC", "date", date)
    for prop, value in ACCESSIBILITY:
        book.add_metadata(None, "meta", value, {"property": prop})
    summary = ACCESSIBILITY_SUMMARY.get(document.meta.language, ACCESSIBILITY_SUMMARY["zh-Hans"])
    book.add_metadata(None, "meta", summary, {"property": "schema:accessibilitySummary"})


def _render_pages(
    document: Document, sections: list[Section], title: str, labels: dict[str, str], stylesheets: list[str]
) -> list[tuple[str, str, bytes]]:
    """(uid, file name, XHTML bytes) of the cover and of each section, in reading order."""
    language = document.meta.language
    hrefs = [f"../{href}" for href in stylesheets]
    cover = _template("cover.xhtml.j2").render(
        language=language,
        title=title,
        stylesheets=hrefs,
        cover_label=labels["cover"],
        title_html=autospace_html(title),
        subtitle_html=autospace_html(document.meta.subtitle.strip()),
        author_html=autospace_html(book_creator(document)),
        date=_display_date(publication_date(document)),
    )
    pages = [("cover", "text/cover.xhtml", cover.encode("utf-8"))]
    files = {index: section.file_name for section in sections for index, _ in section.blocks}
    split = frozenset(
        index
        for section in sections
        for index, piece in section.blocks
        if piece is not document.blocks[index]
    )
    setter = EpubBlocks(document.blocks, files.__getitem__, block_id, split)
    for number, section in enumerate(sections, 1):
        blocks = [
            setter.block(index, piece, continued=position in section.continued)
            for position, (index, piece) in enumerate(section.blocks)
        ]
        heading = next(
            (b.text for _, b in section.blocks if b.type in ("title", "heading") and b.text.strip()), title
        )
        html = _template("section.xhtml.j2").render(
            language=language, title=heading, stylesheets=hrefs, blocks=blocks
        )
        pages.append((f"section-{number:03d}", section.file_name, html.encode("utf-8")))
    return pages


def _display_date(iso: str) -> str:
    """2024-02-18 → 2024年2月18日, the way a Chinese title page prints it."""
    if not iso:
        return ""
    date = datetime.date.fromisoformat(iso)
    return f"{date.year}年{date.month}月{date.day}日"


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(STYLES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def _template(name: str) -> Template:
    return _environment().get_template(f"epub/{name}")


def _read_style(name: str) -> str:
    return (STYLES_DIR / "epub" / name).read_text(encoding="utf-8")


def _style_items(
    document: Document, title: str, labels: dict[str, str], stylesheets: list[str], embed_fonts: bool
) -> list[Any]:
    """The stylesheets, with @font-face rules and the font subsets first when fonts are embedded."""
    from ebooklib import epub

    css = _read_style("book.css") + hanging_css(vertical=False)
    items: list[Any] = []
    if embed_fonts:
        font_css, items, families = _font_items(document, title, labels)
        css = f"{font_css}\n{css}\nbody {{ font-family: {families}, serif; }}\n"
        if any(block.type == "preformatted" for block in document.blocks):
            css += f'pre.preformatted {{ font-family: "{fonts.MONO.family}", {families}, monospace; }}\n'

    items.append(
        epub.EpubItem(uid="css", file_name=stylesheets[0], media_type="text/css", content=css.encode())
    )
    if len(stylesheets) > 1:
        vertical = (_read_style("vertical.css") + hanging_css(vertical=True)).encode()
        items.append(
            epub.EpubItem(
                uid="css-vertical", file_name=stylesheets[1], media_type="text/css", content=vertical
            )
        )
    return items


def _book_text(document: Document, title: str, labels: dict[str, str]) -> str:
    """Every character the book displays, for the font subset."""
    meta = document.meta
    return "".join(
        (
            title,
            meta.subtitle,
            book_creator(document),
            _display_date(publication_date(document)),
            document.text(),
            *labels.values(),
        )
    )


def _bold_text(document: Document, title: str, labels: dict[str, str]) -> str:
    """The characters the styles set in bold: titles, headings, the issuer, the nav heading."""
    bold = [
        b.text for b in document.blocks if b.type in ("title", "heading") or b.role in ("issuer", "dateline")
    ]
    return "".join((title, labels["toc"], *bold))


def _font_items(document: Document, title: str, labels: dict[str, str]) -> tuple[str, list[Any], str]:
    """(@font-face CSS, font items, font-family list of the text): subsets of the serif faces
    (+ fallbacks, + mono).

    The regular face gets every character of the book, the bold one only the text set in bold
    (titles, headings, the issuer's masthead, a dateline, the nav heading), each fallback face (Han,
    emoji, symbols, the placeholder) only what the serif and the fallbacks before it lack, the mono
    face the characters of preformatted blocks; the other faces of the variant are not used by the
    EPUB styles.
    """
    from ebooklib import epub

    language = document.meta.language
    text = _book_text(document, title, labels)
    regular = fonts.face(language, "serif", 400)
    plan = [(regular, text), (fonts.face(language, "serif", 700), _bold_text(document, title, labels))]
    plan += fonts.fallback_shares(text, fonts.coverage(regular))
    families = ", ".join(dict.fromkeys(f'"{face.family}"' for face, _ in plan))
    code = "".join(block.text for block in document.blocks if block.type == "preformatted")
    if code:
        plan.append((fonts.MONO, code))
    rules: list[str] = []
    items: list[Any] = []
    for number, (face, face_text) in enumerate(plan, 1):
        data: bytes = fonts.subset_font(face, face_text)
        extension, media_type = font_type(data)
        name = f"fonts/{face.family.replace(' ', '')}-{face.weight}.{extension}"
        items.append(epub.EpubItem(uid=f"font-{number}", file_name=name, media_type=media_type, content=data))
        rules.append(
            f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight};'
            f' font-style: {face.style}; src: url("../{name}"); }}'
        )
    return "\n".join(rules) + "\n", items, families


def font_type(data: bytes) -> tuple[str, str]:
    """(file extension, EPUB core media type) of font bytes, read from the file's signature."""
    try:
        return FONT_TYPES[data[:4]]
    except KeyError:
        raise ExportError(
            f"embedded font has unknown format (signature {data[:4]!r})",
            hint="subset fonts to TrueType, OpenType/CFF, WOFF or WOFF2",
        ) from None


def restamp_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps and attributes, `mimetype` first and stored (OCF §4.3)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    entries = sorted(source.infolist(), key=lambda info: info.filename != "mimetype")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in entries:
            stamped = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            stamped.create_system = 3  # Unix, whatever machine builds the book
            stamped.external_attr = 0o100644 << 16
            stored = info.filename == "mimetype"
            stamped.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            target.writestr(stamped, source.read(info), compresslevel=None if stored else 9)
    return out.getvalue()
