"""The cleaner on every real document × extraction (../shared/corpus/real): scored against the gold,
every character accounted for, idempotent. Besides the corpus's three extractions, its PDFs read by
extractors the cleaner was not developed on (`pipeline.evaluate.OTHER_EXTRACTORS`) are held to
their recorded minimums too (not to the floors: those are issue 14's, for the three).

The scores (boundary F1, text similarity, type accuracy: `pipeline.evaluate`) are held to issue
14's floors where they hold, and elsewhere to the minimums recorded in real_corpus_minimums.json,
which only ever rise: a change may not undo what earlier rules won. When the cleaner gets better,
`python tools/corpus.py --raise-minimums` records the new scores; a pair whose minimums reach the
floors is then held to the floors themselves (its strict xfail below turns into a plain test). The
measures depend on each other (a block found verbatim at last counts in type accuracy, however it
is typed): a minimum is lowered only by hand, in a commit that says which change lowered it and why
that change is right.
"""

from __future__ import annotations

import json
import statistics
from functools import cache
from pathlib import Path

import pytest
from clean_checks import block_tuples, unaccounted
from conftest import other_extractor_cases, real_cases, real_document, source_path

from pipeline.clean import CleanResult, clean
from pipeline.evaluate import EXTRACTIONS, score
from pipeline.sources import read_source
from pipeline.variants import VARIANTS, detect_script, make_variant

#: Issue 14's floors, for every (document, extraction).
FLOORS = {"boundary_f1": 0.95, "text_similarity": 0.995, "type_accuracy": 0.90}
MEAN_F1_FLOOR = 0.98
#: How far a score may rise above its recorded minimum before the minimum must be raised.
SLACK = 0.01
MINIMUMS: dict[str, dict[str, dict[str, float]]] = json.loads(
    (Path(__file__).parent / "real_corpus_minimums.json").read_text(encoding="utf-8")
)
RAISE = "python tools/corpus.py --raise-minimums"
CASES = real_cases()
#: The corpus's extractions and its PDFs read by the other extractors.
ALL_CASES = CASES + [case for case in other_extractor_cases() if case.id != "real-corpus-missing"]
#: Where cleaning the cleaned text still changes it, and why (strict: a fix must strike its entry).
NOT_YET_IDEMPOTENT: dict[tuple[str, str], str] = {}


@cache
def cleaned(name: str, extraction: str) -> tuple[str, CleanResult]:
    """The source as the build reads it, and the cleaner's result (once per session)."""
    path = source_path(name, extraction)
    raw = read_source(path).text
    return raw, clean(raw, source=str(path))


@cache
def scores(name: str, extraction: str) -> dict[str, float]:
    _, result = cleaned(name, extraction)
    measured = score(real_document(name).blocks, [block.to_dict() for block in result.document.blocks])
    return {measure: float(value) for measure, value in measured.as_dict().items() if measure in FLOORS}


def _minimums(name: str, extraction: str) -> dict[str, float]:
    return MINIMUMS.get(name, {}).get(extraction, {})


def _meets_floors(minimums: dict[str, float]) -> bool:
    return all(minimums.get(measure, 0.0) >= floor for measure, floor in FLOORS.items())


def _floor_cases() -> list[object]:
    """Every case; those whose recorded minimums are still below the floors as strict xfails, so that
    reaching the floors fails until the minimums are raised (and the floors thereby hold for good)."""
    below = pytest.mark.xfail(strict=True, reason=f"below the floors (once they hold: {RAISE})")
    return [
        case
        if _meets_floors(_minimums(*case.values))
        else pytest.param(*case.values, id=case.id, marks=below)
        for case in CASES
    ]


@pytest.mark.parametrize(("name", "extraction"), ALL_CASES)
def test_no_score_falls_below_its_recorded_minimum(name: str, extraction: str) -> None:
    measured = scores(name, extraction)
    minimums = _minimums(name, extraction)
    assert minimums, f"{name}/{extraction} has no recorded minimums: run {RAISE}"
    fallen = {m: (measured[m], minimums[m]) for m in FLOORS if measured[m] < minimums[m]}
    assert not fallen, f"(score, minimum) per measure: {fallen}"


@pytest.mark.parametrize(("name", "extraction"), ALL_CASES)
def test_the_recorded_minimums_keep_up_with_the_scores(name: str, extraction: str) -> None:
    minimums = _minimums(name, extraction)
    measured = scores(name, extraction)
    risen = {m: (measured[m], minimums.get(m)) for m in FLOORS if measured[m] > minimums.get(m, 0.0) + SLACK}
    assert not risen, f"(score, minimum) per measure: {risen}; record them: {RAISE}"


@pytest.mark.parametrize(("name", "extraction"), _floor_cases())
def test_every_score_meets_the_floors(name: str, extraction: str) -> None:
    measured = scores(name, extraction)
    assert {m: measured[m] for m in FLOORS if measured[m] < FLOORS[m]} == {}


@pytest.mark.xfail(
    statistics.mean(MINIMUMS[n][s]["boundary_f1"] for n in MINIMUMS for s in MINIMUMS[n] if s in EXTRACTIONS)
    < MEAN_F1_FLOOR,
    strict=True,
    reason=f"mean F1 below its floor (once it holds: {RAISE})",
)
def test_the_mean_boundary_f1_meets_its_floor() -> None:
    cases = [case.values for case in CASES]
    assert (
        statistics.mean(scores(name, extraction)["boundary_f1"] for name, extraction in cases)
        >= MEAN_F1_FLOOR
    )


@pytest.mark.parametrize(("name", "extraction"), ALL_CASES)
def test_no_character_is_lost_without_a_report(name: str, extraction: str) -> None:
    raw, result = cleaned(name, extraction)
    assert unaccounted(raw, result) == {}


def _idempotence_cases() -> list[object]:
    return [
        pytest.param(*case.values, id=case.id, marks=pytest.mark.xfail(strict=True, reason=reason))
        if (reason := NOT_YET_IDEMPOTENT.get(case.values))
        else case
        for case in ALL_CASES
    ]


@pytest.mark.parametrize(("name", "extraction"), _idempotence_cases())
def test_cleaning_the_cleaned_text_changes_nothing(name: str, extraction: str) -> None:
    _, result = cleaned(name, extraction)
    first = result.document.blocks
    again = clean("\n\n".join(block.text for block in first)).document.blocks
    assert block_tuples(again) == block_tuples(first)


@pytest.mark.parametrize(("name", "extraction"), ALL_CASES)
def test_the_language_is_the_script_of_the_source(name: str, extraction: str) -> None:
    _, result = cleaned(name, extraction)
    assert result.document.meta.language == real_document(name).gold["script"]


@pytest.mark.parametrize(
    ("name", "extraction"), [case for case in CASES if case.values[1] in ("pdftotext", "none")]
)
def test_both_variants_are_made_from_either_script(name: str, extraction: str) -> None:
    document = cleaned(name, extraction)[1].document
    for target in VARIANTS:
        variant = make_variant(document, target)
        assert (variant.meta.language, detect_script(variant)) == (target, target)
        assert [b.type for b in variant.blocks] == [b.type for b in document.blocks]
    assert make_variant(document, document.meta.language) is document
