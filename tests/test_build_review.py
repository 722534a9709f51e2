"""`build --review` and corrections in the build: review pages beside the artifacts but not published,
cached like them; a seed's fixes in every artifact's key; a bad fix failing its document alone.

Like tests/test_build.py these build EPUBs without embedded fonts, the cheapest real artifact.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.build import run_build
from pipeline.build.cache import ArtifactCache, FileHasher
from pipeline.build.plan import BuildOptions, Status, Unit, plan
from pipeline.build.progress import QuietReporter
from pipeline.cli import main

SEED = Path(__file__).parent / "corpus" / "000_94766af0f6a420c9.txt"
FIX = '[[fix]]\nat = "习近平：坚决克服"\ndo = "heading:1"\n'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / "good.txt")
    return tmp_path


def build(project: Path, *, review: bool = True) -> list[Unit]:
    options = BuildOptions(
        seeds=tuple(sorted((project / "seeds").glob("*.txt"))),
        out=project / "dist",
        cache=project / "cache",
        formats=("epub",),
        variants=("zh-Hans",),
        embed_fonts=False,
        review=review,
    )
    return run_build(options, QuietReporter())


def statuses(units: list[Unit]) -> dict[str, Status]:
    return {output.name: output.status for unit in units for output in unit.outputs}


def test_the_review_page_is_built_cached_and_left_out_of_the_release(project: Path) -> None:
    assert statuses(build(project)) == {"good.zh-Hans.epub": Status.BUILT, "good.review.html": Status.BUILT}
    dist = project / "dist"
    assert (dist / "good.review.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    manifest = json.loads((dist / "manifest.json").read_text("utf-8"))
    assert [artifact["name"] for artifact in manifest["artifacts"]] == ["good.zh-Hans.epub"]
    assert "good.review.html" not in (dist / "SHA256SUMS").read_text("utf-8")

    assert set(statuses(build(project)).values()) == {Status.CURRENT}
    (dist / "good.review.html").unlink()
    assert statuses(build(project))["good.review.html"] is Status.CACHED
    assert statuses(build(project, review=False)) == {"good.zh-Hans.epub": Status.CURRENT}


def test_a_review_page_alone_cleans_the_seed_again(project: Path) -> None:
    build(project, review=False)
    assert statuses(build(project)) == {"good.zh-Hans.epub": Status.CURRENT, "good.review.html": Status.BUILT}


def test_fixes_are_part_of_every_artifacts_key(project: Path) -> None:
    def keys() -> list[str]:
        options = BuildOptions(seeds=(project / "seeds" / "good.txt",), review=True)
        hasher, cache = FileHasher(project / "memo.json"), ArtifactCache(project / "cache")
        [unit] = plan(list(options.seeds), options, "engine", hasher, cache)
        return [output.key for output in unit.outputs]

    plain = keys()
    (project / "seeds" / "good.toml").write_text(FIX, "utf-8")
    fixed = keys()
    assert keys() == fixed  # the same fixes, the same keys
    (project / "seeds" / "good.toml").write_text(FIX.replace("heading:1", "heading:2"), "utf-8")
    assert len({*plain, *fixed, *keys()}) == 3 * len(plain)


def test_a_changed_fix_rebuilds_the_document(project: Path) -> None:
    build(project)
    (project / "seeds" / "good.toml").write_text(FIX, "utf-8")
    assert set(statuses(build(project)).values()) == {Status.BUILT}


def test_a_bad_anchor_fails_its_document_alone(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(SEED, project / "seeds" / "bad.txt")
    (project / "seeds" / "bad.toml").write_text('[[fix]]\nat = "的"\ndo = "drop"\n', "utf-8")
    out, cache = str(project / "dist"), str(project / "cache")
    status = main(
        [
            "build",
            str(project / "seeds"),
            "--out",
            out,
            "--cache",
            cache,
            "--review",
            "--quiet",
            "--formats",
            "epub",
            "--variants",
            "zh-Hans",
            "--no-embed-fonts",
            "--jobs",
            "1",
        ]
    )
    assert status == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f'error: {project / "seeds" / "bad.toml"}: fix 1 (at = "的", do = "drop"): ')
    assert sorted(path.name for path in (project / "dist").iterdir() if not path.name.startswith(".")) == [
        "SHA256SUMS",
        "good.review.html",
        "good.zh-Hans.epub",
        "manifest.json",
    ]
