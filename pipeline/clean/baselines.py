"""Numbers set on a lower baseline that pdfminer (pdfplumber) wrote on a line of their own, put back
into the holes they left in their printed line.

pdfminer groups a page's characters into lines by their baselines. Where a printed line sets its
numbers in another font on a slightly lower baseline (a Founder font's digits in an official
document: "由３０万元提高至５０万元"), they fall out of it onto a line of their own, right under it,
one space apart, while the line keeps a space where each stood:

    由 万元提高至 万元、小微企业申请额度由 万元提高至
    ３０ ５０ ４００

A line of nothing but numbers one space apart, right under a line with exactly as many holes — a
space between two characters that are not ASCII, where Chinese sets none (clreq) — fills them in
order. The line must be running prose (it holds a sentence's punctuation), or each hole stand
before a unit or measure word or a closing mark, as a number does ("年 月 日"): the single spaces
between a table's headings stand before words, and a row of numbers under them stays a row. One
number more than holes stood at an edge of the line: before it where the line opens with a unit
a number counts (年 月 日 万 元 个 …: "年 月 日" over "２０２５ ４ ３０" is 2025年4月30日), else
after it. A space after a sentence's end is the extractor's, no hole.

Moves are reported: `lowered-runs` on the line the numbers left, `lowered-run` for each number put
back (a hole's space mapped to it; at the line's start, its first character mapped to the number
and itself; at its end, inserted).
"""

from __future__ import annotations

import re

from pipeline.clean.lines import Line
from pipeline.clean.report import CleanReport
from pipeline.clean.sweep import JoinedLines
from pipeline.clean.text import EDGE_SPACE

#: A number: digits, a decimal part, a percent sign (full-width ones are ASCII by now).
_NUMBER = r"\d+(?:\.\d+)?%?"
#: A line of numbers one space apart, in the lines' bodies joined (`sweep`): one search of them all
#: tells the other lines (most).
_NUMBERS_LINE = re.compile(rf"\n{_NUMBER}(?: {_NUMBER})*$", re.MULTILINE)
#: A hole: one space between two characters that are not ASCII.
_HOLE = re.compile(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])")
#: Marks after which an extractor writes a space of its own (a sentence's end).
_SENTENCE_ENDS = frozenset("。！？；")
#: Units a number stands before, which a line may open with when its first number fell out.
_UNITS = frozenset("年月日时分秒万亿元个岁天周项条件次倍%")
#: A sentence's punctuation: a line holding it is running prose, where a space between two Chinese
#: characters is a hole (clreq sets none); a table's row of headings holds none.
_PROSE_MARKS = frozenset("，。；：、！？")
#: What a number stands before: a unit or measure word (量词), or the mark closing its bracket or
#: clause. Where a line holds no sentence's punctuation ("年 月 日", "川办规〔 〕 号"), a space is
#: a hole only before one of these; the single spaces between a table's headings ("地区 人口 面积"
#: over "100 200 300") stand before words.
_AFTER_A_NUMBER = _UNITS | frozenset("号家人户名位所座台辆套篇份批起类种处米吨亩千百〕）」』】—～-")


def restore_lowered_numbers(lines: list[Line], report: CleanReport) -> list[Line]:
    """`lines` with each line of lowered numbers put back into the line above it (see the module's
    docstring); moves reported."""
    kept = list(lines)
    lowered: set[int] = set()  # the lines of numbers put back: they go
    for index in JoinedLines([line.body for line in lines]).opening(_NUMBERS_LINE):
        line = lines[index]
        above = index - 1  # the line kept above it (one whose numbers went back may stand between)
        while above in lowered:
            above -= 1
        if above < 0 or line.page_break_before or kept[above].blank:
            continue
        filled = _filled(kept[above], line, report)
        if filled is not None:
            # The numbers' line goes (no blank line stands where the printed line had none).
            report.add("lowered-runs", line.number, line.body)
            kept[above] = filled
            lowered.add(index)
    return [line for index, line in enumerate(kept) if index not in lowered] if lowered else kept


def _filled(above: Line, lowered: Line, report: CleanReport) -> Line | None:
    """`above` with the numbers of `lowered` in its holes (reported), or None where they do not
    fit them."""
    body = above.body
    holes = [match.start() for match in _HOLE.finditer(body) if body[match.start() - 1] not in _SENTENCE_ENDS]
    numbers, printed = lowered.body.split(" "), lowered.printed.split(" ")
    if not holes or len(numbers) not in (len(holes), len(holes) + 1) or len(printed) != len(numbers):
        return None
    lead = len(numbers) > len(holes) and body[0] in _UNITS
    filling = numbers[1:] if lead else numbers[: len(holes)]
    if _PROSE_MARKS.isdisjoint(body) and any(body[hole + 1] not in _AFTER_A_NUMBER for hole in holes):
        return None
    trail = len(numbers) > len(holes) and not lead
    if lead:
        report.add("lowered-run", above.number, body[0], numbers[0] + body[0])
    for number in filling:
        report.add("lowered-run", above.number, " ", number)
    if trail:
        report.add("lowered-run", above.number, "", numbers[-1])
    prefix = above.text[: len(above.text) - len(above.text.lstrip(EDGE_SPACE))]
    suffix = above.text[len(prefix) + len(body) :]
    return Line(
        above.number,
        prefix + _fill(body, holes, numbers, lead) + suffix,
        above.page_break_before,
        printed=_fill(above.printed, holes, printed, lead),
    )


def _fill(text: str, holes: list[int], numbers: list[str], lead: bool) -> str:
    """`text` with `numbers` in its `holes` (the first before it where `lead`, one left after it)."""
    numbers = list(numbers)
    pieces = [numbers.pop(0)] if lead else []
    start = 0
    for hole in holes:
        pieces += [text[start:hole], numbers.pop(0)]
        start = hole + 1
    pieces += [text[start:], *numbers]
    return "".join(pieces)
