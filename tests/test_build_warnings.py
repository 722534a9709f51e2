"""Warnings travel with results: what the cleaner and the exporters log in a worker process reaches
the person running the build (printed, counted in the summary) and manifest.json (per artifact);
a build that renders nothing lists the same. And the test suite's own guard: a test that logs a
warning it did not expect fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from logged import expected_warnings

from pipeline.build import run_build
from pipeline.build.plan import BuildOptions, Unit, find_seeds
from pipeline.build.progress import ConsoleReporter
from pipeline.cli import main

TESTS = Path(__file__).resolve().parent
NOTICE = "关于开展安全检查的通知\n\n各单位：\n    为做好安全工作，现将有关事项通知如下。{extra}请认真贯彻执行。\n\n杭州市人民政府\n{date}\n"
DATE_WARNING = "line 7: 2024年2月30日 is not a day of the calendar: kept as text, not as the document's date"


def _seed(tmp_path: Path, *, date: str = "2024年2月18日", extra: str = "") -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    (seeds / "notice.txt").write_text(NOTICE.format(date=date, extra=extra), "utf-8")
    return seeds


def _build(tmp_path: Path, formats: tuple[str, ...], variants: tuple[str, ...]) -> tuple[list[Unit], str]:
    """Build the seeds with the console reporter and two worker processes: with two artifacts or
    more to render, what is logged crosses from one process to another."""
    out = tmp_path / "console.txt"
    options = BuildOptions(
        seeds=tuple(find_seeds([tmp_path / "seeds"])),
        out=tmp_path / "dist",
        cache=tmp_path / "cache",
        formats=formats,
        variants=variants,
        jobs=2,
    )
    with out.open("w", encoding="utf-8") as stream:
        units = run_build(options, ConsoleReporter(out=stream, err=stream))
    return units, out.read_text("utf-8")


def _manifest_warnings(tmp_path: Path) -> dict[str, list[str]]:
    manifest = json.loads((tmp_path / "dist" / "manifest.json").read_text("utf-8"))
    return {entry["name"]: entry.get("warnings", []) for entry in manifest["artifacts"]}


def test_a_documents_warning_from_a_worker_reaches_the_output_and_the_manifest(tmp_path: Path) -> None:
    _seed(tmp_path, date="2024 年 2 月 30 日")
    both = ("zh-Hans", "zh-Hant")
    _, printed = _build(tmp_path, ("epub",), both)
    said = [line for line in printed.splitlines() if line.startswith("warning: ")]
    assert said == [f"warning: {tmp_path / 'seeds' / 'notice.txt'}: {DATE_WARNING}"]  # once, for both
    expected = {"notice.zh-Hans.epub": [DATE_WARNING], "notice.zh-Hant.epub": [DATE_WARNING]}
    assert _manifest_warnings(tmp_path) == expected
    _, printed = _build(tmp_path, ("epub",), both)  # nothing to do: the warnings stay listed
    assert _manifest_warnings(tmp_path) == expected
    assert printed.splitlines()[-1].startswith("2 artifacts: 0 built, 0 from the cache, 2 up to date")
    (tmp_path / "dist" / "notice.zh-Hans.epub").unlink()
    _, printed = _build(tmp_path, ("epub",), both)  # from the cache, with its warnings
    assert "2 artifacts with warnings (manifest.json lists them)" in printed
    assert "Warnings" in printed  # the summary table's column


def test_a_rendering_warning_comes_with_its_artifact_only(tmp_path: Path) -> None:
    """A character no font has is the PDF's warning (it draws a placeholder box), not the EPUB's."""
    _seed(tmp_path, extra="见\ue000。")
    units, printed = _build(tmp_path, ("pdf", "epub"), ("zh-Hans",))
    assert all(unit.error is None for unit in units)
    warnings = _manifest_warnings(tmp_path)
    assert warnings["notice.zh-Hans.epub"] == []
    [glyph] = warnings["notice.zh-Hans.pdf"]
    assert "U+E000" in glyph
    assert f"warning: {tmp_path / 'seeds' / 'notice.txt'}: {glyph}" in " ".join(printed.split())
    assert "1 artifact with warnings" in printed


def test_in_one_process_the_warning_is_logged_and_travels_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = _seed(tmp_path, date="2024 年 2 月 30 日")
    arguments = ["--out", str(tmp_path / "dist"), "--cache", str(tmp_path / "cache"), "--formats", "epub"]
    with expected_warnings() as logged:
        assert main(["build", str(seeds), *arguments, "--variants", "zh-Hans", "--jobs", "1", "--quiet"]) == 0
    assert [record.getMessage() for record in logged] == [DATE_WARNING]
    assert capsys.readouterr().err == f"warning: {seeds / 'notice.txt'}: {DATE_WARNING}\n"
    assert _manifest_warnings(tmp_path) == {"notice.zh-Hans.epub": [DATE_WARNING]}


def test_a_source_that_is_all_page_furniture_fails_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = _seed(tmp_path)
    (seeds / "folios.txt").write_text("- 1 -\n\n- 2 -\n\n- 3 -\n", "utf-8")
    arguments = ["--out", str(tmp_path / "dist"), "--cache", str(tmp_path / "cache"), "--formats", "epub"]
    assert main(["build", str(seeds), *arguments, "--variants", "zh-Hans", "--jobs", "1", "--quiet"]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"error: {seeds / 'folios.txt'}: no text is left once its page numbers")
    assert sorted(path.name for path in (tmp_path / "dist").glob("*.epub")) == ["notice.zh-Hans.epub"]


GUARDED = """
import logging
from logged import expected_warnings

def test_logs_an_unexpected_warning():
    logging.getLogger("pipeline.somewhere").warning("something doubtful")

def test_expects_its_warning():
    with expected_warnings() as logged:
        logging.getLogger("pipeline.somewhere").warning("something doubtful")
    assert [record.getMessage() for record in logged] == ["something doubtful"]

def test_logs_nothing_worse_than_info():
    logging.getLogger("pipeline.somewhere").info("just so you know")
"""


def test_the_suite_fails_a_test_that_logs_a_warning_it_did_not_expect(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(
        f"import sys\nsys.path.insert(0, {str(TESTS)!r})\nfrom logged import no_unexpected_warnings\n",
        "utf-8",
    )
    (tmp_path / "test_guarded.py").write_text(GUARDED, "utf-8")
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rA", str(tmp_path)]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert "ERROR test_guarded.py::test_logs_an_unexpected_warning" in done.stdout, done.stdout
    assert "pipeline.somewhere: something doubtful" in done.stdout
    assert "PASSED test_guarded.py::test_expects_its_warning" in done.stdout
    assert "PASSED test_guarded.py::test_logs_nothing_worse_than_info" in done.stdout
