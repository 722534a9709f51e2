"""What the review tests share: the checkers `nox -s tests` installs with npm beside the session's
Python (axe-core, the Nu HTML checker), and how a missing tool is met."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

NODE_MODULES = Path(sys.prefix) / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
NU_CHECKER = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def required(reason: str) -> None:
    """Skip a test whose tool is missing here; under CI=true that is a failure, not a skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI must have it)", pytrace=False)
    pytest.skip(reason)
