"""The parts typesetting sets apart (pipeline/layout/parts.py), table column widths and code lines."""

from __future__ import annotations

import pytest

from pipeline import fonts
from pipeline.document import Block, NoteRef
from pipeline.layout.blocks import column_widths
from pipeline.layout.justify import TAB_SIZE, literal_lines
from pipeline.layout.metrics import FontMetrics
from pipeline.layout.parts import Hang, hangs, label_end, marker_end, note_calls, toc_line


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("• 高质量 它制作的版面", "• "),
        ("∗这是为学校提供所有服务的主服务器", "∗"),  # LaTeX's third-level bullet
        ("➢ 选择键盘布局", "➢ "),
        ("1.《中华人民共和国烟草专卖法》", "1."),
        ("10.未领取工商营业执照；", "10."),
        ("（1）申请表：由烟草专卖局提供", "（1）"),
        ("(1) 學會目前經費結餘", "(1) "),
        ("a)学生于本科期间", "a)"),
        ("[1] Tobias Oetiker.", "[1] "),
        ("①本文所说的", "①"),
        ("1 人民身體之自由應予保障。", "1 "),  # a law's paragraph number: bare, a blank after it
        ("一\u3000每縣市及其同等區域", "一\u3000"),
        ("十一 中央及地方官吏之銓敘", "十一 "),
        ("第三章 一个相当长的目录条目", "第三章 "),
        ("1.1 历史回顾", "1.1 "),
        ("1978年TEX第一版发布", ""),  # a number that is text, not a marker
        ("2.5倍的面积", ""),
        ("報告: (1) 年會線上註冊", ""),
    ],
)
def test_markers_are_found_with_their_blanks(text: str, marker: str) -> None:
    assert text[: marker_end(text)] == marker


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("时间：2024年5月20日", "时间："),
        ("一、時 間：2013年01月19日", "一、時 間："),
        ("三、出席人員姓名：", "三、出席人員姓名："),
        ("(理事長) 管一政", ""),
        ("主持人：张三，李四", "主持人："),
        ("会议认为，这一点：很重要", ""),  # a sentence, not a label
    ],
)
def test_minutes_labels(text: str, label: str) -> None:
    assert text[: label_end(text)] == label


def test_toc_lines_split_at_the_page_number() -> None:
    assert (toc_line("第一章 总则 1").entry, toc_line("第一章 总则 1").page) == ("第一章 总则", "1")
    assert toc_line("前言 iv").page == "iv"
    assert toc_line("附录").page == ""


def test_note_calls_link_each_mark_to_the_next_footnote_with_it() -> None:
    blocks = (
        Block("paragraph", "甲1乙2。", notes=(NoteRef(1, "1"), NoteRef(3, "2"))),
        Block("footnote", "1 注一", mark="1"),
        Block("paragraph", "丙1。", notes=(NoteRef(1, "1"),)),
        Block("footnote", "2 注二", mark="2"),
        Block("footnote", "1 注三", mark="1"),
        Block("heading", "标题1", level=1, notes=(NoteRef(2, "1"),)),  # headings call nothing
        Block("footnote", "1 注四", mark="1"),
    )
    assert [(c.block, c.at, c.footnote) for c in note_calls(blocks)] == [(0, 1, 1), (0, 3, 3), (2, 1, 4)]


def test_hanging_blocks_hang_after_their_anchor() -> None:
    blocks = (
        Block("list_item", "1.甲", level=1),
        Block("list_item", "a)乙", level=2),
        Block("paragraph", "正文"),
        Block("list_item", "b)丙", level=2),  # no level-1 item before it in its list
        Block("meta", "附件：1. 名称", role="attachment"),
        Block("meta", "2. 名称", role="attachment"),
        Block("footnote", "① 注", mark="①"),
    )
    assert hangs(blocks) == {
        0: Hang(2),
        1: Hang(2, (0, 2)),
        3: Hang(2),
        4: Hang(6),
        5: Hang(3, (4, 3)),
        6: Hang(2),
    }


def test_table_columns_fill_the_measure() -> None:
    # Widest cells 30 and 20 fit the 80 pt left after padding: stretched in proportion.
    assert column_widths([[10, 20], [30, 10]], 100, 10) == pytest.approx([48, 32])
    # 20 and 500 do not fit 180: the narrow column keeps its width, the wide one takes the rest.
    assert column_widths([[10, 500], [20, 300]], 200, 10) == pytest.approx([20, 160])


def test_code_keeps_its_lines_and_wraps_only_what_overruns() -> None:
    mono = FontMetrics(
        tuple(face.path for face in (fonts.MONO, fonts.face("zh-Hans", "serif"), fonts.FALLBACK))
    )
    lines = literal_lines("if x:\n\treturn 1\n\n" + "a" * 30 + " " + "b" * 30, mono, 10, 250)
    assert lines[:3] == [["if x:"], [" " * TAB_SIZE + "return 1"], [""]]
    assert "".join(lines[3]) == "a" * 30 + " " + "b" * 30 and len(lines[3]) == 2
    assert lines[3][0] == "a" * 30 + " "  # broken after the space
