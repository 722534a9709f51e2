"""The built wheel works anywhere: installed into a fresh virtual environment, its `pipeline`
command builds a seed from an unrelated folder (styles and fonts travel inside the package).

Offline: the wheel is built with setuptools from this environment (no isolated build that would
fetch it), installed with uv without its dependencies, which the fresh environment borrows from
this one through a .pth file (a path entry, so this environment's editable `pipeline` is not seen).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = Path(__file__).parent / "corpus" / "000_94766af0f6a420c9.txt"
SOURCE_FILES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md")
SOURCE_FOLDERS = ("pipeline", "styles", "fonts")

pytestmark = pytest.mark.slow


def _build_wheel(tmp_path: Path) -> Path:
    """A wheel of a copy of the project (the checkout gets no build/ or egg-info)."""
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCE_FILES:
        shutil.copy(ROOT / name, source / name)
    for name in SOURCE_FOLDERS:
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    wheels = tmp_path / "wheels"
    build = "import sys; from setuptools import build_meta; print(build_meta.build_wheel(sys.argv[1]))"
    done = subprocess.run(
        [sys.executable, "-c", build, str(wheels)], cwd=source, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return wheels / done.stdout.strip().splitlines()[-1]


def _fresh_environment(tmp_path: Path, wheel: Path) -> Path:
    from uv import find_uv_bin

    home = tmp_path / "venv"
    venv.create(home, with_pip=False)
    python = home / "bin" / "python"
    subprocess.run(
        [find_uv_bin(), "pip", "install", "--offline", "--no-deps", "--python", str(python), str(wheel)],
        check=True,
        capture_output=True,
    )
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(purelib) / "borrowed-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return home


def test_the_wheel_holds_the_styles_and_fonts(tmp_path: Path) -> None:
    names = set(zipfile.ZipFile(_build_wheel(tmp_path)).namelist())
    assert "pipeline/resources/styles/print/base.css.j2" in names
    assert "pipeline/resources/fonts/PipelineSerifSC-Regular.woff2" in names
    assert not any("__pycache__" in name for name in names)


def test_an_installed_wheel_builds_a_seed_from_another_folder(tmp_path: Path) -> None:
    home = _fresh_environment(tmp_path, _build_wheel(tmp_path))
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "seeds").mkdir(parents=True)
    shutil.copy(SEED, elsewhere / "seeds" / "notice.txt")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    where = subprocess.run(
        [str(home / "bin" / "python"), "-c", "import pipeline.paths as p; print(p.STYLES_DIR)"],
        cwd=elsewhere,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(home), where
    done = subprocess.run(
        [str(home / "bin" / "pipeline"), "build", "--quiet", "--jobs", "2"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    built = sorted(path.name for path in (elsewhere / "dist").iterdir() if not path.name.startswith("."))
    assert built == [
        "SHA256SUMS",
        "manifest.json",
        "notice.zh-Hans.epub",
        "notice.zh-Hans.pdf",
        "notice.zh-Hant.epub",
        "notice.zh-Hant.pdf",
    ]
