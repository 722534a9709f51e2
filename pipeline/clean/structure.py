"""Block types: groups of cleaned text → title, heading (level 1–4), list item, paragraph, caption or
a part of the document (meta with its role).

The parts of an official document follow GB/T 9704-2012: 份号/doc_id, 发文机关标志 (issuer),
发文字号 (doc_number), 标题 (title), 主送机关 (addressee), body, 署名 (signature), 成文日期 (date),
附注 such as （此件公开发布） (disclosure), 附件 (attachment), and the 版记: 抄送 (cc), 印发机关
(printed_by) and 印发日期 (printed). Minutes open with a header of labelled lines (meeting), news
with a byline and dateline. Numbered blocks are headings, list items or run-in paragraphs by the
conventions in `numbering`. Rules look at a block's text and its neighbours only, never at fixed
positions.
"""

from __future__ import annotations

from typing import NamedTuple

from pipeline.clean.appearance import Look, one_title, weigh
from pipeline.clean.labels import (
    CAPTION_INITIALS,
    begins_body,
    credit_role,
    in_meeting_header,
    is_attachment_note,
    is_caption,
    is_labelled_date,
    is_meeting_line,
    meeting_items,
)
from pipeline.clean.lines import Line
from pipeline.clean.markers import BARE_KINDS, GLUED_DECIMAL, bare_kind, read_marker, settle_marker
from pipeline.clean.notes import link_notes
from pipeline.clean.numbering import Numbered, decide, numbered
from pipeline.clean.parts import ISSUER_ENDING, NAME_MAX_WIDTH, PATTERNS, parts_of
from pipeline.clean.report import CleanReport
from pipeline.clean.spacing import join_lines
from pipeline.clean.text import ends_sentence, fits_width
from pipeline.clean.verbatim import Verbatim, code_text, table_rows
from pipeline.document import CELL_SEPARATOR, Block, table_text


def _standalone(text: str, full_width: int) -> bool:
    """Short (at most about two lines), no sentence, no clause: a title, heading, name or date."""
    limit = 2 * full_width if full_width else 80
    return (
        bool(text)
        and not ends_sentence(text)
        and "，" not in text
        and not text.endswith(("，", "、", "；", "："))
        and fits_width(text, limit)
    )


class Draft(NamedTuple):
    """A block as the paragraph and spacing passes leave it: its text, its first and last source
    line, and the kind of enumeration marker its first line starts with as printed (the spacing
    pass may have taken the space out of a law's "1　人民…"). A named tuple: one is made for every
    block, and a tuple is made several times faster than a frozen dataclass."""

    text: str
    first: int
    last: int
    marker: str | None = None
    #: How the block is set, where the source is a PDF (`appearance.Look`): type evidence the
    #: classifier weighs with the text's.
    look: Look | None = None
    note: str | None = None  # the mark of a footnote the paragraph pass found at a page foot
    #: A type the lines themselves show (preformatted, table, toc), and a table's rows.
    kind: str | None = None
    rows: tuple[tuple[str, ...], ...] | None = None


def draft_of(
    group: list[Line],
    report: CleanReport,
    verbatim: Verbatim,
    *,
    look: Look | None = None,
    note: str | None = None,
) -> Draft:
    """The draft of a block from its source lines: prose joined (`spacing.join_lines`), and what
    `verbatim` found: code kept line by line, a table's cells, a contents entry without its leader
    (reported)."""
    first, last = group[0].number, group[-1].number
    if first in verbatim.numbers:  # (most blocks are prose: told by one look-up)
        if first in verbatim.tables:
            for line in group:  # rules written as the cell separator (a pipe table) are no cell's text
                for _ in range(line.body.count("|") if CELL_SEPARATOR.strip() in line.body else 0):
                    report.add("table-rule", line.number, "|")
            rows = table_rows(group)
            return Draft(table_text(rows), first, last, rows=rows, kind="table")
        if first in verbatim.code:
            return Draft(code_text(group), first, last, kind="preformatted")
        if first in verbatim.contents:  # 目录 over its entries: the front matter's heading
            return Draft(join_lines(group, report), first, last, kind="contents")
        if (entry := verbatim.toc.get(first)) is not None and len(group) == 1:
            if entry.leader:
                report.add("toc-leader", first, entry.leader)
            return Draft(entry.text, first, last, kind="toc")
    return Draft(join_lines(group, report), first, last, group[0].marker, look, note)


def classify(drafts: list[Draft], full_width: int, double_spaced: bool = False) -> list[Block]:
    """Type every block of a document, in order.

    Two title blocks on adjacent source lines (every other line, in a double-spaced text) are one
    title wrapped over two lines.
    """
    typed: list[Block] = []
    drafts = _glued_section_numbers(drafts)
    texts, numbers = _numbering_of(drafts)
    decisions = decide(texts, numbers, _is_minutes(texts))
    decisions = weigh(texts, [draft.look for draft in drafts], decisions)  # the PDF's evidence
    parts = [parts_of(text) for text in texts] + [()]  # and none after the last block
    in_header = False  # inside the header lines of minutes
    body_begun = False  # a sentence read outside that header: no header follows
    in_front_matter = True
    after_closing = False
    previous_last = 0
    seen_title = False
    for index, draft in enumerate(drafts):
        text, line, last, kind = texts[index], draft.first, draft.last, draft.kind
        # A note opens with its mark and holds its text after it: a mark alone is no note.
        footnote = draft.note is not None and text.startswith(draft.note) and len(text) > len(draft.note)
        following = texts[index + 1] if index + 1 < len(texts) else ""
        # Outside the header, a block is in it only as a labelled line, which holds a colon (most
        # blocks are told so without a call).
        if in_header or "：" in text or ":" in text:
            in_header = in_meeting_header(text, in_header, body_begun)
        body_begun = body_begun or begins_body(text, in_header)
        role = None
        # A type the lines or the page give (a table, code, a footnote) goes before any part's role.
        if kind is None and not footnote:
            before_title = in_front_matter and not seen_title
            role = _official_role(text, typed, before_title, parts[index], parts[index + 1])
            if role is None and in_header:
                role = "meeting"
            elif role is None and (in_front_matter or after_closing):
                role = credit_role(text) or ("attachment" if is_attachment_note(text) else None)
        decision = decisions[index]
        adjacent = line <= previous_last + (2 if double_spaced else 1)
        title_open = bool(typed) and typed[-1].type == "title" and adjacent  # a title's next line
        if draft.rows is not None:
            typed.append(Block.table(draft.rows, lines=(line, last)))
        elif kind == "contents":
            typed.append(Block("heading", text, level=1, lines=(line, last)))
        elif kind is not None:
            typed.append(Block(kind, text, lines=(line, last)))
        elif footnote:
            typed.append(Block("footnote", text, mark=draft.note, lines=(line, last)))
        elif role == "printed" and (match := PATTERNS["printed"].match(text)) and match.group("by"):
            typed.append(Block("meta", match.group("by"), role="printed_by", lines=(line, last)))
            typed.append(Block("meta", match.group("date"), role="printed", lines=(line, last)))
        elif role == "meeting":  # two items a printed line are two blocks of that line
            typed += [Block("meta", item, role=role, lines=(line, last)) for item in meeting_items(text)]
            after_closing = False
        elif role:
            typed.append(Block("meta", text, role=role, lines=(line, last)))
            closing = role in ("signature", "date", "disclosure")
            after_closing = closing or (after_closing and role == "doc_id")
        # A caption goes before numbers: a row of sub-figure labels reads "(a)… (b)…". (Its first
        # character tells most blocks, without a call.)
        elif text[:1] in CAPTION_INITIALS and is_caption(text):
            typed.append(Block("caption", text, lines=(line, last)))
        elif decision is not None and decision.type != "paragraph":
            typed.append(Block(decision.type, text, level=decision.level, lines=(line, last)))
            in_front_matter = after_closing = False
        elif typed and typed[-1].role == "cc" and adjacent and _continues_cc(parts, index):
            previous = typed.pop()
            first = previous.lines[0] if previous.lines else line
            typed.append(Block("meta", previous.text + text, role="cc", lines=(first, last)))
        elif (in_front_matter or after_closing or title_open) and _standalone(text, full_width) and following:
            one = one_title(drafts[index - 1].look, draft.look) if index else True
            if title_open and one:
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
    return link_notes(typed)


def _continues_cc(parts: list[tuple[str, ...]], index: int) -> bool:
    """Whether a block under the 抄送 line, on the next line, is that line's next line: GB/T 9704
    §7.4.2 lets it wrap, and the 印发 line (or its date) follows it (`parts`: each block's
    `parts.parts_of`)."""
    return any("printed" in found or "date" in found for found in parts[index + 1 : index + 3])


def _glued_section_numbers(drafts: list[Draft]) -> list[Draft]:
    """In a book or manual that numbers its sections 1.1 / 1.2.1, a short block with no sentence
    that opens with a two-level number glued to its words ("1.3联邦算法": pypdf drops the space)
    is numbered so too."""
    if "decimal" not in {draft.marker for draft in drafts}:
        return drafts
    return [
        draft._replace(marker="decimal")
        if draft.marker is None and GLUED_DECIMAL.match(draft.text) and _standalone(draft.text, 0)
        else draft
        for draft in drafts
    ]


def _numbering_of(drafts: list[Draft]) -> tuple[list[str], list[Numbered]]:
    """Every block's text as it reads back (`_reads_back`) and what its numbering says of it."""
    texts: list[str] = []
    numbers: list[Numbered] = []
    for draft in drafts:
        text, marker_end = (draft.text, 0) if draft.marker is None else _reads_back(draft.text, draft.marker)
        texts.append(text)
        numbers.append(numbered(text, draft.marker, marker_end))
    return texts, numbers


def _reads_back(text: str, kind: str) -> tuple[str, int]:
    """A block's text, its marker settled where the text would not read as numbered so again
    (cleaning the cleaned text changes nothing), and where the marker ends in it where it was read
    there unspaced (0 where not); `kind`: the marker its first line was printed with."""
    if kind == "decimal":
        # A book's section number always with its space ("1.2.1 基础架构约定"), as its gold writes it.
        return settle_marker(text, kind), 0
    reads, marker_end = (bare_kind(text), 0) if kind in BARE_KINDS else read_marker(text)
    return (text, marker_end) if reads == kind else (settle_marker(text, kind), 0)


def _is_minutes(texts: list[str]) -> bool:
    """Whether a text is minutes: a header of two or more labelled lines (时间：… 地点：…)."""
    return sum(1 for text in texts[:40] if is_meeting_line(text)) >= 2


def _official_role(
    text: str,
    typed: list[Block],
    before_title: bool,
    parts: tuple[str, ...],
    following_parts: tuple[str, ...],
) -> str | None:
    """The GB/T 9704 role of a block, or None for ordinary content (`parts`, `following_parts`: the
    parts it and the block after it are by their patterns, `parts.parts_of`)."""
    previous = typed[-1] if typed else None
    if "doc_id" in parts and (
        not typed or any(block.role in ("issuer", "doc_number", "disclosure") for block in typed[:12])
    ):
        return "doc_id"  # 份号: first in the text, or wherever an extractor put it in an official document
    if before_title or (previous is not None and previous.type == "title"):
        if "doc_number" in parts:
            return "doc_number"  # 发文字号: above the title, or right under it where there is no 版头
        if (
            text.endswith(ISSUER_ENDING)
            and fits_width(text, NAME_MAX_WIDTH)
            and ("doc_number" in following_parts or previous is None or previous.role == "doc_id")
        ):
            return "issuer"
    if parts:  # (most blocks are no part by its pattern)
        for part in ("disclosure", "cc", "printed"):
            if part in parts:
                return part
        if "date" in parts and previous is not None and previous.type != "title":
            return "date"
    if is_labelled_date(text):
        return "date"  # a header's dated field, under the title too
    if (
        text.endswith("：")
        and previous is not None
        and (previous.type == "title" or previous.role == "doc_number")
        and (fits_width(text, 120) and "。" not in text)
    ):
        return "addressee"
    if not following_parts or previous is None:
        return None  # the rules below read the part the next block is
    if (
        "date" in following_parts
        and previous.type in ("paragraph", "heading")
        and _standalone(text, 0)
        and fits_width(text, NAME_MAX_WIDTH)
    ):
        return "signature"
    if "printed" in following_parts and previous.role == "cc" and _standalone(text, 0):
        return "printed_by"  # a name, not the 抄送 line's next line
    return None
