"""Dates: one reading (`pipeline.document.parse_date`) for settings, the cleaner, the PDF and the EPUB.

A settings date that is no day of the calendar fails its document with a line naming the .toml and
the key; a source's date line that is none stays text, with a warning; the PDF and the EPUB of a
document always carry the same date, or none.
"""

from __future__ import annotations

import datetime
import json
import re
import zipfile
from pathlib import Path

import pytest
from logged import expected_warnings
from pypdf import PdfReader

from pipeline.clean import clean
from pipeline.cli import main
from pipeline.document import Block, Document, Meta, NotADay, parse_date
from pipeline.errors import SettingsError
from pipeline.export.epub import publication_date
from pipeline.layout.render import pdf_date
from pipeline.settings import load_seed_settings

NOTICE = "关于开展安全检查的通知\n\n各单位：\n    为做好安全工作，现将有关事项通知如下。请认真贯彻执行。\n\n杭州市人民政府\n{date}\n"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024-02-18", datetime.date(2024, 2, 18)),
        ("2024-2-8", datetime.date(2024, 2, 8)),
        (" 2024-02-18 ", datetime.date(2024, 2, 18)),
        ("2024年2月18日", datetime.date(2024, 2, 18)),
        ("2024年12月31日", datetime.date(2024, 12, 31)),
        ("二〇二四年二月十八日", datetime.date(2024, 2, 18)),
        ("二〇二四年十二月三十一日", datetime.date(2024, 12, 31)),
        ("二〇〇八年十月二十日", datetime.date(2008, 10, 20)),
        ("二零零八年一月十日", datetime.date(2008, 1, 10)),
        ("民國36年01月01日", datetime.date(1947, 1, 1)),
        ("民国113年2月18日", datetime.date(2024, 2, 18)),
        ("公布日期：民國36年01月01日", datetime.date(1947, 1, 1)),
        ("修正日期:2024年2月18日", datetime.date(2024, 2, 18)),
        ("公布：2024年2月18日", None),
        ("", None),
        ("二〇二四年", None),
        ("2024年2月", None),
        ("2024年2月18日印发", None),
        ("二〇二四年二月十十日", None),
        ("１２３４-1-1", None),
    ],
)
def test_a_date_is_read_in_each_of_its_forms(text: str, day: datetime.date | None) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize(
    "text", ["2020-13-45", "2020-02-30", "2024年2月30日", "二〇二三年二月二十九日", "0000-01-01"]
)
def test_a_date_of_no_real_day_is_not_a_day(text: str) -> None:
    with pytest.raises(NotADay, match="not a day of the calendar"):
        parse_date(text)


@pytest.mark.parametrize(
    ("meta_date", "date_block", "expected"),
    [
        ("2024-02-18", "", "2024-02-18"),
        ("2024-2-8", "", "2024-02-08"),
        ("2024年2月18日", "", "2024-02-18"),
        ("", "2024年2月18日", "2024-02-18"),
        ("", "二〇二四年二月十八日", "2024-02-18"),
        ("2024-02-30", "2024年3月1日", "2024-03-01"),
        ("", "2024年2月30日", ""),
        ("二〇二四年", "2024年13月1日", ""),
        ("", "", ""),
    ],
)
def test_the_pdf_and_the_epub_take_the_documents_one_date(
    meta_date: str, date_block: str, expected: str
) -> None:
    blocks = (Block("meta", date_block, role="date"),) if date_block else ()
    document = Document(meta=Meta(date=meta_date), blocks=blocks)
    assert publication_date(document) == expected
    assert pdf_date(document) == (f"{expected}T00:00:00Z" if expected else "")


@pytest.mark.parametrize(
    ("value", "problem"),
    [("2020-13-45", "calendar"), ("2020-02-30", "calendar"), ("18.2.2024", "YYYY-MM-DD")],
)
def test_a_settings_date_of_no_real_day_names_the_toml_and_the_key(
    tmp_path: Path, value: str, problem: str
) -> None:
    (tmp_path / "a.txt").write_text("正文", "utf-8")
    (tmp_path / "a.toml").write_text(f'date = "{value}"\n', "utf-8")
    with pytest.raises(SettingsError) as raised:
        load_seed_settings(tmp_path / "a.txt")
    message = raised.value.render()
    assert message.startswith(f"{tmp_path / 'a.toml'}: date = {value!r}") and problem in message


def test_a_settings_date_of_no_real_day_fails_that_document_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("good", "bad"):
        (seeds / f"{name}.txt").write_text(NOTICE.format(date="2024年2月18日"), "utf-8")
    (seeds / "bad.toml").write_text('date = "2020-02-30"\n', "utf-8")
    arguments = ["--out", str(tmp_path / "dist"), "--cache", str(tmp_path / "cache"), "--formats", "epub"]
    status = main(["build", str(seeds), *arguments, "--variants", "zh-Hans", "--jobs", "1", "--quiet"])
    [line] = capsys.readouterr().err.splitlines()
    assert status == 1
    assert (
        line
        == f"error: {seeds / 'bad.toml'}: date = '2020-02-30' is not a day of the calendar (write the day as YYYY-MM-DD)"
    )
    assert sorted(path.name for path in (tmp_path / "dist").glob("*.epub")) == ["good.zh-Hans.epub"]


def test_a_source_date_of_no_real_day_stays_text_with_a_warning() -> None:
    with expected_warnings() as logged:
        document = clean(NOTICE.format(date="2024 年 2 月 30 日"), source="notice.txt").document
    assert document.blocks[-1] == Block("meta", "2024年2月30日", role="date")
    assert (document.meta.date, document.date) == ("", None)
    [record] = logged
    assert record.getMessage().startswith("line 7: 2024年2月30日 is not a day of the calendar")


def test_a_source_date_in_chinese_numerals_dates_the_document() -> None:
    document = clean(NOTICE.format(date="二〇二四年二月十八日"), source="notice.txt").document
    assert (document.meta.date, document.date) == ("2024-02-18", datetime.date(2024, 2, 18))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("line", "expected"), [("2024 年 2 月 30 日", None), ("二〇二四年二月十八日", "2024-02-18")]
)
def test_a_built_pdf_and_epub_carry_the_same_date(tmp_path: Path, line: str, expected: str | None) -> None:
    """The whole way, in this process: a date line of no real day builds (it once failed the PDF with
    an internal error and dropped the EPUB's date silently), and both files agree on the date; the
    warning comes with both artifacts."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "notice.txt").write_text(NOTICE.format(date=line), "utf-8")
    arguments = ["--out", str(tmp_path / "dist"), "--cache", str(tmp_path / "cache"), "--quiet"]
    with expected_warnings() as logged:
        assert main(["build", str(seeds), *arguments, "--variants", "zh-Hans", "--jobs", "1"]) == 0
    assert len(logged) == (1 if expected is None else 0)
    manifest = json.loads((tmp_path / "dist" / "manifest.json").read_text("utf-8"))
    for entry in manifest["artifacts"]:
        assert entry.get("warnings", []) == [record.getMessage() for record in logged]
    reader = PdfReader(tmp_path / "dist" / "notice.zh-Hans.pdf")
    xmp = reader.xmp_metadata
    pdf_created = xmp.xmp_create_date.date().isoformat() if xmp is not None and xmp.xmp_create_date else None
    with zipfile.ZipFile(tmp_path / "dist" / "notice.zh-Hans.epub") as epub:
        package = epub.read("EPUB/content.opf").decode("utf-8")
        cover = epub.read("EPUB/text/cover.xhtml").decode("utf-8")
    match = re.search(r"<dc:date>([^<]+)</dc:date>", package)
    assert pdf_created == (match[1] if match else None) == expected
    assert ("2024年2月18日" in cover) == (expected is not None)
