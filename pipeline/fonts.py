"""The project's committed fonts → faces, @font-face CSS, coverage checks and per-book subsets.

Every stage that sets text (layout, PDF, EPUB) takes its fonts from here, never from the system, so a
fresh machine renders the same bytes. The files in `fonts/` are WOFF2-wrapped single-face OpenType
fonts made by `tools/make_fonts.py` (see `fonts/README.md`); WOFF2 keeps the committed total near
40 MB while covering GBK and Big5. HarfBuzz cannot read WOFF2, so code that shapes text opens a
face through `sfnt_data()`, which unwraps it once per process (and, in a build, once per change of
font: `unwrapped_fonts_kept_in`). Nothing is read at import time.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.errors import LayoutError
from pipeline.paths import FONTS_DIR

#: OpenType features subsets keep. `locl` is left out on purpose: in Noto CJK it swaps in the
#: Japanese/Korean glyph forms, and the faces are already the right region's. `aalt`, `hist`,
#: `ruby` and the jamo features would pull in thousands of glyphs no book here uses.
LAYOUT_FEATURES: tuple[str, ...] = (
    "ccmp", "liga", "calt", "kern", "mark", "mkmk",
    "halt", "palt", "vhal", "vpal", "vkrn", "chws", "vchw",
    "vert", "vrt2", "fwid", "hwid", "pwid", "frac", "cpct",
)  # fmt: skip

#: Name table records a subset keeps: copyright, family and style names, version, license text.
NAME_IDS: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6, 13, 14)

VARIANTS: tuple[str, ...] = ("zh-Hans", "zh-Hant")
ROLES: tuple[str, ...] = ("serif", "sans", "fangsong", "kai", "mono", "fallback")
#: The variant of the fallback face: it serves both.
ANY_VARIANT = "*"

#: Categories that never need a glyph (controls, format characters, line/paragraph separators).
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp"})


@dataclass(frozen=True)
class Face:
    """One committed font file and how CSS names it."""

    family: str
    path: Path
    weight: int
    style: str
    role: str  # one of ROLES
    variant: str  # "zh-Hans" | "zh-Hant" | ANY_VARIANT


def _face(family: str, file: str, weight: int, role: str, variant: str) -> Face:
    return Face(
        family=family, path=FONTS_DIR / file, weight=weight, style="normal", role=role, variant=variant
    )


#: Last in every font stack: symbols, Greek, Cyrillic, arrows and math no CJK face has.
FALLBACK: Face = _face("Pipeline Fallback", "PipelineFallback-Regular.woff2", 400, "fallback", ANY_VARIANT)

#: Code and commands (`preformatted` blocks): Latin, Greek, Cyrillic and box drawing at one advance.
#: It has no Han: the variant's serif face draws those, as the font stack says.
MONO: Face = _face("Pipeline Mono", "PipelineMono-Regular.woff2", 400, "mono", ANY_VARIANT)

FACES: tuple[Face, ...] = (
    _face("Pipeline Serif SC", "PipelineSerifSC-Regular.woff2", 400, "serif", "zh-Hans"),
    _face("Pipeline Serif SC", "PipelineSerifSC-Bold.woff2", 700, "serif", "zh-Hans"),
    _face("Pipeline Sans SC", "PipelineSansSC-Bold.woff2", 700, "sans", "zh-Hans"),
    _face("Pipeline FangSong SC", "PipelineFangSongSC-Regular.woff2", 400, "fangsong", "zh-Hans"),
    _face("Pipeline Kai SC", "PipelineKaiSC-Regular.woff2", 400, "kai", "zh-Hans"),
    _face("Pipeline Serif TC", "PipelineSerifTC-Regular.woff2", 400, "serif", "zh-Hant"),
    _face("Pipeline Serif TC", "PipelineSerifTC-Bold.woff2", 700, "serif", "zh-Hant"),
    _face("Pipeline Sans TC", "PipelineSansTC-Bold.woff2", 700, "sans", "zh-Hant"),
    # No redistributable Traditional FangSong has TC forms beyond Big5 level 1 and 2 in one style;
    # Taiwan's official documents are set in Kai anyway, so the TC Kai stands in (fonts/README.md).
    _face("Pipeline Kai TC", "PipelineKaiTC-Regular.woff2", 400, "fangsong", "zh-Hant"),
    _face("Pipeline Kai TC", "PipelineKaiTC-Regular.woff2", 400, "kai", "zh-Hant"),
    MONO,
    FALLBACK,
)


def _check_variant(variant: str) -> None:
    if variant not in VARIANTS:
        raise LayoutError(f"no fonts for language {variant!r}", hint=f"use one of: {', '.join(VARIANTS)}")


def faces_for(variant: str) -> tuple[Face, ...]:
    """The faces a document in `variant` may use, the fallback face last, each file once."""
    _check_variant(variant)
    seen: set[Path] = set()
    faces: list[Face] = []
    for item in FACES:
        if item.variant in (variant, ANY_VARIANT) and item.path not in seen:
            seen.add(item.path)
            faces.append(item)
    return tuple(faces)


def face(variant: str, role: str, weight: int = 400) -> Face:
    """The face of `role` and `weight` for `variant` (or for both variants); a missing one is a
    LayoutError, never a guess."""
    _check_variant(variant)
    for item in FACES:
        if item.variant in (variant, ANY_VARIANT) and item.role == role and item.weight == weight:
            return item
    have = sorted({(item.role, item.weight) for item in FACES if item.variant in (variant, ANY_VARIANT)})
    raise LayoutError(
        f"no {role} face of weight {weight} for {variant}",
        hint="available: " + ", ".join(f"{r} {w}" for r, w in have),
    )


def font_stack(variant: str, role: str) -> str:
    """CSS `font-family` value: the role's family, then the serif family, then the fallback."""
    families = [face(variant, role, weight).family for weight in (400, 700) if _has(variant, role, weight)]
    families += [face(variant, "serif").family, FALLBACK.family]
    unique = dict.fromkeys(families)
    return ", ".join(f'"{family}"' for family in unique)


def _has(variant: str, role: str, weight: int) -> bool:
    return any(f.variant in (variant, ANY_VARIANT) and f.role == role and f.weight == weight for f in FACES)


def font_face_css(variant: str, url_for: Callable[[Face], str]) -> str:
    """@font-face rules for every face of `variant`; `url_for` turns a face into the URL to load."""
    rules = []
    for item in faces_for(variant):
        url = url_for(item)
        fmt = _css_format(item, url)
        rules.append(
            "@font-face {\n"
            f'  font-family: "{item.family}";\n'
            f'  src: url("{url}") format("{fmt}");\n'
            f"  font-weight: {item.weight};\n"
            f"  font-style: {item.style};\n"
            "}"
        )
    return "\n".join(rules) + "\n"


def _css_format(item: Face, url: str) -> str:
    """The CSS format() hint, from the URL's extension (the EPUB serves subsets as .otf/.ttf)."""
    suffix = url.rsplit(".", 1)[-1].lower() if "." in url else item.path.suffix.lstrip(".")
    return {"woff2": "woff2", "woff": "woff", "otf": "opentype", "ttf": "truetype"}.get(suffix, "opentype")


#: Where unwrapped WOFF2 faces are kept for later processes (None: in this process's memory only).
#: The build points it into its cache: unwrapping a build worker's six CJK faces takes about a
#: second, reading them back about ten milliseconds.
_unwrapped_folder: Path | None = None


@contextmanager
def unwrapped_fonts_kept_in(folder: Path) -> Iterator[None]:
    """Within the block, keep the plain OpenType bytes of the WOFF2 faces in `folder` for later
    processes, and read them from there."""
    global _unwrapped_folder
    previous, _unwrapped_folder = _unwrapped_folder, folder
    try:
        yield
    finally:
        _unwrapped_folder = previous


@cache
def sfnt_data(path: Path) -> bytes:
    """The plain OpenType bytes of a committed font (WOFF2 unwrapped), read once per process."""
    data = path.read_bytes()
    if data[:4] != b"wOF2":
        return data
    kept = _kept_unwrapped(_unwrapped_folder, path, data) if _unwrapped_folder is not None else None
    if kept is not None and kept.is_file():
        return kept.read_bytes()
    font = unwrap_woff2(data)
    if font is None:
        from fontTools.ttLib import woff2

        out = io.BytesIO()
        woff2.decompress(io.BytesIO(data), out)
        font = out.getvalue()
    if kept is not None:
        _keep_unwrapped(kept, font)
    return font


def _kept_unwrapped(folder: Path, path: Path, data: bytes) -> Path:
    """Where the unwrapped `path` is kept: named by the WOFF2 bytes and by the code that unwraps them
    (this module, fontTools), so a changed font or unwrapper never reads a stale file."""
    import hashlib

    digest = hashlib.sha256(data)
    digest.update(_unwrapper_version())
    return folder / f"{path.stem}.{digest.hexdigest()[:32]}.otf"


@cache
def _unwrapper_version() -> bytes:
    """The code that unwraps WOFF2 faces — this module's source and fontTools' version — read once."""
    from fontTools import version as fonttools_version

    return Path(__file__).read_bytes() + str(fonttools_version).encode()


def _keep_unwrapped(kept: Path, font: bytes) -> None:
    """Store an unwrapped face (atomically: workers may write it at once) and drop its stale versions."""
    from pipeline.atomic import write_atomic

    kept.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(kept, font)
    face = kept.name.split(".", 1)[0]
    for older in kept.parent.glob(f"{face}.*.otf"):
        if older != kept:
            older.unlink(missing_ok=True)


#: WOFF2's known-tag table: a table directory entry names its tag by index (W3C WOFF2 §5.1).
_WOFF2_TAGS: tuple[str, ...] = (
    "cmap", "head", "hhea", "hmtx", "maxp", "name", "OS/2", "post", "cvt ", "fpgm", "glyf", "loca",
    "prep", "CFF ", "VORG", "EBDT", "EBLC", "gasp", "hdmx", "kern", "LTSH", "PCLT", "VDMX", "vhea",
    "vmtx", "BASE", "GDEF", "GPOS", "GSUB", "EBSC", "JSTF", "MATH", "CBDT", "CBLC", "COLR", "CPAL",
    "SVG ", "sbix", "acnt", "avar", "bdat", "bloc", "bsln", "cvar", "fdsc", "feat", "fmtx", "fvar",
    "gvar", "hsty", "just", "lcar", "mort", "morx", "opbd", "prop", "trak", "Zapf", "Silf", "Glat",
    "Gloc", "Feat", "Sill",
)  # fmt: skip


def unwrap_woff2(data: bytes) -> bytes | None:
    """A WOFF2 font without transformed tables as the same OpenType bytes fontTools would write.

    fontTools' `woff2.decompress` spends most of a second per CJK face summing checksums in Python;
    the tables here are only decompressed and laid out in fontTools' order, with checksums summed
    by `array`. Returns None for what this does not handle (collections, transformed glyf/loca/hmtx,
    a malformed directory): the caller then uses fontTools.
    """
    import array
    import struct
    import sys

    import brotli
    from fontTools.ttLib import getSearchRange
    from fontTools.ttLib.ttFont import sortedTagList

    flavor, _, tables_count = struct.unpack(">4sIH", data[4:14])
    compressed_size = struct.unpack(">I", data[20:24])[0]
    if flavor == b"ttcf":
        return None
    position = 48
    directory: list[tuple[str, int]] = []
    try:
        for _ in range(tables_count):
            flags = data[position]
            position += 1
            if flags & 0x3F == 0x3F:
                tag = data[position : position + 4].decode("latin-1")
                position += 4
            else:
                tag = _WOFF2_TAGS[flags & 0x3F]
            transform = flags >> 6
            if transform != (3 if tag in ("glyf", "loca") else 0):
                return None  # a transformed table: fontTools reconstructs it
            length, position = _uint_base128(data, position)
            directory.append((tag, length))
        stream = brotli.decompress(data[position : position + compressed_size])
    except (IndexError, ValueError, brotli.error):
        return None
    tables: dict[str, bytes] = {}
    offset = 0
    for tag, length in directory:
        tables[tag] = stream[offset : offset + length]
        offset += length
    if offset != len(stream) or len(tables) != tables_count:
        return None

    def checksum(block: bytes) -> int:
        words = array.array("I", block + b"\0" * (-len(block) % 4))
        if sys.byteorder == "little":
            words.byteswap()
        return sum(words) & 0xFFFFFFFF

    header = struct.pack(">4sHHHH", flavor, tables_count, *getSearchRange(tables_count, 16))
    records: dict[str, tuple[int, int, int]] = {}  # tag → (checksum, offset, length)
    body = bytearray()
    start = 12 + 16 * tables_count
    for tag in sortedTagList(list(tables)):
        table = tables[tag]
        summed = table[:8] + b"\0\0\0\0" + table[12:] if tag == "head" else table
        records[tag] = (checksum(summed), start + len(body), len(table))
        body += table + b"\0" * (-len(table) % 4)
    entries = b"".join(struct.pack(">4sIII", tag.encode("latin-1"), *records[tag]) for tag in sorted(records))
    font = bytearray(header + entries + body)
    if "head" in records:
        total = sum(record[0] for record in records.values()) + checksum(header + entries)
        head_offset = records["head"][1]
        font[head_offset + 8 : head_offset + 12] = struct.pack(">I", (0xB1B0AFBA - total) & 0xFFFFFFFF)
    return bytes(font)


def _uint_base128(data: bytes, position: int) -> tuple[int, int]:
    """A WOFF2 UIntBase128 at `position`: (value, position after it)."""
    value = 0
    for index in range(5):
        byte = data[position + index]
        if index == 0 and byte == 0x80:
            raise ValueError("UIntBase128 with a leading zero")
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, position + index + 1
    raise ValueError("UIntBase128 longer than 5 bytes")


@cache
def coverage(item: Face) -> frozenset[int]:
    """Code points the face maps to a glyph (its cmap)."""
    import uharfbuzz as hb

    try:
        data = sfnt_data(item.path)
    except FileNotFoundError:
        raise LayoutError(
            f"font file missing: {item.path}",
            hint="restore fonts/ from git or run `python tools/make_fonts.py`",
        ) from None
    return frozenset(hb.Face(hb.Blob(data)).unicodes)


@cache
def _covered(variant: str, role: str | None) -> frozenset[int]:
    _check_variant(variant)
    faces = {
        item
        for item in FACES
        if item.variant in (variant, ANY_VARIANT) and (role is None or item.role in (role, FALLBACK.role))
    }
    return frozenset().union(*(coverage(item) for item in faces))


def uncovered(text: str, variant: str, role: str | None = None) -> Mapping[str, tuple[int, ...]]:
    """Characters of `text` no face of `variant` (of `role`, if given) nor the fallback can draw.

    Maps each character to its offsets in `text`, in order, so the caller can report file, line and
    code point. Invisible characters (controls, format characters) never count.
    """
    covered = _covered(variant, role)
    found: dict[str, list[int]] = {}
    for offset, char in enumerate(text):
        if ord(char) not in covered and unicodedata.category(char) not in _INVISIBLE:
            found.setdefault(char, []).append(offset)
    return {char: tuple(offsets) for char, offsets in found.items()}


def subset_sfnt(
    data: bytes,
    unicodes: Iterable[int],
    *,
    index: int = 0,
    drop_hinting: bool = False,
    drop_tables: Iterable[str] = (),
) -> bytes:
    """HarfBuzz subset of face `index` of `data`: the glyphs of `unicodes` and the kept features."""
    import uharfbuzz as hb

    source = hb.Face(hb.Blob(data), index)
    if not source.unicodes:
        raise LayoutError(f"face {index} of the font has no characters", hint="check the face index")
    plan = hb.SubsetInput()
    plan.sets(hb.SubsetInputSets.UNICODE).update(sorted(set(unicodes)))
    features = plan.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG)
    features.clear()
    features.update(_tag(name) for name in LAYOUT_FEATURES)
    names = plan.sets(hb.SubsetInputSets.NAME_ID)
    names.clear()
    names.update(NAME_IDS)
    plan.sets(hb.SubsetInputSets.DROP_TABLE_TAG).update(_tag(name) for name in drop_tables)
    if drop_hinting:
        plan.flags = hb.SubsetFlags.NO_HINTING
    result = hb.subset(source, plan)
    if result is None:
        raise LayoutError("HarfBuzz could not subset the font")
    return bytes(result.blob.data)


def _tag(name: str) -> int:
    return int.from_bytes(name.ljust(4).encode("ascii"), "big")


def subset_font(item: Face, text: str) -> bytes:
    """A subset of `item` holding only the glyphs `text` uses (plus layout closure), as OpenType.

    The EPUB exporter embeds these; HarfBuzz subsetting is deterministic, so equal text gives equal
    bytes.
    """
    wanted = {ord(char) for char in text} & coverage(item)
    return subset_sfnt(sfnt_data(item.path), wanted)
