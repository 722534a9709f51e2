"""Our own PDFs read back: a structured document (tests/damage_documents: an official document with
nested lists, a law with numbered paragraphs and items, a manual, minutes) typeset in each style,
then read from the PDF with its geometry, must give back the blocks it was made of.

These are PDFs the geometric pass was never tuned on (issue 15: its rules are conventions of
typesetting — a hanging indent, a wrapped line's continuation, the text block — not constants of
the corpus' PDFs): a law's bare numbers set apart by a gap alone, items whose markers hang, a
minutes header whose value wraps under its value column, list items ending flush with the measure.
The text is unambiguous (the document is what the PDF was made of), so boundaries, types and text
must come back whole. Each document is rendered once per session (about a second each). Tables and
contents lines are not read back from a PDF yet: they are left out of those documents and held by
a strict xfail of their own.
"""

from __future__ import annotations

import difflib
from functools import cache
from pathlib import Path

import pytest
from damage_documents import law, manual, minutes, official_with_lists
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pipeline.clean import clean_source
from pipeline.document import Block, Document, Meta
from pipeline.evaluate import Scores, score
from pipeline.export import ExportOptions
from pipeline.export.pdf import export_pdf
from pipeline.sources.pdf import decode_pdf

GENRES: dict[str, st.SearchStrategy[tuple[Block, ...]]] = {
    "lists": official_with_lists(),
    "law": law(),
    "manual": manual(),
    "minutes": minutes(),
}
STYLES = ("book", "gongwen")
#: How many documents of a genre are drawn; the one with the most blocks is typeset.
DRAWN = 30
#: Blocks the PDF path does not read back yet: a table's cells and a contents line's page number
#: stand far apart on the page and come back as lines of their own (the text rules read them from
#: an extraction; from a PDF see `test_tables_and_contents_read_back`).
NOT_YET = frozenset({"table", "toc"})


@cache
def _document(genre: str, without: frozenset[str] = NOT_YET) -> Document:
    """The genre's largest of `DRAWN` documents drawn the same way on every run (among those that
    hold no block of the types `without`)."""
    drawn: list[tuple[Block, ...]] = []

    @settings(
        max_examples=DRAWN,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(GENRES[genre])
    def collect(blocks: tuple[Block, ...]) -> None:
        drawn.append(blocks)

    collect()
    kept = [blocks for blocks in drawn if not any(block.type in without for block in blocks)]
    blocks = max(kept, key=lambda b: (len(b), sum(len(block.text) for block in b)))
    title = next((block.text for block in blocks if block.type == "title"), genre)
    return Document(meta=Meta(title=title, language="zh-Hans"), blocks=blocks)


@cache
def _read_back(genre: str, style: str, without: frozenset[str] = NOT_YET) -> tuple[Block, ...]:
    """The blocks the cleaner reads from the genre's document typeset in `style`."""
    data = export_pdf(_document(genre, without), ExportOptions(style=style))
    return clean_source(decode_pdf(data, Path(f"{genre}.{style}.pdf"))).document.blocks


def _summary(blocks: tuple[Block, ...]) -> list[str]:
    return [f"{block.type}:{block.level or block.role or ''}:{block.text[:50]}" for block in blocks]


def _assert_reads_back(genre: str, style: str, without: frozenset[str] = NOT_YET) -> None:
    expected = _document(genre, without).blocks
    found = _read_back(genre, style, without)
    scores: Scores = score([b.to_dict() for b in expected], [b.to_dict() for b in found])
    diff = "\n".join(difflib.unified_diff(_summary(expected), _summary(found), lineterm="", n=0))
    assert scores.boundary_f1 == 1.0, diff
    assert scores.type_accuracy == 1.0, diff
    assert scores.text_similarity == 1.0, diff


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("genre", sorted(GENRES))
def test_our_pdf_reads_back_as_the_document_it_was_made_of(genre: str, style: str) -> None:
    _assert_reads_back(genre, style)


@pytest.mark.xfail(
    strict=True,
    reason="a table's cells and a contents line's page number, set far apart, are read as lines of "
    "their own from a PDF (known gap: the geometric pass has no table or contents rule yet)",
)
def test_tables_and_contents_read_back() -> None:
    _assert_reads_back("manual", "book", without=frozenset())
