"""The review page (pipeline/review/): what it holds, that it stands alone, that it is valid HTML,
and the `review` command. tests/test_review_browser.py loads it in Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from conftest import HANGZHOU, real_document, source_path
from lxml import html as lxml_html
from review_pages import NU_CHECKER, required

from pipeline import fonts
from pipeline.clean import CleanResult, clean
from pipeline.cli import main
from pipeline.fixes import parse_fixes
from pipeline.review import review_page

#: A correction of each effect the page shows: a changed block, a line left out, one unneeded.
HANGZHOU_FIXES = [
    {"at": "推动《杭州市政府投资项目管理条例》出台", "do": "heading:2"},
    {"at": "目 120 个左右，完成投资 800 亿元以上", "do": "break-before"},
    {"at": "左右，完成投资 2200 亿元以上", "do": "drop"},
    {"at": "江省重大建设项目管理办法》", "do": "join"},
]


@cache
def hangzhou_pdf_page(folder: Path) -> Path:
    """The review page of the Hangzhou notice's PDF itself, written into `folder`."""
    out = folder / "hangzhou-pdf.review.html"
    assert main(["review", str(real_document(HANGZHOU).folder / "source.pdf"), "--out", str(out)]) == 0
    return out


@cache
def hangzhou_page() -> tuple[str, str, CleanResult]:
    """The Hangzhou notice's review page with HANGZHOU_FIXES: (page, source text, result)."""
    text = source_path(HANGZHOU, "pdftotext").read_text("utf-8")
    result = clean(text, source="pdftotext.txt", fixes=parse_fixes(HANGZHOU_FIXES, Path("hangzhou.toml")))
    with fonts.unwrapped_fonts_kept_in(Path(__file__).parent.parent / ".cache" / "pipeline" / "fonts"):
        return review_page(text, result, source="pdftotext.txt"), text, result


def test_every_source_line_and_block_is_on_the_page() -> None:
    page, text, result = hangzhou_page()
    tree = lxml_html.fromstring(page)
    lines = tree.find_class("l")
    count = len(text.removesuffix("\n").split("\n"))
    assert [line.get("id") for line in lines] == [f"L{n}" for n in range(1, count + 1)]
    assert [line.find_class("t")[0].text_content() for line in lines][
        25
    ] == "一、扩大有效投资政策（由市发改委牵头实施）¶"
    blocks = tree.find_class("b")
    assert len(blocks) == len(result.document.blocks)
    for element, block in zip(blocks, result.document.blocks, strict=True):
        assert block.lines is not None
        assert (int(element.get("data-f")), int(element.get("data-l"))) == block.lines
        assert element.find_class("bt")[0].text_content() == block.text


def test_furniture_spaces_repairs_and_line_ends_are_marked() -> None:
    page, _, _ = hangzhou_page()
    tree = lxml_html.fromstring(page)
    line = tree.get_element_by_id
    assert "rm" in line("L16").classes and line("L16").find_class("why")[0].text == "page-marker"
    assert "rm" in line("L30").classes and "fix-drop" in line("L30").text_content()
    assert [d.text for d in line("L29").find_class("sp")] == ["·"] * 6  # 目 120 个 … 800 亿 … 800 个
    assert line("L19").find_class("j") and line("L25").find_class("p")
    [repaired] = tree.xpath('//*[@id="L564"]//*[@class="map"]')
    assert repaired.get("title").startswith("full-width digit")


def test_the_summary_counts_blocks_removals_fixes_and_warnings() -> None:
    page, _, result = hangzhou_page()
    tree = lxml_html.fromstring(page)
    facts = {dt.text: dd.text_content() for dt, dd in zip(tree.iter("dt"), tree.iter("dd"), strict=True)}
    for kind, count in Counter(b.type for b in result.document.blocks if b.type == "paragraph").items():
        assert f"{kind} {count}" in facts["Blocks"]
    assert "page-marker 34" in facts["Removed"] and "fix-drop 1" in facts["Removed"]
    assert "fullwidth-ascii 3" in facts["Repaired"]
    assert facts["Corrections"].count("fix ") == len(HANGZHOU_FIXES)
    assert "already continues its paragraph" in facts["Warnings"]  # the join was not needed
    assert len(tree.find_class("fx")) >= 2 * 3  # badges on the lines and blocks the fixes changed


def test_the_page_stands_alone_and_is_under_a_megabyte() -> None:
    page, _, _ = hangzhou_page()
    assert len(page.encode()) < 1_000_000
    tree = lxml_html.fromstring(page)
    for element in tree.iter():
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            value = element.get(name)
            assert value is None or value.startswith("#"), (element.tag, name, value)
    assert not tree.xpath("//link | //iframe | //object | //embed | //img")
    urls = re.findall(r"url\(([^)]{0,40})", page)
    assert urls and all(url.startswith("data:font/otf;base64,") for url in urls)
    assert "@import" not in page


def test_the_page_is_reproducible() -> None:
    page, text, result = hangzhou_page()
    assert review_page(text, result, source="pdftotext.txt") == page


def test_the_page_is_valid_html(tmp_path: Path) -> None:
    if not shutil.which("java"):
        required("Java is not installed: the Nu HTML checker needs it")
    if not NU_CHECKER.is_file():
        required(f"the Nu HTML checker is not at {NU_CHECKER} (nox -s tests installs it with npm)")
    page, _, _ = hangzhou_page()
    (tmp_path / "hangzhou.review.html").write_text(page, "utf-8")
    seed = tmp_path / "seed.txt"
    shutil.copy(Path(__file__).parent / "corpus" / "000_94766af0f6a420c9.txt", seed)
    assert main(["review", str(seed), "--out", str(tmp_path / "seed.review.html")]) == 0
    hangzhou_pdf_page(tmp_path)
    pages = sorted(str(path) for path in tmp_path.glob("*.html"))
    assert len(pages) == 3
    checked = subprocess.run(
        ["java", "-jar", str(NU_CHECKER), "--errors-only", *pages],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_pdf_source_shows_where_each_line_stands(tmp_path: Path) -> None:
    tree = lxml_html.fromstring(hangzhou_pdf_page(tmp_path).read_text("utf-8"))
    lines = tree.find_class("l")
    pages = [line.get("data-page") for line in lines if "pg" in line.classes]
    assert pages == [f"page {n}" for n in range(1, 35)]
    number = lines[0].find_class("n")[0]
    assert re.fullmatch(r"page 1, x \d+–\d+ pt, baseline \d+ pt, [\d.]+ pt( bold)?", number.get("title"))
    indents = [
        float(m[1]) for line in lines if (m := re.match(r"--indent: ([\d.]+)em", line.get("style") or ""))
    ]
    assert indents and max(indents) > 4  # centred lines (the document number, the signature) stand in


def test_review_writes_the_page_where_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = tmp_path / "notice.txt"
    shutil.copy(Path(__file__).parent / "corpus" / "000_94766af0f6a420c9.txt", seed)
    seed.with_suffix(".toml").write_text('slug = "notice-2024"\n', "utf-8")
    out = tmp_path / "pages" / "notice.html"
    assert main(["review", str(seed), "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"wrote {out}\n"
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_review_writes_into_dist_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(Path(__file__).parent / "corpus" / "000_94766af0f6a420c9.txt", tmp_path / "notice.txt")
    monkeypatch.chdir(tmp_path)
    assert main(["review", "notice.txt"]) == 0
    assert (tmp_path / "dist" / "notice.review.html").is_file()


def test_a_bad_fix_fails_review_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = tmp_path / "notice.txt"
    shutil.copy(Path(__file__).parent / "corpus" / "000_94766af0f6a420c9.txt", seed)
    seed.with_suffix(".toml").write_text('[[fix]]\nat = "no such text"\ndo = "drop"\n', "utf-8")
    out = tmp_path / "notice.html"
    assert main(["review", str(seed), "--out", str(out)]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert 'fix 1 (at = "no such text", do = "drop"): no source line holds this text' in line
    assert not out.exists()


def test_review_of_a_missing_seed_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["review", str(tmp_path / "missing.txt")]) == 2
