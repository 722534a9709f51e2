"""Lines broken by the project are flush, obey clreq and keep the text unchanged."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdf_renders import HANGZHOU, SEED, gold_document

from pipeline.layout.blocks import _metrics, block_measure, font_chain
from pipeline.layout.justify import Line, Measure, _gaps, break_lines, line_html, spacing_class, spacing_css
from pipeline.layout.metrics import FontMetrics
from pipeline.layout.styles import STYLES
from pipeline.unicode import LINE_END_PROHIBITED, LINE_START_PROHIBITED


def _setup(style: str, key: str = "paragraph", variant: str = "zh-Hans") -> tuple[FontMetrics, Measure]:
    spec = STYLES[style]
    block_style = spec.blocks[key]
    chain = font_chain(variant, block_style)
    return _metrics(tuple(face.path for face in chain), variant), block_measure(spec, block_style)


def _natural(line: Line, metrics: FontMetrics, measure: Measure) -> float:
    quarter = 0.25 * measure.font_size
    return sum(
        metrics.width(cell.piece.text, latin=cell.piece.latin, halt=cell.halt) * measure.font_size
        + quarter * (cell.space_before + cell.space_after)
        for cell in line.cells
    )


@pytest.mark.parametrize("style", ["book", "gongwen"])
@pytest.mark.parametrize("name", [SEED, HANGZHOU])
def test_every_paragraph_line_is_flush_legal_and_lossless(name: str, style: str) -> None:
    metrics, measure = _setup(style)
    for block in gold_document(name).blocks:
        if block.type != "paragraph":
            continue
        lines = break_lines(block.text, metrics, measure)
        assert re.sub(r"\s", "", "".join(line.text for line in lines)) == re.sub(r"\s", "", block.text)
        for number, line in enumerate(lines[:-1]):
            width = measure.width - (measure.indent if number == 0 else 0)
            set_width = _natural(line, metrics, measure) + line.spacing * _gaps(line.cells)
            assert set_width == pytest.approx(width, abs=0.01), line.text
            assert abs(line.spacing) < 0.5 * measure.font_size, line.text
        for line in lines:
            assert line.text[0] not in LINE_START_PROHIBITED and line.text[-1] not in LINE_END_PROHIBITED, (
                line.text
            )
        if len(lines) > 1:
            assert len(re.sub(r"[\W_]", "", lines[-1].text)) >= 2, lines[-1].text


def test_a_lone_last_character_is_joined_by_one_from_the_line_above() -> None:
    metrics, measure = _setup("gongwen")
    text = "国" * (28 + 26 + 1)  # first line 26 (indent 2), second 28, one left over
    lines = break_lines(text, metrics, measure)
    assert [len(line.text) for line in lines] == [26, 27, 2]


def test_closing_mark_that_overflows_is_set_half_width_at_the_line_end() -> None:
    metrics, measure = _setup("book")  # 29 em measure, first line 27 em after the indent
    text = "国" * 26 + "国。" + "国" * 10
    first = break_lines(text, metrics, measure)[0]
    assert first.text.endswith("。") and first.cells[-1].halt
    assert first.spacing < 0


def test_a_half_width_line_end_mark_hangs_without_a_span_where_halt_only_narrows_it() -> None:
    """Simplified faces put 。 in the left half of the em with or without `halt`: drawn full-width at
    the line end, its blank half lies past the margin and no span is needed. Traditional faces centre
    。 and `halt` moves it, so there it keeps its span."""
    text = "国" * 26 + "国。" + "国" * 10
    for variant, hangs in (("zh-Hans", True), ("zh-Hant", False)):
        metrics, measure = _setup("book", variant=variant)
        first = break_lines(text, metrics, measure)[0]
        assert first.cells[-1].halt and first.end_mark_hangs is hangs, variant
        assert ('<span class="halt">。</span>' in str(line_html(first))) is not hangs, variant
    assert not _setup("book", variant="zh-Hant")[0].halt_only_narrows("。")
    assert _setup("book", variant="zh-Hant")[0].halt_only_narrows("」")


def test_centred_lines_never_hang_a_mark() -> None:
    metrics, measure = _setup("book", "title")
    assert not measure.hang_end_mark
    lines = break_lines("国" * 14 + "。" + "国" * 14, metrics, measure)
    assert not any(line.end_mark_hangs for line in lines)


def test_line_html_adds_no_characters_and_no_quarter_em_at_line_edges() -> None:
    metrics, measure = _setup("book")
    text = "数据显示2024年全市GDP增长5.5%，其中ABC公司贡献最大，而XYZ与123并列第二名的位置上升较快。"
    lines = break_lines(text, metrics, measure)
    for line in lines:
        html = str(line_html(line))
        assert re.sub(r"<[^>]+>", "", html) == line.text
        assert not line.cells[0].space_before and not line.cells[-1].space_after
    assert any("sp-l" in str(line_html(line)) for line in lines)


def test_a_justified_line_is_one_letter_spaced_span() -> None:
    metrics, measure = _setup("gongwen")  # 27.6 em: every full line is squeezed a little
    line = break_lines("国" * 80, metrics, measure)[1]
    html = str(line_html(line))
    assert html == f'<span class="{spacing_class(line.spacing)}">{line.text}</span>'
    assert line.spacing < 0
    assert f"letter-spacing: {line.spacing:.3f}pt;" in spacing_css([line.spacing, line.spacing])


def test_centred_titles_break_into_lines_of_nearly_equal_length() -> None:
    metrics, measure = _setup("book", "title")
    lines = break_lines("杭州市人民政府印发关于进一步推动经济高质量发展若干政策的通知", metrics, measure)
    assert [len(line.text) for line in lines] == [15, 15]


def test_a_title_with_a_space_breaks_at_the_space() -> None:
    metrics, measure = _setup("book", "title")
    lines = break_lines("习近平：坚决克服新冠肺炎疫情影响 坚决夺取脱贫攻坚战全面胜利", metrics, measure)
    assert [line.text for line in lines] == ["习近平：坚决克服新冠肺炎疫情影响", "坚决夺取脱贫攻坚战全面胜利"]


_ALPHABET = "国家发展改革委员会，。、；：？！“”‘’（）《》——……2024年ABC x%."


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=120))
def test_any_text_breaks_into_legal_lossless_flush_lines(text: str) -> None:
    metrics, measure = _setup("book")
    lines = break_lines(text, metrics, measure)
    assert re.sub(r"\s", "", "".join(line.text for line in lines)) == re.sub(r"\s", "", text)
    for number, line in enumerate(lines):
        html = str(line_html(line))
        assert re.sub(r"<[^>]+>", "", html).replace("&amp;", "&") == line.text
        if number < len(lines) - 1:
            width = measure.width - (measure.indent if number == 0 else 0)
            set_width = _natural(line, metrics, measure) + line.spacing * _gaps(line.cells)
            assert set_width == pytest.approx(width, abs=0.01)
        if number > 0:
            assert line.text[0] not in LINE_START_PROHIBITED
        if number < len(lines) - 1:
            assert line.text[-1] not in LINE_END_PROHIBITED
