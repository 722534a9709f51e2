"""Packaging hook: the wheel carries `styles/` and `fonts/` inside the package, as
`pipeline/resources/styles` and `pipeline/resources/fonts`, so an installed `pipeline` finds them
from any folder (`pipeline/paths.py` looks there first, then beside the package in a checkout).

The folders stay at the top of the repository, where the people who edit them look; an editable
install reads them there and copies nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCES = ("styles", "fonts")


class BuildWithResources(build_py):
    """build_py that also copies the resource folders into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name in RESOURCES:
            target = Path(self.build_lib) / "pipeline" / "resources" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(name, target, ignore=shutil.ignore_patterns("__pycache__", ".*"))


setup(cmdclass={"build_py": BuildWithResources})
