"""The library versions on which the PDF export's use of library internals was verified.

`render_speed.py` replaces pydyf methods while WeasyPrint writes a PDF, and `pdf.py` reads
WeasyPrint's list of PDF variants and hears its progress log: none of that is public API. A new
release may rename what they touch (a patch would then silently do nothing), or keep the names and
change what they do (a patch would then change the bytes). So each use engages only on a version
listed in `VERIFIED`; on any other it stays off and says so once per process, with a warning that
names the library, its version and what is off. The builds stay correct, only slower or with less
checking. `uv.lock` pins the listed versions (`tests/test_library_versions.py` holds the two
together); to add a version, run `nox -s tests` on it: `tests/test_pdf_export.py` compares the bytes
with and without the speed-ups.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from importlib import metadata

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reliance:
    """What the project relies on in a library beyond its public API, and the versions checked."""

    versions: tuple[str, ...]
    uses: str  # what turns off on another version


VERIFIED: dict[str, Reliance] = {
    "pydyf": Reliance(
        ("0.13.0",),
        "the PDF writing speed-ups of pipeline/export/render_speed.py (page references kept, "
        "objects serialised once)",
    ),
    "weasyprint": Reliance(
        ("70.0",),
        "the check of --pdf-variant names (weasyprint.pdf.VARIANTS) and the page count while a PDF "
        "is laid out (its progress log: no progress shown, no page limit during layout)",
    ),
}


@functools.cache
def verified(library: str) -> bool:
    """Whether the installed `library` is a version `VERIFIED` lists; if not, warn (once per process)."""
    reliance = VERIFIED[library]
    try:
        version = metadata.version(library)
    except metadata.PackageNotFoundError:
        version = "(not installed)"
    if version in reliance.versions:
        return True
    LOG.warning(
        "%s %s is not a version this project was verified on (%s): %s stay off",
        library,
        version,
        ", ".join(reliance.versions),
        reliance.uses,
    )
    return False
