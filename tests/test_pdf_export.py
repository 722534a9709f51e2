"""The PDFs themselves: text, fonts, metadata, outline, line geometry, reproducibility, fetch policy.

Every corpus document is rendered once per session in each style (pdf_renders.render) and measured
from the PDF (pdf_measure), not from the HTML we meant to produce.
"""

from __future__ import annotations

import gc
import io

import pdfplumber
import pydyf
import pytest
from logged import expected_warnings
from pdf_measure import Frame, body_lines, body_text, font_problems, measure_lines, outline_titles, squeeze
from pdf_renders import HANGZHOU, SEED, STYLE_NAMES, Render, gold_document, render
from pypdf import PdfReader

from pipeline.document import Block, Document, Meta
from pipeline.errors import ExportError
from pipeline.export import ExportOptions
from pipeline.export.pdf import check_coverage, export_pdf, make_fetcher
from pipeline.export.render_speed import faster_rendering
from pipeline.layout.render import render_html
from pipeline.layout.styles import STYLES
from pipeline.paths import STYLES_DIR

pytestmark = pytest.mark.slow
CASES = [(name, style) for name in (SEED, HANGZHOU) for style in STYLE_NAMES]


@pytest.fixture(params=CASES, ids=[f"{name[:8]}-{style}" for name, style in CASES])
def rendered(request: pytest.FixtureRequest) -> Render:
    name, style = request.param
    return render(name, style)


def test_pdf_text_is_the_document_text_in_reading_order(rendered: Render) -> None:
    text = body_text(rendered.data, Frame.of(STYLES[rendered.style]))
    assert squeeze(text) == squeeze(rendered.document.text())


def test_every_font_is_embedded_and_subset(rendered: Render) -> None:
    assert font_problems(rendered.data) == []


def test_title_language_and_display_title_are_in_the_metadata(rendered: Render) -> None:
    reader = PdfReader(io.BytesIO(rendered.data))
    assert reader.metadata is not None and reader.metadata.title == rendered.document.meta.title
    assert reader.trailer["/Root"]["/Lang"] == "zh-Hans"
    xmp = reader.xmp_metadata
    assert xmp is not None and xmp.dc_language == ["zh-Hans"]
    assert xmp.dc_title == {"x-default": rendered.document.meta.title}
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.page_labels[:2] == ["1", "2"]


def test_outline_has_an_entry_per_title_and_heading(rendered: Render) -> None:
    expected = [squeeze(b.text) for b in rendered.document.blocks if b.type in ("title", "heading")]
    assert outline_titles(rendered.data) == expected


def test_body_lines_are_flush_and_obey_the_line_breaking_rules(rendered: Render) -> None:
    report = measure_lines(rendered.data, rendered.document, STYLES[rendered.style])
    assert report.unmatched == []
    assert report.checked > 50
    assert report.flush_share >= 0.99, report.not_flush
    assert report.prohibited == []


def test_book_pages_leave_no_orphan_or_widow_line() -> None:
    for name in (SEED, HANGZHOU):
        report = measure_lines(render(name, "book").data, gold_document(name), STYLES["book"])
        assert report.splits and all(before >= 2 and after >= 2 for before, after in report.splits)


def test_gongwen_sets_28_characters_a_line_and_22_lines_a_page() -> None:
    for name in (SEED, HANGZHOU):
        report = measure_lines(render(name, "gongwen").data, gold_document(name), STYLES["gongwen"])
        lines = report.full_line_chars
        assert lines.most_common(1)[0][0] == 28
        assert lines[28] / sum(lines.values()) >= 0.75  # the rest are pushed out/in by clreq rules
        inner = report.lines_per_page[1:-1]
        assert max(report.lines_per_page) == 22
        assert inner.count(22) / len(inner) >= 0.75, report.lines_per_page


def test_traditional_pdf_is_set_in_the_tc_faces_and_still_justified() -> None:
    hant = render(SEED, "gongwen", "zh-Hant")
    names = {
        str(font["/BaseFont"])
        for page in PdfReader(io.BytesIO(hant.data)).pages
        for font in (f.get_object() for f in page["/Resources"]["/Font"].values())
    }
    # the Latin face sets gongwen's Latin letters and digits in either variant
    assert names and all("TC" in name or "Fallback" in name or "Latin" in name for name in names), names
    assert squeeze(body_text(hant.data, Frame.of(STYLES["gongwen"]))) == squeeze(hant.document.text())
    report = measure_lines(hant.data, hant.document, STYLES["gongwen"])
    assert report.flush_share >= 0.99 and report.prohibited == []


def test_gongwen_signature_and_date_sit_as_gb_t_9704_places_them() -> None:
    spec = STYLES["gongwen"]
    frame = Frame.of(spec)
    blocks = {b.role: squeeze(b.text) for b in gold_document(HANGZHOU).blocks if b.role}
    lines = {line.ink: line for line in body_lines(render(HANGZHOU, "gongwen").data, frame)}
    signature, date = lines[blocks["signature"]], lines[blocks["date"]]
    em = spec.font_size
    assert date.chars[0]["x0"] - signature.chars[0]["x0"] == pytest.approx(2 * em, abs=1)
    right = frame.left(date.page) + frame.width
    assert right - date.chars[-1]["x1"] >= 2 * em - 1 and right - signature.chars[-1]["x1"] >= 2 * em - 1


def test_gongwen_banji_closes_the_last_page_at_the_foot_of_the_text_block() -> None:
    """GB/T 9704 7.4.1: the 版记's last rule lies on the lower edge of the last page's text block, and
    7.4.3: 印发机关 and 印发日期 share its last line."""
    data = render(HANGZHOU, "gongwen").data
    frame = Frame.of(STYLES["gongwen"])
    blocks = {b.role: squeeze(b.text) for b in gold_document(HANGZHOU).blocks if b.role}
    lines = body_lines(data, frame)
    last_page = lines[-1].page
    assert lines[-1].ink == blocks["printed_by"] + blocks["printed"]
    assert any(line.page == last_page and line.ink.startswith(blocks["cc"][:6]) for line in lines)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        rules = pdf.pages[last_page].rects
        assert last_page == len(pdf.pages) - 1
    assert max(rule["bottom"] for rule in rules) == pytest.approx(frame.bottom, abs=0.5)


def test_same_document_gives_the_same_bytes() -> None:
    again = export_pdf(gold_document(SEED), ExportOptions(style="book"))
    assert again == render(SEED, "book").data


def test_rendering_leaves_the_cycle_collector_as_it_found_it() -> None:
    # export_pdf freezes the objects alive before rendering and raises the collection threshold while
    # WeasyPrint works (pipeline/export/render_speed.py); the rest of the process must get both back.
    thresholds = gc.get_threshold()
    export_pdf(Document(Meta(title="t"), (Block("paragraph", "正文。"),)), ExportOptions())
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() == 0


def test_the_render_speed_ups_change_no_byte_and_are_undone() -> None:
    # pipeline/export/render_speed.py patches pydyf while a PDF is written; a tagged document with
    # an identifier (what the build writes) must come out exactly as WeasyPrint alone writes it.
    from weasyprint import HTML

    page = HTML(string=render_html(gold_document(SEED), "book"), base_url=STYLES_DIR.as_uri() + "/")
    options = {"pdf_tags": True, "pdf_identifier": True}
    alone = page.write_pdf(**options)
    classes = (pydyf.Dictionary, pydyf.Array, pydyf.Stream, pydyf.PDF)
    before = {cls: dict(vars(cls)) for cls in classes}
    with faster_rendering():
        assert page.write_pdf(**options) == alone
    assert {cls: dict(vars(cls)) for cls in classes} == before


def test_fetcher_refuses_files_outside_styles_and_fonts() -> None:
    refused: list[str] = []
    fetcher = make_fetcher(refused, lambda path: None)
    with pytest.raises(ExportError, match="refused"):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ExportError):
        fetcher.fetch("https://example.com/font.woff2")
    assert refused == ["file:///etc/passwd", "https://example.com/font.woff2"]


def test_characters_no_font_covers_are_reported_by_code_point() -> None:
    document = Document(Meta(title="t"), (Block("paragraph", "正文\ue000字"),))
    with expected_warnings() as logged:
        found = check_coverage(document)
    assert found == {"\ue000": "block 1, column 3"}
    [record] = logged
    assert "U+E000" in record.getMessage()


def test_a_missing_harfbuzz_subsetter_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.export import subsetter

    monkeypatch.setattr(subsetter, "pdf_font_subsetter", lambda: "fonttools")
    subsetter.warn_if_fonts_are_subset_by_fonttools.cache_clear()
    try:
        with expected_warnings() as logged:
            subsetter.warn_if_fonts_are_subset_by_fonttools()
    finally:
        subsetter.warn_if_fonts_are_subset_by_fonttools.cache_clear()
    [record] = logged
    assert "libharfbuzz-subset0" in record.getMessage()


def test_the_subsetter_probe_gives_weasyprints_own_answer() -> None:
    """The cache key and the warning above ask `pdf_font_subsetter`, which does not import WeasyPrint:
    its answer must be the one WeasyPrint itself acts on (weasyprint/pdf/fonts.py)."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    from pipeline.export.subsetter import MINIMUM_HARFBUZZ, pdf_font_subsetter

    uses_harfbuzz = harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(*MINIMUM_HARFBUZZ))
    assert pdf_font_subsetter() == ("harfbuzz" if uses_harfbuzz else "fonttools")


def test_pdf_variant_and_untagged_output_are_passed_to_weasyprint() -> None:
    document = Document(
        Meta(title="标题", date="2024-02-18"), (Block("title", "标题"), Block("paragraph", "正文。"))
    )
    tagged = export_pdf(document, ExportOptions(pdf_variant="pdf/ua-1"))
    reader = PdfReader(io.BytesIO(tagged))
    assert reader.pdf_header == "%PDF-1.7"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert b"pdfuaid" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    plain = export_pdf(document, ExportOptions(pdf_tags=False))
    assert "/StructTreeRoot" not in PdfReader(io.BytesIO(plain)).trailer["/Root"]


def test_hostile_text_is_set_as_literal_text_and_fetches_nothing() -> None:
    # Markup, template syntax and URLs in a document are words to print, never instructions.
    hostile = [
        '<script>alert("x")</script>',
        "{{ 7*7 }} {% include '/etc/passwd' %}",
        '<img src="file:///etc/passwd"> <link rel="stylesheet" href="http://example.com/x.css">',
        "]]> &amp; &lt;b&gt;",
    ]
    document = Document(
        meta=Meta(title="<b>标题</b>{{ title }}", language="zh-Hans"),
        blocks=(
            Block("title", "<b>标题</b>{{ title }}"),
            *(Block("paragraph", f"正文：{text}结束。") for text in hostile),
        ),
    )
    data = export_pdf(document, ExportOptions())  # no warning (of a refused fetch or any other)
    text = squeeze(body_text(data, Frame.of(STYLES["book"])))
    for block in document.blocks:
        assert squeeze(block.text) in text
    assert "49" not in text  # the template expression was not evaluated
