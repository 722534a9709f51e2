"""Every kind of correction, end to end: the seed's TOML → the Document → the text of the PDF and EPUB.

One build of the Hangzhou notice (zh-Hans, PDF and EPUB, with `--review`) is shared by the module's
tests, on one xdist worker. Each fix below changes something a reader of the publication sees.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import HANGZHOU, source_path
from lxml import etree
from pdf_measure import outline_titles, squeeze
from pypdf import PdfReader

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("fixes-e2e")]

FIXES = """
[[fix]]   # the lead of the first policy, made a heading of its own
at = "推动《杭州市政府投资项目管理条例》出台"
do = "heading:2"

[[fix]]
at = "目 120 个左右，完成投资 800 亿元以上"
do = "break-before"

[[fix]]
at = "左右，完成投资 2200 亿元以上"
do = "drop"

[[fix]]
at = "（一）发挥省市重大建设项目带动支撑作用"
do = "join"

[[fix]]
at = "一、扩大有效投资政策"
do = "paragraph"

[[fix]]
at = "（二）加大财政支持力度"
do = "list_item:2"

[[fix]]
at = "（四）加强用地用林要素保障"
do = "meta:byline"

[[fix]]
at = "— 2 —"
do = "keep"
"""
XHTML = {"x": "http://www.w3.org/1999/xhtml"}


@dataclass(frozen=True)
class Built:
    out: Path
    document: dict[str, object]
    pdf_text: str
    outline: list[str]
    elements: list[tuple[str, str, str]]  # the EPUB's body elements: (tag, class, text)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = tmp_path_factory.mktemp("fixes")
    seed = folder / "notice.txt"
    seed.write_text(source_path(HANGZHOU, "pdftotext").read_text("utf-8"), "utf-8")
    seed.with_suffix(".toml").write_text(FIXES, "utf-8")
    out = folder / "dist"
    command = [
        sys.executable,
        "-m",
        "pipeline",
        "build",
        str(seed),
        "--out",
        str(out),
        "--cache",
        str(folder / "cache"),
    ]
    options = ["--formats", "pdf,epub", "--variants", "zh-Hans", "--review", "--quiet"]
    run = subprocess.run([*command, *options], capture_output=True, text=True, check=False, timeout=900)
    assert run.returncode == 0, run.stderr
    cleaned = subprocess.run(
        [sys.executable, "-m", "pipeline", "clean", str(seed), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    pdf = (out / "notice.zh-Hans.pdf").read_bytes()
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    elements = []
    with zipfile.ZipFile(out / "notice.zh-Hans.epub") as book:
        for name in sorted(n for n in book.namelist() if n.startswith("EPUB/text/section")):
            body = etree.fromstring(book.read(name)).find("x:body", XHTML)
            for element in body.iter():
                if element.tag.endswith(("}p", "}h1", "}h2", "}h3", "}h4", "}h5", "}li")):
                    text = "".join(element.itertext())
                    elements.append((etree.QName(element).localname, element.get("class", ""), text))
    return Built(out, json.loads(cleaned.stdout), pdf_text, outline_titles(pdf), elements)


def element(built: Built, starts: str) -> tuple[str, str, str]:
    return next(item for item in built.elements if item[2].startswith(starts))


def blocks(built: Built) -> list[dict[str, object]]:
    found = built.document["blocks"]
    assert isinstance(found, list)
    return found


def test_heading_level(built: Built) -> None:
    text = "推动《杭州市政府投资项目管理条例》出台。落实省扩大有效投资“千项万亿”工程，2024年，抓好省“千项万亿”重大项"
    assert {"type": "heading", "text": text, "level": 2} in blocks(built)
    assert element(built, "推动《杭州市政府")[:2] == ("h3", "heading level-2")
    assert text in built.outline


def test_break_before(built: Built) -> None:
    assert any(str(b["text"]).startswith("目120个左右") for b in blocks(built))
    assert element(built, "目120个左右")[0] == "p"
    assert re.search(r"\n目 ?120", built.pdf_text)  # the new paragraph starts a line


def test_drop(built: Built) -> None:
    gone = "带动固定资产投资增长3%"
    assert not any(gone in str(b["text"]) for b in blocks(built))
    assert gone not in squeeze(built.pdf_text)
    assert not any(gone in text for _, _, text in built.elements)


def test_join(built: Built) -> None:
    joined = "推进市重点项目800个（一）发挥省市重大建设项目带动支撑作用。"
    assert any(joined in str(b["text"]) for b in blocks(built))
    assert joined in element(built, "目120个左右")[2]
    assert joined in squeeze(built.pdf_text)


def test_paragraph(built: Built) -> None:
    assert {"type": "paragraph", "text": "一、扩大有效投资政策（由市发改委牵头实施）"} in blocks(built)
    assert element(built, "一、扩大有效投资政策")[0] == "p"
    assert not any(title.startswith("一、扩大有效投资政策") for title in built.outline)
    assert "一、扩大有效投资政策（由市发改委牵头实施）" in squeeze(built.pdf_text)


def test_list_item(built: Built) -> None:
    [item] = [b for b in blocks(built) if str(b["text"]).startswith("（二）加大财政支持力度")]
    assert (item["type"], item["level"]) == ("list_item", 2)
    assert element(built, "（二）加大财政支持力度")[2] == item["text"]
    assert squeeze(str(item["text"]))[:40] in squeeze(built.pdf_text)


def test_meta_role(built: Built) -> None:
    [meta] = [b for b in blocks(built) if str(b["text"]).startswith("（四）加强用地用林要素保障")]
    assert (meta["type"], meta["role"]) == ("meta", "byline")
    assert element(built, "（四）加强用地用林要素保障")[1] == "meta byline"
    assert squeeze(str(meta["text"]))[:40] in squeeze(built.pdf_text)


def test_keep(built: Built) -> None:
    assert any("其中，—2—" in str(b["text"]) for b in blocks(built))
    assert "—2—" not in built.document["removed"]  # type: ignore[operator]
    assert "其中，—2—" in squeeze(built.pdf_text)
    assert "其中，—2—" in element(built, "（二）加大财政支持力度")[2]


def test_the_review_page_is_written_beside_but_not_published(built: Built) -> None:
    page = (built.out / "notice.review.html").read_text("utf-8")
    assert page.count('class="fx"') >= 8 and "fix 8" in page
    manifest = json.loads((built.out / "manifest.json").read_text("utf-8"))
    assert [a["name"] for a in manifest["artifacts"]] == ["notice.zh-Hans.epub", "notice.zh-Hans.pdf"]
    assert "review" not in (built.out / "SHA256SUMS").read_text("utf-8")
