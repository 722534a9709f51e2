"""Line-breaking atoms and punctuation compression follow clreq."""

from __future__ import annotations

import pytest

from pipeline.layout.clreq import atomize, split_pieces
from pipeline.layout.justify import compressed


@pytest.mark.parametrize(
    ("text", "atoms"),
    [
        ("我们，他们。", ["我", "们，", "他", "们。"]),
        ("（一）发挥", ["（一）", "发", "挥"]),
        ("说：“好。”", ["说：", "“好。”"]),
        ("等待——然后", ["等", "待", "——", "然", "后"]),
        ("于是……结束", ["于", "是", "……", "结", "束"]),
        ("到2020年", ["到", "2020", "年"]),
        ("用Python 3写", ["用", "Python ", "3", "写"]),
        ("增长3.5%。", ["增", "长", "3.5%。"]),
        ("《条例》出台", ["《条", "例》", "出", "台"]),
    ],
)
def test_atoms_glue_closing_marks_back_and_opening_marks_forward(text: str, atoms: list[str]) -> None:
    assert [atom.text for atom in atomize(text)] == atoms


def test_atoms_keep_every_character_in_order() -> None:
    text = "各区、县（市）人民政府，“415X”先进制造业集群——2023—2025年……完。"
    assert "".join(atom.text for atom in atomize(text)) == text


def test_latin_next_to_han_gets_quarter_em_on_the_han_sides_only() -> None:
    pieces = {piece.text: piece for piece in split_pieces("到2020年（1）")}
    assert pieces["2020"].latin and pieces["2020"].space_before and pieces["2020"].space_after
    assert not pieces["1"].space_before and not pieces["1"].space_after


@pytest.mark.parametrize(
    ("text", "halted"),
    [
        ("好，“对", [False, True, False, False]),  # closing before opening: the comma loses its blank half
        ("（“对", [False, True, False]),  # opening after opening: the quote loses its blank half
        ("）。", [True, False]),  # closing before closing
        ("好，对", [False, False, False]),  # a lone mark keeps its full width
    ],
)
def test_adjacent_punctuation_is_compressed_once(text: str, halted: list[bool]) -> None:
    assert compressed(split_pieces(text)) == halted
