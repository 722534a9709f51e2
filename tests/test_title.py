"""The document's title is one thing everywhere: a seed TOML's `title` replaces the detected one in
the printed title, the running head, the PDF outline and the EPUB's heading, cover and navigation;
and the running head and outline keep the space between a title's two clauses even where the
printed title breaks its line there."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from pdf_renders import SEED, gold_document, render
from pypdf import PdfReader

from pipeline.document import Block, Document, Meta
from pipeline.export import ExportOptions
from pipeline.export.epub import export_epub
from pipeline.export.pdf import export_pdf
from pipeline.settings import apply_meta, load_seed_settings

pytestmark = pytest.mark.slow

DETECTED = "检测到的标题"
CHOSEN = "设定的标题 第二个分句"
PARAGRAPH = "为了进一步推动经济高质量发展，现将有关事项通知如下，请认真贯彻执行。" * 6


def outline(data: bytes) -> list[str]:
    return [item.title for item in PdfReader(io.BytesIO(data)).outline if not isinstance(item, list)]


def page_text(data: bytes, index: int) -> str:
    return PdfReader(io.BytesIO(data)).pages[index].extract_text()


@pytest.fixture(scope="module")
def retitled(tmp_path_factory: pytest.TempPathFactory) -> Document:
    folder = tmp_path_factory.mktemp("seed")
    (folder / "notice.txt").write_text("", "utf-8")
    (folder / "notice.toml").write_text(f'title = "{CHOSEN}"\n', "utf-8")
    detected = Document(
        meta=Meta(title=DETECTED),
        blocks=(Block("title", DETECTED), *(Block("paragraph", PARAGRAPH) for _ in range(40))),
    )
    return apply_meta(detected, load_seed_settings(folder / "notice.txt"), stem="notice")


def test_the_toml_title_is_the_printed_title_running_head_and_outline(retitled: Document) -> None:
    data = export_pdf(retitled, ExportOptions())
    assert outline(data) == [CHOSEN]
    assert CHOSEN in page_text(data, 0)  # the printed title
    assert CHOSEN in page_text(data, 1)  # the running head
    assert DETECTED not in "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_toml_title_is_the_epub_heading(retitled: Document) -> None:
    book = zipfile.ZipFile(io.BytesIO(export_epub(retitled, ExportOptions(embed_fonts=False))))
    texts = {name: book.read(name).decode() for name in book.namelist() if name.endswith(".xhtml")}
    assert not any(DETECTED in text for text in texts.values())
    assert any(
        '<h1 class="title"' in text and CHOSEN in text for name, text in texts.items() if "cover" not in name
    )


def test_a_document_without_a_title_block_gets_the_toml_title_after_its_masthead(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("", "utf-8")
    (tmp_path / "a.toml").write_text(f'title = "{CHOSEN}"\n', "utf-8")
    document = Document(
        meta=Meta(),
        blocks=(Block("meta", "某某市人民政府", role="issuer"), Block("paragraph", PARAGRAPH)),
    )
    blocks = apply_meta(document, load_seed_settings(tmp_path / "a.txt")).blocks
    assert [(b.type, b.text) for b in blocks[:2]] == [("meta", "某某市人民政府"), ("title", CHOSEN)]


def test_running_head_and_outline_keep_the_space_between_title_clauses() -> None:
    """The seed's title 「…疫情影响 坚决夺取…」 breaks its printed line at that space."""
    title = next(b.text for b in gold_document(SEED).blocks if b.type == "title")
    assert " " in title
    data = render(SEED, "book").data
    assert outline(data)[0] == title
    assert title in page_text(data, 1)
