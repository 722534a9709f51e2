"""The cleaner on the real corpus: every document × source → boundary F1, text similarity, type accuracy.

The sources are the three text extractions, the PDF itself (read with its geometry), and the PDF as
four other extractors write it (`pipeline.evaluate.OTHER_EXTRACTORS`: text the cleaner was not
developed on; pdfplumber comes with the test extra, and an extractor that is missing is skipped,
saying so).

    python tools/corpus.py [--corpus DIR] [--json FILE] [--markdown] [--raise-minimums] [--no-other]
                           [NAME ...]

Prints one row per (document, source) and the means and lowest of the text extractions, of the
PDFs and of the other extractors apart; `nox -s corpus` runs it. The corpus is not the project's
own: it is read from `../shared/corpus/real/` (or --corpus / $PIPELINE_REAL_CORPUS).
`--raise-minimums` raises the per-(document, extraction or other extractor) minimums the test suite
holds the cleaner to (tests/real_corpus_minimums.json) to today's scores; a minimum never goes down.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.clean import CleanResult, clean, clean_source
from pipeline.evaluate import (
    EXTRACTIONS,
    OTHER_EXTRACTORS,
    GoldDocument,
    Scores,
    load_corpus,
    other_extraction,
    real_corpus_folder,
    score,
)
from pipeline.sources import decode_source, read_pdf, read_source

CHECKOUT = Path(__file__).resolve().parents[1]
MINIMUMS = CHECKOUT / "tests" / "real_corpus_minimums.json"
#: The measures the minimums hold, as `Scores.as_dict()` names them.
MEASURES = ("boundary_f1", "text_similarity", "type_accuracy")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="documents to score (default: all)")
    parser.add_argument("--corpus", type=Path, default=real_corpus_folder(CHECKOUT))
    parser.add_argument("--json", type=Path, help="also write the table as JSON here")
    parser.add_argument(
        "--raise-minimums", action="store_true", help=f"raise the minimums in {MINIMUMS.name} to these scores"
    )
    parser.add_argument(
        "--markdown", action="store_true", help="also print the table in Markdown (for docs/)"
    )
    parser.add_argument(
        "--no-other",
        action="store_true",
        help="leave out the other extractors (the three extractions and the PDF only)",
    )
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(
            f"error: {args.corpus}: no corpus folder (set --corpus or PIPELINE_REAL_CORPUS)", file=sys.stderr
        )
        return 2
    rows: list[dict[str, object]] = []
    columns = " ".join(f"{name:>6}" for name in ("F1", "P", "R", "text", "type"))
    print(f"{'document':<28} {'source':<13} {columns} {'blocks':>9}  {'s':>5}")
    for document in load_corpus(args.corpus):
        if args.names and document.name not in args.names:
            continue
        others = () if args.no_other else OTHER_EXTRACTORS
        for stem in (*EXTRACTIONS, "pdf", *others):
            path = document.extraction(stem) if stem in EXTRACTIONS else document.pdf
            if not path.is_file():
                continue
            if stem in OTHER_EXTRACTORS:
                try:
                    text = other_extraction(path, stem)
                except (ImportError, FileNotFoundError) as missing:  # pdfplumber; poppler's pdftotext
                    what = missing.name if isinstance(missing, ImportError) else missing.filename
                    print(f"{document.name:<28} {stem:<13} skipped: {what} is not installed")
                    continue
                started = time.perf_counter()
                result = clean(decode_source(text.encode("utf-8"), path).text, source=f"{path} ({stem})")
            else:
                started = time.perf_counter()
                result = clean_document(document, stem)
            seconds = time.perf_counter() - started
            scores = score(document.blocks, [block.to_dict() for block in result.document.blocks])
            rows.append({"document": document.name, "source": stem, **scores.as_dict()})
            print(_row(document.name, stem, scores, seconds))
    # The text extractions (issue 14's floors), the PDFs (issue 15's) and the other extractors (text
    # the cleaner was not developed on) are summed up apart.
    for group, members in (
        ("text", [row for row in rows if row["source"] in EXTRACTIONS]),
        ("PDF", [row for row in rows if row["source"] == "pdf"]),
        ("other", [row for row in rows if row["source"] in OTHER_EXTRACTORS]),
    ):
        if not members:
            continue
        f1 = [float(row["boundary_f1"]) for row in members]
        types = [float(row["type_accuracy"]) for row in members]
        text = [float(row["text_similarity"]) for row in members]
        for label, measure in (("mean", statistics.mean), ("lowest", min)):
            print(
                f"{label + ', ' + group:<42} {measure(f1):6.3f} {'':>6} {'':>6} {measure(text):6.3f}"
                f" {measure(types):6.3f}"
            )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.markdown and rows:
        print("\n" + markdown(rows))
    if args.raise_minimums:
        raised = raise_minimums(rows)
        print(f"{MINIMUMS}: {raised} minimum(s) raised")
    return 0


def clean_document(document: GoldDocument, stem: str) -> CleanResult:
    """Clean one source of a corpus document: an extraction's text, or (`pdf`) the PDF itself."""
    if stem == "pdf":
        return clean_source(read_pdf(document.pdf))
    path = document.extraction(stem)
    return clean(read_source(path).text, source=str(path))


#: The sources in the order the Markdown table shows them, and their headings.
SOURCE_HEADINGS = {
    "pdftotext": "pdftotext",
    "layout": "pdftotext -layout",
    "pypdf": "pypdf",
    "pdf": "PDF",
    "raw": "pdftotext -raw",
    "pdfium": "pypdfium2",
    "pypdf-layout": "pypdf layout",
    "plumber": "pdfplumber",
}


def markdown(rows: list[dict[str, object]]) -> str:
    """The table as Markdown: a row per document, a column per source, each cell "F1 / text / type";
    the mean and the lowest of each source's column last."""
    sources = [stem for stem in SOURCE_HEADINGS if any(row["source"] == stem for row in rows)]
    cell: dict[tuple[str, str], dict[str, object]] = {(str(r["document"]), str(r["source"])): r for r in rows}
    names = list(dict.fromkeys(str(row["document"]) for row in rows))
    lines = [
        "| document | " + " | ".join(SOURCE_HEADINGS[stem] for stem in sources) + " |",
        "|---" * (len(sources) + 1) + "|",
    ]

    def triple(values: list[dict[str, object]], measure: Callable[[list[float]], float]) -> str:
        return " / ".join(f"{measure([float(str(v[name])) for v in values]):.3f}" for name in MEASURES)

    for name in names:
        cells = [triple([cell[name, stem]], min) if (name, stem) in cell else "" for stem in sources]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    for label, measure in (("mean", statistics.mean), ("lowest", min)):
        column = [[row for row in rows if row["source"] == stem] for stem in sources]
        lines.append(f"| **{label}** | " + " | ".join(triple(values, measure) for values in column) + " |")
    return "\n".join(lines)


def raise_minimums(rows: list[dict[str, object]]) -> int:
    """Raise the recorded minimums to the scores of `rows` where these are higher; how many rose."""
    minimums: dict[str, dict[str, dict[str, float]]] = (
        json.loads(MINIMUMS.read_text(encoding="utf-8")) if MINIMUMS.is_file() else {}
    )
    raised = 0
    for row in rows:
        if row["source"] == "pdf":
            continue  # the PDF reader holds its own floors (tests/test_pdf_corpus.py)
        entry = minimums.setdefault(str(row["document"]), {}).setdefault(str(row["source"]), {})
        for measure in MEASURES:
            score = float(str(row[measure]))
            if score > entry.get(measure, -1.0):
                entry[measure] = score
                raised += 1
    ordered = {name: dict(sorted(minimums[name].items())) for name in sorted(minimums)}
    lines = [
        f"  {json.dumps(name)}: {{"
        + ", ".join(f"{json.dumps(stem)}: {json.dumps(entry)}" for stem, entry in sources.items())
        + "}"
        for name, sources in ordered.items()
    ]
    MINIMUMS.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    return raised


def _row(name: str, stem: str, scores: Scores, seconds: float) -> str:
    blocks = f"{scores.output_blocks}/{scores.gold_blocks}"
    return (
        f"{name:<28} {stem:<13} {scores.boundary_f1:6.3f} {scores.precision:6.3f} {scores.recall:6.3f} "
        f"{scores.text_similarity:6.3f} {scores.type_accuracy:6.3f} {blocks:>9}  {seconds:5.2f}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
