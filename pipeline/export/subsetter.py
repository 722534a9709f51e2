"""Which library WeasyPrint subsets a PDF's fonts with, found as WeasyPrint finds it, without importing it.

WeasyPrint (`text/ffi.py`, `pdf/fonts.py`) subsets embedded fonts with HarfBuzz's subsetter where
that library loads and HarfBuzz is at least 4.1.0, and with fontTools otherwise: slower, and other
bytes. The build's cache key and the PDF exporter's warning both ask `pdf_font_subsetter()`, so they
cannot disagree; importing WeasyPrint to ask it would cost a build with nothing to do half a second.
`tests/test_pdf_export.py` checks that this answer is WeasyPrint's own.
"""

from __future__ import annotations

import ctypes
import functools
import logging
from collections.abc import Sequence

LOG = logging.getLogger(__name__)

#: The names WeasyPrint tries for each library (weasyprint/text/ffi.py), by platform.
HARFBUZZ_SUBSET_NAMES: tuple[str, ...] = (
    "libharfbuzz-subset-0",
    "harfbuzz-subset",
    "harfbuzz-subset-0.0",
    "libharfbuzz-subset.so.0",
    "libharfbuzz-subset.0.dylib",
    "libharfbuzz-subset-0.dll",
)
HARFBUZZ_NAMES: tuple[str, ...] = (
    "libharfbuzz-0",
    "harfbuzz",
    "harfbuzz-0.0",
    "libharfbuzz.so.0",
    "libharfbuzz.0.dylib",
    "libharfbuzz-0.dll",
)
#: The oldest HarfBuzz whose subsetter WeasyPrint uses (weasyprint/pdf/fonts.py).
MINIMUM_HARFBUZZ = (4, 1, 0)


@functools.cache
def pdf_font_subsetter() -> str:
    """`"harfbuzz"` where WeasyPrint subsets a PDF's fonts with HarfBuzz, else `"fonttools"`."""
    subset = _load(HARFBUZZ_SUBSET_NAMES)
    harfbuzz = _load(HARFBUZZ_NAMES) if subset is not None else None
    if harfbuzz is None or not harfbuzz.hb_version_atleast(*MINIMUM_HARFBUZZ):
        return "fonttools"
    return "harfbuzz"


@functools.cache
def warn_if_fonts_are_subset_by_fonttools() -> None:
    """Say so (once per process) where WeasyPrint lacks HarfBuzz's subsetter: it then subsets the
    embedded fonts with fontTools, slower and with other bytes than a build that has it."""
    if pdf_font_subsetter() == "fonttools":
        LOG.warning(
            "HarfBuzz's subsetter library (4.1 or newer) is missing (Debian/Ubuntu: apt-get install "
            "libharfbuzz-subset0; the nox sessions install it): fonts are subset by fontTools, slower "
            "and with other bytes than builds that have it"
        )


def _load(names: Sequence[str]) -> ctypes.CDLL | None:
    """The library under the first of `names` that loads, as cffi's `dlopen` resolves a name: one with
    a dot as a file name, then any through `ctypes.util.find_library`. File names first: loading one
    takes a millisecond, a search tens of milliseconds, and whichever name loads, WeasyPrint's too."""
    for name in (name for name in names if "." in name):
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    from ctypes.util import find_library  # only where no file name loads: it imports subprocess

    for name in names:
        path = find_library(name)
        if path is not None:
            try:
                return ctypes.CDLL(path)
            except OSError:
                continue
    return None
