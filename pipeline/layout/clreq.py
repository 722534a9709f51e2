"""Text → unbreakable atoms under the line-breaking rules of clreq (W3C Requirements for Chinese Text Layout).

clreq §3.1.7 (GB/T 15834 practice, "strict" level): closing punctuation never starts a line, opening
punctuation never ends one, and the two-em dash —— and the ellipsis …… are never split. An atom is the
smallest piece a line may break around: a Han character (or a Latin word) with the opening punctuation
before it and the closing punctuation after it glued on. Breaking only between atoms makes the rules hold
by construction.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from pipeline.layout.autospace import split_runs
from pipeline.unicode import LINE_END_PROHIBITED, LINE_START_PROHIBITED

_INSEPARABLE_RUN = re.compile("[—…⸺]{2,}")

#: Where a URL, path, e-mail address or long number may break: after a run of / . _ ? & = that a
#: letter or digit follows, so "https://" stays whole (nothing follows "//" but a letter) and a
#: decimal point or thousands separator between digits never breaks ("3.14", "1,000"); and before a
#: hyphen, never after it (as the Chicago Manual of Style has it for URLs): a line ending in "-"
#: reads as a hyphenated word, and text extractors (pdftotext) join it and drop the hyphen.
_LATIN_BREAK = re.compile(r"(?<=[/._?&=])(?<![0-9][.,])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=-[A-Za-z0-9])")
#: A Latin chunk longer than this many characters may also break between any two characters: a
#: long word, path or number breaks rather than leave a line stretched (`Piece.joins_next`).
LONG_WORD = 12
#: Characters a long word keeps on each side of a break inside it (as hyphenation's left and right
#: minimums): never "P" alone at a line end.
MIN_PART = 3


@dataclass(frozen=True)
class Piece:
    """A run of characters that is one unit for breaking: a character, a Latin word or a dash pair."""

    text: str
    latin: bool = False
    #: a quarter em goes before / after this piece when it is not at a line edge (clreq §3.2.2)
    space_before: bool = False
    space_after: bool = False
    #: an ASCII space that may be dropped when a line breaks there
    is_space: bool = False
    #: a break after this piece falls inside a word: taken only when no other keeps the line within
    #: its stretch limit (long Latin words; words of a title or heading, by the segmenter)
    joins_next: bool = False
    #: a footnote reference mark set as a note call: the index of the call in its block, else -1
    call: int = -1


@dataclass(frozen=True)
class Atom:
    """Pieces that must stay on one line; a line break may fall only between atoms."""

    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces)


def split_pieces(text: str) -> list[Piece]:
    """Cut text into pieces: Han-context characters one by one (a character with its combining marks,
    variation selector or emoji sequence is one), Latin runs word by word, and long Latin words at
    their break opportunities (`_LATIN_BREAK`, `LONG_WORD`)."""
    pieces: list[Piece] = []
    for run in split_runs(text):
        if run.latin:
            pieces.extend(_latin_pieces(run.text, run.space_before, run.space_after))
            continue
        position = 0
        for match in _INSEPARABLE_RUN.finditer(run.text):
            pieces.extend(map(_han_piece, clusters(run.text[position : match.start()])))
            pieces.append(Piece(match.group()))
            position = match.end()
        pieces.extend(map(_han_piece, clusters(run.text[position:])))
    return pieces


def _latin_pieces(text: str, space_before: bool, space_after: bool) -> list[Piece]:
    """A Latin run's pieces: words and the spaces between them; a word in chunks after its break
    characters, and a chunk longer than `LONG_WORD` character by character (`joins_next`)."""
    words = [word for word in re.split(r"( +)", text) if word]
    pieces: list[Piece] = []
    for index, word in enumerate(words):
        if word.isspace():
            pieces.append(Piece(word, latin=True, is_space=True))
            continue
        parts: list[tuple[str, bool]] = []
        for chunk in _LATIN_BREAK.split(word):
            characters = clusters(chunk)
            if len(characters) > LONG_WORD:  # at least MIN_PART characters on either side of a break
                head, *middle, tail = (
                    "".join(characters[:MIN_PART]),
                    *characters[MIN_PART:-MIN_PART],
                    "".join(characters[-MIN_PART:]),
                )
                parts.extend((part, True) for part in (head, *middle))
                parts.append((tail, False))
            else:
                parts.append((chunk, False))
        for number, (part, joins) in enumerate(parts):
            pieces.append(
                Piece(
                    part,
                    latin=True,
                    space_before=space_before and index == 0 and number == 0,
                    space_after=space_after and index == len(words) - 1 and number == len(parts) - 1,
                    joins_next=joins,
                )
            )
    return pieces


def clusters(text: str) -> list[str]:
    """`text` as user-perceived characters (a working subset of Unicode's extended grapheme
    clusters, UAX #29): a base with its combining marks, variation selectors and emoji modifiers,
    emoji joined by ZWJ, flag pairs of regional indicators, tag sequences. Never split by a line
    break or a span."""
    if not any(map(_extends, set(text))) and not any(map(_is_regional, set(text))):
        return list(text)  # the common case: every character is a cluster of its own
    found: list[str] = []
    for char in text:
        if found and (_extends(char) or found[-1][-1] == "\u200d" or _completes_flag(found[-1], char)):
            found[-1] += char
        else:
            found.append(char)
    return found


@lru_cache(maxsize=4096)
def _extends(char: str) -> bool:
    """True for what continues the cluster before it: marks, ZWJ, variation selectors, modifiers, tags."""
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Me", "Mc")
        or code == 0x200D  # zero width joiner
        or 0xFE00 <= code <= 0xFE0F  # variation selectors (Mn, listed for clarity)
        or 0x1F3FB <= code <= 0x1F3FF  # emoji skin-tone modifiers
        or 0xE0020 <= code <= 0xE007F  # tags (subdivision flags)
    )


def _completes_flag(previous: str, char: str) -> bool:
    """A regional indicator after a lone one makes a flag (🇨 + 🇳 = 🇨🇳)."""
    return _is_regional(char) and len(previous) == 1 and _is_regional(previous)


def _is_regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


@lru_cache(maxsize=16384)
def _han_piece(char: str) -> Piece:
    """The piece of one character or cluster (shared: pieces are immutable, and a book reuses a few
    thousand)."""
    return Piece(char, is_space=char.isspace())


def call_pieces(text: str, calls: Sequence[tuple[int, int]]) -> list[Piece]:
    """Pieces of `text` where each (start, end) range of `calls` is one note-call piece.

    The text between calls is cut on its own, so no quarter em goes between a call and its
    neighbours: a note call is set small and raised, against the character before it.
    """
    pieces: list[Piece] = []
    position = 0
    for number, (start, end) in enumerate(calls):
        pieces.extend(split_pieces(text[position:start]))
        pieces.append(Piece(text[start:end], latin=True, call=number))
        position = end
    pieces.extend(split_pieces(text[position:]))
    return pieces


def atomize(text: str, calls: Sequence[tuple[int, int]] = ()) -> list[Atom]:
    """Group pieces into atoms: opening punctuation joins the next piece; closing punctuation,
    spaces and note calls join the previous one (a space at a line end is dropped, not counted).

    A single opening mark opens; a Latin piece closes when it is a closing mark, any other piece when
    its first character is one (")" closes, "）。" too). `calls` are the ranges of note calls, in order.
    """
    groups: list[list[Piece]] = []
    pending_open: list[Piece] = []
    no_start, no_end = LINE_START_PROHIBITED, LINE_END_PROHIBITED
    for piece in call_pieces(text, calls) if calls else split_pieces(text):
        piece_text = piece.text  # tests written out, not called: a book has 10⁵ pieces
        if len(piece_text) == 1 and piece_text in no_end:
            pending_open.append(piece)
        elif (
            (
                (piece_text in no_start if piece.latin else piece_text[0] in no_start)
                or piece.is_space
                or piece.call >= 0
            )
            and groups
            and not pending_open
        ):
            groups[-1].append(piece)
        else:
            groups.append([*pending_open, piece])
            pending_open = []
    if pending_open:
        if groups:
            groups[-1].extend(pending_open)
        else:
            groups.append(pending_open)
    return [Atom(tuple(group)) for group in groups]


def prohibited_start(char: str) -> bool:
    """True when `char` may not begin a line."""
    return char in LINE_START_PROHIBITED


def prohibited_end(char: str) -> bool:
    """True when `char` may not end a line."""
    return char in LINE_END_PROHIBITED
