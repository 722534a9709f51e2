"""What the review and correction tests share: the real documents of ../shared/corpus/real/, read
where they lie (never copied into the project), and the tools the page is checked with."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: The shared corpus of real documents, beside the checkout.
REAL_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real"


def required(reason: str) -> None:
    """Skip a test whose tool or data is missing here; under CI=true that is a failure, not a skip."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI must have it)")
    pytest.skip(reason)


def real_extraction(name: str, extraction: str) -> str:
    """The text of one extraction (`pdftotext.txt`, `layout.txt`, `pypdf.txt`) of a real document."""
    path = REAL_CORPUS / name / extraction
    if not path.is_file():
        required(f"the shared corpus is not at {REAL_CORPUS}")
    return path.read_text("utf-8")
