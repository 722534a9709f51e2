"""Font files → advance widths of text pieces, shaped with HarfBuzz as WeasyPrint (Pango) will shape them.

The line breaker needs each line's natural width to the hundredth of a point to set letter-spacing that
makes the line flush; reading hmtx alone would miss `halt` (half-width punctuation), kerning in Latin
words and `locl` substitutions, so every piece is shaped with the features and language the CSS gives
WeasyPrint. Results are cached per font and per piece: a book has a few thousand distinct pieces.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import uharfbuzz as hb

from pipeline import fonts
from pipeline.layout.clreq import Piece
from pipeline.unicode import HAN_RANGES

_HAN = re.compile(f"[{HAN_RANGES}]")
#: Features Pango disables when letter-spacing is set; measure the same way.
_BASE_FEATURES: dict[str, bool] = {"liga": False, "clig": False}


@lru_cache(maxsize=32)
def _load(path: Path) -> tuple[Any, int]:
    """Open a font file once per process (HarfBuzz font, units per em); WOFF2 is unwrapped first."""
    face = hb.Face(hb.Blob(fonts.sfnt_data(path)))
    font = hb.Font(face)
    return font, face.upem


@dataclass
class FontMetrics:
    """Advances, in em, of pieces of text set in a chain of fonts (first that has the glyph wins)."""

    paths: tuple[Path, ...]
    language: str = "zh-Hans"
    #: faces tried first for Latin pieces (the `.latin` spans' own font-family), if any
    latin_paths: tuple[Path, ...] = ()
    _cache: dict[tuple[str, bool, bool], float] = field(default_factory=dict, repr=False)
    _narrowing: dict[str, bool] = field(default_factory=dict, repr=False)

    def covers(self, char: str) -> bool:
        """True when one of the fonts has a glyph for `char`."""
        return self._font_for(char) is not None

    def _font_for(self, text: str, latin: bool = False) -> tuple[Any, int] | None:
        for path in (*self.latin_paths, *self.paths) if latin else self.paths:
            font, upem = _load(path)
            if all(font.get_nominal_glyph(ord(char)) is not None for char in text):
                return font, upem
        return None

    def width(self, text: str, *, latin: bool = False, halt: bool = False) -> float:
        """Advance of `text` in em; `halt` shapes it with the half-width alternates."""
        key = (text, latin, halt)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        loaded = self._font_for(text, latin)
        if loaded is None:
            # Split across fallback fonts, character by character, as Pango's font fallback does.
            value = sum(self._char_width(char, latin=latin, halt=halt) for char in text)
        else:
            value = self._shape(loaded, text, latin=latin, halt=halt)
        self._cache[key] = value
        return value

    def widths(self, pieces: Sequence[Piece], halts: Sequence[bool], scale: float) -> list[float]:
        """Advances of `pieces` times `scale` (the font size), each shaped with `halt` where asked.

        What `width` gives piece by piece, with the cache read inline: a book measures 10⁵ pieces.
        """
        cache, width = self._cache, self.width
        advances: list[float] = []
        for piece, halt in zip(pieces, halts, strict=True):
            latin = piece.latin and not piece.is_space  # a space between Latin words is outside its span
            value = cache.get((piece.text, latin, halt))
            if value is None:
                value = width(piece.text, latin=latin, halt=halt)
            advances.append(value * scale)
        return advances

    def _char_width(self, char: str, *, latin: bool, halt: bool) -> float:
        loaded = self._font_for(char, latin)
        if loaded is None:
            # A variation selector or combining mark the base's face lacks is not drawn; any other
            # character no face has is drawn by the placeholder face, one em wide.
            return 0.0 if unicodedata.category(char) in ("Mn", "Me", "Cf") else 1.0
        return self._shape(loaded, char, latin=latin, halt=halt)

    def halt_only_narrows(self, text: str) -> bool:
        """True when `halt` gives `text` a narrower advance and nothing else: the same glyphs drawn at
        the same place. Then a line-end mark may be drawn full-width with its blank half past the
        margin, and look exactly as if it were set half-width (Traditional faces centre 。，、：；！？:
        their `halt` also moves the glyph)."""
        answer = self._narrowing.get(text)
        if answer is None:
            loaded = self._font_for(text)
            if loaded is None:
                answer = False
            else:
                full, half = (self._shaped(loaded, text, latin=False, halt=halt) for halt in (False, True))
                same_glyphs_in_place = full[:2] == half[:2]
                answer = same_glyphs_in_place and sum(half[2]) < sum(full[2])
            self._narrowing[text] = answer
        return answer

    def _shape(self, loaded: tuple[Any, int], text: str, *, latin: bool, halt: bool) -> float:
        _, upem = loaded
        return float(sum(self._shaped(loaded, text, latin=latin, halt=halt)[2])) / upem

    def _shaped(
        self, loaded: tuple[Any, int], text: str, *, latin: bool, halt: bool
    ) -> tuple[list[int], list[tuple[int, int]], list[int]]:
        """Glyph ids, (x, y) offsets and advances of `text` as Pango would shape it."""
        font, _ = loaded
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        if not latin and _HAN.search(text):
            # Pango gives the punctuation inside Han text the Han script; a piece of punctuation
            # alone (between two Latin spans) keeps the script HarfBuzz guesses, as in Pango.
            buffer.script = "Hani"
        buffer.language = self.language
        features = dict(_BASE_FEATURES)
        if halt:
            features["halt"] = True
        hb.shape(font, buffer, features)
        positions = buffer.glyph_positions
        return (
            [info.codepoint for info in buffer.glyph_infos],
            [(position.x_offset, position.y_offset) for position in positions],
            [position.x_advance for position in positions],
        )
