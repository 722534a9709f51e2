"""The few lines a rule reads, found by one search of all the lines' texts joined.

Most rules read few lines: those that hold a string (two spaces, a leader's dot) or open with a
certain character (a caption's 表). Asked of each line, such a first test costs a call per line;
asked of the texts joined by line breaks, it is a search for a string ("\\n表": a line opening with
表), which skips through the text: far cheaper than a call per line, or than a pattern, which tries
its character class (or its line break) at every character (every line).
"""

from __future__ import annotations

from collections.abc import Iterable


class JoinedLines:
    """The texts of some lines, and the same as one text, each after a line break."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.text = "\n" + "\n".join(texts)  # (a line's text holds no line break: the text is split at them)

    def holding(self, strings: Iterable[str]) -> list[int]:
        """The positions (in order) of the texts that hold any of the strings; a string that opens with
        a line break ("\\n表") finds the texts that open with what follows it."""
        text = self.text
        found: set[int] = set()
        for string in strings:
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
        return sorted(found)
