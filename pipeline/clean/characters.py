"""Character repair, line by line: mis-mapped and out-of-place characters → the characters meant.

Each rule is a small named function in `CHARACTER_RULES`, applied in order to every line; each
change is reported with its code and source line. Rules only ever map or remove characters; they
never touch whitespace (spacing is `spacing.py`'s job).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import cache
from importlib import resources

from pipeline.clean.report import CleanReport
from pipeline.clean.text import HAN, is_cjk

CharacterRule = Callable[[str, int, CleanReport], str]
CHARACTER_RULES: dict[str, CharacterRule] = {}


def character_rule(function: CharacterRule) -> CharacterRule:
    """Register a rule under its function name; names are unique."""
    assert function.__name__ not in CHARACTER_RULES, function.__name__
    CHARACTER_RULES[function.__name__] = function
    return function


def repair_characters(text: str, line: int, report: CleanReport) -> str:
    """Apply every character rule in order to one line."""
    for rule in CHARACTER_RULES.values():
        text = rule(text, line, report)
    return text


def _map_each(text: str, line: int, report: CleanReport, code: str,
              mapping: Callable[[int, str], str | None]) -> str:
    """Replace characters for which `mapping(index, char)` returns a string; report each."""
    out: list[str] = []
    changed = False
    for index, char in enumerate(text):
        new = mapping(index, char)
        if new is None or new == char:
            out.append(char)
            continue
        report.add(code, line, char, new)
        out.append(new)
        changed = True
    return "".join(out) if changed else text


# Invisible characters that only ever get in the way: bidi controls, zero-width spaces, BOMs,
# soft hyphens, word joiners. ZWJ (U+200D) stays: emoji sequences need it.
_INVISIBLE = frozenset("\u00ad\u061c\u180e\u200b\u200c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                       "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff\ufff9\ufffa\ufffb")
_KEPT_CONTROLS = frozenset("\t\n\f")


@character_rule
def remove_control_characters(text: str, line: int, report: CleanReport) -> str:
    """C0/C1 controls (but tab, newline, form feed), bidi overrides, BOMs and zero-width spaces go."""
    def drop(_: int, char: str) -> str | None:
        if char in _KEPT_CONTROLS:
            return None
        category = unicodedata.category(char)
        noncharacter = 0xFDD0 <= ord(char) <= 0xFDEF or ord(char) & 0xFFFE == 0xFFFE
        return "" if category in ("Cc", "Cs") or char in _INVISIBLE or noncharacter else None
    return _map_each(text, line, report, "control-char", drop)


@cache
def _equivalent_unified_ideographs() -> dict[str, str]:
    """Unicode's EquivalentUnifiedIdeograph.txt: CJK radicals → the unified ideograph they show."""
    table: dict[str, str] = {}
    data_file = resources.files("pipeline.clean").joinpath("data/EquivalentUnifiedIdeograph.txt")
    data = data_file.read_text("utf-8")
    for row in data.splitlines():
        row = row.split("#", 1)[0].strip()
        if not row:
            continue
        source, target = (part.strip() for part in row.split(";"))
        first, _, last = source.partition("..")
        for code in range(int(first, 16), int(last or first, 16) + 1):
            table[chr(code)] = chr(int(target, 16))
    return table


@character_rule
def map_radicals(text: str, line: int, report: CleanReport) -> str:
    """Kangxi radicals (⽅) and the CJK radicals supplement (⻓) → unified ideographs (方, 长).

    NFKC maps only the Kangxi block; Unicode's EquivalentUnifiedIdeograph data covers both.
    """
    table = _equivalent_unified_ideographs()
    return _map_each(text, line, report, "kangxi-radical",
                     lambda _, c: table.get(c) if "\u2e80" <= c <= "\u2fdf" else None)


@character_rule
def map_compatibility_ideographs(text: str, line: int, report: CleanReport) -> str:
    """CJK compatibility ideographs (U+F900–FAFF, U+2F800–2FA1F) → their canonical unified ideographs."""
    def canonical(_: int, char: str) -> str | None:
        if "\uf900" <= char <= "\ufaff" or "\U0002f800" <= char <= "\U0002fa1f":
            return unicodedata.normalize("NFC", char)
        return None
    return _map_each(text, line, report, "compat-ideograph", canonical)


# Founder (方正) fonts put GB2312 punctuation at the code points whose value equals the GB2312
# bytes: row 1 (A1xx: 、。“”《》…) and row 3 (A3xx: full-width ASCII). Those land in the Yi
# Syllables block. U+A3AE shows 。 in these fonts, not GB2312's ．.
_FOUNDER_OVERRIDES = {"\ua3ae": "。"}


@cache
def _founder_punctuation(char: str) -> str | None:
    code = ord(char)
    if char in _FOUNDER_OVERRIDES:
        return _FOUNDER_OVERRIDES[char]
    if (0xA1A1 <= code <= 0xA1FE or 0xA3A1 <= code <= 0xA3FE):
        try:
            decoded = bytes([code >> 8, code & 0xFF]).decode("gb2312")
        except UnicodeDecodeError:
            return None
        return decoded
    return None


@character_rule
def map_founder_punctuation(text: str, line: int, report: CleanReport) -> str:
    """ꎬ (U+A3AC) → ，, ꎮ (U+A3AE) → 。 and their siblings, in lines that hold Han text."""
    if not HAN.search(text):
        return text
    return _map_each(text, line, report, "founder-punct", lambda _, c: _founder_punctuation(c))


_FULLWIDTH_TO_ASCII = {chr(0xFF10 + i): chr(0x30 + i) for i in range(10)}
_FULLWIDTH_TO_ASCII |= {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
_FULLWIDTH_TO_ASCII |= {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
_FULLWIDTH_TO_ASCII |= {"％": "%", "＋": "+"}


@character_rule
def map_fullwidth_alphanumerics(text: str, line: int, report: CleanReport) -> str:
    """Full-width digits, letters, ％ and ＋ → ASCII; ． between digits → '.' (１．５ → 1.5)."""
    def narrow(index: int, char: str) -> str | None:
        if char == "．":
            before = text[index - 1] if index else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            if _is_digit(before) and _is_digit(after):
                return "."
            return None
        return _FULLWIDTH_TO_ASCII.get(char)
    return _map_each(text, line, report, "fullwidth-ascii", narrow)


def _is_digit(char: str) -> bool:
    return "0" <= char <= "9" or "０" <= char <= "９"


_FULLWIDTH_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def _chinese_neighbour(text: str, index: int, step: int) -> bool:
    """Whether the nearest non-space character in direction `step` is Chinese (Han or CJK punct)."""
    index += step
    while 0 <= index < len(text) and text[index] == " ":
        index += step
    return 0 <= index < len(text) and is_cjk(text[index])


@character_rule
def map_ascii_punctuation(text: str, line: int, report: CleanReport) -> str:
    """ASCII , ; : ? ! ( ) next to Chinese → full-width; ':' and ',' between digits (6:3:1, 3,000) stay."""
    if not any(c in _FULLWIDTH_PUNCT for c in text):
        return text
    convert_parens = _parentheses_in_chinese(text)

    def widen(index: int, char: str) -> str | None:
        if char not in _FULLWIDTH_PUNCT:
            return None
        if char in "()":
            return _FULLWIDTH_PUNCT[char] if index in convert_parens else None
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if char in ":," and before.isdigit() and after.isdigit():
            return None
        if _chinese_neighbour(text, index, -1) or (before != " " and _chinese_neighbour(text, index, 1)):
            return _FULLWIDTH_PUNCT[char]
        return None
    return _map_each(text, line, report, "fullwidth-punct", widen)


def _parentheses_in_chinese(text: str) -> set[int]:
    """Indices of ASCII parentheses to widen: pairs that enclose or touch Chinese, widened together."""
    chosen: set[int] = set()
    stack: list[int] = []
    for index, char in enumerate(text):
        if char == "(":
            stack.append(index)
        elif char == ")":
            if stack:
                start = stack.pop()
                inner = text[start + 1:index]
                if (any(is_cjk(c) for c in inner) or _chinese_neighbour(text, start, -1)
                        or _chinese_neighbour(text, index, 1)):
                    chosen.update((start, index))
            elif _chinese_neighbour(text, index, -1):
                chosen.add(index)
    chosen.update(i for i in stack if _chinese_neighbour(text, i, 1))
    return chosen


@character_rule
def map_guillemets(text: str, line: int, report: CleanReport) -> str:
    """« » → 《 》 in lines that hold Han text (Chinese book-title marks, not French quotes)."""
    if not HAN.search(text):
        return text
    return _map_each(text, line, report, "guillemet", lambda _, c: {"«": "《", "»": "》"}.get(c))
