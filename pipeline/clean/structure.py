"""Block types: groups of cleaned text → title, heading (level 1–3), paragraph or official-document part.

The parts of an official document follow GB/T 9704-2012: 份号/doc_id, 发文机关标志 (issuer),
发文字号 (doc_number), 标题 (title), 主送机关 (addressee), body, 署名 (signature), 成文日期 (date),
附注 such as （此件公开发布） (disclosure), and the 版记: 抄送 (cc), 印发机关 (printed_by) and
印发日期 (printed). Rules look at a block's text and its neighbours only, never at fixed positions.
"""

from __future__ import annotations

from pipeline.clean.markers import marker_kind, strip_marker
from pipeline.clean.parts import ISSUER_ENDING, NAME_MAX_WIDTH, PATTERNS, is_printed_line
from pipeline.clean.text import SENTENCE_END, display_width, ends_sentence
from pipeline.document import Block


def _standalone(text: str, full_width: int) -> bool:
    """Short (at most about two lines), no sentence, no clause: a title, heading, name or date."""
    limit = 2 * full_width if full_width else 80
    return (
        bool(text)
        and not ends_sentence(text)
        and "，" not in text
        and not text.endswith(("，", "、", "；", "："))
        and (display_width(text) <= limit)
    )


#: The longest heading, in display units: about two lines of a GB/T 9704 page (28 characters a line).
#: A fixed bound, not one from the measure: the cleaner's own output, one block a line, has none.
HEADING_MAX_WIDTH = 120


def _is_heading_text(text: str) -> bool:
    """A marked block that is a heading: marker + short text with no sentence inside it."""
    rest = strip_marker(text)
    return (
        bool(rest)
        and not any(c in SENTENCE_END for c in rest[:-1])
        and not ends_sentence(rest)
        and display_width(text) <= HEADING_MAX_WIDTH
    )


#: GB/T 9704 §7.3.3: 一、 is the first level, （一） the second, 1. the third (（1） the fourth, set as
#: the third here). 第X章 comes above them all and pushes them one level down.
HEADING_LEVELS = {"chapter": 1, "cn": 1, "paren_cn": 2, "arabic": 3, "paren_arabic": 3}


def heading_level(kind: str, has_chapters: bool) -> int:
    """The level (1–3) of a heading by its marker kind."""
    level = HEADING_LEVELS[kind]
    return min(level + 1, 3) if has_chapters and kind != "chapter" else level


def classify(blocks: list[tuple[str, int, int]], full_width: int, double_spaced: bool = False) -> list[Block]:
    """Type every (text, first line, last line) block of a document, in order.

    Two title blocks on adjacent source lines (every other line, in a double-spaced text) are one
    title wrapped over two lines.
    """
    typed: list[Block] = []
    has_chapters = any(marker_kind(text) == "chapter" for text, _, _ in blocks)
    in_front_matter = True
    after_closing = False
    previous_last = 0
    seen_title = False
    for index, (text, line, last) in enumerate(blocks):
        following = blocks[index + 1][0] if index + 1 < len(blocks) else ""
        role = _official_role(text, following, typed, in_front_matter and not seen_title)
        kind = marker_kind(text)
        if role == "printed" and (match := PATTERNS["printed"].match(text)) and match.group("by"):
            typed.append(Block("meta", match.group("by"), role="printed_by", lines=(line, last)))
            typed.append(Block("meta", match.group("date"), role="printed", lines=(line, last)))
        elif role:
            typed.append(Block("meta", text, role=role, lines=(line, last)))
            closing = role in ("signature", "date", "disclosure")
            after_closing = closing or (after_closing and role == "doc_id")
        elif kind and _is_heading_text(text):
            level = heading_level(kind, has_chapters)
            typed.append(Block("heading", text, level=level, lines=(line, last)))
            in_front_matter = after_closing = False
        elif (in_front_matter or after_closing) and _standalone(text, full_width) and following:
            adjacent = line <= previous_last + (2 if double_spaced else 1)
            if typed and typed[-1].type == "title" and in_front_matter and adjacent:
                previous = typed.pop()
                first = previous.lines[0] if previous.lines else line
                typed.append(Block("title", previous.text + text, lines=(first, last)))
            else:
                typed.append(Block("title", text, lines=(line, last)))
            after_closing = False
        else:
            typed.append(Block("paragraph", text, lines=(line, last)))
            in_front_matter = after_closing = False
        previous_last = last
        seen_title = seen_title or typed[-1].type == "title"
    return typed


def _official_role(text: str, following: str, typed: list[Block], before_title: bool) -> str | None:
    """The GB/T 9704 role of a block, or None for ordinary content."""
    previous = typed[-1] if typed else None
    if PATTERNS["doc_id"].match(text) and (
        not typed or any(block.role in ("issuer", "doc_number", "disclosure") for block in typed[:12])
    ):
        return "doc_id"  # 份号: first in the text, or wherever an extractor put it in an official document
    if before_title:
        if PATTERNS["doc_number"].match(text):
            return "doc_number"
        if (
            text.endswith(ISSUER_ENDING)
            and display_width(text) <= NAME_MAX_WIDTH
            and (PATTERNS["doc_number"].match(following) or previous is None or previous.role == "doc_id")
        ):
            return "issuer"
    for role in ("disclosure", "cc"):
        if PATTERNS[role].match(text):
            return role
    if is_printed_line(text):
        return "printed"
    if PATTERNS["date"].match(text) and previous is not None and previous.type != "title":
        return "date"
    if (
        previous is not None
        and previous.type == "title"
        and text.endswith("：")
        and (display_width(text) <= 120 and "。" not in text)
    ):
        return "addressee"
    if (
        _standalone(text, 0)
        and display_width(text) <= NAME_MAX_WIDTH
        and PATTERNS["date"].match(following)
        and (previous is not None and previous.type in ("paragraph", "heading"))
    ):
        return "signature"
    if previous is not None and previous.role == "cc" and is_printed_line(following):
        return "printed_by"
    return None
