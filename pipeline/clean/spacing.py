"""Reading text of a block: its source lines → one string with extraction spaces removed.

Lines join without a space in Chinese and with one between Latin words (a word hyphenated at the
line end is rejoined). Spaces an extractor put between Han characters and digits or Latin ("2020 年"),
around Chinese punctuation, and between the letters of a letter-spaced line ("加 大 创 业") go; the
layout adds the proper quarter-em Han–Latin spacing later. In prose (a block with sentence
punctuation, or a clause ending with a colon) a space between Han characters is a justified line's
stretch ("提高 至50万 元": Chinese sets no spaces between words), but for the one after a
description list's term ("• 高质量 它制作…");
elsewhere a single space between two multi-character Han phrases (a title's two clauses) stays, as do
spaces between Latin words. A law sets the number of its unit apart from what follows ("第一条　为了…",
"第 一 章   总  则"): where the source has a space after it, one space stays there.
"""

from __future__ import annotations

import re

from pipeline.clean.fragments import join_address
from pipeline.clean.lines import Line
from pipeline.clean.markers import BARE_KINDS, BARE_NUMBER, marker_match, strip_marker
from pipeline.clean.report import CleanReport
from pipeline.clean.text import SENTENCE_PUNCTUATION
from pipeline.unicode import CJK, HAN, is_han

#: Bullets a description list's items may open with.
_BULLETS = "•·▪●○◦‣-*"
#: The longest term of a description list (Han characters): "高质量", "跨平台".
_TERM_MAX = 6
_WHITESPACE_RUN = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_LATIN_END = re.compile(r"[A-Za-z0-9\u00c0-\u024f]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9\u00c0-\u024f]")
_HYPHENATED = re.compile(r"[A-Za-z\u00c0-\u024f]-$")
#: The first character past Latin Extended-B: a line ending at or above it ends in no Latin word.
_PAST_LATIN = "\u0250"


def join_lines(lines: list[Line], report: CleanReport) -> str:
    """Join a block's lines into one string, then normalise its spaces (`normalise_spaces`: the
    joined text's whitespace is single spaces already, each line's collapsed and stripped)."""
    pieces: list[str] = []
    previous_number = 0  # the source line the text so far ends on
    last_char = ""  # the text so far ends with it (most pieces are a line's body: its `last`)
    for line in lines:
        body = line.body
        # Most lines hold no whitespace inside (isprintable is False for every space but U+0020).
        if " " not in body and body.isprintable():
            piece, last = body, line.last
        else:
            # (Of the body, as of the line's text: the indent and marks around it are blanks too, and
            # without the indent's run of spaces most bodies need no pattern to collapse.)
            piece = _collapsed(body).strip()
            last = piece[-1:]
        if not piece:
            continue
        # Only the end of the text so far matters (linear), and only where a Latin word may end it
        # (not after Chinese).
        if pieces and last_char < _PAST_LATIN:
            end = pieces[-1][-2:]
            if end[-1] == "-" and _HYPHENATED.search(end) and piece[:1].islower():
                report.add("hyphen-join", previous_number, "-")
                pieces[-1] = pieces[-1][:-1]
            elif separator(end, piece) and not line.continues_word:
                pieces.append(" ")
        pieces.append(piece)
        last_char = last
        previous_number = line.number
    text = "".join(pieces)
    number = BARE_NUMBER.match(text) if lines and lines[0].marker in BARE_KINDS else None
    if number is not None and number.end() < len(text):
        # A law's bare number keeps the space that sets it apart: without it, an item's text that
        # opens with a numeral reads as part of its number ("一 一个…" is item 一, not 一一).
        rest = text[number.end() :]
        return number.group().strip() + " " + _single_spaced(rest, rest)
    return _single_spaced(text, text)


def _collapsed(text: str) -> str:
    """Each run of whitespace as one space. Most text holds single spaces only, and is told so
    without the pattern: `isprintable` is False for every whitespace character but U+0020."""
    if text.isprintable() and "  " not in text:
        return text
    return _WHITESPACE_RUN.sub(" ", text)


def separator(before: str, after: str) -> str:
    """What joins text ending in `before` to text starting with `after` across a line break: a space
    between Latin words, nothing in Chinese (nor between two numbers, which a wrap split)."""
    if (
        _LATIN_END.search(before)
        and _LATIN_START.match(after)
        and not (before[-1].isdigit() and after[0].isdigit())
    ):
        return " "
    return ""


def normalise_spaces(text: str) -> str:
    """Collapse whitespace, drop spaces the extractor added in Chinese context (see module doc)."""
    if " " not in text and text.isprintable():
        return text  # no whitespace at all (isprintable is False for every space but U+0020): most blocks
    printed = text.strip()
    return _single_spaced(_collapsed(printed), printed)


def _single_spaced(text: str, printed: str) -> str:
    """`normalise_spaces` of a text whose whitespace is single spaces between other characters (as
    it is once collapsed and stripped); `printed`: the text with its spaces as the source set them."""
    if " " not in text:
        return text
    text = join_address(text)
    if " " not in text:
        return text
    if (unit := _law_unit(text)) is not None:
        rest = text[unit.end() :]
        glue = "" if _prose(text) and _letter_spaced_alike(printed, rest) else " "
        return unit.group().replace(" ", "") + glue + _single_spaced(rest, rest)
    return _respaced(text)


def _prose(text: str) -> bool:
    """Whether a text is prose: it holds sentence punctuation, or ends with a colon (a sentence
    leading into what follows, "有下列情形之一的："). (Asked only where it decides a space: most texts
    with spaces hold none between Han characters.)"""
    return SENTENCE_PUNCTUATION.search(text) is not None or text.endswith("：")


def _letter_spaced_alike(printed: str, rest: str) -> bool:
    """Whether a line of prose opening with a law unit's letter-spaced number ("第 三 条 学 习 …")
    was letter-spaced whole: the text after the number (`rest`) is spaced out too, and no gap in the
    line is wider than another. Then the gap after the number is one like the rest, and says nothing
    of a space there ("第三条学习…"); a wider one is the printed space ("第 二 章   附  则")."""
    tokens = rest.split(" ", 2)
    letter_spaced = len(tokens) > 1 and len(tokens[0]) == 1 and len(tokens[1]) == 1
    gaps = set(_WHITESPACE_RUN.findall(printed))  # ("　", a full-width space, is wider than " ")
    return letter_spaced and len(gaps) == 1


def _law_unit(text: str) -> re.Match[str] | None:
    """The number of a law's unit opening `text` with a space after it and text after that (the
    match ends with that space), or None."""
    if not text.startswith("第"):
        return None
    match = marker_match(text)  # (only a law's units start with 第)
    if match is not None and match.group().endswith(" ") and match.end() < len(text):
        return match
    return None


#: A space with Chinese context (`unicode.CJK`: Han, CJK punctuation, full-width forms, "%") on
#: either side: an extraction artifact, but where Han stands on both sides (`_BETWEEN_HAN`).
_BESIDE_CHINESE = re.compile(f" (?:(?={CJK.pattern})|(?<={CJK.pattern} ))")
#: A space with no Chinese context on either side: one `_BESIDE_CHINESE` does not match.
_APART_FROM_CHINESE = re.compile(f" (?<!{CJK.pattern} )(?!{CJK.pattern})")
#: A space between two Han characters: whether it stays depends on the block (see `_respaced`).
_BETWEEN_HAN = re.compile(f" (?={HAN.pattern})(?<={HAN.pattern} )")


def _respaced(text: str) -> str:
    """A text with single spaces, with only the spaces that are no
    extraction artifact:

    - between Latin, digits or other marks a space stays ("50 %" has Chinese context: "%" is CJK
      punctuation, see `unicode.CJK_PUNCT`);
    - next to Chinese context that is no Han on both sides (CJK punctuation, digits or Latin beside
      Han) it goes;
    - between two Han characters, in prose (`_prose`) it goes but for the one after a description list's
      term (`_term`); elsewhere it goes where it letter-spaces lone characters ("加 大 创 业",
      `_letter_spacing`) and a space between two phrases (a title's two clauses) stays.

    Each rule is one pattern over the text but for the spaces between Han characters that stay:
    the text is cut at those, and the pieces joined with a space again.
    """
    # A space that stays stands between two Han characters: a text without one (most with spaces:
    # digits, Latin or punctuation beside Han) is told by one search.
    between_han = _BETWEEN_HAN.search(text) is not None
    kept = (_kept_between_han(text) if _prose(text) else _phrase_spaces(text)) if between_han else []
    if not kept:
        return _without_spaces_beside_chinese(text)
    pieces = []
    start = 0
    for position in kept:
        pieces.append(_without_spaces_beside_chinese(text[start:position]))
        start = position + 1
    pieces.append(_without_spaces_beside_chinese(text[start:]))
    return " ".join(pieces)


def _without_spaces_beside_chinese(text: str) -> str:
    """`text` without the spaces that have Chinese context (`_BESIDE_CHINESE`). In most texts every
    space has: told by one search that finds no other, they all go at once (the pattern's
    substitution makes a match, and a piece of the text, of each)."""
    if _APART_FROM_CHINESE.search(text) is None:
        return text.replace(" ", "")
    return _BESIDE_CHINESE.sub("", text)


def _kept_between_han(text: str) -> list[int]:
    """Where the space between two Han characters that stays in prose is: the one after a
    description list's term (`_term`, all Han), where Han follows it."""
    tokens = text.split(" ")
    term = _term(tokens)
    if term < 0 or term + 1 == len(tokens):
        return []
    position = sum(len(token) for token in tokens[: term + 1]) + term  # the space after the term
    return [position] if is_han(text[position + 1]) else []


def _phrase_spaces(text: str) -> list[int]:
    """Where the spaces between two Han characters are that set phrases apart, not letters."""
    spaces = (match.start() for match in _BETWEEN_HAN.finditer(text))
    return [position for position in spaces if not _letter_spacing(text, position)]


def _letter_spacing(text: str, position: int) -> bool:
    """Whether the space at `position` letter-spaces lone characters: a one-character word on one of
    its sides has a one-character word beside it (on its other side, or across this space)."""
    alone_before = _one_character(text, position - 1)
    alone_after = _one_character(text, position + 1)
    return (alone_before and (alone_after or _one_character(text, position - 3))) or (
        alone_after and _one_character(text, position + 3)
    )


def _one_character(text: str, index: int) -> bool:
    """Whether the word at `index` (a character, or out of the text: no word) is one character long:
    spaces, or the text's ends, on both its sides."""
    if not 0 <= index < len(text) or text[index] == " ":
        return False
    return (index == 0 or text[index - 1] == " ") and (index + 1 == len(text) or text[index + 1] == " ")


def _term(tokens: list[str]) -> int:
    """The index of the token that is a description list's term, -1 where none is: the block's first
    word (after nothing but its bullet or number), two to a few Han characters. (Found once for the
    block, not at each space.)"""
    for index, token in enumerate(tokens):
        word = _unmarked(token)
        if word:
            return index if 2 <= len(word) <= _TERM_MAX and all(is_han(char) for char in word) else -1
    return -1


def _unmarked(token: str) -> str:
    """A token without a bullet or enumeration marker at its start."""
    return strip_marker(token.lstrip(_BULLETS))
