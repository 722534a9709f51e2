"""Every real PDF of ../shared/corpus/real/ read as a PDF and cleaned with its geometry, scored
against its gold like the text extractions (`nox -s corpus` prints the whole table).

The floors are issue 15's goals: boundary F1 ≥ 0.99 and type accuracy ≥ 0.95 from every PDF, and
its boundaries never worse than those of the best of its three text extractions (README's table).
"""

from __future__ import annotations

import os
import statistics
from functools import cache
from pathlib import Path

import pytest

from pipeline.clean import clean, clean_source
from pipeline.evaluate import EXTRACTIONS, GoldDocument, Scores, load_corpus, score
from pipeline.sources import read_pdf, read_source

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real"

#: Floors for a document read from its PDF.
PDF_F1_FLOOR = 0.99
PDF_TYPE_FLOOR = 0.95
PDF_TEXT_FLOOR = 0.99


def _corpus() -> list[GoldDocument]:
    if not REAL.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{REAL}: the shared real corpus is missing (CI must have it beside the checkout)")
        pytest.skip(f"{REAL}: no shared real corpus beside this checkout")
    return load_corpus(REAL)


@cache
def _scores(name: str, stem: str) -> Scores:
    document = next(d for d in load_corpus(REAL) if d.name == name)
    if stem == "pdf":
        result = clean_source(read_pdf(document.pdf))
    else:
        result = clean(read_source(document.extraction(stem)).text)
    return score(document.blocks, [block.to_dict() for block in result.document.blocks])


def test_every_real_pdf_reads_and_scores_above_the_floors() -> None:
    for document in _corpus():
        scores = _scores(document.name, "pdf")
        assert scores.text_similarity >= PDF_TEXT_FLOOR, (document.name, scores)
        assert scores.boundary_f1 >= PDF_F1_FLOOR, (document.name, scores)
        assert scores.type_accuracy >= PDF_TYPE_FLOOR, (document.name, scores)


def test_every_real_pdf_has_boundaries_as_good_as_its_best_extraction() -> None:
    for document in _corpus():
        pdf = _scores(document.name, "pdf").boundary_f1
        best = max(_scores(document.name, stem).boundary_f1 for stem in EXTRACTIONS)
        assert pdf >= best, (document.name, pdf, best)


def test_the_pdf_is_on_average_a_better_source_than_any_extraction() -> None:
    documents = _corpus()
    pdf_mean = statistics.mean(_scores(d.name, "pdf").boundary_f1 for d in documents)
    for stem in EXTRACTIONS:
        extraction_mean = statistics.mean(_scores(d.name, stem).boundary_f1 for d in documents)
        assert pdf_mean > extraction_mean, (stem, pdf_mean, extraction_mean)
