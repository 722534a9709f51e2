"""Every block type and meta role of Document model v2 in the PDF, both styles, both scripts.

The document of tests/blocks_document.py is rendered once per session per style and script
(pdf_renders.render_every_block) and measured from the PDF (pdf_measure): the text, the outline,
flush lines and line-breaking rules hold as for the corpus; footnotes land at the foot of their
call's page; markers hang, labels and page numbers line up, code keeps its lines in the mono
face, tables are tables, the 附件 list and the byline sit where their conventions put them.
"""

from __future__ import annotations

import io
import itertools
from functools import cache

import pdfplumber
import pytest
from blocks_document import BLOCKS
from pdf_measure import (
    Frame,
    LineReport,
    PdfLine,
    body_text,
    flow_text,
    ink,
    measure_lines,
    outline_titles,
    squeeze,
)
from pdf_renders import STYLE_NAMES, Render, render_every_block

from pipeline.document import BLOCK_TYPES, LEVELS, OTHER_ROLES, Block
from pipeline.layout.blocks import CELL_PADDING_EM, LEADER_MIN_EM
from pipeline.layout.parts import attachment_label_end, label_end, marker_end, note_calls, toc_line
from pipeline.layout.styles import STYLES

pytestmark = pytest.mark.slow
#: DejaVu Sans Mono's advance, em.
MONO_ADVANCE = 1233 / 2048
CASES = [(style, variant) for style in STYLE_NAMES for variant in ("zh-Hans", "zh-Hant")]


@pytest.fixture(params=CASES, ids=[f"{style}-{variant}" for style, variant in CASES])
def rendered(request: pytest.FixtureRequest) -> Render:
    return render_every_block(*request.param)


@cache
def _report(style: str, variant: str) -> LineReport:
    rendered = render_every_block(style, variant)
    return measure_lines(rendered.data, rendered.document, STYLES[style])


def report_of(rendered: Render) -> LineReport:
    return _report(rendered.style, rendered.document.meta.language)


def indices(rendered: Render, kind: str) -> list[int]:
    """Blocks of a type or meta role."""
    return [i for i, b in enumerate(rendered.document.blocks) if kind in (b.type, b.role)]


def lines_of(rendered: Render, index: int) -> list[PdfLine]:
    return [line for _, _, line in report_of(rendered).placed[index]]


def x_at(line: PdfLine, ink_offset: int, frame: Frame | None = None) -> float:
    """Where the character at `ink_offset` of a line's ink starts; with a frame, from the left edge
    of its page's text block (left and right pages have other margins)."""
    x = float(line.chars[ink_offset]["x0"])
    return x - frame.left(line.page) if frame is not None else x


def em(rendered: Render, block: Block) -> float:
    return STYLES[rendered.style].block_style(block).size


def test_the_document_holds_every_block_type_level_and_role() -> None:
    assert {block.type for block in BLOCKS} == set(BLOCK_TYPES)
    for kind, levels in LEVELS.items():
        assert {block.level for block in BLOCKS if block.type == kind} == set(levels)
    assert set(OTHER_ROLES) | {"attachment"} <= {block.role for block in BLOCKS}
    calls = note_calls(BLOCKS)
    footnotes = [i for i, block in enumerate(BLOCKS) if block.type == "footnote"]
    assert {call.footnote for call in calls} < set(footnotes)  # linked ones and one no mark calls


def test_pdf_text_is_the_document_text_with_the_footnotes_at_the_page_feet(rendered: Render) -> None:
    text = squeeze(body_text(rendered.data, Frame.of(STYLES[rendered.style])))
    for block in rendered.document.blocks:
        if block.type == "footnote":
            assert text.count(ink(block)) == 1, block.text
            text = text.replace(ink(block), "", 1)
    assert text == flow_text(rendered.document)


def test_outline_has_an_entry_per_title_and_heading_of_all_four_levels(rendered: Render) -> None:
    expected = [squeeze(b.text) for b in rendered.document.blocks if b.type in ("title", "heading")]
    assert outline_titles(rendered.data) == expected


def test_lines_are_flush_and_obey_the_line_breaking_rules(rendered: Render) -> None:
    report = report_of(rendered)
    assert report.unmatched == []
    assert report.prohibited == []
    assert report.checked >= 30  # non-final lines of paragraphs, list items and footnotes
    assert report.not_flush == []


def test_each_footnote_is_at_the_foot_of_the_page_its_call_or_block_is_on(rendered: Render) -> None:
    """A footnote stands at the foot of its call's page (a note no mark calls: of the page its block
    ended on); WeasyPrint defers it to the next page only when the page is full."""
    report = report_of(rendered)
    blocks = rendered.document.blocks
    frame = Frame.of(STYLES[rendered.style])
    pitch = STYLES[rendered.style].line_height
    calls = {call.footnote: call for call in note_calls(blocks)}
    for index in indices(rendered, "footnote"):
        call = calls.get(index)
        if call is not None:
            page = report.page_of(call.block, call.at, blocks[call.block].text)
        else:  # after the block in which its page ended
            before = max(i for i in report.placed if i < index and blocks[i].type != "footnote")
            page = report.placed[before][-1][0]
        (note_page,) = {placed_page for placed_page, _, _ in report.placed[index]}
        assert note_page in (page, page + 1), blocks[index].text
        if note_page != page:
            assert _flow_bottom(rendered, page) >= frame.bottom - 2 * pitch, blocks[index].text
        note_top = min(float(char["top"]) for line in lines_of(rendered, index) for char in line.chars)
        assert note_top > _flow_bottom(rendered, note_page)


def _flow_bottom(rendered: Render, page: int) -> float:
    """The lowest character of the flow (footnotes aside) on a page."""
    blocks = rendered.document.blocks
    return max(
        float(char["bottom"])
        for index, placed in report_of(rendered).placed.items()
        if blocks[index].type != "footnote"
        for line_page, _, line in placed
        if line_page == page
        for char in line.chars
    )


def test_note_calls_are_set_small_and_raised(rendered: Render) -> None:
    report = report_of(rendered)
    blocks = rendered.document.blocks
    for call in note_calls(blocks):
        offset = len(squeeze(blocks[call.block].text[: call.at]))
        page_line = max((p for p in report.placed[call.block] if p[1] <= offset), key=lambda p: p[1])
        _, start, line = page_line
        mark = line.chars[offset - start]
        body = line.chars[0]
        assert mark["text"] == call.mark[0]
        assert float(mark["size"]) == pytest.approx(0.6 * float(body["size"]), rel=0.02)
        assert float(mark["bottom"]) < float(body["bottom"]) - 0.25 * float(body["size"])


def test_list_items_hang_their_markers_and_nest(rendered: Render) -> None:
    blocks = rendered.document.blocks
    frame = Frame.of(STYLES[rendered.style])
    column = None  # where the text of the last level-1 item starts
    for index in indices(rendered, "list_item"):
        block = blocks[index]
        lines = lines_of(rendered, index)
        start = x_at(lines[0], 0, frame)
        if block.level == 1:
            base = STYLES[rendered.style].block_style(block).inset_start * em(rendered, block)
            assert start == pytest.approx(base, abs=1)
        else:
            assert column is not None and start == pytest.approx(column, abs=1)
        text_start = x_at(lines[0], len(squeeze(block.text[: marker_end(block.text)])), frame)
        for line in lines[1:]:  # later lines under the text, not the marker
            assert x_at(line, 0, frame) == pytest.approx(text_start, abs=1)
        if block.level == 1:
            column = text_start


def test_preformatted_lines_are_kept_unjustified_in_the_mono_face(rendered: Render) -> None:
    (index,) = indices(rendered, "preformatted")
    block = rendered.document.blocks[index]
    lines = lines_of(rendered, index)
    starts = {start for _, start, _ in report_of(rendered).placed[index]}
    offset = 0
    for source in block.text.split("\n"):  # every source line starts a printed line
        assert offset in starts, source
        offset += len(squeeze(source))
    assert len(lines) > len(block.text.split("\n"))  # the overlong line wraps
    column = MONO_ADVANCE * em(rendered, block)
    for line in lines:
        latin = [char for char in line.chars if char["text"].isascii()]
        assert all("Mono" in char["fontname"] for char in latin)
        assert not [char for char in line.chars if not char["text"].isascii() and "Mono" in char["fontname"]]
        for before, after in itertools.pairwise(latin):  # whole columns apart: no letter-spacing
            columns = (float(after["x0"]) - float(before["x0"])) / column
            assert columns == pytest.approx(round(columns), abs=0.01)


def test_the_table_is_a_table_of_aligned_columns_with_rules(rendered: Render) -> None:
    (index,) = indices(rendered, "table")
    block = rendered.document.blocks[index]
    rows = block.rows or ()
    lines = lines_of(rendered, index)
    assert lines[0].ink == "".join(squeeze(cell) for cell in rows[0])  # the header row first
    gap = 2 * CELL_PADDING_EM * em(rendered, block) - 1
    starts: list[list[float]] = []
    for row in rows[1:]:
        first = next(line for line in lines if line.ink.startswith(squeeze(row[0])))
        cells = [float(first.chars[0]["x0"])]
        for before, after in itertools.pairwise(first.chars):
            if float(after["x0"]) - float(before["x1"]) >= gap:
                cells.append(float(after["x0"]))
        assert len(cells) == len(row), first.ink
        starts.append(cells)
    for column in zip(*starts, strict=True):  # each column's cells start at one x
        assert max(column) - min(column) < 0.5, column
    top, bottom = float(lines[0].chars[0]["top"]), float(lines[-1].chars[0]["bottom"])
    with pdfplumber.open(io.BytesIO(rendered.data)) as pdf:
        edges = [e for e in pdf.pages[lines[0].page].edges if top - 20 <= float(e["top"]) <= bottom + 20]
    horizontal = {round(float(edge["top"])) for edge in edges if edge["orientation"] == "h"}
    vertical = {round(float(edge["x0"])) for edge in edges if edge["orientation"] == "v"}
    assert len(horizontal) >= 3  # above, under the header, below
    if rendered.style == "gongwen":
        assert len(vertical) >= len(rows[0]) + 1  # a ruled grid


def test_toc_lines_end_in_a_leader_and_the_page_number_on_the_right_margin(rendered: Render) -> None:
    blocks = rendered.document.blocks
    frame = Frame.of(STYLES[rendered.style])
    for index in indices(rendered, "toc"):
        line = toc_line(blocks[index].text)
        lines = lines_of(rendered, index)
        if not line.page:
            continue
        last = lines[-1]
        right = frame.left(last.page) + frame.width
        assert float(last.chars[-1]["x1"]) == pytest.approx(right, abs=1)
        page_start = len(last.ink) - len(line.page)
        gap = x_at(last, page_start) - float(last.chars[page_start - 1]["x1"])
        assert gap >= LEADER_MIN_EM * em(rendered, blocks[index])  # the leader is drawn, not typed
        hang = x_at(lines[0], len(squeeze(line.entry[: marker_end(line.entry)])), frame)
        for later in lines[1:]:
            assert x_at(later, 0, frame) == pytest.approx(hang, abs=1)


def test_minutes_header_values_line_up_after_the_labels(rendered: Render) -> None:
    blocks = rendered.document.blocks
    frame = Frame.of(STYLES[rendered.style])
    starts = set()
    for index in indices(rendered, "meeting"):
        text = blocks[index].text
        end = label_end(text)
        lines = lines_of(rendered, index)
        starts.add(round(x_at(lines[0], len(squeeze(text[:end])), frame), 0))
        starts.update(round(x_at(line, 0, frame), 0) for line in lines[1:])
    assert len(starts) == 1, starts


def test_attachment_list_follows_gb_t_9704(rendered: Render) -> None:
    """7.3.5.1: 附件 two characters in after a blank line; later numbers under the first; a long
    name's next line under the name's first character."""
    blocks = rendered.document.blocks
    first, second = indices(rendered, "attachment")
    frame = Frame.of(STYLES[rendered.style])
    size = em(rendered, blocks[first])
    opening = lines_of(rendered, first)[0]
    assert x_at(opening, 0, frame) == pytest.approx(2 * size, abs=1)
    label = len(squeeze(blocks[first].text[: attachment_label_end(blocks[first].text)]))
    later = lines_of(rendered, second)
    assert x_at(later[0], 0, frame) == pytest.approx(x_at(opening, label, frame), abs=1)
    name = len(squeeze(blocks[second].text[: marker_end(blocks[second].text)]))
    assert len(later) > 1 and x_at(later[1], 0, frame) == pytest.approx(x_at(later[0], name, frame), abs=1)
    previous = report_of(rendered).placed[first - 1][-1][2]
    if previous.page == opening.page:
        pitch = STYLES[rendered.style].line_height
        assert float(opening.chars[0]["bottom"]) - float(previous.chars[0]["bottom"]) >= 2 * pitch - 1


def test_the_byline_sits_centred_under_the_title(rendered: Render) -> None:
    (title,) = indices(rendered, "title")
    (byline,) = indices(rendered, "byline")
    frame = Frame.of(STYLES[rendered.style])
    line = lines_of(rendered, byline)[0]
    centre = (float(line.chars[0]["x0"]) + float(line.chars[-1]["x1"])) / 2
    assert centre == pytest.approx(frame.left(line.page) + frame.width / 2, abs=1)
    title_bottom = float(lines_of(rendered, title)[-1].chars[0]["bottom"])
    assert float(line.chars[0]["bottom"]) - title_bottom <= 1.6 * STYLES[rendered.style].line_height
