"""Hostile text at the source and cleaner level: markup, template syntax, URLs, control, bidi and
byte-order-mark characters stay literal text (or are removed and reported, never silently), and
very large input is cleaned without blowing up.

Speed is not asserted here (a timed test is flaky on a shared machine): the benchmark measures it.
The PDF and EPUB levels of the same inputs are tested by their exporters' owners.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from clean_checks import unaccounted
from conftest import HANGZHOU, corpus_text

from pipeline.clean import clean
from pipeline.errors import SourceError
from pipeline.sources import DEFAULT_MAX_BYTES, read_source

TITLE = "关于做好有关工作的通知"
BEFORE = "各级党委和政府要坚定信心、顽强奋斗，以更大决心推进脱贫攻坚，内容为"
AFTER = "，确保如期完成目标任务。"

#: Printable hostile text: it must come out exactly (whitespace aside), never interpreted.
MARKUP = {
    "script-tag": "<script>alert('x')</script>",
    "html-tags": '<b onclick="steal()">粗体</b><img src=x onerror=alert(1)>',
    "jinja-expression": "{{ config.items() }}",
    "jinja-statement": "{% include '/etc/passwd' %}{# comment #}",
    "file-url": "file:///etc/passwd",
    "http-url": "http://example.com/tracker.png?a=1&b=2",
    "cdata-end": "]]>",
    "cdata": "<![CDATA[ x ]]>",
    "entities": "&amp; &lt;tag&gt; &#x41;",
    "css-import": "@import url(http://example.com/x.css);",
    "xml-declaration": '<?xml version="1.0"?>',
}

#: Invisible or control characters: each may stay or go, but a removal must be reported.
CONTROLS = {
    "nul": "\x00",
    "bell-and-escape": "\x07\x1b[31m红\x1b[0m",
    "vertical-tab": "\x0b",
    "c1-control": "\x85\x9b",
    "delete": "\x7f",
    "bidi-override": "\u202eabc\u202c",
    "bidi-isolate": "\u2066עברית\u2069",
    "byte-order-mark": "\ufeff",
    "zero-width": "\u200b\u200c\u200d",
    "soft-hyphen": "\u00ad",
    "line-separator": "\u2028",
}


def _document(hostile: str) -> str:
    return f"{TITLE}\n\n{BEFORE}{hostile}{AFTER}\n"


def _squash(text: str) -> str:
    return re.sub(r"\s", "", text)


@pytest.mark.parametrize("hostile", list(MARKUP.values()), ids=list(MARKUP))
def test_markup_survives_cleaning_as_literal_text(hostile: str) -> None:
    text = _document(hostile)
    result = clean(text)
    body = "".join(block.text for block in result.document.blocks)
    assert _squash(hostile) in _squash(body)
    assert unaccounted(text, result) == {}


@pytest.mark.parametrize("hostile", list(CONTROLS.values()), ids=list(CONTROLS))
def test_control_and_invisible_characters_stay_or_are_reported(hostile: str) -> None:
    text = _document(hostile)
    result = clean(text)
    body = "".join(block.text for block in result.document.blocks)
    reported = "".join(finding.original for finding in result.report.findings)
    for char in hostile:
        assert char.isspace() or char in body or char in reported, f"U+{ord(char):04X} lost silently"
    assert unaccounted(text, result) == {}
    assert BEFORE in body


@pytest.mark.parametrize("hostile", list(MARKUP.values()), ids=list(MARKUP))
def test_a_source_file_with_markup_is_read_literally(tmp_path: Path, hostile: str) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(_document(hostile), encoding="utf-8")
    assert hostile in read_source(path).text


def test_a_few_control_characters_do_not_make_a_file_binary(tmp_path: Path) -> None:
    path = tmp_path / "escapes.txt"
    text = _document("\x1b[31m红\x1b[0m\u202e\ufeff") * 3
    path.write_text(text, encoding="utf-8")
    assert read_source(path).text == text


def test_a_stray_nul_is_read_and_removed_with_a_report(tmp_path: Path) -> None:
    # pypdf writes a NUL for a glyph it cannot map: a few in valid UTF-8 are the text's.
    path = tmp_path / "nul.txt"
    path.write_text(_document("\x00") * 3, encoding="utf-8")
    text = read_source(path).text
    assert text.count("\x00") == 3
    result = clean(text)
    assert not any("\x00" in block.text for block in result.document.blocks)
    assert not unaccounted(text, result)


def test_many_nul_bytes_make_a_file_binary(tmp_path: Path) -> None:
    # As many NULs as in UTF-16 without its BOM, or in binary data that happens to be valid UTF-8.
    path = tmp_path / "nul.txt"
    path.write_text(_document("\x00" * 40), encoding="utf-8")
    with pytest.raises(SourceError, match="NUL"):
        read_source(path)


def test_a_million_character_single_line_is_cleaned() -> None:
    sentence = "各级党委和政府要坚定信心，到2020年完成REITs试点。"
    line = sentence * (1_000_000 // len(sentence) + 1)
    result = clean(line)
    body = "".join(block.text for block in result.document.blocks)
    assert len(line) >= 1_000_000
    assert _squash(body) == _squash(line)


def test_a_large_document_is_cleaned_without_losing_anything() -> None:
    # 40 copies of a real document (2.3 MB, 1.4 million characters): every body paragraph of the
    # original comes out, and every character is in the output or the report.
    text = corpus_text(HANGZHOU)
    one = {block.text for block in clean(text).document.blocks if block.type == "paragraph"}
    result = clean(text * 40)
    assert one <= {block.text for block in result.document.blocks}
    assert unaccounted(text * 40, result) == {}


def test_a_file_over_the_default_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    # A sparse file: as large as the limit says, but it costs no disk and is never read.
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(DEFAULT_MAX_BYTES + 1)
    with pytest.raises(SourceError, match="limit"):
        read_source(path)
