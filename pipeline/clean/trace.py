"""Where each character of the source went: source lines ↔ the text of the blocks made from them.

The report lists what the cleaner removed and mapped, by source line (report.py), and each block
knows its first and last source line (document.py). This module puts the two together character by
character: for every source line, the block that took it, where its text lies in that block's
text, and each run of it marked — kept, whitespace removed, a repaired or removed character (with
the finding that reports it), the line end joined or kept. A reviewer reads that
(pipeline/review/); a correction needs it to split or cut a block at a line (correct.py).

The walk is linear: whitespace aside, a block's text is its lines' characters minus the reported
removals, with the reported mappings applied, in order. Where a rule changed text without a finding,
the rest of that block is aligned with difflib and the difference is marked as unexplained, so
that the review shows it rather than hiding it.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from pipeline.clean.report import CleanReport, Finding
from pipeline.clean.text import source_lines
from pipeline.document import CELL_SEPARATOR, Block

#: Finding codes that remove a whole source line (page furniture, or a correction).
#: (A table's cell moved to its row's line leaves its line as a whole too: `column-read`, and so
#: do a piece of a printed line put back on it, `piece-moved`, and lowered numbers, `lowered-runs`.)
LINE_REMOVALS: frozenset[str] = frozenset(
    {"page-marker", "running-header", "figure-text", "fix-drop", "column-read", "piece-moved", "lowered-runs"}
)
#: The rule the Document writes between a table's cells (spaces aside).
_RULE = CELL_SEPARATOR.strip()
#: How many mappings of one character may follow each other (Founder ０ → full-width 0 → 0).
_CHAIN = 3


class Kind(StrEnum):
    """What became of a run of a source line."""

    KEPT = "kept"  # in the block's text as it is
    SPACE = "space"  # whitespace the cleaner removed (indentation, extraction spaces)
    MAPPED = "mapped"  # repaired: `source` became `output`
    REMOVED = "removed"  # characters taken out (with a finding's code, or none: unexplained)
    INSERTED = "inserted"  # text in the block that no source character accounts for


class Ending(StrEnum):
    """What became of a line's end."""

    JOINED = "joined"  # a soft wrap: the next line continues the block with nothing between
    SPACE = "space"  # the line end became a space (between Latin words) or a kept newline
    END = "end"  # the block ends here
    NONE = "none"  # the line is in no block


@dataclass(frozen=True)
class Mark:
    """A run of a source line and what it became."""

    kind: Kind
    source: str = ""
    output: str = ""
    code: str | None = None

    @property
    def unexplained(self) -> bool:
        """Text lost or added that no finding reports."""
        return self.code is None and (
            (self.kind is Kind.REMOVED and not self.source.isspace())
            or (self.kind is Kind.INSERTED and not self.output.isspace())
            or self.kind is Kind.MAPPED
        )


@dataclass
class TracedLine:
    """One source line: the block that took it (index into the blocks) and where, or why none did.

    `start`/`end` are offsets into the text of `block`'s group (the blocks made from exactly the same
    lines, e.g. the 印发 line's printed_by and printed, whose texts follow each other).
    """

    number: int
    text: str
    block: int | None = None
    removed: str | None = None
    marks: list[Mark] = field(default_factory=list)
    start: int = 0
    end: int = 0
    ending: Ending = Ending.NONE

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class SourceTrace:
    """Every source line traced, and the groups of blocks made from the same lines."""

    lines: tuple[TracedLine, ...]
    #: A group's first block → the indices of its blocks (one, except where a line holds two blocks).
    groups: dict[int, tuple[int, ...]]
    #: A group's first block → the source lines it took, in order.
    owned: dict[int, list[TracedLine]]
    #: A group's first block → the text of its blocks, one after the other.
    texts: dict[int, str]

    def line(self, number: int) -> TracedLine:
        return self.lines[number - 1]

    def output(self, line: TracedLine) -> str:
        """What the line became in its block's text ("" for a line in no block)."""
        return self.texts[line.block][line.start : line.end] if line.block is not None else ""


def trace_source(text: str, blocks: Sequence[Block], report: CleanReport) -> SourceTrace:
    """Trace each line of `text` (the cleaner's input) into `blocks` (its output), using `report`."""
    raw = source_lines(text)
    if len(raw) > 1 and not raw[-1]:
        raw.pop()  # the newline that ends the last line starts no line of its own
    lines = tuple(TracedLine(number, line) for number, line in enumerate(raw, start=1))
    changes: dict[int, list[Finding]] = {}
    for finding in report.findings:
        if finding.code in LINE_REMOVALS:
            if 1 <= finding.line <= len(lines):
                lines[finding.line - 1].removed = finding.code
        else:
            changes.setdefault(finding.line, []).append(finding)
    groups = _groups(blocks)
    texts = {leader: "".join(blocks[index].text for index in members) for leader, members in groups.items()}
    owned = _owners(blocks, groups, lines)
    for leader, traced in owned.items():
        _Walk(traced, texts[leader], changes, table=blocks[leader].rows is not None).run()
    for line in lines:
        if line.block is None:
            line.marks = (
                [Mark(Kind.REMOVED, line.text, code=line.removed)]
                if line.removed
                else _Walk([line], "", changes).marks_alone()
            )
    return SourceTrace(lines, groups, owned, texts)


def _groups(blocks: Sequence[Block]) -> dict[int, tuple[int, ...]]:
    """Blocks made from exactly the same lines, next to each other, form one group."""
    groups: dict[int, tuple[int, ...]] = {}
    leader: int | None = None
    for index, block in enumerate(blocks):
        if leader is not None and block.lines is not None and block.lines == blocks[leader].lines:
            groups[leader] += (index,)
        else:
            leader = index
            groups[index] = (index,)
    return groups


def _owners(
    blocks: Sequence[Block], groups: dict[int, tuple[int, ...]], lines: tuple[TracedLine, ...]
) -> dict[int, list[TracedLine]]:
    """Each group's source lines: those in its range that no narrower group's range holds (a
    footnote's lines lie inside the range of the paragraph its page interrupted) and that were not
    removed as a whole."""
    ranges = [(leader, blocks[leader].lines) for leader in groups if blocks[leader].lines is not None]
    owner: dict[int, int] = {}
    for leader, span in sorted(ranges, key=lambda item: -(item[1][1] - item[1][0]) if item[1] else 0):
        assert span is not None
        first, last = max(span[0], 1), min(span[1], len(lines))
        for number in range(first, last + 1):
            owner[number] = leader
    owned: dict[int, list[TracedLine]] = {}
    for number in sorted(owner):
        line = lines[number - 1]
        if line.removed is None:
            line.block = owner[number]
            owned.setdefault(owner[number], []).append(line)
    return owned


class _Walk:
    """The alignment of one group's lines with its text (see the module's docstring)."""

    def __init__(
        self, lines: list[TracedLine], text: str, changes: dict[int, list[Finding]], *, table: bool = False
    ) -> None:
        self.lines = lines
        self.text = text
        self.changes = changes
        self.table = table  # a table's text holds the separators written between its cells
        self.position = 0

    def run(self) -> None:
        for index, line in enumerate(self.lines):
            line.start = self.position
            if not self._line(line):
                self._align_rest(index)
                return
            self._ending(line, last=index == len(self.lines) - 1)
        self._trailing()

    def marks_alone(self) -> list[Mark]:
        """Marks of a line no block took: every character removed (reported or not)."""
        line = self.lines[0]
        if not self._line(line):
            line.marks = [Mark(Kind.REMOVED, line.text)]
        return line.marks

    def _line(self, line: TracedLine) -> bool:
        """Walk one line; False where something no finding explains stops the walk."""
        marks = _Marks()
        pending = list(self.changes.get(line.number, ()))
        text, raw, position = self.text, line.text, self.position
        index = 0
        while index < len(raw):
            char = raw[index]
            if position < len(text) and text[position] == char:
                end = _common_run(raw, index, text, position)
                marks.add(Kind.KEPT, raw[index:end], raw[index:end])
                position += end - index
                index = end
                continue
            explained = _explain(char, pending, text, position)
            if explained is not None:
                output, code = explained
                marks.add(Kind.MAPPED if output else Kind.REMOVED, char, output, code)
                position += len(output)
            elif char.isspace():
                marks.add(Kind.SPACE, char)
            elif self.table and text.startswith(_RULE, position):
                marks.add(Kind.INSERTED, "", _RULE, "cell-separator")
                position += len(_RULE)
                continue
            elif position < len(text) and text[position].isspace():
                marks.add(Kind.INSERTED, "", text[position])
                position += 1
                continue
            else:
                return False
            index += 1
        position = self._inserted(marks, pending, position)
        line.marks = marks.items
        self.position = position
        return True

    def _inserted(self, marks: _Marks, pending: list[Finding], position: int) -> int:
        """Text a finding put after the line's own (a table's cell moved back onto its row's line:
        `column-row`; a piece of a printed line put back on it: `piece-joined`), found at
        `position`; the position after it."""
        for finding in [f for f in pending if not f.original]:
            end = _run_end(finding.replacement, self.text, position)
            if end is not None:
                marks.add(Kind.INSERTED, "", self.text[position:end], finding.code)
                pending.remove(finding)
                position = end
        return position

    def _ending(self, line: TracedLine, *, last: bool) -> None:
        if last:
            line.ending = Ending.END
        elif self.position < len(self.text) and self.text[self.position].isspace():
            line.ending = Ending.SPACE
            self.position += 1
        else:
            line.ending = Ending.JOINED
        line.end = self.position

    def _trailing(self) -> None:
        """Text left after the last line: added by a rule (marked on the last line)."""
        if self.position < len(self.text) and self.lines:
            last = self.lines[-1]
            last.marks.append(Mark(Kind.INSERTED, "", self.text[self.position :]))
            last.end = len(self.text)

    def _align_rest(self, first: int) -> None:
        """Align the lines from `first` on with the rest of the text by difflib."""
        lines = self.lines[first:]
        raw = "\n".join(line.text for line in lines)
        # The line (index into `lines`) of each character of `raw`, and whether it is that line's end.
        where = [
            (index, column == len(line.text))
            for index, line in enumerate(lines)
            for column in range(len(line.text) + 1)
        ][: len(raw)]
        rest = self.text[self.position :]
        marks = [_Marks() for _ in lines]
        ends = [0] * len(lines)  # where each line's output ends in `rest`
        endings = [Ending.JOINED] * len(lines)
        matcher = difflib.SequenceMatcher(None, raw, rest, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            owner = where[i1][0] if i1 < len(where) else len(lines) - 1
            if tag in ("insert", "replace"):  # the output goes with the run's first line
                source = "".join(raw[i] for i in range(i1, i2) if where[i] == (owner, False))
                marks[owner].add(Kind.INSERTED if tag == "insert" else Kind.MAPPED, source, rest[j1:j2])
                ends[owner] = j2
            for index in range(i1, i2):
                number, is_end = where[index]
                if is_end:
                    endings[number] = Ending.SPACE if tag == "equal" else Ending.JOINED
                elif tag == "equal":
                    marks[number].add(Kind.KEPT, raw[index], raw[index])
                elif tag == "delete" or number != owner:
                    marks[number].add(Kind.SPACE if raw[index].isspace() else Kind.REMOVED, raw[index])
                if tag != "replace" or number != owner:
                    ends[number] = j1 + index - i1 + 1 if tag == "equal" else max(ends[number], j1)
        start = self.position
        for index, line in enumerate(lines):
            line.marks = marks[index].items
            line.start = start
            line.end = max(self.position + ends[index], start)
            line.ending = Ending.END if index == len(lines) - 1 else endings[index]
            start = line.end
        lines[-1].end = len(self.text)


def _common_run(raw: str, index: int, text: str, position: int) -> int:
    """The end (in `raw`) of the run from `index` that equals `text` from `position`."""
    end = index
    while end < len(raw) and position < len(text) and raw[end] == text[position]:
        end += 1
        position += 1
    return end


def _run_end(inserted: str, text: str, position: int) -> int | None:
    """Where `inserted` ends in `text` read from `position`, whitespace in either aside (the spacing
    pass may have taken some out); None where the text does not go on with it."""
    for char in inserted:
        if char.isspace():
            continue
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text) or text[position] != char:
            return None
        position += 1
    return position


def _explain(char: str, pending: list[Finding], text: str, position: int) -> tuple[str, str] | None:
    """The reported change of `char` that the text at `position` shows: (output, code), or None.
    A finding explains one character once; a mapping may be mapped again (Founder ０ → 0)."""
    original, codes, used = char, [], []
    for _ in range(_CHAIN):
        finding = next((f for f in pending if f.original == original and f not in used), None)
        if finding is None:
            return None
        used.append(finding)
        codes.append(finding.code)
        if finding.replacement == "" or text.startswith(finding.replacement, position):
            for item in used:
                pending.remove(item)
            return finding.replacement, "+".join(codes)
        original = finding.replacement
    return None


class _Marks:
    """A line's marks, runs of the same kind and code merged."""

    def __init__(self) -> None:
        self.items: list[Mark] = []

    def add(self, kind: Kind, source: str, output: str = "", code: str | None = None) -> None:
        if self.items:
            last = self.items[-1]
            if last.kind is kind and last.code == code and kind in (Kind.KEPT, Kind.SPACE, Kind.REMOVED):
                self.items[-1] = Mark(kind, last.source + source, last.output + output, code)
                return
        self.items.append(Mark(kind, source, output, code))
