"""No test logs a warning it does not expect (WeasyPrint's `assert_no_logs` is the model).

Warnings are how the pipeline tells a user about a doubtful document or artifact; a test that makes
one without saying so hides a behaviour nobody checks. `no_unexpected_warnings` (autouse, imported
by conftest.py) fails a test during which a warning (or worse) is logged anywhere, listing what was
logged. A test that expects warnings says so by running the code inside `expected_warnings()`,
which takes what is logged there away from the check and gives it to the test to assert on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


class _Watcher(logging.Handler):
    """Every warning logged while a test runs: unexpected ones, and those of the open expectation."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.unexpected: list[logging.LogRecord] = []
        self.expecting: list[list[logging.LogRecord]] = []

    def emit(self, record: logging.LogRecord) -> None:
        (self.expecting[-1] if self.expecting else self.unexpected).append(record)


_watcher: _Watcher | None = None


@contextmanager
def expected_warnings() -> Iterator[list[logging.LogRecord]]:
    """The warnings logged inside the block, which the test expects (assert on them: an empty list
    is then a failure of the test's own making to check)."""
    if _watcher is None:
        raise RuntimeError("expected_warnings() outside a test (conftest.py installs the watcher)")
    records: list[logging.LogRecord] = []
    _watcher.expecting.append(records)
    try:
        yield records
    finally:
        _watcher.expecting.remove(records)


@pytest.fixture(autouse=True)
def no_unexpected_warnings() -> Iterator[None]:
    """Fail the test if a warning it did not expect is logged while it runs."""
    global _watcher
    watcher = _Watcher()
    root = logging.getLogger()
    root.addHandler(watcher)
    _watcher = watcher
    try:
        yield
    finally:
        root.removeHandler(watcher)
        _watcher = None
    if watcher.unexpected:
        logged = "\n".join(f"{record.name}: {record.getMessage()}" for record in watcher.unexpected)
        pytest.fail(f"logged warnings the test did not expect:\n{logged}")
