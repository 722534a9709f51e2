"""Seed settings: `seeds/NAME.toml` next to a seed → validated `SeedSettings`.

A seed's TOML may set metadata (which overrides what the cleaner detects), how the seed is
published, and corrections to the cleaner's decisions (`[[fix]]`, pipeline/fixes.py). Unknown keys
and wrong types are errors, reported with the file and what to do.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.document import Document, Meta, NotADay, parse_date
from pipeline.errors import SettingsError
from pipeline.export import EXPORTERS
from pipeline.fixes import FIX_KEY, Fix, parse_fixes
from pipeline.layout.styles import STYLES as STYLE_SPECS
from pipeline.variants import DEFAULT_OPENCC, REVERSE_CONFIGS, VARIANTS

META_KEYS: tuple[str, ...] = ("title", "subtitle", "author", "date", "source", "slug")
#: The choices a seed (or the command line) has, each read from its registry.
STYLES: tuple[str, ...] = tuple(STYLE_SPECS)
OPENCC_CONFIGS: tuple[str, ...] = tuple(REVERSE_CONFIGS)
FORMATS: tuple[str, ...] = tuple(EXPORTERS)
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class SeedSettings:
    """How one seed is published; `meta` holds metadata overrides (only the keys that were set),
    `fixes` the corrections to apply after cleaning."""

    meta: dict[str, str] = field(default_factory=dict)
    style: str | None = None
    opencc: str = DEFAULT_OPENCC
    formats: tuple[str, ...] = FORMATS
    variants: tuple[str, ...] = VARIANTS
    fixes: tuple[Fix, ...] = ()


def unsafe_name(name: str) -> str | None:
    """Why `name` cannot start an artifact's file name, or None if it can: a hidden name is not
    published (and `.pipeline-tmp-*` is the build's own temporary files), and control, format and
    line-separator characters and backslashes break `SHA256SUMS` lines."""
    if name.startswith("."):
        return f"{name!r} starts with '.' (a hidden file)"
    for char in name:
        if char == "\\" or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
            return f"{name!r} holds the character U+{ord(char):04X}"
    return None


def settings_path(seed: Path) -> Path:
    """The TOML file that belongs to a seed (`seeds/NAME.txt` → `seeds/NAME.toml`)."""
    return seed.with_suffix(".toml")


def load_seed_settings(seed: Path, overrides: Mapping[str, Any] | None = None) -> SeedSettings:
    """Validate the seed's settings: its TOML over `overrides` (e.g. command-line options) over the
    project defaults (`[tool.pipeline]` in the nearest pyproject.toml) over the built-in defaults."""
    path = settings_path(seed)
    table = _read_toml(path) if path.exists() else {}
    merged = {**project_defaults(seed.resolve().parent), **(overrides or {}), **table}
    return parse_settings(merged, path)


@functools.cache
def project_defaults(folder: Path) -> dict[str, Any]:
    """The validated `[tool.pipeline]` table of the nearest pyproject.toml at or above `folder`."""
    for parent in (folder, *folder.parents):
        pyproject = parent / "pyproject.toml"
        if pyproject.is_file():
            tool = _read_toml(pyproject).get("tool", {})
            table = tool.get("pipeline", {}) if isinstance(tool, dict) else {}
            if not isinstance(table, dict):
                raise SettingsError("[tool.pipeline] must be a table", path=pyproject)
            if FIX_KEY in table:
                raise SettingsError(
                    "[[tool.pipeline.fix]]: corrections belong to one document",
                    path=pyproject,
                    hint="put each [[fix]] in the TOML of the seed it corrects",
                )
            parse_settings(table, pyproject)  # report mistakes against pyproject.toml, not a seed
            return dict(table)
    return {}


def apply_meta(document: Document, settings: SeedSettings, *, stem: str | None = None) -> Document:
    """The document with the TOML metadata over what the cleaner detected; the slug defaults to `stem`."""
    values = {**document.meta.to_dict(), **settings.meta}
    if "slug" not in settings.meta and stem is not None:
        values["slug"] = stem
    document = document.replace(meta=Meta.from_dict(values))
    return document.retitled(settings.meta["title"]) if "title" in settings.meta else document


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise SettingsError("settings file is not UTF-8", path=path, hint="save it as UTF-8") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"invalid TOML: {exc}", path=path, hint="fix the syntax") from exc


def parse_settings(data: dict[str, Any], path: Path) -> SeedSettings:
    """Validate a settings table (from a seed's TOML or `[tool.pipeline]`)."""
    known = set(META_KEYS) | {"style", "opencc", "formats", "variants", FIX_KEY}
    unknown = sorted(set(data) - known)
    if unknown:
        raise SettingsError(
            f"unknown setting(s) {', '.join(unknown)}",
            path=path,
            hint=f"known settings: {', '.join(sorted(known))}",
        )
    meta: dict[str, str] = {}
    for key in META_KEYS:
        if key in data:
            value = data[key]
            if not isinstance(value, str) or not value.strip():
                raise SettingsError(f"{key!r} must be a non-empty string", path=path)
            meta[key] = value.strip()
    if "slug" in meta and not _SLUG.match(meta["slug"]):
        raise SettingsError(
            f"slug {meta['slug']!r} is not a safe file name",
            path=path,
            hint="use ASCII letters, digits, '.', '_' and '-'",
        )
    if "date" in meta:
        _check_date(meta["date"], path)
    style = _choice(data, "style", STYLES, path) if "style" in data else None
    opencc = _choice(data, "opencc", OPENCC_CONFIGS, path) if "opencc" in data else DEFAULT_OPENCC
    formats = _subset(data, "formats", FORMATS, path)
    variants = _subset(data, "variants", VARIANTS, path)
    fixes = parse_fixes(data[FIX_KEY], path) if FIX_KEY in data else ()
    return SeedSettings(
        meta=meta, style=style, opencc=opencc, formats=formats, variants=variants, fixes=fixes
    )


def _check_date(value: str, path: Path) -> None:
    """A settings date is a real day written YYYY-MM-DD: anything else fails this document now, not
    its PDF later (and not its EPUB silently)."""
    try:
        if _DATE.match(value) and parse_date(value) is not None:
            return
        problem = "is not YYYY-MM-DD"
    except NotADay:
        problem = "is not a day of the calendar"
    raise SettingsError(f"date = {value!r} {problem}", path=path, hint="write the day as YYYY-MM-DD")


def _choice(data: dict[str, Any], key: str, allowed: tuple[str, ...], path: Path) -> str:
    value = data[key]
    if value not in allowed:
        raise SettingsError(f"{key} {value!r} is not one of {', '.join(allowed)}", path=path)
    return str(value)


def _subset(data: dict[str, Any], key: str, allowed: tuple[str, ...], path: Path) -> tuple[str, ...]:
    if key not in data:
        return allowed
    value = data[key]
    if not isinstance(value, list) or not value or any(v not in allowed for v in value):
        raise SettingsError(f"{key} must be a non-empty list drawn from {', '.join(allowed)}", path=path)
    return tuple(v for v in allowed if v in value)
