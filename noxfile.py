"""Project tasks: `nox -s build` (seeds/ → dist/), `tests`, `lint`, `bench`, `corpus`, `fuzz`, `newest`.

Every session but `newest` installs exactly the versions uv.lock pins (see `install`).
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
from pathlib import Path

import nox

# uv creates the environments and installs uv.lock into them (`uv sync`): it is required.
nox.options.default_venv_backend = "uv"
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


#: Where `newest` writes its report, builds seeds/ and looks for a locked build to compare with.
NEWEST = Path(".newest")
LOCKED_BUILD = Path(".locked")


def install(session: nox.Session, *extras: str) -> None:
    """The project (editable) with `extras`, and exactly the versions uv.lock pins, hashes checked.

    `--locked`: a lock out of date with pyproject.toml stops the session (run `uv lock`) instead of
    resolving afresh, so every session and the release workflow run the same libraries, and a
    release can be rebuilt to the byte later. Compiled to bytecode: where PYTHONDONTWRITEBYTECODE is
    set (many containers and CI images) Python would otherwise compile WeasyPrint and the rest from
    source in every process — about 1.5 s of every build worker's start."""
    location = session.virtualenv.location
    session.run_install(
        "uv",
        "sync",
        "--locked",
        f"--python={location}",
        *(f"--extra={extra}" for extra in extras),
        env={"UV_PROJECT_ENVIRONMENT": location, "UV_COMPILE_BYTECODE": "1"},
        external=True,
    )


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """Build every seed in seeds/ into dist/ (extra arguments go to `python -m pipeline build`)."""
    ensure_system_libraries(session)
    install(session)
    session.run("python", "-m", "pipeline", "build", *session.posargs)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The full test suite, on all cores (tests sharing an expensive build stay on one worker: loadgroup)."""
    ensure_system_libraries(session, TEST_PROGRAMS)
    install(session, "test")
    install_npm_test_tools(session)
    run_tests(session)


def run_tests(session: nox.Session) -> None:
    workers = os.environ.get("PYTEST_WORKERS", "auto")
    session.run("pytest", "-n", workers, "--dist", "loadgroup", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff and mypy over the package and the tests; check-jsonschema and zizmor over the workflows."""
    install(session, "lint")
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
    install(session, "bench")
    session.run("python", "tools/bench.py", "--output", ".bench/results.json", *session.posargs)


@nox.session(python=PYTHON)
def corpus(session: nox.Session) -> None:
    """The cleaner on every real document of ../shared/corpus/real/ and each of its sources: the table of
    boundary F1, text similarity and type accuracy (→ .bench/corpus.json); the other extractors it
    runs on the PDFs need poppler's pdftotext and the test extra's pdfplumber."""
    ensure_system_libraries(session, {"pdftotext": "poppler-utils"})
    install(session, "test")
    session.run("python", "tools/corpus.py", "--json", ".bench/corpus.json", *session.posargs)


@nox.session(python=PYTHON)
def fuzz(session: nox.Session) -> None:
    """The cleaner's property tests with many more examples: 10,000 for each property over arbitrary
    Unicode, 500 damaged documents for each damage property, 50 per kind of damage (CI runs a short,
    derandomized version in `tests`); new examples on every run."""
    install(session, "test")
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


@nox.session(python=PYTHON)
def newest(session: nox.Session) -> None:
    """The newest release of every dependency instead of uv.lock's (what `uv lock --upgrade` would
    bring), as the scheduled workflow .github/workflows/newest.yml runs it: writes which versions
    differ from the lock to .newest/report.md, builds seeds/ with them into .newest/dist and says
    whether its SHA256SUMS equal those of a locked build in .locked/dist (`nox -s build -- --out
    .locked/dist`, where one was made), then runs the test suite."""
    ensure_system_libraries(session, TEST_PROGRAMS)
    location = session.virtualenv.location
    upgrade = ["uv", "pip", "install", f"--python={location}", "--upgrade", "-e", ".[test]"]
    session.run_install(*upgrade, env={"UV_COMPILE_BYTECODE": "1"}, external=True)
    install_npm_test_tools(session)
    export = ["uv", "export", "--locked", "--extra=test", "--no-emit-project", "--no-hashes"]
    locked = _pinned(str(session.run(*export, silent=True, external=True)))
    freeze = ["uv", "pip", "freeze", f"--python={location}"]
    installed = _pinned(str(session.run(*freeze, silent=True, external=True)))
    changed = [
        f"- {name} {locked.get(name, '(not locked)')} → {version}"
        for name, version in sorted(installed.items())
        if locked.get(name) != version and name != "pipeline"
    ]
    dist = NEWEST / "dist"
    build = ["python", "-m", "pipeline", "build", "--out", str(dist), "--cache", str(NEWEST / "cache")]
    status = session.run(*build, "--quiet", success_codes=[0, 1])
    report = [
        "# The newest dependencies against uv.lock",
        "",
        *(changed or ["- every dependency is at its locked version"]),
        "",
        f"Building seeds/: {'every document built' if status is True else 'a document failed'}.",
        _compare_checksums(LOCKED_BUILD / "dist" / "SHA256SUMS", dist / "SHA256SUMS"),
    ]
    NEWEST.mkdir(exist_ok=True)
    (NEWEST / "report.md").write_text("\n".join(report) + "\n", encoding="utf-8")
    session.log("\n".join(report))
    run_tests(session)


def _pinned(requirements: str) -> dict[str, str]:
    """`name==version` lines (uv export, uv pip freeze) → {canonical name: version}."""
    pinned = {}
    for line in requirements.splitlines():
        name, separator, version = line.split(";")[0].strip().partition("==")
        if separator:
            pinned[name.lower().replace("_", "-").replace(".", "-")] = version.strip()
    return pinned


def _compare_checksums(locked: Path, newest: Path) -> str:
    """One line saying whether the newest build's artifacts are byte-identical to the locked one's."""
    if not locked.is_file() or not newest.is_file():
        return "No locked build to compare the bytes with (`nox -s build -- --out .locked/dist`)."
    if locked.read_text(encoding="utf-8") == newest.read_text(encoding="utf-8"):
        return "The artifacts are byte-identical to the locked build's."
    return "The artifacts differ from the locked build's: a release on these versions would change its bytes."
