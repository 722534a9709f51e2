"""The build: seeds → `DIR/NAME.VARIANT.FORMAT` artifacts, `DIR/manifest.json` and `DIR/SHA256SUMS`.

Only the build knows the order of the stages (read → clean → variant → export) and only it writes
files. It plans every artifact's content key (pipeline/build/plan.py), skips those already in
`DIR`, copies those already in the cache, and renders the rest in worker processes — documents in
parallel, and the artifacts of one document in parallel (pipeline/build/worker.py). Every file is
written atomically under a lock on `DIR` (pipeline/atomic.py). A document that fails is reported
and the others are still built.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import __version__
from pipeline.atomic import remove_stale_temporaries, write_atomic
from pipeline.build.cache import ArtifactCache, FileHasher, engine_fingerprint
from pipeline.build.lock import locked
from pipeline.build.plan import BuildOptions, Status, Unit, plan

if TYPE_CHECKING:
    from pipeline.build.progress import Reporter

MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"


def run_build(options: BuildOptions, reporter: Reporter) -> list[Unit]:
    """Build the seeds of `options` into `options.out`; the returned Units say what became of each."""
    with locked(options.out, on_wait=reporter.waiting):
        remove_stale_temporaries(options.out)
        hasher = FileHasher(options.cache / "file-hashes.json")
        units = plan(list(options.seeds), options, engine_fingerprint(hasher), hasher)
        cache = ArtifactCache(options.cache)
        for unit in units:
            if unit.error is None:
                _reuse(unit, options, cache, hasher)
        reporter.planned(units)
        pending = [unit for unit in units if unit.error is None and unit.todo]
        if pending:
            from pipeline.build.scheduler import run_jobs  # imports the process pool only when there is work

            try:
                run_jobs(pending, options, cache, hasher, reporter)
            except BaseException:
                reporter.aborted()
                raise
        _write_indexes(options.out, units, hasher)
        hasher.save()
    reporter.finished(units)
    return units


def _reuse(unit: Unit, options: BuildOptions, cache: ArtifactCache, hasher: FileHasher) -> None:
    """Mark artifacts already current in DIR, and copy in those the cache holds."""
    if options.force:
        return
    for artifact in unit.artifacts:
        entry = cache.lookup(artifact.key, artifact.format)
        if entry is None:
            continue
        target = options.out / artifact.name
        artifact.entry = entry
        if target.is_file() and hasher.sha256(target) == entry.sha256:
            artifact.status = Status.CURRENT
        else:
            cache.install(artifact.key, artifact.format, target, hasher)
            artifact.status = Status.CACHED


def _write_indexes(out: Path, units: list[Unit], hasher: FileHasher) -> None:
    """Update manifest.json and SHA256SUMS: this build's artifacts plus earlier ones still in DIR."""
    entries = {entry["name"]: entry for entry in _read_manifest(out) if (out / str(entry["name"])).is_file()}
    for unit in units:
        for artifact in unit.artifacts:
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
    manifest = {"pipeline": __version__, "artifacts": [entries[name] for name in sorted(entries)]}
    manifest_bytes = (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    sums = [(entries[name]["sha256"], name) for name in sorted(entries)]
    sums.append((hashlib.sha256(manifest_bytes).hexdigest(), MANIFEST))
    _write_if_changed(out / MANIFEST, manifest_bytes)
    _write_if_changed(out / CHECKSUMS, "".join(f"{digest}  {name}\n" for digest, name in sums).encode())


def _read_manifest(out: Path) -> list[dict[str, Any]]:
    try:
        artifacts = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["artifacts"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [entry for entry in artifacts if isinstance(entry, dict) and "name" in entry]


def _write_if_changed(path: Path, data: bytes) -> None:
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    write_atomic(path, data)
