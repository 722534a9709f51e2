"""Named Unicode ranges every stage agrees on (cleaning, line breaking, spacing): one definition."""

from __future__ import annotations

#: Han ideographs: URO, Extension A, compatibility ideographs, Extensions B–H (a regex class body).
HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
