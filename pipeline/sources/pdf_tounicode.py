"""The ToUnicode maps of a PDF's fonts, read by us where PDFium could not map a character.

PDFium gives up on some valid ToUnicode CMaps (e.g. Word for Mac's SimSun: `bfrange` entries past
a point come back unmapped, as the character code itself), where pdftotext and pypdf read them.
For those characters only, the font's ToUnicode stream is found with pypdf by the font's base
name (subset tags make it unique to one embedded font) and parsed here: `bfchar` and `bfrange`
(with a start code or an array of destinations), destinations in UTF-16BE.
"""

from __future__ import annotations

import io
import re
from typing import Any

_TOKEN = re.compile(rb"<([0-9A-Fa-f\s]*)>|\[|\]|beginbfchar|endbfchar|beginbfrange|endbfrange")

#: A CMap larger than this is no font's ToUnicode map (protects against hostile streams).
_MAX_CMAP_BYTES = 4 * 1024 * 1024
#: Ranges wider than this are refused, as no font has so many glyphs in one range.
_MAX_RANGE = 65536


class ToUnicodeMaps:
    """Character code → text for every font with a ToUnicode map, read on first use."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._maps: dict[str, dict[int, str]] | None = None

    def lookup(self, font: str, code: int) -> str | None:
        """The text of character `code` in the font with base name `font` (subset tag included)."""
        if self._maps is None:
            self._maps = _read_maps(self._data)
        found = self._maps.get(font)
        return found.get(code) if found else None


def _read_maps(data: bytes) -> dict[str, dict[int, str]]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    maps: dict[str, dict[int, str]] = {}
    try:
        reader = PdfReader(io.BytesIO(data))
        for page in reader.pages:
            _collect(page.get("/Resources"), maps, depth=0)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        pass  # an unreadable structure leaves the characters unmapped, as PDFium had them
    return maps


def _collect(resources: Any, maps: dict[str, dict[int, str]], depth: int) -> None:
    """Fonts of a resource dictionary and of the form XObjects it holds."""
    if resources is None or depth > 8:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        name = str(font.get("/BaseFont", "")).lstrip("/")
        if name and name not in maps and "/ToUnicode" in font:
            stream = font["/ToUnicode"].get_object()
            raw = stream.get_data() if hasattr(stream, "get_data") else b""
            maps[name] = parse_cmap(raw[:_MAX_CMAP_BYTES])
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            _collect(xobject.get("/Resources"), maps, depth + 1)


def parse_cmap(data: bytes) -> dict[int, str]:
    """The `bfchar` and `bfrange` entries of a ToUnicode CMap."""
    mapping: dict[int, str] = {}
    section = b""
    values: list[bytes | list[bytes]] = []
    array: list[bytes] | None = None
    for match in _TOKEN.finditer(data):
        token = match.group(0)
        if token in (b"beginbfchar", b"beginbfrange"):
            section, values = token, []
        elif token in (b"endbfchar", b"endbfrange"):
            _apply(section, values, mapping)
            section = b""
        elif token == b"[":
            array = []
        elif token == b"]":
            if array is not None:
                values.append(array)
            array = None
        elif section:
            hexdigits = re.sub(rb"\s", b"", match.group(1) or b"")
            if array is not None:
                array.append(hexdigits)
            else:
                values.append(hexdigits)
    return mapping


def _apply(section: bytes, values: list[bytes | list[bytes]], mapping: dict[int, str]) -> None:
    if section == b"beginbfchar":
        for code, target in zip(values[::2], values[1::2], strict=False):
            if isinstance(code, bytes) and isinstance(target, bytes) and code:
                mapping[int(code, 16)] = _utf16(target)
        return
    for index in range(0, len(values) - 2, 3):
        low, high, target = values[index : index + 3]
        if not isinstance(low, bytes) or not isinstance(high, bytes) or not low or not high:
            continue
        start, end = int(low, 16), int(high, 16)
        if not 0 <= end - start < _MAX_RANGE:
            continue
        if isinstance(target, list):
            for offset, item in enumerate(target[: end - start + 1]):
                mapping[start + offset] = _utf16(item)
        elif target:
            first = _utf16(target)
            if not first:
                continue
            last = ord(first[-1])
            for offset in range(min(end - start, 0x10FFFF - last) + 1):
                mapping[start + offset] = first[:-1] + chr(last + offset)


def _utf16(hexdigits: bytes) -> str:
    try:
        return bytes.fromhex(hexdigits.decode("ascii")).decode("utf-16-be")
    except (ValueError, UnicodeDecodeError):
        return ""
