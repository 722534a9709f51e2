"""Fuzzing the cleaner: on any Unicode text it raises nothing but its own errors, loses no character
without reporting it, gives one-line blocks, and cleaning its output again changes nothing.

The suite runs a couple of hundred examples per property; `nox -s fuzz` sets FUZZ_EXAMPLES=10000.
"""

from __future__ import annotations

from clean_checks import block_tuples, derandomized, fuzz_examples, unaccounted
from hypothesis import HealthCheck, example, given, note, settings
from hypothesis import strategies as st

from pipeline.clean import CleanResult, clean
from pipeline.errors import CleanError, SourceError

FUZZ = settings(
    max_examples=fuzz_examples(200),
    derandomize=derandomized(),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Every general category, controls and private use included; only lone surrogates, which no
#: decoded text can hold, are left out.
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)

#: Pieces of real extracted text and of its damage, so that fuzzing reaches the cleaner's rules.
FRAGMENTS = (
    "习近平强调",
    "脱贫攻坚",
    "人民政府",
    "，",
    "。",
    "、",
    "；",
    "：",
    "？",
    "！",
    "“",
    "”",
    "《",
    "》",
    "（",
    "）",
    "〔2024〕",
    "2020",
    " 年",
    "10.2%",
    "REITs",
    "Open Source",
    "一、",
    "（一）",
    "1.",
    "（1）",
    "第一章",
    "- 1 -",
    "— 2 —",
    "— １ —",
    "第 3 页",
    "第1页 共10页",
    "1 / 57",
    "Page 3 of 10",
    "                    一七",
    "\f",
    "\n",
    "\n\n",
    " ",
    "  ",
    "\u3000\u3000",
    "\u2003",
    "\t",
    "\ua3ac",
    "\ua3ae",
    "\u2f45",
    "\u2ed3",
    "\uf9d1",
    "ＡＢＣ１２３",
    "«",
    "»",
    "-\n",
    "》\n，",
    "、\n",
    "加 大 创 业",
    "\ufeff",
    "\u200b",
    "\u202e",
    "\x00",
    "\x1b",
    "\r",
    "\u2028",
    "\u0085",
    "杭州市人民政府",
    "2024 年 2 月 18 日",
    "（此件公开发布）",
    "抄送：",
    "印发",
    "各区、县（市）人民政府：",
)
structured_text = st.lists(
    st.sampled_from(FRAGMENTS) | st.text(st.characters(exclude_categories=["Cs"]), max_size=3), max_size=80
).map("".join)

texts = any_text | structured_text


def _clean_or_refuse(text: str) -> CleanResult | None:
    """Clean `text`; None when the cleaner refuses it with one of its own errors."""
    try:
        return clean(text)
    except (SourceError, CleanError):
        return None


@FUZZ
@given(texts)
def test_cleaning_raises_nothing_but_its_own_errors(text: str) -> None:
    _clean_or_refuse(text)


@FUZZ
@given(texts)
def test_cleaning_loses_no_character_without_reporting_it(text: str) -> None:
    result = _clean_or_refuse(text)
    if result is not None:
        assert unaccounted(text, result) == {}


@FUZZ
@given(texts)
def test_every_block_is_one_line_of_reading_text(text: str) -> None:
    result = _clean_or_refuse(text)
    if result is not None:
        for block in result.document.blocks:
            assert block.text, block
            assert block.text == block.text.strip(), block
            # Code keeps its lines and a table its rows, joined with "\n" (the Document's contract).
            breaks = (
                "\r\f\u2028\u2029\x85"
                if block.type in ("preformatted", "table")
                else "\n\r\f\u2028\u2029\x85"
            )
            assert not any(char in block.text for char in breaks), block


@FUZZ
@given(texts)
@example("A\u00a0=0")  # a no-break space: code read again where the source was not (fresh draws)
def test_cleaning_is_idempotent_on_any_text(text: str) -> None:
    result = _clean_or_refuse(text)
    if result is None:
        return
    first = result.document.blocks
    again = "\n\n".join(block.text for block in first)
    note(f"cleaned once:\n{again}")
    assert block_tuples(clean(again).document.blocks) == block_tuples(first)
