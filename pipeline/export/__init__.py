"""Exporters: Document → artifact bytes, one module per format, looked up in `EXPORTERS`.

Exporters are imported lazily so that commands which export nothing (clean, a no-op build) never
pay for importing WeasyPrint or ebooklib.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.document import Document


@dataclass(frozen=True)
class ExportOptions:
    """Options every exporter understands; an exporter ignores those that do not concern it."""

    style: str = "book"
    pdf_variant: str | None = None
    pdf_tags: bool = True
    embed_fonts: bool = True
    vertical: bool = False


Exporter = Callable[[Document, ExportOptions], bytes]

#: format name → "module:function" of an `Exporter`.
EXPORTERS: dict[str, str] = {
    "pdf": "pipeline.export.pdf:export_pdf",
    "epub": "pipeline.export.epub:export_epub",
}


def get_exporter(fmt: str) -> Exporter:
    """Import and return the exporter registered for a format."""
    module_name, _, function_name = EXPORTERS[fmt].partition(":")
    module = importlib.import_module(module_name)
    exporter: Exporter = getattr(module, function_name)
    return exporter
