"""The character classes every stage agrees on (pipeline/unicode.py)."""

from __future__ import annotations

import pytest

from pipeline.unicode import is_cjk, is_han

#: The first ideograph of each block Unicode has assigned them, up to Unicode 17.
FIRST_IDEOGRAPHS = {
    "URO": 0x4E00,
    "Ext A": 0x3400,
    "compatibility": 0xF900,
    "Ext B": 0x20000,
    "Ext C": 0x2A700,
    "Ext F": 0x2CEB0,
    "Ext I": 0x2EBF0,
    "compatibility supplement": 0x2F800,
    "Ext G": 0x30000,
    "Ext H": 0x31350,
    "Ext J": 0x323B0,
}


@pytest.mark.parametrize("block", FIRST_IDEOGRAPHS)
def test_every_block_of_ideographs_is_han(block: str) -> None:
    char = chr(FIRST_IDEOGRAPHS[block])
    assert is_han(char)
    assert is_cjk(char)


@pytest.mark.parametrize("char", ["あ", "ア", "한", "a", "1", "。", "\U0001f600", "\U00040000"])
def test_kana_hangul_latin_punctuation_emoji_and_plane_4_are_not_han(char: str) -> None:
    assert not is_han(char)
