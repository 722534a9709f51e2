"""Checks shared by the cleaner's property, fuzz and hostile-input tests: example counts, block
comparisons, and the character balance between input, output and the cleaner's report."""

from __future__ import annotations

import os
from collections import Counter

from pipeline.clean import CleanResult
from pipeline.document import Block


def fuzz_examples(default: int, fuzz_share: float = 1.0) -> int:
    """Examples per property: the suite's modest `default`, or under `nox -s fuzz` (FUZZ_EXAMPLES set)
    that many times `fuzz_share` — properties with costly examples take a share of the fuzz budget."""
    budget = os.environ.get("FUZZ_EXAMPLES")
    return max(default, int(int(budget) * fuzz_share)) if budget else default


def derandomized() -> bool:
    """The normal suite draws the same examples on every run (CI must not pass or fail by luck);
    `nox -s fuzz` (FUZZ_EXAMPLES set) explores new ones each time."""
    return "FUZZ_EXAMPLES" not in os.environ


def block_tuples(blocks: tuple[Block, ...]) -> list[tuple[str, int | None, str | None, str]]:
    """What a block is, for comparisons that print readably: (type, level, role, text)."""
    return [(b.type, b.level, b.role, b.text) for b in blocks]


def unaccounted(raw: str, result: CleanResult) -> dict[str, int]:
    """Characters (whitespace aside) the output has more (+) or fewer (−) of than the raw text minus
    the reported removals plus the reported mappings; empty when nothing was lost or made up."""
    expected: Counter[str] = Counter(c for c in raw if not c.isspace())
    for finding in result.report.findings:
        expected.subtract(c for c in finding.original if not c.isspace())
        expected.update(c for c in finding.replacement if not c.isspace())
    produced = Counter(c for block in result.document.blocks for c in block.content if not c.isspace())
    produced.subtract(expected)
    return {char: count for char, count in produced.items() if count}
