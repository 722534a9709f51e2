"""Print a PDF's lines as the reader rebuilds them, with their geometry (for developing the rules).

    python tools/pdf_lines.py FILE.pdf [--pages 1-3]

One row per line: page, column, x0, x1, top, baseline, size, bold, font, colour, text.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.sources.pdf import read_pdf


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--pages", default="", help="a page range such as 2-4 (default: all)")
    args = parser.parse_args()
    first, _, last = args.pages.partition("-")
    source = read_pdf(args.pdf)
    for warning in source.warnings:
        print(f"warning: {warning}")
    for page in source.pages:
        if first and not int(first) <= page.number <= int(last or first):
            continue
        print(f"--- page {page.number} ({page.width:.0f} x {page.height:.0f} pt, {page.columns} column(s))")
        for line in page.lines:
            style = "B" if line.bold else " "
            print(
                f"{line.column} {line.x0:6.1f} {line.x1:6.1f} {line.top:6.1f} {line.baseline:6.1f} "
                f"{line.size:5.1f} {style} {line.font[:18]:<18} {line.colour:06x} {line.text}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
