"""Reading sources: the bytes of a seed file → a `Source` holding its text as one LF-normalised str.

Seeds come from PDF extractors run on many machines, so the encoding is detected, never assumed:
a byte-order mark decides UTF-8/16/32; otherwise a strict UTF-8 decode is tried first (fast, and
exact where it succeeds); only the rest goes to charset-normalizer, with the Chinese legacy
encodings widened to their supersets (GBK/GB2312 → GB18030, Big5 → CP950 or Big5-HKSCS) so no
character of a real document is lost. Line ends become LF; form feeds (U+000C) stay, the cleaner
reads them as page breaks. Anything that is not text — empty, whitespace-only, binary, undecodable,
too large — is refused with a `SourceError` that names the file and the reason in one line.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from pipeline.errors import SourceError

#: Largest source read by default; a plain-text book is a few MB, so this only stops accidents.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
MAX_BYTES_VARIABLE = "PIPELINE_MAX_BYTES"

#: Byte-order marks, longest first (the UTF-32-LE mark begins with the UTF-16-LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Leading bytes of file formats people drop into a folder of texts by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive (DOCX, EPUB, …)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable"),
)

#: charset-normalizer's name for a Chinese legacy encoding → the codecs to decode it with, superset first.
_SUPERSETS: dict[str, tuple[str, ...]] = {
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "gb18030": ("gb18030",),
    "big5": ("cp950", "big5hkscs"),
    "cp950": ("cp950", "big5hkscs"),
    "big5hkscs": ("big5hkscs",),
}

#: Without a BOM, UTF-16/32 and UTF-7 are refused rather than guessed (charset-normalizer offers them
#: for almost any short byte string).
_NO_GUESS = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le", "utf_7"]

#: How much worse (charset-normalizer "chaos", 0–1) a Chinese reading may be than the best one and
#: still win: short Chinese texts are often ranked as Korean/Japanese by a hair.
_CHINESE_MARGIN = 0.1

#: C0/C1 controls (Unicode category Cc) except the ones a text file holds: tab, LF, CR, form feed.
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_BINARY_CONTROL_SHARE = 0.05

#: A file of nothing but whitespace and invisible format characters is as good as empty.
_BLANK = re.compile(r"[\s\ufeff\u200b\u200c\u200d\u2060]*")

#: Characters a UTF-8 reading of GBK or Big5 bytes rarely produces by chance (U+0800 and up).
_WIDE_CHARS = re.compile("[^\x00-\u07ff\ufffd]")


@dataclass(frozen=True)
class Source:
    """A seed's text (LF line ends, no BOM) with the encoding it was read in and its bytes' sha256."""

    path: Path
    text: str
    encoding: str
    sha256: str


def read_source(path: Path, *, max_bytes: int | None = None) -> Source:
    """Read and decode a seed file, refusing files over `max_bytes` before reading them.

    The limit defaults to $PIPELINE_MAX_BYTES, else `DEFAULT_MAX_BYTES`: an environment variable
    reaches the build's worker processes as well as `clean`.
    """
    max_bytes = max_bytes if max_bytes is not None else size_limit()
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_large(path, size, max_bytes)
        with path.open("rb") as handle:
            # Read one byte more than allowed: special files report size 0 yet never end.
            data = handle.read(max_bytes + 1)
    except IsADirectoryError:
        raise SourceError("is a directory, not a text file", path=path) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise SourceError(f"cannot read the file: {reason}", path=path) from None
    if len(data) > max_bytes:
        raise _too_large(path, len(data), max_bytes)
    return decode_source(data, path)


def size_limit() -> int:
    """The source size limit in bytes: $PIPELINE_MAX_BYTES if set (and valid), else the default."""
    value = os.environ.get(MAX_BYTES_VARIABLE, "")
    if not value:
        return DEFAULT_MAX_BYTES
    if not value.isdigit() or int(value) <= 0:
        raise SourceError(
            f"{MAX_BYTES_VARIABLE}={value!r} is not a positive number of bytes",
            hint=f"e.g. {MAX_BYTES_VARIABLE}={2 * DEFAULT_MAX_BYTES}",
        )
    return int(value)


def decode_source(data: bytes, path: Path) -> Source:
    """Decode a seed's bytes; `path` only names the file in the Source and in error messages."""
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"%PDF-"):
        raise SourceError(
            "is a PDF file, not its text", path=path, hint="extract it first: pdftotext FILE.pdf"
        )
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise SourceError(f"is {kind}, not a text file", path=path)
    if data[4:8] == b"ftyp":
        raise SourceError("is an image or video file (ISO media), not a text file", path=path)
    if not data:
        raise SourceError("file is empty", path=path, hint="extract the document's text into it")
    text, encoding = _decode(data, path)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    _refuse_binary_text(text, path)
    if _BLANK.fullmatch(text):
        raise SourceError("file holds only whitespace", path=path, hint="extract the document's text into it")
    return Source(path=path, text=text, encoding=encoding, sha256=digest)


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    """The text and the codec name, by BOM, strict UTF-8, then charset-normalizer."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding.removesuffix("-sig")), encoding
            except UnicodeDecodeError as exc:
                raise _undecodable(path, data, exc, encoding, offset=len(bom)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" in data:
            raise _nul_bytes(path) from None
        if _is_damaged_utf8(data):
            raise _undecodable(path, data, exc, "utf-8") from None
        return _decode_legacy(data, path)
    # An extractor writes a NUL for a glyph it cannot map (pypdf): a few of them in valid UTF-8 are
    # the text's, which the cleaner removes and reports; many are UTF-16 without its BOM, or binary.
    if text.count("\x00") > _BINARY_CONTROL_SHARE * len(text):
        raise _nul_bytes(path)
    return text, "utf-8"


def _nul_bytes(path: Path) -> SourceError:
    return SourceError(
        "looks binary: it contains NUL bytes",
        path=path,
        hint="if it is UTF-16 text without a byte-order mark, re-save it as UTF-8",
    )


def _is_damaged_utf8(data: bytes) -> bool:
    """True when the bytes are UTF-8 apart from a few broken sequences (truncated, spliced files).

    GBK or Big5 text read as UTF-8 also yields some valid characters by chance, but far fewer
    than errors; a real UTF-8 file with damage has errors in the low percent at most.
    """
    decoded = data.decode("utf-8", errors="replace")
    errors = decoded.count("\ufffd") - data.count("\ufffd".encode())
    valid = _WIDE_CHARS.subn("", decoded)[1]
    return valid >= 20 * errors


def _decode_legacy(data: bytes, path: Path) -> tuple[str, str]:
    """Decode a non-UTF file with the encoding charset-normalizer finds, preferring Chinese readings."""
    matches = list(charset_normalizer.from_bytes(data, cp_exclusion=_NO_GUESS))
    if not matches:
        raise SourceError(
            "cannot be decoded: no text encoding fits its bytes",
            path=path,
            hint="save it as UTF-8",
        )
    best = min(match.chaos for match in matches)
    chinese = [m.encoding for m in matches if m.encoding in _SUPERSETS and m.chaos <= best + _CHINESE_MARGIN]
    candidates = chinese or [matches[0].encoding]
    for name in candidates:
        for codec in (*_SUPERSETS.get(name, ()), name):
            try:
                return data.decode(codec), codecs.lookup(codec).name
            except UnicodeDecodeError:
                continue
    raise SourceError(
        f"cannot be decoded: the bytes are not valid {candidates[0]}", path=path, hint="save it as UTF-8"
    )


def _refuse_binary_text(text: str, path: Path) -> None:
    """Refuse decoded text made largely of control characters (binary data that happened to decode)."""
    controls = _BINARY_CONTROLS.subn("", text)[1]
    if controls and controls > _BINARY_CONTROL_SHARE * len(text):
        share = round(100 * controls / len(text))
        raise SourceError(f"looks binary: {share}% of its characters are control characters", path=path)


def _undecodable(
    path: Path, data: bytes, exc: UnicodeDecodeError, encoding: str, offset: int = 0
) -> SourceError:
    """A SourceError pointing at the line of the first byte that does not decode."""
    position = offset + exc.start
    # Counting b"\n" finds lines only where LF is one byte: in UTF-8, not in UTF-16/32.
    line = data.count(b"\n", 0, position) + 1 if encoding.startswith("utf-8") else None
    bad = data[position : position + 1].hex()
    return SourceError(
        f"is not valid {encoding}: byte 0x{bad} at offset {position} does not decode",
        path=path,
        line=line,
        hint="the file may be truncated or joined from files in different encodings; re-save it as UTF-8",
    )


def _too_large(path: Path, size: int, max_bytes: int) -> SourceError:
    return SourceError(
        f"file is {_megabytes(size)}, over the {_megabytes(max_bytes)} limit for a source",
        path=path,
        hint=f"split it, or raise the limit: {MAX_BYTES_VARIABLE}=<bytes> python -m pipeline …",
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
