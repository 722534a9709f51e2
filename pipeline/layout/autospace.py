"""Han–Latin spacing as markup: text → HTML where Latin/digit runs next to Han get a styled span.

clreq §3.2.2 asks for a quarter em between Han characters and Western letters or digits. The
space is typography, not text: it is a CSS margin on a span (classes `sp-l`/`sp-r`), so copied
text contains no inserted character. Numbers of one or two digits also get the class `tcy`: in
vertical writing they stand upright across the column (縱中橫, as clreq describes), longer ones lie
on their side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from pipeline.unicode import HAN_RANGES

_HAN_CHAR = re.compile(f"[{HAN_RANGES}]")
#: Set upright across the column in vertical writing (縱中橫): numbers of one or two digits.
_UPRIGHT_NUMBER = re.compile(r"[0-9]{1,2}")
#: A run of Western text: letters, digits and the punctuation that lives inside numbers, words, URLs,
#: e-mail addresses and paths.
#: Combining marks (diacritics) stay in the run of their base letter: "e\u0301" is one letter.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_LETTER = "A-Za-z0-9\u00c0-\u024f"


def _latin_run(guard: str) -> re.Pattern[str]:
    """The pattern of a Latin run each of whose characters passes `guard` (a lookahead, or none)."""
    return re.compile(
        rf"{guard}[{_LETTER}][{_MARKS}]*"
        rf"(?:(?:{guard}[{_LETTER}{_MARKS}.,:/%+\-'&@#_=?~ ])*{guard}[{_LETTER}{_MARKS}%_])?"
    )


_LATIN_RUN = _latin_run("")
#: A keycap (1️⃣ #️⃣: a digit, # or * with U+FE0F and U+20E3) is an emoji, no Latin letter: in a
#: text that holds U+20E3, no character of a Latin run starts one.
_LATIN_RUN_BESIDE_KEYCAPS = _latin_run("(?![0-9#*]\ufe0f?\u20e3)")


@dataclass(frozen=True)
class Run:
    """A piece of text; `space_before`/`space_after` say whether a quarter em goes on that side."""

    text: str
    latin: bool = False
    space_before: bool = False
    space_after: bool = False


def split_runs(text: str) -> list[Run]:
    """Split text into Han-context runs and Latin runs, marking which Latin sides touch Han."""
    runs: list[Run] = []
    position = 0
    for match in (_LATIN_RUN_BESIDE_KEYCAPS if "\u20e3" in text else _LATIN_RUN).finditer(text):
        start, end = match.span()
        if start > position:
            runs.append(Run(text[position:start]))
        before = text[start - 1] if start > 0 else ""
        after = text[end] if end < len(text) else ""
        runs.append(
            Run(
                match.group(),
                latin=True,
                space_before=bool(before and _HAN_CHAR.match(before)),
                space_after=bool(after and _HAN_CHAR.match(after)),
            )
        )
        position = end
    if position < len(text):
        runs.append(Run(text[position:]))
    return runs


def autospace_html(text: str) -> Markup:
    """Escape `text`; wrap Latin runs that touch Han in `<span class="latin sp-l sp-r">`, and
    numbers of one or two digits in a span with the class `tcy` too."""
    parts: list[str] = []
    for run in split_runs(text):
        upright = run.latin and _UPRIGHT_NUMBER.fullmatch(run.text) is not None
        if run.latin and (run.space_before or run.space_after or upright):
            classes = (
                "latin"
                + (" sp-l" if run.space_before else "")
                + (" sp-r" if run.space_after else "")
                + (" tcy" if upright else "")
            )
            parts.append(f'<span class="{classes}">{escape(run.text)}</span>')
        else:
            parts.append(str(escape(run.text)))
    return Markup("".join(parts))
