"""Line-breaking atoms and punctuation compression follow clreq."""

from __future__ import annotations

import pytest

from pipeline.layout.autospace import autospace_html
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
    ("text", "html"),
    [
        ("2月18日", '<span class="latin sp-r tcy">2</span>月<span class="latin sp-l sp-r tcy">18</span>日'),
        ("2024年", '<span class="latin sp-r">2024</span>年'),
        ("（1）", '（<span class="latin tcy">1</span>）'),
        ("第 12 条", '第 <span class="latin tcy">12</span> 条'),
        ("用Python写", '用<span class="latin sp-l sp-r">Python</span>写'),
        ("3.5%", "3.5%"),
    ],
)
def test_numbers_of_one_or_two_digits_are_marked_to_stand_upright_in_vertical_text(
    text: str, html: str
) -> None:
    assert autospace_html(text) == html


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
