"""Project tasks: `nox -s build` (seeds/ → dist/), `tests`, `lint`, `bench`, `corpus`, `fuzz`."""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
from pathlib import Path

import nox

# uv is much faster at creating environments; fall back to virtualenv where it is missing.
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True

PYTHON = "3.11" if shutil.which("python3.11") else None

#: System libraries the PDF export needs beyond WeasyPrint's own (Pango comes with the machine):
#: HarfBuzz's subsetter, which WeasyPrint uses to subset fonts; without it WeasyPrint falls back to
#: fontTools, which is slower and writes different bytes, so builds would differ between machines.
SYSTEM_LIBRARIES = {"harfbuzz-subset": "libharfbuzz-subset0"}
#: Programs the tests need beyond Python packages: Debian's Chromium, in which the review page is
#: loaded, clicked and checked with axe-core (tests/test_review_browser.py); poppler's pdftotext,
#: which reads every test PDF's text back (tests/test_typography.py).
TEST_PROGRAMS = {"chromium": "chromium", "pdftotext": "poppler-utils"}
#: The review page's checkers, from npm: axe-core (accessibility, run in the page by the browser
#: tests) and the Nu HTML checker (vnu.jar, run with Java; PyPI's copy is from 2020 and knows no
#: CSS newer than that). Pinned, so that a new release's new rules change no test result unseen.
NPM_TEST_TOOLS = ("axe-core@4.14.1", "vnu-jar@26.9.27")


def ensure_system_libraries(session: nox.Session, programs: dict[str, str] | None = None) -> None:
    """Install the missing system libraries (and `programs`) with apt-get where we may; otherwise
    say what to install."""
    missing = [
        package for library, package in SYSTEM_LIBRARIES.items() if not ctypes.util.find_library(library)
    ] + [package for program, package in (programs or {}).items() if not shutil.which(program)]
    if not missing:
        return
    as_root = _as_root() if shutil.which("apt-get") else None
    if as_root is not None:
        apt_get = [*as_root, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]
        session.run(*apt_get, "update", "-qq", external=True)
        session.run(*apt_get, "install", "-y", "-qq", "--no-install-recommends", *missing, external=True)
    else:
        session.warn(
            f"missing system packages {' '.join(missing)}: install them (e.g. apt-get install) "
            "for fast, reproducible PDFs and the review page's browser tests"
        )


def install_npm_test_tools(session: nox.Session) -> None:
    """NPM_TEST_TOOLS into the session's environment (node_modules/ beside its Python), where the
    tests look for them; without npm they say so (and fail under CI)."""
    if not shutil.which("npm"):
        session.warn("npm is missing: the review page's accessibility and HTML checks cannot run")
        return
    npm_install = ["npm", "install", "--prefix", session.virtualenv.location, "--no-save", "--no-audit"]
    session.run(*npm_install, "--no-fund", "--silent", *NPM_TEST_TOOLS, external=True)


def _as_root() -> list[str] | None:
    """How to run a command as root here: directly (we are root), through passwordless sudo (CI
    runners such as GitHub's), or not at all (None)."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        return ["sudo", "-n"]
    return None


def install(session: nox.Session, *requirements: str) -> None:
    """Install into the session's environment, compiled to bytecode: where PYTHONDONTWRITEBYTECODE is
    set (many containers and CI images) Python would otherwise compile WeasyPrint and the rest from
    source in every process — about 1.5 s of every build worker's start. pip compiles by default,
    uv only when asked."""
    session.install(*requirements, env={"UV_COMPILE_BYTECODE": "1"})


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """Build every seed in seeds/ into dist/ (extra arguments go to `python -m pipeline build`)."""
    ensure_system_libraries(session)
    install(session, "-e", ".")
    session.run("python", "-m", "pipeline", "build", *session.posargs)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The full test suite, on all cores (tests sharing an expensive build stay on one worker: loadgroup)."""
    ensure_system_libraries(session, TEST_PROGRAMS)
    install(session, "-e", ".[test]")
    install_npm_test_tools(session)
    workers = os.environ.get("PYTEST_WORKERS", "auto")
    session.run("pytest", "-n", workers, "--dist", "loadgroup", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff and mypy over the package and the tests; check-jsonschema and zizmor over the workflows."""
    install(session, "-e", ".[lint]")
    session.run("ruff", "check", "pipeline", "tests", "noxfile.py", "setup.py", "tools")
    session.run("ruff", "format", "--check", "pipeline", "tests", "noxfile.py", "setup.py", "tools")
    session.run("mypy")
    workflows = sorted(str(path) for path in Path(".github/workflows").glob("*.yml"))
    session.run("check-jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows)
    session.run("zizmor", "--offline", ".github/workflows")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Cleaning throughput, cold/warm builds, 150-page PDF against plain WeasyPrint, the review page
    (cost, size, Chromium's render) → .bench/results.json."""
    ensure_system_libraries(session, TEST_PROGRAMS)
    install(session, "-e", ".", "playwright")
    session.run("python", "tools/bench.py", "--output", ".bench/results.json", *session.posargs)


@nox.session(python=PYTHON)
def corpus(session: nox.Session) -> None:
    """The cleaner on every real document of ../shared/corpus/real/ and each of its sources: the table of
    boundary F1, text similarity and type accuracy (→ .bench/corpus.json)."""
    install(session, "-e", ".")
    session.run("python", "tools/corpus.py", "--json", ".bench/corpus.json", *session.posargs)


@nox.session(python=PYTHON)
def fuzz(session: nox.Session) -> None:
    """The cleaner's property tests with many more examples: 10,000 for each property over arbitrary
    Unicode, 500 damaged documents for each damage property, 50 per kind of damage (CI runs a short,
    derandomized version in `tests`); new examples on every run."""
    install(session, "-e", ".[test]")
    session.run(
        "pytest",
        "tests/test_fuzz_clean.py",
        "tests/test_clean_properties.py",
        "-n",
        "auto",
        "-p",
        "no:cacheprovider",
        *session.posargs,
        env={"FUZZ_EXAMPLES": os.environ.get("FUZZ_EXAMPLES", "10000")},
    )
