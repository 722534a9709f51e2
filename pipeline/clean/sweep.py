"""The few lines a rule reads, found by one search of all the lines' texts joined.

Most rules read few lines: those that hold a string (two spaces, a leader's dot) or open with a
certain character (a caption's 表). Asked of each line, such a first test costs a call per line;
asked of the texts joined by line breaks, it is one search. A search for a string (or for a pattern
that opens with one: a line break, then the character a line opens with) skips through the text,
where a character class is tried at every character: write a rule's first test so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


class Strings:
    """Strings to look for, each as a pattern of its own (see the module's docstring)."""

    def __init__(self, strings: Iterable[str]) -> None:
        self.patterns = [re.compile(re.escape(string)) for string in strings]


class JoinedLines:
    """The texts of some lines, and the same as one text, each after a line break."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.text = "\n" + "\n".join(texts)  # (a line's text holds no line break: the text is split at them)

    def holding(self, pattern: re.Pattern[str]) -> list[int]:
        """The positions (in order) of the texts in which `pattern` finds a match. The pattern matches
        no line break, but one that opens it, before a text: a test of how the text opens."""
        text = self.text
        found: list[int] = []
        position = -1  # the text of the last match
        counted = 0  # the line breaks before this offset are counted in `position`
        match = pattern.search(text)
        while match is not None:
            end = match.end()
            position += text.count("\n", counted, end)
            found.append(position)
            counted = text.find("\n", end)  # the text's end: the next match is in a later one
            if counted < 0:
                break
            match = pattern.search(text, counted)
        return found

    def holding_any(self, strings: Strings) -> list[int]:
        """The positions (in order) of the texts that hold any of the strings."""
        found: set[int] = set()
        for string in strings.patterns:
            found.update(self.holding(string))
        return sorted(found)
