"""Benchmark, not a test: a ~150-page book through `export_pdf` against plain WeasyPrint on the same text.

Plain means the same HTML, fonts and stylesheet with our typography removed (no pre-broken lines, no
letter-spacing spans, WeasyPrint wraps by itself). The issue's budget is 1.2× the plain time.

    /work/venv/bin/python tests/bench_pdf.py [REPEAT]
"""

from __future__ import annotations

import io
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from pdf_renders import HANGZHOU, gold_document

from pipeline import fonts
from pipeline.document import Document
from pipeline.export import ExportOptions
from pipeline.export.pdf import GENERATED_TEXT, export_pdf, make_fetcher
from pipeline.layout.render import render_html
from pipeline.paths import STYLES_DIR


def plain_html(document: Document) -> str:
    """The print HTML with the project's line breaking and spacing taken out."""
    html = render_html(document, "book")
    head, body = re.sub(r"white-space: (nowrap|pre);", "", html).split("<body", 1)
    return head + re.sub(r"<span[^>]*>|</span>|<br>|\n", "", "<body" + body)


def weasyprint_pdf(document: Document, html: str) -> bytes:
    """WeasyPrint on `html` with the exporter's fetcher, font subsets and default options (tagged)."""
    from weasyprint import HTML

    faces = {face.path.resolve(): face for face in fonts.faces_for(document.meta.language)}
    text = document.text() + document.meta.title + GENERATED_TEXT
    fetcher = make_fetcher([], lambda path: fonts.subset_font(faces[path], text) if path in faces else None)
    result: bytes = HTML(string=html, base_url=STYLES_DIR.as_uri() + "/", url_fetcher=fetcher).write_pdf(
        pdf_tags=ExportOptions().pdf_tags
    )
    return result


def main() -> None:
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    base = gold_document(HANGZHOU)
    document = base.replace(blocks=base.blocks * repeat)
    fonts.subset_font(fonts.face("zh-Hans", "serif"), "字")  # unwrap the WOFF2 files before timing
    times = {}
    start = time.perf_counter()
    ours = export_pdf(document, ExportOptions(style="book"))
    times["export_pdf (all)"] = time.perf_counter() - start
    start = time.perf_counter()
    html = render_html(document, "book")
    times["  render_html (line breaking)"] = time.perf_counter() - start
    start = time.perf_counter()
    weasyprint_pdf(document, html)
    times["  WeasyPrint on our HTML"] = time.perf_counter() - start
    start = time.perf_counter()
    plain = weasyprint_pdf(document, plain_html(document))
    times["plain WeasyPrint"] = time.perf_counter() - start
    from pypdf import PdfReader

    print(f"pages {len(PdfReader(io.BytesIO(ours)).pages)} (plain {len(PdfReader(io.BytesIO(plain)).pages)})")
    for name, seconds in times.items():
        print(f"{name:32} {seconds:6.1f}s")
    print(f"ratio export_pdf / plain {times['export_pdf (all)'] / times['plain WeasyPrint']:.2f}")


if __name__ == "__main__":
    main()
