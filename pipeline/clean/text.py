"""Character classes of Chinese text: named Unicode sets and display widths, in one place.

Display width follows the convention of the cleaner's statistics: a Han character or a full-width
punctuation mark counts 2, ASCII counts 1 (UAX #11 East Asian Width, with the "ambiguous" marks
that Chinese fonts set full-width — “ ” ‘ ’ … — · — counted as 2).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Han ideographs: URO, Extension A, compatibility ideographs, Extensions B–H.
HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN = re.compile(f"[{HAN_RANGES}]")

#: Closing punctuation: never at a line start (clreq §3.1.7); ends a wrapped fragment.
CLOSING_PUNCT = "、，。．；：？！）》」』】〕〗〉”’…—%％·"
#: Opening punctuation: never at a line end.
OPENING_PUNCT = "（《「『【〔〖〈“‘"
#: Marks that end a sentence (and so may end a paragraph).
SENTENCE_END = "。！？；…"
#: Marks that may follow a sentence end and still close it (。” ！） etc.).
TRAILING_CLOSERS = "”’）》」』】〕"
#: All CJK punctuation the cleaner treats as "Chinese context".
CJK_PUNCT = CLOSING_PUNCT + OPENING_PUNCT + "～〃々〇"

#: Paragraph-end mark some extractors leave at the end of a paragraph (EM SPACE).
PARAGRAPH_MARK = "\u2003"
IDEOGRAPHIC_SPACE = "\u3000"
FORM_FEED = "\f"

_WIDE_AMBIGUOUS = frozenset("“”‘’…—·※§")


@lru_cache(maxsize=65536)
def char_width(char: str) -> int:
    """Display width of one character: 2 for wide/full-width, 1 otherwise, 0 for combining marks."""
    if char in _WIDE_AMBIGUOUS:
        return 2
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Display width of a string (see `char_width`)."""
    return sum(char_width(c) for c in text)


def measured_width(text: str) -> int:
    """Display width as printed: spaces an extractor put next to Chinese characters take no room."""
    width = display_width(text)
    for index, char in enumerate(text):
        if char == " " and (
                (index > 0 and char_width(text[index - 1]) == 2)
                or (index + 1 < len(text) and char_width(text[index + 1]) == 2)):
            width -= 1
    return width


def is_han(char: str) -> bool:
    return bool(char) and HAN.match(char) is not None


def is_cjk(char: str) -> bool:
    """Han, CJK punctuation, or a full-width form: the characters that make a context Chinese."""
    if not char:
        return False
    return is_han(char) or char in CJK_PUNCT or "\u3000" <= char <= "\u303f" or "\uff01" <= char <= "\uff60"


def ends_sentence(text: str) -> bool:
    """Whether `text` ends with sentence-final punctuation, allowing closing quotes/brackets after it."""
    stripped = text.rstrip().rstrip(TRAILING_CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def leading_width(line: str) -> int:
    """Display width of a line's leading whitespace (U+3000 counts 2)."""
    return display_width(line[: len(line) - len(line.lstrip())].replace("\t", "    "))
