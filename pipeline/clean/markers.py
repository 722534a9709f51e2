"""Enumeration markers of Chinese documents → kinds, in the numbering systems that use them.

- Official documents (GB/T 9704-2012 §7.3.3): 一、 （一） 1. （1）; minutes and reports in
  Traditional add the formal numerals 壹、 貳、 above them.
- Laws and regulations (《立法技术规范》): 第X编 / 第X章 / 第X节 / 第X条; inside an article the
  paragraphs (款, in Taiwan 項) may be numbered 1 2 3 and the items (项, in Taiwan 款) 一 二 三.
- Books and manuals: decimal section numbers 1 / 1.1 / 1.1.1.
- Lists: 1) a) (a) ① [1] and bullets • – ▪ ….

Shared by the paragraph rules (a marker at a line start may begin a block) and the structure rules
(a short marked block is a heading, an item of a list is a list item; the kind gives the level).
"""

from __future__ import annotations

import functools
import re

from pipeline.unicode import BULLETS, SPACED_BULLETS

_CN = "一二三四五六七八九十百零〇"
#: The formal (banker's) numerals: 壹 貳/贰 參/叁 肆 伍 陸/陆 柒 捌 玖 拾.
_FORMAL = "壹贰貳叁參肆伍陆陸柒捌玖拾佰"
#: (Possessive: neither the number nor the spaces after it give a character back, which could only
#: fail again — no unit is a numeral or a space — as each law kind is tried in turn on "第X条" lines.)
_LAW_NUMBER = rf"第[ \u3000]*+[{_CN}\d]++[ \u3000]*+"

#: Units after a number: "1.5 万元" is a quantity an extractor spaced out, no section "1.5".
QUANTITY_UNITS = "万亿千百元个%％年月日倍亩项次米吨"

#: Marker kinds, in their conventional order of depth within each system.
MARKER_KINDS: dict[str, re.Pattern[str]] = {
    "part": re.compile(rf"^{_LAW_NUMBER}[编編篇部](?![分])\s*"),
    "chapter": re.compile(rf"^{_LAW_NUMBER}章\s*"),
    "section": re.compile(rf"^{_LAW_NUMBER}[节節](?![日约])\s*"),
    "article": re.compile(rf"^{_LAW_NUMBER}[条條](?![件款例文约])\s*"),
    "formal": re.compile(rf"^[{_FORMAL}]+、\s*"),
    "cn": re.compile(rf"^[{_CN}]+、\s*"),
    "paren_cn": re.compile(rf"^[（(][{_CN}]+[）)]\s*"),
    # 1.1 / 1.2.1 — followed by a space, the line's end, or (with two dots and more) anything but a digit.
    "decimal": re.compile(
        r"^\d{1,2}(?:[.．]\d{1,2}){2,3}(?![.．\d])\s*"
        rf"|^\d{{1,2}}[.．]\d{{1,2}}(?:[ \t\u3000]++(?![{QUANTITY_UNITS}])|$)"
    ),
    # 1. — not 1.5 (a number), but before a year: "1.2014年3月…" is an item that opens with a date.
    "arabic": re.compile(r"^\d{1,2}[.．、](?:(?![\d.．])|(?=(?:1[89]|20)\d\d[ \t]?年))\s*"),
    "arabic_paren": re.compile(r"^\d{1,2}[)）]\s*"),
    "paren_arabic": re.compile(r"^[（(]\d{1,2}[）)]\s*"),
    "latin": re.compile(r"^(?:[a-z][)）]|[（(][a-z][）)])\s*"),
    "circled": re.compile(r"^[\u2460-\u2473\u3251-\u325f]\s*"),
    "bracketed": re.compile(r"^[\[［]\d{1,3}[\]］]\s*"),
    "bullet": re.compile(rf"^(?:[{BULLETS}]|[{SPACED_BULLETS}](?=[ \t\u3000]))\s*"),
}

#: A book's two-level section number glued to its title ("1.3联邦算法": pypdf drops the space a
#: manual sets between them) — a number like "1.3倍" too, so only where the document numbers its
#: sections so (`structure`).
GLUED_DECIMAL = re.compile(rf"^\d{{1,2}}[.．]\d{{1,2}}(?=[^\d.．\s{QUANTITY_UNITS}])")

#: Kinds that number the levels of a text's own headings, top first (a document uses some of them).
HEADING_KINDS = ("part", "chapter", "section", "article", "formal", "cn", "paren_cn", "decimal", "arabic")
#: Kinds that only ever number the items of a list.
LIST_KINDS = ("arabic_paren", "latin", "circled", "bracketed", "bullet")
#: Kinds of the law's units (编 章 节 条).
LAW_KINDS = ("part", "chapter", "section", "article")

#: Stands for every decimal digit among the initials below.
_DIGIT = "0"
#: The characters each kind's marker can start with.
_KIND_INITIALS: dict[str, str] = {
    **dict.fromkeys(LAW_KINDS, "第"),
    "formal": _FORMAL,
    "cn": _CN,
    "paren_cn": "（(",
    "decimal": _DIGIT,
    "arabic": _DIGIT,
    "arabic_paren": _DIGIT,
    "paren_arabic": "（(",
    "latin": "abcdefghijklmnopqrstuvwxyz（(",
    "circled": "".join(chr(c) for c in [*range(0x2460, 0x2474), *range(0x3251, 0x3260)]),
    "bracketed": "[［",
    "bullet": BULLETS + SPACED_BULLETS,
}


def _markers_starting_with(initial: str) -> re.Pattern[str]:
    """The marker patterns a line starting with `initial` can match, as one pattern in the order of
    MARKER_KINDS (the first kind that matches names the marker): a line is tried against these few,
    not all of them."""
    return _union(tuple(kind for kind in MARKER_KINDS if initial in _KIND_INITIALS[kind]))


@functools.cache
def _union(kinds: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for these kinds' markers, compiled once for all the initials they share."""
    return re.compile("|".join(f"(?P<{kind}>{MARKER_KINDS[kind].pattern})" for kind in kinds))


#: The marker patterns by the character a line starts with (_DIGIT for a digit; the ASCII digits
#: are there too, looked up without asking whether they are digits); a line starting with no
#: character here starts with no marker.
_MARKERS_BY_INITIAL = {
    initial: _markers_starting_with(initial) for initial in set("".join(_KIND_INITIALS.values()))
}
_MARKERS_BY_INITIAL.update(dict.fromkeys("0123456789", _MARKERS_BY_INITIAL[_DIGIT]))

#: A bare number or Chinese numeral set apart by a space (or alone on its line): how a law numbers the
#: paragraphs and items inside an article ("1　人民身體之自由…", "一　每縣市…"), and how a
#: footnote starts. Bare, it is a marker only where the document shows that convention.
BARE_NUMBER = re.compile(rf"^(?:(?P<arabic>\d{{1,2}})|[{_CN}]{{1,3}})(?:[ \t\u3000]+(?=\S)|$)")
#: The kinds of bare numbers: a law's numbered paragraphs (1 2 3) and items (一 二 三).
BARE_KINDS = ("bare_arabic", "bare_cn")


def marker_match(text: str) -> re.Match[str] | None:
    """The enumeration marker `text` starts with (the match's `lastgroup` names its kind): most
    lines start with no marker's initial, and are told so without trying the patterns."""
    markers = _markers_for(text[:1])
    return markers.match(text) if markers else None


def _markers_for(initial: str) -> re.Pattern[str] | None:
    """The marker patterns a text starting with `initial` may match (None: it starts with no marker)."""
    markers = _MARKERS_BY_INITIAL.get(initial)
    if markers is None and initial.isdecimal():  # a digit past ASCII ("１", full-width)
        return _DIGIT_MARKERS
    return markers


#: The marker patterns of a text starting with a digit.
_DIGIT_MARKERS = _MARKERS_BY_INITIAL[_DIGIT]


def marker_kind(text: str) -> str | None:
    """The kind of enumeration marker `text` starts with, or None."""
    match = marker_match(text.lstrip(" \u3000\u2003"))
    return match.lastgroup if match else None


def marker_of(text: str) -> str:
    """The marker `text` starts with, as printed (without the space after it), or ""."""
    stripped = text.lstrip(" \u3000\u2003")
    match = marker_match(stripped)
    return match.group().rstrip(" \t\u3000") if match else ""


def line_marker(body: str) -> str | None:
    """The kind of marker a source line's text starts with, as printed: cheap for the many lines
    that start with no marker initial, and a letter-spaced line ("（ 二 ） 支 持 …") starts with
    the same marker, spaced out."""
    return read_marker(body)[0]


def read_marker(body: str, first: str | None = None) -> tuple[str | None, int]:
    """`line_marker`'s kind of `body`, and where its marker ends where it stands unspaced at the
    start (0 where it is letter-spaced, or there is none): a numbered block's kind and the text
    after its marker, from one match. `first`: the body's first character where the caller read it
    already (`Line.first`: every line is asked, and a slice makes a new string each time)."""
    markers = _markers_for(body[:1] if first is None else first)
    if markers is None:
        return _NO_MARKER
    # (A text that starts with a marker's initial starts with no blank: there is none to strip.)
    match = markers.match(body)
    if match is not None:
        return match.lastgroup, match.end()
    if body[:12].count(" ") >= 2:
        compact = body[:12].replace(" ", "")
        match = marker_match(compact)
        # A marker only where text follows it: letter-spacing shows in the text after the marker too.
        if match is not None and not _marker_only(match, compact):
            return match.lastgroup, 0
    return _NO_MARKER


_NO_MARKER: tuple[str | None, int] = (None, 0)


def strip_marker(text: str) -> str:
    """The text after its enumeration marker."""
    match = marker_match(text)
    return text[match.end() :] if match else text


def is_marker_only(text: str) -> bool:
    """Whether a line holds an enumeration marker and nothing else ("1.", "（三）", "1.1", "•"): an
    extractor set the marker apart from the text it numbers."""
    return _marker_only(marker_match(text), text)


def _marker_only(match: re.Match[str] | None, text: str) -> bool:
    """Whether `match`, the marker `text` starts with, is all of it (and numbers no law's unit)."""
    return match is not None and is_whole_marker(match.lastgroup, match.end(), text)


def is_whole_marker(kind: str | None, end: int, text: str) -> bool:
    """Whether a marker of this kind, ending at `end` (`read_marker`), is all of `text` and numbers
    no law's unit (a law's "第一章" alone is a heading, no marker awaiting its text)."""
    return kind is not None and end == len(text) and kind not in LAW_KINDS


def law_number(text: str) -> str | None:
    """The law unit a heading-like text is numbered as (part/chapter/section/article), or None."""
    kind = marker_kind(text)
    return kind if kind in LAW_KINDS else None


#: Kinds whose marker must be set apart from the text by a space to read as a marker again
#: ("1.1 联邦生态", not the price "1.1联"; a law's "1 人民", not "1人民").
_SPACED_KINDS = ("decimal", *("bare_arabic", "bare_cn"))
_MARKER_PREFIX = re.compile(r"^[^\s]{1,8}")


def settle_marker(text: str, kind: str) -> str:
    """A numbered block's text with its marker as it reads back: letter-spacing taken out of the
    marker ("1 1 .利用" → "11.利用") and one space after a marker that needs one ("1.1联邦生态" →
    "1.1 联邦生态", "1人民" → "1 人民", "–主服务器" → "– 主服务器"). Only spaces change."""
    compact = text.replace(" ", "")
    marker = _marker_in(compact, kind)
    if not marker:
        return text
    # Where the text keeps the marker as printed (with its spaces), only the space after it may change.
    rest = text
    for char in marker:
        rest = rest.lstrip(" ")
        if not rest.startswith(char):
            return text
        rest = rest[1:]
    # (A dash, hyphen or star bullets an item only with a blank after it: "–主服务器" is a dash.)
    spaced = kind in _SPACED_KINDS or (kind == "bullet" and marker in SPACED_BULLETS)
    rest = rest.lstrip(" ") if spaced or not rest.startswith(" ") else rest
    separator = " " if spaced and rest[:1] not in ("", "\u3000") else ""
    if not spaced and rest.startswith(" "):
        separator, rest = " ", rest.lstrip(" ")
    return marker + separator + rest


#: A bare number's marker and a decimal section number, as they read without spaces.
_BARE_MARKER = re.compile(rf"^(?:\d{{1,2}}|[{_CN}]{{1,3}})")
_DECIMAL_MARKER = re.compile(r"^\d{1,2}(?:[.．]\d{1,2}){1,3}")


def _marker_in(compact: str, kind: str) -> str:
    """The marker a text without spaces starts with, for a block whose first line had this kind."""
    if kind in _SPACED_KINDS[1:]:
        match = _BARE_MARKER.match(compact)
        return match.group() if match else ""
    if kind == "decimal":
        match = _DECIMAL_MARKER.match(compact)
        return match.group() if match else ""
    if kind == "bullet" and compact[:1] in SPACED_BULLETS:
        return compact[0]  # (its pattern wants the blank the compact text has lost)
    match = MARKER_KINDS[kind].match(compact) if kind in MARKER_KINDS else None
    return match.group().rstrip(" \t\u3000") if match else ""


def bare_kind(body: str) -> str | None:
    """The kind of bare number a line starts with ("1　人民…" → bare_arabic, "一　每縣市…" → bare_cn).

    A numeral in a letter-spaced line ("一 个 国 会 议…", a justified line whose gaps an extractor
    wrote as spaces) is the line's first character, set apart as every other one is: no number."""
    match = BARE_NUMBER.match(body)
    if match is None:
        return None
    end = match.end()
    if body[end + 1 : end + 2] == " " and body[end + 3 : end + 4] == " ":
        return None
    return BARE_KINDS[0] if match.group("arabic") else BARE_KINDS[1]


def strip_bare_number(text: str) -> str:
    """The text after its bare number, also where the space after it is gone ("1人民…" → "人民…")."""
    match = BARE_NUMBER.match(text)
    if match:
        return text[match.end() :]
    return text.lstrip("0123456789" + _CN)
