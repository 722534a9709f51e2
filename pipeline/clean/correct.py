"""Corrections applied to a cleaned document: blocks + `Fix`es (pipeline/fixes.py) → blocks as the fixes ask.

Each fix names one source line. The trace (trace.py) says which block took that line and where its
text lies in the block, so a block can be split, joined, cut or retyped at a line without cleaning
the text again. Fixes apply in three rounds — lines (keep, drop), then block boundaries
(break-before, join), then block types — each round in the order the TOML gives them, so that
`break-before` and `heading:2` on one line make a new heading whichever is written first. A fix
that finds the document already as it asks changes nothing and says so (a new extraction, or a
better cleaner, may have made it unneeded); a fix that cannot apply is an error that names it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.clean.characters import repair_characters
from pipeline.clean.report import AppliedFix, CleanReport
from pipeline.clean.spacing import normalise_spaces, separator
from pipeline.clean.trace import SourceTrace, trace_source
from pipeline.document import Block, NoteRef
from pipeline.fixes import Fix

#: The rounds fixes apply in (see the module's docstring).
ROUNDS: tuple[tuple[str, ...], ...] = (
    ("keep", "drop"),
    ("break-before", "join"),
    ("heading", "paragraph", "meta", "list_item"),
)
#: Codes of findings that removed a line as page furniture: what `keep` undoes.
FURNITURE = ("page-marker", "running-header", "figure-text")
#: What a fix did, and whether it changed anything.
_Outcome = tuple[str, bool]
#: How many matching line numbers an error about an ambiguous anchor lists.
_SHOWN_MATCHES = 5


def apply_fixes(
    text: str,
    blocks: Sequence[Block],
    removed: Sequence[str],
    report: CleanReport,
    fixes: Sequence[Fix],
) -> tuple[tuple[Block, ...], tuple[str, ...]]:
    """The blocks and removed texts after `fixes`; what each did goes to `report.fixes` (and a dropped
    line's text to its findings, so that the report still accounts for every character)."""
    trace = trace_source(text, blocks, report)
    lines = {fix: _resolve(fix, trace) for fix in fixes}
    editor = _Editor(blocks, trace, report, list(removed))
    for actions in ROUNDS:
        for fix in fixes:
            if fix.action in actions:
                report.fixes.append(editor.apply(fix, lines[fix]))
    return editor.blocks(), tuple(editor.removed)


def _resolve(fix: Fix, trace: SourceTrace) -> int:
    """The source line a fix names; an error if it names none or several."""
    if fix.line is not None:
        if fix.line > len(trace.lines):
            raise fix.error(f"the source has only {len(trace.lines)} lines")
        return fix.line
    assert fix.at is not None
    wanted = _squeezed(fix.at)
    found = [line.number for line in trace.lines if wanted in _squeezed(line.text)]
    if not found:  # the text as cleaned (repaired characters) names the line too
        found = [line.number for line in trace.lines if wanted in _squeezed(trace.output(line))]
    if not found:
        raise fix.error(
            "no source line holds this text (whitespace aside)",
            hint="copy it from one line of the review page's source: python -m pipeline review SEED",
        )
    if len(found) > 1:
        shown = ", ".join(map(str, found[:_SHOWN_MATCHES])) + (", …" if len(found) > _SHOWN_MATCHES else "")
        raise fix.error(
            f"{len(found)} source lines hold this text (lines {shown})",
            hint="quote more of the line, or give line = N",
        )
    return found[0]


def _squeezed(text: str) -> str:
    return "".join(text.split())


@dataclass
class _Part:
    """The text one source line gave a block (`line` None: a whole block not traced line by line);
    `offset` is where it lies in the original block's text, to move footnote marks with it."""

    line: int | None
    text: str
    block: int
    offset: int
    seam: bool = False  # joined to the part before it anew, not as the cleaner joined them


@dataclass
class _Draft:
    """A block being corrected: the original's kind, and its parts."""

    block: Block
    parts: list[_Part]
    reshaped: bool = False  # its parts changed: its text must be made again
    notes: dict[int, tuple[NoteRef, ...]] = field(default_factory=dict)  # original block → its notes

    def holds(self, line: int) -> bool:
        if any(part.line == line for part in self.parts):
            return True
        span = self.block.lines
        return span is not None and span[0] <= line <= span[1] and all(p.line is None for p in self.parts)

    def index_of(self, line: int) -> int:
        return next(index for index, part in enumerate(self.parts) if part.line == line)

    def starts_at(self, line: int) -> bool:
        """Whether the block's text begins with that line's."""
        if any(part.line == line for part in self.parts):
            return self.index_of(line) <= self.first_text_part()
        return self.block.lines is not None and self.block.lines[0] == line

    def first_text_part(self) -> int:
        return next((index for index, part in enumerate(self.parts) if part.text.strip()), 0)


class _Editor:
    """The document's blocks as drafts, changed one fix at a time."""

    def __init__(self, blocks: Sequence[Block], trace: SourceTrace, report: CleanReport, removed: list[str]):
        self.trace = trace
        self.report = report
        self.removed = removed
        self.drafts = [_draft(index, block, trace) for index, block in enumerate(blocks)]

    def apply(self, fix: Fix, line: int) -> AppliedFix:
        handler = {
            "keep": self._keep,
            "drop": self._drop,
            "break-before": self._break_before,
            "join": self._join,
        }.get(fix.action, self._retype)
        outcome, changed = handler(fix, line)
        return AppliedFix(fix, line, outcome, changed)

    def blocks(self) -> tuple[Block, ...]:
        return tuple(_finished(draft) for draft in self.drafts)

    def _find(self, fix: Fix, line: int, doing: str) -> tuple[int, _Draft]:
        """The draft that holds `line`, or an error saying why none does."""
        for index, draft in enumerate(self.drafts):
            if draft.holds(line):
                return index, draft
        traced = self.trace.line(line)
        if traced.removed == "fix-drop":
            raise fix.error(f"cannot {doing}: line {line} was left out by another fix")
        if traced.removed:
            raise fix.error(
                f"cannot {doing}: line {line} was removed as page furniture ({traced.removed})",
                hint='add a fix with do = "keep" for it first',
            )
        raise fix.error(
            f"cannot {doing}: line {line} is in no block (blank, or nothing but removed characters)"
        )

    def _keep(self, fix: Fix, line: int) -> _Outcome:
        traced = self.trace.line(line)
        finding = next((f for f in self.report.findings if f.line == line and f.code in FURNITURE), None)
        if finding is None:
            return _unchanged(f"line {line} is not page furniture the cleaner removed")
        self.report.findings.remove(finding)
        if finding.original in self.removed:
            self.removed.remove(finding.original)
        kept = normalise_spaces(repair_characters(finding.original, self.report, [line]))
        for index, draft in enumerate(self.drafts):
            numbers = [part.line for part in draft.parts if part.line is not None]
            if numbers and numbers[0] < line < numbers[-1]:  # inside a block: the text goes back in place
                _refuse_table(fix, draft, "keep a line inside")
                at = next(
                    i for i, part in enumerate(draft.parts) if part.line is not None and part.line > line
                )
                draft.parts[at].seam = True
                draft.parts.insert(at, _Part(line, kept, index, -1, seam=True))
                draft.reshaped = True
                return (
                    f"kept line {line} (taken for a {traced.removed}) inside the block it interrupted",
                    True,
                )
        at = next(
            (i for i, d in enumerate(self.drafts) if d.block.lines is not None and d.block.lines[0] > line),
            len(self.drafts),
        )
        block = Block("paragraph", kept, lines=(line, line))
        self.drafts.insert(at, _Draft(block, [_Part(line, kept, -1, -1)]))
        return f"kept line {line} (taken for a {traced.removed}) as a paragraph of its own", True

    def _drop(self, fix: Fix, line: int) -> _Outcome:
        traced = self.trace.line(line)
        if traced.removed or traced.blank:
            return _unchanged(f"line {line} is not in the document")
        index, draft = self._find(fix, line, "drop it")
        if all(part.line is None for part in draft.parts):
            raise fix.error(f"cannot drop line {line} alone: it holds more than one block")
        _refuse_table(fix, draft, "drop a line of")
        at = draft.index_of(line)
        part = draft.parts.pop(at)
        dropped = part.text.strip()
        self.report.add("fix-drop", line, dropped)
        self.removed.append(dropped)
        if not any(p.text.strip() for p in draft.parts):
            del self.drafts[index]
            return f"left out line {line}, the whole {_kind(draft.block)}", True
        if at < len(draft.parts):
            draft.parts[at].seam = True
        draft.reshaped = True
        return f"left out line {line} of the {_kind(draft.block)}", True

    def _break_before(self, fix: Fix, line: int) -> _Outcome:
        index, draft = self._find(fix, line, "start a block there")
        if all(part.line is None for part in draft.parts):
            raise fix.error(f"cannot start a block at line {line}: the line holds more than one block")
        if self.trace.line(line).blank:
            raise fix.error(f"line {line} is blank", hint="name the line that should start the block")
        at = draft.index_of(line)
        if draft.starts_at(line):
            return _unchanged(f"line {line} already starts a {_kind(draft.block)}")
        _refuse_table(fix, draft, "split")
        tail = draft.parts[at:]
        del draft.parts[at:]
        tail[0].seam = True
        draft.reshaped = True
        self.drafts.insert(index + 1, _Draft(Block("paragraph", ""), tail, reshaped=True, notes=draft.notes))
        return f"started a new paragraph at line {line}, splitting the {_kind(draft.block)}", True

    def _join(self, fix: Fix, line: int) -> _Outcome:
        index, draft = self._find(fix, line, "join it")
        if not draft.starts_at(line):
            return _unchanged(f"line {line} already continues its {_kind(draft.block)}")
        if index == 0:
            raise fix.error(f"cannot join line {line}: no block comes before it")
        before = self.drafts[index - 1]
        _refuse_table(fix, draft, "join")
        _refuse_table(fix, before, "join to")
        draft.parts[0].seam = True
        before.parts.extend(draft.parts)
        before.notes = {**before.notes, **draft.notes}
        before.reshaped = True
        del self.drafts[index]
        return f"joined the {_kind(draft.block)} at line {line} to the {_kind(before.block)} before it", True

    def _retype(self, fix: Fix, line: int) -> _Outcome:
        _, draft = self._find(fix, line, f"make it a {fix.action}")
        old = draft.block
        if (old.type, old.level, old.role) == (fix.action, fix.level, fix.role):
            return _unchanged(f"line {line} is already in a {_kind(old)}")
        draft.block = Block(fix.action, old.text, fix.level, fix.role, notes=old.notes, lines=old.lines)
        return f"made the {_kind(old)} a {_kind(draft.block)}", True


def _unchanged(outcome: str) -> _Outcome:
    return f"changed nothing: {outcome}", False


def _draft(index: int, block: Block, trace: SourceTrace) -> _Draft:
    """A block as parts, one per source line its text came from (one part where the trace has none)."""
    notes = {index: block.notes} if block.notes else {}
    lines = trace.owned.get(index, []) if trace.groups.get(index) == (index,) else []
    if not lines:
        return _Draft(block, [_Part(None, block.text, index, 0)], notes=notes)
    parts = [_Part(line.number, block.text[line.start : line.end], index, line.start) for line in lines]
    return _Draft(block, parts, notes=notes)


def _finished(draft: _Draft) -> Block:
    """The block a draft stands for now."""
    if not draft.reshaped:
        return draft.block
    text, notes = _joined(draft)
    numbers = [part.line for part in draft.parts if part.line is not None]
    lines = (min(numbers), max(numbers)) if numbers else draft.block.lines
    block = draft.block
    mark = block.mark if block.mark is not None and text.startswith(block.mark) else None
    return Block(block.type, text, block.level, block.role, mark=mark, notes=notes, lines=lines)


def _joined(draft: _Draft) -> tuple[str, tuple[NoteRef, ...]]:
    """A reshaped draft's text — parts joined as the cleaner joined them, and anew at each seam the
    way it joins lines (spacing.separator) — and its footnote marks moved along with their text."""
    text = ""
    notes: list[NoteRef] = []
    for part in draft.parts:
        piece = part.text
        if not text or part.seam:
            text = text.rstrip()
            stripped = piece.lstrip()
            shift = len(piece) - len(stripped)
            piece = stripped
            if text and piece:
                text += separator(text, piece)
        else:
            shift = 0
        for note in draft.notes.get(part.block, ()):
            if part.offset >= 0 and part.offset + shift <= note.at < part.offset + len(part.text):
                notes.append(NoteRef(len(text) + note.at - part.offset - shift, note.mark))
        text += piece
    text = text.rstrip()
    return text, tuple(note for note in notes if text[note.at : note.at + len(note.mark)] == note.mark)


def _refuse_table(fix: Fix, draft: _Draft, doing: str) -> None:
    if draft.block.type == "table":
        raise fix.error(f"cannot {doing} a table")


def _kind(block: Block) -> str:
    """`heading 2`, `meta block (addressee)`, `paragraph`: how outcomes name a block's kind."""
    if block.role is not None:
        return f"meta block ({block.role})"
    name = block.type.replace("_", " ")
    return f"{name} {block.level}" if block.level is not None else name
