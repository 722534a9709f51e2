"""Crash-safe file writing for the build: bytes → files that appear whole or not at all, under a lock.

Every file the build writes goes to a temporary file in the same folder, is flushed to disk and
renamed into place (`os.replace` is atomic within a file system), so a build that is killed leaves
at worst a hidden temporary file, never a partial file under a final name. The output folder is
guarded by an `fcntl.flock` lock: the kernel releases it when the process dies, so a `kill -9`
never leaves a stale lock behind, and temporary files left by a killed build are removed by the
next build once it holds the lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from pipeline.errors import UsageError

#: Every temporary file the build creates starts with this, so the next build can sweep them up.
TEMP_PREFIX = ".pipeline-tmp-"
LOCK_NAME = ".pipeline.lock"


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the complete new one."""
    _replace_with(path, lambda handle: handle.write(data))


def copy_atomic(source: Path, path: Path) -> None:
    """Copy `source` to `path` with the same guarantee as `write_atomic`."""
    with source.open("rb") as reader:
        _replace_with(path, lambda handle: shutil.copyfileobj(reader, handle, 1 << 20))


def _replace_with(path: Path, fill: Callable[[IO[bytes]], object]) -> None:
    fd, temp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def remove_stale_temporaries(folder: Path) -> int:
    """Delete temporary files a killed build left in `folder`; call only while holding its lock."""
    removed = 0
    for entry in folder.glob(f"{TEMP_PREFIX}*"):
        with contextlib.suppress(FileNotFoundError):
            entry.unlink()
            removed += 1
    return removed


@contextlib.contextmanager
def locked(folder: Path, *, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (created if missing) for the duration of the block.

    A second build into the same folder waits for the first (calling `on_wait` once) instead of
    interleaving its writes with it.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
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
