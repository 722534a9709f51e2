"""Issue 16: every character printed, found and broken well — read back from the PDFs and EPUBs.

A stress document holds a character of every CJK block, Extension B–H characters in a name, emoji
(ZWJ sequences, flags, skin tones), combining marks, variation selectors, URLs, e-mail addresses,
paths, long numbers and words, and titles and headings that wrap. It and the corpus PDFs are read
back with pypdf, pdfminer.six and pdftotext.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import subprocess
import unicodedata
from functools import cache

import pytest
from logged import expected_warnings
from pdf_measure import Frame, body_text, measure_lines, squeeze
from pdf_renders import HANGZHOU, SEED, STYLE_NAMES, Render, render
from pypdf import PdfReader
from typography_samples import NO_FONT_HAS, STRESS

from pipeline import fonts
from pipeline.export import ExportOptions
from pipeline.export.pdf import export_pdf
from pipeline.layout.blocks import block_measure, metrics_for
from pipeline.layout.clreq import clusters
from pipeline.layout.justify import MAX_STRETCH_EM, Measure, break_lines
from pipeline.layout.render import render_html
from pipeline.layout.styles import STYLES
from pipeline.layout.words import word_starts
from pipeline.variants import make_variant

pytestmark = pytest.mark.slow

#: Characters a PDF cannot give back: WeasyPrint maps each glyph to one text (ToUnicode), so a
#: variation selector without a glyph of its own vanishes: those of Han characters (葛󠄀: the CJK
#: faces draw the base), and U+FE0E after an emoji, which Pango sets in the next run's face. Emoji
#: sequences with U+FE0F, keycaps and skin tones come back: each is a glyph of its own in the emoji
#: face (tools/make_fonts.py).
_UNEXTRACTABLE = re.compile("[\ufe00-\ufe0e\U000e0100-\U000e01ef]")


def comparable(text: str) -> str:
    """Text as the extractors are compared: whitespace aside, the selectors above aside, NFC."""
    return unicodedata.normalize("NFC", _UNEXTRACTABLE.sub("", squeeze(text)))


@cache
def stress(style: str, variant: str = "zh-Hans") -> Render:
    document = STRESS if variant == "zh-Hans" else make_variant(STRESS, variant)
    with expected_warnings() as logged:
        data = export_pdf(document, ExportOptions(style=style))
    # The characters no face has (Extension I's …) are drawn as boxes, and said once.
    [coverage] = logged
    assert "no project font draws" in coverage.getMessage()
    return Render(document, style, data, 0.0)


STRESS_CASES = [(style, variant) for style in STYLE_NAMES for variant in ("zh-Hans", "zh-Hant")]
CORPUS_CASES = [(name, style) for name in (SEED, HANGZHOU) for style in STYLE_NAMES]


CASE_IDS = [f"stress-{s}-{v}" for s, v in STRESS_CASES] + [f"{n[:8]}-{s}" for n, s in CORPUS_CASES]
CASE_IDS.append("seed-gongwen-zh-Hant")


@pytest.fixture(params=range(len(CASE_IDS)), ids=CASE_IDS)
def rendered(request: pytest.FixtureRequest) -> Render:
    index: int = request.param
    if index < len(STRESS_CASES):
        return stress(*STRESS_CASES[index])
    index -= len(STRESS_CASES)
    if index < len(CORPUS_CASES):
        return render(*CORPUS_CASES[index])
    return render(SEED, "gongwen", "zh-Hant")


def test_pypdf_extracts_the_document_text(rendered: Render) -> None:
    text = body_text(rendered.data, Frame.of(STYLES[rendered.style]))
    assert comparable(text) == comparable(rendered.document.text())


def _crop_to_text_block(style: str) -> tuple[float, float, float, float]:
    """(x, y, width, height) in pt of the band of the page the text block takes, for pdftotext."""
    spec = STYLES[style]
    return (
        0.0,
        spec.margin_top - 2,
        spec.page_width,
        spec.page_height - spec.margin_bottom - spec.margin_top + 6,
    )


@pytest.mark.skipif(
    shutil.which("pdftotext") is None and os.environ.get("CI") != "true",
    reason="poppler-utils not installed (nox -s tests installs it)",
)
def test_pdftotext_extracts_the_document_text(rendered: Render) -> None:
    x, y, width, height = _crop_to_text_block(rendered.style)
    result = subprocess.run(
        ["pdftotext", "-r", "72", "-x", f"{x:.0f}", "-y", f"{y:.0f}", "-W", f"{width:.0f}", "-H", f"{height:.0f}",
         "-enc", "UTF-8", "-", "-"],
        input=rendered.data, capture_output=True, check=True,
    )  # fmt: skip
    assert comparable(result.stdout.decode("utf-8")) == comparable(rendered.document.text())


def test_pdfminer_extracts_the_document_text(rendered: Render) -> None:
    """pdfminer.six gives every character back; compared as a multiset, since its order is not the
    reading order (without layout analysis it walks Hangzhou's signature block after the line
    under it; with it, it reorders right-aligned lines)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTContainer

    spec = STYLES[rendered.style]

    def chars(item: object) -> list[str]:
        if isinstance(item, LTChar):
            top = spec.page_height - item.y1
            return (
                [item.get_text()]
                if spec.margin_top - 4 <= top < spec.page_height - spec.margin_bottom
                else []
            )
        return [char for child in item for char in chars(child)] if isinstance(item, LTContainer) else []

    pages = extract_pages(io.BytesIO(rendered.data), laparams=None)
    extracted = comparable("".join(char for page in pages for char in chars(page)))
    assert sorted(extracted) == sorted(comparable(rendered.document.text()))


def test_every_font_is_the_projects_and_none_has_a_custom_encoding(rendered: Render) -> None:
    for page in PdfReader(io.BytesIO(rendered.data)).pages:
        for font in (reference.get_object() for reference in page["/Resources"]["/Font"].values()):
            assert str(font["/BaseFont"]).split("+", 1)[1].startswith("Pipeline-"), font["/BaseFont"]
            assert font["/Encoding"] == "/Identity-H", font["/BaseFont"]  # a missing glyph changes it


@pytest.mark.parametrize(("style", "variant"), STRESS_CASES)
def test_every_cjk_block_has_a_glyph_and_what_no_font_has_gets_a_box(style: str, variant: str) -> None:
    document = stress(style, variant).document
    assert set(fonts.uncovered(document.text(), variant)) == set(NO_FONT_HAS)
    names = {
        str(font.get_object()["/BaseFont"]).split("+", 1)[1]
        for page in PdfReader(io.BytesIO(stress(style, variant).data)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert {
        "Pipeline-Placeholder",
        "Pipeline-Emoji",
        "Pipeline-Han-A",
        "Pipeline-Han-B",
        "Pipeline-Han-C",
    } <= names


@pytest.mark.parametrize(("name", "style"), CORPUS_CASES)
def test_corpus_needs_no_fallback_and_no_placeholder(name: str, style: str) -> None:
    document = render(name, style).document
    assert fonts.uncovered(document.text(), document.meta.language) == {}


def test_no_span_separates_a_character_from_its_marks_or_selector() -> None:
    from pipeline.export.epub import export_epub

    separated = re.compile(
        "</span>[\u0300-\u036f\u20d0-\u20ff\ufe00-\ufe0f\u200d\U000e0100-\U000e01ef\U0001f3fb-\U0001f3ff]"
    )
    for style in STYLE_NAMES:
        assert not separated.search(render_html(STRESS, style))
    import zipfile

    book = zipfile.ZipFile(io.BytesIO(export_epub(STRESS, ExportOptions())))
    for name in book.namelist():
        if name.endswith(".xhtml"):
            assert not separated.search(book.read(name).decode("utf-8")), name


def test_a_keycap_is_an_emoji_not_a_digit_of_a_latin_run() -> None:
    from pipeline.layout.autospace import split_runs

    # The digit of 1️⃣ in a span of its own would be drawn by the Latin face and its keycap apart.
    assert [run.text for run in split_runs("按12\ufe0f\u20e3键，v1.2与#\ufe0f\u20e3")] == [
        "按", "1", "2\ufe0f\u20e3键，", "v1.2", "与#\ufe0f\u20e3"
    ]  # fmt: skip


def test_clusters_keep_marks_selectors_and_emoji_sequences_whole() -> None:
    assert clusters("e\u0301葛\U000e0100👨‍👩‍👧🇨🇳🇯🇵👍🏽❤️1️⃣🏳️‍🌈") == [
        "e\u0301", "葛\U000e0100", "👨‍👩‍👧", "🇨🇳", "🇯🇵", "👍🏽", "❤️", "1️⃣", "🏳️‍🌈"
    ]  # fmt: skip


def _lines(text: str, style: str = "book", block: str = "paragraph") -> tuple[list[str], float]:
    spec = STYLES[style]
    block_style = spec.blocks[block]
    metrics = metrics_for("zh-Hans", block_style, spec.latin)
    measure = block_measure(spec, block_style, block in ("title", "heading-1"))
    lines = break_lines(text, metrics, measure)
    return [line.text for line in lines], max(line.spacing for line in lines) / measure.font_size


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_urls_paths_and_long_words_break_where_they_may_and_no_gap_passes_the_limit(style: str) -> None:
    for block in STRESS.blocks[3:]:
        lines, widest = _lines(block.text, style)
        assert widest <= MAX_STRETCH_EM + 1e-9
        assert "".join(lines) == block.text
        for first, second in itertools.pairwise(lines):
            assert not (first.endswith(("https:", "https:/")) or second.startswith(("//", "/www"))), (
                first,
                second,
            )
            assert not (
                (first[-1].isdigit() and second[:1] in ".,")
                or (first.endswith((".", ",")) and second[0].isdigit() and first[-2].isdigit())
            )


def test_latin_words_are_never_letter_spaced() -> None:
    html = render_html(STRESS, "book")
    assert ".latin { letter-spacing: 0; }" in html
    assert re.search(r'<span class="latin[^"]*">https://</span>', html)


def test_corpus_lines_stay_within_the_stretch_limit() -> None:
    """The limit the README states, measured on every justified line of the corpus documents."""
    for name in (SEED, HANGZHOU):
        document = render(name, "book").document
        for style in STYLE_NAMES:
            spec = STYLES[style]
            for block in document.blocks:
                block_style = spec.block_style(block)
                metrics = metrics_for("zh-Hans", block_style, spec.latin)
                lines = break_lines(block.text, metrics, block_measure(spec, block_style))
                assert all(line.spacing <= MAX_STRETCH_EM * block_style.size + 1e-9 for line in lines)


@pytest.mark.parametrize(("style", "variant"), STRESS_CASES)
def test_stress_document_lines_are_flush(style: str, variant: str) -> None:
    report = measure_lines(stress(style, variant).data, stress(style, variant).document, STYLES[style])
    assert report.prohibited == []
    assert report.flush >= 0.95 * report.checked, report.not_flush


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_titles_and_headings_wrap_between_words_and_never_leave_a_lone_character(style: str) -> None:
    for block, key in ((STRESS.blocks[0], "title"), (STRESS.blocks[1], "heading-1")):
        spec = STYLES[style]
        metrics = metrics_for("zh-Hans", spec.blocks[key], spec.latin)
        lines = break_lines(block.text, metrics, block_measure(spec, spec.blocks[key], words=True))
        texts = [line.text for line in lines]
        assert len(texts) > 1, texts
        starts = word_starts(block.text)
        offset = 0
        for text in texts[:-1]:
            offset += len(text)
            assert offset in starts, texts
        assert all(len(text) > 1 for text in texts), texts
        if key == "title":  # balanced: no line much longer than another (GB/T 9704 7.3.3)
            assert max(map(len, texts)) - min(map(len, texts)) <= 6, texts


def test_word_starts_segments_traditional_text_through_its_simplified_form() -> None:
    text = "臺北市政府關於加強颱風防範工作的通知"
    starts = word_starts(text, "zh-Hant")
    assert 5 in starts and 4 not in starts  # 臺北市政府 | 關於, never 臺北市政 | 府


def test_measure_defaults_keep_the_limit() -> None:
    assert Measure(width=100, font_size=10).max_stretch == MAX_STRETCH_EM


def test_a_space_after_a_box_is_no_missing_glyph() -> None:
    """A private-use character from a mis-mapped font (U+1001B0, no face has it) is drawn as a box;
    the space after it stays in the box's face, which must have a space (else WeasyPrint draws a
    .notdef and warns)."""
    from pipeline.document import Block, Document, Meta

    text = "对用工人数减少水平低于5\U001001b0 5%的企业给予适当优惠。"
    document = Document(Meta(title="占位"), (Block("title", "占位"), Block("paragraph", text)))
    with expected_warnings() as logged:
        data = export_pdf(document, ExportOptions())
    assert [record.getMessage() for record in logged if "notdef" in record.getMessage()] == []
    assert "\U001001b0" in PdfReader(io.BytesIO(data)).pages[0].extract_text()
