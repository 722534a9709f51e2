"""Rendering for the build: pending Units → artifacts rendered by workers, cached, and copied into DIR.

Documents are cleaned in parallel; as soon as one is ready, each of its missing artifacts becomes a
job of its own, so one long document's PDFs and EPUBs also render in parallel. With one worker
everything runs in this process (spawning a process would only cost time).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from pipeline.build.cache import ArtifactCache, FileHasher
from pipeline.build.plan import Artifact, BuildOptions, Status, Unit, assign_keys, script_key
from pipeline.build.progress import Reporter
from pipeline.build.worker import (
    Built,
    DocumentJob,
    Event,
    ExportJob,
    Failure,
    Prepared,
    export_artifact,
    init_worker,
    prepare_document,
    send_events_to,
)

_P = ParamSpec("_P")
_T = TypeVar("_T")


def run_jobs(
    units: list[Unit], options: BuildOptions, cache: ArtifactCache, hasher: FileHasher, reporter: Reporter
) -> None:
    """Clean every pending document, then render its missing artifacts, as workers become free."""
    workers = min(options.jobs, sum(max(len(unit.todo), 1) for unit in units))
    formats = tuple(sorted({a.format for unit in units for a in unit.todo}))
    artifacts = {artifact.name: (unit, artifact) for unit in units for artifact in unit.outputs}

    def heard(event: Event) -> None:
        """A worker started an artifact (0) or has laid out this many pages of it."""
        if event[0] not in artifacts:
            return
        unit, artifact = artifacts[event[0]]
        if artifact.status is Status.QUEUED:
            artifact.status = Status.RENDERING
        if event[1]:
            artifact.progress = event[1]
            reporter.progress(unit, artifact)

    with _executor(workers, formats, heard) as executor:
        try:
            _drive(executor, units, options, cache, hasher, reporter)
        except BaseException:  # Ctrl-C or a failure of this process: do not wait for running jobs
            executor.shutdown(wait=False, cancel_futures=True)
            raise


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
                unit.furniture = result.furniture
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
                        result.warnings,
                    )
                    todo.status = Status.QUEUED
                    jobs[executor.submit(export_artifact, export)] = (unit, todo)
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
        if item.status in (Status.PENDING, Status.QUEUED, Status.RENDERING):
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


@contextmanager
def _executor(workers: int, formats: tuple[str, ...], heard: Callable[[Event], None]) -> Iterator[Executor]:
    """This process for one worker, else a pool of spawned workers, whose events a thread hears."""
    if workers <= 1:
        send_events_to(heard)
        try:
            yield _InlineExecutor()
        finally:
            send_events_to(None)
        return
    # "spawn": workers do not inherit the lock's descriptor (so a killed build's lock dies with it)
    # nor the threads of the live display.
    context = multiprocessing.get_context("spawn")
    _start_resource_tracker_quietly()
    events: Any = context.SimpleQueue()
    listener = threading.Thread(target=_listen, args=(events, heard), daemon=True)
    listener.start()
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=init_worker,
        initargs=(formats, os.getpid(), events),
    )
    try:
        yield pool
        pool.shutdown()
    finally:
        events.put(None)
        listener.join(timeout=5)


def _listen(events: Any, heard: Callable[[Event], None]) -> None:
    """Hear the workers' events until told to stop. It must keep reading whatever happens to the
    display: workers whose events nobody reads would block once the queue's pipe is full."""
    while (event := events.get()) is not None:
        with contextlib.suppress(Exception):
            heard(event)


def _start_resource_tracker_quietly() -> None:
    """Start multiprocessing's resource tracker with its stderr on /dev/null.

    The tracker outlives a build killed with `kill -9`, unlinks the semaphores of the worker pool
    and its event queue, and then warns on its stderr of "leaked semaphore objects" — after a kill
    that is expected, and the warning only alarms. It never has anything else to say.
    """
    from multiprocessing import resource_tracker

    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        resource_tracker.ensure_running()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
