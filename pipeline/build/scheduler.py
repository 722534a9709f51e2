"""Rendering for the build: pending Units → artifacts rendered by workers, cached, and copied into DIR.

Documents are cleaned in parallel; as soon as one is ready, each of its missing artifacts becomes a
job of its own, so one long document's PDFs and EPUBs also render in parallel. With one worker
everything runs in this process (spawning a process would only cost time).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, ParamSpec, TypeVar

from pipeline.build.cache import ArtifactCache, FileHasher
from pipeline.build.plan import Artifact, BuildOptions, Status, Unit, assign_keys, script_key
from pipeline.build.progress import Reporter
from pipeline.build.worker import (
    Built,
    DocumentJob,
    ExportJob,
    Failure,
    Prepared,
    export_artifact,
    init_worker,
    prepare_document,
)

_P = ParamSpec("_P")
_T = TypeVar("_T")


def run_jobs(
    units: list[Unit], options: BuildOptions, cache: ArtifactCache, hasher: FileHasher, reporter: Reporter
) -> None:
    """Clean every pending document, then render its missing artifacts, as workers become free."""
    workers = min(options.jobs, sum(max(len(unit.todo), 1) for unit in units))
    formats = tuple(sorted({a.format for unit in units for a in unit.todo}))
    executor = _executor(workers, formats)
    try:
        _drive(executor, units, options, cache, hasher, reporter)
    except BaseException:  # Ctrl-C or a failure of this process: do not wait for running jobs
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown()


def _drive(
    executor: Executor,
    units: list[Unit],
    options: BuildOptions,
    cache: ArtifactCache,
    hasher: FileHasher,
    reporter: Reporter,
) -> None:
    """Submit each document's cleaning, then each of its artifacts; install results as they come."""
    jobs: dict[Future[Any], tuple[Unit, Artifact | None]] = {}
    for unit in units:
        job = DocumentJob(
            unit.seed,
            unit.source_sha256,
            unit.settings,
            unit.stem,
            tuple(sorted({a.variant for a in unit.todo})),
            options.report,
            cache.root,
            unit.review.key if unit.review is not None and unit.review.status is Status.PENDING else None,
        )
        jobs[executor.submit(prepare_document, job)] = (unit, None)
    while jobs:
        done, _ = wait(jobs, return_when=FIRST_COMPLETED)
        for future in done:
            unit, artifact = jobs.pop(future)
            result = _outcome(future, unit)
            if isinstance(result, Failure):
                _fail(unit, artifact, result, reporter)
            elif isinstance(result, Prepared):
                if result.script != unit.script:
                    _learn_script(unit, result.script, options, cache, hasher)
                reporter.prepared(unit, result.report, result.warnings)
                if result.review is not None and unit.review is not None:
                    _install(unit, unit.review, result.review, options, cache, hasher, reporter)
                for todo in unit.todo:
                    export = ExportJob(
                        unit.seed,
                        todo.name,
                        todo.key,
                        todo.format,
                        result.documents[todo.variant],
                        todo.options,
                        cache.root,
                    )
                    jobs[executor.submit(export_artifact, export)] = (unit, todo)
                    todo.status = Status.RENDERING
            elif isinstance(result, Built) and artifact is not None:
                _install(unit, artifact, result, options, cache, hasher, reporter)


def _install(
    unit: Unit,
    artifact: Artifact,
    built: Built,
    options: BuildOptions,
    cache: ArtifactCache,
    hasher: FileHasher,
    reporter: Reporter,
) -> None:
    """Copy a newly built artifact from the cache into DIR."""
    artifact.entry, artifact.seconds = built.entry, built.seconds
    cache.install(artifact.key, artifact.format, options.out / artifact.name, hasher)
    artifact.status = Status.BUILT
    reporter.artifact_done(unit, artifact)


def _learn_script(
    unit: Unit, script: str, options: BuildOptions, cache: ArtifactCache, hasher: FileHasher
) -> None:
    """Now that the source's script is known, key the artifacts by it (the one in the source's own
    script does not depend on OpenCC), and take those the cache already holds under their new key."""
    unit.script = script
    cache.remember_script(script_key(unit), script)
    assign_keys(unit)
    if not options.force:
        for artifact in unit.todo:
            artifact.take_from(cache, options.out, hasher)


def _fail(unit: Unit, artifact: Artifact | None, failure: Failure, reporter: Reporter) -> None:
    first = unit.error is None
    unit.fail(failure.message, failure.traceback, internal=failure.internal)
    for item in [artifact] if artifact is not None else unit.outputs:
        if item.status in (Status.PENDING, Status.RENDERING):
            item.status = Status.FAILED
    if first:
        reporter.failed(unit)


def _outcome(future: Future[Any], unit: Unit) -> Prepared | Built | Failure:
    try:
        result: Prepared | Built | Failure = future.result()
    except BrokenProcessPool:
        reason = "a worker process died while building it (out of memory?)"
        return Failure(message=f"{unit.seed}: {reason}", traceback="")
    return result


class _InlineExecutor(Executor):
    """Runs each job at once in this process: for one worker, spawning a process only costs time."""

    def submit(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> Future[_T]:
        future: Future[_T] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def _executor(workers: int, formats: tuple[str, ...]) -> Executor:
    if workers <= 1:
        return _InlineExecutor()
    # "spawn": workers do not inherit the lock's descriptor (so a killed build's lock dies with it)
    # nor the threads of the live display.
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_worker,
        initargs=(formats, os.getpid()),
    )
