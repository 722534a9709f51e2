"""Corrections to the cleaner's decisions: the `[[fix]]` tables of `seeds/NAME.toml` → validated `Fix`es.

No cleaner is right on every document. A fix overrules one decision without touching the source: it
names one source line — by text the line holds (`at`, whitespace ignored, so that it still names
the line after the text is extracted again and the lines are renumbered) or by its number (`line`)
— and what to do there (`do`). This module only reads and checks them; pipeline/clean/correct.py
applies them to a cleaned document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.document import LEVELS, META_ROLES
from pipeline.errors import SettingsError

#: What a fix may do, and what it does (README: "Review and corrections").
ACTIONS: dict[str, str] = {
    "break-before": "start a new block at this line",
    "join": "join this line's block to the block before it",
    "heading": "make the line's block a heading (heading:LEVEL, 1-4)",
    "paragraph": "make the line's block a paragraph",
    "meta": "make the line's block a meta block (meta:ROLE, e.g. meta:addressee)",
    "list_item": "make the line's block a list item (list_item or list_item:LEVEL, 1-2)",
    "drop": "leave the line out of the document",
    "keep": "keep a line the cleaner removed as page furniture",
}
#: The key a seed's TOML gives its fixes under: `[[fix]]`.
FIX_KEY = "fix"
_FIX_FIELDS = ("at", "line", "do")


@dataclass(frozen=True)
class Fix:
    """One correction: the `number`-th `[[fix]]` table of `file`.

    `action` is one of ACTIONS; `level` is set for heading and list_item, `role` for meta.
    """

    number: int
    action: str
    at: str | None = None
    line: int | None = None
    level: int | None = None
    role: str | None = None
    file: str = field(default="", compare=False)

    @property
    def do(self) -> str:
        """The action as written in the TOML (`heading:2`, `meta:addressee`, `join`)."""
        argument = self.level if self.level is not None else self.role
        return self.action if argument is None else f"{self.action}:{argument}"

    @property
    def anchor(self) -> str:
        """How the fix names its line, as written in the TOML."""
        return f"at = {_quoted(self.at)}" if self.at is not None else f"line = {self.line}"

    def describe(self) -> str:
        """`fix 3 (at = "…", do = "join")`: how messages name the fix."""
        return f'fix {self.number} ({self.anchor}, do = "{self.do}")'

    def key(self) -> dict[str, Any]:
        """What the fix is, for the build's cache key (not where it was written)."""
        return {"number": self.number, "at": self.at, "line": self.line, "do": self.do}

    def error(self, message: str, hint: str | None = None) -> SettingsError:
        """An error about this fix, naming it and its file."""
        return SettingsError(f"{self.describe()}: {message}", path=self.file or None, hint=hint)


def _quoted(text: str | None) -> str:
    shown = text if text is None or len(text) <= 24 else text[:23] + "…"
    return '"' + str(shown).replace('"', '\\"') + '"'


def parse_fixes(value: Any, path: Path) -> tuple[Fix, ...]:
    """Validate the `fix` value of a seed's TOML: an array of tables, each with `at` or `line`, and `do`."""
    if not isinstance(value, list) or not all(isinstance(table, dict) for table in value):
        raise SettingsError(
            "'fix' must be an array of tables",
            path=path,
            hint='write each as [[fix]] with at = "…" and do = "…"',
        )
    return tuple(_parse_fix(number, table, path) for number, table in enumerate(value, start=1))


def _parse_fix(number: int, table: dict[str, Any], path: Path) -> Fix:
    where = f"fix {number}"
    unknown = sorted(set(table) - set(_FIX_FIELDS))
    if unknown:
        raise SettingsError(
            f"{where}: unknown key(s) {', '.join(unknown)}", path=path, hint="a fix has at or line, and do"
        )
    if ("at" in table) == ("line" in table):
        raise SettingsError(
            f"{where}: give either at (text of the line) or line (its number)",
            path=path,
            hint='e.g. at = "贫困人口从2012年年底"',
        )
    at, line = table.get("at"), table.get("line")
    if at is not None and (not isinstance(at, str) or not "".join(at.split())):
        raise SettingsError(f"{where}: at must be text from the line", path=path)
    if line is not None and (isinstance(line, bool) or not isinstance(line, int) or line < 1):
        raise SettingsError(f"{where}: line must be a line number (1 or more)", path=path)
    do = table.get("do")
    if not isinstance(do, str):
        raise SettingsError(
            f"{where}: do must say what to do", path=path, hint=f"one of {', '.join(ACTIONS)}"
        )
    action, level, role = _parse_action(do.strip(), where, path)
    return Fix(number, action, at=at, line=line, level=level, role=role, file=str(path))


def _parse_action(do: str, where: str, path: Path) -> tuple[str, int | None, str | None]:
    """`heading:2` → ("heading", 2, None); `meta:addressee` → ("meta", None, "addressee")."""
    action, colon, argument = do.partition(":")
    if action not in ACTIONS:
        raise SettingsError(
            f"{where}: do = {do!r} is not a correction", path=path, hint=f"one of {', '.join(ACTIONS)}"
        )
    if action == "meta":
        if argument not in META_ROLES:
            raise SettingsError(
                f"{where}: do = {do!r} needs a role",
                path=path,
                hint=f"meta:ROLE, ROLE one of {', '.join(META_ROLES)}",
            )
        return action, None, argument
    if action in LEVELS:
        levels = LEVELS[action]
        if not colon and action == "list_item":
            return action, levels[0], None
        if not argument.isdigit() or int(argument) not in levels:
            raise SettingsError(
                f"{where}: do = {do!r} needs a level",
                path=path,
                hint=f"{action}:N, N from {levels[0]} to {levels[-1]}",
            )
        return action, int(argument), None
    if colon:
        raise SettingsError(f"{where}: do = {do!r}: {action} takes no argument", path=path)
    return action, None, None
