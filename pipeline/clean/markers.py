"""Enumeration markers of Chinese documents (GB/T 9704 §7.3.3: 一、 （一） 1. （1）; 第X章) → kinds.

Shared by the paragraph rules (a marker at a line start may begin a block) and the structure rules
(a short marked block is a heading; its kind gives its level).
"""

from __future__ import annotations

import re

_CN = "一二三四五六七八九十百零〇"

#: Marker kinds in their conventional order of depth.
MARKER_KINDS: dict[str, re.Pattern[str]] = {
    "chapter": re.compile(rf"^第[{_CN}\d]+[章节编篇部]\s*"),
    "cn": re.compile(rf"^[{_CN}]+、\s*"),
    "paren_cn": re.compile(rf"^[（(][{_CN}]+[）)]\s*"),
    "arabic": re.compile(r"^\d{1,2}[.．、](?!\d)\s*"),
    "paren_arabic": re.compile(r"^[（(]\d{1,2}[）)]\s*"),
}


#: The characters a marker can start with, besides digits: a cheap test before the patterns.
_MARKER_INITIALS = frozenset(f"第{_CN}（(")

_ANY_MARKER = re.compile("|".join(f"(?P<{kind}>{pattern.pattern})" for kind, pattern in MARKER_KINDS.items()))


def marker_kind(text: str) -> str | None:
    """The kind of enumeration marker `text` starts with, or None."""
    match = _ANY_MARKER.match(text.lstrip(" \u3000\u2003"))
    return match.lastgroup if match else None


def line_marker(body: str) -> str | None:
    """The kind of marker a source line's text starts with, as printed: cheap for the many lines
    that start with no marker initial, and a letter-spaced line ("（ 二 ） 支 持 …") starts with
    the same marker, spaced out."""
    initial = body[:1]
    if initial.isdecimal():
        return marker_kind(body)
    if initial not in _MARKER_INITIALS:
        return None
    marker = marker_kind(body)
    if marker is None and body[1:2] == body[3:4] == body[5:6] == " ":
        marker = marker_kind(body[:12].replace(" ", ""))
    return marker


def strip_marker(text: str) -> str:
    """The text after its enumeration marker."""
    for pattern in MARKER_KINDS.values():
        match = pattern.match(text)
        if match:
            return text[match.end() :]
    return text
