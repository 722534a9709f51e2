"""Text → unbreakable atoms under the line-breaking rules of clreq (W3C Requirements for Chinese Text Layout).

clreq §3.1.7 (GB/T 15834 practice, "strict" level): closing punctuation never starts a line, opening
punctuation never ends one, and the two-em dash —— and the ellipsis …… are never split. An atom is the
smallest piece a line may break around: a Han character (or a Latin word) with the opening punctuation
before it and the closing punctuation after it glued on. Breaking only between atoms makes the rules hold
by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.layout.autospace import split_runs

#: Never at a line start (clreq §3.1.7, 行首禁则): closing brackets and quotes, pause and stop marks.
CLOSING = frozenset("、，。．：；？！）］｝〕〉》」』】〗〙〛”’％‰℃·・ー々,.;:?!)]}%")
#: Never at a line end (行尾禁则): opening brackets and quotes, currency signs that lead numbers.
OPENING = frozenset("（［｛〔〈《「『【〖〘〚“‘([{¥$£€")
#: Full-width punctuation whose glyph sits on one half of the em box and may be set half-width (halt).
HALF_RIGHT_BLANK = frozenset("、，。．：；？！）］｝〕〉》」』】〗〙〛”’")
HALF_LEFT_BLANK = frozenset("（［｛〔〈《「『【〖〘〚“‘")

_INSEPARABLE_RUN = re.compile("[—…⸺]{2,}")


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


@dataclass(frozen=True)
class Atom:
    """Pieces that must stay on one line; a line break may fall only between atoms."""

    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces)


def split_pieces(text: str) -> list[Piece]:
    """Cut text into pieces: Han-context characters one by one, Latin runs word by word."""
    pieces: list[Piece] = []
    for run in split_runs(text):
        if run.latin:
            words = re.split(r"( +)", run.text)
            words = [word for word in words if word]
            for index, word in enumerate(words):
                pieces.append(
                    Piece(
                        word,
                        latin=True,
                        is_space=word.isspace(),
                        space_before=run.space_before and index == 0,
                        space_after=run.space_after and index == len(words) - 1,
                    )
                )
            continue
        position = 0
        for match in _INSEPARABLE_RUN.finditer(run.text):
            pieces.extend(map(_han_piece, run.text[position : match.start()]))
            pieces.append(Piece(match.group()))
            position = match.end()
        pieces.extend(map(_han_piece, run.text[position:]))
    return pieces


@lru_cache(maxsize=16384)
def _han_piece(char: str) -> Piece:
    """The piece of one character (shared: pieces are immutable, and a book reuses a few thousand)."""
    return Piece(char, is_space=char.isspace())


def atomize(text: str) -> list[Atom]:
    """Group pieces into atoms: opening punctuation joins the next piece; closing punctuation and
    spaces join the previous one (a space at a line end is dropped, not counted).

    A single opening mark opens; a Latin piece closes when it is a closing mark, any other piece when
    its first character is one (")" closes, "）。" too).
    """
    groups: list[list[Piece]] = []
    pending_open: list[Piece] = []
    for piece in split_pieces(text):
        piece_text = piece.text  # tests written out, not called: a book has 10⁵ pieces
        if len(piece_text) == 1 and piece_text in OPENING:
            pending_open.append(piece)
        elif (
            ((piece_text in CLOSING if piece.latin else piece_text[0] in CLOSING) or piece.is_space)
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
    return char in CLOSING


def prohibited_end(char: str) -> bool:
    """True when `char` may not end a line."""
    return char in OPENING
