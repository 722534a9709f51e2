"""Shared fixtures: the project's own seed document and the real corpus of documents with gold results.

Two corpora feed the tests. `tests/corpus/` holds the project's own seed with its gold file. The
real documents (official notices, laws, minutes, books, manuals; each with three extractions and a
hand-checked gold) are not the project's: they are read from `../shared/corpus/real/` next to the
checkout (or $PIPELINE_REAL_CORPUS) and never copied into it. Where that folder is missing, the
tests that need it skip, saying so; under `CI=true` they fail instead, so that CI never passes by
testing less.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from clean_checks import derandomized
from hypothesis import Phase, settings
from logged import expected_warnings, no_unexpected_warnings  # noqa: F401 (an autouse fixture: see tests/logged.py)

from pipeline.evaluate import (
    EXTRACTIONS,
    OTHER_EXTRACTORS,
    GoldDocument,
    load_corpus,
    other_extraction,
    real_corpus_folder,
)

CORPUS = Path(__file__).parent / "corpus"
#: The project's own document: its source and gold live in tests/corpus.
SEED = "000_94766af0f6a420c9"
#: The real document the cleaner was first developed on: read from the real corpus.
HANGZHOU = "hangzhou-2024-16"
#: The documents the cleaner must rebuild exactly, block for block.
CORPUS_NAMES = (SEED, HANGZHOU)
REAL_CORPUS = real_corpus_folder(Path(__file__).resolve().parents[1])


def real_corpus_present() -> bool:
    return (REAL_CORPUS / HANGZHOU / "gold.json").is_file()


def require_real_corpus() -> Path:
    """The real corpus folder; where it is missing, skip the calling test (fail it under CI=true)."""
    if not real_corpus_present():
        reason = (
            f"the real corpus is missing: {REAL_CORPUS} (the shared documents next to the checkout, "
            "or set PIPELINE_REAL_CORPUS)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return REAL_CORPUS


@cache
def real_documents() -> tuple[GoldDocument, ...]:
    """Every document of the real corpus (skipping or failing the test where there is none)."""
    return tuple(load_corpus(require_real_corpus()))


def real_document(name: str) -> GoldDocument:
    return next(document for document in real_documents() if document.name == name)


def real_cases() -> list[Any]:
    """(document name, extraction) for every real document and extraction, as test parameters; one
    parameter that skips (or fails under CI) with the reason where the corpus is missing."""
    if not real_corpus_present():
        return [pytest.param("missing", "none", id="real-corpus-missing")]
    return [
        pytest.param(folder.name, stem, id=f"{folder.name}-{stem}")
        for folder in sorted(REAL_CORPUS.iterdir())
        if (folder / "gold.json").is_file()
        for stem in EXTRACTIONS
        if (folder / f"{stem}.txt").is_file()
    ]


def other_extractor_cases() -> list[Any]:
    """(document name, extractor) for every real document and each extractor the corpus keeps no file
    of (`pipeline.evaluate.OTHER_EXTRACTORS`), as test parameters; as `real_cases` where it is missing."""
    if not real_corpus_present():
        return [pytest.param("missing", "none", id="real-corpus-missing")]
    return [
        pytest.param(document.name, stem, id=f"{document.name}-{stem}")
        for document in real_documents()
        if document.pdf.is_file()
        for stem in OTHER_EXTRACTORS
    ]


#: Where the other extractors' text of the corpus PDFs is kept between runs and between test workers:
#: outside the checkout (the text is not the project's), named by what made it.
EXTRACTION_CACHE = Path(tempfile.gettempdir()) / "pipeline-corpus-extractions"
#: What each other extractor's output depends on besides the PDF: its program's or package's version.
_EXTRACTOR_PACKAGES = {"pdfium": "pypdfium2", "pypdf-layout": "pypdf", "plumber": "pdfplumber"}


@cache
def _extractor_version(stem: str) -> str:
    if stem in _EXTRACTOR_PACKAGES:
        return metadata.version(_EXTRACTOR_PACKAGES[stem])
    return subprocess.run(["pdftotext", "-v"], capture_output=True, text=True).stderr.strip()


def other_source(name: str, stem: str) -> Path:
    """A real document's PDF as the extractor `stem` writes it (extracted once, then read from the
    cache; written whole or not at all, so that parallel workers never read half a file)."""
    pdf = real_document(name).pdf
    key = hashlib.sha256(pdf.read_bytes() + f"{stem} {_extractor_version(stem)}".encode()).hexdigest()
    path = EXTRACTION_CACHE / f"{name}.{stem}.{key[:16]}.txt"
    if not path.is_file():
        EXTRACTION_CACHE.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.partial")
        with expected_warnings():  # what an extractor says of a PDF's fonts is no warning of ours
            text = other_extraction(pdf, stem)
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    return path


def source_path(name: str, extraction: str = "pdftotext") -> Path:
    """The source text of a corpus document: the seed's, a real document's extraction, or its PDF as
    another extractor writes it."""
    if name == SEED:
        return CORPUS / f"{name}.txt"
    if extraction in OTHER_EXTRACTORS:
        return other_source(name, extraction)
    return real_document(name).extraction(extraction)


def load_gold(name: str) -> dict[str, Any]:
    if name == SEED:
        data: dict[str, Any] = json.loads((CORPUS / f"{name}.gold.json").read_text("utf-8"))
        return data
    return real_document(name).gold


def corpus_text(name: str, extraction: str = "pdftotext") -> str:
    return source_path(name, extraction).read_text("utf-8")


@pytest.fixture(params=CORPUS_NAMES)
def corpus_name(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


# `pytest --hypothesis-profile=triage`: report failing examples at once, without minimising them
# (minimising a damaged document can take minutes); for finding what to fix, not for CI.
settings.register_profile("triage", phases=[Phase.explicit, Phase.reuse, Phase.generate])


def _draw_independently_of_the_code() -> None:
    """Hypothesis mixes the literals of the project's modules into what it draws, so a derandomized
    property's examples changed with every string or number edited anywhere in pipeline/: an
    unrelated change could draw a different damaged document and turn CI red (or green) by luck.
    The normal suite draws from the strategies alone; `nox -s fuzz` keeps the mining, which is
    good at finding bugs. Hypothesis has no setting for this, so its private hook is replaced; a
    Hypothesis without the hook (older versions do not mine) is left as it is."""
    if not derandomized():
        return
    from hypothesis.internal.conjecture import providers

    if hasattr(providers, "_get_local_constants"):
        no_constants = providers.Constants()
        providers._get_local_constants = lambda: no_constants


_draw_independently_of_the_code()
