"""The few lines a rule reads, found by one search of all the lines' texts joined.

Most rules read few lines: those that hold a string (two spaces, a leader's dot) or open with a
certain character (a caption's 表). Asked of each line, such a first test costs a call per line;
asked of the texts joined by line breaks, it is a search for a string, which skips through the
text, or for a pattern that opens with a line break ("\\n[表附]": a line opening with 表 or 附), which
the engine tries at each line break only: far cheaper than a call per line. (A pattern that opens
with a character class tries it at every character: a longer way through the text.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

#: Every whitespace character (a pattern's \s, `str.isspace`) but the line break, as the inside of a
#: character class: in a pattern searched through the joined texts, it matches within one text.
SPACES_BUT_LINE_BREAK = "\t\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


class JoinedLines:
    """The texts of some lines, and the same as one text, each after a line break."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        # (A line's text holds no line break: the text is split at them. One join, after an empty
        # first text: a line break put before the joined texts would copy them all again.)
        self.text = "\n".join(["", *texts])

    def holding(self, strings: Iterable[str]) -> list[int]:
        """The positions (in order) of the texts that hold any of the strings; a string that opens with
        a line break ("\\n表") finds the texts that open with what follows it."""
        text = self.text
        found: set[int] = set()
        openings: list[str] = []
        for string in strings:
            if len(string) == 2 and string[0] == "\n":
                openings.append(string[1])  # (one search finds them all: see `_opening`)
                continue
            position = -1  # the text in which `string` was found last
            counted = 0  # the line breaks before this offset are counted in `position`
            start = text.find(string)
            while start >= 0:
                end = start + len(string)
                position += text.count("\n", counted, end)
                found.add(position)
                counted = text.find("\n", end)  # the text's end: the next is found in a later text
                if counted < 0:
                    break
                start = text.find(string, counted)
        if openings:
            found.update(opening_lines(text, _opening(frozenset(openings))))
        return sorted(found)

    def opening(self, pattern: re.Pattern[str]) -> list[int]:
        """The positions (in order) of the texts `pattern` matches at their start (see `opening_lines`)."""
        return opening_lines(self.text, pattern)

    def closing(self, pattern: re.Pattern[str]) -> list[int]:
        """The positions (in order) of the texts that `pattern` matches read backwards from their end:
        it is searched in the joined text reversed (each text reversed, after a line break), as
        `opening_lines` searches (a pattern that opens with a line break stops at each only)."""
        last = len(self.texts) - 1
        return [last - position for position in reversed(opening_lines("\n" + self.text[:0:-1], pattern))]


def opening_lines(text: str, pattern: re.Pattern[str]) -> list[int]:
    """The positions (in order) of the lines of `text` (each after a line break, as in
    `JoinedLines.text`) that `pattern` matches at their start, from the line break before them (no
    other line break in what it matches). The pattern's engine stops at each line break only, where
    it opens with one: a search of its literal first character."""
    found: list[int] = []
    position = -1  # the line in which the pattern matched last
    counted = 0  # the line breaks before this offset are counted in `position`
    for match in pattern.finditer(text):
        end = match.start() + 1  # (the line break before the line)
        position += text.count("\n", counted, end)
        counted = end
        found.append(position)
    return found


@cache
def _opening(characters: frozenset[str]) -> re.Pattern[str]:
    """A line break, then one of the characters: the texts that open with one. One search for them
    all: each string's own search would stop at every line break its first character is (a line
    break opens every text), the pattern's engine stops there once for all of them."""
    return re.compile("\n[" + "".join(map(re.escape, sorted(characters))) + "]")
