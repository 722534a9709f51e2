"""Sources: a seed file → what the cleaner reads.

`text` reads extracted text (any encoding → one LF-normalised str); `pdf` reads a PDF itself, line
by line with each line's geometry (`pdf_lines` rebuilds the lines from the characters).
`read_seed` reads either, deciding by the file's bytes, not its name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.errors import SourceError
from pipeline.sources.pdf import PdfError, PdfSource, is_pdf, read_pdf
from pipeline.sources.text import DEFAULT_MAX_BYTES, Source, decode_source, read_source

__all__ = [
    "DEFAULT_MAX_BYTES",
    "PdfError",
    "PdfSource",
    "Source",
    "decode_source",
    "read_pdf",
    "read_seed",
    "read_source",
]


def read_seed(path: Path, *, progress: Callable[[int, int], None] | None = None) -> Source | PdfSource:
    """A seed as the cleaner takes it: a PDF read with its geometry, anything else as text.

    `progress(page, pages)` follows the reading of a PDF.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except IsADirectoryError:
        raise SourceError("is a directory, not a text file", path=path) from None
    except OSError as exc:
        raise SourceError(f"cannot read the file: {exc.strerror or type(exc).__name__}", path=path) from None
    if is_pdf(head):
        return read_pdf(path, progress=progress)
    return read_source(path)
