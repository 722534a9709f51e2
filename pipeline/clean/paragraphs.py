"""Paragraph boundaries: cleaned source lines → groups of lines, one group per block.

A line break is a soft wrap or a block end. The evidence is the document's own (`LayoutProfile`):
blank lines where they mean something, the U+2003 paragraph mark, indentation, the full line width
(a line that stops short ends its paragraph if it ends a sentence), enumeration markers, and the
fragments left by extractors that split one printed line at compressed punctuation ("学校、\\n公立医院、").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import Enum

from pipeline.clean.fragments import ends_in_address, leading_address_width
from pipeline.clean.header import opens_with_role, row_continuations
from pipeline.clean.labels import (
    ATTRIBUTION_INITIALS,
    CAPTION_INITIALS,
    begins_body,
    in_meeting_header,
    is_attribution,
    is_caption,
    is_labelled_date,
)
from pipeline.clean.lines import CURLY_QUOTES, LayoutProfile, Line, space_marked_end
from pipeline.clean.markers import (
    BARE_KINDS,
    BARE_NUMBER,
    LAW_KINDS,
    bare_kind,
    line_marker,
    marker_match,
)
from pipeline.clean.parts import NAME_MAX_WIDTH, PATTERNS
from pipeline.clean.spacing import normalise_spaces
from pipeline.clean.text import PARAGRAPH_MARK, display_width, ends_sentence
from pipeline.clean.verbatim import Verbatim
from pipeline.unicode import (
    CJK_PUNCT,
    CLOSING_PUNCT,
    OPENING_PUNCT,
    SENTENCE_END,
    SPLIT_POINTS,
    TRAILING_CLOSERS,
)

#: A Latin word hyphenated at a line's end ("Lan-"): the word goes on on the next line.
_HYPHENATED_END = re.compile(r"[a-z]-$")
_LATIN_END = re.compile(r"(?:[A-Za-z\u00c0-\u024f]-|[A-Za-z0-9\u00c0-\u024f])$")
#: A Latin word or number as printed (full-width letters and digits too): it is never broken.
_LATIN_WORD = re.compile(
    r"[A-Za-z0-9\u00c0-\u024f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a][A-Za-z0-9\u00c0-\u024f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a.%．％-]*"
)
#: The characters a Latin word or number starts with (read as a set: most lines start with none).
_LATIN_INITIALS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" + "".join(map(chr, range(0xC0, 0x250)))
)

#: The brackets a note may close a sentence with ("。（责任单位：…）", "。〔…〕", "。[市体育局]"),
#: by closing mark: the opening mark of the pair.
_NOTE_OPENING = {closing: opening for opening, closing in ("（）", "〔〕", "[]", "【】", "［］")}
#: Opening marks and the marks that close them, for reading a bracketed note or quotation.
_PAIRED_MARKS = {"（": "）", "“": "”", "「": "」", "『": "』", "《": "》", "〔": "〕"}

#: A colon, full-width or ASCII: a line ending with one is read by its last character, `text[-1:] in
#: _COLONS` (`str.endswith` with a tuple parses its arguments at each call: slow where every line asks).
_COLONS = frozenset("：:")

#: How far (display units) a printed line may run past the measure through compressed punctuation.
OVERRUN = 4
#: How far short of the measure (display units: four Han characters) a line may stop and still be
#: taken for a full one — by a title's or heading's wrap, or a paragraph's line before a forced break.
NEARLY_FULL = 8
#: The longest line that may be an official-document part by itself (characters).
PART_MAX_LENGTH = 80
#: How much of a block's end (characters) is read to see how its last sentence ends.
TAIL_LENGTH = 160


class Join(Enum):
    """How a line follows the block before it."""

    NEW_BLOCK = "new block"  # it starts the next block
    SAME_PRINTED_LINE = "same printed line"  # it is the rest of the printed line an extractor split
    NEXT_PRINTED_LINE = "next printed line"  # the block wraps onto it


# The members by name: Python 3.11 looks an Enum member up through its class with a descriptor
# written in Python, and the pass asks for them at every line.
NEW_BLOCK = Join.NEW_BLOCK
SAME_PRINTED_LINE = Join.SAME_PRINTED_LINE
NEXT_PRINTED_LINE = Join.NEXT_PRINTED_LINE


class _Block:
    """A block as it is read, with what the rules ask of it at every line (a plain class with slots:
    the pass makes one per block and reads these at every line)."""

    __slots__ = (
        "first",
        "front",
        "has_sentence",
        "inline_list",
        "lines",
        "lines_width",
        "printed_width",
        "role_rows",
    )

    # (Its flags are passed by position: a class called with keywords builds a dict of them each time.)
    def __init__(self, first: bool = False, front: bool = False) -> None:
        self.lines: list[Line] = []
        self.printed_width = 0  # width of the printed line the last fragment belongs to
        self.lines_width = 0  # the widths of all its lines, added up
        self.has_sentence = False  # whether any line holds sentence punctuation (so it is no title)
        self.inline_list = False  # whether a list run into the sentence after a colon is open
        self.first = first  # whether it is the document's first block (where a title stands)
        # whether no block before it holds a full stop or is numbered (the front matter: title, 主送)
        self.front = front
        self.role_rows = False  # whether its first line opens with a role (an attendees' table's row)

    def add(self, line: Line, *, same_printed_line: bool) -> None:
        if not self.lines:
            # (A role opens with a bracket: most blocks are told by their first character.)
            self.role_rows = line.first in "（(" and opens_with_role(line)
        self.printed_width = (self.printed_width if same_printed_line else 0) + line.width
        self.lines_width += line.width
        self.lines.append(line)
        if not self.has_sentence:
            self.has_sentence = _holds_sentence_mark(line.body)


def _holds_sentence_mark(text: str) -> bool:
    """Whether text holds sentence punctuation: a comma or a mark of SENTENCE_END (。！？；…). (One
    `in` a mark: several times faster than a search for a class of characters through a line.)"""
    return "，" in text or "。" in text or "；" in text or "！" in text or "？" in text or "…" in text


def group_blocks(
    lines: list[Line],
    profile: LayoutProfile,
    notes: Mapping[int, str] | None = None,
    verbatim: Verbatim | None = None,
) -> list[list[Line]]:
    """Split the lines into blocks (lists of lines, in order).

    `notes` gives the lines that start footnotes (by source line number, see `notes.find_notes`): a
    page's notes run to the page's end, and the text the page ended in goes on after them; the notes
    follow the block in which their page ended. `verbatim` gives the lines that are no prose
    (`verbatim.find_verbatim`): each table is one block, each contents entry one, a code block holds
    its code lines only."""
    # A page's notes run to the page's end; in a text without pages (one paragraph a line) a note
    # is a line like the others.
    notes = (notes or {}) if profile.wrapped else {}
    blocks: list[list[Line]] = []
    current = _Block(True, True)  # (first, front)
    blank_before = False
    verbatim = verbatim or Verbatim()
    verbatim_lines = verbatim.numbers  # no prose joins them
    tables = verbatim.tables
    table: int | None = None  # the table whose rows the open block holds
    text_block: _Block | None = None  # the text's open block, while a page's notes are read
    pending_notes: list[list[Line]] = []

    def close() -> None:
        nonlocal current
        # The front matter (title, 主送) ends at the first full stop, or at a numbered heading or item:
        # the body's (GB/T 9704 §7.3.3: the 主送 line stands above the body).
        front = (
            current.front
            and not (current.lines and current.lines[0].marker is not None)
            and not any(_full_stop_in(line.body) for line in current.lines)
        )
        if current.lines:
            blocks.append(current.lines)
            if pending_notes:
                blocks.extend(pending_notes)
                pending_notes.clear()
        current = _Block(not blocks, front)  # (first, front)

    ahead = _lines_ahead(lines)
    header = False  # inside the header of minutes, which sets one item a line
    body_begun = False  # a sentence read outside that header: no header follows
    # Cells of a header row pdftotext wrote as blocks of their own: in hard-wrapped text where blank
    # lines part neither every line nor every paragraph (there they say nothing of a row).
    cells = profile.wrapped and not (profile.double_spaced or profile.blank_separated)
    rows = row_continuations(lines) if cells else set()
    near_parts = _near_parts(lines)
    # (The profile's facts every line asks for, read once.)
    ends_by_mark, ends_by_space = profile.marked, profile.space_marked
    for line, (following, after) in zip(lines, ahead, strict=True):
        number = line.number
        if number in notes or (text_block is not None and not line.page_break_before):
            if line.blank:
                continue
            if number in notes:  # a note starts: the text's block waits for the page's end
                if text_block is None:
                    text_block = current
                elif current.lines:
                    pending_notes.append(current.lines)
                current = _Block()
            current.add(line, same_printed_line=False)
            continue
        if text_block is not None:  # the page ended: the text goes on
            pending_notes.append(current.lines)
            current, text_block = text_block, None
            if not current.lines:  # the page's last block had ended (a blank line): the notes follow it
                blocks.extend(pending_notes)
                pending_notes.clear()
        if number in tables or (table is not None and line.blank):
            if not line.blank:
                if table != tables[number]:
                    close()
                    table = tables[number]
                current.add(line, same_printed_line=False)
            continue
        if table is not None:  # the table ended
            close()
            table = None
        if line.blank:
            if line.text.strip(" \t") == PARAGRAPH_MARK:
                close()
            elif not profile.double_spaced and not (
                (profile.wrapped and current.lines and _mid_sentence(current, profile, following))
                or _awaits_text(current)
                or (following is not None and following.number in rows)
            ):
                # A blank line ends a block; in hard-wrapped text not in the middle of a sentence
                # (an extractor's stray blank line). Where every line is a block, it always does.
                close()
            blank_before = True
            continue
        if not current.lines:
            current.add(line, same_printed_line=False)
        else:
            # (Most texts hold no verbatim lines: there the test is skipped.)
            previous = current.lines[-1].number if verbatim_lines else None
            if verbatim_lines and (number in verbatim_lines or previous in verbatim_lines):
                code = verbatim.code
                join = NEXT_PRINTED_LINE if number in code and previous in code else NEW_BLOCK
            elif line.break_before is not None:  # decided by evidence beyond the text (geometry)
                join = (
                    NEW_BLOCK
                    if (line.break_before and not _stops_mid_sentence(current, line, profile))
                    or _numbered_after_an_end(current, line)
                    or _heading_just_fits(current, line, profile)
                    else NEXT_PRINTED_LINE
                )
            else:
                join = (
                    NEW_BLOCK
                    if number in near_parts
                    and _starts_part(line, following)
                    and not _piece_of_printed_line(current, line, following, profile)
                    else _join(current, line, profile, blank_before, following, after)
                )
            # A labelled line ("主席：…") inside prose, its sentence unfinished, is no header line.
            was_header = header
            # (Outside the header only a labelled line, with its colon, is in it.)
            header = (
                (header or "：" in line.body or ":" in line.body)
                and in_meeting_header(line.body, header, body_begun)
                and not _inside_prose(current)
            )
            body_begun = body_begun or begins_body(line.body, header)
            if number in rows:
                join = SAME_PRINTED_LINE
            # one item a line, to its end — unless the page shows the line wrapped (geometry)
            elif (header or was_header) and join is NEXT_PRINTED_LINE and line.break_before is not False:
                join = NEW_BLOCK
            elif current.role_rows and opens_with_role(line):
                join = NEW_BLOCK  # the rows of an attendees' table, a role in brackets each
            if join is NEW_BLOCK:
                close()
            current.add(line, same_printed_line=join is SAME_PRINTED_LINE)
        blank_before = False
        if (ends_by_mark and line.marked_end) or (ends_by_space and space_marked_end(line)):
            close()
    if text_block is not None:
        pending_notes.append(current.lines)
        current = text_block
    close()
    if pending_notes:  # notes after a text that ended with its page
        blocks.extend(pending_notes)
    return blocks


#: An enumeration marker's opening bracket and number, its closing bracket left to the next line.
_OPENED_MARKER = re.compile(r"[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})")
#: The longest such line (characters): a bracket and three numerals.
_OPENED_MARKER_LENGTH = 4


def _mark_split_marker(line: Line, following: Line) -> None:
    """A line that is a marker's opening bracket and number, the next line opening with the closing
    bracket ("（1" / "）申请表…": pdftotext -raw splits a printed line there), starts with that
    marker: it gets the marker's kind, as the line would have whole. (Asked of lines with no marker
    of their own and no longer than such a piece.)"""
    if line.first in "（(" and following.first in "）)" and _OPENED_MARKER.fullmatch(line.body):
        line.marker = line_marker(line.body + following.first)


#: How many articles (第X条) make a text a law, whose articles may number their paragraphs bare.
LAW_ARTICLES = 3
#: A line ending with a document number's year, its number still to come ("…〔2014〕").
_DOCUMENT_YEAR_END = re.compile(r"[〔［\[]\d{4}[〕］\]]$")


def mark_numbered_paragraphs(lines: list[Line]) -> None:
    """In a law (a text of articles, 第X条), a bare number set apart by a space numbers a paragraph
    or an item of its article ("1　人民身體之自由…", "一　每縣市…"): such lines get it as their marker
    (before the notes and the paragraphs are read: such a number is no footnote's mark)."""
    # (A line's marker is asked whether it is one before it is compared: most lines have none, and
    # comparing None with a string is the slow case.)
    if sum(1 for line in lines if line.marker is not None and line.marker == "article") < LAW_ARTICLES:
        return
    before = ""
    numbered: list[Line] = []  # the lines of the article read that a bare number starts
    counting: set[str] = set()  # the kinds of bare number the article has begun to count with
    for line in lines:
        if line.blank:
            continue
        if line.marker is not None:
            if line.marker in LAW_KINDS:
                _unnumber_lone_firsts(numbered)
                numbered = []
                counting.clear()
        else:
            kind = bare_kind(line.body)
            # An article counts its paragraphs from 1 and its items from 一: a number that would
            # begin either count elsewhere is a quantity ("2 亿元，…"). (Once begun, a count is not
            # checked: pdftotext may write a paragraph's number among the items before it.) A
            # document number wrapped after its year ("〔2014〕" / "44 号…", GB/T 9704 §7.2.4: the
            # year in 〔〕 and then the number) goes on there: its number numbers no paragraph. (The
            # number first: most lines start with none.)
            if (
                kind is not None
                and not _DOCUMENT_YEAR_END.search(before)
                and (kind in counting or _first_of_count(line.body))
            ):
                line.marker = kind
                counting.add(kind)
                numbered.append(line)
        before = line.body
    _unnumber_lone_firsts(numbered)


#: The first bare number of an article's paragraphs (1) or items (一), and the second.
_SECOND_NUMBER = {"1": "2", "一": "二"}


def _unnumber_lone_firsts(numbered: list[Line]) -> None:
    """An article numbers its paragraphs (items) only where it has several (《立法技术规范》): a bare
    1 (一) with no 2 (二) after it in its article is a number its sentence opens with ("1 万元，…",
    the space an extractor's), no marker. `numbered`: an article's lines that a bare number starts."""
    numbers = [line.body.split(maxsplit=1)[0] for line in numbered]
    for index, (line, number) in enumerate(zip(numbered, numbers, strict=True)):
        second = _SECOND_NUMBER.get(number)
        if second is not None and second not in numbers[index + 1 :]:
            line.marker = None


def _first_of_count(body: str) -> bool:
    """Whether a line's bare number is the first of a count: 1 or 一."""
    number = BARE_NUMBER.match(body)
    return number is not None and number.group().strip(" \t\u3000") in ("1", "１", "一")


def _awaits_text(block: _Block) -> bool:
    """Whether a block is a marker alone ("1.", "（三）", "1"): the extractor put the text it numbers on
    the next line, which the block takes whatever it reads like."""
    if len(block.lines) != 1:
        return False
    first = block.lines[0]
    return first.marker is not None and (  # (a marker alone is a marker: most lines are told by it)
        first.marker_only or (first.marker in BARE_KINDS and first.body.isalnum())
    )


def _mid_sentence(block: _Block, profile: LayoutProfile, following: Line | None = None) -> bool:
    """Whether a wrapped block stops in the middle of a sentence — after a comma or an opening mark,
    inside a quotation or bracket, or at the end of a full line that ends no full sentence (a
    semicolon may end a full line), or of one that could not take the next line's first word: a
    blank line there is the extractor's.

    A paragraph's first line is full one first-line indent short of the measure: pdftotext drops
    the indent, and often sets that line apart by a blank line (a first line that reaches further
    left than the lines under it is a text block of its own to it). A number without a sentence mark
    after it (a heading), or the document's first line (its title), ends its block where it stops."""
    tail = _tail(block)
    if _open_ended(block.lines[-1].body) or _leaves_a_mark_open(tail):
        return True
    if _full_stop(tail):
        return False
    return profile.is_full(block.printed_width + _first_line_indent(block)) or _forced_break(
        block, following, profile
    )


def _first_line_indent(block: _Block) -> int:
    """The first-line indent a block's line had where it is the block's first printed line (a
    paragraph's first line is full that much short of the measure, whether pdftotext dropped the
    indent or -layout kept it); none for a number without a sentence mark after it (a heading) or
    the document's first line (its title), which stop where they end — but a law's article, which
    runs into its text and is set as a paragraph is (《立法技术规范》: "　　第三条　…")."""
    first_line = (
        not block.first
        and (block.lines[0].marker in (None, "article") or block.has_sentence)
        and _on_first_printed_line(block)
    )
    return FIRST_LINE_INDENT if first_line else 0


def _hangs_under_its_item(block: _Block, line: Line) -> bool:
    """Whether `line` is the second line of a numbered item set with a hanging indent: deeper than
    the item's first line, under its text ("1.窗口接收：…235号" / "        福州市…服务大厅"), while
    the item has not ended its sentence."""
    first = block.lines[0]
    return (
        first.marker is not None
        and first.marker not in (*TOP_LEVEL_KINDS, "decimal", "article")  # a heading's next line is no item's
        and line.marker is None
        and line.indent > first.indent
        and _on_first_printed_line(block)
        and not ends_sentence(block.lines[-1].body)
        and not is_caption(line.body)
    )


def _inside_a_displayed_quotation(block: _Block, line: Line) -> bool:
    """Whether `line` goes on with a paragraph of a displayed quotation or verse (LaTeX's `quotation`
    and `verse`, an epigraph; `-layout` text): its lines stand at the quotation's own margin, set in
    from the text's, and its first line deeper by the paragraph indent — so the second line, less
    deep than the first, may stand where a paragraph of the text would start. While the first line's
    sentence is unfinished it cannot."""
    first = block.lines[0]
    return (
        len(block.lines) == 1
        and first.marker is None
        and line.marker is None
        and first.indent >= line.indent + 2
        and block.has_sentence
        and not ends_sentence(first.body)
    )


def _at_its_column(piece: Line, line: Line) -> bool:
    """Whether `line` stands where the rest of `piece`'s printed line would: `pdftotext -layout` sets
    the piece after a split at the column where the piece before it ends (one column a character;
    the gap the split leaves is at most a column or two), and never after a page break."""
    end = piece.indent + len(piece.body)
    return not line.page_break_before and 0 <= end - line.indent <= 2


def _stops_mid_sentence(block: _Block, line: Line, profile: LayoutProfile) -> bool:
    """Whether a block stops in the middle of a sentence and the next line (no number, no caption)
    carries it on: a paragraph of sentences never ends there, however short its line, and a Latin
    phrase runs on into the next line's words (a reference's title, a URL)."""
    if line.marker is not None or is_caption(line.body):
        return False
    if line.first in _LATIN_INITIALS and _LATIN_END.search(block.lines[-1].body[-2:]):
        # Over a full line, or one the next word would not have fitted on (a table's row, "Mac OS
        # MacTeX TeXShop", stops short and ends its block).
        return profile.is_full(block.printed_width, slack=NEARLY_FULL) or _forced_break(block, line, profile)
    return block.has_sentence and not _may_end_block(block, profile)


def _numbered_after_an_end(block: _Block, line: Line) -> bool:
    """Whether a numbered line follows a sentence's or a colon's end: the number starts a new item
    however the lines stand (where the geometry reads a run of short items as one block's lines,
    the numbers still part them; labels set side by side on one row, "(a)… (b)…", stay together)."""
    return line.marker is not None and _ends_clause(_tail(block))


def _ends_clause(tail: str) -> bool:
    """Whether a block's text (its `_tail`) ends a sentence (a trailing note in brackets, "。（责任
    单位：…）", counts) or a colon: the ends after which a block may stop."""
    return ends_sentence(_without_trailing_note(tail)) or tail[-1:] in _COLONS


def _full_stop_in(text: str) -> bool:
    return "。" in text or "！" in text or "？" in text


def _ends_addressee(block: _Block, line: Line, prev_text: str, profile: LayoutProfile) -> bool:
    """GB/T 9704 §7.3.3: the 主送机关 line ends with a colon and the body starts on a new line — in
    the front matter (after the title, no full stop yet), a line ending with a colon short of the
    measure ends its block, whatever the widths say (the colon and the body's first line could also
    be one printed line split at them)."""
    return (
        block.front
        and not block.first
        and prev_text[-1:] in _COLONS
        and not profile.is_full(block.printed_width)
        and not any(_full_stop_in(line.body) for line in block.lines)
        # "…邮箱：" before an address that did not fit; the 主送 line stands at the margin, unindented.
        and not _forced_break(block, line, profile, indented=False)
    )


def _continues_inline_list(block: _Block, prev_text: str, text: str, profile: LayoutProfile) -> bool:
    """Whether a marked line is the next item of a list run into its paragraph.

    "措施包括：（一）加强领导；（二）完善制度。" — items that end with ； or ， continue the
    sentence the colon opened, so they stay in its paragraph until an item ends with 。. Run in, the
    text before an item fills its printed line; a list set on lines of its own starts each item on
    a new one, after a line that stops short: its items are blocks of their own (list items).
    """
    if not profile.is_full(block.printed_width):
        block.inline_list = False
        return False
    if prev_text[-1:] in _COLONS:
        block.inline_list = text.endswith(("；", "，"))
        return block.inline_list
    return block.inline_list and prev_text.endswith("；")


def _lines_ahead(lines: list[Line]) -> list[tuple[Line | None, Line | None]]:
    """For each line, the next two non-blank lines after it (None past the end): the rules read
    them at every line, so they are found once, in one pass from the end. On the way, a marker split
    from its closing bracket gets its line's marker (`_mark_split_marker`, which reads the next line:
    most lines are longer than such a piece, and told so by their length)."""
    ahead: list[tuple[Line | None, Line | None]] = []
    following: Line | None = None
    after: Line | None = None
    for line in reversed(lines):
        ahead.append((following, after))
        if not line.blank:
            if line.marker is None and len(line.body) <= _OPENED_MARKER_LENGTH and following is not None:
                _mark_split_marker(line, following)
            following, after = line, following
    ahead.reverse()
    return ahead


def _starts_part(line: Line, following: Line | None) -> bool:
    """A line that is an official-document part, or the office that signs above a date or 印发 line."""
    if _is_part(line):
        return True
    if following is None or line.width > NAME_MAX_WIDTH or following.last not in "日发":
        return False  # only a date or a 印发 line below makes a line a signature
    next_text = normalise_spaces(following.body)
    if PATTERNS["date"].match(next_text):
        return not any(c in CJK_PUNCT for c in line.body)  # a signature above the date
    printed = PATTERNS["printed"].match(next_text)
    return printed is not None and not printed.group("by")


def _piece_of_printed_line(block: _Block, line: Line, following: Line | None, profile: LayoutProfile) -> bool:
    """Whether `line` is a piece of a printed line split at punctuation — then it is no document
    number or date of its own, however it reads: it completes the line split before it ("…56号；" +
    "展大豆业园区〔2002〕75号"), or the next line starts with the closing mark that follows it."""
    if following is not None and following.first in CLOSING_PUNCT:
        return True
    return (
        profile.wrapped
        and block.lines[-1].last in SPLIT_POINTS
        and _fills_measure(block.printed_width + line.width, profile)
    )


def _join(
    block: _Block,
    line: Line,
    profile: LayoutProfile,
    blank_before: bool,
    following: Line | None = None,
    after: Line | None = None,
) -> Join:
    """How `line` follows the block: it starts a new one, or continues the same or the next printed line.

    `following` is the next non-blank line, `after` the one after that."""
    previous = block.lines[-1]
    prev_text, text = previous.body, line.body
    # The characters where the line break is: most rules below look at them.
    last, first = previous.last, line.first
    # The rules about a block of one line (a marker alone, a part, a heading) are asked of such
    # blocks only: most lines go on a block of several. (A marker alone is a marked line: most
    # blocks of one line are told by their marker.)
    single = len(block.lines) == 1
    if single and not line.marker and previous.marker is not None and _awaits_text(block):
        return SAME_PRINTED_LINE  # a marker and the text it numbers share their printed line
    # (The addressee's rule is the front matter's: most blocks are past it. A caption and an
    # attribution are told by their first characters: most lines are neither.)
    if (block.front and _ends_addressee(block, line, prev_text, profile)) or (
        first in CAPTION_INITIALS and _is_caption_line(line, profile)
    ):
        return NEW_BLOCK
    if (
        profile.double_spaced
        and not blank_before
        and not line.page_break_before
        and not (profile.indented and abs(line.indent - profile.paragraph_indent) <= 1)
    ):
        # Consecutive lines in a double-spaced text belong together (wrapped titles).
        return NEXT_PRINTED_LINE
    # (An attribution opens with a dash: most lines, and most blocks' first lines, are told by
    # their first character.)
    dash = first in ATTRIBUTION_INITIALS or (single and previous.first in ATTRIBUTION_INITIALS)
    if dash and _attribution(block, line):
        return NEW_BLOCK
    if first in CLOSING_PUNCT:
        # Closing punctuation never starts a line of its own: the rest of a printed line.
        return SAME_PRINTED_LINE
    if profile.indented and line.indent >= 2:
        if _inside_a_displayed_quotation(block, line) or (
            # At the paragraph indent, an item's wrapped line (its first filled the measure) hangs
            # under its text: "• 批处理 …虽然解释（parse）源" / "   文件可能很费劲。"
            _hangs_under_its_item(block, line) and profile.is_full(block.printed_width, slack=NEARLY_FULL)
        ):
            return NEXT_PRINTED_LINE
        if abs(line.indent - profile.paragraph_indent) <= 1:
            # The rest of a printed line may land at the indent column: a bracketed note after a
            # sentence, or any opening mark inside one ("充分发挥“赛”\n  “会”之城").
            note = (
                not line.marker
                and block.has_sentence
                and (first in "（(" or (first in OPENING_PUNCT and not ends_sentence(prev_text)))
            )
            if _open_ended(prev_text) or (note and _kerning_fragment(block, line, profile)):
                return SAME_PRINTED_LINE
            return NEW_BLOCK
        if (
            not profile.is_full(block.printed_width)
            and block.printed_width + line.width <= profile.full_width + OVERRUN
            and _at_its_column(block.lines[-1], line)
            and not (line.marker and _may_end_block(block, profile))
        ):
            return SAME_PRINTED_LINE  # the rest of a printed line, placed at its column
        if _hangs_under_its_item(block, line):
            return NEXT_PRINTED_LINE
    if single and _is_part(previous, _ONE_LINE_PARTS):
        return NEW_BLOCK  # a date, document number or similar part by itself: nothing continues it
    if line.marker:
        if _continues_inline_list(block, prev_text, text, profile):
            return NEXT_PRINTED_LINE
        if single and _is_heading_line(block) and not _open_ended(prev_text):
            return NEW_BLOCK  # a numbered heading after a heading: only a sentence runs on over a marker
        if _may_end_block(block, profile) or ends_in_address(_tail(block)):
            return NEW_BLOCK  # an address takes no stop after it ("下载地址：http://…" / "九、…")
    if not block.has_sentence and not line.marker and _article_runs_on(block):
        # (Before the heading's rule: the article's line is no heading.)
        fragment = _kerning_fragment(block, line, profile, following, after)
        return SAME_PRINTED_LINE if fragment else NEXT_PRINTED_LINE
    if single and _heading_complete(block, line, profile):
        return NEW_BLOCK
    # (Extractors split printed lines at punctuation only: most lines are told so without the call.)
    if (last in SPLIT_POINTS or first in SPLIT_POINTS) and _kerning_fragment(
        block, line, profile, following, after
    ):
        return SAME_PRINTED_LINE
    if first in _LATIN_INITIALS and _LATIN_END.search(prev_text[-2:]):  # the end only: linear
        return NEXT_PRINTED_LINE  # a Latin phrase or hyphenated word runs on
    if last in _COLONS and first in "“「『‘":
        return NEXT_PRINTED_LINE  # a colon that opens a quotation: 他说：“…”
    if profile.is_full(block.printed_width):  # (a line after a line that is not full is no first line)
        return NEW_BLOCK if _indented_first_line(block, line, following, profile) else NEXT_PRINTED_LINE
    if profile.marked or profile.blank_separated:
        # Marks or blank lines end paragraphs; what is left to decide is short standalone lines (titles).
        standalone = (
            _no_sentence(block)
            and not _open_ended(prev_text)
            and not _leaves_a_mark_open(_tail(block))
            and not profile.is_full(block.printed_width, slack=NEARLY_FULL)
        )
        return NEW_BLOCK if standalone else NEXT_PRINTED_LINE
    return NEW_BLOCK if _may_end_block(block, profile, line) else NEXT_PRINTED_LINE


def _article_runs_on(block: _Block) -> bool:
    """Whether a block is a law's article whose number has text after it on its line, and which has
    not yet ended a sentence or a colon: an article that stands as a heading is its number alone
    ("第 1 條"); words after the number open its first paragraph (《立法技术规范》: "第三条　…"), which
    ends where its sentence does, however short its line stops (a line split at punctuation)."""
    first = block.lines[0]
    if first.marker != "article":
        return False
    number = marker_match(first.body)
    if number is None or (len(block.lines) == 1 and number.end() == len(first.body)):
        return False
    return not _ends_clause(_tail(block))


def _attribution(block: _Block, line: Line) -> bool:
    """Whether an epigraph's or quotation's attribution parts `line` from the block: a dash and a name
    on a line of their own ("— 杨慎《临江仙》") after the quotation's last sentence stand by
    themselves (not the rest of a printed line, though the dash is no line's usual start), and
    whatever follows the attribution starts a block of its own."""
    if len(block.lines) == 1 and is_attribution(block.lines[0].body):
        return True
    return is_attribution(line.body) and ends_sentence(_tail(block))


def _inside_prose(block: _Block) -> bool:
    """Whether a block holds a full sentence and stops inside the next one."""
    tail = _tail(block)
    return any(stop in tail for stop in "。！？") and not ends_sentence(_without_trailing_note(tail))


def _may_end_block(block: _Block, profile: LayoutProfile, following: Line | None = None) -> bool:
    """Whether a block may end after its last line.

    It may if it ends a sentence (a trailing note in brackets, "。（责任单位：…）", counts) or a
    colon. Otherwise only a short block with no sentence in it (title, heading, name, date) ends
    without punctuation, and not inside a quotation or bracket or where the next line closes its
    sentence ("（…）。"); a paragraph line that stops mid-sentence is a wrap.
    """
    tail = _tail(block)
    if _ends_clause(tail) or _half_width_stop(tail):
        return not _forced_break(block, following, profile)
    if profile.wrapped and (
        profile.is_full(block.printed_width, slack=NEARLY_FULL) or _forced_break(block, following, profile)
    ):
        return False  # a full line, or one the next line's first piece would not have fitted on
    if (
        following is not None
        and not block.first
        and not is_caption(tail)  # a caption ends where it stands
        and _starts_with_the_end_of_a_sentence(following.body)
    ):
        return False  # the sentence runs on; at the top, a title ends and the body starts
    return not _open_ended(tail) and not _leaves_a_mark_open(tail) and _no_sentence(block)


def _half_width_stop(tail: str) -> bool:
    """Whether a block's text ends with a half-width full stop after Chinese, a number or a closing
    mark ("…可以參考節 9.5.6."): technical writing that mixes scripts often stops its sentences so.
    After a Latin letter a full stop may be an abbreviation's ("e.g.", "Fig.")."""
    before = tail[-2:-1]
    return tail[-1:] == "." and before != "" and (not before.isascii() or before.isdigit())


def _starts_with_the_end_of_a_sentence(text: str) -> bool:
    """Whether a line opens with one bracketed note or quotation and the sentence's stop right after
    it ("（推动…）。", "“高质量发展”。…"): that sentence began on an earlier line — a note or
    quotation standing by itself keeps its stop inside the marks."""
    closing = _PAIRED_MARKS.get(text[:1])
    if closing is None:
        return False
    depth = 0
    for index, char in enumerate(text):
        if char == text[0]:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index + 1 < len(text) and text[index + 1] in SENTENCE_END
    return False


def _leaves_a_mark_open(text: str) -> bool:
    """Whether a quotation or bracket opened in `text` is still open at its end ("健康委：“业用户"):
    a title or heading never stops inside one, so such a line runs on."""
    return text.count("“") > text.count("”") or text.count("（") > text.count("）")


def _no_sentence(block: _Block) -> bool:
    """Whether a block holds no sentence punctuation: a title, heading, name or date."""
    return not block.has_sentence


def _forced_break(
    block: _Block, following: Line | None, profile: LayoutProfile, *, indented: bool = True
) -> bool:
    """Whether the line had to break where it did: the next line's first unbreakable piece (an
    address, a Latin word, a number, a character with the closing marks glued to it) would not have
    fitted on it — beside a paragraph's first-line indent, where it is one and `indented`."""
    if following is None or not profile.wrapped:
        return False
    indent = _first_line_indent(block) if indented else 0
    return _no_room_for(following, block.printed_width + indent, profile)


def _no_room_for(following: Line, width: int, profile: LayoutProfile) -> bool:
    """Whether `following`'s first unbreakable piece would not have fitted on a printed line this
    wide: the line had to break before it."""
    return width + _first_piece_width(following) > profile.full_width


def _first_piece_width(line: Line) -> int:
    """The width of a line's first unbreakable piece: an address, or the opening marks a line may
    not end with and what follows them — a Latin word or number ("〔２０２３" of "〔２０２３〕８９号"), or a
    character with the closing marks after it."""
    address = leading_address_width(line)
    if address:
        return address
    printed = line.printed
    opening = len(printed) - len(printed.lstrip(OPENING_PUNCT))
    latin = _LATIN_WORD.match(printed, opening)
    if latin:
        return display_width(printed[: latin.end()])
    glued = opening + 1
    while glued < len(printed) and printed[glued] in CLOSING_PUNCT:
        glued += 1
    return display_width(printed[:glued])


#: A first-line indent of two characters (GB/T 9704 §7.3.3, and most Chinese body text), in display units.
FIRST_LINE_INDENT = 4


def _indented_first_line(block: _Block, line: Line, following: Line | None, profile: LayoutProfile) -> bool:
    """Whether `line`, after a full line that ends a sentence, is the first line of a new paragraph
    set with a two-character indent the extractor dropped: it falls short of the measure by about
    that indent, runs on into the next line (ends no sentence), and the next line starts with a
    plain character (not a word or a character glued to its closing mark, which may not have fitted).
    (Asked after a full line only: its caller tells that first.)"""
    if profile.indented or profile.marked or profile.blank_separated or profile.double_spaced:
        return False  # where indentation, marks or blank lines show paragraphs, they decide
    # Where the text sets its curly quotes in a Latin face, each takes one unit, not two.
    narrow = sum(map(line.body.count, CURLY_QUOTES)) if profile.latin_quotes else 0
    if not abs(profile.full_width - line.width + narrow - FIRST_LINE_INDENT) <= 1 or ends_sentence(line.body):
        return False  # (the width first: most lines after a full one are full too)
    if following is None or _first_piece_width(following) > 2:
        return False  # a character moved down with the closing mark after it leaves a line short too
    if line.last in SPLIT_POINTS or following.first in SPLIT_POINTS:
        return False  # a piece of a printed line split at punctuation is short too
    return ends_sentence(_without_trailing_note(_tail(block)))


def _tail(block: _Block, enough: int = TAIL_LENGTH) -> str:
    """The end of a block's text, long enough to see how its last sentence ends (bounded work)."""
    last = block.lines[-1].body
    if len(block.lines) == 1 or len(last) >= enough:
        return last  # (a block of one line, or one whose last line is long enough: most are)
    pieces: list[str] = []
    size = 0
    for line in reversed(block.lines):
        pieces.append(line.body)
        size += len(line.body)
        if size >= enough:
            break
    return "".join(reversed(pieces))


def _without_trailing_note(text: str) -> str:
    """Drop a complete bracketed note at the end: "…资金。（责任单位：市财政局）" → "…资金。"
    (in any of the brackets notes are set in: （） 〔〕 [] 【】)."""
    if not text:
        return text
    closing = text[-1]  # (by index: a slice makes a new string too)
    opening = _NOTE_OPENING.get(closing)
    if opening is None:
        return text
    # The brackets read back from the end, each found by rfind: a tail may be a whole paragraph
    # printed on one line, and only its end matters.
    depth = 0
    last_closing, last_opening = len(text) - 1, text.rfind(opening)
    while last_opening >= 0 or last_closing >= 0:
        if last_closing > last_opening:
            depth += 1
            last_closing = text.rfind(closing, 0, last_closing)
        else:
            depth -= 1
            if depth == 0:
                return text[:last_opening] if last_opening > 0 else text
            last_opening = text.rfind(opening, 0, last_opening)
    return text


def _is_heading_line(block: _Block) -> bool:
    """Whether a block so far is one marked line with no sentence in it: a heading."""
    return len(block.lines) == 1 and block.lines[0].marker is not None and not block.has_sentence


def _heading_complete(block: _Block, line: Line, profile: LayoutProfile) -> bool:
    """A one-line marked block with no sentence in it (a heading) ends unless it filled its line:
    only a heading too long for one line wraps ("五、…政策\n（由…实施）"), and a numbered
    paragraph whose first line holds no punctuation runs on ("（一）为规范…攻读\n研究生…"). A
    full line that closes a bracket before a long line is a heading that just fits ("三、…政策
    （由市经信局牵头实施）"). A line that ends where a sentence cannot, after an enumeration comma
    or an opening mark ("第五条…中共中、"), is no heading of its own."""
    if not _is_heading_line(block) or _open_ended(block.lines[-1].body):
        return False
    if not (profile.is_full(block.printed_width, slack=NEARLY_FULL) or _forced_break(block, line, profile)):
        return True
    return _heading_just_fits(block, line, profile)


#: Marker kinds of the top level of headings, which stand on lines of their own (GB/T 9704 sets
#: 一、 headings in 黑体 by themselves; （一） and lower often run into their paragraph).
TOP_LEVEL_KINDS = ("formal", "cn", "part", "chapter", "section")


def _heading_just_fits(block: _Block, line: Line, profile: LayoutProfile) -> bool:
    """Whether a one-line top-level heading closes a bracket at the end of its line and a full line
    follows: a heading that just fits its line, before the body (a run-in paragraph runs on)."""
    return (
        _is_heading_line(block)
        and block.lines[0].marker in TOP_LEVEL_KINDS
        and block.lines[-1].last in TRAILING_CLOSERS
        and profile.is_full(line.width, slack=NEARLY_FULL)
    )


def _open_ended(text: str) -> bool:
    """Whether a line ends where a sentence cannot: after a comma, an enumeration comma, an opening
    mark, or inside a Latin word hyphenated at the line's end ("Markup Lan-": TeX and other
    typesetters hyphenate Latin words, and a hyphen after a lower-case letter ends no block)."""
    if not text:
        return False
    last = text[-1]  # (by index: a slice makes a new string too)
    return (
        last in "，、,—"
        or last in OPENING_PUNCT
        or (last == "-" and _HYPHENATED_END.search(text[-2:]) is not None)
    )


#: Parts that fill their own line (a 抄送 line may wrap, so it only starts a block).
_ONE_LINE_PARTS = ("date", "doc_number", "disclosure", "printed")


#: How a part ends (a date's 日, a document number's 号, 印发) — or it is a 抄送 line or a note on
#: publication ("（此件公开发布）").
_PART_ENDINGS = ("日", "号", "发")
_PART_BEGINNINGS = ("抄送", "（此件", "(此件")
#: Their characters at a line's end and start, as sets: most lines are told by a character, read by
#: its index (cheaper than a slice, or `str.endswith` with a tuple, which parses it at each call).
_PART_LAST_CHARACTERS = frozenset(_PART_ENDINGS)
_PART_INITIALS = frozenset(beginning[0] for beginning in _PART_BEGINNINGS)


def _may_be_part(line: Line) -> bool:
    """A cheap test before the part patterns: most lines of a text fail it at once, by their last
    or first character."""
    return line.last in _PART_LAST_CHARACTERS or (
        line.first in _PART_INITIALS and line.body.startswith(_PART_BEGINNINGS)
    )


def _near_parts(lines: list[Line]) -> set[int]:
    """The numbers of the lines that may be a part (`_may_be_part`'s test, written out by the lines'
    edge characters: a call for each line costs more than the test), and of the non-blank line before
    each, which may be the signature above it: the only lines `_starts_part` need be asked of (most
    lines are none)."""
    parts = [
        index
        for index, line in enumerate(lines)
        if not line.blank
        and (
            line.last in _PART_LAST_CHARACTERS
            or (line.first in _PART_INITIALS and line.body.startswith(_PART_BEGINNINGS))
        )
    ]
    near: set[int] = set()
    for index in parts:
        near.add(lines[index].number)
        before = index - 1
        while before >= 0 and lines[before].blank:
            before -= 1
        if before >= 0:
            near.add(lines[before].number)
    return near


def _is_part(line: Line, parts: tuple[str, ...] = (*_ONE_LINE_PARTS, "cc")) -> bool:
    """Whether a line is by itself an official-document part (date, document number, 抄送, 印发…)."""
    if len(line.body) > PART_MAX_LENGTH or not _may_be_part(line):
        return False
    normal = normalise_spaces(line.body)
    return any(PATTERNS[name].match(normal) for name in parts) or (
        "date" in parts and is_labelled_date(normal)
    )


def _is_caption_line(line: Line, profile: LayoutProfile) -> bool:
    """Whether a line is a figure's or table's caption standing by itself ("图6.1 …", short of the
    measure, no sentence): it starts a block wherever it stands."""
    return is_caption(line.body) and not profile.is_full(line.width, slack=NEARLY_FULL)


def _introduces_a_list(text: str, following: Line | None) -> bool:
    """Whether a line ending with a colon has a numbered line after it: a list's introduction, a
    paragraph of its own like a whole sentence."""
    return text[-1:] in _COLONS and following is not None and following.marker is not None


def _full_stop(text: str) -> bool:
    """Whether text ends with 。！？ (closing quotes after it allowed); not ；, which runs on in lists."""
    stop = text.rstrip(TRAILING_CLOSERS)[-1:]
    return bool(stop) and stop in "。！？"


def _long_after_full_stop(prev_text: str, line: Line, profile: LayoutProfile) -> bool:
    """After a full stop only short pieces share the printed line ("…奖励。" + "对大企业");
    half a line or more is a new paragraph."""
    return _full_stop(prev_text) and line.width >= profile.full_width // 2


def _completes_printed_line(
    block: _Block, line: Line, following: Line | None, profile: LayoutProfile
) -> bool:
    """Whether `line` (with the closing marks on the line after it) fills the printed line up: a
    short piece after a full stop shares its line only where the line is then full ("…奖励。" +
    "对大企业" + "（大"); one that leaves it short starts the next paragraph."""
    width = block.printed_width + line.width
    if following is not None and following.first in CLOSING_PUNCT:
        width += following.width
    return _fills_measure(width, profile)


def _fills_measure(width: int, profile: LayoutProfile) -> bool:
    """Whether pieces of this total width make one full printed line (not more than one)."""
    return profile.is_full(width) and width <= profile.full_width + OVERRUN


def _stops_before(width: int, following: Line | None, profile: LayoutProfile) -> bool:
    """Whether a printed line this wide ended where it did because the next line's first unbreakable
    piece (a Latin word, a number, an opening mark and what follows it) would not have fitted: the
    next line is no item of its own (a marked line starts a block whatever the room)."""
    return (
        following is not None
        and not following.marker
        and width <= profile.full_width + OVERRUN
        and _no_room_for(following, width, profile)
    )


def _fits_next_line_better(
    block: _Block, line: Line, following: Line | None, after: Line | None, profile: LayoutProfile
) -> bool:
    """Whether `line` is rather the first piece of the next printed line than the last of this one:
    with the next line (split from it at punctuation) it fills the measure, and either this printed
    line is not full with it, or the next line could not start a printed line of its own (it is
    short, ends no sentence and fills no line with the line after it), or it fits more exactly."""
    if following is None or following.marker or following.page_break_before:
        return False
    if not (line.last in SPLIT_POINTS or following.first in SPLIT_POINTS):
        return False
    with_next = line.width + following.width
    if not _fills_measure(with_next, profile):
        return False
    with_previous = block.printed_width + line.width
    if not profile.is_full(with_previous):
        return True
    if not _starts_printed_line(following, after, profile):
        return True
    return abs(with_next - profile.full_width) < abs(with_previous - profile.full_width)


def _starts_printed_line(line: Line, after: Line | None, profile: LayoutProfile) -> bool:
    """Whether a line can begin a printed line: it fills one, ends its paragraph, or fills one with
    the piece after it."""
    return (
        profile.is_full(line.width)
        or ends_sentence(line.body)
        or (after is not None and _fills_measure(line.width + after.width, profile))
    )


def _hanging_marker_width(block: _Block) -> int:
    """How far an item's marker hangs left of the measure on its first printed line, where its
    list is set with a hanging indent (word processors and minutes set run-in items so: "（一）"
    in the margin, a full line of text after it): the marker's width on a block's first printed
    line that a marker starts; 0 on other lines."""
    first = block.lines[0]
    if first.marker is None or not _on_first_printed_line(block):
        return 0
    match = marker_match(first.body)
    return display_width(match.group().rstrip()) if match else 0


def _on_first_printed_line(block: _Block) -> bool:
    """Whether all a block's lines so far are pieces of its first printed line (their widths add up
    to the printed line's: no line of it wrapped yet)."""
    return block.lines_width == block.printed_width


def _kerning_fragment(
    block: _Block,
    line: Line,
    profile: LayoutProfile,
    following: Line | None = None,
    after: Line | None = None,
) -> bool:
    """Whether `line` is the rest of the printed line the block's last line is on, split at punctuation.

    Extractors split a printed line where compressed punctuation leaves a gap: "…学校、\\n公立医院、".
    The pieces together still fit the measure. A line that could be the indented first line of a new
    paragraph (nearly a full line by itself) after a sentence end is not such a piece.
    """
    previous = block.lines[-1]
    prev_text, text = previous.body, line.body
    if not (previous.last in SPLIT_POINTS or line.first in SPLIT_POINTS):
        return False  # extractors split printed lines at punctuation only
    width = block.printed_width + line.width
    overrun = width - profile.full_width - OVERRUN
    if overrun > 0 and overrun > _hanging_marker_width(block):
        return False  # (most lines after a full one: tested before the rest)
    if (
        following is not None
        and following.first in CLOSING_PUNCT
        and width + following.width > profile.full_width + OVERRUN
    ):
        return False  # the closing mark the next line opens with shares `line`'s printed line: no room
    if not profile.wrapped or line.page_break_before or is_caption(line.body):
        return False  # (a caption stands on a line of its own)
    if len(block.lines) == 1 and is_caption(prev_text) and not is_caption(prev_text + text):
        return False  # nor does a caption take a piece that makes it a sentence
    if (
        not block.has_sentence
        and previous.last not in CLOSING_PUNCT
        and not (
            len(block.lines) == 1
            and (_fills_measure(width, profile) or _stops_before(width, following, profile))
            and not _fits_next_line_better(block, line, following, after, profile)
        )
    ):
        return False  # a title or heading takes no pieces of a printed line, unless they fill it
    if line.first in CLOSING_PUNCT:
        return True
    if block.printed_width >= profile.full_width:
        return False  # the line is full already: only a hanging closing mark can follow on it
    if (
        _full_stop(prev_text)
        and line.first not in "（("
        and (
            line.width >= profile.full_width - NEARLY_FULL
            or ends_sentence(text)
            or _introduces_a_list(text, following)
            or _long_after_full_stop(prev_text, line, profile)
            or _fits_next_line_better(block, line, following, after, profile)
            or not _completes_printed_line(block, line, following, profile)
        )
    ):
        return False  # an indented first line, a whole sentence: a paragraph of its own
    return not line.marker
