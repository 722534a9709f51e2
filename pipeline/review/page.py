"""The review page: source text + CleanResult → one HTML page with no outside references.

Each source line is rendered from its trace (pipeline/clean/trace.py): kept text as it is, removed
whitespace as dots, repaired characters as the original struck through beside what it became,
removed characters struck through (invisible ones by their code point), furniture lines struck
through whole, and each line end marked as joined (a soft wrap), kept as a space, or ending its
block. Each block of the Document shows its type, level or role, and the source lines it came from;
the script (styles/review/review.js) links the two. The only font is the document's serif face,
subset to the characters the page uses and inlined, so the page looks the same on any machine.
"""

from __future__ import annotations

import base64
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from pipeline import fonts
from pipeline.clean import CleanResult
from pipeline.clean.report import CODES, AppliedFix, Finding
from pipeline.clean.trace import Ending, Kind, Mark, SourceTrace, TracedLine, trace_source
from pipeline.document import Block, Document
from pipeline.paths import STYLES_DIR

if TYPE_CHECKING:
    from pipeline.sources.pdf_lines import PdfLine

REVIEW_DIR = STYLES_DIR / "review"
#: Where the @font-face rules go: the font is subset to the characters of the page made without it.
_FONT_PLACEHOLDER = "/* the page's font */"
#: Tables a review font does without: vertical metrics, and the OpenType layout of print typography.
_DROPPED_FONT_TABLES = ("vhea", "vmtx", "VORG", "BASE", "GPOS", "GSUB")
#: Shown for whitespace the cleaner removed (one mark per character).
_WHITESPACE_SHOWN = {" ": "·", "\t": "→", "\u3000": "□", "\u2003": "␣", "\f": '<span class="cp">FF</span>'}
#: Block types as the page names them.
_TYPE_NAMES = {"list_item": "list item", "toc": "contents line"}


@dataclass(frozen=True)
class Warning:
    """Something the reviewer should look at first, and the line it is on."""

    line: int
    text: str


def review_page(
    text: str, result: CleanResult, *, source: str, layout: Sequence[PdfLine] | None = None
) -> str:
    """The review page of `text` (the cleaner's input, as read from `source`) and its CleanResult;
    `layout`, for a PDF, gives each line's page and position (line n is `layout[n - 1]`)."""
    from pipeline.layout.render import environment  # the project's Jinja2 environment over styles/

    document, report = result.document, result.report
    trace = trace_source(text, document.blocks, report)
    fixes_at = _fixes_by_line(report.fixes)
    fixes_of_block = _fixes_by_block(fixes_at, trace)
    places = _places(layout) if layout is not None and len(layout) == len(trace.lines) else {}
    lines_html = "".join(
        _line_html(line, fixes_at.get(line.number, []), places.get(line.number)) for line in trace.lines
    )
    blocks_html = "".join(
        _block_html(index, block, fixes_of_block.get(index, []))
        for index, block in enumerate(document.blocks)
    )
    context = {
        "lang": document.meta.language,
        "title": document.meta.title or source,
        "source": source,
        "line_count": len(trace.lines),
        "block_count": len(document.blocks),
        "block_types": _block_types(document),
        "removals": _findings_by_code(report.removals()),
        "mappings": _findings_by_code(report.mappings()),
        "fixes": sorted(report.fixes, key=lambda applied: applied.fix.number),
        "warnings": _warnings(trace, report.fixes),
        "lines_html": Markup(lines_html),
        "blocks_html": Markup(blocks_html),
        "css": Markup(_FONT_PLACEHOLDER + "\n" + (REVIEW_DIR / "review.css").read_text("utf-8")),
        "script": Markup((REVIEW_DIR / "review.js").read_text("utf-8")),
    }
    page = environment().get_template("review/page.html.j2").render(**context)
    return page.replace(_FONT_PLACEHOLDER, _font_css(set(page), document.meta.language), 1)


def _fixes_by_line(fixes: list[AppliedFix]) -> dict[int, list[AppliedFix]]:
    found: dict[int, list[AppliedFix]] = {}
    for applied in sorted(fixes, key=lambda item: item.fix.number):
        found.setdefault(applied.line, []).append(applied)
    return found


def _fixes_by_block(fixes_at: dict[int, list[AppliedFix]], trace: SourceTrace) -> dict[int, list[AppliedFix]]:
    """The fixes whose line went into each block (a dropped line went into none)."""
    found: dict[int, list[AppliedFix]] = {}
    for number, items in fixes_at.items():
        leader = trace.line(number).block
        for index in trace.groups[leader] if leader is not None else ():
            found.setdefault(index, []).extend(items)
    return found


def _warnings(trace: SourceTrace, fixes: list[AppliedFix]) -> list[Warning]:
    """Text lost or added that no finding reports, and corrections that changed nothing."""
    found = [
        Warning(line.number, f"{_mark_title(mark)} (no finding reports it)")
        for line in trace.lines
        for mark in line.marks
        if mark.unexplained
    ]
    found += [Warning(applied.line, applied.describe()) for applied in fixes if not applied.changed]
    return sorted(found, key=lambda warning: warning.line)


def _block_types(document: Document) -> list[tuple[str, int]]:
    counts = Counter(_kind(block) for block in document.blocks)
    return sorted(counts.items())


def _findings_by_code(findings: list[Finding]) -> list[tuple[str, str, int, int]]:
    """(code, what it means, how many, first line) for each code among `findings`."""
    counts = Counter(finding.code for finding in findings)
    first: dict[str, int] = {}
    for finding in sorted(findings, key=lambda item: item.line):
        first.setdefault(finding.code, finding.line)
    return [(code, CODES[code], count, first[code]) for code, count in sorted(counts.items())]


def _kind(block: Block) -> str:
    """How the page names a block's kind: `heading 2`, `meta: addressee`, `list item 1`."""
    if block.role is not None:
        return f"meta: {block.role}"
    name = _TYPE_NAMES.get(block.type, block.type)
    return f"{name} {block.level}" if block.level is not None else name


@dataclass(frozen=True)
class _Place:
    """Where a PDF line stands on its page: its indent in characters from the page's left text edge,
    whether it opens the page, and its position in words (the line number's tooltip)."""

    indent: float
    first_on_page: bool
    words: str


def _places(layout: Sequence[PdfLine]) -> dict[int, _Place]:
    """Each line's place on its page (line numbers from 1, as the trace counts them)."""
    left: dict[int, float] = {}
    for line in layout:
        left[line.page] = min(left.get(line.page, line.x0), line.x0)
    places = {}
    previous_page = None
    for number, line in enumerate(layout, start=1):
        face = f"{line.size:g} pt{' bold' if line.bold else ''}"
        words = f"page {line.page}, x {line.x0:.0f}–{line.x1:.0f} pt, baseline {line.baseline:.0f} pt, {face}"
        indent = (line.x0 - left[line.page]) / line.size if line.size > 0 else 0.0
        places[number] = _Place(round(indent, 1), line.page != previous_page, words)
        previous_page = line.page
    return places


def _line_html(line: TracedLine, fixes: list[AppliedFix], place: _Place | None = None) -> str:
    classes = ["l"]
    attributes = f' id="L{line.number}"'
    number_title = ""
    if place is not None:
        number_title = f' title="{escape(place.words)}"'
        if place.first_on_page:
            classes.append("pg")
            attributes += f' data-page="{escape(place.words.split(",")[0])}"'
        if place.indent >= 0.5:
            attributes += f' style="--indent: {place.indent}em"'
    if line.removed:
        classes.append("rm")
    elif line.block is None:
        classes.append("out")
    else:
        attributes += f' data-b="{line.block}"'
    if fixes:
        classes.append("fixed")
    if line.removed:
        body = (
            f'<del title="{escape(CODES.get(line.removed, line.removed))}">{escape(line.text.strip())}</del>'
        )
        body += f'<span class="why">{escape(line.removed)}</span>'
    else:
        body = "".join(_marks_html(line)) + _ending_html(line.ending)
    return (
        f'<div class="{" ".join(classes)}"{attributes}><span class="n"{number_title}>{line.number}</span>'
        f'<span class="t">{body}</span>{_badges(fixes)}</div>\n'
    )


def _badges(fixes: list[AppliedFix]) -> str:
    return "".join(
        f'<span class="fx" title="{escape(applied.describe())}">fix {applied.fix.number}</span>'
        for applied in fixes
    )


def _marks_html(line: TracedLine) -> Iterator[str]:
    for position, mark in enumerate(line.marks):
        warn = " warn" if mark.unexplained else ""
        title = escape(_mark_title(mark))
        if mark.kind is Kind.KEPT:
            yield str(escape(mark.source))
        elif mark.kind is Kind.SPACE:
            indent = " in" if position == 0 else ""
            yield f'<del class="sp{indent}" title="{title}">{_shown(mark.source)}</del>'
        elif mark.kind is Kind.MAPPED:
            yield (
                f'<span class="map{warn}" title="{title}"><del>{_shown(mark.source)}</del>'
                f"<ins>{_shown(mark.output)}</ins></span>"
            )
        elif mark.kind is Kind.REMOVED:
            yield f'<del class="x{warn}" title="{title}">{_shown(mark.source)}</del>'
        else:
            yield f'<ins class="add{warn}" title="{title}">{_shown(mark.output)}</ins>'


def _mark_title(mark: Mark) -> str:
    """What a mark means, in words (its tooltip, and a warning's text)."""
    what = CODES.get(mark.code.split("+")[0], mark.code) if mark.code else None
    if mark.kind is Kind.SPACE:
        return f"{len(mark.source)} whitespace character(s) removed"
    if mark.kind is Kind.MAPPED:
        change = f"{_named(mark.source)} → {_named(mark.output)}"
        return f"{what}: {change}" if what else f"changed {change}"
    if mark.kind is Kind.REMOVED:
        return f"{what}: {_named(mark.source)}" if what else f"removed {_named(mark.source)}"
    return f"added {_named(mark.output)}"


def _named(text: str) -> str:
    """Text for a tooltip: invisible characters by their code point."""
    return "".join(f"U+{ord(char):04X}" if _invisible(char) else char for char in text)


def _shown(text: str) -> str:
    """Text as the page shows it: whitespace and invisible characters made visible."""
    pieces = []
    for char in text:
        if char in _WHITESPACE_SHOWN:
            pieces.append(_WHITESPACE_SHOWN[char])
        elif _invisible(char) or char.isspace():
            pieces.append(f'<span class="cp">U+{ord(char):04X}</span>')
        else:
            pieces.append(str(escape(char)))
    return "".join(pieces)


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")


_ENDINGS = {
    Ending.JOINED: '<span class="e j" title="line end joined: a soft wrap">↵</span>',
    Ending.SPACE: '<span class="e s" title="line end became a space">␣</span>',
    Ending.END: '<span class="e p" title="the block ends here">¶</span>',
    Ending.NONE: "",
}


def _ending_html(ending: Ending) -> str:
    return _ENDINGS[ending]


def _block_html(index: int, block: Block, fixes: list[AppliedFix]) -> str:
    first, last = block.lines if block.lines is not None else (0, 0)
    where = (f"line {first}" if first == last else f"lines {first}–{last}") if first else "no source line"
    kind = _kind(block)
    classes = f"b {block.type}" + (f" h{block.level}" if block.type == "heading" else "")
    return (
        f'<div class="{classes}{" fixed" if fixes else ""}" id="B{index}" data-f="{first}" data-l="{last}">'
        f'<button type="button" class="bh" aria-label="{escape(kind)}, {where}: show in the source">'
        f'<span class="k">{escape(kind)}</span> <span class="w">{where}</span></button>{_badges(fixes)}'
        f'<p class="bt">{escape(block.text)}</p></div>\n'
    )


def _font_css(shown: set[str], language: str) -> str:
    """@font-face rules for the page's one font: the serif face of its language, subset to the
    characters the page shows, and the fallback face for those it lacks."""
    serif = fonts.face(language, "serif")
    rules = [_font_face("Review Serif", serif, shown)]
    missing = {char for char in shown if ord(char) not in fonts.coverage(serif)}
    if missing & set(map(chr, fonts.coverage(fonts.FALLBACK))):
        rules.append(_font_face("Review Fallback", fonts.FALLBACK, missing))
    return "".join(rules)


def _font_face(family: str, face: fonts.Face, characters: set[str]) -> str:
    wanted = {ord(char) for char in characters} & fonts.coverage(face)
    data = fonts.subset_sfnt(fonts.sfnt_data(face.path), wanted, drop_tables=_DROPPED_FONT_TABLES)
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'@font-face {{ font-family: "{family}"; font-display: block; '
        f'src: url(data:font/otf;base64,{encoded}) format("opentype"); }}\n'
    )
