"""Character classes every stage agrees on, in one place: Han, Chinese context and the punctuation sets.

Two families of punctuation sets live here under distinct names, because they answer different
questions and differ on purpose:
- the cleaner reads text as PDF extractors wrote it, set by Chinese typesetters (GB/T 15834 marks):
  `CLOSING_PUNCT`, `OPENING_PUNCT`, `HANGING_PUNCT`, `SPLIT_POINTS`, `SENTENCE_END`,
  `TRAILING_CLOSERS`, `CJK_PUNCT` say where a printed line may have been broken or a sentence ends;
- the layout enforces the line-breaking rules of W3C clreq §3.1.7 (strict) on what it sets, ASCII
  marks included: `LINE_START_PROHIBITED`, `LINE_END_PROHIBITED`, and the glyph halves
  `HALF_RIGHT_BLANK`, `HALF_LEFT_BLANK` that punctuation compression may take away.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Han ideographs (a regex class body): URO, Extension A, compatibility ideographs, and the whole of
#: planes 2 and 3, which Unicode sets aside for ideographs (SIP, TIP): Extensions B–J, the
#: compatibility supplement, and the extensions still to come.
HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003fffd"
HAN = re.compile(f"[{HAN_RANGES}]")

# The cleaner's classes: punctuation as printed sources use it.

#: Closing punctuation: never at a printed line's start (clreq §3.1.7); ends a wrapped fragment.
CLOSING_PUNCT = "、，。．；：？！）》」』】〕〗〉”’…—%％·"
#: Opening punctuation: never at a printed line's end.
OPENING_PUNCT = "（《「『【〔〖〈“‘"
#: Closing marks a printed line may hang past the measure (clreq 3.1.7: 句号、逗号 and their kin).
HANGING_PUNCT = frozenset("，。、．；：？！”’）》」』】〕〉")
#: Where extractors split a printed line (WPS kerning): at compressed punctuation, on either side of it.
SPLIT_POINTS = frozenset(CLOSING_PUNCT + OPENING_PUNCT)
#: Marks that end a sentence (and so may end a paragraph).
SENTENCE_END = "。！？；…"
#: Glyphs that open a list's items: by themselves, and (SPACED_BULLETS) only with a blank after
#: them — else a dash, a hyphen, a note's star. The cleaned text keeps that blank, so that it reads
#: back as an item (`clean.markers.settle_marker`); the PDF reader writes it where a gap shows it.
BULLETS = "•●○◦▪▫■□◆◇►▶✓✔❖➢∗"
SPACED_BULLETS = "-–*"
#: Marks that may follow a sentence end and still close it (。” ！） etc.).
TRAILING_CLOSERS = "”’）》」』】〕"
#: All CJK punctuation the cleaner treats as "Chinese context".
CJK_PUNCT = CLOSING_PUNCT + OPENING_PUNCT + "～〃々〇"
#: Any character that makes a context Chinese (see `is_cjk`).
CJK = re.compile(f"[{HAN_RANGES}{re.escape(CJK_PUNCT)}\u3000-\u303f\uff01-\uff60]")


@lru_cache(maxsize=8192)
def is_han(char: str) -> bool:
    return bool(char) and HAN.match(char) is not None


@lru_cache(maxsize=8192)
def is_cjk(char: str) -> bool:
    """Han, CJK punctuation, or a full-width form: the characters that make a context Chinese."""
    return bool(char) and CJK.match(char) is not None


# The layout's classes: the rules its line breaker keeps (clreq §3.1.7, GB/T 15834 practice, "strict").

#: Never at a line start (行首禁则): closing brackets and quotes, pause and stop marks.
LINE_START_PROHIBITED = frozenset("、，。．：；？！）］｝〕〉》」』】〗〙〛”’％‰℃·・ー々,.;:?!)]}%")
#: Never at a line end (行尾禁则): opening brackets and quotes, currency signs that lead numbers.
LINE_END_PROHIBITED = frozenset("（［｛〔〈《「『【〖〘〚“‘([{¥$£€")
#: Full-width punctuation whose glyph sits on one half of the em box and may be set half-width (halt).
HALF_RIGHT_BLANK = frozenset("、，。．：；？！）］｝〕〉》」』】〗〙〛”’")
HALF_LEFT_BLANK = frozenset("（［｛〔〈《「『【〖〘〚“‘")
