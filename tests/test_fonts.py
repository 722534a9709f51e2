"""Committed fonts and the registry in pipeline/fonts.py: right files, right glyph forms, coverage, subsets."""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont

from pipeline import fonts
from pipeline.errors import LayoutError

SC_FULL_ROLES = ("serif", "sans", "kai")  # FangSong SC (Fandol) covers GB 2312 and a little more
GB2312_HANZI_START = 0xB0  # lead bytes 0xB0-0xF7 hold the 6763 hanzi of GB 2312


def _hanzi_of(codec: str, leads: range, trails: range) -> frozenset[int]:
    found = set()
    for lead in leads:
        for trail in trails:
            try:
                text = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if unicodedata.name(text, "").startswith(("CJK UNIFIED", "CJK COMPATIBILITY IDEOGRAPH")):
                found.add(ord(text))
    return frozenset(found)


@cache
def gbk_hanzi() -> frozenset[int]:
    return _hanzi_of("gbk", range(0x81, 0xFF), range(0x40, 0xFF))


@cache
def gb2312_hanzi() -> frozenset[int]:
    return _hanzi_of("gb2312", range(GB2312_HANZI_START, 0xF8), range(0xA1, 0xFF))


@cache
def big5_hanzi() -> frozenset[int]:
    return _hanzi_of("big5", range(0x81, 0xFF), range(0x40, 0xFF))


@cache
def tgh_8105() -> frozenset[int]:
    text = (fonts.FONTS_DIR / "tgh-8105.txt").read_text(encoding="utf-8").strip()
    return frozenset(map(ord, text))


@cache
def opened(face: fonts.Face) -> TTFont:
    return TTFont(io.BytesIO(fonts.sfnt_data(face.path)), lazy=True)


def outline(face: fonts.Face, char: str) -> list[object]:
    font = opened(face)
    pen = RecordingPen()
    font.getGlyphSet()[font.getBestCmap()[ord(char)]].draw(pen)
    return list(pen.value)


def features(face: fonts.Face) -> set[str]:
    font = opened(face)
    return {
        record.FeatureTag
        for tag in ("GSUB", "GPOS")
        if tag in font
        for record in font[tag].table.FeatureList.FeatureRecord
    }


def registered() -> list[fonts.Face]:
    return list({face.path: face for face in fonts.FACES}.values())


@pytest.mark.parametrize("face", registered(), ids=lambda face: face.path.name)
def test_face_is_a_single_renamed_opentype_font(face: fonts.Face) -> None:
    assert face.path.read_bytes()[:4] == b"wOF2"
    assert fonts.sfnt_data(face.path)[:4] in (b"OTTO", b"\x00\x01\x00\x00")  # one face, never a .ttc
    font = opened(face)
    assert font["name"].getDebugName(1) == face.family
    assert font["OS/2"].usWeightClass == face.weight


@pytest.mark.parametrize(("role", "weight"), [("serif", 400), ("serif", 700), ("sans", 700)])
def test_simplified_and_traditional_faces_draw_different_forms(role: str, weight: int) -> None:
    hans, hant = fonts.face("zh-Hans", role, weight), fonts.face("zh-Hant", role, weight)
    for char in "骨次令草反":  # regional glyph forms differ between the GB and Taiwan standards
        assert outline(hans, char) != outline(hant, char), char


@pytest.mark.parametrize("role", SC_FULL_ROLES)
def test_simplified_faces_cover_gbk_and_the_8105(role: str) -> None:
    covered = fonts.coverage(fonts.face("zh-Hans", role, 700 if role == "sans" else 400))
    assert len(gbk_hanzi()) > 20_900
    assert gbk_hanzi() <= covered
    assert tgh_8105() <= covered


def test_fangsong_covers_gb2312() -> None:
    covered = fonts.coverage(fonts.face("zh-Hans", "fangsong"))
    assert len(gb2312_hanzi()) == 6763
    assert gb2312_hanzi() <= covered


#: Noto TC lacks 3 Ext. B characters OpenCC writes; AR PL UKai lacks ~140 rare Ext. A ones (the serif draws them).
@pytest.mark.parametrize(
    ("role", "most_missing"), [("serif", 3), ("sans", 3), ("kai", 150), ("fangsong", 150)]
)
def test_traditional_faces_cover_big5_and_opencc_output(role: str, most_missing: int) -> None:
    import opencc

    covered = fonts.coverage(fonts.face("zh-Hant", role, 700 if role == "sans" else 400))
    assert len(big5_hanzi()) > 13_000
    assert big5_hanzi() <= covered
    converted = {
        ord(char) for char in opencc.OpenCC("s2twp").convert("\n".join(map(chr, sorted(tgh_8105()))))
    }
    missing = {code for code in converted - covered if code != ord("\n")}
    assert len(missing) <= most_missing, "".join(sorted(map(chr, missing)))[:40]


#: What each kind of face must draw: CJK faces punctuation and Latin, Latin faces no CJK punctuation
#: (the CJK face draws it full-width, and the middle dot 间隔号 too), fallbacks their share.
NEEDS = {
    "fallback": ("0Aa·—…→α", ""),
    "mono": ("0Aa·—…", ""),
    "latin-serif": ("0123456789ABCabcé,.;:?!()/-_@", "·“”—…、，。（"),
    "latin-sans": ("0123456789ABCabcé,.;:?!()/-_@", "·“”—…、，。（"),
    "han": ("", "0Aa，。"),
    "emoji": ("👍😀❤🇨", ""),
    "math": ("𝑃𝐶𝐱", "0Aa，。"),
}


@pytest.mark.parametrize("face", registered(), ids=lambda face: face.path.name)
def test_punctuation_and_latin_are_covered(face: fonts.Face) -> None:
    need, never = NEEDS.get(face.role, ("“”‘’「」『』·—…、，。：；！？（）《》0123456789ABCabc", ""))
    assert {ord(char) for char in need} <= fonts.coverage(face)
    assert not {ord(char) for char in never} & fonts.coverage(face)


def unicode_ideographs() -> dict[str, set[int]]:
    """Unicode's ideographs by block, as the Han fallbacks were cut against (make_fonts.py)."""
    import unicodedata2

    blocks = {
        "URO": (0x4E00, 0x9FFF), "Ext A": (0x3400, 0x4DBF), "Ext B": (0x20000, 0x2A6DF),
        "Ext C": (0x2A700, 0x2B73F), "Ext D": (0x2B740, 0x2B81F), "Ext E": (0x2B820, 0x2CEAF),
        "Ext F": (0x2CEB0, 0x2EBEF), "Ext I": (0x2EBF0, 0x2EE5F), "Ext G": (0x30000, 0x3134F),
        "Ext H": (0x31350, 0x323AF), "Compatibility": (0xF900, 0xFAFF), "Compatibility Sup.": (0x2F800, 0x2FA1F),
    }  # fmt: skip
    return {
        name: {
            code
            for code in range(start, end + 1)
            if unicodedata2.name(chr(code), "").startswith(("CJK UNIFIED", "CJK COMPATIBILITY IDEOGRAPH"))
        }
        for name, (start, end) in blocks.items()
    }


#: Ideographs no redistributable font in Debian draws (fonts/README.md: Coverage): the newest of
#: Extensions C–E (Unicode 15.1 and 17), most of G and H, and all of I. The placeholder draws them.
MOST_MISSING = {"Ext C": 6, "Ext D": 1, "Ext E": 12, "Ext G": 1894, "Ext H": 1921, "Ext I": 622}


@pytest.mark.parametrize("variant", fonts.VARIANTS)
def test_every_stack_draws_every_ideograph_debian_has(variant: str) -> None:
    stack = set().union(*(fonts.coverage(face) for face in fonts.faces_for(variant)))
    for block, codes in unicode_ideographs().items():
        missing = codes - stack
        assert len(missing) <= MOST_MISSING.get(block, 0), (block, len(missing))


#: How every font stack ends.
FALLBACK_FAMILIES = (
    '"Pipeline Han A", "Pipeline Han B", "Pipeline Han C", "Pipeline Emoji", "Pipeline Fallback", '
    '"Pipeline Math", "Pipeline Placeholder"'
)


def test_mono_face_sets_code_in_columns() -> None:
    mono = opened(fonts.MONO)
    advances = {mono["hmtx"][mono.getBestCmap()[code]][0] for code in range(0x21, 0x7F)}
    assert len(advances) == 1  # every ASCII character one advance
    assert fonts.font_stack("zh-Hant", "mono") == '"Pipeline Mono", "Pipeline Serif TC", ' + FALLBACK_FAMILIES
    assert fonts.face("zh-Hans", "mono") == fonts.face("zh-Hant", "mono") == fonts.MONO


@pytest.mark.parametrize("face", registered(), ids=lambda face: face.path.name)
def test_locl_is_dropped(face: fonts.Face) -> None:
    assert "locl" not in features(face)


@pytest.mark.parametrize("variant", fonts.VARIANTS)
@pytest.mark.parametrize("role", ["serif", "sans"])
def test_noto_faces_keep_punctuation_and_vertical_features(variant: str, role: str) -> None:
    kept = features(fonts.face(variant, role, 700))
    assert {"halt", "palt", "vert", "vrt2", "vhal", "kern"} <= kept
    assert not kept & {"aalt", "hist", "ruby"}


def test_sources_and_licenses_are_documented() -> None:
    sources = json.loads((fonts.FONTS_DIR / "SOURCES.json").read_text(encoding="utf-8"))
    files = {record["file"] for record in sources["faces"]}
    assert files == {face.path.name for face in fonts.FACES}
    readme = (fonts.FONTS_DIR / "README.md").read_text(encoding="utf-8")
    for name in [*files, *sources["licenses"]]:
        assert name in readme
        assert name in files or (fonts.FONTS_DIR / "licenses" / name).stat().st_size > 500
    total = sum(face.path.stat().st_size for face in registered())
    # The CJK faces take 41 MB; the Han fallbacks (every ideograph Debian's fonts draw), emoji and
    # Latin faces 19 MB more (fonts/README.md).
    assert total < 61_000_000


@pytest.mark.parametrize("face", registered(), ids=lambda face: face.path.name)
def test_fast_woff2_unwrap_gives_fonttools_bytes(face: fonts.Face) -> None:
    from fontTools.ttLib import woff2

    data = face.path.read_bytes()
    expected = io.BytesIO()
    woff2.decompress(io.BytesIO(data), expected)
    assert fonts.unwrap_woff2(data) == expected.getvalue()


def test_fast_woff2_unwrap_leaves_transformed_tables_to_fonttools() -> None:
    from fontTools.ttLib import woff2

    source = TTFont(io.BytesIO(fonts.sfnt_data(fonts.FALLBACK.path)))
    source.flavor = "woff2"
    transformed = io.BytesIO()
    source.save(transformed)  # fontTools transforms glyf/loca by default
    assert fonts.unwrap_woff2(transformed.getvalue()) is None
    untransformed = io.BytesIO()
    source.flavorData = woff2.WOFF2FlavorData(transformedTables=())
    source.save(untransformed)
    assert fonts.unwrap_woff2(untransformed.getvalue()) is not None


def test_unwrapped_faces_are_kept_for_later_processes(tmp_path: Path) -> None:
    face = fonts.FALLBACK.path
    stale = tmp_path / f"{face.stem}.0123456789abcdef.otf"  # what an older font or unwrapper left
    stale.write_bytes(b"old")
    fonts.sfnt_data.cache_clear()
    try:
        with fonts.unwrapped_fonts_kept_in(tmp_path):
            unwrapped = fonts.sfnt_data(face)
            (kept,) = tmp_path.glob(f"{face.stem}.*.otf")  # the stale version is gone
            assert kept.read_bytes() == unwrapped == fonts.unwrap_woff2(face.read_bytes())
            kept.write_bytes(b"OTTO kept")
            fonts.sfnt_data.cache_clear()  # as a later process: it reads the kept bytes, unwraps nothing
            assert fonts.sfnt_data(face) == b"OTTO kept"
        fonts.sfnt_data.cache_clear()
        assert fonts.sfnt_data(face) == unwrapped  # outside the block nothing is read from the folder
    finally:
        fonts.sfnt_data.cache_clear()


def test_subset_font_is_small_deterministic_and_complete() -> None:
    text = "第一条　为了规范行政机关的公文处理工作，制定本办法。“Web 2.0”——见第3页……"
    face = fonts.face("zh-Hans", "serif")
    first = fonts.subset_font(face, text)
    assert first == fonts.subset_font(face, text)
    assert first[:4] == b"OTTO"
    assert len(first) < 60_000
    font = TTFont(io.BytesIO(first))
    assert {ord(char) for char in text} <= set(font.getBestCmap())
    assert "locl" not in {r.FeatureTag for r in font["GSUB"].table.FeatureList.FeatureRecord}
    assert font["name"].getDebugName(1) == face.family


def test_uncovered_reports_what_no_face_draws_with_offsets() -> None:
    text = "正文🧧中\n\u200b𠀀字\U0002ebf0😀\U000323b0e\u0301"  # Ext I and J: no font in Debian
    assert fonts.uncovered(text, "zh-Hans") == {"\U0002ebf0": (8,), "\U000323b0": (10,)}
    assert fonts.uncovered("正文，“Latin” α→β 👨‍👩‍👧🇨🇳", "zh-Hant") == {}


def test_a_formulas_letters_are_drawn_by_the_math_face() -> None:
    # 𝑃, 𝐶 (italic capitals, as a manual's formulas carry them into the text), 𝐱, 𝔸, 𝟙, ∯
    letters = "设参与方𝑃与第三方𝐶，向量𝐱∈𝔸，指示函数𝟙，曲面积分∯"
    assert fonts.uncovered(letters, "zh-Hans") == {}
    assert fonts.MATH in fonts.faces_to_declare("zh-Hant", letters)
    assert fonts.MATH not in fonts.faces_to_declare("zh-Hans", "正文，α→β")  # DejaVu Sans draws those


def test_fallbacks_are_declared_only_where_the_text_needs_them() -> None:
    plain = fonts.faces_to_declare("zh-Hans", "正文，“Latin”")
    assert not set(plain) & {*fonts.FALLBACKS, *fonts.LATIN_FACES, fonts.PLACEHOLDER}
    assert fonts.MONO in plain
    rare = fonts.faces_to_declare("zh-Hans", "正文𠀀😀\u0462\U0002ebf0", latin=True)  # Ѣ: DejaVu only
    assert fonts.LATIN_FACES[0] in rare and fonts.EMOJI in rare and fonts.FALLBACK in rare
    assert rare[-1] == fonts.PLACEHOLDER


def test_placeholder_gives_each_character_a_box_of_its_own() -> None:
    data = fonts.placeholder_font("\U0002ebf0\U000323b0\u0301a")
    assert data == fonts.placeholder_font("a\U000323b0\U0002ebf0")  # deterministic
    font = TTFont(io.BytesIO(data))
    cmap = font.getBestCmap()
    boxes = {code: name for code, name in cmap.items() if code != 0x20}
    assert set(boxes) == {0x2EBF0, 0x323B0, ord("a")}  # a combining mark goes with its base
    assert len(set(boxes.values())) == 3
    assert all(font["hmtx"][name][0] == font["head"].unitsPerEm for name in boxes.values())
    assert font["glyf"][cmap[0x2EBF0]].numberOfContours > 2  # the box and the digits
    # The space after a box stays in the box's face: an empty glyph, a word space wide.
    assert font["glyf"][cmap[0x20]].numberOfContours == 0
    assert 0 < font["hmtx"][cmap[0x20]][0] < font["head"].unitsPerEm


def test_uncovered_by_role_sees_fangsong_gaps_the_serif_fills() -> None:
    # one both serif faces draw, so that no Han fallback does (they hold only what a serif lacks)
    both_serifs = fonts.coverage(fonts.face("zh-Hans", "serif")) & fonts.coverage(
        fonts.face("zh-Hant", "serif")
    )
    rare = next(
        chr(code)
        for code in sorted(gbk_hanzi() & both_serifs - fonts.coverage(fonts.face("zh-Hans", "fangsong")))
    )
    assert rare in fonts.uncovered(rare, "zh-Hans", role="fangsong")
    assert fonts.uncovered(rare, "zh-Hans") == {}


def test_registry_lookups() -> None:
    assert fonts.face("zh-Hant", "fangsong").family == "Pipeline Kai TC"
    assert [face.role for face in fonts.faces_for("zh-Hans")][-2:] == ["fallback", "math"]
    assert len({face.path for face in fonts.faces_for("zh-Hant")}) == len(fonts.faces_for("zh-Hant"))
    with pytest.raises(LayoutError, match="sans face of weight 400"):
        fonts.face("zh-Hans", "sans", 400)
    with pytest.raises(LayoutError, match="no fonts for language"):
        fonts.faces_for("ja")
    assert (
        fonts.font_stack("zh-Hans", "kai") == '"Pipeline Kai SC", "Pipeline Serif SC", ' + FALLBACK_FAMILIES
    )
    assert fonts.font_stack("zh-Hans", "sans", latin=True).startswith(
        '"Pipeline Latin Sans", "Pipeline Sans SC"'
    )


def test_font_face_css_names_every_face_of_the_variant() -> None:
    css = fonts.font_face_css("zh-Hans", lambda face: f"fonts/{face.path.stem}.otf")
    assert css.count("@font-face") == len(fonts.faces_for("zh-Hans"))
    assert 'src: url("fonts/PipelineSerifSC-Bold.otf") format("opentype");' in css
    assert "font-weight: 700;" in css
    assert "TC" not in css


def test_import_reads_no_font_file() -> None:
    probe = (
        "import sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, args: event == 'open' and opened.append(str(args[0])))\n"
        "import pipeline.fonts\n"
        "fonts = [path for path in opened if '/fonts/' in path]\n"
        "assert not fonts, fonts\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True)


@pytest.fixture
def make_fonts(monkeypatch: pytest.MonkeyPatch) -> Any:
    """tools/make_fonts.py as a module."""
    spec = importlib.util.spec_from_file_location(
        "make_fonts", fonts.FONTS_DIR.parent / "tools" / "make_fonts.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_fonts", module)  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_every_emoji_sequence_is_one_glyph_of_its_own(make_fonts: Any) -> None:
    """A PDF gives a glyph's text back only if no other text has that glyph: every emoji sequence
    Unicode lists (keycaps, ZWJ sequences with U+FE0F, modifier and variation sequences) shapes to
    one glyph, distinct from every other sequence's and character's (tools/make_fonts.py)."""
    import uharfbuzz as hb

    data = fonts.sfnt_data(fonts.EMOJI.path)
    font = TTFont(io.BytesIO(data))
    texts: dict[int, list[str]] = {}
    for code, glyph in font.getBestCmap().items():
        texts.setdefault(font.getGlyphID(glyph), []).append(chr(code))
    face = hb.Face(data)
    sequences = make_fonts.emoji_sequences()
    assert len(sequences) > 4000
    for text in sequences:
        glyphs, _ = make_fonts.shaped(face, text)
        assert len(glyphs) == 1, text
        texts.setdefault(glyphs[0][0], []).append(text)
    assert {glyph: shared for glyph, shared in texts.items() if len(shared) > 1} == {}
    # The new glyphs draw what the face drew: 👍🏽 the monochrome 👍, 1️⃣ the keycap 1⃣ …
    glyf, hmtx = font["glyf"], font["hmtx"]

    def outline(text: str) -> tuple[str, int]:
        [(glyph, _, _)], _ = make_fonts.shaped(face, text)
        name = font.getGlyphName(glyph)
        while glyf[name].isComposite() and len(glyf[name].components) == 1:
            name = glyf[name].components[0].glyphName
        return name, hmtx[font.getGlyphName(glyph)][0]

    for sequence, drawn in (("👍🏽", "👍"), ("1️⃣", "1⃣"), ("🏳️‍🌈", "🏳‍🌈"), ("❤︎", "❤"), ("❤️", "❤")):
        assert outline(sequence) == outline(drawn)


def test_every_face_has_a_recipe_of_its_script(make_fonts: Any) -> None:
    charset = {
        "zh-Hans": "sc",
        "zh-Hant": "tc",
        "fallback": "fallback",
        "mono": "fallback",
        "han": "han",
        "emoji": "emoji",
        "math": "math",
    }
    for face in fonts.FACES:
        wanted = (
            "latin" if face.role in fonts.LATIN_ROLES else charset.get(face.variant) or charset[face.role]
        )
        assert make_fonts.RECIPES[face.path.name].charset == wanted
    assert set(make_fonts.RECIPES) == {face.path.name for face in fonts.FACES}
