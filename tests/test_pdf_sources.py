"""Reading PDFs: lines with geometry, columns, and one clear line (exit 2) for every bad PDF."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pdf_fixtures import PAGE_HEIGHT, bomb, bullet_item, circle, content, encrypted, pdf, text_pdf

from pipeline.clean import clean_source
from pipeline.sources import PdfError, read_pdf, read_seed
from pipeline.sources.pdf import decode_pdf, page_list
from pipeline.sources.pdf_lines import Glyph, Style, build_lines

LEFT = [(72, 100 + 14 * i, "alpha beta gamma delta epsilon zeta eta theta") for i in range(12)]
RIGHT = [(320, 100 + 14 * i, "one two three four five six seven eight nine") for i in range(12)]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _clean_cli(path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "clean", str(path), *extra],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_lines_keep_their_geometry_and_words_their_spaces() -> None:
    source = decode_pdf(text_pdf([[(72, 72, "Hello world"), (90, 100, "second line")]]), Path("x.pdf"))
    first, second = source.lines
    assert (first.text, second.text) == ("Hello world", "second line")
    assert first.page == second.page == 1
    assert first.x0 == pytest.approx(72, abs=0.5) and second.x0 == pytest.approx(90, abs=0.5)
    assert second.baseline - first.baseline == pytest.approx(28, abs=0.5)
    assert first.size == pytest.approx(10, abs=0.1)
    assert first.font == "Helvetica" and not first.bold


def _set_line(text: str, gap_after_first: float) -> str:
    """The text read from one line of 12-point glyphs, each a full em wide, with `gap_after_first`
    ems between the first glyph and the second."""
    glyphs, x = [], 90.0
    for index, char in enumerate(text):
        glyphs.append(Glyph(char, x, x + 12, 90, 102, 100, 12, 0))
        x += 12 + (gap_after_first * 12 if index == 0 else 0)
    return build_lines(1, glyphs, [Style("SimSun", False, 0)]).lines[0].text


@pytest.mark.parametrize("bullet", ["–", "•", "∗"])
def test_a_bullet_set_apart_from_its_item_by_a_gap_is_followed_by_a_space(bullet: str) -> None:
    # LaTeX sets a list's label in a box: the gap reads as the space a text extraction writes,
    # without which "–主服务器" reads as a dash, not an item.
    assert _set_line(bullet + "主服务器", 0.5) == bullet + " 主服务器"
    assert _set_line(bullet + "主服务器", 0.0) == bullet + "主服务器"
    assert _set_line("主服务器", 0.5) == "主服务器"  # Han text is never spaced


def test_a_hyphen_at_a_line_end_is_read_as_printed() -> None:
    # PDFium reports a line-end hyphen as its soft-hyphen marker (U+0002); the page shows "-", and
    # the cleaner decides whether it breaks a word ("hyphen-" + "ated") or belongs to it ("AMS-LaTeX").
    data = text_pdf([[(72, 72, "the hyphen-"), (72, 86, "ated word and AMS-"), (72, 100, "LaTeX too")]])
    source = decode_pdf(data, Path("x.pdf"))
    assert [line.text for line in source.lines] == ["the hyphen-", "ated word and AMS-", "LaTeX too"]


def test_pages_are_separated_by_form_feeds_for_the_text_passes() -> None:
    source = decode_pdf(text_pdf([[(72, 72, "one")], [(72, 72, "two")]]), Path("x.pdf"))
    assert source.text == "one\n\ftwo"
    assert [line.page for line in source.lines] == [1, 2]


def test_two_columns_are_read_column_by_column() -> None:
    source = decode_pdf(text_pdf([LEFT + RIGHT]), Path("x.pdf"))
    assert source.pages[0].columns == 2
    texts = [line.text for line in source.lines]
    assert texts == [text for _, _, text in LEFT] + [text for _, _, text in RIGHT]
    assert not source.warnings


@pytest.mark.parametrize("right", [317.0, 318.1, 318.4, 319.0, 321.9])
def test_two_columns_are_read_wherever_the_right_one_starts(right: float) -> None:
    # The gutter is found by counting where right pieces start in 4-point steps: a column starting
    # a little left of its step is still the right column.
    placed = [(right, y, text) for _, y, text in RIGHT]
    source = decode_pdf(text_pdf([LEFT + placed]), Path("x.pdf"))
    assert source.pages[0].columns == 2
    assert [line.text for line in source.lines] == [text for _, _, text in LEFT + RIGHT]


def test_a_contents_page_s_column_of_page_numbers_is_read_with_its_rows() -> None:
    # Page numbers set flush right make a narrow "column" no running text fits in.
    entries = [(72, 100 + 14 * i, f"Section {i} of the manual . . . . . . . . . . .") for i in range(12)]
    numbers = [(520, 100 + 14 * i, str(10 + i)) for i in range(12)]
    source = decode_pdf(text_pdf([entries + numbers]), Path("x.pdf"))
    assert source.pages[0].columns == 1
    assert [line.text.split()[-1] for line in source.lines][:4] == [".", "10", ".", "11"]


def test_side_by_side_text_without_a_gutter_is_read_row_by_row_with_a_warning() -> None:
    # a form: short labels and values at varying places, no two columns of running text
    rows = [(72 + 30 * (i % 3), 100 + 14 * i, "Name:") for i in range(10)]
    values = [(300 + 20 * (i % 4), 100 + 14 * i, "x") for i in range(10)]
    source = decode_pdf(text_pdf([rows + values]), Path("form.pdf"))
    assert source.pages[0].columns == 1
    assert [line.text for line in source.lines][:2] == ["Name:", "x"]
    assert any("page 1" in warning and "row by row" in warning for warning in source.warnings)


def test_an_empty_user_password_is_tried() -> None:
    data = encrypted(text_pdf([[(72, 72, "Hello")]]), user_password="")
    assert decode_pdf(data, Path("x.pdf")).text == "Hello"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("locked.pdf", encrypted(text_pdf([[(72, 72, "Hello")]]), user_password="secret"), "encrypted"),
        ("scan.pdf", pdf([b"", b""]), "scanned: no page has a text layer (run OCR first, e.g. ocrmypdf)"),
        ("empty.pdf", pdf([], count=0), "has no pages"),
        ("broken.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 20, "damaged"),
        ("cut.pdf", text_pdf([[(72, 72, "Hello world")]])[:200], "damaged"),
    ],
)
def test_a_bad_pdf_is_one_line_and_exit_status_2(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(PdfError) as raised:
        read_pdf(path)
    assert message in raised.value.render() and raised.value.exit_status == 2
    result = _clean_cli(path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: ") and message in lines[0]


def test_a_fault_of_the_reader_is_named_as_one_not_as_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    def fails(*_: object) -> None:
        raise ZeroDivisionError("a fault")

    monkeypatch.setattr("pipeline.sources.pdf.build_lines", fails)  # (the reading child forks)
    with pytest.raises(PdfError) as raised:
        decode_pdf(text_pdf([[(72, 72, "one")]]), Path("x.pdf"))
    message = raised.value.render()
    assert "page 1: the reader failed (ZeroDivisionError: a fault)" in message and "memory" not in message


def test_a_pdf_without_unicode_maps_is_mojibake_naming_its_pages() -> None:
    """Fonts whose glyph codes map to no text (no ToUnicode, no usable encoding)."""
    page = b"BT /F1 10 Tf 72 700 Td <0102030405060708090a0b0c> Tj ET"
    data = pdf([page, page]).replace(
        b"/BaseFont /Helvetica /Encoding /WinAnsiEncoding",
        b"/BaseFont /Unknown /Encoding << /Differences [1 /g1 /g2 /g3 /g4 /g5 /g6 /g7 /g8 /g9 /g10 /g11 /g12] >>",
    )
    with pytest.raises(PdfError) as raised:
        decode_pdf(data, Path("garbled.pdf"))
    assert "mojibake" in raised.value.message and "page 1-2" in raised.value.message


def test_a_decompression_bomb_is_stopped_within_its_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIPELINE_PDF_MEMORY", str(64 * 1024 * 1024))
    with pytest.raises(PdfError) as raised:
        decode_pdf(bomb(400), Path("bomb.pdf"))
    assert "memory" in raised.value.render()


def test_a_long_pdf_is_read_page_by_page_with_progress() -> None:
    pages = [[(72, 72, f"Page {i}"), (72, 100, "Some text on the page.")] for i in range(2000)]
    seen: list[tuple[int, int]] = []
    source = decode_pdf(
        text_pdf(pages), Path("long.pdf"), progress=lambda page, total: seen.append((page, total))
    )
    assert len(source.pages) == 2000 and source.pages[-1].lines[0].text == "Page 1999"
    assert seen[0] == (1, 2000) and seen[-1] == (2000, 2000) and len(seen) == 2000


def test_read_seed_decides_by_the_bytes(tmp_path: Path) -> None:
    path = _write(tmp_path, "named.txt", text_pdf([[(72, 72, "Hello")]]))
    assert read_seed(path).text == "Hello"


def test_clean_reads_a_pdf_and_removes_its_folios(tmp_path: Path) -> None:
    body = "This line of running text fills the measure of the page from edge to edge"
    pages = [[(72, 80 + 14 * i, body) for i in range(5)] + [(280, 800, f"- {n} -")] for n in range(1, 4)]
    path = _write(tmp_path, "doc.pdf", text_pdf(pages))
    result = clean_source(read_pdf(path))
    assert result.document.removed == ("- 1 -", "- 2 -", "- 3 -")
    assert all("- " not in block.text for block in result.document.blocks)
    out = _clean_cli(path, "--json")
    assert out.returncode == 0 and '"blocks"' in out.stdout


def test_page_lists_name_ranges() -> None:
    assert page_list([1, 2, 3, 7, 9, 10]) == "1-3, 7, 9-10"


def test_the_seed_rendered_by_us_reads_back_as_its_text() -> None:
    """Our own PDF (the book style: running heads and folios) read back: the cleaned text is the
    document's text, the furniture gone."""
    from pdf_renders import SEED, render

    rendered = render(SEED, "book")
    source = decode_pdf(rendered.data, Path("seed.pdf"))
    result = clean_source(source)
    expected = "".join(block.text for block in rendered.document.blocks).replace(" ", "")
    got = "".join(block.text for block in result.document.blocks).replace(" ", "")
    assert got == expected


def test_a_ligature_gives_back_every_character_it_draws() -> None:
    """Our serif face draws —— as one 2-em glyph (its ToUnicode: two U+2014); PDFium puts both
    characters at that glyph's place, which must not read as one dash drawn twice (simulated bold)."""
    from pipeline.document import Block, Document, Meta
    from pipeline.export import ExportOptions
    from pipeline.export.pdf import export_pdf

    text = "联邦协议——联邦数据安全交换协议，由多方共同执行，是一套标准化的协议。"
    document = Document(Meta(title="连接号"), (Block("title", "连接号"), Block("paragraph", text)))
    result = clean_source(decode_pdf(export_pdf(document, ExportOptions()), Path("dash.pdf")))
    assert [block.text for block in result.document.blocks] == ["连接号", text]


def test_characters_past_the_bmp_are_read_whole() -> None:
    """PDFium gives a character past the BMP as its two UTF-16 surrogates: an Extension B name, a
    formula's italic letter, an emoji read back as themselves."""
    from pipeline.document import Block, Document, Meta
    from pipeline.export import ExportOptions
    from pipeline.export.pdf import export_pdf

    text = "参与方𝑃与第三方𝐶一起执行，负责人𠀀先生在会上点赞👍，会议圆满结束。"
    document = Document(Meta(title="平面"), (Block("title", "平面"), Block("paragraph", text)))
    result = clean_source(decode_pdf(export_pdf(document, ExportOptions()), Path("planes.pdf")))
    assert [block.text for block in result.document.blocks] == ["平面", text]


def test_a_bullet_drawn_from_a_font_without_a_unicode_map_reads_as_a_bullet() -> None:
    # TeX's itemize bullet comes from a Type3 bitmap font whose code 0x88 maps to nothing
    items = b"\n".join(bullet_item(72, 100 + 14 * i, f"item {i}") for i in range(3))
    source = decode_pdf(pdf([items]), Path("x.pdf"))
    assert [line.text for line in source.lines] == ["• item 0", "• item 1", "• item 2"]


def test_an_unmapped_glyph_whose_code_is_a_form_feed_does_not_end_the_page() -> None:
    # TeX's fonts put "fi" at code 12: passed through as text, it split a line in two and the
    # cleaner's line numbers ran past the reader's lines (IndexError).
    def line(y: float) -> bytes:
        return (
            f"BT /F1 10 Tf 1 0 0 1 72 {PAGE_HEIGHT - y} Tm (the ) Tj /F2 10 Tf 1 0 0 1 94 {PAGE_HEIGHT - y} Tm"
            f" <0C> Tj /F1 10 Tf 1 0 0 1 99 {PAGE_HEIGHT - y} Tm (rst line) Tj ET"
        ).encode()

    source = decode_pdf(pdf([b"\n".join(line(100 + 14 * i) for i in range(3))]), Path("x.pdf"))
    assert [line.text for line in source.lines] == ["the \ufffdrst line"] * 3
    assert len(clean_source(source).document.blocks) >= 1


def test_the_labels_inside_a_drawn_diagram_are_removed_as_figure_text(tmp_path: Path) -> None:
    body = [(72, 100 + 14 * i, "alpha beta gamma delta epsilon zeta eta theta iota kappa") for i in range(8)]
    diagram = circle(300, 300, 40) + b"\n" + content([(285, 302, "data")], size=7)
    source = decode_pdf(pdf([content(body) + b"\n" + diagram]), Path("x.pdf"))
    assert [line.in_figure for line in source.lines] == [False] * 8 + [True]
    result = clean_source(source)
    assert all("data" not in block.text for block in result.document.blocks)
    assert [(f.code, f.original) for f in result.report.findings if f.code == "figure-text"] == [
        ("figure-text", "data")
    ]
