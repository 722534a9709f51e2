"""The command line: `clean` prints the Document or the report; usage errors exit 2 with no traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import HANGZHOU, load_gold, source_path

from pipeline.cli import main


@pytest.fixture
def notice(tmp_path: Path) -> Path:
    """The Hangzhou notice (plain pdftotext) under its own name, in a temporary folder."""
    path = tmp_path / f"{HANGZHOU}.txt"
    shutil.copy(source_path(HANGZHOU), path)
    return path


def test_clean_json_prints_the_document_contract(notice: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clean", str(notice), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    gold = load_gold(HANGZHOU)
    assert {"meta", "title", "blocks", "removed"} <= set(document)
    assert document["title"] == gold["title"]
    assert [(b["type"], b["text"]) for b in document["blocks"]] == [
        (b["type"], b["text"]) for b in gold["blocks"]
    ]
    assert document["meta"]["slug"] == "hangzhou-2024-16"


def test_clean_json_applies_the_seed_toml(
    tmp_path: Path, notice: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(notice, tmp_path / "notice.txt")
    (tmp_path / "notice.toml").write_text('title = "定题"\nslug = "notice-2024"\n', "utf-8")
    assert main(["clean", str(tmp_path / "notice.txt"), "--json"]) == 0
    meta = json.loads(capsys.readouterr().out)["meta"]
    assert (meta["title"], meta["slug"]) == ("定题", "notice-2024")


def test_clean_without_json_prints_the_report(notice: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clean", str(notice)]) == 0
    out = capsys.readouterr().out
    assert "hangzhou-2024-16.txt" in out
    assert "page" in out  # the page markers it removed are listed


def test_clean_refuses_an_empty_file_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["clean", str(tmp_path / "empty.txt")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith(f"error: {tmp_path / 'empty.txt'}: ")


def test_a_bad_settings_file_names_itself(
    tmp_path: Path, notice: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(notice, tmp_path / "notice.txt")
    (tmp_path / "notice.toml").write_text('style = "fancy"\n', "utf-8")
    assert main(["clean", str(tmp_path / "notice.txt")]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert str(tmp_path / "notice.toml") in line and "fancy" in line


@pytest.mark.parametrize(
    "arguments",
    [
        [],
        ["frobnicate"],
        ["build", "--formats", "docx"],
        ["build", "--variants", "zh-Latn"],
        ["build", "--jobs", "0"],
        ["build", "--shard", "3/2"],
        ["build", "--shard", "one"],
        ["build", "--style", "fancy"],
        ["build", "--pdf-variant", "pdf/z-9"],
        ["build", "--quiet", "--verbose"],
        ["build", "no-such-seed.txt"],
        ["clean"],
        ["clean", "no-such-file.txt"],
    ],
)
def test_usage_errors_exit_2(
    arguments: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        status = main(
            [*arguments, *(["--out", str(tmp_path / "dist")] if arguments[:1] == ["build"] else [])]
        )
        raise SystemExit(status)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "error" in err
    assert not (tmp_path / "dist").exists()


def test_python_dash_m_pipeline_runs_the_cli() -> None:
    result = subprocess.run([sys.executable, "-m", "pipeline", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.startswith("pipeline ")
