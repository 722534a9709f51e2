"""The cleaner's account of its work: every removal and every character mapping, with its source line.

Findings carry stable codes (like lint codes) so that a reviewer, a test or another tool can filter
them; `summary()` is the readable form printed by `python -m pipeline clean FILE`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pipeline.fixes import Fix

#: Stable finding codes and what they mean.
CODES: dict[str, str] = {
    "page-marker": "page number line removed",
    "running-header": "running head, footer or letterhead at the pages' edges removed",
    "figure-text": "text inside a drawn figure (a diagram's labels) removed",
    "form-feed": "form feed (page break) removed",
    "control-char": "control or invisible formatting character removed",
    "glyph-name": "glyph name an extractor wrote for a glyph it could not map (/x88, (cid:136)) "
    "replaced by its code",
    "list-bullet": "unmapped character opening list items (a font's bullet without Unicode) mapped to •",
    "kangxi-radical": "Kangxi/CJK radical mapped to its unified ideograph",
    "compat-ideograph": "CJK compatibility ideograph mapped to its unified ideograph",
    "founder-punct": "Founder-font punctuation (Yi syllable code point) mapped to the punctuation it shows",
    "fullwidth-ascii": "full-width digit, letter or sign mapped to ASCII",
    "fullwidth-punct": "ASCII punctuation in Chinese context mapped to full-width",
    "guillemet": "« » in Chinese text mapped to 《 》",
    "hyphen-join": "hyphen of a Latin word broken at a line end removed",
    "toc-leader": "leader (dots) between a table-of-contents entry and its page number removed",
    "table-rule": "a table's column rule (|) between two cells, written as the cell separator",
    "cell-separator": "the separator ( | ) written between a table's cells (in the trace, not a finding)",
    "column-read": "a table's cell pdftotext read a column at a time: moved from this line to its row's",
    "column-row": "a table's cell put back on its row's line (from the line pdftotext read it on)",
    "piece-moved": "a piece of a printed line pdftotext wrote as a text block of its own, in another order"
    " (a heading's text before its number, a sub-figure's label), or pdftotext -raw a text object a line"
    " (a list marker's point): moved from this line to its line's",
    "piece-joined": "a piece of a printed line put back on it (from the line pdftotext wrote it on)",
    "lowered-runs": "numbers set on a lower baseline that pdfminer wrote on a line of their own under their"
    " printed line: moved from this line back into it",
    "lowered-run": "a number set on a lower baseline put back into the hole pdfminer left for it in its line",
    "fix-drop": 'line left out by a correction ([[fix]] do = "drop" in the seed\'s TOML)',
}

#: The removals of page furniture that are more than a page number or a page break.
FURNITURE_BEYOND_FOLIOS = frozenset({"running-header"})


@dataclass(frozen=True, init=False)
class Finding:
    """One change: `original` became `replacement` ("" for a removal) on source line `line` (1-based)."""

    code: str
    line: int
    original: str
    replacement: str = ""

    def __init__(self, code: str, line: int, original: str, replacement: str = "") -> None:
        # Written out, as `Block.__init__` is: the generated one of a frozen dataclass sets each field
        # through object.__setattr__, and the cleaner makes a finding for every character it changes.
        attributes = self.__dict__
        attributes["code"] = code
        attributes["line"] = line
        attributes["original"] = original
        attributes["replacement"] = replacement

    @property
    def is_removal(self) -> bool:
        return self.replacement == ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "line": self.line,
            "original": self.original,
            "replacement": self.replacement,
        }


@dataclass(frozen=True)
class AppliedFix:
    """What a correction from the seed's TOML did at source line `line`; `changed` is False where the
    document already was as the fix asks (it may no longer be needed)."""

    fix: Fix
    line: int
    outcome: str
    changed: bool = True

    def describe(self) -> str:
        """`fix 2 (at = "…", do = "join"): joined … (changed nothing: …)`."""
        return f"{self.fix.describe()}: {self.outcome}"


@dataclass
class CleanReport:
    """All findings of one cleaning run, in the order they were made, and the corrections applied."""

    source: str = "<text>"
    findings: list[Finding] = field(default_factory=list)
    fixes: list[AppliedFix] = field(default_factory=list)

    def add(self, code: str, line: int, original: str, replacement: str = "") -> None:
        if code not in CODES:
            raise KeyError(f"unknown finding code {code!r}")
        self.findings.append(Finding(code, line, original, replacement))

    def removals(self) -> list[Finding]:
        return [f for f in self.findings if f.is_removal]

    def furniture_beyond_folios(self) -> list[Finding]:
        """Page furniture removed besides folios and form feeds — running heads, footers, letterheads:
        lines that could have been text, so a build counts them in its summary (and lists them)."""
        return [f for f in self.findings if f.code in FURNITURE_BEYOND_FOLIOS]

    def mappings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_removal]

    def accounted_characters(self, raw: str) -> Counter[str]:
        """The non-whitespace characters the output must hold: raw minus removals, mappings applied."""
        chars = Counter(c for c in raw if not c.isspace())
        for finding in self.findings:
            chars.subtract(c for c in finding.original if not c.isspace())
            chars.update(c for c in finding.replacement if not c.isspace())
        return +chars

    def to_json(self) -> list[dict[str, Any]]:
        return [f.to_dict() for f in self.findings]

    def summary(self) -> str:
        """Readable text: counts per code, then each finding with its line, then the corrections."""
        fixes = [f"{self.source}:{applied.line}: {applied.describe()}" for applied in self.fixes]
        if not self.findings:
            quiet = f"{self.source}: nothing removed or changed besides joined lines and extraction spaces"
            return "\n".join([quiet, *fixes])
        counts = Counter(f.code for f in self.findings)
        changes = f"{len(self.findings)} change{'' if len(self.findings) == 1 else 's'}"
        lines = [f"{self.source}: {changes}, besides joined lines and removed extraction spaces"]
        lines += [f"  {count:5d}  {code}: {CODES[code]}" for code, count in sorted(counts.items())]
        lines.append("")
        for f in sorted(self.findings, key=lambda finding: finding.line):
            change = f"removed {f.original!r}" if f.is_removal else f"{f.original!r} -> {f.replacement!r}"
            lines.append(f"{self.source}:{f.line}: [{f.code}] {change}")
        if fixes:
            lines += ["", f"{self.source}: {len(fixes)} correction(s) from the seed's TOML", *fixes]
        return "\n".join(lines)
