"""Blocks whose lines are not prose: code and commands (kept line by line), small tables (rows of
cells, under or over their 表 caption), and table-of-contents entries (what they list, a leader, the
page number).

`find_verbatim` reads the lines once, before the paragraph pass: that pass keeps such lines out of
the paragraphs around them (a code block holds only code lines, a table only its rows, each entry of
a contents list stands alone), and the cleaner writes a code block's lines joined with newlines as
they stand, a table's cells, and an entry without its leader ("第一章 总则 1", the leader reported
as `toc-leader`). Each rule follows a convention that holds for every document of its kind:

- code: Chinese manuals set code and commands in lines of ASCII alone (but a command's curly
  quotes a typesetter put for straight ones, a meta-variable's ⟨⟩, and comments, string literals
  and brace groups in any script), in a monospace face the text does not show; a line is code
  where it has a prompt (`$ `, `>>> `, `C:\\>`), opens with a command-line tool's name, or has
  code's own syntax (a TeX control word, a statement's `;`, braces, a call, an assignment, a markup
  tag) — never where it holds an address (a URL's `?id=5` is no assignment) or reads as English
  prose (four words in a row); a run of such lines where code lines are half or more (its
  comments and its lines of dots, where lines are left out, aside) is one listing, and elsewhere
  a code line stands apart as code, as it does when the cleaned text is read again;
- tables: `pdftotext -layout` keeps a table's columns apart by two spaces and more; two rows at
  least of the same number of short cells, within a few lines of a caption `表 1.1 …` / `Table 2`
  (a wide-gap title or a letter-spaced line, one character a cell, is no row); plain `pdftotext`
  writes each cell of a table as a text block of its own, a blank line after it: a run of four
  short cells or more right under a `表` caption (a table's caption stands above it: GB/T 7713.1,
  CY/T 170), the last with a blank line after it, is the table, a row a cell in the order read
  (the text keeps no trace of its columns; the cleaner writes such a table as one block, its cells
  one a line, which reads back the same); and the form the cleaner writes itself (cells joined
  with " | ", as pipe tables are), so that it reads back;
- tables of contents: an entry ends in its page number (arabic or roman) after a leader of dots,
  middle dots, ellipses or rules; a list of entries with no leader is one where it follows its
  heading (目录 / 目次 / Contents), as the cleaner writes a contents list, or three in a row at
  least, their pages rising (a contents page going on from the last); among entries, a chapter's
  entry without a leader (LaTeX's book class sets it so) and a title with a comma are entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from pipeline.clean.fragments import holds_address
from pipeline.clean.labels import CAPTION, caption_kind
from pipeline.clean.lines import Line, alone, onwards
from pipeline.clean.spacing import normalise_spaces
from pipeline.clean.sweep import JoinedLines
from pipeline.clean.text import SENTENCE_PUNCTUATION, ends_sentence, fits_width
from pipeline.document import CELL_SEPARATOR
from pipeline.unicode import HAN_RANGES

# --- code and commands -------------------------------------------------------------------------

#: A shell or interpreter prompt before a command.
_PROMPT = re.compile(r"(?:[$#%]|>>>|[A-Z]:\\[^>\s]*>|PS [^>]*>)\s+\S")
#: A command line as manuals print them: a tool's name (none an English word), then its arguments.
_COMMAND = re.compile(
    r"(?:sudo|pip3?|python3?|npm|npx|yarn|git|cd|ls|mkdir|rm|cp|mv|chmod|chown|curl|wget|ssh|scp"
    r"|apt(?:-get)?|yum|dnf|brew|docker|kubectl|cmake|gcc|g\+\+|clang|javac|cargo|rustc|conda|pytest"
    r"|xelatex|pdflatex|lualatex|latexmk|bibtex|biber)[ \t]+\S"
)
#: Code's own syntax: a TeX control word, a statement's end or a brace, a call, an assignment
#: statement (or its value on a line of its own, after a key aligned apart), a markup tag.
_CODE = re.compile(
    r"\\[A-Za-z]+|[{};]\s*$|^\s*[{}]|[A-Za-z_][\w.]*\([^()]*\)|^\s*[A-Za-z_][\w.\[\]]*\s*[+\-*/]?=\s*\S"
    r"|^\s*=\s*\S|</?[a-zA-Z][\w-]*[ />]"
)
#: Spaces other than U+0020 that the cleaned text writes as one (no-break, typographic). (A pattern,
#: not a translation table: `str.translate` looks every character of a Chinese line up one by one.)
_OTHER_SPACES = "\u00a0\u2000-\u200a\u202f\u205f"
_SPACES_AS_SPACE = re.compile(f"[{_OTHER_SPACES}]")
#: The same, one by one.
_OTHER_SPACE_CHARACTERS = ["\u00a0", *map(chr, range(0x2000, 0x200B)), "\u202f", "\u205f"]
#: Curly quotes a typesetter or word processor puts for a command's straight ones (DBLaTeX with a
#: CJK font: `$ echo ”hello” > pipe`), and the angle brackets around a meta-variable
#: (`\section{⟨title⟩}`): marks past ASCII that manuals set in code.
_COMMAND_QUOTES = "\u201c\u201d\u2018\u2019"
_META_BRACKETS = "\u27e8\u27e9"
#: A character no code line holds (one past ASCII, but those spaces and marks): most lines of a
#: Chinese text are told by their first characters, before their spaces are replaced.
_NOT_IN_CODE = re.compile(f"[^\x00-\x7f{_OTHER_SPACES}{_COMMAND_QUOTES}{_META_BRACKETS}]")
#: How a comment opens (TeX's %, the shell's and Python's #, C's //): a Chinese manual comments its
#: listings in Chinese, on a line of its own or after the code.
_COMMENT_OPENERS = ("%", "#", "//")
#: A comment after code, set apart from it by a blank ("\\usepackage{makeidx}   % 调用宏包").
_TRAILING_COMMENT = re.compile(r"\s(?:" + "|".join(_COMMENT_OPENERS) + ")")
#: A string literal or a brace group (a TeX argument, a value), where code writes text in any
#: script: `print("你好")`, `\section{引言}`, `title = {论动体的电动力学},`.
_LITERAL = re.compile(r'"[^"]*"|\{[^{}]*\}')
#: A line opening with a prompt: where a command's curly quotes are looked for (Chinese text is full
#: of curly quotes; the lines holding them are too many to look at one by one).
_PROMPT_OPENINGS = ("\n$", "\n>")
#: A line of dots where a listing leaves lines out ("...", ". . ."): neither code nor prose, so it
#: does not count when a run of lines is weighed, and belongs to the listing around it.
_ELISION = re.compile(r"\s*(?:\.\s*){3,}$")
#: Four words in a row: English prose, not code.
_PROSE = re.compile(r"(?:[A-Za-z]{2,}[,.]? ){3}[A-Za-z]{2,}")


def is_code_line(body: str) -> bool:
    """Whether a line (in a Chinese text) is code or a command: ASCII only, and a prompt, a command
    or code's syntax, no address and no English prose. A no-break or typographic space counts as
    the space the cleaned text writes for it (else the cleaned text read again is code where the
    source was not: "A\u00a0=0")."""
    code = _as_code(body)
    if code is None or not code.strip():
        return False
    if _PROMPT.match(code):
        return True
    return not _PROSE.search(code) and bool(_COMMAND.match(code) or _CODE.search(code))


def _as_code(body: str) -> str | None:
    """A line as code reads it (its no-break and typographic spaces as spaces, the text in its
    literals past ASCII as "x", without a comment after it), or None where it can be no code's: a
    character past ASCII outside literals and before any comment (told first: most lines of a
    Chinese text), or an address."""
    if (foreign := _NOT_IN_CODE.search(body)) is not None:
        if '"' in body or "{" in body:
            body = _LITERAL.sub(_literal_read, body)
            foreign = _NOT_IN_CODE.search(body)
        if foreign is not None:
            comment = _TRAILING_COMMENT.search(body, 0, foreign.start())
            if comment is None:
                return None
            body = body[: comment.start()]
    body = _SPACES_AS_SPACE.sub(" ", body)
    return None if holds_address(body.replace(" ", "")) else body


def _literal_read(match: re.Match[str]) -> str:
    """A string literal or brace group as code reads it: its marks, and ASCII for text past it."""
    literal = match.group()
    return literal if _NOT_IN_CODE.search(literal) is None else literal[0] + "x" + literal[-1]


def code_text(lines: list[Line]) -> str:
    """A code block's text: its lines as they stand, joined with newlines, the indentation they all
    share taken off; a single space left before a line is an extractor's (code indents by two and
    more), as at a page's first line. A line stands at its indent as the document's columns set it
    (`lines.align_page_indents`: `pdftotext -layout` sets some pages' columns deeper), not its page's."""
    texts = [" " * line.indent + line.text.rstrip().lstrip(" \t") for line in lines]
    shared = min((len(text) - len(text.lstrip(" ")) for text in texts if text.strip()), default=0)
    kept = [text[shared:] for text in texts]
    return "\n".join(text[1:] if text[:1] == " " and text[1:2] != " " else text for text in kept)


# --- small tables ------------------------------------------------------------------------------

#: The gap between two cells of a row: two spaces or more (`pdftotext -layout` keeps the columns),
#: or the separator the cleaner writes.
_CELL_GAP = re.compile(r"[ \t\u3000]{2,}")
_PIPE = re.compile(r"[ \t]*\|[ \t]*")
#: A gap between cells (two blanks), or a separator (the pipe alone splits). (Written to open with
#: the class of its first character: a search skips to the next blank or pipe in one step, where
#: an alternation is tried at every position of a line.)
_GAP_OR_SEPARATOR = re.compile(r"[ \t\u3000|](?:(?<=\|)|[ \t\u3000])")
#: What a line with a gap or separator holds: the pipe, two spaces, or a blank that is no space.
_GAP_STRINGS = ("|", "  ", "\t", "\u3000")
#: The widest cell of a small table (display units): a few words.
CELL_MAX_WIDTH = 30
#: A line whose Han characters all stand apart (two of them at least).
_NOT_HAN = rf"[^{HAN_RANGES}]*"
_HAN_APART = re.compile(rf"{_NOT_HAN}[{HAN_RANGES}](?:{_NOT_HAN}\s[{HAN_RANGES}])+{_NOT_HAN}")
#: A table has a head row and a row at least.
TABLE_MIN_ROWS = 2
#: How many lines a table's caption stands from it.
CAPTION_REACH = 3
#: The fewest cells plain pdftotext must write one a block under a caption to be read as a table
#: (a head row and a row, of two cells each).
CELLS_APART_MIN = 4
#: A cell that is a number (a marker pattern reads "12.5" as a section number: a cell it is).
_NUMBER_CELL = re.compile(r"[-+]?\d[\d.,]*%?")


def cells(text: str) -> list[str]:
    """A row's cells: split at the cleaner's own separator where it stands, else at wide gaps."""
    stripped = text.strip()
    gap = _PIPE if CELL_SEPARATOR.strip() in stripped else _CELL_GAP
    return [cell for cell in gap.split(stripped) if cell]


def _row_cells(line: Line) -> int:
    """How many cells a line with a gap or separator in it holds as a table's row (0: it is no row)."""
    found = cells(line.text)
    if (
        len(found) < 2
        or _HAN_APART.fullmatch(line.body)  # a letter-spaced title or heading: 第 一 章   总   则
        or any(not fits_width(cell, CELL_MAX_WIDTH) or ends_sentence(cell) for cell in found)
    ):
        return 0
    return len(found)


def _find_tables(lines: list[Line], content: list[int], bodies: JoinedLines) -> dict[int, int]:
    """The lines of small tables (by source line number → the number of the table's first line):
    two rows or more of the same number of cells, under or over a 表 caption, or written with the
    cleaner's separator."""
    tables: dict[int, int] = {}
    # Each line's cells, counted once (a line without a gap or separator, as most, holds one: no row).
    widths = [0] * len(content)
    for position in bodies.holding(_GAP_STRINGS):
        if _GAP_OR_SEPARATOR.search(bodies.texts[position]):
            widths[position] = _row_cells(lines[content[position]])
    after_table = 0
    for position in [position for position, width in enumerate(widths) if width]:
        if position < after_table:
            continue  # a row of the table found above
        width = widths[position]
        end = position
        while end + 1 < len(content) and widths[end + 1] == width:
            end += 1
        rows = [lines[index] for index in content[position : end + 1]]
        written = all(CELL_SEPARATOR.strip() in row.body for row in rows)
        if len(rows) >= TABLE_MIN_ROWS and (written or _captioned(lines, content, position, end)):
            for row in rows:
                tables[row.number] = rows[0].number
            after_table = end + 1
    return _cells_apart(lines, content, bodies, tables) | tables


#: What a line that may be a table's caption opens with: `caption_kind` names a table by the first
#: character of its label (表, T of Table), after 附.
_MAY_BE_TABLE_CAPTION = ("\n附", "\n表", "\nT")


def _cells_apart(
    lines: list[Line], content: list[int], bodies: JoinedLines, taken: dict[int, int]
) -> dict[int, int]:
    """The tables plain pdftotext wrote a cell a text block (see the module's docstring): under a
    表 caption (the first cell may follow it directly: one text block to pdftotext), a run of short
    cells, the last with a blank line (or the page's or text's end) after it; a row a cell, in the
    order read. (The cleaner writes such a table as one block, its cells one a line: it reads back.)"""
    tables: dict[int, int] = {}
    for position in bodies.holding(_MAY_BE_TABLE_CAPTION):
        if caption_kind(bodies.texts[position]) != "table":
            continue
        run: list[int] = []
        for following in onwards(content, position + 1):
            line = lines[following]
            if line.number in taken or line.page_break_before or not _is_cell(line):
                break
            if len(run) >= 2 and (following == run[-1] + 1) != (run[1] == run[0] + 1):
                break  # cells a block each, or all in one block (the cleaner's form): never both
            run.append(following)
        while run and not _ends_text_block(lines, run[-1]):
            run.pop()  # the first line of a paragraph after the table, its sentence going on
        if len(run) >= CELLS_APART_MIN:
            first = lines[run[0]].number
            tables.update((lines[cell].number, first) for cell in run)
    return tables


def _is_cell(line: Line) -> bool:
    """Whether a line may be a table's cell by itself: short, no sentence, no numbered heading or
    caption (a number is a cell)."""
    return (
        fits_width(line.body, CELL_MAX_WIDTH)
        and SENTENCE_PUNCTUATION.search(line.body) is None
        and (line.marker is None or _NUMBER_CELL.fullmatch(line.body) is not None)
        and CAPTION.match(line.body) is None
    )


def _ends_text_block(lines: list[Line], index: int) -> bool:
    """Whether a blank line, a page's end or the text's end follows the line."""
    after = lines[index + 1] if index + 1 < len(lines) else None
    return after is None or after.blank or after.page_break_before


def _captioned(lines: list[Line], content: list[int], start: int, end: int) -> bool:
    """Whether a table's caption (表 …, Table …) stands within a few lines above or below it."""
    near = content[max(start - CAPTION_REACH, 0) : start] + content[end + 1 : end + 1 + CAPTION_REACH]
    return any(caption_kind(lines[index].body) == "table" for index in near)


def table_rows(lines: list[Line]) -> tuple[tuple[str, ...], ...]:
    """A table's rows of cells."""
    return tuple(tuple(cells(line.text)) for line in lines if not line.blank)


# --- table-of-contents entries -----------------------------------------------------------------

#: A page number (arabic or roman), as a contents entry ends in it.
PAGE_NUMBER = re.compile(r"\d{1,4}|[ivxlcdm]{1,7}|[IVXLCDM]{1,7}")
_PAGE = rf"(?P<page>{PAGE_NUMBER.pattern})"
#: An entry of a table of contents: what it lists, a leader (three dots, middle dots or rules at
#: least, or two ellipses), the page number.
_TOC = re.compile(
    rf"(?P<entry>\S.*?)[ \t\u3000]*(?P<leader>(?:[.．·・_][ \t\u3000]?){{3,}}|(?:[…⋯][ \t\u3000]?){{2,}})"
    rf"[ \t\u3000]*{_PAGE}"
)
#: The characters a leader is made of: a line without one is no entry with a leader.
_LEADER_CHARACTERS = ".．·・_…⋯"
#: The shortest leader `_TOC` reads: a line without one is no entry with a leader.
_SHORTEST_LEADER = re.compile("[.．·・_](?:[ \t\u3000]?[.．·・_]){2}|[…⋯][ \t\u3000]?[…⋯]")
_LEADER_AND_SPACE = ".．·・…⋯_ "
#: An entry as the cleaner writes it: the page number after one space.
_TOC_WITHOUT_LEADER = re.compile(rf"(?P<entry>\S.*?)[ \t\u3000]+{_PAGE}")
#: The punctuation of a sentence that a title listed in a table of contents does not hold (its
#: commas it may).
_SENTENCE_IN_CONTENTS = re.compile("[。；！？]")
#: A chapter's number opening an entry: LaTeX's book and report classes (and DBLaTeX after them)
#: set a chapter's entry without a leader, bold, its page number at the margin.
_CHAPTER_ENTRY = re.compile(
    r"(?:\d{1,2}|[A-Z])[ \t\u3000]|第[一二三四五六七八九十百零〇\d]+[章编篇部]|附录|Appendix"
)
#: The number an entry opens with, set apart from its title ("7.1   开始的最少步骤").
_ENTRY_NUMBER = re.compile(
    r"(\d{1,2}(?:\.\d{1,2})*|第[一二三四五六七八九十百零〇\d]+[章节编篇部])[ \t\u3000]+(?=\S)"
)
#: A line ending in a digit or a roman numeral's letter, as an entry ends in its page number: the
#: lines that end otherwise (most) are told by one search of the texts read backwards.
_ENDS_IN_PAGE = re.compile(r"\n[\divxlcdmIVXLCDM]")
#: The fewest entries in a row, as the cleaner writes them, that are a contents list by themselves.
_WRITTEN_RUN = 3
#: The heading of a table of contents.
CONTENTS_HEADING = re.compile(r"目[ \t\u3000]*[录錄次]|Contents|CONTENTS|Table of Contents")
#: What a line that may be that heading opens with: its first character.
_MAY_BE_CONTENTS_HEADING = ("\n目", "\nC", "\nT")
#: The widest entry (display units): a long heading.
ENTRY_MAX_WIDTH = 80


@dataclass(frozen=True)
class TocEntry:
    """An entry as printed: what it lists, its leader ("" where it has none) and its page number."""

    entry: str
    leader: str
    page: str

    @property
    def text(self) -> str:
        """The entry as the cleaner writes it: its leader dropped, the page after one space, and
        spaced as a heading is (one space after its number, none an extractor put beside Han)."""
        number = _ENTRY_NUMBER.match(self.entry)
        if number is None:
            return f"{normalise_spaces(self.entry)} {self.page}"
        return f"{number.group(1)} {normalise_spaces(self.entry[number.end() :])} {self.page}"


def toc_entry(text: str, *, leader: bool = True, in_contents: bool = False) -> TocEntry | None:
    """The table-of-contents entry a line is (with its leader, or, `leader=False`, without one).

    An entry holds no sentence's punctuation ("一是加强领导，二是......12" is a sentence and an
    ellipsis); `in_contents`, among other entries, a title's comma ("搜索，修改和删除用户") is one."""
    stripped = text.strip()
    if not stripped[-1:].isalnum() or (leader and _SHORTEST_LEADER.search(stripped) is None):
        return None  # (cheap tests first: most lines end in punctuation, hold no leader)
    match = (_TOC if leader else _TOC_WITHOUT_LEADER).fullmatch(stripped)
    if match is None:
        return None
    entry = match.group("entry").rstrip()
    if (
        entry.rstrip(_LEADER_AND_SPACE) != entry
        or entry[-1] in ",，、"  # an index's list of pages ("\\cite, 26, 28"), no contents entry
        or (_SENTENCE_IN_CONTENTS if in_contents else SENTENCE_PUNCTUATION).search(entry)
        or not fits_width(entry, ENTRY_MAX_WIDTH)  # (the leader fills what the entry leaves)
    ):
        return None
    return TocEntry(entry, match.group("leader") if leader else "", match.group("page"))


def _find_toc(
    lines: list[Line], content: list[int], bodies: JoinedLines
) -> tuple[dict[int, TocEntry], set[int]]:
    """The entries of tables of contents (by source line number): lines with a leader, two at least
    (a contents list has several entries); the run of entries right under a contents heading; and
    the entries told by the entries around them (`_entries_among_entries`). Also the contents
    headings with entries under them."""
    entries = {
        lines[content[position]].number: entry
        # (A line holding no leader's character, as most, is none: told without reading it as one.)
        for position in bodies.holding(_LEADER_CHARACTERS)
        if (entry := toc_entry(bodies.texts[position])) is not None
    }
    if len(entries) < 2:
        entries = {}
    headings: set[int] = set()
    for position in bodies.holding(_MAY_BE_CONTENTS_HEADING):
        if not CONTENTS_HEADING.fullmatch(bodies.texts[position]):
            continue
        index = content[position]
        for following in onwards(content, position + 1):
            line = lines[following]
            entry = (
                entries.get(line.number)
                or toc_entry(line.body, in_contents=True)
                or toc_entry(line.body, leader=False, in_contents=True)
            )
            if entry is None:
                break
            entries[line.number] = entry
            headings.add(lines[index].number)
    _entries_as_written(lines, content, bodies, entries)
    if entries:
        _entries_among_entries(lines, content, bodies, entries)
    return entries, headings


def _entries_as_written(
    lines: list[Line], content: list[int], bodies: JoinedLines, entries: dict[int, TocEntry]
) -> None:
    """Add to `entries` the runs of entries as the cleaner writes them, where no contents heading
    is over them (a page of contents that goes on from the last): `_WRITTEN_RUN` entries at least
    in a row, each a block of its own, single-spaced, its page number no lower than the last."""
    run: list[tuple[int, TocEntry]] = []
    for position in bodies.closing(_ENDS_IN_PAGE):
        index = content[position]
        line = lines[index]
        entry = entries.get(line.number)
        if entry is None and "  " not in line.body and alone(lines, index):
            entry = toc_entry(line.body, leader=False, in_contents=True)
        follows = bool(run) and content[position - 1] == run[-1][0] and _page_order(run[-1][1], entry)
        if entry is None or not follows:
            if len(run) >= _WRITTEN_RUN:
                entries.update((lines[i].number, e) for i, e in run)
            run = [(index, entry)] if entry is not None else []
        else:
            run.append((index, entry))
    if len(run) >= _WRITTEN_RUN:
        entries.update((lines[i].number, e) for i, e in run)


def _page_order(before: TocEntry, entry: TocEntry | None) -> bool:
    """Whether `entry` may follow `before` in a contents list: its page number no lower (roman
    numbers, the front matter's, before arabic ones)."""
    if entry is None:
        return False
    if before.page.isdigit():
        return entry.page.isdigit() and int(entry.page) >= int(before.page)
    return True


def _entries_among_entries(
    lines: list[Line], content: list[int], bodies: JoinedLines, entries: dict[int, TocEntry]
) -> None:
    """Add to `entries` the lines that are entries by the entries around them: a title with a comma
    and a leader, next to an entry; a chapter's entry without a leader (`_CHAPTER_ENTRY`) after one."""
    numbers = [lines[index].number for index in content]
    for position in bodies.holding(_LEADER_CHARACTERS):
        number = numbers[position]
        if number not in entries and (
            (position > 0 and numbers[position - 1] in entries)
            or (position + 1 < len(numbers) and numbers[position + 1] in entries)
        ):
            entry = toc_entry(bodies.texts[position], in_contents=True)
            if entry is not None:
                entries[number] = entry
    for position in range(1, len(numbers)):
        number = numbers[position]
        if number in entries or numbers[position - 1] not in entries:
            continue
        text = bodies.texts[position]
        if _CHAPTER_ENTRY.match(text) and (entry := toc_entry(text, leader=False, in_contents=True)):
            entries[number] = entry


# --- all of them -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verbatim:
    """The lines that are no prose, by source line number."""

    code: frozenset[int] = frozenset()
    #: A table's rows → the number of the table's first line.
    tables: dict[int, int] = field(default_factory=dict)
    toc: dict[int, TocEntry] = field(default_factory=dict)
    #: The headings of tables of contents (目录 over its entries).
    contents: frozenset[int] = frozenset()

    @cached_property
    def numbers(self) -> frozenset[int]:
        """All of them: the paragraph pass asks of every line whether it is one."""
        return self.code.union(self.contents, self.toc, self.tables)


def find_verbatim(lines: list[Line]) -> Verbatim:
    """Code lines, tables and contents entries among the lines."""
    content = [index for index, line in enumerate(lines) if not line.blank]
    # (Each rule's first test is one search of their bodies: see `sweep`.)
    bodies = JoinedLines([lines[index].body for index in content])
    tables = _find_tables(lines, content, bodies)
    entries, contents = _find_toc(lines, content, bodies)
    toc = {number: entry for number, entry in entries.items() if number not in tables}
    code = _find_code(lines, content, bodies, set(tables) | set(toc))
    return Verbatim(code, tables, toc, frozenset(contents))


def _find_code(lines: list[Line], content: list[int], bodies: JoinedLines, taken: set[int]) -> frozenset[int]:
    """The lines of code blocks: runs of ASCII lines (no blank line between) of which code lines
    are half or more (comments and lines of dots, where lines are left out, aside) — a program's
    output or a line of plain words inside them is code too; in other runs, the code lines alone."""
    # A line holding a character past ASCII (but the other spaces and marks, or in a comment) is no
    # code: most lines of a Chinese text. The lines that may hold those are found by a search each.
    marked = set(
        bodies.holding(
            [*_OTHER_SPACE_CHARACTERS, *_META_BRACKETS, *_COMMENT_OPENERS, *_PROMPT_OPENINGS, '"', "{"]
        )
    )
    ascii_lines = [
        content[position]
        for position, body in enumerate(bodies.texts)
        if body.isascii() or position in marked
    ]
    runs: list[list[Line]] = []
    previous = -2
    for index in ascii_lines:
        line = lines[index]
        if not _may_be_code(line, taken):
            previous = -2  # the run ends here
        elif index == previous + 1:  # (a blank line between ends a run too)
            runs[-1].append(line)
            previous = index
        else:
            runs.append([line])
            previous = index
    code: set[int] = set()
    for run in runs:
        code_lines = {member.number for member in run if is_code_line(member.body)}
        aside = [
            member
            for member in run
            if member.number not in code_lines
            and (_ELISION.match(member.body) or member.body.startswith(_COMMENT_OPENERS))
        ]
        if code_lines and 2 * len(code_lines) >= len(run) - len(aside):
            code.update(member.number for member in run)
        else:
            # Lines of code among more lines that are not stand apart as code: each stands so when
            # the cleaned text is read again (a block of its own), and must read as it did.
            code.update(code_lines)
    return frozenset(code)


def _may_be_code(line: Line, taken: set[int]) -> bool:
    """Whether a line may be one of a code block: ASCII and no address, or a comment (in any
    script: a run of comments alone is no code); no row or contents entry."""
    return (
        not line.blank
        and line.number not in taken
        and not line.continues_word  # a piece of a shattered address (`fragments`)
        and (_as_code(line.body) is not None or line.body.startswith(_COMMENT_OPENERS))
    )
