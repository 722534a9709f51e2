"""Where the project's own resources live: the package, its styles and its fonts (one definition).

In a checkout (and an editable install) `styles/` and `fonts/` sit beside the package; a built
wheel carries them inside it, in `pipeline/resources/` (see setup.py).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
_INSTALLED_RESOURCES = PACKAGE_DIR / "resources"
RESOURCES_DIR = _INSTALLED_RESOURCES if _INSTALLED_RESOURCES.is_dir() else PROJECT_DIR
STYLES_DIR = RESOURCES_DIR / "styles"
FONTS_DIR = RESOURCES_DIR / "fonts"
