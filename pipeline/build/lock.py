"""The build's lock on its output folder: one build writes into a folder at a time.

An `fcntl.flock` lock: the kernel releases it when the process dies, so a `kill -9` never leaves a
stale lock behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from pipeline.atomic import ensure_writable_folder
from pipeline.errors import UsageError

LOCK_NAME = ".pipeline.lock"


@contextlib.contextmanager
def locked(folder: Path, *, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (created if missing) for the duration of the block.

    A second build into the same folder waits for the first (calling `on_wait` once) instead of
    interleaving its writes with it.
    """
    ensure_writable_folder(folder, "output folder")
    try:
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise UsageError(f"cannot write to the output folder: {exc.strerror}", path=folder) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
