"""The print HTML: language, escaping, styles, fonts per variant, GB/T 9704 groups."""

from __future__ import annotations

import re

import pytest
from pdf_renders import HANGZHOU, SEED, gold_document

from pipeline import fonts
from pipeline.document import Block, Document, Meta
from pipeline.errors import LayoutError
from pipeline.layout.render import pdf_date, render_html


def test_html_declares_the_document_language_and_title() -> None:
    html = render_html(gold_document(SEED), "book")
    assert '<html lang="zh-Hans">' in html
    assert f"<title>{gold_document(SEED).meta.title}</title>" in html


def test_block_text_is_escaped() -> None:
    document = Document(Meta(title="<b>"), (Block("paragraph", "甲<script>乙&丙"),))
    html = render_html(document, "book")
    assert "<script" not in html and "甲&lt;" in html and "&gt;乙&amp;丙" in html


def test_unknown_style_is_a_layout_error_naming_the_known_ones() -> None:
    with pytest.raises(LayoutError, match="unknown style") as info:
        render_html(gold_document(SEED), "magazine")
    assert "book" in (info.value.hint or "")


def test_traditional_documents_use_the_traditional_faces_only() -> None:
    document = gold_document(SEED, "zh-Hant")
    html = render_html(document, "book")
    used = set(re.findall(r'font-family: "([^"]+)"', html))
    hant = {face.family for face in fonts.faces_for("zh-Hant")}
    hans_only = {face.family for face in fonts.faces_for("zh-Hans")} - hant
    assert used <= hant and not used & hans_only
    assert '<html lang="zh-Hant">' in html


def test_gongwen_groups_masthead_and_imprint_and_styles_each_meta_role() -> None:
    html = render_html(gold_document(HANGZHOU), "gongwen")
    assert html.count('<div class="bantou">') == 1 and html.count('<div class="banji">') == 1
    for role in ("issuer", "doc-number", "addressee", "signature", "date", "cc", "printed"):
        assert f'class="meta {role}"' in html
        assert f"p.meta.{role} {{" in html


def test_headings_and_titles_get_ids_and_labels_for_the_outline() -> None:
    html = render_html(gold_document(HANGZHOU), "book")
    assert len(re.findall(r'<h[2-4] class="heading level-1" id="b\d+" data-label="[^"]+">', html)) == 8
    assert len(re.findall(r'<h1 class="title" id="b\d+" data-label="[^"]+">', html)) == 2


def test_pdf_date_falls_back_to_the_date_block() -> None:
    assert pdf_date(gold_document(HANGZHOU)) == "2024-02-18T00:00:00Z"
