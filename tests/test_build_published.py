"""What a build publishes is always true, and each artifact is rebuilt only for what changes it.

- The output folder, manifest.json and SHA256SUMS hold exactly the artifacts of documents that
  built: not a failed document's (even from the cache), not a removed seed's, not what a seed no
  longer publishes; each removal is reported. Names that would break SHA256SUMS or hide a file are
  refused like a bad slug.
- An artifact's cache key holds exactly the options that change it: `--vertical` (the Traditional
  EPUB only), `--no-embed-fonts` (EPUBs only), `--pdf-variant` (PDFs only), `--opencc` (the
  edition OpenCC makes only).
- Places that cannot be written are one line naming them, exit 2.

Orchestration tests: EPUBs without fonts in this process, as in test_build.py; one test renders a
PDF to show that EPUB options leave it alone.
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
from logged import expected_warnings

from pipeline.build import worker
from pipeline.build.plan import find_seeds
from pipeline.cli import main

CORPUS = Path(__file__).parent / "corpus"
SEED = CORPUS / "000_94766af0f6a420c9.txt"
EPUBS = ("--formats", "epub", "--no-embed-fonts", "--jobs", "1")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / "good.txt")
    return tmp_path


def build(project: Path, *arguments: str, seeds: str = "seeds") -> int:
    dist, cache = str(project / "dist"), str(project / "cache")
    return main(["build", str(project / seeds), "--out", dist, "--cache", cache, *arguments])


def published(project: Path) -> dict[str, set[str]]:
    """The artifacts in dist/, in its manifest and in its SHA256SUMS, which must agree."""
    dist = project / "dist"
    manifest = json.loads((dist / "manifest.json").read_text("utf-8"))
    sums = {}
    for line in (dist / "SHA256SUMS").read_text("utf-8").splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((dist / name).read_bytes()).hexdigest() == digest
        sums[name] = digest
    return {
        "files": {p.name for p in dist.iterdir() if not p.name.startswith(".")}
        - {"manifest.json", "SHA256SUMS"},
        "manifest": {entry["name"] for entry in manifest["artifacts"]},
        "sums": set(sums) - {"manifest.json"},
    }


def only(*names: str) -> dict[str, set[str]]:
    return {"files": set(names), "manifest": set(names), "sums": set(names)}


def statuses(capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """Artifact → status, from the summary table a plain (non-terminal) build prints."""
    found = {}
    for line in capsys.readouterr().out.splitlines():
        cells = [cell.strip() for cell in line.strip("│┃ ").split("│")]
        if len(cells) == 5 and "." in cells[0]:
            found[cells[0]] = cells[4]
    return found


# --- the published set ---------------------------------------------------------------------------


def test_a_removed_seed_leaves_dist_the_manifest_and_the_checksums(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(SEED, project / "seeds" / "other.txt")
    assert build(project, *EPUBS, "--variants", "zh-Hans") == 0
    (project / "seeds" / "other.txt").unlink()
    capsys.readouterr()
    assert build(project, *EPUBS, "--variants", "zh-Hans") == 0
    assert published(project) == only("good.zh-Hans.epub")
    assert "removed other.zh-Hans.epub (its seed is gone)" in capsys.readouterr().out


def test_a_failed_document_is_not_published_even_from_the_cache(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build(project, *EPUBS) == 0
    shutil.rmtree(project / "dist")

    def broken_pdf(fmt: str) -> object:
        if fmt == "pdf":
            return lambda document, options: 1 / 0
        return real(fmt)

    real = worker.get_exporter
    monkeypatch.setattr(worker, "get_exporter", broken_pdf)
    assert build(project, "--no-embed-fonts", "--jobs", "1") == 1
    assert published(project) == only()
    assert "ZeroDivisionError" in capsys.readouterr().err


def test_a_document_that_now_fails_is_taken_out(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build(project, *EPUBS) == 0
    (project / "seeds" / "good.txt").write_bytes(b"")
    capsys.readouterr()
    assert build(project, *EPUBS) == 1
    assert published(project) == only()
    out = capsys.readouterr().out
    assert "removed good.zh-Hans.epub" in out and "removed good.zh-Hant.epub" in out


def test_what_a_seed_no_longer_publishes_is_taken_out_and_what_was_not_asked_for_stays(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build(project, *EPUBS) == 0
    assert build(project, *EPUBS, "--variants", "zh-Hans") == 0  # not asked for: still true
    assert published(project) == only("good.zh-Hans.epub", "good.zh-Hant.epub")
    (project / "seeds" / "good.toml").write_text('variants = ["zh-Hans"]\n', "utf-8")
    capsys.readouterr()
    assert build(project, *EPUBS) == 0
    assert published(project) == only("good.zh-Hans.epub")
    assert "removed good.zh-Hant.epub" in capsys.readouterr().out


def test_an_artifact_not_asked_for_goes_once_its_seed_changes(project: Path) -> None:
    assert build(project, *EPUBS) == 0
    seed = project / "seeds" / "good.txt"
    seed.write_text(seed.read_text("utf-8") + "\n新增的一段文字。\n", "utf-8")
    assert build(project, *EPUBS, "--variants", "zh-Hans") == 0
    assert published(project) == only("good.zh-Hans.epub")


@pytest.mark.parametrize(
    "name", ["two\nlines.txt", "tab\there.txt", "back\\slash.txt", ".pipeline-tmp-notes.txt"]
)
def test_a_file_name_that_cannot_name_artifacts_is_refused_like_a_bad_slug(
    project: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(SEED, project / "seeds" / name)
    assert build(project, *EPUBS, "--variants", "zh-Hans") == 1
    [line] = capsys.readouterr().err.splitlines()
    assert "cannot name artifacts" in line and "set a slug" in line
    assert published(project) == only("good.zh-Hans.epub")
    if shutil.which("sha256sum"):
        subprocess.run(
            ["sha256sum", "--check", "--strict", "--quiet", "SHA256SUMS"], cwd=project / "dist", check=True
        )


def test_a_slug_makes_an_awkward_file_name_publishable(project: Path) -> None:
    shutil.copy(SEED, project / "seeds" / "two\nlines.txt")
    (project / "seeds" / "two\nlines.toml").write_text('slug = "two-lines"\n', "utf-8")
    assert build(project, *EPUBS, "--variants", "zh-Hans") == 0
    assert published(project) == only("good.zh-Hans.epub", "two-lines.zh-Hans.epub")


# --- cache keys ------------------------------------------------------------------------------------


def test_vertical_rebuilds_the_traditional_epub_only(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build(project, *EPUBS) == 0
    capsys.readouterr()
    assert build(project, *EPUBS, "--vertical") == 0
    assert statuses(capsys) == {"good.zh-Hans.epub": "up to date", "good.zh-Hant.epub": "built"}


def test_opencc_rebuilds_the_edition_opencc_makes_only(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build(project, *EPUBS) == 0
    capsys.readouterr()
    assert build(project, *EPUBS, "--opencc", "s2hk") == 0
    assert statuses(capsys) == {"good.zh-Hans.epub": "up to date", "good.zh-Hant.epub": "built"}


def test_a_traditional_source_keys_its_simplified_edition_by_opencc(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "seeds" / "good.txt").unlink()
    (project / "seeds" / "trad.txt").write_text(
        "關於進一步推動經濟發展的通知\n\n為了促進經濟發展，現將有關事項通知如下。\n", "utf-8"
    )
    assert build(project, *EPUBS) == 0
    capsys.readouterr()
    assert build(project, *EPUBS, "--opencc", "s2twp") == 0
    assert statuses(capsys) == {"trad.zh-Hans.epub": "built", "trad.zh-Hant.epub": "up to date"}


@pytest.mark.slow
def test_epub_options_leave_the_pdf_alone_and_a_no_op_pdf_variant_imports_no_weasyprint(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    common = ("--variants", "zh-Hans", "--jobs", "1", "--pdf-variant", "pdf/ua-1")
    assert build(project, *common) == 0
    capsys.readouterr()
    assert build(project, *common, "--no-embed-fonts", "--vertical") == 0
    assert statuses(capsys) == {"good.zh-Hans.pdf": "up to date", "good.zh-Hans.epub": "built"}
    check = (
        "import sys; from pipeline.cli import main; status = main(sys.argv[1:]); "
        "assert 'weasyprint' not in sys.modules, 'imported WeasyPrint'; sys.exit(status)"
    )
    arguments = [
        "build",
        str(project / "seeds"),
        "--out",
        str(project / "dist"),
        "--cache",
        str(project / "cache"),
    ]
    done = subprocess.run([sys.executable, "-c", check, *arguments, *common], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "0 built" in done.stdout


# --- places that cannot be written -------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--out", "--cache"])
def test_a_file_where_a_folder_should_be_is_one_line_and_exit_2(
    project: Path, option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "a-file").write_text("not a folder")
    arguments = {
        "--out": str(project / "dist"),
        "--cache": str(project / "cache"),
        option: str(project / "a-file"),
    }
    status = main(["build", str(project / "seeds"), *(x for pair in arguments.items() for x in pair), *EPUBS])
    assert status == 2
    [line] = capsys.readouterr().err.splitlines()
    assert str(project / "a-file") in line and "is a file, not a folder" in line


def test_a_cache_under_a_file_is_one_line_and_exit_2(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "a-file").write_text("not a folder")
    status = main(
        [
            "build",
            str(project / "seeds"),
            "--out",
            str(project / "dist"),
            "--cache",
            str(project / "a-file" / "cache"),
            *EPUBS,
        ]
    )
    assert status == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"error: {project / 'a-file' / 'cache'}: cannot write to the cache folder")


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into read-only folders"
)
@pytest.mark.parametrize("folder", ["dist", "cache"])
def test_a_read_only_folder_is_one_line_and_exit_2(
    project: Path, folder: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build(project, *EPUBS) == 0
    (project / "dist" / "good.zh-Hans.epub").unlink()
    (project / folder).chmod(0o555)
    try:
        status = build(project, *EPUBS)
    finally:
        (project / folder).chmod(0o755)
    assert status == 2
    [line] = capsys.readouterr().err.splitlines()
    assert str(project / folder) in line and "Permission denied" in line


def test_a_folder_that_turns_unwritable_during_the_build_is_one_line_and_exit_2(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As a folder made read-only after the build began (simulated: root may write anywhere)."""
    assert build(project, *EPUBS) == 0
    (project / "dist" / "good.zh-Hans.epub").unlink()
    from pipeline.build import cache

    def denied(source: Path, target: Path) -> None:
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(cache, "copy_atomic", denied)
    assert build(project, *EPUBS) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line == f"error: {project / 'dist' / 'good.zh-Hans.epub'}: cannot write: Permission denied"


# --- smaller ones ----------------------------------------------------------------------------------


def test_one_seed_named_twice_is_one_seed(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    seeds = find_seeds([Path("seeds/good.txt"), project / "seeds" / "good.txt", Path("seeds")])
    assert seeds == [Path("seeds/good.txt")]


def test_a_seed_folder_takes_upper_case_txt_too(project: Path) -> None:
    shutil.copy(SEED, project / "seeds" / "LOUD.TXT")
    assert [p.name for p in find_seeds([project / "seeds"])] == ["LOUD.TXT", "good.txt"]


def test_a_seed_with_nothing_to_build_says_so(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "seeds" / "good.toml").write_text('formats = ["pdf"]\n', "utf-8")
    assert build(project, *EPUBS) == 0
    err = capsys.readouterr().err
    assert "good.txt: nothing to build: its settings publish pdf" in err and "asked for epub" in err


def test_an_internal_error_offers_debug_only_without_it(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(worker, "get_exporter", lambda fmt: lambda document, options: 1 / 0)
    assert build(project, *EPUBS, "--quiet") == 1
    assert "run with --debug" in capsys.readouterr().err
    assert build(project, *EPUBS, "--quiet", "--debug") == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "run with --debug" not in err


def test_clean_of_a_folder_is_a_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clean", str(project / "seeds")]) == 2
    assert "is a folder, not a file" in capsys.readouterr().err


def test_one_artifact_is_one_artifact(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build(project, *EPUBS, "--variants", "zh-Hans") == 0
    assert "1 artifact: 1 built" in capsys.readouterr().out


# --- nothing removed silently ------------------------------------------------------------------------


def test_lines_removed_as_running_heads_are_counted_and_listed_with_verbose(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [line for line in SEED.read_text("utf-8").splitlines() if line.strip()]
    pages = [
        "内部资料 注意保存\n\n" + "\n\n".join(lines[i : i + 12]) + "\n" for i in range(0, len(lines), 12)
    ]
    (project / "seeds" / "good.txt").write_text("\f".join(pages), "utf-8")
    assert build(project, *EPUBS, "--variants", "zh-Hans") == 0
    out = capsys.readouterr().out
    assert f"{len(pages)} lines removed as running heads or footers (--verbose lists them)" in out
    assert build(project, *EPUBS, "--variants", "zh-Hans", "--force", "--verbose") == 0
    out = capsys.readouterr().out
    listed = [line for line in out.splitlines() if line.strip().endswith("'内部资料 注意保存'")]
    assert len(listed) >= len(pages)  # in the cleaner's report, and in the list of furniture
    assert f"good.txt: {len(pages)} lines removed as running heads or footers:" in out
    assert "(--verbose lists them)" not in out


def test_the_cleaners_report_counts_its_changes_besides_whitespace(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["clean", str(project / "seeds" / "good.txt")]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert "change(s)" not in first and "besides joined lines and removed extraction spaces" in first


@pytest.mark.slow
def test_a_character_no_font_draws_is_one_warning_naming_the_seed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "seeds" / "good.txt").unlink()
    (project / "seeds" / "odd.txt").write_text(
        "关于私用字符的通知\n\n正文里有一个\ue000字和一个\ue001字。\n", "utf-8"
    )
    with expected_warnings() as logged:  # in this process (one job): logged, and reported
        assert build(project, "--formats", "pdf", "--jobs", "1") == 0
    assert len(logged) == 2  # one per edition
    captured = capsys.readouterr()
    lines = [line for line in (captured.out + captured.err).splitlines() if "U+E000" in line]
    assert len(lines) == 1, lines  # not one per character, not one per edition
    assert lines[0].startswith(
        f"warning: {project / 'seeds' / 'odd.txt'}: 2 characters no project font draws"
    )
    assert "U+E001" in lines[0] and "关于私用字符的通知" not in lines[0]
