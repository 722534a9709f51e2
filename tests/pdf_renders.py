"""Corpus documents and the every-block document → rendered PDFs, each rendered once per test
session and shared between tests."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cache

from blocks_document import every_block_document
from conftest import HANGZHOU, SEED, load_gold

from pipeline.document import Block, Document, Meta
from pipeline.export import ExportOptions
from pipeline.export.pdf import export_pdf
from pipeline.variants import make_variant

__all__ = ["HANGZHOU", "SEED", "STYLE_NAMES", "Render", "gold_document", "render", "render_every_block"]

STYLE_NAMES = ("book", "gongwen")


@dataclass(frozen=True)
class Render:
    """One rendered PDF and how long it took (s)."""

    document: Document
    style: str
    data: bytes
    seconds: float


@cache
def gold_document(name: str, language: str = "zh-Hans") -> Document:
    """A corpus document built straight from its hand-checked gold blocks."""
    gold = load_gold(name)
    return Document(
        meta=Meta(title=gold["title"], language=language),
        blocks=tuple(Block.from_dict(block) for block in gold["blocks"]),
    )


@cache
def render(name: str, style: str, variant: str = "zh-Hans") -> Render:
    """Render a corpus document in a style and variant (cached for the session)."""
    document = gold_document(name)
    if variant != document.meta.language:
        document = make_variant(document, variant)
    return _render(document, style)


@cache
def render_every_block(style: str, variant: str = "zh-Hans") -> Render:
    """Render the document holding every block type (tests/blocks_document.py), once per session."""
    return _render(every_block_document(variant), style)


def _render(document: Document, style: str) -> Render:
    start = time.perf_counter()
    data = export_pdf(document, ExportOptions(style=style))
    return Render(document, style, data, time.perf_counter() - start)
