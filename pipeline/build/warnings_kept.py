"""Warnings logged while the build works → lines that travel with its results to the reporter.

The cleaner, the exporters and the libraries they call (WeasyPrint, fontTools) warn through
`logging`. In a build worker nobody would hear them: logging has no handler there, and the person
watching the build sees only what the reporter prints. So each job keeps what is logged while it
runs and returns it with its result; the build shows it, counts it in the summary and writes it to
`manifest.json` with the artifact.

Warnings about the machine rather than a document — a library version the PDF export's speed-ups
were not verified on, a missing font subsetter — are said once per build by the build itself
(`machine_warnings`), not once per artifact: they would otherwise fall on whichever artifact a
worker happened to render first, and the manifest would depend on the scheduling.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

#: The loggers that warn about the machine, not about a document.
MACHINE_LOGGERS: tuple[str, ...] = ("pipeline.export.verified", "pipeline.export.subsetter")


class _Keeper(logging.Handler):
    """Keeps the message of each warning (or worse) logged, once, in order."""

    def __init__(self, machine: bool) -> None:
        super().__init__(logging.WARNING)
        self.machine = machine
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if (record.name in MACHINE_LOGGERS) != self.machine:
            return
        line = " ".join(record.getMessage().split())
        if line not in self.lines:
            self.lines.append(line)


@contextmanager
def kept_warnings(*, machine: bool = False) -> Iterator[list[str]]:
    """The warnings about a document or an artifact logged while the block runs (with `machine`:
    only those about the machine), one line each, in order, without repeats."""
    keeper = _Keeper(machine)
    root = logging.getLogger()
    root.addHandler(keeper)
    try:
        yield keeper.lines
    finally:
        root.removeHandler(keeper)


def machine_warnings(formats: set[str]) -> list[str]:
    """What the export of `formats` warns about on this machine, asked in the build's own process.
    (Each worker process warns again as it renders its first PDF, but a job keeps only what it
    logs about its document.)"""
    if "pdf" not in formats:
        return []
    from pipeline.export.subsetter import warn_if_fonts_are_subset_by_fonttools
    from pipeline.export.verified import VERIFIED, verified

    with kept_warnings(machine=True) as lines:
        warn_if_fonts_are_subset_by_fonttools()
        for library in VERIFIED:
            verified(library)
    return lines
