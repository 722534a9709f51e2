"""Cleaning: raw PDF-extracted text → a structured `Document` plus a `CleanReport` of every change.

The passes run in this order, each with one job:
1. `furniture`  — page markers, running headers/footers, form feeds go (their text is reported);
2. `characters` — mis-mapped characters are repaired (each change reported);
3. `lines`      — the document's layout profile is measured (full width, blank-line style, marks);
4. `paragraphs` — line breaks become soft wraps or block ends;
5. `spacing`    — a block's lines are joined and extraction spaces removed;
6. `structure`  — blocks get their types: title, heading, paragraph, official-document part.
Then the corrections of the seed's TOML (`[[fix]]`) overrule any of it (`correct`), by source line.
"""

from __future__ import annotations

import datetime
import gc
import itertools
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.clean import appearance, geometry
from pipeline.clean.baselines import restore_lowered_numbers
from pipeline.clean.characters import repair_characters
from pipeline.clean.columns import restore_rows
from pipeline.clean.correct import FURNITURE, apply_fixes
from pipeline.clean.figures import remove_figure_words
from pipeline.clean.fragments import mark_shattered_addresses
from pipeline.clean.furniture import remove_furniture, split_source
from pipeline.clean.lines import Line, align_page_indents, measure_profile
from pipeline.clean.notes import find_notes
from pipeline.clean.paragraphs import group_blocks, mark_numbered_paragraphs
from pipeline.clean.pieces import rejoin_pieces
from pipeline.clean.report import CleanReport, Finding
from pipeline.clean.structure import classify, draft_of
from pipeline.clean.verbatim import find_verbatim
from pipeline.document import Block, Document, Meta, NotADay, parse_date
from pipeline.errors import CleanError
from pipeline.fixes import Fix

LOG = logging.getLogger(__name__)

if TYPE_CHECKING:
    from pipeline.sources import PdfSource, Source
    from pipeline.sources.pdf_lines import PdfLine

__all__ = ["CleanReport", "CleanResult", "Finding", "clean", "clean_source"]


@dataclass(frozen=True)
class CleanResult:
    """The cleaned document and the report of what was removed or changed to make it."""

    document: Document
    report: CleanReport


def clean(
    text: str,
    *,
    source: str = "<text>",
    layout: Sequence[PdfLine] | None = None,
    fixes: Sequence[Fix] = (),
) -> CleanResult:
    """Clean decoded source text (LF newlines, form feeds kept) into a Document, then apply `fixes`
    (the corrections of the seed's TOML, pipeline/clean/correct.py).

    `layout`, where the source is a PDF, holds the geometry of each line of `text` (line n is
    `layout[n - 1]`, as `PdfSource.text` and `PdfSource.lines` give them): the geometric pass
    (`geometry`) then removes page furniture by position and decides block boundaries where the
    page shows them; the text rules decide the rest.
    """
    with _cycle_collector_paused():
        return _clean(text, source, layout, fixes)


def clean_source(source: Source | PdfSource, fixes: Sequence[Fix] = ()) -> CleanResult:
    """Clean what `pipeline.sources.read_seed` read: a PDF with its geometry, text as text.

    A source the reader accepted (it holds text) of which cleaning leaves nothing — page numbers
    and running heads only — is no document to publish: a CleanError naming the file."""
    layout = getattr(source, "lines", None)
    result = clean(source.text, source=source.path.name, layout=layout, fixes=fixes)
    if not result.document.blocks:
        raise CleanError(
            "no text is left once its page numbers, running heads and other page furniture are removed",
            path=source.path,
            hint="the file should hold the document's text, as extracted from its PDF",
        )
    return result


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """The cleaner makes a few objects per source line and no reference cycles: on a large text the
    cycle collector's repeated passes over them cost a sixth of the time and free nothing (reference
    counting still frees every object as soon as it is dropped)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _clean(text: str, source: str, layout: Sequence[PdfLine] | None, fixes: Sequence[Fix]) -> CleanResult:
    report = CleanReport(source=source)
    source_lines = split_source(text)
    removed_by_position: list[str] = []
    if layout is not None:
        source_lines, removed_by_position = geometry.remove_page_furniture(source_lines, layout, report)
    kept, removed = remove_furniture(source_lines, report)
    removed = removed_by_position + removed
    repaired = repair_characters(
        "\n".join(line.text for line in kept), report, [line.number for line in kept]
    )
    repaired_lines = repaired.split("\n") if kept else []
    lines = [
        # (`printed` by position: a class called with a keyword makes a dict of it at each call.)
        Line(source_line.number, line_text, source_line.page_break_before, source_line.text)
        for source_line, line_text in zip(kept, repaired_lines, strict=True)
    ]
    # A PDF's lines come in the order its geometry reads; an extraction's may hold a table's columns,
    # pieces of a printed line in another order and numbers fallen off their line (pdfminer).
    if layout is not None:
        lines = geometry.apply_breaks(lines, layout)
    else:
        lines = restore_rows(restore_lowered_numbers(lines, report), report)
        lines = remove_figure_words(rejoin_pieces(lines, report), report)
        removed = _furniture_in_order(report)
    mark_shattered_addresses(lines)
    align_page_indents(lines)
    profile = measure_profile(lines)
    mark_numbered_paragraphs(lines)
    # From a PDF the geometric pass has set each page's notes after the block its page ends in.
    verbatim = find_verbatim(lines)
    notes = find_notes(lines, paged=profile.wrapped, verbatim=verbatim.numbers) if layout is None else {}
    groups = group_blocks(lines, profile, notes, verbatim)
    marks = appearance.looks(groups, layout) if layout is not None else [None] * len(groups)
    drafts = [
        draft_of(group, report, verbatim, look=look, note=notes.get(group[0].number))
        for group, look in zip(groups, marks, strict=True)
    ]
    blocks = tuple(
        classify([draft for draft in drafts if draft.text], profile.full_width, profile.double_spaced)
    )
    if layout is not None:
        blocks = tuple(appearance.link_notes(blocks, {draft.first: draft.look for draft in drafts}))
    removed_texts = tuple(removed)
    if fixes:
        blocks, removed_texts = apply_fixes(text, blocks, removed_texts, report, fixes)
    document = Document(meta=_detect_meta(blocks), blocks=blocks, removed=removed_texts)
    return CleanResult(document, report)


def _furniture_in_order(report: CleanReport) -> list[str]:
    """The page furniture and figure text removed from a text, in the order of its lines."""
    found = [finding for finding in report.findings if finding.code in FURNITURE]
    return [finding.original for finding in sorted(found, key=lambda finding: finding.line)]


#: How much of a document's text its script is read from: a document is written in one script.
SCRIPT_SAMPLE = 5_000


def _detect_meta(blocks: tuple[Block, ...]) -> Meta:
    """Metadata the text itself gives: the first title, the issuer/signature, the document date, and
    its script (zh-Hant for a Traditional source, read the way the build reads it for its variants)."""
    from pipeline.variants import detect_script  # OpenCC: loaded when a document is there to read

    title = next((b.text for b in blocks if b.type == "title"), "")
    author = next((b.text for b in blocks if b.role == "signature"), "") or next(
        (b.text.removesuffix("文件") for b in blocks if b.role == "issuer"), ""
    )
    dates = [_date_of(block) for block in blocks if block.role == "date"]
    date = next((day.isoformat() for day in dates if day is not None), "")
    sample = "".join(itertools.islice((b.text for b in blocks), 200))[:SCRIPT_SAMPLE]
    language = detect_script(sample) if sample else Meta.language
    return Meta(title=title, author=author, date=date, language=language)


def _date_of(block: Block) -> datetime.date | None:
    """The day a `date` part names; a date of no real day (2024年2月30日) stays text, with a warning
    naming its line (whoever shows it names the file: the build, or the person who ran `clean`)."""
    try:
        return parse_date(block.text)
    except NotADay:
        where = f"line {block.lines[0]}: " if block.lines else ""
        LOG.warning(
            "%s%s is not a day of the calendar: kept as text, not as the document's date", where, block.text
        )
        return None
