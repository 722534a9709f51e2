"""What the review tests share: how a missing tool is met (Chromium, axe-core, Java for the Nu
HTML checker)."""

from __future__ import annotations

import os

import pytest


def required(reason: str) -> None:
    """Skip a test whose tool is missing here; under CI=true that is a failure, not a skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI must have it)", pytrace=False)
    pytest.skip(reason)
