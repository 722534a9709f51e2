"""Library internals the PDF export relies on engage on the verified (locked) versions only.

`pipeline/export/verified.py` lists the versions; here: on the installed versions, which the nox
sessions take from uv.lock, every reliance engages without a word; on any other version each stays
off and says so once.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pydyf
import pytest
from logged import expected_warnings

from pipeline.errors import UsageError
from pipeline.export.pdf import check_pdf_variant
from pipeline.export.render_speed import faster_rendering
from pipeline.export.verified import VERIFIED, Reliance, verified


@pytest.fixture(autouse=True)
def _fresh_verdicts() -> Iterator[None]:
    """Each test asks afresh (the answer is kept per process)."""
    verified.cache_clear()
    yield
    verified.cache_clear()


def _pretend_unverified(monkeypatch: pytest.MonkeyPatch, library: str) -> None:
    monkeypatch.setitem(VERIFIED, library, Reliance(("0.0.1",), VERIFIED[library].uses))


def _patched_attributes() -> dict[str, object]:
    return {
        "page_references": vars(pydyf.PDF)["page_references"],
        "write": vars(pydyf.PDF)["write"],
        **{
            f"{cls.__name__}.data": vars(cls)["data"] for cls in (pydyf.Dictionary, pydyf.Array, pydyf.Stream)
        },
    }


LOCK = Path(__file__).resolve().parent.parent / "uv.lock"


@pytest.mark.parametrize("library", sorted(VERIFIED))
def test_uv_lock_pins_a_verified_version(library: str) -> None:
    """The lock and the table move together: a `uv lock --upgrade` that moves a library the export
    relies on needs the new version verified (and listed) in the same commit."""
    packages = tomllib.loads(LOCK.read_text("utf-8"))["package"]
    [locked] = [package["version"] for package in packages if package["name"] == library]
    assert locked in VERIFIED[library].versions


@pytest.mark.parametrize("library", sorted(VERIFIED))
def test_the_installed_versions_are_verified(library: str) -> None:
    assert metadata.version(library) in VERIFIED[library].versions
    assert verified(library)  # and no warning (the autouse check fails the test on any)


def test_the_pydyf_speed_ups_engage_on_a_verified_version_and_are_undone() -> None:
    before = _patched_attributes()
    with faster_rendering():
        during = _patched_attributes()
    assert during["page_references"] is not before["page_references"]
    assert during["write"] is not before["write"]
    assert _patched_attributes() == before


def test_on_another_pydyf_the_speed_ups_stay_off_and_say_so_once(monkeypatch: pytest.MonkeyPatch) -> None:
    _pretend_unverified(monkeypatch, "pydyf")
    before = _patched_attributes()
    with expected_warnings() as logged:
        for _ in range(2):
            with faster_rendering():
                assert _patched_attributes() == before
    [record] = logged
    assert record.getMessage().startswith(
        f"pydyf {pydyf.__version__} is not a version this project was verified on"
    )
    assert "render_speed.py" in record.getMessage()


def test_the_pdf_variant_check_engages_on_a_verified_weasyprint() -> None:
    check_pdf_variant("pdf/ua-1")
    with pytest.raises(UsageError, match="pdf/z-9"):
        check_pdf_variant("pdf/z-9")


def test_on_another_weasyprint_the_pdf_variant_check_stays_off(monkeypatch: pytest.MonkeyPatch) -> None:
    _pretend_unverified(monkeypatch, "weasyprint")
    with expected_warnings() as logged:
        check_pdf_variant("pdf/z-9")  # left to WeasyPrint, which refuses it as it renders
    [record] = logged
    assert "weasyprint.pdf.VARIANTS" in record.getMessage()
