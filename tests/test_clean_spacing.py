"""Spaces in Chinese text, rule by rule: the stretch of a justified line and letter-spacing go in prose,
a description list's term keeps its space, a title's two clauses keep theirs, a law's unit its."""

from __future__ import annotations

import pytest

from pipeline.clean.spacing import normalise_spaces


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Founder and Word justification widen a few gaps of a full line; pdftotext writes them as spaces.
        (
            "资金由30万元提高 至50万 元，鼓励行业主 管 部门和地方。",
            "资金由30万元提高至50万元，鼓励行业主管部门和地方。",
        ),
        ("鼓励创业。持续实施 青 年创业促进计划。", "鼓励创业。持续实施青年创业促进计划。"),
        # A clause ending with a colon leads into a list: prose too (found by fresh draws of manuals).
        ("要求瞄准突这么短 有下列情形 之 一的：", "要求瞄准突这么短有下列情形之一的："),
        # TeX letter-spaces a line with punctuation in it: every gap goes.
        ("起 初 ， 美 国 数 学 学 会 看着TEX是好的。", "起初，美国数学学会看着TEX是好的。"),
        ("（一）加 大 创 业 信 贷 支持力度。", "（一）加大创业信贷支持力度。"),
        # A description list's term keeps the space after it, after its bullet or number too.
        ("• 高质量 它制作的版面看起来更专业。", "•高质量 它制作的版面看起来更专业。"),
        ("1. 批处理 它的源文件是文本文件，便于批处理。", "1.批处理 它的源文件是文本文件，便于批处理。"),
        # No prose (a title, a heading, a name): a space between two phrases stays.
        (
            "坚决克服新冠肺炎疫情影响 坚决夺取脱贫攻坚战全面胜利",
            "坚决克服新冠肺炎疫情影响 坚决夺取脱贫攻坚战全面胜利",
        ),
        ("第一章 简介", "第一章 简介"),
        # A law's unit keeps one space after its number, its own letter-spacing gone.
        ("第 二 章   附  则", "第二章 附则"),
        ("第 一 章 總綱", "第一章 總綱"),
        ("第一条\u3000为了规范管理，制定本条例。", "第一条 为了规范管理，制定本条例。"),
        ("第 8 條 人民身體之自由應予保障。", "第8條 人民身體之自由應予保障。"),
        ("第三节 要 求", "第三节 要求"),
        ("第 1 條", "第1條"),
        # A line of prose letter-spaced whole: the gap after the number is one like the rest and
        # says nothing of a space there (found by fresh draws: kerning splits in laws).
        ("第 三 条 学 习 领 议 时 表 ，", "第三条学习领议时表，"),
        # A full-width space after the number is wider than the letter-spacing: the law's own.
        ("第 三 条\u3000学 习 领 议 时 表 ，", "第三条 学习领议时表，"),
        ("第一条为了规范管理，制定本条例。", "第一条为了规范管理，制定本条例。"),
    ],
)
def test_spaces_in_chinese_text(raw: str, expected: str) -> None:
    assert normalise_spaces(raw) == expected
