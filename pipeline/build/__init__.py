"""The build: seeds → `DIR/NAME.VARIANT.FORMAT` artifacts, `DIR/manifest.json` and `DIR/SHA256SUMS`.

Only the build knows the order of the stages (read → clean → variant → export) and only it writes
files. It plans every artifact's content key (pipeline/build/plan.py), skips those already in
`DIR`, copies those already in the cache, and renders the rest in worker processes — documents in
parallel, and the artifacts of one document in parallel (pipeline/build/worker.py). Every file is
written atomically under a lock on `DIR` (pipeline/atomic.py). A document that fails is reported
and the others are still built.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import __version__
from pipeline.atomic import ensure_writable_folder, remove_stale_temporaries, write_atomic
from pipeline.build.cache import ArtifactCache, FileHasher, engine_fingerprint
from pipeline.build.lock import locked
from pipeline.build.plan import BuildOptions, Status, Unit, plan
from pipeline.errors import UsageError

if TYPE_CHECKING:
    from pipeline.build.progress import Reporter

MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
#: Which seed each published artifact came from (its path relative to DIR): how a build knows an
#: artifact whose seed is gone. Hidden, so neither published nor listed.
ORIGINS = ".pipeline-origins.json"


def run_build(options: BuildOptions, reporter: Reporter) -> list[Unit]:
    """Build the seeds of `options` into `options.out`; the returned Units say what became of each."""
    ensure_writable_folder(options.cache, "cache folder")
    hasher = FileHasher(options.cache / "file-hashes.json")
    cache = ArtifactCache(options.cache)
    units = plan(list(options.seeds), options, engine_fingerprint(hasher), hasher, cache)
    if options.pdf_variant is not None and _renders_pdf(units, cache, options.force):
        from pipeline.export.pdf import check_pdf_variant  # WeasyPrint, only when a PDF is made

        check_pdf_variant(options.pdf_variant)
    with locked(options.out, on_wait=reporter.waiting), _writing_errors_are_usage_errors():
        remove_stale_temporaries(options.out)
        if not options.force:
            for unit in units:
                for artifact in unit.outputs if unit.error is None else ():
                    artifact.take_from(cache, options.out, hasher)
        reporter.planned(units)
        pending = [unit for unit in units if unit.error is None and unit.pending]
        if pending:
            from pipeline.build.scheduler import run_jobs  # imports the process pool only when there is work
            from pipeline.build.warnings_kept import machine_warnings

            reporter.warned(machine_warnings({artifact.format for unit in pending for artifact in unit.todo}))

            try:
                run_jobs(pending, options, cache, hasher, reporter)
            except BaseException:
                reporter.aborted()
                raise
        removed = _publish(options.out, units, hasher)
        hasher.save()
    reporter.removed(removed)
    reporter.finished(units)
    return units


@contextlib.contextmanager
def _writing_errors_are_usage_errors() -> Iterator[None]:
    """A file the build cannot write (a folder made read-only, a full disk) stops the build with one
    line naming it; the output folder and cache were both proved writable before it began."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None:
            raise
        raise UsageError(f"cannot write: {exc.strerror or type(exc).__name__}", path=exc.filename) from None


def _renders_pdf(units: list[Unit], cache: ArtifactCache, force: bool) -> bool:
    """Whether this build will render a PDF (an artifact the cache does not hold, or `--force`)."""
    return any(
        artifact.format == "pdf" and (force or cache.lookup(artifact.key, artifact.format) is None)
        for unit in units
        if unit.error is None
        for artifact in unit.artifacts
    )


def _publish(out: Path, units: list[Unit], hasher: FileHasher) -> list[tuple[str, str]]:
    """Make DIR hold exactly the artifacts that are true: this build's, and earlier ones whose seed
    still publishes them from the same bytes. Remove the rest (a failed document's, a removed seed's,
    what a seed no longer publishes) and write manifest.json and SHA256SUMS for what is left.
    Returns the removed artifacts, each with the reason."""
    previous = {str(entry["name"]): entry for entry in _read_manifest(out)}
    origins = _read_origins(out)
    units_by_seed = {os.path.realpath(unit.seed): unit for unit in units}
    entries: dict[str, dict[str, Any]] = {}
    for unit in units:
        for artifact in unit.artifacts if unit.error is None else ():
            if artifact.entry is not None and artifact.status.published:
                entries[artifact.name] = {
                    "name": artifact.name,
                    "source": unit.seed.name,
                    "variant": artifact.variant,
                    "format": artifact.format,
                    "pages": artifact.entry.pages,
                    "bytes": artifact.entry.bytes,
                    "sha256": artifact.entry.sha256,
                    "source_sha256": unit.source_sha256,
                }
                if artifact.entry.warnings:  # only where there are some: other entries stay as they were
                    entries[artifact.name]["warnings"] = list(artifact.entry.warnings)
                origins[artifact.name] = os.path.relpath(os.path.realpath(unit.seed), os.path.realpath(out))
    doubtful = {name: entry for name, entry in previous.items() if name not in entries}
    removed = []
    for unit in units:
        for artifact in unit.artifacts if unit.error is not None else ():
            if artifact.status is Status.CACHED and artifact.name not in previous:
                (out / artifact.name).unlink(missing_ok=True)  # copied in by this build: never published
            elif artifact.name not in doubtful:
                doubtful[artifact.name] = {"source": unit.seed.name}
    for name, entry in sorted(doubtful.items()):
        origin = origins.get(name)
        seed = Path(os.path.realpath(out / origin)) if origin is not None else None
        reason = _why_stale(name, entry, seed, units_by_seed, units)
        if reason is None and (out / name).is_file():
            entries[name] = entry
        elif reason is not None:
            origins.pop(name, None)
            with contextlib.suppress(FileNotFoundError):
                (out / name).unlink()
                removed.append((name, reason))
    _write_indexes(out, entries, {name: origins[name] for name in sorted(entries) if name in origins})
    return removed


def _why_stale(
    name: str, entry: dict[str, Any], seed: Path | None, units_by_seed: dict[str, Unit], units: list[Unit]
) -> str | None:
    """Why an artifact this build did not make must go, or None if it is still true."""
    if seed is not None:
        unit = units_by_seed.get(str(seed))
        if unit is None:
            return None if seed.is_file() else "its seed is gone"
    else:  # from a build before origins were kept: know its seed by file name among this build's
        unit = next((unit for unit in units if unit.seed.name == entry.get("source")), None)
        if unit is None:
            return None
    if unit.error is not None:
        return f"{unit.seed} failed"
    if name not in unit.keys:
        return f"{unit.seed} no longer publishes it"
    if entry.get("source_sha256") != unit.source_sha256:
        return f"{unit.seed} has changed"
    return None


def _write_indexes(out: Path, entries: dict[str, dict[str, Any]], origins: dict[str, str]) -> None:
    """Write manifest.json and SHA256SUMS for `entries`, and the origins of the artifacts."""
    manifest = {"pipeline": __version__, "artifacts": [entries[name] for name in sorted(entries)]}
    manifest_bytes = (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    sums = [(entries[name]["sha256"], name) for name in sorted(entries)]
    sums.append((hashlib.sha256(manifest_bytes).hexdigest(), MANIFEST))
    _write_if_changed(out / MANIFEST, manifest_bytes)
    _write_if_changed(out / CHECKSUMS, "".join(f"{digest}  {name}\n" for digest, name in sums).encode())
    _write_if_changed(out / ORIGINS, (json.dumps(origins, ensure_ascii=False, indent=1) + "\n").encode())


def _read_manifest(out: Path) -> list[dict[str, Any]]:
    try:
        artifacts = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["artifacts"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [entry for entry in artifacts if isinstance(entry, dict) and "name" in entry]


def _read_origins(out: Path) -> dict[str, str]:
    try:
        origins = json.loads((out / ORIGINS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): v for k, v in origins.items() if isinstance(v, str)} if isinstance(origins, dict) else {}


def _write_if_changed(path: Path, data: bytes) -> None:
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    write_atomic(path, data)
