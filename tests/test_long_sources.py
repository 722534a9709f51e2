"""Long sources: a PDF beyond the page limit is refused with a clear message (before layout where the
text alone shows it cannot fit, while laying out otherwise, so memory stays bounded), and the build
shows each artifact's pages as they are laid out."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pdf_renders import SEED, STYLE_NAMES, gold_document, render
from pypdf import PdfReader

from pipeline.build import run_build
from pipeline.build.plan import Artifact, BuildOptions, Status, Unit
from pipeline.build.progress import PROGRESS_STEP, ConsoleReporter, QuietReporter
from pipeline.errors import ExportError
from pipeline.export import ExportOptions
from pipeline.export.pdf import export_pdf, fewest_pages, pdf_of_html
from pipeline.layout.render import render_html

pytestmark = pytest.mark.slow
CORPUS = Path(__file__).parent / "corpus"


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_the_page_estimate_never_exceeds_the_pages_laid_out(style: str) -> None:
    rendered = render(SEED, style)
    pages = len(PdfReader(io.BytesIO(rendered.data)).pages)
    assert 0.6 * pages <= fewest_pages(rendered.document, style) <= pages


def test_a_text_that_cannot_fit_is_refused_before_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIPELINE_MAX_PAGES", "2")
    with pytest.raises(ExportError, match=r"at least \d+ pages, over the limit of 2 .*PIPELINE_MAX_PAGES"):
        export_pdf(gold_document(SEED), ExportOptions())


def test_layout_stops_past_the_page_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the estimate lets a document through, the layout itself stops at the limit."""
    monkeypatch.setenv("PIPELINE_MAX_PAGES", "2")
    document = gold_document(SEED)
    with pytest.raises(ExportError, match="over the limit of 2 pages"):
        pdf_of_html(document, render_html(document, "book"), ExportOptions())


class Recorder(QuietReporter):
    """Every progress event the build sends, as (artifact, status, pages)."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[str, Status, int]] = []

    def progress(self, unit: Unit, artifact: Artifact) -> None:
        self.events.append((artifact.name, artifact.status, artifact.progress))


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_build_hears_the_pages_of_a_pdf_as_they_are_laid_out(tmp_path: Path, jobs: int) -> None:
    (tmp_path / "seeds").mkdir()
    shutil.copy(CORPUS / f"{SEED}.txt", tmp_path / "seeds" / "notice.txt")
    options = BuildOptions(
        seeds=(tmp_path / "seeds" / "notice.txt",),
        out=tmp_path / "dist",
        cache=tmp_path / "cache",
        formats=("pdf",),
        variants=("zh-Hans",),
        jobs=jobs,
    )
    recorder = Recorder()
    [unit] = run_build(options, recorder)
    assert unit.error is None
    pages = [done for name, status, done in recorder.events if name == "notice.zh-Hans.pdf"]
    assert pages[:3] == [1, 2, 3] and pages[-1] == unit.artifacts[0].entry.pages  # type: ignore[union-attr]
    assert {status for _, status, _ in recorder.events} == {Status.RENDERING}


def test_a_log_gets_a_line_every_progress_step_pages(capsys: pytest.CaptureFixture[str]) -> None:
    reporter = ConsoleReporter()
    artifact = Artifact("long.zh-Hans.pdf", "zh-Hans", "pdf", "key", ExportOptions(), status=Status.RENDERING)
    for artifact.progress in range(1, 2 * PROGRESS_STEP + 1):
        reporter.progress(Unit(seed=Path("long.txt")), artifact)
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"rendering long.zh-Hans.pdf: {n} pages…" for n in (PROGRESS_STEP, 2 * PROGRESS_STEP)]


def test_the_live_display_tells_queued_from_rendering() -> None:
    from pipeline.build.progress import _describe

    artifact = Artifact("a.zh-Hans.pdf", "zh-Hans", "pdf", "key", ExportOptions(), status=Status.QUEUED)
    assert _describe(artifact) == "queued"
    artifact.status, artifact.progress = Status.RENDERING, 12
    assert _describe(artifact) == "rendering… 12 pages"


def test_the_event_listener_keeps_reading_whatever_the_display_does() -> None:
    """Workers whose events nobody reads would block once the queue's pipe is full."""
    import multiprocessing

    from pipeline.build.scheduler import _listen

    events = multiprocessing.get_context("spawn").SimpleQueue()
    heard: list[tuple[str, int]] = []

    def display(event: tuple[str, int]) -> None:
        heard.append(event)
        raise RuntimeError("the display broke")

    for page in range(1, 4):
        events.put(("a.zh-Hans.pdf", page))
    events.put(None)
    _listen(events, display)
    assert heard == [("a.zh-Hans.pdf", 1), ("a.zh-Hans.pdf", 2), ("a.zh-Hans.pdf", 3)]
