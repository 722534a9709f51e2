"""Whole builds of seeds/, as `nox -s build` runs them: reproducible to the byte, no-op fast, crash-safe.

Each build renders real PDFs and EPUBs, so there are only two: one from nothing, and one killed
midway and resumed, in another folder with another cache; the module's tests share them and run
on one xdist worker (`xdist_group`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from pipeline import fonts
from pipeline.atomic import TEMP_PREFIX
from pipeline.paths import FONTS_DIR

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("build-corpus")]

SEEDS = Path(__file__).parent.parent / "seeds"
HEAVY_MODULES = (
    "weasyprint",
    "ebooklib",
    "opencc",
    "pypdf",
    "charset_normalizer",
    "pipeline.clean",
    "pipeline.export.pdf",
    "pipeline.export.epub",
)


def pipeline_build(*arguments: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pipeline", "build", *map(str, arguments), "--quiet"]
    return subprocess.run(command, capture_output=True, text=True, timeout=900, check=False, env=env)


def final_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def assert_whole(folder: Path) -> None:
    """Every file under a final name is complete: PDFs end, EPUBs unzip, the manifest parses."""
    for name, data in final_files(folder).items():
        if name.endswith(".pdf"):
            assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), name
        elif name.endswith(".epub"):
            with zipfile.ZipFile(folder / name) as archive:
                assert archive.testzip() is None, name
        elif name == "manifest.json":
            json.loads(data)


def assert_manifest_matches(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    for entry in manifest["artifacts"]:
        data = (folder / entry["name"]).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (entry["bytes"], entry["sha256"])


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """seeds/ built from nothing: DIR/dist and DIR/cache."""
    root = tmp_path_factory.mktemp("clean")
    result = pipeline_build(SEEDS, "--out", root / "dist", "--cache", root / "cache")
    assert result.returncode == 0, result.stderr
    return root


def test_the_build_writes_every_artifact_manifest_and_checksums(clean_build: Path) -> None:
    dist = clean_build / "dist"
    names = {
        f"{seed.stem}.{variant}.{fmt}"
        for seed in SEEDS.glob("*.txt")
        for variant in ("zh-Hans", "zh-Hant")
        for fmt in ("pdf", "epub")
    }
    assert set(final_files(dist)) == names | {"manifest.json", "SHA256SUMS"}
    assert_whole(dist)
    assert_manifest_matches(dist)
    manifest = json.loads((dist / "manifest.json").read_text("utf-8"))
    assert all(entry["pages"] >= 1 for entry in manifest["artifacts"] if entry["format"] == "pdf")
    result = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=dist, capture_output=True)
    assert result.returncode == 0, result.stdout


def test_the_build_keeps_the_unwrapped_fonts_for_the_next_build(clean_build: Path) -> None:
    kept = {path.name.split(".")[0] for path in (clean_build / "cache" / "fonts").glob("*.otf")}
    assert {fonts.face(variant, "serif").path.stem for variant in fonts.VARIANTS} <= kept


#: Runs `pipeline build` and names on stderr every file it opens (Python's audit hook on "open").
WATCHED_BUILD = """
import sys
def opened(event, args):
    if event == "open" and isinstance(args[0], str):
        print("opened", args[0], file=sys.stderr)
sys.addaudithook(opened)
from pipeline.cli import main
sys.exit(main(["build", *sys.argv[1:], "--quiet"]))
"""


def test_a_build_with_nothing_changed_does_no_work_and_imports_no_renderer(clean_build: Path) -> None:
    """What makes it fast (`nox -s bench` times it, ~0.1 s), checked as what it does, not how long
    it takes: no renderer imported, no file rewritten, and no artifact, font or source read (file
    hashes come from the memo of sizes, mtimes and inodes)."""
    dist, cache = clean_build / "dist", clean_build / "cache"
    # Settle first: a build catches up if the engine (pipeline code, styles, fonts) changed since.
    assert pipeline_build(SEEDS, "--out", dist, "--cache", cache).returncode == 0
    before = {p: p.stat().st_mtime_ns for p in dist.iterdir()}
    result = subprocess.run(
        [sys.executable, "-c", WATCHED_BUILD, str(SEEDS), "--out", str(dist), "--cache", str(cache)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    imported = {line.split("|")[-1].strip() for line in lines if line.startswith("import time")}
    opened = {Path(line.removeprefix("opened ")).resolve() for line in lines if line.startswith("opened ")}
    assert {p: p.stat().st_mtime_ns for p in dist.iterdir()} == before  # nothing rewritten
    assert not {module for module in imported if module.startswith(HEAVY_MODULES)}
    artifacts = [p for p in (*dist.iterdir(), *cache.rglob("objects/*/*")) if p.suffix in (".pdf", ".epub")]
    large = [*artifacts, *SEEDS.glob("*.txt"), *FONTS_DIR.iterdir(), *cache.rglob("*.otf")]
    assert opened  # the hook heard the build (it reads its memo, the manifest …)
    assert not opened & {path.resolve() for path in large}


def test_kill_9_leaves_whole_files_no_lock_and_the_resumed_build_equals_a_clean_one(
    clean_build: Path, tmp_path: Path
) -> None:
    dist, cache = tmp_path / "dist", tmp_path / "cache"
    command = [
        sys.executable,
        "-m",
        "pipeline",
        "build",
        str(SEEDS),
        "--out",
        str(dist),
        "--cache",
        str(cache),
        "--jobs",
        "2",
        "--quiet",
    ]
    killed_stderr = (tmp_path / "killed.err").open("w")
    build = subprocess.Popen(command, start_new_session=True, stderr=killed_stderr)
    try:
        deadline = time.monotonic() + 600
        while not any(p.suffix in (".pdf", ".epub") for p in dist.glob("*")) and build.poll() is None:
            assert time.monotonic() < deadline, "the build never produced an artifact"
            time.sleep(0.05)
        assert build.poll() is None, "the build ended before it could be killed; nothing was tested"
        os.kill(build.pid, signal.SIGKILL)  # one artifact is in place, others are being rendered
        build.wait()
        assert_whole(dist)
        _wait_for_orphans(build.pid)
    finally:
        _kill_group(build.pid)
        killed_stderr.close()
    # multiprocessing's resource tracker outlives the kill and cleans up after it, quietly
    assert "leaked" not in (tmp_path / "killed.err").read_text()
    again = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert "waiting" not in again.stderr  # the killed build's lock died with it
    assert not list(dist.glob(f"{TEMP_PREFIX}*"))
    assert_manifest_matches(dist)
    clean = final_files(clean_build / "dist")
    resumed = final_files(dist)
    assert resumed.keys() == clean.keys()
    for name in clean:  # different folder, different cache, a kill in between: the same bytes
        assert resumed[name] == clean[name], f"{name} differs from the clean build's"


def _wait_for_orphans(group: int, seconds: float = 10) -> None:
    """The killed build's workers notice and exit by themselves."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    pytest.fail("worker processes outlived the killed build")


def _kill_group(group: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)
