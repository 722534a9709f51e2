"""Work done in build worker processes: a seed → its Document per variant; a Document → a cached artifact.

These functions are the only part of the build that imports the cleaner, OpenCC and the exporters
(WeasyPrint, ebooklib). They never raise: a failure comes back as a `Failure` holding one line for
the user and the traceback for `--debug`, so that one bad document cannot stop the others.
"""

from __future__ import annotations

import io
import os
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import fonts
from pipeline.build.cache import ArtifactCache, CachedArtifact
from pipeline.build.warnings_kept import kept_warnings
from pipeline.document import Document
from pipeline.errors import PipelineError, SourceError
from pipeline.export import ExportOptions, get_exporter, reporting_progress
from pipeline.settings import SeedSettings, apply_meta

if TYPE_CHECKING:
    from pipeline.clean import CleanResult
    from pipeline.sources import PdfSource, Source

#: The cache's folder of unwrapped fonts: every worker would otherwise spend a second unwrapping
#: the WOFF2 faces before its first artifact.
UNWRAPPED_FONTS = "fonts"


#: An event for the build: (artifact name, pages laid out so far), 0 when its rendering starts.
Event = tuple[str, int]
#: Where this process sends its events: a queue's `put` in a worker, a function in the build itself.
_events: Callable[[Event], None] | None = None


def send_events_to(sink: Callable[[Event], None] | None) -> None:
    """Send this process's events to `sink` (None: nowhere)."""
    global _events
    _events = sink


@dataclass(frozen=True)
class Failure:
    """Why a job failed: one line for the user, the traceback for `--debug`, and whether it is a
    bug of ours rather than a problem of the input."""

    message: str
    traceback: str
    internal: bool = False


@dataclass(frozen=True)
class DocumentJob:
    """Read, clean and convert one seed."""

    seed: Path
    source_sha256: str
    settings: SeedSettings
    stem: str
    variants: tuple[str, ...]
    report: bool
    cache_root: Path
    review_key: str | None = None  # make the review page too, and cache it under this key


@dataclass(frozen=True)
class Prepared:
    """A seed's Document in each variant, the script of its source, the cleaner's report if it was
    asked for, what the reader and the cleaner warn about (a PDF's pages without text, or read row
    by row; a date of no real day), and the review page if it was asked for (already in the cache)."""

    documents: dict[str, Document]
    script: str
    report: str | None
    warnings: tuple[str, ...] = ()
    review: Built | None = None
    #: Lines the cleaner removed as page furniture beyond folios (running heads and footers), one
    #: line each naming the seed and source line: the build counts them, `--verbose` lists them.
    furniture: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExportJob:
    """Render one artifact of a prepared Document into the cache under its key."""

    seed: Path
    name: str
    key: str
    format: str
    document: Document
    options: ExportOptions
    cache_root: Path
    #: What was warned about while its document was read and cleaned: the artifact carries it too.
    document_warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Built:
    """An artifact now in the cache (its warnings in its entry), and how long rendering it took."""

    entry: CachedArtifact
    seconds: float


def init_worker(formats: tuple[str, ...], parent_pid: int, events: Any = None) -> None:
    """Load the exporters (and with them fonts and templates) once per worker process, and send
    events to the build through `events` (a multiprocessing queue), if given.

    A watcher thread ends the worker if the build process dies (e.g. `kill -9`), so no orphan keeps
    rendering for nobody.
    """
    threading.Thread(target=_exit_when_orphaned, args=(parent_pid,), daemon=True).start()
    if events is not None:
        send_events_to(events.put)
    for fmt in formats:
        try:
            get_exporter(fmt)
        except Exception:  # an initializer that raises breaks the whole pool: let the job report it
            continue


def _exit_when_orphaned(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(0.5)
    os._exit(1)


def prepare_document(job: DocumentJob) -> Prepared | Failure:
    """Clean the seed with its corrections, apply its TOML metadata and make each variant (and the
    review page, if asked)."""
    try:
        with kept_warnings() as logged:
            return _prepare(job, logged)
    except Exception as exc:  # any failure, bug or not, is this document's alone: see Failure
        return _failure(exc, str(job.seed))


def _prepare(job: DocumentJob, logged: list[str]) -> Prepared:
    from pipeline.clean import CleanResult, clean_source
    from pipeline.sources import read_seed
    from pipeline.variants import detect_script, make_variant

    source = read_seed(job.seed)
    if source.sha256 != job.source_sha256:
        raise SourceError(
            "the file changed while the build was reading it", path=job.seed, hint="run the build again"
        )
    result = clean_source(source, fixes=job.settings.fixes)
    document = apply_meta(result.document, job.settings, stem=job.stem)
    documents = {variant: make_variant(document, variant, job.settings.opencc) for variant in job.variants}
    report = result.report.summary() if job.report else None
    review = _review(job, source, CleanResult(document, result.report)) if job.review_key else None
    furniture = tuple(
        f"{job.seed}:{finding.line}: {finding.original!r}"
        for finding in result.report.furniture_beyond_folios()
    )
    # The reader names the seed in its warnings; kept here without it, the build names it when it
    # shows them, and the manifest (which names the source) does not depend on how it was named.
    read = (warning.removeprefix(f"{job.seed}: ") for warning in getattr(source, "warnings", ()))
    warnings = (*read, *logged)
    return Prepared(documents, detect_script(document), report, warnings, review, furniture)


def _review(job: DocumentJob, source: Source | PdfSource, result: CleanResult) -> Built:
    """The seed's review page (a PDF's with its lines' places), stored in the cache under `job.review_key`."""
    from pipeline.build.plan import REVIEW_FORMAT
    from pipeline.review import review_page

    assert job.review_key is not None
    started = time.perf_counter()
    with fonts.unwrapped_fonts_kept_in(job.cache_root / UNWRAPPED_FONTS):
        layout = getattr(source, "lines", None)
        page = review_page(source.text, result, source=job.seed.name, layout=layout).encode()
    entry = ArtifactCache(job.cache_root).store(job.review_key, REVIEW_FORMAT, page, None)
    return Built(entry=entry, seconds=time.perf_counter() - started)


def export_artifact(job: ExportJob) -> Built | Failure:
    """Render the artifact and store it in the cache; the build copies it into place."""
    try:
        started = time.perf_counter()
        _send((job.name, 0))
        with (
            kept_warnings() as logged,
            fonts.unwrapped_fonts_kept_in(job.cache_root / UNWRAPPED_FONTS),
            reporting_progress(lambda done: _send((job.name, done))),
        ):
            data = get_exporter(job.format)(job.document, job.options)
        pages = _count_pages(data) if job.format == "pdf" else None
        warnings = tuple(dict.fromkeys((*job.document_warnings, *logged)))
        entry = ArtifactCache(job.cache_root).store(job.key, job.format, data, pages, warnings)
        return Built(entry=entry, seconds=time.perf_counter() - started)
    except Exception as exc:  # any failure, bug or not, is this document's alone: see Failure
        return _failure(exc, f"{job.seed}: {job.name}")


def _send(event: Event) -> None:
    if _events is not None:
        _events(event)


def _count_pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _failure(exc: Exception, where: str) -> Failure:
    internal = not isinstance(exc, PipelineError)
    if isinstance(exc, PipelineError):
        line = exc.render() if exc.path is not None else f"{where}: {exc.render()}"
    elif isinstance(exc, OSError) and exc.filename is not None:  # e.g. the cache became unwritable
        line, internal = f"{where}: cannot write {exc.filename}: {exc.strerror or type(exc).__name__}", False
    else:
        line = f"{where}: internal error: {type(exc).__name__}: {exc}"
    return Failure(message=" ".join(line.split()), traceback=traceback.format_exc(), internal=internal)
