"""Benchmarks: the corpus and the seed → timings, ratios and peak memory, written as JSON (`nox -s bench`).

Measured, each in the same run so that ratios compare like with like on a busy machine:
- cleaning throughput (MB/s of source bytes) on the corpus (the seed and every extraction of the real
  corpus in ../shared/corpus/real, where it is there), and on the corpus ×50 in one text (linearity);
- the seed's four artifacts: a cold build and a no-op rebuild (`python -m pipeline build`, wall time);
- the review page of the 34-page Hangzhou notice (read from ../shared/corpus/real/): its cost against
  the PDF build of the same document, its size, and how long headless Chromium takes to render it;
- long sources (issue 18): texts of about 2,000 and 10,000 book pages through `pipeline build`, the
  PDF and the EPUB apart: time, peak memory, pages or the refusal, progress lines, EPUB parts;
- a ~150-page document (the seed's paragraphs ×50 as chapters): our PDF against plain WeasyPrint
  rendering the same text with a minimal stylesheet and the same font; all four artifacts of it
  rendered by the build's worker pool against that same plain PDF; peak memory of the PDF render
  and of the largest build worker.

The PDF timings (ours, plain, ... in turn) and the four-artifact build are each the best of `ROUNDS`
runs: on a shared machine whose speed drifts within minutes, the minimum of alternating runs is the
figure that compares like with like. More baselines say where the ratio comes from: the same
minimal stylesheet on our page (the book style's A5 page, margins and font size), untagged and
tagged as ours is; and our own HTML, stylesheet and export without our typography work (no
pre-broken lines, no spacing spans: WeasyPrint wraps by itself), the baseline issue 3 set for the
PDF exporter.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from pipeline import fonts
from pipeline.build.worker import Built, ExportJob, Failure, export_artifact, init_worker
from pipeline.clean import clean
from pipeline.document import Block, Document
from pipeline.evaluate import EXTRACTIONS, load_corpus, real_corpus_folder
from pipeline.export import ExportOptions, get_exporter
from pipeline.export.pdf import pdf_of_html
from pipeline.layout.render import render_html, style_spec
from pipeline.review import review_page
from pipeline.settings import FORMATS
from pipeline.sources import read_source
from pipeline.variants import VARIANTS, make_variant

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_94766af0f6a420c9.txt"
#: The real document whose review page is measured (never copied into the project).
HANGZHOU = real_corpus_folder(ROOT) / "hangzhou-2024-16" / "pdftotext.txt"
#: What the bench measures, in the order it runs them (`--only` picks some).
SECTIONS = ("long_document", "clean", "seed_build", "review", "long_sources", "pdf")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
CHAPTERS = 50
#: Alternating runs of each PDF render; the best of each is reported.
ROUNDS = 3


def corpus_sources() -> list[Path]:
    """The texts cleaning is timed on: the seed's, and every extraction of the real corpus."""
    real = real_corpus_folder(ROOT)
    documents = load_corpus(real) if real.is_dir() else []
    extractions = [document.extraction(stem) for document in documents for stem in EXTRACTIONS]
    return [SEED, *(path for path in extractions if path.is_file())]


def bench_clean(min_seconds: float = 2.0) -> dict[str, float]:
    """MB/s of source bytes through read-free cleaning, on the corpus and on one 50× larger text."""
    texts = [read_source(path).text for path in corpus_sources()]
    size = sum(len(text.encode()) for text in texts)
    rounds, started = 0, time.perf_counter()
    while time.perf_counter() - started < min_seconds:
        for text in texts:
            clean(text, source="bench")
        rounds += 1
    corpus_rate = size * rounds / (time.perf_counter() - started) / 1e6
    large = "\n\f".join(texts * 50)
    started = time.perf_counter()
    clean(large, source="bench")
    large_rate = len(large.encode()) / (time.perf_counter() - started) / 1e6
    return {
        "corpus_texts": len(texts),
        "corpus_bytes": size,
        "corpus_mb_per_s": round(corpus_rate, 2),
        "large_bytes": len(large.encode()),
        "large_mb_per_s": round(large_rate, 2),
    }


REAL_CORPUS = ROOT.parent / "shared" / "corpus" / "real"


def bench_pdf() -> dict[str, Any]:
    """Pages per second of reading a PDF and cleaning it, on one core (the reading child and this
    process pinned to CPU 0): every real PDF of ../shared/corpus/real/, best of `ROUNDS`; and the
    peak memory of reading a 2,000-page PDF (the reading child's, from its rusage)."""
    from pipeline.clean import clean_source
    from pipeline.sources import read_pdf

    pdfs = sorted(REAL_CORPUS.glob("*/source.pdf"))
    if not pdfs:
        return {"skipped": f"no PDFs in {REAL_CORPUS}"}
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    rows: dict[str, dict[str, float]] = {}
    total_pages, total_seconds = 0, 0.0
    for path in pdfs:
        best_read = best_all = float("inf")
        pages = 0
        for _ in range(ROUNDS):
            started = time.perf_counter()
            source = read_pdf(path)
            read = time.perf_counter() - started
            clean_source(source)
            best_read, best_all = min(best_read, read), min(best_all, time.perf_counter() - started)
            pages = len(source.pages)
        rows[path.parent.name] = {
            "pages": pages,
            "read_pages_per_s": round(pages / best_read, 1),
            "read_and_clean_pages_per_s": round(pages / best_all, 1),
        }
        total_pages += pages
        total_seconds += best_all
    return {
        "documents": rows,
        "read_and_clean_pages_per_s": round(total_pages / total_seconds, 1),
        "long_pdf": _bench_long_pdf(),
    }


def _bench_long_pdf() -> dict[str, float]:
    """Reading and cleaning a 2,000-page PDF (every page of the Hangzhou notice, repeated)."""
    import io
    import resource

    from pypdf import PdfReader, PdfWriter

    from pipeline.clean import clean_source
    from pipeline.sources.pdf import decode_pdf

    reader = PdfReader(REAL_CORPUS / "hangzhou-2024-16" / "source.pdf")
    writer = PdfWriter()
    while len(writer.pages) < 2000:
        for page in reader.pages[1:33]:
            if len(writer.pages) < 2000:
                writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    started = time.perf_counter()
    source = decode_pdf(buffer.getvalue(), Path("long.pdf"))
    clean_source(source)
    seconds = time.perf_counter() - started
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "pages": len(source.pages),
        "seconds": round(seconds, 1),
        "pages_per_s": round(len(source.pages) / seconds, 1),
        "reader_peak_mb": round(child_peak, 1),
        "own_peak_mb": round(own_peak_mb(), 1),
    }


def _run_build(*arguments: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline", "build", *arguments, "--quiet"], check=True, cwd=ROOT)
    return time.perf_counter() - started


def bench_seed_build(work: Path) -> dict[str, float]:
    """Wall time of the seed's four artifacts from nothing, and of rebuilding with nothing changed
    (also with `--pdf-variant`, which must not import WeasyPrint to check the name)."""
    arguments = (str(SEED), "--out", str(work / "dist"), "--cache", str(work / "cache"))
    cold = _run_build(*arguments)
    warm = [_run_build(*arguments) for _ in range(5)]
    _run_build(*arguments, "--pdf-variant", "pdf/ua-1")
    warm_variant = [_run_build(*arguments, "--pdf-variant", "pdf/ua-1") for _ in range(5)]
    return {
        "cold_s": round(cold, 2),
        "noop_min_s": round(min(warm), 3),
        "noop_median_s": round(statistics.median(warm), 3),
        "noop_pdf_variant_min_s": round(min(warm_variant), 3),
    }


#: Book pages of the long texts (issue 18: progress, bounded memory, the page limit, EPUB parts).
LONG_PAGES = (2_000, 10_000)
#: Runs a command and prints the largest peak resident memory (kB) of its processes: the build and
#: its workers (a spawned worker's count includes the build's pages from before `exec`, ~60 MB).
_PEAK_OF_CHILDREN = (
    "import resource, subprocess, sys; status = subprocess.run(sys.argv[1:]).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, status)"
)


#: Characters of the seed's paragraphs on a page of the book style: 1,282,786 made 1,820 pages.
CHARACTERS_PER_PAGE = 705


def long_text(pages: int) -> str:
    """Raw text of about `pages` book pages, one paragraph a line: the seed's paragraphs over and over,
    under one title and without headings, so that the EPUB must split by size."""
    document = clean(read_source(SEED).text, source=SEED.name).document
    paragraphs = [block.text for block in document.blocks if block.type == "paragraph"]
    lines = [document.meta.title, ""]
    while sum(len(line) for line in lines) < pages * CHARACTERS_PER_PAGE:
        lines.extend(f"{text}\n" for text in paragraphs)
    return "\n".join(lines) + "\n"


def bench_long_sources(work: Path, jobs: int) -> dict[str, Any]:
    """Each long text's PDF and EPUB built apart (a refused PDF fails its document, which would
    take its EPUB out of dist/): time, peak memory, what was made, the progress lines printed."""
    results: dict[str, Any] = {}
    for pages in LONG_PAGES:
        folder = work / f"long-{pages}"
        folder.mkdir(parents=True)
        seed = folder / "long.txt"
        seed.write_text(long_text(pages), encoding="utf-8")
        measured: dict[str, Any] = {"characters": len(seed.read_text(encoding="utf-8"))}
        for fmt in FORMATS:
            command = [sys.executable, "-m", "pipeline", "build", str(seed), "--out", str(folder / "dist")]
            command += ["--cache", str(folder / "cache"), "--formats", fmt, "--variants", "zh-Hans"]
            started = time.perf_counter()
            run = subprocess.run(
                [sys.executable, "-c", _PEAK_OF_CHILDREN, *command, "--jobs", str(jobs)],
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            seconds = time.perf_counter() - started
            peak_kb, status = run.stdout.split()[-2:]
            result: dict[str, Any] = {
                "exit": int(status),
                "seconds": round(seconds, 1),
                "peak_rss_mb": round(int(peak_kb) / 1024),
                "progress_lines": sum(line.startswith("rendering ") for line in run.stdout.splitlines()),
                "errors": [line for line in run.stderr.splitlines() if line.startswith("error:")],
            }
            artifact = folder / "dist" / f"long.zh-Hans.{fmt}"
            if artifact.is_file() and fmt == "pdf":
                result["pages"] = _pages(artifact.read_bytes())
            elif artifact.is_file():
                import zipfile

                with zipfile.ZipFile(artifact) as book:
                    parts = [
                        i.file_size for i in book.infolist() if i.filename.startswith("EPUB/text/section")
                    ]
                result.update(bytes=artifact.stat().st_size, parts=len(parts), largest_part_bytes=max(parts))
            measured[fmt] = result
        results[f"{pages}_pages"] = measured
    return results


def long_document() -> Document:
    """The seed's paragraphs, 50 times over, as chapters under its title."""
    document = clean(read_source(SEED).text, source=SEED.name).document
    paragraphs = [block for block in document.blocks if block.type == "paragraph"]
    blocks = [Block("title", document.meta.title)]
    for number in range(1, CHAPTERS + 1):
        blocks.append(Block("heading", f"第{number}章", level=1))
        blocks.extend(paragraphs)
    return document.replace(blocks=tuple(blocks))


#: The minimal stylesheet's page and type: A4 (the issue's baseline), or the book style's own page.
PLAIN_PAGE = "@page { size: A4; margin: 25mm } body { font-size: 12pt; }"


def book_page() -> str:
    """The minimal stylesheet's page and type set to the book style's A5 page, margins and font size."""
    spec = style_spec("book")
    return (
        f"@page {{ size: {spec.page_width}pt {spec.page_height}pt; margin: {spec.margin_top}pt "
        f"{spec.margin_outer}pt {spec.margin_bottom}pt {spec.margin_inner}pt }} "
        f"body {{ font-size: {spec.font_size}pt; line-height: {spec.line_height}pt; }}"
    )


def plain_weasyprint(
    document: Document, font: Path | None, page: str = PLAIN_PAGE, tags: bool = False
) -> bytes:
    """The same text through WeasyPrint with a minimal stylesheet: the baseline our layout is measured by."""
    from weasyprint import HTML

    face = f"@font-face {{ font-family: Body; src: url({font.as_uri()}); }}" if font else ""
    css = f"{face} {page} body {{ font-family: Body, serif; }}"
    body = "".join(
        f"<h1>{html.escape(b.text)}</h1>"
        if b.type in ("title", "heading")
        else f"<p>{html.escape(b.text)}</p>"
        for b in document.blocks
    )
    head = f'<head><meta charset="utf-8"><style>{css}</style></head>'
    html_page = f'<html lang="zh-Hans">{head}<body>{body}</body></html>'
    data: bytes = HTML(string=html_page, base_url=str(ROOT)).write_pdf(pdf_tags=tags)
    return data


def without_our_typography(html: str) -> str:
    """The print HTML with the project's line breaking and spacing taken out: WeasyPrint wraps by itself."""
    head, body = re.sub(r"white-space: (nowrap|pre);", "", html).split("<body", 1)
    return head + re.sub(r"<span[^>]*>|</span>|<br>|\n", "", "<body" + body)


def body_font() -> Path | None:
    """A Simplified Chinese serif face from fonts/, as the baseline's font (None: WeasyPrint's default)."""
    faces = sorted(p for p in (ROOT / "fonts").rglob("*") if p.suffix.lower() in (".otf", ".ttf", ".woff2"))
    preferred = [p for p in faces if "serif" in p.name.lower() and "sc" in p.name.lower()]
    return (preferred or faces)[0] if faces else None


def _pages(pdf: bytes) -> int:
    from io import BytesIO

    from pypdf import PdfReader

    return len(PdfReader(BytesIO(pdf)).pages)


def bench_long_document(work: Path, jobs: int) -> dict[str, Any]:
    """Our 150-page PDF and the full four-artifact set against plain WeasyPrint, same run, same text."""
    document = long_document()
    export_pdf = get_exporter("pdf")
    font, our_page = body_font(), book_page()  # found once, outside the timed renders
    export_pdf(document.replace(blocks=document.blocks[:5]), ExportOptions())  # load fonts, templates
    plain_weasyprint(document.replace(blocks=document.blocks[:5]), font)

    untypeset = without_our_typography(render_html(document, ExportOptions().style))
    renders: dict[str, Callable[[], bytes]] = {
        "ours": lambda: export_pdf(document, ExportOptions()),
        "ours_without_typography": lambda: pdf_of_html(document, untypeset, ExportOptions()),
        "plain": lambda: plain_weasyprint(document, font),
        "plain_book_page": lambda: plain_weasyprint(document, font, our_page),
        "plain_book_page_tagged": lambda: plain_weasyprint(document, font, our_page, tags=True),
    }
    seconds: dict[str, list[float]] = {name: [] for name in renders}
    pdfs: dict[str, bytes] = {}
    pdf_peak = 0.0
    for _ in range(ROUNDS):
        for name, render in renders.items():
            started = time.perf_counter()
            pdfs[name] = render()
            seconds[name].append(time.perf_counter() - started)
            if not pdf_peak:
                pdf_peak = own_peak_mb()  # after our first render: nothing heavier ran yet
    best = {name: min(times) for name, times in seconds.items()}
    ours_s, plain_s = best["ours"], best["plain"]

    variants = {variant: make_variant(document, variant, "s2tw") for variant in VARIANTS}
    full_runs: list[float] = []
    worker_peaks: list[float] = []
    # export_artifact renders whatever the cache holds, so the rounds share one cache and one job
    # list: the first round unwraps the fonts into it, as a first build does; the later ones reuse
    # them, as every rebuild does.
    exports = [
        ExportJob(
            SEED,
            f"long.{variant}.{fmt}",
            f"bench-{variant}-{fmt}",
            fmt,
            variants[variant],
            ExportOptions(),
            work / "cache",
        )
        for fmt in FORMATS
        for variant in VARIANTS
    ]
    for _ in range(ROUNDS):
        started = time.perf_counter()
        with ProcessPoolExecutor(
            jobs, mp_context=get_context("spawn"), initializer=init_worker, initargs=(FORMATS, os.getpid())
        ) as pool:
            measured = list(pool.map(export_measured, exports))
        results = [result for result, _ in measured]
        worker_peaks.extend(peak for _, peak in measured)
        full_runs.append(time.perf_counter() - started)
        failures = [r for r in results if not isinstance(r, Built)]
        if failures:
            raise SystemExit(f"bench: rendering failed: {failures}")
    full_s = min(full_runs)
    worker_peak = max(worker_peaks)
    return {
        "pages": _pages(pdfs["ours"]),
        "plain_pages": _pages(pdfs["plain"]),
        "rounds": ROUNDS,
        "pdf_s": round(ours_s, 2),
        "plain_weasyprint_s": round(plain_s, 2),
        "pdf_vs_plain": round(ours_s / plain_s, 2),
        "all_runs_s": {
            **{name: [round(t, 2) for t in times] for name, times in seconds.items()},
            "four_artifacts": [round(t, 2) for t in full_runs],
        },
        "plain_on_book_page": {
            "pages": _pages(pdfs["plain_book_page"]),
            "untagged_s": round(best["plain_book_page"], 2),
            "tagged_s": round(best["plain_book_page_tagged"], 2),
            "pdf_vs_tagged": round(ours_s / best["plain_book_page_tagged"], 2),
        },
        "ours_without_typography": {
            "pages": _pages(pdfs["ours_without_typography"]),
            "seconds": round(best["ours_without_typography"], 2),
            "pdf_vs_it": round(ours_s / best["ours_without_typography"], 2),
        },
        "four_artifacts_s": round(full_s, 2),
        "four_artifacts_vs_plain": round(full_s / plain_s, 2),
        "artifact_s_last_round": {
            job.name: round(r.seconds, 2)
            for job, r in zip(exports, results, strict=True)
            if isinstance(r, Built)
        },
        "jobs": jobs,
        "peak_rss_mb": {"pdf_in_one_process": pdf_peak, "largest_build_worker": worker_peak},
    }


def bench_review(work: Path) -> dict[str, Any]:
    """The Hangzhou notice's review page: the time to make it (from the text: clean, then the page;
    and the page alone, which is what `build --review` adds to a build that cleans anyway) against
    the time to make its PDF (clean, then export), best of ROUNDS alternating runs in this process
    with the fonts unwrapped beforehand, as a build's workers have them; its size; and Chromium's
    time to load and first paint it, median of 5 loads."""
    if not HANGZHOU.is_file():
        return {"skipped": f"{HANGZHOU} is missing"}
    text = HANGZHOU.read_text("utf-8")
    export_pdf = get_exporter("pdf")
    seconds: dict[str, list[float]] = {"review": [], "review_page_only": [], "pdf": []}
    with fonts.unwrapped_fonts_kept_in(work / "fonts"):
        review_page(text, clean(text), source=HANGZHOU.name)  # unwrap the fonts, load the templates
        export_pdf(clean(text).document, ExportOptions())
        for _ in range(ROUNDS):
            started = time.perf_counter()
            result = clean(text)
            cleaned = time.perf_counter()
            page = review_page(text, result, source=HANGZHOU.name)
            seconds["review"].append(time.perf_counter() - started)
            seconds["review_page_only"].append(time.perf_counter() - cleaned)
            started = time.perf_counter()
            export_pdf(clean(text).document, ExportOptions())
            seconds["pdf"].append(time.perf_counter() - started)
    best = {name: min(times) for name, times in seconds.items()}
    path = work / "hangzhou.review.html"
    path.write_text(page, "utf-8")
    return {
        "review_s": round(best["review"], 3),
        "review_page_only_s": round(best["review_page_only"], 3),
        "pdf_s": round(best["pdf"], 2),
        "review_vs_pdf": round(best["review"] / best["pdf"], 3),
        "page_only_vs_pdf": round(best["review_page_only"] / best["pdf"], 3),
        "bytes": len(page.encode()),
        "chromium": chromium_render(path),
        "all_runs_s": {name: [round(t, 3) for t in times] for name, times in seconds.items()},
    }


def chromium_render(page: Path, loads: int = 5) -> dict[str, Any]:
    """Headless Chromium's load-event and first-contentful-paint times for a page (ms, median and
    worst of `loads` loads in one browser), where Chromium and Playwright are installed."""
    chromium = "/usr/bin/chromium"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "Playwright is not installed"}
    if not os.path.exists(chromium):
        return {"skipped": f"{chromium} is missing"}
    load, paint = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        for _ in range(loads):
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            tab.goto(page.as_uri())
            tab.evaluate("document.fonts.ready.then(() => true)")
            timing = tab.evaluate(
                "[performance.getEntriesByType('navigation')[0].loadEventEnd,"
                " performance.getEntriesByName('first-contentful-paint')[0].startTime]"
            )
            load.append(timing[0])
            paint.append(timing[1])
            tab.close()
        browser.close()
    return {
        "load_ms_median": round(statistics.median(load)),
        "load_ms_max": round(max(load)),
        "first_paint_ms_median": round(statistics.median(paint)),
        "first_paint_ms_max": round(max(paint)),
    }


def export_measured(job: ExportJob) -> tuple[Built | Failure, float]:
    """One artifact in a build worker, and that worker's own peak memory so far (MB)."""
    return export_artifact(job), own_peak_mb()


def own_peak_mb() -> float:
    """This process's peak resident memory in MB.

    Linux's VmHWM belongs to the process's own address space. `ru_maxrss` is not used where VmHWM
    exists: a spawned worker's includes the pages of the parent it was forked from before exec, so
    a bench process grown by earlier renders made every worker look as large as itself (305 MB).
    """
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux, bytes on macOS
        return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)
    kilobytes = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
    return round(kilobytes / 1024, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=ROOT / ".bench" / "results.json")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument(
        "--only", choices=SECTIONS, action="append", help="run only these sections (default: all)"
    )
    args = parser.parse_args(argv)
    wanted = set(args.only or SECTIONS)
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-") as folder:
        work = Path(folder)
        results: dict[str, Any] = {
            "machine": {
                "python": platform.python_version(),
                "cpus": len(os.sched_getaffinity(0)),
                "load_average": [round(x, 2) for x in os.getloadavg()],
            },
        }
        sections: dict[str, Callable[[], dict[str, Any]]] = {
            # First, while this process and its children are fresh, so that peak memory is the renderer's.
            "long_document": lambda: bench_long_document(work / "long", args.jobs),
            "clean": bench_clean,
            "seed_build": lambda: bench_seed_build(work / "seed"),
            "review": lambda: bench_review(work / "review"),
            "long_sources": lambda: bench_long_sources(work / "long-sources", args.jobs),
            # Last: it pins this process to one CPU.
            "pdf": bench_pdf,
        }
        results.update({name: run() for name, run in sections.items() if name in wanted})
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
