"""Property tests of the cleaner: damaged random documents clean back to their blocks, every lost
character is in the report, and cleaning its own output changes nothing.

The documents and the damage come from tests/damage.py. On a failure hypothesis prints the
`Sample`: its `raw` is the cleaner's input, its `blocks` the expected output.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from clean_checks import block_tuples, derandomized, fuzz_examples, unaccounted
from damage import (
    BOOK_CHAPTER,
    KNOBS,
    Damage,
    Sample,
    damage,
    damaged_documents,
    render_block,
    settle,
    with_seeds,
)
from damage_documents import display_width, documents
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from pipeline.clean import clean
from pipeline.clean.text import source_lines
from pipeline.document import Block

PROPERTIES = settings(
    max_examples=fuzz_examples(60, fuzz_share=0.05),
    derandomize=derandomized(),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PER_KNOB = settings(PROPERTIES, max_examples=fuzz_examples(10, fuzz_share=0.005))
#: For the properties over damaged documents: report a failing example as drawn, without
#: minimising it — minimising a damaged document takes minutes, and its raw text shows the case.
UNMINIMISED = [Phase.explicit, Phase.reuse, Phase.generate]


def _reading_text(blocks: tuple[Block, ...]) -> str:
    """Blocks as the cleaner reads its own output back: one block a line, a blank line between."""
    return "\n\n".join(block.text for block in blocks)


def _assert_cleans_back(sample: Sample) -> None:
    note(f"raw text:\n{sample.raw}")
    result = clean(sample.raw)
    assert block_tuples(result.document.blocks) == block_tuples(sample.blocks)


# -- the generator itself ----------------------------------------------------------------------


def test_a_list_lead_that_fills_its_last_line_says_more_before_its_colon() -> None:
    """A lead whose last printed line is full reads as a list run into its sentence (found by fresh
    draws of the structure properties: "…应当提交下列材料：" filled 48 of 49 units before a blank
    line and "1."); the generator makes it say more before the colon, so its last line is short."""
    knobs = Damage(width=48)
    lead = Block("paragraph", "贵州赫导性和要坚定并举巩全国政应当提交下列材料：")  # 48 units
    item = Block("list_item", "1.顽强奋稳步提，际创造出合格。", level=1)
    settled = settle((Block("title", "关于保障以电视的通知"), lead, item), knobs)
    assert settled[1].text.endswith("：") and settled[1].text != lead.text
    assert display_width(render_block(settled[1], 1, knobs)[-1].text) < 48 - 8


def test_a_books_heads_on_pages_nothing_else_marks_stand_on_four_pages_at_least() -> None:
    """A book's heads stand on every page but the first; where no form feed or page marker shows the
    pages, only heads rising one by one three times show them (found by fresh draws of the structure
    properties: "2          第一章 总则" and "第三节 要求          3" alone on a three-page text, which no
    reader tells from its lines). There the generator sets none on three pages, and sets them on four."""
    text = "各地区各部门要坚定不移把党中央决策部署落实好，确保如期完成脱贫攻坚目标任务。"
    blocks = (Block("title", "关于加快推进方向性工作的通知"), *(Block("paragraph", text) for _ in range(11)))
    lines = damage(blocks, Damage()).count("\n") + 1  # 23: a title and 11 paragraphs of two lines
    three_pages, four_pages = Damage(page_lines=-(-lines // 3)), Damage(page_lines=-(-lines // 4))
    assert BOOK_CHAPTER not in damage(blocks, replace(three_pages, book_heads=True))
    assert BOOK_CHAPTER in damage(blocks, replace(four_pages, book_heads=True))
    assert BOOK_CHAPTER in damage(blocks, replace(three_pages, book_heads=True, form_feeds=True))


def test_text_objects_a_line_write_a_markers_number_and_a_folios_dashes_apart() -> None:
    """pdftotext -raw: "1.确保…" as "1" / "." / "确保…" or "1" / ".确保…", "（2）确保…" as "（2" /
    "）确保…", "— 1 —" as "—" / "1" / "—"; a decimal's point stays with its number."""
    items = [Block("list_item", marker + "确保如期完成；", level=1) for marker in ("1.", "（2）", "3)")]
    blocks = (Block("title", "关于加快推进方向性工作的通知"), *items, Block("paragraph", "1.5倍的目标任务。"))
    lines = damage(blocks, Damage(text_objects_a_line=True, page_lines=9, page_marker="dash")).split("\n")
    assert lines[1] == "1" and lines[2] in (".", ".确保如期完成；")
    assert "（2" in lines and "）确保如期完成；" in lines and "3" in lines and ")确保如期完成；" in lines
    assert "1.5倍的目标任务。" in lines
    assert lines[-3:] == ["—", "1", "—"] or lines[-4:-1] == ["—", "1", "—"]


@PROPERTIES
@given(documents(), st.integers(44, 84))
def test_without_damage_the_raw_text_is_the_document_hard_wrapped(
    blocks: tuple[Block, ...], width: int
) -> None:
    raw = damage(blocks, Damage(width=width))
    squash = re.compile(r"\s")
    assert squash.sub("", raw) == squash.sub("", "".join(block.text for block in blocks))
    assert raw.count("\n") >= len(blocks) - 1


@pytest.mark.parametrize("name", sorted(set(KNOBS) - {"hard-wraps-only"}))
def test_every_damage_knob_changes_the_raw_text(name: str) -> None:
    # Shifting each paragraph by one more character puts every kind of token at some line end.
    mixed = (
        "各级政府要坚决克服疫情影响，到2020年，《规划》中的“重点任务”必须完成；REITs、blockchain"
        "等方面的试点取得进展：六个方面，1.5倍，详见http://www.gov.cn/zwgk/。"
    )
    han = "各地区各部门要坚定不移把党中央决策部署落实好，确保如期完成脱贫攻坚目标任务，确保全面建成小康社会。"
    blocks = (
        Block("title", "关于加快推进方向性工作的通知"),
        *(Block("paragraph", "要" * shift + text) for shift in range(12) for text in (mixed, han)),
        Block("paragraph", f"（三）{han * 2}"),
        Block("meta", "时间：2020年1月1日", role="meeting"),
        Block("meta", "记录：张三", role="meeting"),
        *(Block("list_item", f"{n}.确保如期完成；", level=1) for n in range(1, 4)),
        # A book's sections, a figure under its sub-figure labels, a table under its caption.
        *(
            block
            for number in (1, 2)
            for block in (Block("heading", f"1.{number} 历史回顾", level=2), Block("paragraph", han))
        ),
        Block("caption", "（a）约定架构（b）虚拟第三方"),
        Block("caption", "图1.1 联邦生态"),
        Block("caption", "表1.1 发行版"),
        Block.table((("操作系统", "发行版"), ("Windows", "MikTeX"))),
    )
    knobs = KNOBS[name]
    assert damage(blocks, knobs) != damage(blocks, Damage()) or any(
        damage(blocks, replace(knobs, width=width)) != damage(blocks, Damage(width=width))
        for width in range(44, 85)
    )


# -- the cleaner ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(KNOBS))
def test_cleaning_undoes_each_kind_of_damage(name: str) -> None:
    @settings(PER_KNOB, phases=UNMINIMISED)
    @given(damaged_documents(with_seeds(KNOBS[name])))
    def cleans_back(sample: Sample) -> None:
        _assert_cleans_back(sample)

    cleans_back()


@settings(PROPERTIES, phases=UNMINIMISED)
@given(damaged_documents())
def test_cleaning_undoes_any_mix_of_damage(sample: Sample) -> None:
    _assert_cleans_back(sample)


@PROPERTIES
@given(damaged_documents())
def test_the_detected_title_is_the_first_block(sample: Sample) -> None:
    note(f"raw text:\n{sample.raw}")
    assert clean(sample.raw).document.meta.title == sample.blocks[0].text


@PROPERTIES
@given(damaged_documents())
def test_no_character_is_lost_without_a_report(sample: Sample) -> None:
    note(f"raw text:\n{sample.raw}")
    result = clean(sample.raw)
    assert unaccounted(sample.raw, result) == {}


@PROPERTIES
@given(damaged_documents())
def test_every_finding_points_at_a_line_of_the_input(sample: Sample) -> None:
    result = clean(sample.raw)
    lines = source_lines(sample.raw)  # (a form feed after a line's text ends it)
    for finding in result.report.findings:
        assert 1 <= finding.line <= len(lines), finding
        original = finding.original.strip()
        assert original in lines[finding.line - 1], finding


@settings(PROPERTIES, phases=UNMINIMISED)
@given(damaged_documents())
def test_cleaning_is_idempotent(sample: Sample) -> None:
    first = clean(sample.raw).document.blocks
    note(f"cleaned once:\n{_reading_text(first)}")
    assert block_tuples(clean(_reading_text(first)).document.blocks) == block_tuples(first)


@pytest.mark.skipif(not derandomized(), reason="nox -s fuzz keeps Hypothesis's literal mining")
def test_the_suite_draws_no_literals_from_the_package() -> None:
    """tests/conftest.py keeps the suite's examples independent of the strings and numbers written in
    pipeline/; if a Hypothesis upgrade renamed the hook it replaces, this says so."""
    from hypothesis.internal.conjecture import providers

    mined = providers._get_local_constants()
    assert not (mined.strings or mined.integers or mined.floats)
