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
from typing import Any

from pipeline.errors import LayoutError
from pipeline.paths import FONTS_DIR
from pipeline.variants import VARIANTS

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

ROLES: tuple[str, ...] = ("serif", "sans", "fangsong", "kai", "mono", "fallback")
#: Roles of the faces that serve every variant: Latin letters for styles that want a proportional
#: Times-metric face beside FangSong, Han ideographs the CJK faces lack, emoji, other symbols.
LATIN_ROLES: tuple[str, ...] = ("latin-serif", "latin-sans")
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


#: Last but one in every font stack: symbols, Greek, Cyrillic, arrows and math no CJK face has.
FALLBACK: Face = _face("Pipeline Fallback", "PipelineFallback-Regular.woff2", 400, "fallback", ANY_VARIANT)

#: Code and commands (`preformatted` blocks): Latin, Greek, Cyrillic and box drawing at one advance.
#: It has no Han: the variant's serif face draws those, as the font stack says.
MONO: Face = _face("Pipeline Mono", "PipelineMono-Regular.woff2", 400, "mono", ANY_VARIANT)

#: Han ideographs the CJK faces lack (Unicode's Extensions A–H, compatibility ideographs, radicals,
#: strokes), in three files by source: a font file holds at most 65 535 glyphs.
HAN_FALLBACKS: tuple[Face, ...] = (
    _face("Pipeline Han A", "PipelineHanA-Regular.woff2", 400, "han", ANY_VARIANT),
    _face("Pipeline Han B", "PipelineHanB-Regular.woff2", 400, "han", ANY_VARIANT),
    _face("Pipeline Han C", "PipelineHanC-Regular.woff2", 400, "han", ANY_VARIANT),
)
#: Emoji, with their ZWJ sequences, flags and skin tones (monochrome outlines: PDF and EPUB alike).
EMOJI: Face = _face("Pipeline Emoji", "PipelineEmoji-Regular.woff2", 400, "emoji", ANY_VARIANT)

#: Mathematical alphanumerics (𝑃 𝐶 𝐱: letters of a formula copied into the text) and the operators
#: the fallback face lacks: DejaVu Math TeX Gyre, the DejaVu fallback's mathematical companion.
MATH: Face = _face("Pipeline Math", "PipelineMath-Regular.woff2", 400, "math", ANY_VARIANT)

#: Made per document, never committed: one box per character no other face draws (`placeholder_font`).
PLACEHOLDER: Face = Face(
    family="Pipeline Placeholder",
    path=FONTS_DIR / "PipelinePlaceholder.otf",
    weight=400,
    style="normal",
    role="placeholder",
    variant=ANY_VARIANT,
)

#: What every stack ends with, in this order, whatever its variant and role.
FALLBACKS: tuple[Face, ...] = (*HAN_FALLBACKS, EMOJI, FALLBACK, MATH)

#: Proportional Latin faces with Times/Helvetica metrics, for styles whose CJK face sets Latin
#: letters monospaced (FangSong): `latin_face(role, weight)` picks the one matching a CJK role.
LATIN_FACES: tuple[Face, ...] = (
    _face("Pipeline Latin Serif", "PipelineLatinSerif-Regular.woff2", 400, "latin-serif", ANY_VARIANT),
    _face("Pipeline Latin Serif", "PipelineLatinSerif-Bold.woff2", 700, "latin-serif", ANY_VARIANT),
    _face("Pipeline Latin Sans", "PipelineLatinSans-Bold.woff2", 700, "latin-sans", ANY_VARIANT),
)

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
    *LATIN_FACES,
    *FALLBACKS,
)


def _check_variant(variant: str) -> None:
    if variant not in VARIANTS:
        raise LayoutError(f"no fonts for language {variant!r}", hint=f"use one of: {', '.join(VARIANTS)}")


def faces_for(variant: str) -> tuple[Face, ...]:
    """Every committed face a document in `variant` may use, the fallback faces last, each file once."""
    _check_variant(variant)
    seen: set[Path] = set()
    faces: list[Face] = []
    for item in FACES:
        if item.variant in (variant, ANY_VARIANT) and item.path not in seen:
            seen.add(item.path)
            faces.append(item)
    return tuple(faces)


def faces_to_declare(variant: str, text: str, *, latin: bool = False) -> tuple[Face, ...]:
    """The faces a PDF of `text` declares: the variant's CJK faces, the Latin faces where the style
    sets Latin apart (`latin`), and only those fallback faces (and the placeholder) that draw a
    character of `text` the variant's faces lack, so that a document without rare characters never
    loads the large Han fallbacks."""
    own = [item for item in faces_for(variant) if item not in FALLBACKS and item not in LATIN_FACES]
    if latin:
        own += LATIN_FACES
    return (*own, *fallbacks_needed(text, variant))


def fallbacks_needed(text: str, variant: str) -> tuple[Face, ...]:
    """The fallback faces that draw some character of `text` no face of `variant` has, in stack
    order, and `PLACEHOLDER` last when some character is in no face at all."""
    return tuple(item for item, _ in fallback_shares(text, _covered(variant, None)))


def fallback_shares(text: str, covered: frozenset[int]) -> list[tuple[Face, str]]:
    """What each fallback face draws of `text` beyond the code points `covered`: (face, its
    characters) in stack order, `PLACEHOLDER` last with the visible characters no face has. A
    fallback face is opened only when some character is left for it."""
    left = {
        char
        for char in set(text)
        if ord(char) not in covered and unicodedata.category(char) not in _INVISIBLE
    }
    shares: list[tuple[Face, str]] = []
    for item in FALLBACKS:
        if not left:
            break
        drawn = {char for char in left if ord(char) in coverage(item)}
        if drawn:
            shares.append((item, "".join(sorted(drawn))))
            left -= drawn
    boxed = _visible(left)  # a mark no face has goes with its base; anything else gets a box
    if boxed:
        shares.append((PLACEHOLDER, "".join(sorted(boxed))))
    return shares


def _visible(chars: set[str]) -> set[str]:
    """`chars` less those that need no glyph of their own: controls, format characters (ZWJ,
    variation selectors are Mn: they go with their base), combining marks."""
    return {
        char for char in chars if unicodedata.category(char) not in _INVISIBLE and not _goes_with_base(char)
    }


def _goes_with_base(char: str) -> bool:
    """Variation selectors and combining marks: drawn by their base character's face."""
    return unicodedata.category(char) in ("Mn", "Me") or unicodedata.name(char, "").startswith(
        "VARIATION SELECTOR"
    )


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


def latin_face(role: str, weight: int) -> Face:
    """The Latin face that matches a CJK role: Liberation Sans Bold beside 黑体, Liberation Serif
    (regular or bold) beside 宋体, 仿宋 and 楷体 (GB/T 9704 documents set Latin in Times New Roman)."""
    wanted = "latin-sans" if role == "sans" else "latin-serif"
    candidates = [item for item in LATIN_FACES if item.role == wanted]
    return min(candidates, key=lambda item: abs(item.weight - weight))


def chain(variant: str, role: str, weight: int = 400, *, latin: bool = False) -> tuple[Face, ...]:
    """The faces that draw a block, first that has a character wins: the matching Latin face (when
    `latin`), the role's face, the serif face, the fallback faces and the placeholder."""
    faces = [face(variant, role, weight), face(variant, "serif")]
    if latin:
        faces.insert(0, latin_face(role, weight))
    return tuple(dict.fromkeys((*faces, *FALLBACKS, PLACEHOLDER)))


def font_stack(variant: str, role: str, *, latin: bool = False) -> str:
    """CSS `font-family` value of `chain(variant, role)`: each family once."""
    weight = 400 if _has(variant, role, 400) else 700
    families = dict.fromkeys(item.family for item in chain(variant, role, weight, latin=latin))
    return ", ".join(f'"{family}"' for family in families)


def _has(variant: str, role: str, weight: int) -> bool:
    return any(f.variant in (variant, ANY_VARIANT) and f.role == role and f.weight == weight for f in FACES)


def font_face_css(variant: str, url_for: Callable[[Face], str], faces: Iterable[Face] | None = None) -> str:
    """@font-face rules for `faces` (default: every face of `variant`); `url_for` turns a face into
    the URL to load."""
    rules = []
    for item in faces_for(variant) if faces is None else faces:
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
    """Code points the CJK faces of `variant` (of `role` alone, if given) draw."""
    _check_variant(variant)
    faces = {item for item in FACES if item.variant == variant and (role is None or item.role == role)}
    return frozenset().union(*(coverage(item) for item in faces))


def uncovered(text: str, variant: str, role: str | None = None) -> Mapping[str, tuple[int, ...]]:
    """Characters of `text` no face of `variant` (of `role`, if given) nor any fallback face draws:
    the placeholder draws them.

    Maps each character to its offsets in `text`, in order, so the caller can report file, line and
    code point. Invisible characters (controls, format characters) and combining marks and variation
    selectors (drawn with their base) never count. The fallback faces are opened only when the
    variant's own faces miss a character.
    """
    covered = _covered(variant, role)
    left = _visible({char for char in set(text) if ord(char) not in covered})
    for item in FALLBACKS:
        if not left:
            break
        left -= {char for char in left if ord(char) in coverage(item)}
    found: dict[str, list[int]] = {}
    if left:
        for offset, char in enumerate(text):
            if char in left:
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
    bytes. The placeholder face is made for `text`: a box for each of its visible characters.
    """
    if item == PLACEHOLDER:
        return placeholder_font(text)
    wanted = {ord(char) for char in text} & coverage(item)
    return subset_sfnt(sfnt_data(item.path), wanted)


#: Hex digits 0–F as 3 × 5 pixel masks, top row first, for the placeholder boxes.
_HEX_PIXELS: tuple[str, ...] = (
    "111101101101111", "010110010010111", "111001111100111", "111001111001111",
    "101101111001001", "111100111001111", "111100111101111", "111001001001001",
    "111101111101111", "111101111001111", "111101111101101", "110101110101110",
    "111100100100111", "110101101101110", "111100111100111", "111100111100100",
)  # fmt: skip
_PLACEHOLDER_UPEM = 1000
#: The advance of the placeholder face's space: a word space, a quarter em.
_PLACEHOLDER_SPACE = 250


#: 1970-01-01 in a font's own count of seconds from 1904: a fixed date that fontTools reads without
#: the "timestamp seems very low" warning it logs for the years before (0 would be 1904).
_UNIX_EPOCH = 0x7C259DC0


def placeholder_font(text: str) -> bytes:
    """An OpenType font with one glyph per visible character of `text`: a box, one em wide, showing
    the code point in hex (two rows of three digits, as Unicode's Last Resort and GNU Unifont do).

    Last in every stack, it draws what no committed face has, so a character is never dropped, never
    drawn by a system font, and WeasyPrint never meets a missing glyph (which would give the whole
    face a custom encoding that pypdf cannot read). Each character has a glyph of its own, so the
    PDF's ToUnicode map gives the text back. Deterministic: dated 1970-01-01 (`_UNIX_EPOCH`), not
    today.
    """
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    chars = sorted(_visible(set(text)))
    boxes = [f"u{ord(char):04X}" for char in chars]
    names = [".notdef", "space", *boxes]
    builder = FontBuilder(_PLACEHOLDER_UPEM, isTTF=True)
    builder.font.recalcTimestamp = False
    builder.setupGlyphOrder(names)
    # A space after a box is set in the box's face (Pango keeps it in the run): it needs a glyph too.
    builder.setupCharacterMap(
        {0x20: "space", **{ord(char): name for char, name in zip(chars, boxes, strict=True)}}
    )
    glyphs = {".notdef": _placeholder_glyph(TTGlyphPen(None), ""), "space": TTGlyphPen(None).glyph()}
    for char, name in zip(chars, boxes, strict=True):
        glyphs[name] = _placeholder_glyph(TTGlyphPen(None), f"{ord(char):04X}")
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics(
        {
            name: (
                _PLACEHOLDER_SPACE if name == "space" else _PLACEHOLDER_UPEM,
                glyphs[name].xMin if glyphs[name].numberOfContours else 0,
            )
            for name in names
        }
    )
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": PLACEHOLDER.family, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    builder.setupHead(unitsPerEm=_PLACEHOLDER_UPEM, created=_UNIX_EPOCH, modified=_UNIX_EPOCH)
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def _placeholder_glyph(pen: Any, digits: str) -> Any:
    """A box outline with `digits` (up to six hex digits) inside, drawn with `pen`."""

    def rectangle(x0: int, y0: int, x1: int, y1: int, clockwise: bool = True) -> None:
        points = [(x0, y0), (x0, y1), (x1, y1), (x1, y0)]
        pen.moveTo(points[0])
        for point in points[1:] if clockwise else points[:0:-1]:
            pen.lineTo(point)
        pen.closePath()

    rectangle(80, -60, 920, 800)
    rectangle(120, -20, 880, 760, clockwise=False)
    pixel = 50
    rows = (
        [digits[: (len(digits) + 1) // 2], digits[(len(digits) + 1) // 2 :]]
        if len(digits) > 4
        else [digits[:2], digits[2:]]
    )
    for row_index, row in enumerate(rows):
        width = len(row) * 4 * pixel - pixel
        left = 500 - width // 2
        top = 690 - row_index * 6 * pixel
        for column, digit in enumerate(row):
            mask = _HEX_PIXELS[int(digit, 16)]
            for index, bit in enumerate(mask):
                if bit == "1":
                    x = left + (column * 4 + index % 3) * pixel
                    y = top - (index // 3 + 1) * pixel
                    rectangle(x, y, x + pixel, y + pixel)
    return pen.glyph()
