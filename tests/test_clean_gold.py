"""The cleaner on the documents it must rebuild exactly (the seed; the Hangzhou notice from the real
corpus, in all three extractions): block boundaries, types and text equal the hand-checked gold files."""

from __future__ import annotations

from collections import Counter

from conftest import HANGZHOU, SEED, corpus_text, load_gold

from pipeline.clean import clean


def _gold_blocks(name: str) -> list[dict[str, object]]:
    return [
        {k: v for k, v in block.items() if k in ("type", "text", "level", "role")}
        for block in load_gold(name)["blocks"]
    ]


def test_cleaned_blocks_equal_the_gold_blocks(corpus_name: str) -> None:
    result = clean(corpus_text(corpus_name), source=corpus_name)
    assert [block.to_dict() for block in result.document.blocks] == _gold_blocks(corpus_name)


def test_page_markers_are_removed_and_listed(corpus_name: str) -> None:
    result = clean(corpus_text(corpus_name), source=corpus_name)
    assert list(result.document.removed) == load_gold(corpus_name)["removed"]
    assert all(f.code in ("page-marker", "form-feed") for f in result.report.removals())


def test_title_is_the_gold_title(corpus_name: str) -> None:
    result = clean(corpus_text(corpus_name), source=corpus_name)
    assert result.document.meta.title == load_gold(corpus_name)["title"]


def test_no_character_is_lost_without_a_report(corpus_name: str) -> None:
    raw = corpus_text(corpus_name)
    result = clean(raw, source=corpus_name)
    output = Counter(c for block in result.document.blocks for c in block.content if not c.isspace())
    assert output == result.report.accounted_characters(raw)


def test_cleaning_the_cleaned_text_changes_nothing(corpus_name: str) -> None:
    first = clean(corpus_text(corpus_name)).document
    second = clean("\n\n".join(block.text for block in first.blocks)).document
    assert second.blocks == first.blocks


def test_official_document_metadata_is_detected() -> None:
    meta = clean(corpus_text(HANGZHOU)).document.meta
    assert (meta.author, meta.date) == ("杭州市人民政府", "2024-02-18")


def test_json_contract_has_the_documented_keys() -> None:
    data = clean(corpus_text(SEED)).document.to_json()
    assert {"meta", "title", "blocks", "removed"} <= set(data)
    assert data["blocks"][0] == {"type": "title", "text": data["title"]}


def test_the_same_document_extracted_with_pdftotext_layout_gives_the_gold_blocks() -> None:
    # `pdftotext -layout hangzhou-2024-16.pdf`: indentation marks paragraphs, and the rest of a printed
    # line split at punctuation sits at its column.
    raw = corpus_text(HANGZHOU, "layout")
    blocks = [block.to_dict() for block in clean(raw).document.blocks]
    assert blocks == _gold_blocks(HANGZHOU)


def test_the_same_document_extracted_with_pypdf_gives_the_gold_blocks() -> None:
    # pypdf puts page markers at the top of each page and the 份号 (doc_id) after the first page's
    # body, so only that block's position differs from the PDF's visual order.
    raw = corpus_text(HANGZHOU, "pypdf")
    blocks = [block.to_dict() for block in clean(raw).document.blocks]
    gold = _gold_blocks(HANGZHOU)
    doc_id = {"type": "meta", "role": "doc_id", "text": "ZJAC00-2024-0001"}
    assert doc_id in blocks
    assert [b for b in blocks if b != doc_id] == [b for b in gold if b != doc_id]
