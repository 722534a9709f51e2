"""Reading sources: each encoding reads back as the UTF-8 original; non-text is refused in one line."""

from __future__ import annotations

import codecs
import hashlib
import random
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import SourceError
from pipeline.sources import DEFAULT_MAX_BYTES, decode_source, read_source

CORPUS = Path(__file__).parent / "corpus"
SEED = (CORPUS / "000_94766af0f6a420c9.txt").read_text(encoding="utf-8")
#: GBK lacks U+2003, which the seed uses for paragraph ends.
SEED_GBK = SEED.replace("\u2003", "")
#: The seed as pdftotext gives a text of several pages: a form feed before each new one.
PAGED = "\f".join([SEED_GBK] * 3)

# Big5 has no Simplified characters, so the Big5 fixtures are Traditional text written by hand.
TRADITIONAL = (
    "習近平強調，要繼續聚焦「三區三州」等深度貧困地區，落實脫貧攻堅方案，\n"
    "瞄準突出問題和薄弱環節狠抓政策落實，攻堅克難完成任務。對 52 個未摘帽\n"
    "貧困縣和 1113 個貧困村實施掛牌督戰，各省區市要凝心聚力「戰」。\n"
    "\f— 2 —\n"
    "臺灣與香港的讀者，請注意：本文件於 2020 年 3 月 6 日發佈，資料來源為新華社。\n"
)


def _with_bom(bom: bytes, codec: str) -> bytes:
    return bom + SEED.encode(codec)


# (id, raw bytes, the UTF-8 original they must read back as, the encoding reported)
ENCODED: list[tuple[str, bytes, str, str]] = [
    ("utf-8", SEED.encode("utf-8"), SEED, "utf-8"),
    ("utf-8-sig", SEED.encode("utf-8-sig"), SEED, "utf-8-sig"),
    ("utf-16-le-bom", _with_bom(codecs.BOM_UTF16_LE, "utf-16-le"), SEED, "utf-16-le"),
    ("utf-16-be-bom", _with_bom(codecs.BOM_UTF16_BE, "utf-16-be"), SEED, "utf-16-be"),
    ("utf-16-native", SEED.encode("utf-16"), SEED, "utf-16-le" if sys.byteorder == "little" else "utf-16-be"),
    ("utf-32-bom", _with_bom(codecs.BOM_UTF32_LE, "utf-32-le"), SEED, "utf-32-le"),
    ("gb18030", SEED.encode("gb18030"), SEED, "gb18030"),
    ("gbk", SEED_GBK.encode("gbk"), SEED_GBK, "gb18030"),
    ("gbk-short", SEED_GBK[30:45].encode("gbk"), SEED_GBK[30:45], "gb18030"),
    ("gbk-seven-chars", "杭州市人民政府".encode("gbk"), "杭州市人民政府", "gb18030"),
    ("big5", TRADITIONAL.encode("big5"), TRADITIONAL, "cp950"),
    ("big5-short", TRADITIONAL[:8].encode("big5"), TRADITIONAL[:8], "cp950"),
    ("crlf", SEED.replace("\n", "\r\n").encode("utf-8"), SEED, "utf-8"),
    ("cr", SEED.replace("\n", "\r").encode("utf-8"), SEED, "utf-8"),
    ("crlf-gb18030", PAGED.replace("\n", "\r\n").encode("gb18030"), PAGED, "gb18030"),
    (
        "crlf-utf-16",
        SEED.replace("\n", "\r\n").encode("utf-16"),
        SEED,
        "utf-16-le" if sys.byteorder == "little" else "utf-16-be",
    ),
]


@pytest.mark.parametrize(
    ("raw", "original", "encoding"), [c[1:] for c in ENCODED], ids=[c[0] for c in ENCODED]
)
def test_every_supported_encoding_reads_back_as_the_utf8_original(
    tmp_path: Path, raw: bytes, original: str, encoding: str
) -> None:
    path = tmp_path / "seed.txt"
    path.write_bytes(raw)
    source = read_source(path)
    assert source.text == original
    assert source.encoding == encoding
    assert source.path == path
    assert source.sha256 == hashlib.sha256(raw).hexdigest()


def test_form_feeds_survive_as_page_breaks() -> None:
    raw = PAGED.replace("\n", "\r\n").encode("gb18030")
    text = decode_source(raw, Path("paged.txt")).text
    assert text.count("\f") == PAGED.count("\f") > 0
    assert "\r" not in text


def test_mixed_line_ends_all_become_lf() -> None:
    text = decode_source("一\r\n二\r三\n四\r\n\r\n五".encode(), Path("x.txt")).text
    assert text == "一\n二\n三\n四\n\n五"


def test_only_the_leading_bom_is_stripped() -> None:
    text = decode_source(codecs.BOM_UTF8 + "甲\ufeff乙".encode(), Path("x.txt")).text
    assert text == "甲\ufeff乙"


@pytest.mark.parametrize(
    "codec", ["utf-8", "utf-8-sig", "utf-16", "gb18030"], ids=["utf-8", "utf-8-sig", "utf-16", "gb18030"]
)
def test_the_cleaned_document_does_not_depend_on_the_encoding(tmp_path: Path, codec: str) -> None:
    from pipeline.clean import clean

    path = tmp_path / "seed.txt"
    path.write_bytes(SEED.replace("\n", "\r\n").encode(codec))
    assert clean(read_source(path).text).document.blocks == clean(SEED).document.blocks


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64))


def _random_bytes(low: int = 0) -> bytes:
    rng = random.Random(20240218)
    return bytes(rng.randrange(low, 256) for _ in range(4096))


# (id, raw bytes, a word the one-line message must contain)
REFUSED: list[tuple[str, bytes, str]] = [
    ("empty", b"", "empty"),
    ("spaces-and-newlines", b"  \n\t\r\n   \n", "whitespace"),
    ("ideographic-spaces", "\u3000\u3000\n\u2003\f\n".encode(), "whitespace"),
    ("bom-only", codecs.BOM_UTF8, "whitespace"),
    ("utf-16-bom-and-spaces", "  \n ".encode("utf-16"), "whitespace"),
    ("zero-width-only", "\u200b\ufeff\u200b\n".encode(), "whitespace"),
    ("nul-bytes", "正文\x00正文".encode(), "NUL"),
    ("utf-16-without-bom", SEED.encode("utf-16-le"), "NUL"),
    ("png", _png(), "PNG"),
    ("jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64), "JPEG"),
    ("gif", b"GIF89a\x01\x00\x01\x00" + bytes(16), "GIF"),
    ("webp-like-iso-media", b"\x00\x00\x00\x18ftypheic" + bytes(16), "image"),
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    ("zip", b"PK\x03\x04\x14\x00\x00\x00" + bytes(32), "ZIP"),
    ("random-bytes", _random_bytes(), "binary"),
    ("control-characters", bytes(range(1, 32)) * 20 + "正文".encode(), "control"),
    ("high-random-bytes", _random_bytes(low=0x80), "decode"),
    ("damaged-utf-8", SEED.encode()[:3001] + b"\xff" + SEED.encode()[3001:], "utf-8"),
    ("truncated-utf-8", SEED.rstrip().encode()[:-1], "utf-8"),
    ("odd-length-utf-16", SEED.encode("utf-16")[:-1], "utf-16"),
]


@pytest.mark.parametrize(("raw", "word"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_non_text_is_refused_in_one_line_naming_the_file(tmp_path: Path, raw: bytes, word: str) -> None:
    path = tmp_path / "bad seed.txt"
    path.write_bytes(raw)
    with pytest.raises(SourceError) as caught:
        read_source(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert word.lower() in message.lower()
    assert "\n" not in message
    assert caught.value.exit_status == 1


def test_damaged_utf8_is_reported_at_its_line() -> None:
    raw = SEED.encode()
    cut = raw.index("坚决完".encode())
    with pytest.raises(SourceError) as caught:
        decode_source(raw[:cut] + b"\xff" + raw[cut:], Path("seed.txt"))
    assert caught.value.line == raw.count(b"\n", 0, cut) + 1


def test_gbk_text_is_not_mistaken_for_damaged_utf8() -> None:
    # GBK bytes form valid UTF-8 sequences by chance; the reader must still see GBK.
    assert decode_source(SEED_GBK.encode("gbk"), Path("x.txt")).encoding == "gb18030"


def test_a_file_over_the_size_limit_is_refused_with_a_way_to_raise_it(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(("正文" * 200).encode())
    with pytest.raises(SourceError) as caught:
        read_source(path, max_bytes=1000)
    assert "limit" in str(caught.value)
    assert "PIPELINE_MAX_BYTES" in str(caught.value)


def test_the_size_limit_can_be_raised_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(("正文" * 200).encode())
    monkeypatch.setenv("PIPELINE_MAX_BYTES", "1000")
    with pytest.raises(SourceError):
        read_source(path)
    monkeypatch.setenv("PIPELINE_MAX_BYTES", "2000")
    assert read_source(path).text == "正文" * 200
    monkeypatch.setenv("PIPELINE_MAX_BYTES", "lots")
    with pytest.raises(SourceError, match="PIPELINE_MAX_BYTES"):
        read_source(path)


def test_a_file_exactly_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "edge.txt"
    raw = ("正文" * 200).encode()
    path.write_bytes(raw)
    assert read_source(path, max_bytes=len(raw)).text == "正文" * 200


def test_the_default_size_limit_allows_a_large_book() -> None:
    assert DEFAULT_MAX_BYTES >= 50 * 1024 * 1024


def test_a_missing_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot read"):
        read_source(tmp_path / "missing.txt")


def test_a_directory_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="directory"):
        read_source(tmp_path)


@pytest.mark.parametrize(("name", "raw"), [("empty.txt", b""), ("photo.txt", _png())], ids=["empty", "png"])
def test_the_clean_command_refuses_a_bad_file_without_a_traceback(
    tmp_path: Path, name: str, raw: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(raw)
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "clean", str(path)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert name in lines[0]
