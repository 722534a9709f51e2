"""Debian font packages → the subset, renamed WOFF2 fonts, license texts and README in `fonts/`.

Run `python tools/make_fonts.py` to regenerate everything `pipeline/fonts.py` registers. Sources are
Debian packages: installed ones are read in place; others are fetched with `apt-get download` into
`--debs` and unpacked there (nothing is installed). Same package versions and tool versions give the
same bytes: HarfBuzz subsetting, fontTools saving with the source's timestamps and WOFF2 (Brotli) are
all deterministic. See fonts/README.md (written by this script) for what comes from where.
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, woff2

from pipeline import fonts
from pipeline.variants import REVERSE_CONFIGS

ROOT = Path(__file__).resolve().parent.parent
#: Tables subsets never need: embedded bitmaps (AR PL UKai has them), device metrics, AAT morphing.
DROP_TABLES = ("EBDT", "EBLC", "EBSC", "hdmx", "LTSH", "VDMX", "mort", "morx", "PCLT")


@dataclass(frozen=True)
class Source:
    """Where one output font comes from: a face of a file in a Debian package, and its character set."""

    package: str
    file: str  # path inside the package
    index: int  # face index in a collection (.ttc), 0 for a single font
    face_name: str  # full name (name ID 4) the face must have: guards against shifted indices
    charset: str  # a key of `charsets()`
    #: "debian" (apt-get download) or "npm" (`npm pack NAME@VERSION`: fonts Debian does not package)
    registry: str = "debian"


_NOTO = "usr/share/fonts/opentype/noto/"
_FANDOL = "usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/"
_LIBERATION = "usr/share/fonts/truetype/liberation2/"
RECIPES: dict[str, Source] = {
    "PipelineSerifSC-Regular.woff2": Source(
        "fonts-noto-cjk", _NOTO + "NotoSerifCJK-Regular.ttc", 2, "Noto Serif CJK SC", "sc"
    ),
    "PipelineSerifSC-Bold.woff2": Source(
        "fonts-noto-cjk", _NOTO + "NotoSerifCJK-Bold.ttc", 2, "Noto Serif CJK SC Bold", "sc"
    ),
    "PipelineSansSC-Bold.woff2": Source(
        "fonts-noto-cjk", _NOTO + "NotoSansCJK-Bold.ttc", 2, "Noto Sans CJK SC Bold", "sc"
    ),
    "PipelineSerifTC-Regular.woff2": Source(
        "fonts-noto-cjk", _NOTO + "NotoSerifCJK-Regular.ttc", 3, "Noto Serif CJK TC", "tc"
    ),
    "PipelineSerifTC-Bold.woff2": Source(
        "fonts-noto-cjk", _NOTO + "NotoSerifCJK-Bold.ttc", 3, "Noto Serif CJK TC Bold", "tc"
    ),
    "PipelineSansTC-Bold.woff2": Source(
        "fonts-noto-cjk", _NOTO + "NotoSansCJK-Bold.ttc", 3, "Noto Sans CJK TC Bold", "tc"
    ),
    "PipelineFangSongSC-Regular.woff2": Source(
        "texlive-lang-chinese", _FANDOL + "FandolFang-Regular.otf", 0, "FandolFang R", "sc"
    ),
    "PipelineKaiSC-Regular.woff2": Source(
        "fonts-lxgw-wenkai",
        "usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
        0,
        "LXGW WenKai",
        "sc",
    ),
    "PipelineKaiTC-Regular.woff2": Source(
        "fonts-arphic-ukai", "usr/share/fonts/truetype/arphic/ukai.ttc", 2, "AR PL UKai TW", "tc"
    ),
    "PipelineMono-Regular.woff2": Source(
        "fonts-dejavu-core",
        "usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
        0,
        "DejaVu Sans Mono",
        "fallback",
    ),
    "PipelineFallback-Regular.woff2": Source(
        "fonts-dejavu-core", "usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0, "DejaVu Sans", "fallback"
    ),
    "PipelineMath-Regular.woff2": Source(
        "fonts-dejavu-extra",
        "usr/share/fonts/truetype/dejavu/DejaVuMathTeXGyre.ttf",
        0,
        "DejaVuMathTeXGyre-Regular",
        "math",
    ),
    "PipelineLatinSerif-Regular.woff2": Source(
        "fonts-liberation2", _LIBERATION + "LiberationSerif-Regular.ttf", 0, "Liberation Serif", "latin"
    ),
    "PipelineLatinSerif-Bold.woff2": Source(
        "fonts-liberation2", _LIBERATION + "LiberationSerif-Bold.ttf", 0, "Liberation Serif Bold", "latin"
    ),
    "PipelineLatinSans-Bold.woff2": Source(
        "fonts-liberation2", _LIBERATION + "LiberationSans-Bold.ttf", 0, "Liberation Sans Bold", "latin"
    ),
    # The Han fallbacks share out Unicode's ideographs: each gets those its source has and the faces
    # before it lack (HanaMin A: the BMP; HanaMin B: planes 2 and 3; BabelStone Han: the rest).
    "PipelineHanA-Regular.woff2": Source(
        "fonts-hanazono", "usr/share/fonts/truetype/hanazono/HanaMinA.ttf", 0, "HanaMinA Regular", "han"
    ),
    "PipelineHanB-Regular.woff2": Source(
        "fonts-hanazono", "usr/share/fonts/truetype/hanazono/HanaMinB.ttf", 0, "HanaMinB Regular", "han"
    ),
    "PipelineHanC-Regular.woff2": Source(
        "fonts-babelstone-han",
        "usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf",
        0,
        "BabelStone Han",
        "han",
    ),
    "PipelineEmoji-Regular.woff2": Source(
        "@expo-google-fonts/noto-emoji@0.4.7",
        "400Regular/NotoEmoji_400Regular.ttf",
        0,
        "Noto Emoji Regular",
        "emoji",
        registry="npm",
    ),
}

#: License and copyright texts: package → (file inside the package, name in fonts/licenses/).
LICENSES: dict[str, tuple[tuple[str, str], ...]] = {
    "fonts-noto-cjk": (("usr/share/doc/fonts-noto-cjk/copyright", "fonts-noto-cjk.copyright"),),
    "fonts-lxgw-wenkai": (("usr/share/doc/fonts-lxgw-wenkai/copyright", "fonts-lxgw-wenkai.copyright"),),
    "fonts-arphic-ukai": (
        ("usr/share/doc/fonts-arphic-ukai/copyright", "fonts-arphic-ukai.copyright"),
        ("usr/share/doc/fonts-arphic-ukai/license/english/ARPHICPL.TXT.gz", "ARPHIC-PUBLIC-LICENSE.txt"),
    ),
    "texlive-lang-chinese": (
        ("usr/share/doc/texlive-doc/fonts/fandol/README", "fandol.README"),
        ("usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz", "GPL-3.0.txt"),
    ),
    "fonts-dejavu-core": (("usr/share/doc/fonts-dejavu-core/copyright", "fonts-dejavu-core.copyright"),),
    "fonts-dejavu-extra": (("usr/share/doc/fonts-dejavu-extra/copyright", "fonts-dejavu-extra.copyright"),),
    "fonts-liberation2": (("usr/share/doc/fonts-liberation2/copyright", "fonts-liberation2.copyright"),),
    "fonts-hanazono": (("usr/share/doc/fonts-hanazono/copyright", "fonts-hanazono.copyright"),),
    "fonts-babelstone-han": (
        ("usr/share/doc/fonts-babelstone-han/copyright", "fonts-babelstone-han.copyright"),
    ),
    "@expo-google-fonts/noto-emoji@0.4.7": (("LICENSE_FONT", "noto-emoji.LICENSE"),),
}

#: Unicode's Unihan data (Debian `unicode-data`) holds the 通用规范汉字表 as the kTGH field.
UNIHAN = ("unicode-data", "usr/share/unicode/Unihan_OtherMappings.txt.bz2")

#: Ranges every face gets (where its source has them): Latin, punctuation, CJK symbols, fullwidth
#: forms, circled and Roman numerals, two- and three-em dashes.
BASE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E), (0x00A0, 0x00FF), (0x2000, 0x206F), (0x2150, 0x218F), (0x2460, 0x24FF),
    (0x2E3A, 0x2E3B), (0x3000, 0x303F), (0xFF00, 0xFFEF),
)  # fmt: skip
#: Blocks of Han-related symbols the Han fallbacks carry besides the ideographs: CJK radicals, Kangxi
#: radicals, ideographic description characters, CJK symbols, Bopomofo, Kanbun, strokes, enclosed
#: CJK letters, CJK compatibility, vertical and small forms, ideographic symbols, enclosed
#: ideographic supplement.
HAN_SYMBOL_RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x2FFF), (0x3000, 0x303F), (0x3100, 0x312F), (0x3190, 0x31EF), (0x3200, 0x33FF),
    (0xFE10, 0xFE1F), (0xFE30, 0xFE6F), (0x16FE0, 0x16FFF), (0x1F200, 0x1F2FF),
)  # fmt: skip
#: Latin letters, digits and ASCII punctuation for the Latin faces; not the middle dot U+00B7, which
#: Chinese text uses as 间隔号 and the CJK face draws.
LATIN_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E), (0x00A0, 0x00B6), (0x00B8, 0x024F), (0x1E00, 0x1EFF),
)  # fmt: skip
#: OpenCC configurations whose output the Traditional faces must cover: every one a seed may choose.
OPENCC_CONFIGS = tuple(REVERSE_CONFIGS)
#: The emoji package whose lists of Unicode's emoji sequences the emoji face is given glyphs for
#: (pinned in pyproject.toml's test extra, where `tests/test_fonts.py` checks the face against it).
EMOJI_DATA = "emoji==2.16.0"


class Packages:
    """Files of Debian packages: read where installed, else from `apt-get download` + `dpkg-deb -x`."""

    def __init__(self, debs: Path, download: bool) -> None:
        self.debs = debs
        self.download = download
        self.roots: dict[str, tuple[Path, str]] = {}

    def path(self, package: str, file: str) -> Path:
        """The file's path on this machine, unpacking the package first when needed."""
        root, _ = self.root(package)
        found = root / file
        if not found.exists():
            sys.exit(f"{package} has no {file}")
        return found

    def version(self, package: str) -> str:
        return self.root(package)[1]

    def root(self, package: str) -> tuple[Path, str]:
        if package not in self.roots:
            if "@" in package[1:]:  # an npm package pinned to a version, "@scope/name@1.2.3"
                self.roots[package] = self._npm_unpacked(package)
            else:
                self.roots[package] = self._installed(package) or self._unpacked(package)
        return self.roots[package]

    def _npm_unpacked(self, spec: str) -> tuple[Path, str]:
        """An npm package's files: `npm pack` (no install, no scripts run) and unpack the tarball."""
        target = self.debs / spec.replace("/", "_")
        if not target.exists():
            self.debs.mkdir(parents=True, exist_ok=True)
            if not self.download:
                sys.exit(f"{spec} is not in {self.debs}: rerun with --download (runs `npm pack {spec}`)")
            tarball = subprocess.run(
                ["npm", "pack", spec, "--pack-destination", str(self.debs)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()[-1]
            target.mkdir()
            subprocess.run(
                ["tar", "-xzf", str(self.debs / tarball), "-C", str(target), "--strip-components=1"],
                check=True,
            )
        version = json.loads((target / "package.json").read_text(encoding="utf-8"))["version"]
        return target, f"npm {version}"

    def _installed(self, package: str) -> tuple[Path, str] | None:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${db:Status-Status} ${Version}", package],
            capture_output=True,
            text=True,
            check=False,
        )
        status, _, version = result.stdout.partition(" ")
        return (Path("/"), version) if result.returncode == 0 and status == "installed" else None

    def _unpacked(self, package: str) -> tuple[Path, str]:
        self.debs.mkdir(parents=True, exist_ok=True)
        debs = sorted(self.debs.glob(f"{package}_*.deb"))
        if not debs and self.download:
            subprocess.run(["apt-get", "download", package], cwd=self.debs, check=True)
            debs = sorted(self.debs.glob(f"{package}_*.deb"))
        if not debs:
            sys.exit(
                f"{package} is neither installed nor in {self.debs}: `apt-get install {package}` "
                "or rerun with --download"
            )
        deb = debs[-1]
        target = self.debs / package
        if not target.exists():
            subprocess.run(["dpkg-deb", "-x", str(deb), str(target)], check=True)
        version = subprocess.run(
            ["dpkg-deb", "-f", str(deb), "Version"], capture_output=True, text=True, check=True
        ).stdout.strip()
        return target, version


def _ranges(ranges: Iterable[tuple[int, int]]) -> set[int]:
    return {code for start, end in ranges for code in range(start, end + 1)}


def double_byte_repertoire(codec: str) -> set[int]:
    """Every character a double-byte codec (gbk, big5, cp950) decodes, from lead × trail bytes."""
    found = set()
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            try:
                text = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1 and unicodedata.category(text) != "Co":  # private use: no glyph to want
                found.add(ord(text))
    return found


def unicode_ideographs() -> tuple[set[int], str]:
    """Every ideograph Unicode assigns (unified and compatibility), from `unicodedata2`, which tracks
    the latest Unicode (Python's own module lags: 3.11 has Unicode 14, without Extensions H and I)."""
    try:
        import unicodedata2
    except ImportError:
        sys.exit("the Han fallbacks need Unicode's latest lists: pip install unicodedata2")
    found = {
        code
        for code in range(0x3400, 0x40000)
        if unicodedata2.name(chr(code), "").startswith(("CJK UNIFIED", "CJK COMPATIBILITY IDEOGRAPH"))
    }
    return found, str(unicodedata2.unidata_version)


def is_hanzi(code: int) -> bool:
    return unicodedata.name(chr(code), "").startswith(("CJK UNIFIED", "CJK COMPATIBILITY IDEOGRAPH"))


@cache
def tgh_8105(packages: Packages) -> frozenset[int]:
    """The 8105 characters of 通用规范汉字表 (2013), from Unihan's kTGH field."""
    path = packages.path(*UNIHAN)
    with bz2.open(path, "rt", encoding="utf-8") as lines:
        found = {int(line.split("\t")[0][2:], 16) for line in lines if "\tkTGH\t" in line}
    if len(found) != 8105:
        sys.exit(f"{path}: expected 8105 kTGH characters, found {len(found)}")
    return frozenset(found)


def opencc_targets(tgh: frozenset[int]) -> set[int]:
    """Every character OpenCC can write in Traditional: dictionary targets and the TGH list converted."""
    import opencc

    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    tool = Path(opencc.__file__).parent / "clib" / "bin" / "opencc_dict"
    targets: set[int] = set()
    for name in sorted(_chain_dictionaries(share)):
        dump = subprocess.run(
            [str(tool), "-i", str(share / name), "-o", "/dev/stdout", "-f", "ocd2", "-t", "text"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for line in dump.splitlines():
            _, _, values = line.partition("\t")
            targets.update(ord(char) for char in values if not char.isspace())
    listed = "\n".join(chr(code) for code in sorted(tgh))
    for config in OPENCC_CONFIGS:
        targets.update(ord(char) for char in opencc.OpenCC(config).convert(listed) if char != "\n")
    return targets


def _chain_dictionaries(share: Path) -> set[str]:
    """The .ocd2 files the conversion chains of `OPENCC_CONFIGS` use."""
    names: set[str] = set()
    for config in OPENCC_CONFIGS:
        chain = json.loads((share / f"{config}.json").read_text(encoding="utf-8"))["conversion_chain"]
        names.update(re.findall(r'"file":\s*"([^"]+\.ocd2)"', json.dumps(chain)))
    return names


def charset(name: str, packages: Packages) -> set[int]:
    """The wanted code points of a charset name used in `RECIPES` ("tgh": the 8105 alone); only what
    that set needs is read, so `--only` a face of the fallback set needs no Unihan or OpenCC."""
    if name == "fallback":
        return set(range(0x20, 0x110000))
    if name == "tgh":
        return set(tgh_8105(packages))
    base = _ranges(BASE_RANGES)
    if name == "sc":
        return base | double_byte_repertoire("gbk") | set(tgh_8105(packages))
    if name == "tc":
        big5 = double_byte_repertoire("big5") | double_byte_repertoire("cp950")
        return base | big5 | opencc_targets(tgh_8105(packages))
    if name == "latin":
        return _ranges(LATIN_RANGES)
    if name == "math":  # what the fallback face before it in every stack lacks
        return set(range(0x20, 0x110000)) - fonts.coverage(fonts.FALLBACK)
    if name == "emoji":
        return set(range(0x20, 0x110000))
    if name == "han":  # what a document may hold that not both serif faces draw
        ideographs, _ = unicode_ideographs()
        hans, hant = (fonts.coverage(fonts.face(variant, "serif")) for variant in fonts.VARIANTS)
        return (ideographs | _ranges(HAN_SYMBOL_RANGES)) - (hans & hant)
    raise ValueError(f"unknown charset {name!r}")


def emoji_sequences() -> list[str]:
    """Every emoji sequence Unicode lists, as text: emoji-test.txt's sequences of every qualification
    (keycaps, ZWJ sequences with and without U+FE0F, modifier sequences, flags, tag sequences) and
    the standardized variation sequences (emoji-variation-sequences.txt: base + U+FE0E or U+FE0F),
    from the `emoji` package's data; the variation sequences of the keycap bases # * 0–9 are left
    to the text faces, which draw those characters."""
    try:
        import emoji
    except ImportError:
        sys.exit(f"the emoji face needs Unicode's emoji sequences: pip install {EMOJI_DATA}")
    if f"emoji=={emoji.__version__}" != EMOJI_DATA:
        sys.exit(f"the emoji face is made with {EMOJI_DATA}, not {emoji.__version__}: pip install it")
    sequences = {text for text in emoji.EMOJI_DATA if len(text) > 1}
    for text, record in emoji.EMOJI_DATA.items():
        if record.get("variant"):  # a base of standardized variation sequences
            sequences.update((text[0] + "\ufe0e", text[0] + "\ufe0f"))
    return sorted(sequences)


#: A shaped glyph: (glyph id, x, y) in font units.
Placed = tuple[int, int, int]


def shaped(face: object, text: str, *, drop_ignorables: bool = False) -> tuple[list[Placed], int]:
    """HarfBuzz's glyphs for `text` in `face` (a `uharfbuzz.Face`) as (glyph id, x, y) in font units,
    and their advance; with `drop_ignorables`, without the blank glyphs HarfBuzz leaves for hidden
    default ignorables (U+FE0F, ZWJ)."""
    import uharfbuzz as hb

    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    if drop_ignorables:
        buffer.flags = hb.BufferFlags.REMOVE_DEFAULT_IGNORABLES
    hb.shape(hb.Font(face), buffer, {})
    glyphs: list[Placed] = []
    pen = 0
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        glyphs.append((info.codepoint, pen + position.x_offset, position.y_offset))
        pen += position.x_advance
    return glyphs, pen


def give_emoji_sequences_own_glyphs(data: bytes, sequences: Iterable[str]) -> tuple[bytes, int]:
    """The emoji face with a glyph of its own for each of `sequences` it draws, and their number.

    A PDF maps each glyph to one text (WeasyPrint's ToUnicode: a glyph's text runs from its cluster
    to the next glyph's), so a sequence gives its text back only as one glyph used by no other text.
    Noto Emoji's ligatures leave U+FE0F out (`one uni20E3`): HarfBuzz skips the selector while
    matching and leaves it as a blank glyph of the same cluster, which takes the text with it (1️⃣,
    🏳️‍🌈 and ❤️ came out empty); and the monochrome face draws 👍🏽 with 👍's glyph. Each such
    sequence gets a ligature from all its characters to a new composite glyph that draws what the
    face drew for it (the same outlines, places and advance), listed before the shorter ligatures
    it would otherwise match. Sequences the face already draws as one glyph of their own are left
    alone; those with a character it lacks are not its to draw. A variation sequence the face's
    cmap 14 maps to the base's glyph (❤︎: HarfBuzz then drops the selector before any ligature) is
    mapped there to its new glyph instead.
    """
    import uharfbuzz as hb

    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    face = hb.Face(data)
    cmap = font.getBestCmap()
    order = list(font.getGlyphOrder())
    claims = Counter(font.getGlyphID(glyph) for glyph in cmap.values())  # glyph id → texts shaped to it alone
    drawn = {text: shaped(face, text)[0] for text in sequences if all(ord(char) in cmap for char in text)}
    claims.update(glyphs[0][0] for glyphs in drawn.values() if len(glyphs) == 1)
    glyf, hmtx, vmtx = font["glyf"], font["hmtx"], font["vmtx"]
    ligatures = _ccmp_ligatures(font)
    #: Variation sequences cmap 14 maps (Noto Emoji: base + U+FE0E, to the base's glyph: None)
    variations = {
        selector: dict(glyphs)
        for table in font["cmap"].tables
        if table.format == 14
        for selector, glyphs in table.uvsDict.items()
    }
    added = 0
    for text, glyphs in drawn.items():
        if len(glyphs) == 1 and claims[glyphs[0][0]] == 1:
            continue  # one glyph no other text has: its text comes back already
        visible, advance = shaped(face, text, drop_ignorables=True)
        pen = TTGlyphPen(glyf.glyphs)
        for glyph, x, y in visible:
            pen.addComponent(order[glyph], (1, 0, 0, 1, x, y))
        name = "u" + "_".join(f"{ord(char):04X}" for char in text)
        if name in glyf.glyphs:
            sys.exit(f"the emoji face already has a glyph named {name}")
        glyf[name] = pen.glyph()  # appends the name to the glyph order
        glyf[name].recalcBounds(glyf)
        hmtx[name] = (advance, getattr(glyf[name], "xMin", 0))
        vmtx[name] = vmtx[order[visible[0][0]]]
        base, *rest = (ord(char) for char in text)
        if rest and rest[0] in variations and len(rest) == 1 and base in variations[rest[0]]:
            variations[rest[0]][base] = name  # HarfBuzz reads it from cmap 14 and drops the selector
        else:
            components = [cmap[ord(char)] for char in text]
            entries = ligatures.setdefault(components[0], [])
            entries[:] = [entry for entry in entries if entry.Component != components[1:]]
            entries.append(_ligature(components[1:], name))
        added += 1
    for table in font["cmap"].tables:
        if table.format == 14:
            table.uvsDict = {selector: sorted(glyphs.items()) for selector, glyphs in variations.items()}
    font.setGlyphOrder(glyf.glyphOrder)
    for entries in ligatures.values():  # the longest first: HarfBuzz takes the first that matches
        entries.sort(key=lambda entry: -len(entry.Component))
    out = io.BytesIO()
    font.save(out)
    return out.getvalue(), added


def _ccmp_ligatures(font: TTFont) -> dict[str, list[object]]:
    """The ligature sets of the face's `ccmp` ligature lookup (Noto Emoji has one: its sequences)."""
    table = font["GSUB"].table
    [lookup] = [
        table.LookupList.Lookup[index]
        for record in table.FeatureList.FeatureRecord
        if record.FeatureTag == "ccmp"
        for index in record.Feature.LookupListIndex
        if table.LookupList.Lookup[index].LookupType == 4
        and sum(map(len, table.LookupList.Lookup[index].SubTable[0].ligatures.values())) > 100
    ]
    [subtable] = lookup.SubTable
    ligatures: dict[str, list[object]] = subtable.ligatures
    return ligatures


def _ligature(components: list[str], glyph: str) -> object:
    from fontTools.ttLib.tables import otTables

    ligature = otTables.Ligature()
    ligature.Component, ligature.LigGlyph, ligature.CompCount = components, glyph, len(components) + 1
    return ligature


def rename(data: bytes, family: str, weight: int) -> bytes:
    """Give the subset its own names, so no renderer mistakes it for the installed original (OFL 1.1)."""
    style = "Bold" if weight >= 700 else "Regular"
    postscript = f"{family.replace(' ', '')}-{style}"
    font = TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False)
    names = font["name"]
    names.names = [record for record in names.names if record.nameID not in (1, 2, 3, 4, 6, 16, 17)]
    for name_id, value in (
        (1, family),
        (2, style),
        (3, f"pipeline:{postscript}"),
        (4, f"{family} {style}" if style != "Regular" else family),
        (6, postscript),
    ):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)
    if "CFF " in font:
        cff = font["CFF "].cff
        old = cff.fontNames[0]
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        top.FullName, top.FamilyName = f"{family} {style}", family
        for sub in getattr(top, "FDArray", []):
            sub.FontName = sub.FontName.replace(old, postscript)
    font["OS/2"].usWeightClass = weight
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def to_woff2(data: bytes) -> bytes:
    """WOFF2 without the glyf transform: a little bigger, but unwrapping takes 0.3 s instead of 40 s."""
    out = io.BytesIO()
    woff2.compress(io.BytesIO(data), out, transform_tables=())
    return out.getvalue()


def build_face(item: fonts.Face, source: Source, packages: Packages, wanted: set[int]) -> dict[str, object]:
    """Subset, rename and wrap one face; return its provenance record."""
    path = packages.path(source.package, source.file)
    data = path.read_bytes()
    original = TTFont(path, fontNumber=source.index if data[:4] == b"ttcf" else -1, lazy=True)
    full_name = original["name"].getDebugName(4)
    if full_name != source.face_name:
        sys.exit(f"{path} face {source.index} is {full_name!r}, expected {source.face_name!r}")
    available = set(original.getBestCmap())
    subset = fonts.subset_sfnt(
        data, sorted(wanted & available), index=source.index, drop_hinting=True, drop_tables=DROP_TABLES
    )
    extra: dict[str, object] = {}
    if source.charset == "emoji":
        subset, extra["sequence_glyphs"] = give_emoji_sequences_own_glyphs(subset, emoji_sequences())
        extra["sequences"] = EMOJI_DATA
    item.path.write_bytes(to_woff2(rename(subset, item.family, item.weight)))
    return {
        "file": item.path.name,
        "family": item.family,
        "weight": item.weight,
        "package": source.package,
        "version": packages.version(source.package),
        "source": "/" + source.file,
        "index": source.index,
        "source_face": full_name,
        "charset": source.charset,
        "source_sha256": hashlib.sha256(data).hexdigest(),
        "sha256": hashlib.sha256(item.path.read_bytes()).hexdigest(),
        "bytes": item.path.stat().st_size,
        "codepoints": len(wanted & available),
        "hanzi": sum(map(is_hanzi, wanted & available)),
        "missing": len(wanted - available),
        **extra,
    }


def copy_licenses(packages: Packages, target: Path, only: set[str] | None = None) -> list[str]:
    """Copy the license texts of every source package (of those in `only`, if given) to `target`."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for package, files in LICENSES.items():
        if only is not None and package not in only:
            continue
        for file, name in files:
            raw = packages.path(package, file).read_bytes()
            (target / name).write_bytes(gzip.decompress(raw) if file.endswith(".gz") else raw)
            written.append(name)
    if only is None or "fonts-noto-cjk" in only:
        ofl = (target / "fonts-noto-cjk.copyright").read_text(encoding="utf-8")
        (target / "OFL-1.1.txt").write_text(_debian_license_text(ofl, "SIL-1.1"), encoding="utf-8")
        written.append("OFL-1.1.txt")
    return written


def _debian_license_text(copyright_text: str, name: str) -> str:
    """The body of a `License: NAME` paragraph of a Debian copyright file, as plain text."""
    body = copyright_text.split(f"\nLicense: {name}\n")[-1].split("\n\n")[0]
    return "\n".join("" if line == " ." else line[1:] for line in body.splitlines()) + "\n"


def _replace_records(path: Path, records: list[dict[str, object]]) -> None:
    """Put the records of rebuilt files into SOURCES.json (`--only`), in the order of `fonts.FACES`."""
    sources = json.loads(path.read_text(encoding="utf-8"))
    by_file = {record["file"]: record for record in [*sources["faces"], *records]}
    order = [face.path.name for face in fonts.FACES]
    sources["faces"] = [by_file[name] for name in dict.fromkeys(order) if name in by_file]
    path.write_text(json.dumps(sources, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _add_licenses(path: Path, names: list[str]) -> None:
    """List license files copied by an `--only` run in SOURCES.json, keeping those listed."""
    sources = json.loads(path.read_text(encoding="utf-8"))
    sources["licenses"] = list(dict.fromkeys([*sources["licenses"], *names]))
    path.write_text(json.dumps(sources, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--debs",
        type=Path,
        default=Path("/tmp/make-fonts-debs"),
        help="where to look for (and unpack) .deb files of packages not installed",
    )
    parser.add_argument("--download", action="store_true", help="`apt-get download` missing packages")
    parser.add_argument("--only", action="append", default=[], help="build only this output file")
    args = parser.parse_args(argv)
    packages = Packages(args.debs, args.download)
    sets: dict[str, set[int]] = {}
    fonts.FONTS_DIR.mkdir(exist_ok=True)
    records = []
    built: set[Path] = set()
    for item in fonts.FACES:
        if item.path in built:
            continue
        built.add(item.path)
        source = RECIPES[item.path.name]
        if args.only and item.path.name not in args.only:
            continue
        if source.charset not in sets:
            sets[source.charset] = charset(source.charset, packages)
        wanted = sets[source.charset]
        if source.charset == "han":  # each Han fallback holds only what the ones before it lack
            earlier = fonts.HAN_FALLBACKS[: fonts.HAN_FALLBACKS.index(item)]
            wanted = wanted.difference(*(fonts.coverage(face) for face in earlier))
        print(f"{item.path.name} ← {source.package}:/{source.file} #{source.index}", flush=True)
        records.append(build_face(item, source, packages, wanted))
        fonts.sfnt_data.cache_clear()  # a Han fallback just built is read back by the next
        fonts.coverage.cache_clear()
    if args.only:  # the records of the files rebuilt, the license texts of their packages
        _replace_records(fonts.FONTS_DIR / "SOURCES.json", records)
        used = {RECIPES[str(record["file"])].package for record in records}
        licenses = copy_licenses(packages, fonts.FONTS_DIR / "licenses", used)
        _add_licenses(fonts.FONTS_DIR / "SOURCES.json", licenses)
        return 0
    sources = {
        "faces": records,
        "licenses": copy_licenses(packages, fonts.FONTS_DIR / "licenses"),
        "unihan": {"package": UNIHAN[0], "version": packages.version(UNIHAN[0])},
        "ideographs": {"package": "unicodedata2", "unicode": unicode_ideographs()[1]},
    }
    (fonts.FONTS_DIR / "SOURCES.json").write_text(
        json.dumps(sources, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    tgh = "".join(chr(code) for code in sorted(charset("tgh", packages)))
    (fonts.FONTS_DIR / "tgh-8105.txt").write_text(tgh + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
