"""Build planning: seed paths and options → the artifacts each seed must have, each with its cache key.

Planning runs in the main process before any work and imports nothing heavy: on a build where
nothing changed it is all the build does, so it must stay fast.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path

from pipeline.build.cache import ArtifactCache, CachedArtifact, FileHasher, artifact_key
from pipeline.errors import PipelineError, SettingsError, SourceError, UsageError
from pipeline.export import ExportOptions, options_for
from pipeline.layout.styles import DEFAULT_STYLE
from pipeline.settings import FORMATS, SeedSettings, load_seed_settings, unsafe_name
from pipeline.variants import VARIANTS

DEFAULT_SEEDS = Path("seeds")
DEFAULT_OUT = Path("dist")
DEFAULT_CACHE = Path(".cache") / "pipeline"
#: The review page's file type: `NAME.review.html`.
REVIEW_FORMAT = "html"


@dataclass(frozen=True)
class BuildOptions:
    """Everything `python -m pipeline build` was asked to do."""

    seeds: tuple[Path, ...]
    out: Path = DEFAULT_OUT
    cache: Path = DEFAULT_CACHE
    formats: tuple[str, ...] = FORMATS
    variants: tuple[str, ...] = VARIANTS
    style: str | None = None
    opencc: str | None = None
    pdf_variant: str | None = None
    embed_fonts: bool = True
    vertical: bool = False
    jobs: int = 1
    force: bool = False
    report: bool = False
    review: bool = False  # also write each document's review page (not published)

    def overrides(self) -> dict[str, str]:
        """Command-line settings: they override `[tool.pipeline]`; a seed's own TOML overrides them."""
        given = {"style": self.style, "opencc": self.opencc}
        return {key: value for key, value in given.items() if value is not None}


class Status(StrEnum):
    """What became of an artifact, in the order a build moves it along."""

    PENDING = "pending"  # to render
    QUEUED = "queued"  # handed to the workers
    RENDERING = "rendering"  # a worker has started it
    CURRENT = "current"  # already in DIR with the planned content
    CACHED = "cached"  # copied into DIR from the cache
    BUILT = "built"  # rendered by this build
    FAILED = "failed"  # its document or its own rendering failed

    @property
    def published(self) -> bool:
        """Whether the artifact is in DIR with the content its key names."""
        return self in (Status.CURRENT, Status.CACHED, Status.BUILT)


@dataclass
class Artifact:
    """One file to produce: `NAME.VARIANT.FORMAT`, its key, and what became of it."""

    name: str
    variant: str
    format: str
    key: str
    options: ExportOptions
    status: Status = Status.PENDING
    entry: CachedArtifact | None = None
    seconds: float | None = None
    #: Pages laid out so far while a worker renders it.
    progress: int = 0

    def take_from(self, cache: ArtifactCache, out: Path, hasher: FileHasher) -> None:
        """Mark the artifact current if DIR holds its content, else copy it in if the cache has it."""
        entry = cache.lookup(self.key, self.format)
        if entry is None:
            return
        target = out / self.name
        self.entry = entry
        if target.is_file() and hasher.sha256(target) == entry.sha256:
            self.status = Status.CURRENT
        else:
            cache.install(self.key, self.format, target, hasher)
            self.status = Status.CACHED


@dataclass
class Unit:
    """One seed and its artifacts; `error` is set if anything about it failed."""

    seed: Path
    source_sha256: str = ""
    settings: SeedSettings = field(default_factory=SeedSettings)
    stem: str = ""
    artifacts: list[Artifact] = field(default_factory=list)
    #: The review page, with `build --review`: beside the artifacts, but never in the manifest.
    review: Artifact | None = None
    #: The script of the cleaned source (`zh-Hans`, `zh-Hant`), once a build has found it out.
    script: str | None = None
    #: The key of every artifact the seed's own settings publish, chosen on the command line or not.
    keys: dict[str, str] = field(default_factory=dict)
    export: ExportOptions = field(default_factory=ExportOptions)
    engine: str = ""
    error: str | None = None
    traceback: str | None = None
    #: Whether the error is a bug of ours (the user is told how to see its traceback).
    internal: bool = False
    #: Why a seed that did not fail has nothing to build, if it has not.
    nothing_to_build: str | None = None
    #: What the cleaner removed as page furniture beyond folios, once this build has cleaned it.
    furniture: tuple[str, ...] = ()

    def fail(self, message: str, traceback: str | None = None, *, internal: bool = False) -> None:
        """Record the first failure; later ones of the same seed usually repeat it."""
        if self.error is None:
            self.error, self.traceback, self.internal = message, traceback, internal

    @property
    def outputs(self) -> list[Artifact]:
        """Every file the build writes for this seed: its artifacts and its review page."""
        return [*self.artifacts, self.review] if self.review is not None else list(self.artifacts)

    @property
    def pending(self) -> bool:
        """Whether anything of this seed is still to make (which needs the seed cleaned)."""
        return any(output.status is Status.PENDING for output in self.outputs)

    @property
    def todo(self) -> list[Artifact]:
        """Artifacts still to render, PDFs first (they take longest, so start them first)."""
        return sorted(
            (a for a in self.artifacts if a.status is Status.PENDING), key=lambda a: a.format != "pdf"
        )


def find_seeds(paths: list[Path]) -> list[Path]:
    """The seed files named on the command line; a folder stands for the `*.txt` and `*.pdf` files
    in it (a NAME.pdf beside a NAME.txt is the same document: the text is built, not twice)."""
    seeds: list[Path] = []
    for path in paths or [DEFAULT_SEEDS]:
        if path.is_dir():
            found = [p for p in path.iterdir() if p.suffix.lower() in (".txt", ".pdf") and p.is_file()]
            texts = {p.stem for p in found if p.suffix.lower() == ".txt"}
            seeds.extend(sorted(p for p in found if p.suffix.lower() == ".txt" or p.stem not in texts))
        elif path.exists():
            seeds.append(path)
        else:
            hint = "name seed .txt or .pdf files or a folder of them"
            raise UsageError("no such file or folder", path=path, hint=hint)
    by_file: dict[Path, Path] = {}
    for seed in seeds:  # one file named twice (relative and absolute, or via a folder) is one seed
        by_file.setdefault(seed.resolve(), seed)
    unique = list(by_file.values())
    if not unique:
        raise UsageError(
            "no seeds to build",
            path=paths[0] if paths else DEFAULT_SEEDS,
            hint="put NAME.txt or NAME.pdf files there or name them on the command line",
        )
    return unique


def parse_shard(text: str) -> tuple[int, int]:
    """`K/N` → (K, N), 1 ≤ K ≤ N."""
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit()) or not 1 <= int(index) <= int(count):
        raise UsageError(f"--shard {text!r} is not K/N with 1 ≤ K ≤ N", hint="e.g. --shard 2/4")
    return int(index), int(count)


def select_shard(seeds: list[Path], shard: tuple[int, int]) -> list[Path]:
    """The K-th of N interleaved slices of the seeds, by file name so every machine agrees."""
    index, count = shard
    return sorted(seeds, key=lambda p: (p.name, str(p)))[index - 1 :: count]


def plan(
    seeds: list[Path], options: BuildOptions, engine: str, hasher: FileHasher, cache: ArtifactCache
) -> list[Unit]:
    """A Unit for every seed; a seed whose settings are wrong becomes a failed Unit, not an exception."""
    units = []
    owners: dict[str, Path] = {}
    for seed in seeds:
        unit = Unit(seed=seed)
        try:
            _plan_unit(unit, options, engine, hasher, cache)
            for artifact in unit.outputs:
                owner = owners.setdefault(artifact.name, seed)
                if owner != seed:
                    raise UsageError(
                        f"its artifact {artifact.name} is also built from {owner}",
                        path=seed,
                        hint="give one of them another slug",
                    )
        except PipelineError as exc:
            unit.fail(exc.render())
        units.append(unit)
    return units


def _plan_unit(
    unit: Unit, options: BuildOptions, engine: str, hasher: FileHasher, cache: ArtifactCache
) -> None:
    try:
        unit.source_sha256 = hasher.sha256(unit.seed)
    except OSError as exc:
        raise SourceError(f"cannot read the file: {exc.strerror or exc}", path=unit.seed) from None
    unit.settings = settings = load_seed_settings(unit.seed, options.overrides())
    unit.stem = settings.meta.get("slug", unit.seed.stem)
    if "slug" not in settings.meta and (reason := unsafe_name(unit.stem)):
        raise SettingsError(
            f"the file name cannot name artifacts: {reason}",
            path=unit.seed,
            hint="rename the file, or set a slug in its TOML",
        )
    unit.engine = engine
    unit.script = cache.script(script_key(unit))
    unit.export = ExportOptions(
        style=settings.style or DEFAULT_STYLE,
        pdf_variant=options.pdf_variant,
        embed_fonts=options.embed_fonts,
        vertical=options.vertical,
    )
    for variant in (v for v in settings.variants if v in options.variants):
        for fmt in (f for f in settings.formats if f in options.formats):
            name = f"{unit.stem}.{variant}.{fmt}"
            unit.artifacts.append(Artifact(name, variant, fmt, "", options_for(fmt, variant, unit.export)))
    assign_keys(unit)
    if options.review:
        name = f"{unit.stem}.review.{REVIEW_FORMAT}"
        unit.review = Artifact(name, "", REVIEW_FORMAT, _document_key(unit, REVIEW_FORMAT), unit.export)
    if not unit.artifacts:
        unit.nothing_to_build = (
            f"{unit.seed}: nothing to build: its settings publish {'/'.join(settings.formats)} in "
            f"{'/'.join(settings.variants)}, and --formats/--variants asked for "
            f"{'/'.join(options.formats)} in {'/'.join(options.variants)}"
        )


def assign_keys(unit: Unit) -> None:
    """Key every artifact the seed's settings publish by exactly what changes its bytes: the source,
    the metadata, the options its format reads, and the OpenCC configuration unless the artifact is
    in the source's own script (unknown until a build has cleaned the source: then it counts)."""
    for variant in unit.settings.variants:
        for fmt in unit.settings.formats:
            inputs: dict[str, object] = {
                "source": unit.source_sha256,
                "stem": unit.stem,
                "meta": unit.settings.meta,
                "fixes": _fixes(unit),
                "variant": variant,
                "format": fmt,
                "options": asdict(options_for(fmt, variant, unit.export)),
            }
            if unit.script != variant:
                inputs["opencc"] = unit.settings.opencc
            unit.keys[f"{unit.stem}.{variant}.{fmt}"] = artifact_key(unit.engine, inputs)
    for artifact in unit.artifacts:
        artifact.key = unit.keys[artifact.name]


def script_key(unit: Unit) -> str:
    """What the script of the cleaned source depends on: its bytes, the metadata, the corrections,
    the cleaner."""
    return artifact_key(
        unit.engine, {"source": unit.source_sha256, "meta": unit.settings.meta, "fixes": _fixes(unit)}
    )


def _document_key(unit: Unit, what: str) -> str:
    """The key of a file made from the cleaned document itself (the review page): the source, its
    name, metadata and corrections, the engine."""
    inputs = {
        "source": unit.source_sha256,
        "stem": unit.stem,
        "meta": unit.settings.meta,
        "fixes": _fixes(unit),
    }
    return artifact_key(unit.engine, {**inputs, "format": what})


def _fixes(unit: Unit) -> list[dict[str, object]]:
    """The seed's corrections, as they go into keys."""
    return [fix.key() for fix in unit.settings.fixes]


def default_jobs() -> int:
    """Worker processes by default: the CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
