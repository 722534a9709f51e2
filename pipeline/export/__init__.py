"""Exporters: Document → artifact bytes, one module per format, looked up in `EXPORTERS`.

Exporters are imported lazily so that commands which export nothing (clean, a no-op build) never
pay for importing WeasyPrint or ebooklib.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pipeline.document import Document
from pipeline.layout.styles import DEFAULT_STYLE


@dataclass(frozen=True)
class ExportOptions:
    """Options every exporter understands; an exporter ignores those that do not concern it."""

    style: str = DEFAULT_STYLE
    pdf_variant: str | None = None
    pdf_tags: bool = True
    embed_fonts: bool = True
    vertical: bool = False


#: The options each format's exporter reads (the PDF embeds its fonts always; only the EPUB can be
#: set vertically); the others leave its bytes alone.
OPTIONS_READ: dict[str, tuple[str, ...]] = {
    "pdf": ("style", "pdf_variant", "pdf_tags"),
    "epub": ("embed_fonts", "vertical"),
}

#: The languages set in vertical writing under `vertical` (a Simplified edition stays horizontal).
VERTICAL_LANGUAGES: tuple[str, ...] = ("zh-Hant",)


def options_for(fmt: str, language: str, options: ExportOptions) -> ExportOptions:
    """`options` with everything the artifact's exporter would not use reset to its default, so that
    an artifact's cache key holds exactly what changes its bytes."""
    read = set(OPTIONS_READ[fmt])
    if language not in VERTICAL_LANGUAGES:
        read.discard("vertical")
    defaults = ExportOptions()
    unused = {f.name: getattr(defaults, f.name) for f in dataclasses.fields(options) if f.name not in read}
    return dataclasses.replace(options, **unused)


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


#: Who hears how far an export has got (`reporting_progress`); the build shows it per artifact.
_listeners: list[Callable[[int], None]] = []


@contextlib.contextmanager
def reporting_progress(listener: Callable[[int], None]) -> Iterator[None]:
    """While the block runs, `listener` hears how far exports have got: pages laid out so far."""
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)


def report_progress(done: int) -> None:
    """Tell the listeners an export has got this far (a page count)."""
    for listener in _listeners:
        listener(done)
