"""Numbered blocks → heading (with its level), list item (with its level) or run-in paragraph.

A document numbers its parts in one of a few systems (see `markers`), and the system gives the
levels: GB/T 9704 §7.3.3 一、→1 （一）→2 1.→3 （1）→4 (a 壹、 above them, or a 第X章, pushes them
down one level); a law's 第X章→1 第X节→2 第X条→3 at fixed levels; a book's 1 / 1.1 / 1.1.1 by how
many numbers the section number has. What a numbered block is follows conventions that hold across
documents:

- a heading stands alone: short, no sentence inside it and no "label: value" (a heading set as one
  short sentence, "（一）加强组织领导。", counts where the document sets all its headings of that
  kind so);
- items of a list stand side by side: numbered blocks of one kind with nothing between them are a
  list, not headings, and so are the items an introduction ending in a colon opens;
- "（一）加大支持力度。…" is a paragraph with a run-in lead; 1. / （1） / 1) / a) / • items that
  are no headings are list items (the lower levels number lists);
- a list inside an item of another list is one level deeper.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from pipeline.clean.markers import (
    BARE_KINDS,
    LAW_KINDS,
    LIST_KINDS,
    marker_kind,
    strip_bare_number,
    strip_marker,
)
from pipeline.clean.text import ends_sentence, fits_width
from pipeline.unicode import SENTENCE_END

#: The longest heading, in display units: about two lines of a GB/T 9704 page (28 characters a line).
#: A fixed bound, not one from the measure: the cleaner's own output, one block a line, has none.
HEADING_MAX_WIDTH = 120
#: The longest law unit's heading besides its number ("第一章 总则"): a title, never a sentence.
LAW_HEADING_MAX_WIDTH = 60

#: GB/T 9704 §7.3.3: 一、 is the first level, （一） the second, 1. the third, （1） the fourth.
OFFICIAL_LEVELS = {"formal": 1, "cn": 1, "paren_cn": 2, "arabic": 3, "paren_arabic": 4}
#: A law's units: 章 / 节 / 条 at fixed levels, whether or not a chapter has sections (编 above them
#: pushes them down one level).
LAW_LEVELS = {"part": 1, "chapter": 1, "section": 2, "article": 3}
#: Kinds that number run-in leads of paragraphs ("（一）加大支持力度。…", "第五条 …") when they are
#: no headings; lower kinds number list items.
RUN_IN_KINDS = ("formal", "cn", "paren_cn", "decimal", *LAW_KINDS)

#: A short label and its colon before an item's number ("决议：(1) …" in minutes).
_LABEL = re.compile(r"^[^\s：:，。]{1,4}[：:]\s*")
_COLON_ENDS = ("：", ":")


class Strength(IntEnum):
    """How much a numbered block looks like a heading. (An IntEnum: hashed as its number, in C, where
    a plain Enum's members are hashed by a Python method; `_numbering` keys on it for every numbered
    block.)"""

    NONE = 0
    SENTENCE = 1  # one short sentence standing alone ("（一）加强组织领导。"), or a label ending in a colon
    PLAIN = 2  # marker and a few words, no punctuation at the end


#: The strengths as module names: an enum's member is looked up through its class's metaclass (ten
#: times dearer than a global), and the numbering reads them for every numbered block.
_NONE, _SENTENCE, _PLAIN = Strength.NONE, Strength.SENTENCE, Strength.PLAIN


@dataclass(frozen=True)
class Numbered:
    """What the numbering says about one block: its marker kind and how heading-like it is."""

    kind: str | None
    strength: Strength


#: What the numbering says of a block without a number (most blocks: one, shared).
_UNNUMBERED = Numbered(None, _NONE)


def numbered(text: str, printed_marker: str | None = None, marker_end: int = 0) -> Numbered:
    """The marker kind of a block (as its first line was printed, where the paragraph pass saw one;
    else as its text reads) and how much the block looks like a heading (`marker_end`: where that
    marker ends in `text`, where the caller read it there; 0 where not)."""
    kind = printed_marker or marker_kind(text)
    labelled = False
    if kind is None and _has_label_colon(text) and (label := _LABEL.match(text)):
        kind = marker_kind(text[label.end() :])
        labelled = kind is not None
    if kind is None:
        return _UNNUMBERED
    if labelled or (kind not in LAW_KINDS and (kind in LIST_KINDS or len(text) > HEADING_MAX_WIDTH)):
        return _numbering(kind, _NONE)  # (a list's item, or too wide: no heading, whatever follows)
    rest = text[marker_end:] if marker_end else _after_marker(text, kind)
    return _numbering(kind, _heading_strength(rest, text, kind))


@functools.cache
def _numbering(kind: str, strength: Strength) -> Numbered:
    """One `Numbered` of each kind and strength, shared by the blocks that have them."""
    return Numbered(kind, strength)


def _has_label_colon(text: str) -> bool:
    """Whether a colon stands where a `_LABEL`'s would (after one to four characters): most blocks
    are told they hold no label without the pattern."""
    head = text[1:5]
    return "：" in head or ":" in head


def _after_marker(text: str, kind: str) -> str:
    """The text after its marker, also where the marker was letter-spaced ("1 .有…") or bare ("1人民…")."""
    if kind in BARE_KINDS:
        return strip_bare_number(text)
    rest = strip_marker(text)
    if rest is text and " " in text[:12]:
        compact = text[:12].replace(" ", "")
        rest = strip_marker(compact + text[12:])
    return rest


#: Marks of a sentence or a clause: a law's unit with one after its number is no heading. (Classes of
#: a pattern, not sets: a set is asked of a text by making each of its characters a string.)
_CLAUSE_MARK = re.compile(f"[{re.escape(SENTENCE_END)}，：:]")
#: A sentence's end or a label's colon: a heading holds none before its last character.
_SENTENCE_END_OR_COLON = re.compile(f"[{re.escape(SENTENCE_END)}：:]")


#: A letter of a word, Han or Latin (not a digit, mark or space): a heading's title holds one.
_WORD = re.compile(r"[^\W\d_]")


def _heading_strength(rest: str, text: str, kind: str) -> Strength:
    """How much a numbered block (`rest`: its text after the marker) looks like a heading. (The
    patterns before the width: a sentence's mark inside tells most blocks without measuring them.)"""
    if kind in LAW_KINDS:
        plain = _CLAUSE_MARK.search(rest) is None and fits_width(rest, LAW_HEADING_MAX_WIDTH)
        return _PLAIN if plain else _NONE
    if not rest:  # (a list's item and a block too wide are told by `numbered` before the cut)
        return _NONE
    if _SENTENCE_END_OR_COLON.search(rest, 0, len(rest) - 1) is not None:
        return _NONE  # a sentence inside, or a label and its value: no heading
    if not fits_width(text, HEADING_MAX_WIDTH) or _WORD.search(rest) is None:
        return _NONE  # (a number followed by figures alone is a table's row: "13.38 867.45 501.61")
    if rest.endswith(_COLON_ENDS):
        return _SENTENCE if kind in ("formal", "cn") else _NONE
    if ends_sentence(rest):
        return _SENTENCE if rest.rstrip("”’）》」』")[-1] == "。" and "，" not in rest else _NONE
    return _PLAIN if rest[-1] not in "，、；,;" else _NONE


def heading_level(kind: str, text: str, kinds: frozenset[str]) -> int:
    """The level (1–4) of a heading of this marker kind in a document whose headings use `kinds`."""
    if kind in LAW_LEVELS:
        return min(LAW_LEVELS[kind] + ("part" in kinds and kind != "part"), 4)
    if kind == "decimal":
        return min(max(len(re.findall(r"\d+", _section_number(text))), 1), 4)
    if kind == "arabic" and "decimal" in kinds:
        return 1  # "1.引言" above "1.1 …": the top of a book's decimal numbering
    shift = ("formal" in kinds and kind != "formal") + ("chapter" in kinds)
    return min(OFFICIAL_LEVELS.get(kind, 4) + shift, 4)


_SECTION_NUMBER = re.compile(r"^\d+(?:[ ]?[.．][ ]?\d+)*")


def _section_number(text: str) -> str:
    """A decimal section number: "1.2.1" of "1.2.1 基础架构约定" (or of "1 .2 .1 …", letter-spaced)."""
    match = _SECTION_NUMBER.match(text)
    return match.group() if match else ""


@dataclass(frozen=True)
class Decision:
    """The type a numbered block gets: heading or list_item with a level, or paragraph."""

    type: str
    level: int | None = None


def decide(texts: Sequence[str], numbers: Sequence[Numbered], minutes: bool) -> list[Decision | None]:
    """For every block (in order), what its numbering makes it; None for blocks without a number."""
    kinds = frozenset(n.kind for n in numbers if n.kind and n.strength is _PLAIN)
    sentence_headed = _kinds_set_as_sentences(numbers)
    kinds |= sentence_headed
    decisions: list[Decision | None] = []
    lists: list[str] = []  # the kinds of the open lists, outermost first
    run_start = 0  # where the run of blocks of one kind the block is in begins
    previous_kind: str | None = None
    for index, (text, number) in enumerate(zip(texts, numbers, strict=True)):
        kind = number.kind
        if kind != previous_kind:
            run_start, previous_kind = index, kind
        if kind is None:
            decisions.append(None)
            lists.clear()  # an unnumbered paragraph closes the lists before it
            continue
        # Next to another of its kind, with nothing between them:
        in_run = run_start < index or (index + 1 < len(numbers) and numbers[index + 1].kind == kind)
        heading = number.strength is _PLAIN or (
            number.strength is _SENTENCE
            and kind in sentence_headed
            and not (minutes and kind == "paren_cn")  # the agenda's items: a list (see _is_list_item)
        )
        if heading and (not in_run or kind in RUN_IN_KINDS):
            decisions.append(_decision("heading", heading_level(kind, text, kinds)))
            lists.clear()
        elif _is_list_item(kind, minutes, in_run, run_start, texts, numbers):
            decisions.append(_decision("list_item", _list_level(lists, _list_kind(kind, text))))
        else:
            decisions.append(_PARAGRAPH)
            lists.clear()
    return decisions


@functools.cache
def _decision(type_: str, level: int) -> Decision:
    """One decision of each type and level, shared by the blocks that get it (a numbered document
    has thousands, of a few kinds)."""
    return Decision(type_, level)


_PARAGRAPH = Decision("paragraph")


def _kinds_set_as_sentences(numbers: Sequence[Numbered]) -> frozenset[str]:
    """The kinds whose every block is heading-like and some are one short sentence: a document that
    sets its headings as sentences sets all of that level so."""
    seen: dict[str, bool] = {}
    sentences: set[str] = set()
    for number in numbers:
        if number.kind is None:
            continue
        seen[number.kind] = seen.get(number.kind, True) and number.strength is not _NONE
        if number.strength is _SENTENCE:
            sentences.add(number.kind)
    return frozenset(kind for kind in sentences if seen[kind])


def _is_list_item(
    kind: str, minutes: bool, in_run: bool, run_start: int, texts: Sequence[str], numbers: Sequence[Numbered]
) -> bool:
    """Whether a numbered block that is no heading is an item of a list, not a run-in paragraph
    (`in_run`: it stands next to another of its kind; `run_start`: where their run begins)."""
    if kind not in RUN_IN_KINDS:
        return True  # 1. （1） 1) a) • …: the lower levels number lists
    if kind == "paren_cn" and minutes:
        return True  # minutes record the items of the agenda as lists
    return run_start > 0 and in_run and _introduces_a_list(texts[run_start - 1], numbers[run_start - 1])


def _introduces_a_list(text: str, number: Numbered) -> bool:
    """Whether the block before a run of （一） items makes them a list: an item of a lower level
    that ends with a colon ("1.…有下列情形之一的：" → "（一）…；"), or a law's article (its 项 are
    items of a list). Under a paragraph or a heading, （一） items are the document's second level,
    run-in paragraphs even after a colon."""
    if not text.endswith(_COLON_ENDS) or number.kind is None:
        return False
    return number.kind not in RUN_IN_KINDS or number.kind == "article"


def _list_kind(kind: str, text: str) -> str:
    """The kind of list an item is in: bullets by their glyph, which marks the level in a nested
    list (LaTeX's itemize sets • – ∗, Word's ● ○ ■)."""
    return kind + text[0] if kind == "bullet" else kind


def _list_level(lists: list[str], kind: str) -> int:
    """The level of a list item, given the kinds of the lists open before it (updated in place)."""
    if kind in lists:
        del lists[lists.index(kind) + 1 :]
    else:
        lists.append(kind)
    return min(len(lists), 2)
