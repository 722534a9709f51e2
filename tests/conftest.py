"""Shared fixtures: the corpus of real documents with hand-checked gold results."""

from __future__ import annotations

import importlib
import json
import pkgutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, settings

import pipeline

CORPUS = Path(__file__).parent / "corpus"
CORPUS_NAMES = ("000_94766af0f6a420c9", "hangzhou-2024-16")


def load_gold(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CORPUS / f"{name}.gold.json").read_text("utf-8"))
    return data


def corpus_text(name: str) -> str:
    return (CORPUS / f"{name}.txt").read_text("utf-8")


@pytest.fixture(params=CORPUS_NAMES)
def corpus_name(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


# `pytest --hypothesis-profile=triage`: report failing examples at once, without minimising them
# (minimising a damaged document can take minutes); for finding what to fix, not for CI.
settings.register_profile("triage", phases=[Phase.explicit, Phase.reuse, Phase.generate])


def _import_every_pipeline_module() -> None:
    """Hypothesis mixes the literals of the project's *imported* modules into what it draws, so the
    examples of a derandomized property would depend on which modules a worker process happened to
    import before it (xdist spreads tests differently on every run). Importing them all up front
    makes every process, and every run of one commit, draw the same examples."""
    for module in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        importlib.import_module(module.name)


_import_every_pipeline_module()
