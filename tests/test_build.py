"""Build orchestration: cache, failure isolation, locking, atomic writes, shards, settings precedence.

These tests are about the orchestration, not the rendering, so they build EPUBs without embedded
fonts (the cheapest real artifact) of one real seed, in this process (`jobs=1`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.atomic import TEMP_PREFIX, write_atomic
from pipeline.build import cache as build_cache
from pipeline.build import run_build
from pipeline.build.lock import LOCK_NAME, locked
from pipeline.build.plan import BuildOptions, Unit, find_seeds, select_shard
from pipeline.build.progress import QuietReporter
from pipeline.cli import main
from pipeline.document import Block, Document, Meta
from pipeline.errors import SettingsError, UsageError
from pipeline.settings import apply_meta, load_seed_settings

CORPUS = Path(__file__).parent / "corpus"
SEED = CORPUS / "000_94766af0f6a420c9.txt"
FAST = ("--formats", "epub", "--variants", "zh-Hans", "--no-embed-fonts", "--jobs", "1")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder with seeds/good.txt (a real document), and room for dist/ and the cache."""
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / "good.txt")
    return tmp_path


def build(project: Path, *seeds: Path, force: bool = False) -> list[Unit]:
    options = BuildOptions(
        seeds=tuple(find_seeds(list(seeds) or [project / "seeds"])),
        out=project / "dist",
        cache=project / "cache",
        formats=("epub",),
        variants=("zh-Hans",),
        embed_fonts=False,
        force=force,
    )
    return run_build(options, QuietReporter())


def cli_build(project: Path, *arguments: str) -> int:
    """`python -m pipeline build` over the project's seeds into its dist/ with its cache."""
    out, cache = str(project / "dist"), str(project / "cache")
    return main(["build", str(project / "seeds"), "--out", out, "--cache", cache, *arguments])


def statuses(units: list[Unit]) -> dict[str, str]:
    return {artifact.name: artifact.status for unit in units for artifact in unit.artifacts}


def test_unchanged_artifacts_are_not_rebuilt(project: Path) -> None:
    assert statuses(build(project)) == {"good.zh-Hans.epub": "built"}
    assert statuses(build(project)) == {"good.zh-Hans.epub": "current"}


def test_a_deleted_artifact_is_copied_back_from_the_cache_not_rebuilt(project: Path) -> None:
    build(project)
    original = (project / "dist" / "good.zh-Hans.epub").read_bytes()
    (project / "dist" / "good.zh-Hans.epub").unlink()
    assert statuses(build(project)) == {"good.zh-Hans.epub": "cached"}
    assert (project / "dist" / "good.zh-Hans.epub").read_bytes() == original


def test_force_rebuilds_everything(project: Path) -> None:
    build(project)
    assert statuses(build(project, force=True)) == {"good.zh-Hans.epub": "built"}


def test_a_changed_source_is_rebuilt(project: Path) -> None:
    build(project)
    seed = project / "seeds" / "good.txt"
    seed.write_text(seed.read_text("utf-8") + "\n新增的一段文字。\n", "utf-8")
    assert statuses(build(project)) == {"good.zh-Hans.epub": "built"}


def test_a_changed_setting_is_rebuilt_and_renames_by_slug(project: Path) -> None:
    build(project)
    (project / "seeds" / "good.toml").write_text('title = "另一个标题"\n', "utf-8")
    assert statuses(build(project)) == {"good.zh-Hans.epub": "built"}
    (project / "seeds" / "good.toml").write_text('slug = "renamed"\n', "utf-8")
    assert statuses(build(project)) == {"renamed.zh-Hans.epub": "built"}


@pytest.mark.parametrize("folder", ["styles", "fonts"])
def test_a_changed_stylesheet_or_font_is_rebuilt(
    project: Path, folder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    resources = project / folder
    resources.mkdir()
    (resources / "some.file").write_bytes(b"first version")
    monkeypatch.setitem(build_cache.ENGINE_DIRS, folder, resources)
    build(project)
    assert statuses(build(project)) == {"good.zh-Hans.epub": "current"}
    (resources / "some.file").write_bytes(b"second version")
    assert statuses(build(project)) == {"good.zh-Hans.epub": "built"}


def test_installing_the_pdf_font_subsetter_rebuilds(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint subsets fonts with HarfBuzz or, without its library, fontTools: other bytes."""
    monkeypatch.setattr(build_cache, "pdf_font_subsetter", lambda: "fonttools")
    build(project)
    assert statuses(build(project)) == {"good.zh-Hans.epub": "current"}
    monkeypatch.setattr(build_cache, "pdf_font_subsetter", lambda: "harfbuzz")
    assert statuses(build(project)) == {"good.zh-Hans.epub": "built"}


def test_manifest_and_checksums_describe_the_artifacts(project: Path) -> None:
    build(project)
    dist = project / "dist"
    manifest = json.loads((dist / "manifest.json").read_text("utf-8"))
    [entry] = manifest["artifacts"]
    data = (dist / "good.zh-Hans.epub").read_bytes()
    assert entry == {
        "name": "good.zh-Hans.epub",
        "source": "good.txt",
        "variant": "zh-Hans",
        "format": "epub",
        "pages": None,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "source_sha256": hashlib.sha256(SEED.read_bytes()).hexdigest(),
    }
    sums = dict(line.split("  ")[::-1] for line in (dist / "SHA256SUMS").read_text().splitlines())
    assert set(sums) == {"good.zh-Hans.epub", "manifest.json"}
    for name, digest in sums.items():
        assert hashlib.sha256((dist / name).read_bytes()).hexdigest() == digest


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\t\n", "whitespace"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "PNG"),
        ("noise.txt", bytes((i * 7919) % 256 for i in range(4096)), ""),
    ],
)
def test_a_bad_file_fails_alone_with_one_line_and_exit_1(
    project: Path, name: str, content: bytes, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "seeds" / name).write_bytes(content)
    status = cli_build(project, "--quiet", *FAST)
    err = capsys.readouterr().err
    assert status == 1
    assert (project / "dist" / "good.zh-Hans.epub").is_file()
    assert not list((project / "dist").glob(f"{Path(name).stem}.*"))
    [line] = err.splitlines()
    assert line.startswith(f"error: {project / 'seeds' / name}: ")
    assert reason in line
    assert "Traceback" not in err


def test_debug_shows_the_traceback(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "seeds" / "empty.txt").write_bytes(b"")
    status = cli_build(project, "--quiet", "--debug", *FAST)
    assert status == 1
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_failures_are_isolated_across_worker_processes(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "seeds" / "empty.txt").write_bytes(b"")
    status = cli_build(project, "--quiet", *FAST[:-2], "--jobs", "2")
    assert status == 1
    assert (project / "dist" / "good.zh-Hans.epub").is_file()
    assert "empty.txt" in capsys.readouterr().err


def test_two_seeds_with_one_slug_are_refused(project: Path) -> None:
    shutil.copy(SEED, project / "seeds" / "other.txt")
    (project / "seeds" / "other.toml").write_text('slug = "good"\n', "utf-8")
    units = build(project)
    assert [unit.error is None for unit in units] == [True, False]
    assert "good.zh-Hans.epub is also built from" in str(units[1].error)


def test_a_second_build_waits_for_the_lock(project: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "pipeline",
        "build",
        str(project / "seeds"),
        "--out",
        str(project / "dist"),
        "--cache",
        str(project / "cache"),
        "--quiet",
        *FAST,
    ]
    with locked(project / "dist"):
        second = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
        assert second.stderr is not None
        # The second build says it waits when it finds the lock taken (an event, not a time): until
        # this block lets go, it can do nothing else.
        said = second.stderr.readline()
        assert said.startswith("waiting for another build into the same folder"), said
        assert second.poll() is None
        assert not (project / "dist" / "good.zh-Hans.epub").exists()
    _, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert (project / "dist" / "good.zh-Hans.epub").is_file()


def test_a_left_over_lock_file_and_temporaries_do_not_get_in_the_way(project: Path) -> None:
    dist = project / "dist"
    dist.mkdir()
    (dist / LOCK_NAME).write_text("")
    (dist / f"{TEMP_PREFIX}good.zh-Hans.epub.abc").write_bytes(b"half a file")
    assert statuses(build(project)) == {"good.zh-Hans.epub": "built"}
    assert not list(dist.glob(f"{TEMP_PREFIX}*"))


def test_an_interrupted_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "artifact.pdf"
    target.write_bytes(b"old")

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["artifact.pdf"]


def test_shards_split_the_seeds_without_overlap() -> None:
    seeds = [Path(f"seeds/{name}.txt") for name in "edcba"]
    shards = [select_shard(seeds, (k, 3)) for k in (1, 2, 3)]
    assert [[p.stem for p in shard] for shard in shards] == [["a", "d"], ["b", "e"], ["c"]]


def test_settings_precedence_seed_over_command_line_over_project(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.pipeline]\nopencc = "s2hk"\nstyle = "gongwen"\n', "utf-8")
    (tmp_path / "a.txt").write_text("正文", "utf-8")
    (tmp_path / "a.toml").write_text('style = "book"\n', "utf-8")
    settings = load_seed_settings(tmp_path / "a.txt", {"opencc": "s2t", "style": "gongwen"})
    assert (settings.style, settings.opencc) == ("book", "s2t")
    assert load_seed_settings(tmp_path / "a.txt").opencc == "s2hk"


def test_a_wrong_project_setting_names_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.pipeline]\ncolour = "red"\n', "utf-8")
    (tmp_path / "a.txt").write_text("正文", "utf-8")
    with pytest.raises(SettingsError, match=r"pyproject\.toml: unknown setting"):
        load_seed_settings(tmp_path / "a.txt")


def test_toml_metadata_overrides_what_the_cleaner_found(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("正文", "utf-8")
    (tmp_path / "a.toml").write_text('title = "定题"\nauthor = "某人"\n', "utf-8")
    detected = Document(meta=Meta(title="猜的标题", date="2020-01-01"), blocks=(Block("paragraph", "正文"),))
    meta = apply_meta(detected, load_seed_settings(tmp_path / "a.txt"), stem="a").meta
    assert (meta.title, meta.author, meta.date, meta.slug) == ("定题", "某人", "2020-01-01", "a")


def test_a_missing_seed_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        find_seeds([tmp_path / "missing.txt"])
    with pytest.raises(UsageError, match="no seeds"):
        find_seeds([tmp_path])


def test_verbose_prints_the_cleaners_report_and_a_summary(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli_build(project, "--verbose", *FAST)
    out = capsys.readouterr().out
    assert status == 0
    assert "what the cleaner changed" in out and "page-marker" in out
    assert "good.zh-Hans.epub" in out and "1 built" in out


def test_shard_builds_its_slice_only(project: Path) -> None:
    shutil.copy(SEED, project / "seeds" / "other.txt")
    arguments = [
        "build",
        str(project / "seeds"),
        "--out",
        str(project / "dist"),
        "--cache",
        str(project / "cache"),
        "--quiet",
        *FAST,
    ]
    assert main([*arguments, "--shard", "2/2"]) == 0
    assert [p.name for p in (project / "dist").glob("*.epub")] == ["other.zh-Hans.epub"]


def test_project_defaults_from_pyproject_apply_to_every_seed(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.pipeline]\nvariants = ["zh-Hant"]\n', "utf-8")
    options = BuildOptions(
        seeds=(project / "seeds" / "good.txt",),
        out=project / "dist",
        cache=project / "cache",
        formats=("epub",),
        embed_fonts=False,
    )
    units = run_build(options, QuietReporter())
    assert statuses(units) == {"good.zh-Hant.epub": "built"}
