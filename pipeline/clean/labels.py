"""Blocks a label or a form gives away: the header lines of minutes, a news article's byline and
dateline, captions of figures and tables, the 附件 (attachment) note of an official document, and
the dated fields of a law's header.

Each pattern names the convention it follows; the structure pass decides where in a document it
applies (a minutes' header follows its title, a caption stands alone).
"""

from __future__ import annotations

import re

from pipeline.clean.markers import marker_kind
from pipeline.clean.text import ends_sentence, fits_width
from pipeline.document import NotADay, parse_date

_CN = "一二三四五六七八九十"
_SPACED = r"[ \u3000]*"


def _spaced(word: str) -> str:
    """A label as set in a letter-spaced header ("时 间", "主    席")."""
    return _SPACED.join(word)


#: The labels of a minutes' header (会议纪要, 会议记录): when, where, who chaired, attended, was
#: absent or excused, who took the minutes — in Simplified and Traditional, letter-spaced or not,
#: after a 一、 number or not; and the closing 散会 line.
MEETING_LABELS = (
    "时间", "時間", "地点", "地點", "主持", "主持人", "主席", "出席", "列席", "缺席", "请假", "請假",
    "记录", "記錄", "记录人", "記錄人", "参加", "參加", "参会", "參會", "与会", "與會", "议题", "議題",
    "散会", "散會",
)  # fmt: skip
MEETING_LINE = re.compile(
    rf"^(?:[{_CN}]+、{_SPACED})?(?:会议|會議)?"
    rf"(?:{'|'.join(_spaced(label) for label in sorted(MEETING_LABELS, key=len, reverse=True))})"
    r"[^：:，。]{0,8}[：:]"
)

#: The closing line of minutes ("散会：16:00。"): the one labelled line set after the body.
_CLOSING_LINE = re.compile(rf"^(?:{_spaced('散会')}|{_spaced('散會')})[：:]")
#: A sentence's end: a line or block holding one outside the header has begun the body.
_FULL_STOP = re.compile("[。！？]")

#: The next item of a header row set on the same printed line, after the first item's value
#: ("五、主 席：管一政      記錄：劉姵汝"): a space, then a label and its colon.
_NEXT_MEETING_ITEM = re.compile(
    rf"[ \u3000]+(?=(?:{'|'.join(sorted(MEETING_LABELS, key=len, reverse=True))})[：:])"
)

#: A caption: 图/表 (Figure/Table) and its number, then its words — short, no sentence.
CAPTION = re.compile(
    rf"^(?:附?[图圖表]|Figure|Fig\.|Table)[ \u3000]*(?:[0-9]+(?:[.．\-–—][0-9]+)*|[{_CN}]+)"
    r"(?:[:：.．、]|[ \u3000]|(?=[^\x00-\x7f]))"
)
#: Labels of sub-figures under a row of figures: "(a)约定架构 (b)虚拟第三方".
SUBFIGURE_LABELS = re.compile(r"^[（(][a-z][）)][^（(]{1,30}[ \u3000]*[（(][b-z][）)]")
#: What a caption's label names, by its first character (after 附): a figure or a table.
_CAPTION_KINDS = {"图": "figure", "圖": "figure", "F": "figure", "表": "table", "T": "table"}
#: The characters a figure's caption starts with (附 or a figure's label): most lines are told to
#: be none by their first character.
FIGURE_CAPTION_INITIALS = frozenset(
    ["附", *(initial for initial, kind in _CAPTION_KINDS.items() if kind == "figure")]
)
#: The characters a caption or a row of sub-figure labels starts with (a caller asking of every line
#: tells most lines by their first character without a call).
CAPTION_INITIALS = frozenset(["附", *_CAPTION_KINDS, "（", "("])
#: The widest caption (display units): two lines' worth of words at most.
CAPTION_MAX_WIDTH = 100

#: A news byline: the reporter's or author's credit line.
BYLINE = re.compile(
    r"^(?:本[报報]记者|本[报報]記者|记者|記者|通讯员|通訊員|特约记者|特約記者|文[/／]|作者[：:])"
)
#: A news dateline: the agency or paper, the place and the date, then 电/讯 ("新华社北京3月5日电").
DATELINE = re.compile(
    r"^[^，。；\s]{0,12}?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})日[电電讯訊]"
)
#: The widest byline or dateline standing by itself (display units).
CREDIT_MAX_WIDTH = 60

#: An epigraph's or a quotation's attribution, set on a line of its own under it and opened by a
#: dash (a book's epigraph: "— 杨慎《临江仙》"; Chinese usage, GB/T 15834 §4.8: "——鲁迅"): a name
#: or a source, no sentence and no clause in it.
ATTRIBUTION = re.compile(r"^(?:—{1,2}|―{1,2}|──)[ \u3000]*[^\s—―，。；：！？、,;:!?][^，。；：！？、]*$")
#: The dashes an attribution opens with (as `CAPTION_INITIALS`, a gate for callers).
ATTRIBUTION_INITIALS = frozenset("—―─")
#: The widest attribution (display units): a name and a work, well short of a line.
ATTRIBUTION_MAX_WIDTH = 40

#: The 附件 note after an official document's body (GB/T 9704 §7.3.5.4: 附件说明 "附件：1. …"),
#: or the label above an attachment ("附件1", "附件 2").
ATTACHMENT = re.compile(r"^附[ \u3000]*件[ \u3000]*(?:[：:]|\d{1,2}[ \u3000]*$|$)")


#: The label of a dated field of a header as legal databases print a law's (全國法規資料庫,
#: 国家法律法规数据库: 公布日期：… 修正日期：… 施行日期：…): a few characters ending in 日期, and a colon.
_DATE_FIELD = re.compile(r"^[^\s，。；：:]{0,6}日期[：:]")


def is_labelled_date(text: str) -> bool:
    """Whether a block (its spaces normalised) is a labelled date field ("公布日期：民國36年01月01日"):
    its label, then a date as `parse_date` reads one (a day the calendar lacks is still a date).
    (Its 日期 first: most blocks have none among their first characters.)"""
    if "日期" not in text[:8] or _DATE_FIELD.match(text) is None:
        return False
    try:
        return parse_date(text) is not None
    except NotADay:
        return True


def is_meeting_line(text: str) -> bool:
    """Whether a block is a labelled line of a minutes' header ("时间：…", "二、地 点：…", "散会：…").
    A line without a colon is none: most lines are told so without trying the labels."""
    return ("：" in text or ":" in text) and MEETING_LINE.match(text) is not None


def meeting_items(text: str) -> list[str]:
    """The items of a header line: two set side by side on one printed line, each a label, its colon
    and its value ("五、主 席：管一政 記錄：劉姵汝" → "五、主 席：管一政", "記錄：劉姵汝"), are two;
    a line with one item (or none) is itself."""
    match = MEETING_LINE.match(text)
    if match is None:
        return [text]
    items, start = [], 0
    for gap in _NEXT_MEETING_ITEM.finditer(text, match.end()):
        if text[match.end() : gap.start()].strip():  # the item before has its value
            items.append(text[start : gap.start()])
            start = gap.end()
    return [*items, text[start:]]


def in_meeting_header(text: str, in_header: bool, body_begun: bool = False) -> bool:
    """Whether a line or block belongs to the header of minutes: a labelled line, or — inside the
    header — a line with no sentence and no number (an attendee's line under 出席：). The first
    numbered heading (壹、…) or sentence ends the header; a header sets one item a line.

    The header stands at the document's start, under its title: once the body has begun
    (`begins_body`), a labelled line is the header's only as the closing 散会 line — elsewhere a
    line that opens with a label's word ("主持会议的…：", "时间紧、任务重：") is prose."""
    if body_begun:  # only the closing line (散会…), which is told by its first character
        labelled = text[:1] == "散" and _CLOSING_LINE.match(text) is not None and is_meeting_line(text)
    else:
        labelled = is_meeting_line(text)
    if labelled:
        return True
    return in_header and marker_kind(text) is None and not ends_sentence(text) and "。" not in text


def begins_body(text: str, in_header: bool) -> bool:
    """Whether a line or block, read in order, shows the body of a document has begun: it holds a
    sentence's end and is no line of a minutes' header (whose values may end with one: "散会：16:00。")."""
    return not in_header and _FULL_STOP.search(text) is not None


def caption_kind(text: str) -> str | None:
    """What a caption names, "figure" or "table" (图 1.5 …, 附表2, Figure 2, Table 1.1), or None."""
    if CAPTION.match(text) is None:
        return None
    return _CAPTION_KINDS[text.lstrip("附")[:1]]


def is_caption(text: str) -> bool:
    """Whether a block is a figure's or table's caption (or a row of sub-figure labels). (The label
    first: most blocks fail at their first character.)"""
    return (
        text[:1] in CAPTION_INITIALS
        and (CAPTION.match(text) is not None or SUBFIGURE_LABELS.match(text) is not None)
        and fits_width(text, CAPTION_MAX_WIDTH)
        and not ends_sentence(text)
    )


def is_attribution(text: str) -> bool:
    """Whether a line is the attribution under an epigraph or quotation ("— 卡尔·马克思")."""
    return (
        text[:1] in ATTRIBUTION_INITIALS  # (most lines are told by their first character)
        and ATTRIBUTION.match(text) is not None
        and fits_width(text, ATTRIBUTION_MAX_WIDTH)
    )


def credit_role(text: str) -> str | None:
    """ "byline" or "dateline" where a short block is a news article's credit line, else None."""
    if not fits_width(text, CREDIT_MAX_WIDTH) or ends_sentence(text):
        return None
    if BYLINE.match(text):
        return "byline"
    if DATELINE.match(text):
        return "dateline"
    return None


def is_attachment_note(text: str) -> bool:
    """Whether a block is the 附件 note after the body or the 附件 label above an attachment."""
    return ATTACHMENT.match(text) is not None
