"""The parts of an official document (GB/T 9704-2012) as text patterns, shared by the paragraph pass
(a part fills its own line, so it starts a block) and the structure pass (a block that is a part gets
its role).

份号/doc_id, 发文字号 (doc_number), 成文日期 (date), 附注 such as （此件公开发布） (disclosure), and
the 版记: 抄送 (cc), 印发机关 + 印发日期 (printed).
"""

from __future__ import annotations

import re

_CN_DIGIT = "〇零一二三四五六七八九"
_DAY = rf"(?:\d{{1,2}}|[{_CN_DIGIT}十]{{1,3}})"
_DATE = rf"(?:\d{{4}}|[{_CN_DIGIT}]{{4}})年{_DAY}月{_DAY}日"
PATTERNS: dict[str, re.Pattern[str]] = {
    "doc_id": re.compile(r"^[A-Z0-9]{2,}(?:-[A-Z0-9]+){1,4}$"),
    "doc_number": re.compile(r"^[^\s，。；：、]{1,10}[〔\[［（(]\d{4}[〕\]］）)]\d{1,5}号$"),
    "date": re.compile(rf"^{_DATE}$"),
    "disclosure": re.compile(r"^[（(]此件.{2,12}[）)]$"),
    "cc": re.compile(r"^抄送[：:]"),
    "printed": re.compile(rf"^(?P<by>.*?)\s*(?P<date>{_DATE}印发)$"),
}
#: The characters each part's pattern fixes at its start (its first character is one of them) or at
#: its end (one of its last two characters is: `$` also matches before a final line break), asked
#: before the pattern: most blocks hold none, and are told so by two look-ups. Beside the patterns,
#: so that a pattern and what it fixes change together.
_FIXED_INITIALS: dict[str, str] = {
    "doc_id": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    "disclosure": "（(",
    "cc": "抄",
}
_FIXED_FINALS: dict[str, str] = {"doc_number": "号", "date": "日", "printed": "发"}
_PARTS_BY_INITIAL = {
    initial: tuple(part for part, initials in _FIXED_INITIALS.items() if initial in initials)
    for initial in "".join(_FIXED_INITIALS.values())
}
_PARTS_BY_FINAL = {
    final: tuple(part for part, finals in _FIXED_FINALS.items() if final in finals)
    for final in "".join(_FIXED_FINALS.values())
}


def _may_be(text: str) -> tuple[str, ...]:
    """The parts whose fixed characters `text` holds: the only parts it may be (its first and last
    characters looked up; the one before the last matters only before a final line break)."""
    initial, final = text[:1], text[-1:]
    parts = _PARTS_BY_INITIAL.get(initial, ())
    if final in _PARTS_BY_FINAL:
        return parts + _PARTS_BY_FINAL[final]
    if final == "\n":
        return parts + _PARTS_BY_FINAL.get(text[-2:-1], ())
    return parts


def parts_of(text: str) -> tuple[str, ...]:
    """The official-document parts a block is by their patterns (keys of `PATTERNS`; most blocks:
    none, told without a pattern; most of the others may be one part, asked without a generator)."""
    candidates = _may_be(text)
    if not candidates:
        return ()
    if len(candidates) == 1:
        return candidates if PATTERNS[candidates[0]].match(text) is not None else ()
    return tuple(part for part in candidates if PATTERNS[part].match(text) is not None)


def is_part(part: str, text: str) -> bool:
    """Whether a block is that official-document part (a key of `PATTERNS`) by its pattern, tried
    only where the characters the pattern fixes are there."""
    return part in _may_be(text) and PATTERNS[part].match(text) is not None


#: What an issuer line (发文机关标志: the issuing body's name + 文件) ends with.
ISSUER_ENDING = "文件"

#: The widest an issuing body's name is (display units): 20 Han characters, as in a signature or
#: an issuer line; a wider line is a sentence.
NAME_MAX_WIDTH = 40


def is_printed_line(text: str) -> bool:
    """Whether a block is the 印发 line ("杭州市人民政府办公厅 2024年2月18日印发"); its ending is
    tested first, as the pattern's open start would try every position of a long paragraph."""
    return is_part("printed", text)
