"""Where the project's own resources live: the package, its styles and its fonts (one definition)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
STYLES_DIR = PROJECT_DIR / "styles"
FONTS_DIR = PROJECT_DIR / "fonts"
