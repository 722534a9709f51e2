"""Character repairs the real corpus showed, rule by rule: glyph names pypdf and pdfminer write for
glyphs they cannot map, bullets drawn from fonts that give them no Unicode."""

from __future__ import annotations

import pytest

from pipeline.clean import clean
from pipeline.clean.characters import repair_characters
from pipeline.clean.lines import Line
from pipeline.clean.report import CleanReport


def repaired(text: str) -> tuple[str, list[tuple[str, str, str]]]:
    report = CleanReport()
    return repair_characters(text, report), [(f.code, f.original, f.replacement) for f in report.findings]


def test_a_glyph_named_by_its_code_becomes_that_codes_character() -> None:
    # pypdf writes "/xB7" where pdftotext writes the code's character, "·".
    assert repaired("卡尔/xB7马克思") == (
        "卡尔·马克思",
        [("glyph-name", "/", ""), ("glyph-name", "x", ""), ("glyph-name", "B", ""), ("glyph-name", "7", "·")],
    )


def test_type3_bullets_become_bullets_from_either_extractor() -> None:
    # A TeX book's itemize bullet (a Type3 glyph without Unicode): pdftotext and pypdfium2 write
    # U+0088, pypdf "/x88", pdfminer (pdfplumber) "(cid:136)".
    for bullet in ("\x88", "/x88", "(cid:136)"):
        text, findings = repaired(f"{bullet} 高质量 它制作的版面更专业。\n{bullet} 结构化 它的文档结构清晰。")
        assert text == "• 高质量 它制作的版面更专业。\n• 结构化 它的文档结构清晰。"
        assert [f for f in findings if f[0] == "list-bullet"] == [("list-bullet", "\x88", "•")] * 2


@pytest.mark.parametrize(
    "raw",
    [
        "cd /x88 then",  # a path
        "http://example.com/xAB",  # a URL
        "/x88y 开头",  # no glyph name: a word goes on
    ],
)
def test_what_only_looks_like_a_glyph_name_stays(raw: str) -> None:
    assert repaired(raw) == (raw, [])


@pytest.mark.parametrize("raw", ["标记语言域代码（(cid:12)eld code）", "(cid:1360) 开头"])
def test_a_pdfminer_code_of_no_c1_control_names_no_glyph(raw: str) -> None:
    # "(cid:12)" is a TeX font's fi ligature, which no code tells: it stays (its brackets, next to
    # Chinese, become full-width as any would).
    assert "glyph-name" not in [code for code, _, _ in repaired(raw)[1]]


def test_a_glyph_name_takes_the_room_of_the_one_glyph_it_names() -> None:
    # The line as printed measures the line (full-width letters are wide), but "(cid:136)" printed
    # one bullet: an item's line read that wide would look full and run on into the next line.
    for name in ("(cid:136)", "/x88"):
        assert Line(1, "• 免费 多数软件都是免费的。", printed=f"{name} 免费 多数软件都是免费的。").width == (
            Line(1, "• 免费 多数软件都是免费的。").width
        )


def test_one_unmapped_character_opening_a_line_is_no_bullet() -> None:
    text, findings = repaired("\x88 只有一行。")
    assert text == " 只有一行。" and [code for code, _, _ in findings] == ["control-char"]


def test_bullet_items_are_accounted_for_in_the_clean_report() -> None:
    raw = "/x88 高质量 它制作的版面更专业。\n/x88 结构化 它的文档结构清晰。\n"
    result = clean(raw)
    assert [b.text[0] for b in result.document.blocks] == ["•", "•"]
