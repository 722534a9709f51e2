"""The parts of a block that typesetting sets apart, found in the block's own text and links.

Shared by the print and EPUB targets, so that both hang the same marker and link the same notes:
a list item's, footnote's or toc entry's marker (set hanging: the text's later lines align with
the text after it), the label of a minutes header line (時間：/地點：…, set in a label column),
the label of the 附件 line (GB/T 9704 7.3.5), a table-of-contents line's page number (set flush
right after a leader), and which footnote each reference mark calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.document import Block
from pipeline.unicode import BULLETS, SPACED_BULLETS

_CN_NUMERAL = "一二三四五六七八九十百零〇"
#: The glyphs a list's item opens with (the cleaner's, `pipeline.unicode`), and the other marks a
#: footnote or an item may open with (· ‣ ※ ＊ —), as a character class's inside.
_BULLET_GLYPHS = re.escape(BULLETS + SPACED_BULLETS + "·‣※＊—")
#: An enumeration or bullet marker at the start of a list item or footnote, with the blanks after it.
#: Punctuated forms (1. 1、 (1) （一） a) [1] ① •) need no blank after them; bare numbers ("1 人民…",
#: "一　每縣市…", law paragraphs and items) only count when a blank follows.
_MARKER = re.compile(
    rf"""(?:
        [{_BULLET_GLYPHS}]
      | \[\d{{1,3}}\]
      | [(（〔【][0-9A-Za-z{_CN_NUMERAL}]{{1,4}}[)）〕】]
      | [\u2460-\u2473\u3251-\u325f\u32b1-\u32bf\u2776-\u277f]
      | \d{{1,3}}(?:\.\d{{1,3}})*[.．、)）](?!\d)
      | [A-Za-z][.)）]
      | [{_CN_NUMERAL}]{{1,4}}[、．]
      | 第[{_CN_NUMERAL}\d]{{1,4}}[章节節编編篇部条條款项項]
    )[ \u3000]*
    | (?:\d{{1,3}}(?:\.\d{{1,3}})*|[{_CN_NUMERAL}]{{1,4}})[ \u3000]+
    """,
    re.VERBOSE,
)
#: The longest marker (in characters, blanks included) that hangs; a longer match is text.
MAX_MARKER = 8
#: "時間：" at the start of a minutes header line: a short label without sentence punctuation.
_LABEL = re.compile(r"[^：:，。；,;]{1,10}?[：:][ \u3000]*")
#: "附件：" of GB/T 9704 7.3.5 (附件说明), in either script.
_ATTACHMENT_LABEL = re.compile(r"附[件]?[ \u3000]*[：:][ \u3000]*")
#: A table-of-contents line's page number: arabic or roman, after the entry and one blank.
_TOC_PAGE = re.compile(r"(?P<entry>.*\S)[ \u3000]+(?P<page>\d{1,4}|[ivxlcdm]{1,7}|[IVXLCDM]{1,7})")


def marker_end(text: str) -> int:
    """Where the marker an item or note starts with ends (its blanks included), or 0 if none."""
    match = _MARKER.match(text)
    if match is None or match.end() > MAX_MARKER or match.end() == len(text):
        return 0
    return match.end()


def hanging_marker_end(block: Block) -> int:
    """The end of the part of a block that hangs: a footnote's mark, a list item's marker."""
    if block.type == "footnote" and block.mark:
        rest = block.text[len(block.mark) :]
        end = len(block.text) - len(rest.lstrip(" \u3000"))
        return end if end < len(block.text) else 0
    return marker_end(block.text)


@dataclass(frozen=True)
class Hang:
    """How a list item, footnote or 附件 line hangs: its marker is `text[:end]`, set at its style's
    inset or, given `after` = (block, n), where the first n characters of that earlier block end:
    a level-2 item under its level-1 item's text, a later 附件 line after the first one's 附件：."""

    end: int
    after: tuple[int, int] | None = None


def hangs(blocks: tuple[Block, ...]) -> dict[int, Hang]:
    """The hanging blocks of a document (list items, footnotes, the 附件 list) by index."""
    found: dict[int, Hang] = {}
    item: tuple[int, int] | None = None  # the last level-1 item and its marker's end
    attachment: tuple[int, int] | None = None  # the first 附件 line and its label's end
    for index, block in enumerate(blocks):
        text = block.text
        if block.type not in ("list_item", "footnote"):
            item = None
        if block.type == "footnote":
            found[index] = Hang(hanging_marker_end(block))
        elif block.role == "attachment":
            label = attachment_label_end(text)
            if label:  # 附件：1. 名称 — the label and the number hang
                attachment = (index, label)
                found[index] = Hang(label + marker_end(text[label:]))
            else:  # 2. 名称 — under the first item's number
                found[index] = Hang(marker_end(text), attachment)
        elif block.type == "list_item":
            found[index] = Hang(marker_end(text), item if block.level == 2 else None)
            if block.level == 1:
                item = (index, found[index].end)
    return found


def label_end(text: str) -> int:
    """Where the label of a minutes header line ("時間：", "一、出席人員：") ends, or 0 if none."""
    match = _LABEL.match(text)
    return match.end() if match else 0


def attachment_label_end(text: str) -> int:
    """Where "附件：" ends in the first line of an attachment list, or 0 in its later lines."""
    match = _ATTACHMENT_LABEL.match(text)
    return match.end() if match else 0


@dataclass(frozen=True)
class TocLine:
    """A table-of-contents line split into its entry and its page number ("" when it has none)."""

    entry: str
    page: str


def toc_line(text: str) -> TocLine:
    """The entry and page number of a toc block (the model keeps one blank before the number)."""
    match = _TOC_PAGE.fullmatch(text)
    if match is None:
        return TocLine(text, "")
    return TocLine(match.group("entry"), match.group("page"))


#: Block types whose reference marks are set as note calls. A title's or heading's text also names
#: the outline entry and running head, and a table's cells are set one by one: their notes are
#: placed after the block, as an unlinked note is.
CALLING_TYPES = frozenset({"paragraph", "list_item", "meta", "caption"})


@dataclass(frozen=True)
class NoteCall:
    """A reference mark at `at` in block `block` that calls the footnote at index `footnote`."""

    block: int
    at: int
    mark: str
    footnote: int


def note_calls(blocks: tuple[Block, ...]) -> list[NoteCall]:
    """Each reference mark linked to the first footnote after its block with the same mark that no
    earlier mark took (Document model v2: `Block.notes` link to the footnote that follows)."""
    calls: list[NoteCall] = []
    taken: set[int] = set()
    for index, block in enumerate(blocks):
        if block.type not in CALLING_TYPES:
            continue
        for note in block.notes:
            for later in range(index + 1, len(blocks)):
                candidate = blocks[later]
                if candidate.type == "footnote" and candidate.mark == note.mark and later not in taken:
                    taken.add(later)
                    calls.append(NoteCall(index, note.at, note.mark, later))
                    break
    return calls
