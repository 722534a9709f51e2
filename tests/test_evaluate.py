"""The corpus scorer: boundaries compared after a character alignment, text after NFKC without
whitespace, types over the gold blocks found verbatim."""

from __future__ import annotations

from pipeline.evaluate import normalised, score


def _blocks(*texts: str, type: str = "paragraph") -> list[dict[str, object]]:
    return [{"type": type, "text": text} for text in texts]


def test_identical_blocks_score_one_everywhere() -> None:
    gold = _blocks("第一段。", "第二段。")
    scores = score(gold, gold)
    assert (scores.boundary_f1, scores.text_similarity, scores.type_accuracy) == (1.0, 1.0, 1.0)


def test_a_merged_pair_loses_recall_and_a_split_loses_precision() -> None:
    gold = _blocks("一。", "二。", "三。")
    merged = score(gold, _blocks("一。二。", "三。"))
    assert (merged.precision, merged.recall) == (1.0, 0.5)
    split = score(gold, _blocks("一。", "二", "。", "三。"))
    assert (split.precision, split.recall) == (2 / 3, 1.0)


def test_boundaries_are_aligned_across_text_only_one_side_has() -> None:
    # The output kept a page marker the gold removed: the boundaries after it still count.
    gold = _blocks("甲乙。", "丙丁。", "戊己。")
    output = _blocks("甲乙。", "— 2 —丙丁。", "戊己。")
    scores = score(gold, output)
    assert scores.boundary_f1 == 1.0
    assert scores.text_similarity < 1.0


def test_width_and_whitespace_do_not_count() -> None:
    assert normalised("ＡＢ １２\n３") == "AB123"
    assert score(_blocks("ＡＢ 12"), _blocks("AB12")).text_similarity == 1.0


def test_type_accuracy_counts_level_and_role_of_blocks_found_verbatim() -> None:
    gold = [
        {"type": "heading", "level": 1, "text": "一、总则"},
        {"type": "meta", "role": "date", "text": "2024年1月1日"},
        {"type": "paragraph", "text": "正文。"},
    ]
    output = [
        {"type": "heading", "level": 2, "text": "一、总则"},
        {"type": "meta", "role": "date", "text": "2024年1月1日"},
        {"type": "paragraph", "text": "正文。多出"},
    ]
    scores = score(gold, output)
    assert scores.typed_blocks == 2
    assert scores.type_accuracy == 0.5
