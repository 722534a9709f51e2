"""Property tests of the structure rules: documents with lists, laws, books and minutes
(tests/damage_documents.structured_documents), damaged as extractors damage text, clean back to
their blocks — types and levels included — lose no character and clean their own output the same."""

from __future__ import annotations

import pytest
from clean_checks import block_tuples, derandomized, fuzz_examples, unaccounted
from damage import KNOBS, Sample, damaged_documents, with_seeds
from damage_documents import law, manual, minutes, official_with_lists, structured_documents
from hypothesis import HealthCheck, Phase, given, note, settings

from pipeline.clean import clean

PROPERTIES = settings(
    max_examples=fuzz_examples(40, fuzz_share=0.05),
    derandomize=derandomized(),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
PER_KNOB = settings(PROPERTIES, max_examples=fuzz_examples(6, fuzz_share=0.005))
GENRES = {"lists": official_with_lists(), "law": law(), "manual": manual(), "minutes": minutes()}


def _assert_cleans_back(sample: Sample) -> None:
    note(f"raw text:\n{sample.raw}")
    assert block_tuples(clean(sample.raw).document.blocks) == block_tuples(sample.blocks)


@pytest.mark.parametrize("genre", sorted(GENRES))
@pytest.mark.parametrize(
    "knob",
    [
        "hard-wraps-only",
        "ascii-indent",
        "blank-between-paragraphs",
        "kerning-splits",
        "digit-spaces",
        "form-feeds",
        "hangzhou-style",
        "header-cells",
        "marker-columns",
        "header-side-by-side",
    ],
)
def test_each_structure_cleans_back_under_each_kind_of_damage(genre: str, knob: str) -> None:
    @PER_KNOB
    @given(damaged_documents(with_seeds(KNOBS[knob]), document_strategy=GENRES[genre]))
    def cleans_back(sample: Sample) -> None:
        _assert_cleans_back(sample)

    cleans_back()


@pytest.mark.parametrize(
    "knob",
    [
        "table-cells-apart",
        "figure-words",
        "figure-words-layout",
        "number-after-text",
        "labels-apart",
    ],
)
def test_a_manual_cleans_back_from_what_pdftotext_writes_a_block_at_a_time(knob: str) -> None:
    # A table's cells, a figure's words, a section's number after its text, sub-figure labels.
    @PER_KNOB
    @given(
        damaged_documents(
            with_seeds(KNOBS[knob]), document_strategy=manual(subfigures=True, words_in_cells=True)
        )
    )
    def cleans_back(sample: Sample) -> None:
        _assert_cleans_back(sample)

    cleans_back()


@PROPERTIES
@given(damaged_documents(document_strategy=structured_documents()))
def test_structured_documents_clean_back_under_any_mix_of_damage(sample: Sample) -> None:
    _assert_cleans_back(sample)


@PROPERTIES
@given(damaged_documents(document_strategy=structured_documents()))
def test_no_character_of_a_structured_document_is_lost(sample: Sample) -> None:
    note(f"raw text:\n{sample.raw}")
    assert unaccounted(sample.raw, clean(sample.raw)) == {}


@PROPERTIES
@given(damaged_documents(document_strategy=structured_documents()))
def test_cleaning_a_structured_document_is_idempotent(sample: Sample) -> None:
    first = clean(sample.raw).document.blocks
    again = clean("\n\n".join(block.text for block in first)).document.blocks
    assert block_tuples(again) == block_tuples(first)
