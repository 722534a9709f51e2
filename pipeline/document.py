"""The one intermediate model: a cleaned document as metadata plus blocks in reading order.

Every stage after cleaning reads a `Document`; nothing downstream re-parses text (like pandoc's
AST). `to_json`/`from_json` round-trip and carry `SCHEMA_VERSION`; version 1 JSON (title, heading
1-3, paragraph and the GB/T 9704 meta roles) still reads, as it is a subset of version 2.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 2
#: Versions `Document.from_json` reads.
READABLE_SCHEMA_VERSIONS = (1, 2)

BLOCK_TYPES: tuple[str, ...] = (
    "title",  # a document title; an attachment's title too
    "heading",  # level 1-4: 一、/（一）/1./（1）; 第X章/第X节/第X条; 1 / 1.1 / 1.1.1
    "paragraph",
    "list_item",  # level 1-2; the marker stays in the text
    "footnote",  # text starts with its mark; placed after the block in which its page ended
    "preformatted",  # code or commands: lines joined with "\n", kept as they are
    "table",  # `rows` of cells; text is the rows joined with "\n", cells with " | "
    "caption",  # of a figure or table
    "toc",  # a table-of-contents line: leaders dropped, page number after one space
    "meta",  # a part of the document that is not its text: see META_ROLES
)

#: The levels a block type may have; types not named here have none.
LEVELS: dict[str, tuple[int, ...]] = {"heading": (1, 2, 3, 4), "list_item": (1, 2)}

#: Roles of the parts of an official document (GB/T 9704-2012), in the order they appear.
OFFICIAL_ROLES: tuple[str, ...] = (
    "doc_id",
    "issuer",
    "doc_number",
    "addressee",
    "signature",
    "date",
    "disclosure",
    "attachment",  # 附件 list after the body (附件：1. …)
    "cc",
    "printed_by",
    "printed",
)
#: The parts of an official document's masthead (版头), above its title.
MASTHEAD_ROLES: tuple[str, ...] = OFFICIAL_ROLES[:3]
#: Roles of the parts of other kinds of document: a news article's byline and dateline, the header
#: lines of minutes (时间/地点/主持/出席 …).
OTHER_ROLES: tuple[str, ...] = ("byline", "dateline", "meeting")
META_ROLES: tuple[str, ...] = OFFICIAL_ROLES + OTHER_ROLES

_CHINESE_DIGITS = {**{digit: value for value, digit in enumerate("〇一二三四五六七八九")}, "零": 0}
_CN_YEAR = f"[{''.join(_CHINESE_DIGITS)}]{{4}}"  # digit by digit: 二〇二四
_CN_NUMBER = "[二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"  # 1-39: 八, 十二, 二十, 三十一
#: The forms of a date: ISO (2024-02-18, also 2024-2-8) and the Chinese 2024年2月18日, in Arabic or
#: Chinese numerals (二〇二四年二月十八日, as GB/T 9704-1999 wrote a document's date), or in the
#: years of the ROC era (民國36年01月01日 = 1947, as Taiwan dates its laws); in a header field a
#: label may stand before it (公布日期：…).
_DATE_FORMS = re.compile(
    r"(?:[^\s，。；：:]{0,6}日期[：:])?"
    r"(?:(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    rf"|(?:(?P<cy>\d{{4}}|{_CN_YEAR})|[民][國国](?P<roc>\d{{1,3}}))"
    rf"年(?P<cm>\d{{1,2}}|{_CN_NUMBER})月(?P<cd>\d{{1,2}}|{_CN_NUMBER})日)",
    re.ASCII,
)
#: The year 1 of the ROC era is 1912.
_ROC_OFFSET = 1911


class NotADay(ValueError):
    """Text in the form of a date that names no day of the calendar (2024年2月30日, 2020-13-45)."""


def parse_date(text: str) -> datetime.date | None:
    """The day a date names, in any of its forms (`_DATE_FORMS`); None when `text` is not a date.

    The one reading of dates: settings, the cleaner and every exporter use it, so the PDF and the
    EPUB of a document cannot disagree. Raises `NotADay` for a date of a day that does not exist.
    """
    match = _DATE_FORMS.fullmatch(text.strip())
    if match is None:
        return None
    if match["y"]:
        year, month, day = (_number(part) for part in match.group("y", "m", "d"))
    else:
        month, day = _number(match["cm"]), _number(match["cd"])
        year = _number(match["cy"]) if match["cy"] else int(match["roc"]) + _ROC_OFFSET
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise NotADay(f"{text.strip()} is not a day of the calendar") from None


def _number(text: str) -> int:
    """The value of Arabic digits or of Chinese numerals: digit by digit (二〇二四), or with 十 (三十一)."""
    if text.isascii():
        return int(text)
    if "十" not in text:
        return int("".join(str(_CHINESE_DIGITS[char]) for char in text))
    tens, _, ones = text.partition("十")
    return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[ones] if ones else 0)


#: How a table's text joins its cells and rows (the corpus's gold form).
CELL_SEPARATOR = " | "
ROW_SEPARATOR = "\n"


@dataclass(frozen=True)
class NoteRef:
    """A footnote reference mark inside a block's text: `text[at:at + len(mark)] == mark`."""

    at: int
    mark: str


#: Every type, level and role a block may have together (a few dozen): a block is checked against
#: this set, and only a block not in it goes through the checks that say what is wrong.
_VALID_SHAPES = frozenset(
    (type_, level, role)
    for type_ in BLOCK_TYPES
    for level in LEVELS.get(type_, (None,))
    for role in (META_ROLES if type_ == "meta" else (None,))
)


@dataclass(frozen=True, init=False)
class Block:
    """One block of reading text, with what its type needs.

    `mark`: a footnote's own mark ("1", "①", "*"), which its text starts with. `notes`: the
    reference marks in this block's text, each linked to the footnote with the same mark that follows
    it. `rows`: a table's cells. `lines`: the first and last source line the block came from (for
    review and corrections; not part of equality, nor of the JSON contract).
    """

    type: str
    text: str
    level: int | None = None
    role: str | None = None
    mark: str | None = None
    notes: tuple[NoteRef, ...] = ()
    rows: tuple[tuple[str, ...], ...] | None = None
    lines: tuple[int, int] | None = field(default=None, compare=False)

    def __init__(
        self,
        type: str,
        text: str,
        level: int | None = None,
        role: str | None = None,
        mark: str | None = None,
        notes: tuple[NoteRef, ...] = (),
        rows: tuple[tuple[str, ...], ...] | None = None,
        lines: tuple[int, int] | None = None,
    ) -> None:
        # Written out, not generated: a frozen dataclass's own __init__ sets each field through
        # object.__setattr__, which made a block (the cleaner makes thousands a document) twice as
        # dear to construct. The fields and their defaults are those declared above. (Stored one
        # by one: a third cheaper than building the keywords of one `update`.)
        attributes = self.__dict__
        attributes["type"] = type
        attributes["text"] = text
        attributes["level"] = level
        attributes["role"] = role
        attributes["mark"] = mark
        attributes["notes"] = notes
        attributes["rows"] = rows
        attributes["lines"] = lines
        try:
            valid_shape = (type, level, role) in _VALID_SHAPES
        except TypeError:  # an unhashable value, which no valid block has
            valid_shape = False
        if not valid_shape:
            self._check_shape()  # says what is wrong
        if mark is not None and (type != "footnote" or not text.startswith(mark)):
            raise ValueError(f"mark {mark!r} belongs to a footnote whose text starts with it")
        for note in notes:
            if text[note.at : note.at + len(note.mark)] != note.mark:
                raise ValueError(f"note mark {note.mark!r} is not at offset {note.at}")
        if (type == "table") != (rows is not None):
            raise ValueError("a table has rows, and only a table")
        if rows is not None and text != table_text(rows):
            raise ValueError("a table's text is its rows joined")

    def _check_shape(self) -> None:
        """Raise for a type, level and role that do not go together."""
        if self.type not in BLOCK_TYPES:
            raise ValueError(f"unknown block type {self.type!r}")
        levels = LEVELS.get(self.type)
        if levels is not None and self.level not in levels:
            raise ValueError(f"{self.type} level must be {levels[0]}-{levels[-1]}, not {self.level!r}")
        if levels is None and self.level is not None:
            raise ValueError(f"a {self.type} has no level")
        if (self.type == "meta") != (self.role is not None) or (
            self.role is not None and self.role not in META_ROLES
        ):
            raise ValueError(f"a {self.type} block cannot have role {self.role!r}")

    @classmethod
    def table(cls, rows: tuple[tuple[str, ...], ...], lines: tuple[int, int] | None = None) -> Block:
        """A table block of these rows."""
        return cls(type="table", text=table_text(rows), rows=rows, lines=lines)

    @property
    def content(self) -> str:
        """The block's own characters: its text, a table's cells without the separators between
        them (what the source's characters are accounted against)."""
        if self.rows is None:
            return self.text
        return "".join(cell for row in self.rows for cell in row)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type, "text": self.text}
        if self.level is not None:
            data["level"] = self.level
        if self.role is not None:
            data["role"] = self.role
        if self.mark is not None:
            data["mark"] = self.mark
        if self.notes:
            data["notes"] = [{"at": note.at, "mark": note.mark} for note in self.notes]
        if self.rows is not None:
            data["rows"] = [list(row) for row in self.rows]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Block:
        rows = data.get("rows")
        return cls(
            type=data["type"],
            text=data["text"],
            level=data.get("level"),
            role=data.get("role"),
            mark=data.get("mark"),
            notes=tuple(NoteRef(int(n["at"]), str(n["mark"])) for n in data.get("notes", ())),
            rows=tuple(tuple(str(cell) for cell in row) for row in rows) if rows is not None else None,
        )

    def with_text(self, text: str) -> Block:
        """The same block with other text (its note offsets must still hold; not for tables)."""
        return dataclasses.replace(self, text=text)

    def map_text(self, convert: Callable[[str], str]) -> Block:
        """The same block with `convert` applied to its text (cell by cell for a table), such as a
        change of script. Conversion may change the text's length (内存 → 記憶體), so each note is
        found again as the same occurrence of its mark; a note whose mark the conversion changed
        is dropped."""
        if self.rows is not None:
            rows = tuple(tuple(convert(cell) for cell in row) for row in self.rows)
            return dataclasses.replace(self, text=table_text(rows), rows=rows)
        text = convert(self.text)
        notes = []
        for note in self.notes:
            at = _nth_occurrence(text, note.mark, self.text.count(note.mark, 0, note.at))
            if at >= 0:
                notes.append(NoteRef(at, note.mark))
        mark = self.mark if self.mark is not None and text.startswith(self.mark) else None
        return dataclasses.replace(self, text=text, mark=mark, notes=tuple(notes))


def _nth_occurrence(text: str, part: str, index: int) -> int:
    """Where the `index`-th (0-based) occurrence of `part` in `text` starts, or -1."""
    at = -1
    for _ in range(index + 1):
        at = text.find(part, at + 1)
        if at < 0:
            return -1
    return at


def table_text(rows: tuple[tuple[str, ...], ...]) -> str:
    """A table's reading text: cells joined with " | ", rows with "\n"."""
    return ROW_SEPARATOR.join(CELL_SEPARATOR.join(row) for row in rows)


@dataclass(frozen=True)
class Meta:
    """Document metadata. Values from `seeds/NAME.toml` override what the cleaner detects."""

    title: str = ""
    subtitle: str = ""
    author: str = ""
    date: str = ""
    source: str = ""
    language: str = "zh-Hans"
    slug: str = ""

    def to_dict(self) -> dict[str, str]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Meta:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: str(v) for k, v in data.items() if k in names})


@dataclass(frozen=True)
class Document:
    """A cleaned document: metadata, blocks in reading order, and the text the cleaner removed."""

    meta: Meta
    blocks: tuple[Block, ...]
    removed: tuple[str, ...] = field(default=())

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def language(self) -> str:
        return self.meta.language

    @property
    def date(self) -> datetime.date | None:
        """The document's date: its metadata's, else its first `date` part's, whichever first names a
        real day (`parse_date`); None when none does. Every output dates the document by this."""
        candidates = (self.meta.date, *(b.text for b in self.blocks if b.role == "date"))
        for text in candidates:
            try:
                day = parse_date(text)
            except NotADay:
                continue
            if day is not None:
                return day
        return None

    def text(self) -> str:
        """All block text in reading order, one block a line (what a reader of the PDF/EPUB sees)."""
        return "\n".join(block.text for block in self.blocks)

    def to_json(self) -> dict[str, Any]:
        """The JSON contract of `python -m pipeline clean FILE --json` (see DESIGN.md)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "meta": self.meta.to_dict(),
            "title": self.meta.title,
            "blocks": [block.to_dict() for block in self.blocks],
            "removed": list(self.removed),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        version = data.get("schema_version", SCHEMA_VERSION)
        if version not in READABLE_SCHEMA_VERSIONS:
            raise ValueError(f"unsupported document schema_version {version}")
        meta = Meta.from_dict(data.get("meta", {}))
        if not meta.title and data.get("title"):
            meta = dataclasses.replace(meta, title=data["title"])
        return cls(
            meta=meta,
            blocks=tuple(Block.from_dict(b) for b in data["blocks"]),
            removed=tuple(data.get("removed", ())),
        )

    def replace(self, **changes: Any) -> Document:
        return dataclasses.replace(self, **changes)

    def retitled(self, title: str) -> Document:
        """The document under another title (a seed TOML's `title`): in the metadata and in its
        first title block, which the print, the running head, the outline and the EPUB show; a
        document without one gets it before its first block that is not part of a masthead."""
        meta = dataclasses.replace(self.meta, title=title)
        blocks = list(self.blocks)
        first = next((i for i, block in enumerate(blocks) if block.type == "title"), None)
        if first is not None:
            blocks[first] = dataclasses.replace(blocks[first], text=title, notes=())
        else:
            at = next((i for i, block in enumerate(blocks) if block.role not in MASTHEAD_ROLES), len(blocks))
            blocks.insert(at, Block("title", title))
        return dataclasses.replace(self, meta=meta, blocks=tuple(blocks))
