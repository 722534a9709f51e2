"""Where words start in Chinese text, so that titles and headings wrap with their words whole.

GB/T 9704-2012 7.3.3 wants a title of several lines broken so that each line keeps its words whole
(词意完整). The segmenter is jieba's algorithm and dictionary (the `rjieba` binding of jieba-rs: the
Python jieba takes seconds to load its dictionary, this a few hundred milliseconds, paid only when
a title or heading wraps and has no spaces of its own). Traditional text is segmented through its
Simplified form (OpenCC, character for character), since the dictionary is Simplified.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=256)
def word_starts(text: str, language: str = "zh-Hans") -> frozenset[int]:
    """Offsets in `text` where a word starts (0 and len(text) included): a line may break there."""
    import rjieba

    segmented = text
    if language == "zh-Hant":
        import opencc

        simplified = opencc.OpenCC("t2s").convert(text)
        if len(simplified) == len(text):
            segmented = simplified
    offsets = {0, len(text)}
    position = 0
    for word in rjieba.cut(segmented, hmm=False):
        position += len(word)
        offsets.add(position)
    return frozenset(offsets)
