"""Crash-safe file writing: bytes → files that appear whole or not at all.

Every file goes to a temporary file in the same folder, is flushed to disk and renamed into place
(`os.replace` is atomic within a file system), so a process that is killed leaves at worst a hidden
temporary file, never a partial file under a final name; `remove_stale_temporaries` sweeps those up
(the build does so once it holds its output folder's lock, pipeline/build/lock.py).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from pipeline.errors import UsageError

#: Every temporary file the build creates starts with this, so the next build can sweep them up.
TEMP_PREFIX = ".pipeline-tmp-"


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


def ensure_writable_folder(folder: Path, role: str) -> None:
    """Create `folder` if needed and prove a file can be written there; a usage error naming the
    folder otherwise (a plain file in its place, no permission, a read-only file system)."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"the {role} is a file, not a folder", path=folder, hint="name a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UsageError(f"cannot write to the {role}: {reason}", path=folder) from None
