"""Addresses an extractor shattered: a URL or e-mail address set as one unbreakable piece that a
justified line stretched, written as fragments — one a line (pdftotext, `-layout`: "ht / t / p: /
/ / www. / f / j / …") or with spaces between them (pypdf: "h ttp ://w w w .fjyc w .c o m").

Two rules, each where the pieces put together are one address and nothing else: the lines of
such a run continue the block and the word they are in (`Line.break_before`, read by the paragraph
rules; `Line.continues_word`, read by `spacing.join_lines`), and the spaces between the pieces of a
line go (`join_address`, applied by `spacing.normalise_spaces`).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from pipeline.clean.text import display_width

if TYPE_CHECKING:
    from pipeline.clean.lines import Line

#: The characters of an address.
_ADDRESS_CHARACTERS = r"[A-Za-z0-9.:/@?=&%#_~+\-]"
#: One address, whole: a URL (with its scheme, or from www.) or an e-mail address.
ADDRESS = re.compile(
    r"(?:https?://|www\.)[A-Za-z0-9.\-]+(?:/[A-Za-z0-9.:/?=&%#_~+\-]*)?"
    r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
)
#: The characters an address starts with (a scheme's, www's or an e-mail's name's).
_ADDRESS_INITIALS = frozenset(f"{string.ascii_letters}{string.digits}._%+-")
#: Runs of address characters separated by single spaces: where a shattered address may lie.
_SPACED_RUN = re.compile(rf"{_ADDRESS_CHARACTERS}+(?: {_ADDRESS_CHARACTERS}+)+")
#: The most characters of a fragment.
_FRAGMENT_LENGTH = 16
#: A fragment: a few address characters alone on a line.
_FRAGMENT = re.compile(rf"{_ADDRESS_CHARACTERS}{{1,{_FRAGMENT_LENGTH}}}")
#: The fewest fragment lines that make a shattered address.
_FEWEST_FRAGMENTS = 3
#: The longest mean piece of a shattered address (words written apart are longer), none of them an
#: address by itself ("write to a@b.cn" is written, not shattered).
_SHATTERED_LENGTH = 6


def mark_shattered_addresses(lines: list[Line]) -> None:
    """Lines that are fragments of one address continue the word above them, and its block (where
    no stronger evidence decided already)."""
    # (A line that opens with an enumeration marker is an item's, whatever it holds.)
    # (A list, not a generator: read once, line by line, it costs less.)
    for run in shattered_runs([None if line.marker else line.body for line in lines]):
        for index in run:
            lines[index].continues_word = True
            if lines[index].break_before is None:
                lines[index].break_before = False


def shattered_runs(texts: Iterable[str | None]) -> Iterator[list[int]]:
    """The runs of lines that are the fragments of one address, one a line, each as the list of
    their indices: enough of them, an address in them put together, none an address by itself (a
    column of addresses is no shattered one). `texts`: each line without its surrounding spaces
    ("" if blank), or None where a line is no fragment whatever it holds. Blank lines inside a run
    (a double-spaced text writes one after each fragment too) neither end nor join it."""
    run: list[int] = []
    pieces: list[str] = []
    for index, text in enumerate(texts):
        # (Most lines are blank, longer than a fragment or hold a character beyond ASCII, which no
        # address has: told without the pattern.)
        if text and len(text) <= _FRAGMENT_LENGTH and text.isascii() and _FRAGMENT.fullmatch(text):
            run.append(index)
            pieces.append(text)
        elif run and text != "":  # a line that is no fragment ends the run (a blank line in it does not)
            if _shattered(pieces):
                yield run
            run, pieces = [], []
    if _shattered(pieces):
        yield run


def _shattered(run: list[str]) -> bool:
    return (
        len(run) >= _FEWEST_FRAGMENTS
        and ADDRESS.search("".join(run)) is not None
        and not any(ADDRESS.fullmatch(text) for text in run)
    )


def holds_address(text: str) -> bool:
    """Whether text holds an address: none does without a scheme's "://", "www." or an e-mail's "@"
    (told first: most text holds none of them, and the pattern's search is slow on long words)."""
    return ("@" in text or "://" in text or "www." in text) and ADDRESS.search(text) is not None


_ADDRESS_AT_END = re.compile(f"(?:{ADDRESS.pattern})$")


def ends_in_address(text: str) -> bool:
    """Whether text ends in an address (shattered or not): a sentence that takes no stop after it."""
    return text[-1:].isascii() and _ADDRESS_AT_END.search(join_address(text[-200:])) is not None


def leading_address_width(line: Line) -> int:
    """The width a line's opening address took as printed (0 if it opens with none): one
    unbreakable piece, however an extractor wrote it (full-width, spaced out)."""
    if line.first not in _ADDRESS_INITIALS:
        return 0  # (joining a shattered address keeps its first character: most lines are told so)
    found = ADDRESS.match(join_address(line.body))
    if found is None:
        return 0
    characters = len(found.group())
    width = 0
    for char in line.printed:
        if characters == 0:
            break
        if not char.isspace():
            width += display_width(char)
            characters -= 1
    return width


def join_address(text: str) -> str:
    """Drop the spaces between the pieces of a shattered address; other text stays as it is."""
    if " " not in text or not ("@" in text or ":" in text or "www" in text):
        return text  # no scheme, no @, no www: no address (a cheap test for most text)
    return _SPACED_RUN.sub(_joined, text)


def _joined(match: re.Match[str]) -> str:
    run = match.group()
    pieces = run.split(" ")
    joined = "".join(pieces)
    if (
        len(pieces) >= 3
        and len(joined) <= _SHATTERED_LENGTH * len(pieces)
        and ADDRESS.fullmatch(joined)
        and not any(ADDRESS.fullmatch(piece) for piece in pieces)
    ):
        return joined
    return run
