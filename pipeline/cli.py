"""Command line: `python -m pipeline clean|review|build …` → the library's work, printed, and an exit status.

Exit status: 0 everything done; 1 a document failed (the others are still built); 2 usage error.
Errors are one line naming the file and the reason; `--debug` adds the traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import __version__
from pipeline.errors import DEBUG_HINT, PipelineError, UsageError
from pipeline.settings import (
    FORMATS,
    OPENCC_CONFIGS,
    STYLES,
    SeedSettings,
    apply_meta,
    load_seed_settings,
)
from pipeline.variants import VARIANTS

if TYPE_CHECKING:
    from pipeline.clean import CleanResult
    from pipeline.sources import PdfSource, Source


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; return the exit status instead of raising (argparse exits 2 by itself)."""
    args = _parser().parse_args(argv)
    command: Callable[[argparse.Namespace], int] = args.run
    try:
        return command(args)
    except PipelineError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"error: {exc.render()}", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`… | head`): nothing left to tell anyone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:
        if args.debug:
            raise
        print(
            f"error: internal error: {type(exc).__name__}: {exc} ({DEBUG_HINT})",
            file=sys.stderr,
        )
        return 1


def _clean(args: argparse.Namespace) -> int:
    path: Path = args.file
    if not path.exists():
        raise UsageError("no such file", path=path)
    _, settings, result = _read_and_clean(path)
    document = apply_meta(result.document, settings, stem=path.stem)
    if args.json:
        print(json.dumps(document.to_json(), ensure_ascii=False, indent=2))
    else:
        print(result.report.summary())
    return 0


def _read_and_clean(path: Path) -> tuple[Source | PdfSource, SeedSettings, CleanResult]:
    """Read a seed (a PDF with its geometry, or text), then clean it with its TOML's fixes."""
    from pipeline.clean import clean_source
    from pipeline.sources import read_seed

    if path.is_dir():
        raise UsageError("is a folder, not a file", path=path, hint="name one seed .txt or .pdf file")
    settings = load_seed_settings(path)
    source = read_seed(path, progress=_page_progress(path))
    for warning in getattr(source, "warnings", ()):
        print(f"warning: {warning}", file=sys.stderr)
    return source, settings, clean_source(source, fixes=settings.fixes)


#: A long PDF reports its reading every this many pages where stderr is no terminal.
_PROGRESS_EVERY = 500


def _page_progress(path: Path) -> Callable[[int, int], None]:
    """Reading progress of a long PDF on stderr: a live counter on a terminal, else a line every
    `_PROGRESS_EVERY` pages; short files (a few dozen pages) print nothing."""
    live = sys.stderr.isatty()

    def show(page: int, pages: int) -> None:
        if pages < 100:
            return
        if live:
            end = "\n" if page == pages else ""
            print(f"\rreading {path.name}: page {page}/{pages}", end=end, file=sys.stderr, flush=True)
        elif page % _PROGRESS_EVERY == 0 or page == pages:
            print(f"reading {path.name}: page {page}/{pages}", file=sys.stderr, flush=True)

    return show


def _review(args: argparse.Namespace) -> int:
    from pipeline import fonts
    from pipeline.atomic import write_atomic
    from pipeline.build.plan import DEFAULT_OUT, REVIEW_FORMAT
    from pipeline.build.worker import UNWRAPPED_FONTS
    from pipeline.clean import CleanResult
    from pipeline.review import review_page

    path: Path = args.seed
    if not path.is_file():
        raise UsageError("no such file", path=path, hint="name a seed .txt or .pdf file")
    source, settings, result = _read_and_clean(path)
    stem = settings.meta.get("slug", path.stem)
    out: Path = args.out or DEFAULT_OUT / f"{stem}.review.{REVIEW_FORMAT}"
    document = apply_meta(result.document, settings, stem=path.stem)
    with fonts.unwrapped_fonts_kept_in(args.cache / UNWRAPPED_FONTS):
        layout = getattr(source, "lines", None)
        page = review_page(source.text, CleanResult(document, result.report), source=path.name, layout=layout)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out, page.encode())
    except OSError as exc:
        raise UsageError(f"cannot write the review page: {exc.strerror or exc}", path=out) from None
    print(f"wrote {out}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from pipeline.build import run_build
    from pipeline.build.plan import BuildOptions, find_seeds, select_shard
    from pipeline.build.progress import ConsoleReporter, QuietReporter

    seeds = find_seeds(args.seeds)
    if args.shard is not None:
        seeds = select_shard(seeds, args.shard)
    options = BuildOptions(
        seeds=tuple(seeds),
        out=args.out,
        cache=args.cache,
        formats=args.formats,
        variants=args.variants,
        style=args.style,
        opencc=args.opencc,
        pdf_variant=args.pdf_variant,
        embed_fonts=not args.no_embed_fonts,
        vertical=args.vertical,
        jobs=args.jobs,
        force=args.force,
        report=args.verbose,
        review=args.review,
    )
    reporter = QuietReporter(debug=args.debug) if args.quiet else ConsoleReporter(debug=args.debug)
    units = run_build(options, reporter)
    return 1 if any(unit.error is not None for unit in units) else 0


def _parser() -> argparse.ArgumentParser:
    from pipeline.build.plan import DEFAULT_CACHE, DEFAULT_OUT, default_jobs, parse_shard
    from pipeline.layout.styles import DEFAULT_STYLE
    from pipeline.variants import DEFAULT_OPENCC

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    parser = argparse.ArgumentParser(
        prog="pipeline", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    clean = commands.add_parser("clean", parents=[common], help="clean one text file and print the result")
    clean.add_argument("file", type=Path, metavar="FILE", help="a PDF, or raw text extracted from one")
    clean.add_argument("--json", action="store_true", help="print the Document as JSON, not the report")
    clean.set_defaults(run=_clean)

    review = commands.add_parser(
        "review",
        parents=[common],
        help="write a page showing the source and the cleaned Document side by side",
    )
    review.add_argument(
        "seed", type=Path, metavar="SEED", help="a seed .txt or .pdf file (its TOML's fixes applied)"
    )
    review.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help=f"the page to write (default: {DEFAULT_OUT}/NAME.review.html)",
    )
    review.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        metavar="DIR",
        help=f"where fonts are kept unwrapped ({DEFAULT_CACHE}/)",
    )
    review.set_defaults(run=_review)

    build = commands.add_parser("build", parents=[common], help="typeset seeds into PDF and EPUB files")
    build.add_argument(
        "seeds",
        type=Path,
        nargs="*",
        metavar="SEED",
        help="seed .txt or .pdf files or folders of them (default: seeds/)",
    )
    build.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help="output folder (dist/)")
    build.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        metavar="DIR",
        help=f"where built artifacts are kept by content ({DEFAULT_CACHE}/)",
    )
    build.add_argument(
        "--formats",
        type=_list_of(FORMATS),
        default=FORMATS,
        metavar="LIST",
        help=f"formats to build, comma-separated ({','.join(FORMATS)})",
    )
    build.add_argument(
        "--variants",
        type=_list_of(VARIANTS),
        default=VARIANTS,
        metavar="LIST",
        help=f"scripts to build, comma-separated ({','.join(VARIANTS)})",
    )
    build.add_argument(
        "--style", choices=STYLES, help=f"style for seeds whose TOML sets none ({DEFAULT_STYLE})"
    )
    build.add_argument(
        "--opencc",
        choices=OPENCC_CONFIGS,
        help=f"OpenCC configuration for seeds whose TOML sets none ({DEFAULT_OPENCC})",
    )
    build.add_argument("--pdf-variant", metavar="NAME", help="a WeasyPrint PDF variant, e.g. pdf/a-3u")
    build.add_argument(
        "--no-embed-fonts",
        action="store_true",
        help="EPUBs without embedded fonts (readers use their own; PDFs always embed theirs)",
    )
    build.add_argument(
        "--vertical", action="store_true", help="vertical writing where the format supports it"
    )
    build.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        default=default_jobs(),
        metavar="N",
        help="worker processes (default: the number of CPUs)",
    )
    build.add_argument(
        "--shard",
        type=_from_usage(parse_shard),
        metavar="K/N",
        help="build only the K-th of N slices of the seeds (for CI matrices)",
    )
    build.add_argument("--force", action="store_true", help="rebuild everything, ignoring the cache")
    build.add_argument(
        "--review",
        action="store_true",
        help="also write each document's review page, NAME.review.html (not in the manifest)",
    )
    noise = build.add_mutually_exclusive_group()
    noise.add_argument("--quiet", "-q", action="store_true", help="print only errors (for CI logs)")
    noise.add_argument("--verbose", "-v", action="store_true", help="also print what the cleaner changed")
    build.set_defaults(run=_build)
    return parser


def _list_of(allowed: tuple[str, ...]) -> Callable[[str], tuple[str, ...]]:
    def parse(text: str) -> tuple[str, ...]:
        items = [item.strip() for item in text.split(",") if item.strip()]
        wrong = [item for item in items if item not in allowed]
        if wrong or not items:
            raise argparse.ArgumentTypeError(f"{text!r}: choose from {','.join(allowed)}")
        return tuple(item for item in allowed if item in items)

    return parse


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return int(text)


def _from_usage(parse: Callable[[str], tuple[int, int]]) -> Callable[[str], tuple[int, int]]:
    """Turn a parser's UsageError into argparse's own error (printed with the usage, exit 2)."""

    def wrapped(text: str) -> tuple[int, int]:
        try:
            return parse(text)
        except UsageError as exc:
            raise argparse.ArgumentTypeError(exc.message) from None

    return wrapped
