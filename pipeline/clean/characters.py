"""Character repair: mis-mapped and out-of-place characters in the source text → the characters meant.

Each rule is a small named function in `CHARACTER_RULES`, applied in order to the whole text; each
change is reported with its code and source line. Rules visit only the positions their candidate
regex finds, so clean text costs one regex scan per rule. Rules only ever map or remove single
characters and never touch whitespace or newlines (spacing is `spacing.py`'s job), so line numbers
stay those of the source.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from operator import itemgetter

from pipeline.clean.report import CleanReport
from pipeline.clean.text import CONTROL_CHARACTERS
from pipeline.clean.verbatim import is_code_line
from pipeline.unicode import CJK, HAN, is_cjk, is_han

CharacterRule = Callable[[str, "Findings"], str]
CHARACTER_RULES: dict[str, CharacterRule] = {}
#: For each rule, the characters it may change (a pattern of one character): a rule runs only on
#: text that holds one.
_RULE_CANDIDATES: dict[str, re.Pattern[str]] = {}
#: Characters no rule changes: Han, ASCII letters, digits and spaces, the common Chinese punctuation.
#: One scan for the others finds which rules have work; most texts hold few of them.
_UNCHANGED = "\t\n\f A-Za-z0-9\u4e00-\u9fff，。、；：？！“”‘’《》（）〔〕【】…—·"
_MAY_CHANGE = re.compile(f"[^{_UNCHANGED}]")


def character_rule(candidates: re.Pattern[str]) -> Callable[[CharacterRule], CharacterRule]:
    """Register a rule under its function name (names are unique), with the characters it may change."""

    def register(function: CharacterRule) -> CharacterRule:
        assert function.__name__ not in CHARACTER_RULES, function.__name__
        CHARACTER_RULES[function.__name__] = function
        _RULE_CANDIDATES[function.__name__] = candidates
        return function

    return register


def repair_characters(text: str, report: CleanReport, line_numbers: list[int] | None = None) -> str:
    """Apply every character rule in order to the text (each only where the text holds a character
    it may change).

    `line_numbers[k]` is the source line of the text's k-th line (default: k + 1), so findings name
    source lines even when furniture lines were taken out before.
    """
    findings = Findings(report, line_numbers)
    # The characters a rule may change, or more: what a rule maps a character to joins them (a
    # mapping may make a character a later rule changes: Founder ０ → 0); what it removes may stay,
    # for a rule finds nothing to change where the text holds none of its characters.
    present = set(_MAY_CHANGE.findall(text))
    # (A rule's candidates are single characters: one search of them all tells whether any is.)
    characters = "".join(present)
    for name, rule in CHARACTER_RULES.items():
        if _RULE_CANDIDATES[name].search(characters) is None:
            continue
        text = rule(text, findings)
        if not findings.introduced <= present:
            present |= findings.introduced
            characters = "".join(present)
    return text


#: A change's replacement, of (index, original, replacement).
_REPLACEMENT = itemgetter(2)


class Findings:
    """Where character rules report a change: turns its position in the text into a source line."""

    def __init__(self, report: CleanReport, line_numbers: list[int] | None) -> None:
        self.report = report
        self.line_numbers = line_numbers
        #: The characters the changes so far put in.
        self.introduced: set[str] = set()
        # Where the last change was, and on which line (1-based) of the text: a rule reports its
        # changes in the order of the text, so each counts the line breaks since the one before.
        self._text = ""
        self._index = 0
        self._line = 1

    def add(self, code: str, text: str, index: int, original: str, replacement: str) -> None:
        self.add_all(code, text, [(index, original, replacement)])

    def add_all(self, code: str, text: str, changes: list[tuple[int, str, str]]) -> None:
        """Report a rule's changes to `text`, (index, original, replacement) each, in the text's order.
        (All at once: the cleaner reports a change of every character it maps.)"""
        if text is not self._text or changes[0][0] < self._index:
            self._text, self._index, self._line = text, 0, 1
        index, line = self._index, self._line
        line_numbers, report_add = self.line_numbers, self.report.add
        for at, original, replacement in changes:
            line += text.count("\n", index, at)
            index = at
            report_add(code, line_numbers[line - 1] if line_numbers else line, original, replacement)
        self._index, self._line = index, line
        self.introduced.update("".join(map(_REPLACEMENT, changes)))


def _map_each(
    text: str,
    findings: Findings,
    code: str,
    candidates: re.Pattern[str],
    mapping: Callable[[int, str], str | None],
) -> str:
    """Replace characters matched by `candidates` for which `mapping(index, char)` gives a string."""
    return _map_at(text, findings, code, [match.start() for match in candidates.finditer(text)], mapping)


def _map_at(
    text: str,
    findings: Findings,
    code: str,
    indices: Iterable[int],
    mapping: Callable[[int, str], str | None],
) -> str:
    """Replace the characters at `indices` (in order) for which `mapping(index, char)` gives a string."""
    changes: list[tuple[int, str, str]] = []
    for index in indices:
        char = text[index]
        new = mapping(index, char)
        if new is not None and new != char:
            changes.append((index, char, new))
    if not changes:
        return text
    findings.add_all(code, text, changes)
    out: list[str] = []
    position = 0
    for index, _, new in changes:
        out.append(text[position:index])
        out.append(new)
        position = index + 1
    out.append(text[position:])
    return "".join(out)


#: pypdf writes the name of a glyph it cannot map to Unicode (its font's /Encoding /Differences);
#: fonts made from TeX's bitmap fonts (dvipdfmx's Type3 fonts) name each glyph by its code: "/x88".
#: It stands between characters that are no ASCII (as the glyph stood in Chinese text) or opens a
#: line; a path or URL ("cd /x88", "a.com/xAB") is no glyph name.
#: (The slash first, so that the engine looks for it alone; what stands before it, looked behind: a
#: line's start or no ASCII.)
#: pdfminer (pdfplumber) writes such a glyph by its code, "(cid:136)". The codes of C1 controls
#: (128–159) are what pdftotext and pypdfium2 write for the same glyph (U+0088); another code names
#: no character the text can tell (a TeX font's "(cid:12)" is its fi ligature), and stays.
_GLYPH_NAME = re.compile(
    r"/(?<![\x00-\x09\x0b-\x7f]/)x(?P<hex>[0-9A-F]{2})(?=\s|[^\x00-\x7f]|$)"
    r"|\(cid:(?P<cid>12[89]|1[3-5][0-9])\)"
)
#: What each name holds: a text without either holds none (told by a string's search, which skips
#: through the text, where the pattern tries its slash or bracket at each of them).
_GLYPH_NAME_STRINGS = ("/x", "(cid:")


@character_rule(re.compile("[/(]"))
def map_glyph_names(text: str, findings: Findings) -> str:
    """A glyph named by its code ("/x88", "/xB7", "(cid:136)") → the character of that code, as
    extractors that fall back to the code write it (pdftotext: U+0088, "·"); the name's other
    characters go."""
    if not any(string in text for string in _GLYPH_NAME_STRINGS):
        return text
    out: list[str] = []
    position = 0
    for match in _GLYPH_NAME.finditer(text):
        start = match.start()
        code = chr(int(match["hex"], 16) if match["hex"] else int(match["cid"]))
        for offset, char in enumerate(match[0][:-1]):
            findings.add("glyph-name", text, start + offset, char, "")
        findings.add("glyph-name", text, match.end() - 1, match[0][-1], code)
        out += [text[position:start], code]
        position = match.end()
    if not out:
        return text
    out.append(text[position:])
    return "".join(out)


#: A character that is no text — a C1 control, a private-use code — opening a line of text: a list
#: item's bullet drawn from a font that gives it no Unicode (TeX's Type3 fonts: U+0088).
_UNMAPPED_BULLET = re.compile(r"(?m)^[ \t\u3000]*([\x80-\x9f\ue000-\uf8ff])(?=[ \t\u3000]*[^\s\x80-\x9f])")


@character_rule(re.compile("[\x80-\x9f\ue000-\uf8ff]"))
def map_unmapped_bullets(text: str, findings: Findings) -> str:
    """The same unmapped character opening two lines of text or more → "•"."""
    found = [match for match in _UNMAPPED_BULLET.finditer(text)]
    counts = Counter(match[1] for match in found)
    out: list[str] = []
    position = 0
    for match in found:
        if counts[match[1]] < 2:
            continue
        index = match.start(1)
        findings.add("list-bullet", text, index, match[1], "•")
        out += [text[position:index], "•"]
        position = index + 1
    if not out:
        return text
    out.append(text[position:])
    return "".join(out)


#: Noncharacters beyond the BMP (U+1FFFE, U+1FFFF … U+10FFFF), apart: a character class that holds
#: astral characters makes the regex engine test ranges one by one, ten times slower on every text.
_ASTRAL_NONCHARACTERS = re.compile(
    "["
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "]"
)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CONTROL_OR_NONCHARACTER = re.compile(f"{CONTROL_CHARACTERS.pattern}|{_ASTRAL_NONCHARACTERS.pattern}")


@character_rule(_CONTROL_OR_NONCHARACTER)
def remove_control_characters(text: str, findings: Findings) -> str:
    """C0/C1 controls (but tab, newline, form feed), bidi overrides, BOMs, zero-width spaces and
    noncharacters go."""
    text = _map_each(text, findings, "control-char", CONTROL_CHARACTERS, lambda _, c: "")
    if _ASTRAL.search(text):
        text = _map_each(text, findings, "control-char", _ASTRAL_NONCHARACTERS, lambda _, c: "")
    return text


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


_RADICALS = re.compile("[\u2e80-\u2fdf]")


@character_rule(_RADICALS)
def map_radicals(text: str, findings: Findings) -> str:
    """Kangxi radicals (⽅) and the CJK radicals supplement (⻓) → unified ideographs (方, 长).

    NFKC maps only the Kangxi block; Unicode's EquivalentUnifiedIdeograph data covers both.
    """
    table = _equivalent_unified_ideographs()
    return _map_each(text, findings, "kangxi-radical", _RADICALS, lambda _, c: table.get(c))


_COMPATIBILITY = re.compile("[\uf900-\ufaff\U0002f800-\U0002fa1f]")
#: The same in the BMP: a text without astral characters is scanned with it (see above).
_BMP_COMPATIBILITY = re.compile("[\uf900-\ufaff]")


@character_rule(_COMPATIBILITY)
def map_compatibility_ideographs(text: str, findings: Findings) -> str:
    """CJK compatibility ideographs (U+F900–FAFF, U+2F800–2FA1F) → their canonical unified ideographs."""
    candidates = _COMPATIBILITY if _ASTRAL.search(text) else _BMP_COMPATIBILITY
    return _map_each(
        text, findings, "compat-ideograph", candidates, lambda _, c: unicodedata.normalize("NFC", c)
    )


# Founder (方正) fonts put GB2312 punctuation at the code points whose value equals the GB2312
# bytes: row 1 (A1xx: 、。“”《》…) and row 3 (A3xx: full-width ASCII). Those land in the Yi
# Syllables block. U+A3AE shows 。 in these fonts, not GB2312's ．.
_FOUNDER_OVERRIDES = {"\ua3ae": "。"}
_FOUNDER = re.compile("[\ua1a1-\ua1fe\ua3a1-\ua3fe]")


@cache
def _founder_punctuation(char: str) -> str | None:
    code = ord(char)
    if char in _FOUNDER_OVERRIDES:
        return _FOUNDER_OVERRIDES[char]
    if 0xA1A1 <= code <= 0xA1FE or 0xA3A1 <= code <= 0xA3FE:
        try:
            decoded = bytes([code >> 8, code & 0xFF]).decode("gb2312")
        except UnicodeDecodeError:
            return None
        return decoded
    return None


#: Yi syllables and radicals outside the rows Founder fonts put GB2312's punctuation at: Yi text.
_YI_BEYOND_FOUNDER = re.compile("[\ua000-\ua1a0\ua1ff-\ua3a0\ua3ff-\ua4cf]")


@character_rule(_FOUNDER)
def map_founder_punctuation(text: str, findings: Findings) -> str:
    """ꎬ (U+A3AC) → ，, ꎮ (U+A3AE) → 。 and their siblings, next to Han text (not in Yi text) — and
    anywhere in a Chinese text that holds no other Yi character: there every such mark is the
    Founder font's, also after a Latin word on a line of its own among code ("GDPꎿ")."""
    if HAN.search(text) is not None and _YI_BEYOND_FOUNDER.search(text) is None:
        return _map_each(text, findings, "founder-punct", _FOUNDER, lambda _, c: _founder_punctuation(c))
    return _map_each(
        text,
        findings,
        "founder-punct",
        _FOUNDER,
        lambda i, c: _founder_punctuation(c) if _near_han(text, i) else None,
    )


def read_founder_punctuation(text: str) -> str:
    """A line with its Founder punctuation read as what it prints (ꎮ → 。), nothing reported: for
    rules that judge a line before this pass repairs it (page furniture: is it a sentence?)."""
    return _FOUNDER.sub(lambda match: _founder_punctuation(match.group()) or match.group(), text)


def _near_han(text: str, index: int) -> bool:
    """Whether Han text surrounds `index` (its line, or the lines next to it: "5Gꎮ" may wrap alone)."""
    return HAN.search(text, max(0, index - 80), index + 80) is not None


_FULLWIDTH_TO_ASCII = {chr(0xFF10 + i): chr(0x30 + i) for i in range(10)}
_FULLWIDTH_TO_ASCII |= {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
_FULLWIDTH_TO_ASCII |= {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
_FULLWIDTH_TO_ASCII |= {"％": "%", "＋": "+"}
_FULLWIDTH = re.compile("[０-９Ａ-Ｚａ-ｚ％＋．]")


@character_rule(_FULLWIDTH)
def map_fullwidth_alphanumerics(text: str, findings: Findings) -> str:
    """Full-width digits, letters, ％ and ＋ → ASCII; ． between digits → '.' (１．５ → 1.5)."""

    def narrow(index: int, char: str) -> str | None:
        if char == "．":
            before = text[index - 1] if index else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            if _is_digit(before) and _is_digit(after):
                return "."
            return None
        return _FULLWIDTH_TO_ASCII.get(char)

    return _map_each(text, findings, "fullwidth-ascii", _FULLWIDTH, narrow)


def _is_digit(char: str) -> bool:
    return "0" <= char <= "9" or "０" <= char <= "９"


_GUILLEMETS = re.compile("[«»]")


@character_rule(_GUILLEMETS)
def map_guillemets(text: str, findings: Findings) -> str:
    """« » → 《 》 next to Han text (Chinese book-title marks, not French quotes). Runs before the
    ASCII punctuation rule, so that a mark after 》 is judged in its Chinese context."""
    return _map_each(
        text,
        findings,
        "guillemet",
        _GUILLEMETS,
        lambda i, c: {"«": "《", "»": "》"}[c] if _near_han(text, i) else None,
    )


_FULLWIDTH_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_ASCII_PUNCT = re.compile(r"[,;:?!()]")


def _indices(text: str, characters: Iterable[str]) -> list[int]:
    """The indices of the characters in the text, in order. (One search per character skips through
    the text; a character class is tried at every character, a far longer way through a long text.)"""
    found: list[int] = []
    for character in characters:
        index = text.find(character)
        while index >= 0:
            found.append(index)
            index = text.find(character, index + 1)
    return sorted(found)


def _neighbour(text: str, index: int, step: int) -> int:
    """The index of the nearest character in direction `step` that is no whitespace (-1 if none):
    spaces of any width (the cleaner drops them later) and line breaks (the text runs on over a hard
    wrap, even when a page break put a stray space at the next line's start) lie between."""
    index += step
    while 0 <= index < len(text) and text[index].isspace():
        index += step
    return index if 0 <= index < len(text) else -1


def _han_after(text: str, index: int) -> bool:
    """Whether the next character that is no whitespace is a Han character (punctuation alone does
    not count: "x);，" is not Chinese context for the ';')."""
    after = _neighbour(text, index, 1)
    return after >= 0 and is_han(text[after])


def _is_code_at(text: str, start: int) -> bool:
    """Whether the line starting at `start` is code ("value = load(path);", "print(x)" between lines
    of Chinese): a mark on it is the code's own, whatever the lines around it hold."""
    end = text.find("\n", start)
    return is_code_line(text[start : end if end >= 0 else len(text)].strip())


@character_rule(_ASCII_PUNCT)
def map_ascii_punctuation(text: str, findings: Findings) -> str:
    """ASCII , ; : ? ! ( ) next to Chinese → full-width; ':' and ',' between digits (6:3:1, 3,000) stay.

    A mark this rule widens is Chinese context for the parentheses next to it, as it is when the
    text is cleaned again ("f(x);中" → "f（x）；中", not "f(x)；中"): the marks are chosen until no
    parenthesis beside a widened mark is left, so that cleaning the cleaned text changes nothing."""
    marks = _indices(text, _FULLWIDTH_PUNCT)  # (one look for all the rule asks)
    if not marks:
        return text
    parentheses = [index for index in marks if text[index] in "()"]
    chosen = _marks_in_chinese(text, marks, _parentheses_in_chinese(text, parentheses, set()))
    while parentheses and _beside_parentheses(text, parentheses, chosen):
        widened = {index for index in chosen if text[index] not in "()"}
        again = _marks_in_chinese(text, marks, _parentheses_in_chinese(text, parentheses, widened))
        if again == chosen:  # (a parenthesis on a line of code stays, beside a widened mark or not)
            break
        chosen = again
    return _map_at(
        text, findings, "fullwidth-punct", marks, lambda i, c: _FULLWIDTH_PUNCT[c] if i in chosen else None
    )


def _marks_in_chinese(text: str, marks: list[int], convert_parens: set[int]) -> set[int]:
    """The indices of the marks to widen: the parentheses chosen, and the other marks in Chinese
    context (the Chinese before them may be a mark widened here: "一:,"), unless on a line of code."""
    chosen: set[int] = set()
    code_lines: dict[int, bool] = {}  # whether the line starting at an index is code: read once a line

    def on_code_line(index: int) -> bool:
        start = text.rfind("\n", 0, index) + 1
        if start not in code_lines:
            code_lines[start] = _is_code_at(text, start)
        return code_lines[start]

    def in_chinese(index: int, char: str) -> bool:
        """Whether the mark stands in Chinese context (the line it is on aside)."""
        if char in "()":
            return index in convert_parens
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if char in ":," and before.isdigit() and after.isdigit():
            return False
        left = _neighbour(text, index, -1)
        chinese_before = left >= 0 and (is_cjk(text[left]) or left in chosen)
        # A space inside the line before the mark keeps it apart from the Han after it ("x ;中"); at a
        # line's start the space is an indent, which cleaning drops.
        spaced = left >= 0 and before.isspace() and "\n" not in text[left:index]
        return chinese_before or (not spaced and _han_after(text, index))

    for index in marks:
        # (The line is read only for a mark its context would widen: the context is told from the
        # characters next to it.)
        if in_chinese(index, text[index]) and not on_code_line(index):
            chosen.add(index)
    return chosen


def _beside_parentheses(text: str, parentheses: list[int], chosen: set[int]) -> bool:
    """Whether a parenthesis not chosen stands beside a chosen mark other than a parenthesis."""
    for index in parentheses:
        if index not in chosen:
            for step in (-1, 1):
                neighbour = _neighbour(text, index, step)
                if neighbour in chosen and text[neighbour] not in "()":
                    return True
    return False


def _parentheses_in_chinese(text: str, parentheses: list[int], widened: set[int]) -> set[int]:
    """Indices of ASCII parentheses to widen (of those at `parentheses`, in order): pairs that enclose
    or touch Chinese (or a mark at `widened`, which will be), widened together."""

    def chinese(index: int, step: int) -> bool:
        """Whether the nearest character in direction `step` that is no whitespace is Chinese (Han
        or CJK punctuation) or a mark at `widened`; a full-width parenthesis is not: a pair nested
        in a widened pair is its own ("box（(0,0),(1,1)）", "point（length(p)）")."""
        neighbour = _neighbour(text, index, step)
        if neighbour < 0:
            return False
        return neighbour in widened or (text[neighbour] not in "（）" and is_cjk(text[neighbour]))

    chosen: set[int] = set()
    stack: list[int] = []
    for index in parentheses:
        char = text[index]
        if char == "(":
            stack.append(index)
        elif char == ")":
            if stack:
                start = stack.pop()
                if (
                    CJK.search(text, start + 1, min(index, start + 200))
                    or chinese(start, -1)
                    or chinese(index, 1)
                ):
                    chosen.update((start, index))
            elif chinese(index, -1):
                chosen.add(index)
    chosen.update(i for i in stack if chinese(i, 1))
    return chosen
