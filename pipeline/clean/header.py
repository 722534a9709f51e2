"""The header of minutes as plain `pdftotext` writes it: one printed row in several text blocks.

A minutes' header (时间 / 地点 / 主席 / 出席 / 列席 / 记录 …) is set as a table or at tab stops: a label
("四、列席人员：", "（理事长）") and, far to its right, its value ("吕圣元", "管一政"); a two-character
label letter-spaced to the width of the four-character ones ("一、时    间："). pdftotext reads text
blocks, and a gap that wide parts them: the label's halves and the value come out as blocks of their
own, a blank line after each ("一、时" / "" / "间：2013年…", "四、列席人员：" / "" / "吕圣元…"),
and where the value column is read before the label's second half, between them ("五、主" / "" /
"管一政" / "" / "席："). Lines of one column follow each other without a blank line (the attendees'
role labels "（常务理事）" "（理事）" … one under another), so a cell followed by a blank line and
then by one line alone is the rest of its row.

`row_continuations` finds the lines that go on the printed row of the line before them; the
paragraph pass joins them (`paragraphs.group_blocks`). Nothing is reordered: where the value stands
between the label's halves, the block keeps the order pdftotext gave.
"""

from __future__ import annotations

import re

from pipeline.clean.labels import MEETING_LABELS, is_meeting_line
from pipeline.clean.lines import Line
from pipeline.clean.text import ends_sentence

#: The two-character labels, as their halves: the first half → the second halves it may take.
_HALVES: dict[str, set[str]] = {}
for _label in MEETING_LABELS:
    if len(_label) == 2:
        _HALVES.setdefault(_label[0], set()).add(_label[1])

#: A label's first half set alone: "一、时", "五、主", "时".
_FIRST_HALF = re.compile(r"^(?:[一二三四五六七八九十]+、[ \u3000]*)?(?P<half>\S)$")
#: A label's second half opening a line, its colon after it: "间：…", "席：".
_SECOND_HALF = re.compile(r"^(?P<half>\S)[ \u3000]*[：:]")
#: A role label in brackets, as an attendees' table sets them: "（常务理事）", "(理事长)".
ROLE = re.compile(r"^[（(][^（()）：:，。]{1,8}[）)]$")
#: How a line that may be a label's cell and holds no colon ends: with a role's closing bracket, or
#: a label's first half (single characters, read as a set by a line's last character: `str.endswith`
#: with a tuple parses it at each call, and a slice makes a new string).
_CELL_ENDINGS = frozenset(("）", ")", *_HALVES))


def row_continuations(lines: list[Line]) -> set[int]:
    """The source line numbers of lines that go on the printed header row of the content line before
    them (see the module's docstring): a letter-spaced label's second half (with a value pdftotext
    read between the halves), and the value after a label with nothing after its colon or a role
    label in brackets, where that value stands alone between blank lines."""
    content, cells = content_and_cells(lines)
    continuing: set[int] = set()
    header = False  # whether a header's labelled line has been read (a role label needs one)
    read = 0  # the lines before this position are read (a row's cells are read with its label)
    for position in cells:
        if position < read:
            continue
        label = lines[content[position]].body
        taken = _second_half(lines, content, position)
        if taken:
            for step in range(1, taken + 1):
                continuing.add(lines[content[position + step]].number)
            position += taken
            label += lines[content[position]].body  # "五、主" + "席：" (a value read between them aside)
        header = header or is_meeting_line(label)
        if header and _awaits_value(label, lines, content, position):
            continuing.add(lines[content[position + 1]].number)
            position += 1
        read = position + 1
    return continuing


def content_and_cells(lines: list[Line]) -> tuple[list[int], list[int]]:
    """The indices of the content (non-blank) lines, and the positions among them of the lines that
    may be a label's cell: ending in a label's first half, a colon or a role's bracket, or holding a
    colon (a labelled line). The others take no part in a row (most lines: they are told by their
    last character, as the line read it, and a colon). (One pass over the lines finds both.)"""
    content: list[int] = []
    cells: list[int] = []
    for index, line in enumerate(lines):
        if not line.blank:
            body = line.body
            if line.last in _CELL_ENDINGS or "：" in body or ":" in body:
                cells.append(len(content))
            content.append(index)
    return content, cells


def first_half_awaits(text: str) -> bool:
    """Whether a line is the first half of a letter-spaced two-character label set alone ("一、时")."""
    if text[-1:] not in _HALVES:
        return False  # (the half ends the line: most lines are told by their last character)
    first = _FIRST_HALF.match(text)
    return first is not None and first.group("half") in _HALVES


def is_second_half(first: str, text: str) -> bool:
    """Whether `text` opens with the second half of the label `first` begins ("间：…" after "一、时")."""
    opening, second = _FIRST_HALF.match(first), _SECOND_HALF.match(text)
    return (
        opening is not None
        and second is not None
        and second.group("half") in _HALVES.get(opening.group("half"), ())
    )


def _second_half(lines: list[Line], content: list[int], position: int) -> int:
    """How many content lines after `position` complete the letter-spaced label its line starts
    ("一、时" + "间：…": 1; "五、主" + "管一政" + "席：": 2); 0 where it is no such label."""
    first = lines[content[position]].body
    if not first_half_awaits(first):
        return 0
    for step in (1, 2):
        if position + step >= len(content):
            return 0
        text = lines[content[position + step]].body
        if _SECOND_HALF.match(text):
            return step if is_second_half(first, text) else 0
    return 0


def _awaits_value(label: str, lines: list[Line], content: list[int], position: int) -> bool:
    """Whether the label's cell (ending its colon, or a role in brackets) is followed, after a blank
    line, by one line standing alone that is no label: the value of its row."""
    if lines[content[position]].marker is not None and not label.endswith(("：", ":")):
        return False  # "（一）" alone is a number, not a role
    if not (ROLE.match(label) or (label.endswith(("：", ":")) and is_meeting_line(label))):
        return False
    if position + 1 >= len(content):
        return False
    index, value_index = content[position], content[position + 1]
    if value_index == index + 1:
        return False  # the next line is under it, in its column
    value = lines[value_index]
    alone = position + 2 >= len(content) or content[position + 2] > value_index + 1
    return (
        alone
        and value.marker is None
        and not is_meeting_line(value.body)
        and not ROLE.match(_role_part(value.body))
        and not ends_sentence(value.body)
        and not value.page_break_before
    )


def _role_part(text: str) -> str:
    """The bracketed role a row opens with ("（理事长）" of "（理事长）张三"), or the whole text."""
    closing = min((i for i in (text.find("）"), text.find(")")) if i >= 0), default=-1)
    return text[: closing + 1] if text[:1] in "（(" and closing > 0 else text


def opens_with_role(line: Line) -> bool:
    """Whether a line opens with a role in brackets ("（常务监事）张桂兰", not a number): under another
    such line it is the next row of an attendees' table, never the rest of the line above (which the
    closing bracket that line may end with would suggest)."""
    return line.marker is None and line.body[:1] in "（(" and ROLE.match(_role_part(line.body)) is not None
