"""Benchmark, not a test: a ~150-page book through `export_pdf` against plain WeasyPrint on the same text.

Plain means the same HTML, fonts and stylesheet with our typography removed (no pre-broken lines, no
letter-spacing spans, WeasyPrint wraps by itself). The issue's budget is 1.2× the plain time.

    /work/venv/bin/python tests/bench_pdf.py [REPEAT]
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from pdf_renders import HANGZHOU, gold_document

from pipeline import fonts
from pipeline.document import Document
from pipeline.export import ExportOptions
from pipeline.export.pdf import GENERATED_TEXT, STYLES_DIR, export_pdf, make_fetcher
from pipeline.layout.render import render_html


def plain_html(document: Document) -> str:
    """The print HTML with the project's line breaking and spacing taken out."""
    html = render_html(document, "book")
    html = html.replace("white-space: nowrap;", "")
    return re.sub(r"<span[^>]*>|</span>|<br>", "", html)


def plain_pdf(document: Document) -> bytes:
    """WeasyPrint alone on `plain_html`, with the same per-document font subsets."""
    from weasyprint import HTML

    faces = {face.path.resolve(): face for face in fonts.faces_for(document.meta.language)}
    text = document.text() + document.meta.title + GENERATED_TEXT
    fetcher = make_fetcher([], lambda path: fonts.subset_font(faces[path], text) if path in faces else None)
    result: bytes = HTML(
        string=plain_html(document), base_url=STYLES_DIR.as_uri() + "/", url_fetcher=fetcher
    ).write_pdf()
    return result


def main() -> None:
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    base = gold_document(HANGZHOU)
    document = base.replace(blocks=base.blocks * repeat)
    start = time.perf_counter()
    ours = export_pdf(document, ExportOptions(style="book"))
    middle = time.perf_counter()
    plain = plain_pdf(document)
    end = time.perf_counter()
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(ours)).pages)
    print(f"pages {pages} (plain {len(PdfReader(io.BytesIO(plain)).pages)})")
    print(
        f"export_pdf {middle - start:.1f}s  plain WeasyPrint {end - middle:.1f}s  ratio {(middle - start) / (end - middle):.2f}"
    )


if __name__ == "__main__":
    main()
