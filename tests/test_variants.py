"""Script variants: OpenCC with the exception list, quote conversion, script detection, both directions."""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

import opencc
import pytest
from conftest import CORPUS_NAMES, load_gold
from hypothesis import given
from hypothesis import strategies as st

from pipeline.document import Block, Document, Meta
from pipeline.errors import VariantError
from pipeline.variants import (
    EXCEPTIONS,
    REVERSE_CONFIGS,
    ConversionException,
    Converter,
    _character_converter,
    convert_quotes,
    convert_text,
    converter,
    detect_script,
    make_variant,
)

TESTS = Path(__file__).parent
CORPUS = CORPUS_NAMES
CONFIGS = tuple(REVERSE_CONFIGS)
LATIN_QUOTES = "\u201c\u201d\u2018\u2019"


def gold_document(name: str) -> Document:
    gold = load_gold(name)
    return Document(meta=Meta(title=gold["title"]), blocks=tuple(Block.from_dict(b) for b in gold["blocks"]))


@cache
def variant_pair(name: str, config: str) -> tuple[Document, Document]:
    """A corpus document's Simplified gold and its Traditional variant by an OpenCC config."""
    document = gold_document(name)
    return document, make_variant(document, "zh-Hant", config)


@pytest.mark.parametrize(
    ("simplified", "config", "traditional"),
    [
        ("范先生说", "s2tw", "范先生說"),
        ("范女士和范老师", "s2hk", "范女士和范老師"),
        ("示范某些做法，模范先生", "s2tw", "示範某些做法，模範先生"),
        ("范围和范文", "s2tw", "範圍和範文"),
        ("范仲淹", "s2t", "范仲淹"),
        ("余先生与于女士", "s2tw", "余先生與于女士"),
        ("关于先生的事", "s2tw", "關於先生的事"),
        ("子丑寅卯", "s2tw", "子丑寅卯"),
        ("子丑寅卯", "s2twp", "子丑寅卯"),
        ("辛丑年", "s2hk", "辛丑年"),
        ("小丑", "s2tw", "小丑"),
        ("丑陋", "s2tw", "醜陋"),
        ("加强制造业金融支持", "s2tw", "加強製造業金融支持"),
        ("落实分区分级精准防控", "s2twp", "落實分區分級精準防控"),
        ("落实分区分级精准防控", "s2tw", "落實分區分級精準防控"),
        ("杭州市人民政府文件", "s2twp", "杭州市人民政府文件"),
        ("鼠标和软件", "s2twp", "滑鼠和軟體"),
    ],
)
def test_known_mis_conversions_are_fixed(simplified: str, config: str, traditional: str) -> None:
    assert convert_text(simplified, config) == traditional


@pytest.mark.parametrize(
    ("traditional", "config", "simplified"),
    [
        ("他說甚麼", "tw2s", "他说什么"),
        ("政府文件", "tw2sp", "政府文件"),
        ("滑鼠和軟體", "tw2sp", "鼠标和软件"),
        ("范先生", "tw2s", "范先生"),
    ],
)
def test_traditional_to_simplified_exceptions(traditional: str, config: str, simplified: str) -> None:
    assert convert_text(traditional, config) == simplified


def test_without_the_exception_list_opencc_gets_these_wrong() -> None:
    """Guards the list: if OpenCC fixes one of these, its row can go."""
    assert converter("s2tw").convert("范先生") == "範先生"
    assert converter("s2tw").convert("子丑寅卯") == "子醜寅卯"
    assert converter("s2twp").convert("分区") == "分割槽"
    assert converter("s2tw").convert("加强制造业") == "加強制造業"
    assert converter("tw2s").convert("甚麼") == "甚么"


@pytest.mark.parametrize("exception", EXCEPTIONS, ids=lambda e: e.pattern[:12])
def test_every_exception_row_names_known_configs_and_a_reason(exception: ConversionException) -> None:
    assert set(exception.configs) <= set(REVERSE_CONFIGS) | set(REVERSE_CONFIGS.values())
    assert exception.note


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        ("他说：“好。”", "zh-Hant", "他说：「好。」"),
        ("“外‘内’外”", "zh-Hant", "「外『内』外」"),
        ("“一“二”一”", "zh-Hant", "「一『二』一」"),
        ("“一‘二“三”二’一”", "zh-Hant", "「一『二「三」二』一」"),
        ("「外『內』外」", "zh-Hans", "“外‘內’外”"),
        ("China’s “GDP”", "zh-Hant", "China’s 「GDP」"),
        ("没有开头的”", "zh-Hant", "没有开头的」"),
        ("没有结尾的“", "zh-Hant", "没有结尾的「"),
        ("‘单独’", "zh-Hant", "「单独」"),
    ],
)
def test_quotes_follow_nesting_depth(text: str, target: str, expected: str) -> None:
    assert convert_quotes(text, target) == expected


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("范先生说子丑寅卯", "zh-Hans"),
        ("範先生說子醜寅卯", "zh-Hant"),
        ("中国人民银行浙江省分行", "zh-Hans"),
        ("中國人民銀行浙江省分行", "zh-Hant"),
        ("2024年", "zh-Hans"),
        # Both scripts' own characters: the one written more often decides, a tie is Simplified.
        ("國國國国", "zh-Hant"),
        ("國国国", "zh-Hans"),
        ("國国", "zh-Hans"),
        ("中華民國憲法台着", "zh-Hant"),
        ("说话说话说话說", "zh-Hans"),
        ("說話說話國国国国国", "zh-Hant"),
        ("說話國国国国国国", "zh-Hans"),
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script


#: Letters of both scripts and of neither, marks, and characters past the Basic Multilingual Plane.
_SCRIPT_LETTERS = "国國说說话話发發中人范範丑醜于於台臺着著，。「」“”𠀀𪚥a1"


@given(st.lists(st.text(alphabet=_SCRIPT_LETTERS + "\u4e00\u9fa5\U00020000\u3400", max_size=40)))
def test_detect_script_counts_each_scripts_own_characters(texts: list[str]) -> None:
    """Read one after another (the patterns that find a text's characters are built again as more
    characters are known), each text is Traditional where it holds more characters only Traditional
    writes than characters only Simplified writes, as OpenCC converts each alone."""
    to_hant, to_hans = _character_converter("s2t"), _character_converter("t2s")

    def own(char: str, script: Converter, back: Converter) -> bool:
        return script.convert(char) != char and back.convert(char) == char

    for text in texts:
        traditional = sum(own(char, to_hans, to_hant) for char in text if char.isalpha())
        simplified = sum(own(char, to_hant, to_hans) for char in text if char.isalpha())
        assert detect_script(text) == ("zh-Hant" if traditional > simplified else "zh-Hans")


@pytest.mark.parametrize("config", ["s2t", "t2s"])
def test_character_tables_convert_each_letter_as_the_whole_configuration(config: str) -> None:
    """Script detection asks OpenCC's character tables alone (they load in milliseconds): a letter
    converted alone must come out of them as out of the whole configuration, phrase tables and all."""
    letters = "\n".join(chr(code) for code in range(0x80, sys.maxunicode + 1) if chr(code).isalpha())
    tables = _character_converter(config)
    assert tables is not converter(config)
    assert tables.convert(letters) == converter(config).convert(letters)


def test_converter_is_built_once_per_config() -> None:
    assert converter("s2tw") is converter("s2tw")


def test_unknown_config_or_target_is_refused() -> None:
    document = gold_document(CORPUS[0])
    with pytest.raises(VariantError, match="OpenCC configuration"):
        make_variant(document, "zh-Hant", "s2jp")
    with pytest.raises(VariantError, match="variant"):
        make_variant(document, "zh-TW")


def test_a_document_already_in_the_target_script_is_returned_as_is() -> None:
    document = gold_document(CORPUS[0])
    assert make_variant(document, "zh-Hans") is document


@pytest.mark.parametrize("name", CORPUS)
@pytest.mark.parametrize("config", CONFIGS)
def test_converting_the_traditional_text_again_changes_nothing(name: str, config: str) -> None:
    _, traditional = variant_pair(name, config)
    for block in traditional.blocks:
        assert convert_text(block.text, config) == block.text


@pytest.mark.parametrize("name", CORPUS)
@pytest.mark.parametrize("config", ["s2tw", "s2hk", "s2t"])
def test_plain_opencc_finds_nothing_left_to_convert(name: str, config: str) -> None:
    """s2twp is left out: its protected 分區 and 文件 are exactly what plain OpenCC would rewrite."""
    _, traditional = variant_pair(name, config)
    to_hant = opencc.OpenCC(f"{config}.json")
    for block in traditional.blocks:
        assert to_hant.convert(block.text) == block.text


@pytest.mark.parametrize("name", CORPUS)
@pytest.mark.parametrize("config", CONFIGS)
def test_traditional_text_is_complete_with_corner_quotes(name: str, config: str) -> None:
    simplified, traditional = variant_pair(name, config)
    assert traditional.meta.language == "zh-Hant"
    assert detect_script(traditional) == "zh-Hant"
    assert [(b.type, b.level, b.role) for b in traditional.blocks] == [
        (b.type, b.level, b.role) for b in simplified.blocks
    ]
    for before, after in zip(simplified.blocks, traditional.blocks, strict=True):
        assert not set(after.text) & set(LATIN_QUOTES)
        assert after.text.count("「") == before.text.count("“")
        if config != "s2twp":  # only s2twp rewrites vocabulary (网络 → 網路), which may change lengths
            assert len(after.text) == len(before.text)


def test_s2tw_keeps_vocabulary_and_s2twp_changes_it() -> None:
    assert convert_text("网络信息", "s2tw") == "網絡信息"
    assert convert_text("网络信息", "s2twp") == "網路資訊"
    assert convert_text("里面", "s2hk") == "裏面"
    assert convert_text("群众", "s2t") == "羣衆"


def test_metadata_is_converted_and_the_rest_kept() -> None:
    document = Document(
        meta=Meta(
            title="关于“两会”的通知",
            subtitle="发展报告",
            author="国务院办公厅",
            date="2024-03-05",
            source="seeds/x.txt",
            slug="x",
        ),
        blocks=(Block("paragraph", "国务院办公厅发布通知。"),),
    )
    variant = make_variant(document, "zh-Hant")
    assert variant.meta.title == "關於「兩會」的通知"
    assert variant.meta.subtitle == "發展報告"
    assert variant.meta.author == "國務院辦公廳"
    assert (variant.meta.date, variant.meta.source, variant.meta.slug) == ("2024-03-05", "seeds/x.txt", "x")
    assert variant.meta.language == "zh-Hant"


def test_a_traditional_source_yields_a_correct_simplified_variant() -> None:
    fixture = json.loads((TESTS / "fixtures" / "zh-hant-notice.json").read_text(encoding="utf-8"))
    document = Document(
        meta=Meta.from_dict(fixture["meta"]), blocks=tuple(Block.from_dict(b) for b in fixture["blocks"])
    )
    assert detect_script(document) == "zh-Hant"
    simplified = make_variant(document, "zh-Hans")
    assert [b.text for b in simplified.blocks] == fixture["simplified"]["blocks"]
    assert simplified.meta.title == fixture["simplified"]["title"]
    assert simplified.meta.author == fixture["simplified"]["author"]
    assert simplified.meta.language == "zh-Hans"
    # The fixture's metadata wrongly claims zh-Hans (the cleaner's default): detection corrects it.
    traditional = make_variant(document, "zh-Hant")
    assert traditional.blocks == document.blocks
    assert traditional.meta.language == "zh-Hant"
