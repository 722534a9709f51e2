"""How close a cleaned Document is to a hand-checked gold annotation: boundary F1, text similarity and
type accuracy, as `shared/corpus/real/README.md` defines them.

- Both sides become one whitespace-free NFKC string (width as printed does not count); a block
  boundary is the offset where a block ends in that string.
- The output's string is aligned to the gold's by a character diff; an output boundary counts where
  it maps onto a gold boundary (offsets inside text that only one side has map nowhere).
- Type accuracy: of the gold blocks whose text the output has verbatim as a block, the share with
  the same type (and the same heading level or meta role).
"""

from __future__ import annotations

import bisect
import difflib
import json
import os
import subprocess
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: A block as the scorer sees it: its type, text, level and role (a `Block.to_dict()` or a gold block).
BlockData = Mapping[str, Any]


@dataclass(frozen=True)
class Scores:
    """The measures for one document (and the counts behind them)."""

    boundary_f1: float
    precision: float
    recall: float
    text_similarity: float
    type_accuracy: float
    gold_blocks: int
    output_blocks: int
    typed_blocks: int  # gold blocks found verbatim, over which type accuracy is measured

    def as_dict(self) -> dict[str, float | int]:
        return {
            "boundary_f1": round(self.boundary_f1, 4),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "text_similarity": round(self.text_similarity, 4),
            "type_accuracy": round(self.type_accuracy, 4),
            "gold_blocks": self.gold_blocks,
            "output_blocks": self.output_blocks,
            "typed_blocks": self.typed_blocks,
        }


def normalised(text: str) -> str:
    """The text the measures compare: NFKC, without any whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def score(gold: Sequence[BlockData], output: Sequence[BlockData]) -> Scores:
    """Compare the output's blocks with the gold's."""
    gold_texts = [normalised(str(block["text"])) for block in gold]
    output_texts = [normalised(str(block["text"])) for block in output]
    gold_string, output_string = "".join(gold_texts), "".join(output_texts)
    matcher = difflib.SequenceMatcher(None, gold_string, output_string, autojunk=False)
    gold_bounds = _boundaries(gold_texts)
    output_bounds = _boundaries(output_texts)
    mapped = _map_offsets(matcher.get_opcodes(), output_bounds)
    hits = len(gold_bounds & {offset for offset in mapped if offset is not None})
    precision = hits / len(output_bounds) if output_bounds else float(not gold_bounds)
    recall = hits / len(gold_bounds) if gold_bounds else float(not output_bounds)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    typed, same = _type_agreement(gold, gold_texts, output, output_texts)
    return Scores(
        boundary_f1=f1,
        precision=precision,
        recall=recall,
        text_similarity=matcher.ratio() if gold_string or output_string else 1.0,
        type_accuracy=same / typed if typed else 1.0,
        gold_blocks=len(gold),
        output_blocks=len(output),
        typed_blocks=typed,
    )


def _boundaries(texts: Iterable[str]) -> set[int]:
    """The offsets where blocks end, but for the last (empty blocks add none)."""
    offsets: set[int] = set()
    position = 0
    for text in texts:
        position += len(text)
        offsets.add(position)
    offsets.discard(position)
    offsets.discard(0)
    return offsets


def _map_offsets(opcodes: Sequence[tuple[str, int, int, int, int]], offsets: set[int]) -> list[int | None]:
    """Each output offset in gold coordinates: inside equal runs exactly, at the edges of a changed
    run onto the edges of its gold side, inside a changed run nowhere."""
    starts = [j1 for _, _, _, j1, _ in opcodes]
    mapped: list[int | None] = []
    for offset in sorted(offsets):
        index = max(bisect.bisect_right(starts, offset) - 1, 0)
        tag, i1, i2, j1, j2 = opcodes[index]
        if tag == "equal":
            mapped.append(i1 + offset - j1)
        elif offset == j1:
            mapped.append(i1)
        elif offset == j2:
            mapped.append(i2)
        else:
            mapped.append(None)
    return mapped


def _type_agreement(
    gold: Sequence[BlockData], gold_texts: list[str], output: Sequence[BlockData], output_texts: list[str]
) -> tuple[int, int]:
    """(gold blocks found verbatim, of those the ones with the same type), matching in order."""
    found: dict[str, list[int]] = defaultdict(list)
    for index, text in enumerate(output_texts):
        found[text].append(index)
    typed = same = 0
    for block, text in zip(gold, gold_texts, strict=True):
        candidates = found.get(text)
        if not text or not candidates:
            continue
        match = output[candidates.pop(0)]
        typed += 1
        same += _kind(block) == _kind(match)
    return typed, same


def _kind(block: BlockData) -> tuple[str, object, object]:
    """What type accuracy compares: the type, a heading's level, a meta block's role."""
    kind = str(block["type"])
    return (
        kind,
        block.get("level") if kind == "heading" else None,
        block.get("role") if kind == "meta" else None,
    )


#: The text extractions each real document comes with (file stem → what made it).
EXTRACTIONS: dict[str, str] = {
    "pdftotext": "pdftotext",
    "layout": "pdftotext -layout",
    "pypdf": "pypdf extract_text()",
}

#: Extractors the corpus keeps no file of, run on its PDFs by `other_extraction`: the cleaner was not
#: developed on their text, so they measure how its rules hold for text it has not seen (stem → what
#: makes it).
OTHER_EXTRACTORS: dict[str, str] = {
    "raw": "pdftotext -raw",
    "pdfium": "pypdfium2 get_text_range()",
    "pypdf-layout": 'pypdf extract_text(extraction_mode="layout")',
    "plumber": "pdfplumber extract_text()",
}


def other_extraction(pdf: Path, stem: str) -> str:
    """The text of `pdf` as the extractor `stem` (of OTHER_EXTRACTORS) writes it, pages parted by form
    feeds as pdftotext parts them. pdftotext comes from poppler-utils; pdfplumber with the test extra."""
    if stem == "raw":
        command = ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"]
        return subprocess.run(command, check=True, capture_output=True).stdout.decode("utf-8")
    if stem == "pdfium":
        import pypdfium2

        document = pypdfium2.PdfDocument(str(pdf))
        try:
            return "\f".join(page.get_textpage().get_text_range() for page in document)
        finally:
            document.close()
    if stem == "pypdf-layout":
        import pypdf

        return "\f".join(page.extract_text(extraction_mode="layout") for page in pypdf.PdfReader(pdf).pages)
    if stem == "plumber":
        import pdfplumber

        with pdfplumber.open(pdf) as document:
            return "\f".join(page.extract_text() or "" for page in document.pages)
    raise ValueError(f"{stem}: no such extractor (one of {', '.join(OTHER_EXTRACTORS)})")


@dataclass(frozen=True)
class GoldDocument:
    """One folder of the real corpus: its gold annotation and where its sources are."""

    name: str
    folder: Path
    gold: dict[str, Any]

    @property
    def blocks(self) -> list[dict[str, Any]]:
        return list(self.gold["blocks"])

    def extraction(self, stem: str) -> Path:
        return self.folder / f"{stem}.txt"

    @property
    def pdf(self) -> Path:
        return self.folder / str(self.gold.get("source_pdf", "source.pdf"))


def real_corpus_folder(checkout: Path) -> Path:
    """Where the real corpus is: $PIPELINE_REAL_CORPUS, or `shared/corpus/real` next to the checkout
    (it is not the project's own, so it is never copied into it)."""
    configured = os.environ.get("PIPELINE_REAL_CORPUS")
    return Path(configured) if configured else checkout.parent / "shared" / "corpus" / "real"


def load_corpus(root: Path) -> list[GoldDocument]:
    """Every document of a corpus folder (`NAME/gold.json` + sources), by name."""
    return [
        GoldDocument(folder.name, folder, json.loads((folder / "gold.json").read_text(encoding="utf-8")))
        for folder in sorted(root.iterdir())
        if (folder / "gold.json").is_file()
    ]
