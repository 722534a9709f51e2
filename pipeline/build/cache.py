"""Content addressing for the build: every input of an artifact → one key, and key → cached artifact.

An artifact's key hashes everything that can change its bytes: the source file's bytes, the seed's
effective settings, the variant, format and export options, and the engine — the pipeline's own
files, `styles/`, `fonts/`, the versions of the libraries that render and which of them subsets the
PDF's fonts. Equal keys mean equal artifacts (builds are reproducible), so an artifact whose key
is in the cache is copied, not rebuilt. File hashes are remembered by size, mtime and inode (like
git's index), so a build with nothing changed reads no large file and stays fast.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.atomic import copy_atomic, write_atomic
from pipeline.export.subsetter import pdf_font_subsetter
from pipeline.paths import FONTS_DIR, PACKAGE_DIR, STYLES_DIR

#: Folders whose files shape every artifact, by the name they carry in the fingerprint.
ENGINE_DIRS: dict[str, Path] = {
    "pipeline": PACKAGE_DIR,
    "styles": STYLES_DIR,
    "fonts": FONTS_DIR,
}

#: Libraries whose version can change an artifact's bytes.
RENDERING_LIBRARIES: tuple[str, ...] = (
    "weasyprint",
    "pydyf",
    "tinycss2",
    "cssselect2",
    "tinyhtml5",
    "pyphen",
    "pillow",
    "fonttools",
    "uharfbuzz",
    "pypdf",
    "pypdfium2",
    "ebooklib",
    "lxml",
    "opencc",
    "jinja2",
    "markupsafe",
    "charset-normalizer",
)

_SKIPPED_PARTS = {"__pycache__"}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


class FileHasher:
    """sha256 of files, remembered by (size, mtime, inode) so that unchanged files are not read again."""

    def __init__(self, memo_path: Path) -> None:
        self._path = memo_path
        self._memo: dict[str, list[Any]] = {}
        self._changed = False
        try:
            loaded = json.loads(memo_path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self._memo = loaded
        except (OSError, ValueError):
            pass  # a missing or damaged memo only costs re-reading the files

    def sha256(self, path: Path) -> str:
        """The file's sha256, read from disk only if its size, mtime or inode changed."""
        stat = path.stat()
        stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        name = os.path.abspath(path)
        known = self._memo.get(name)
        if known is not None and known[:3] == stamp:
            return str(known[3])
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        self._memo[name] = [*stamp, digest.hexdigest()]
        self._changed = True
        return digest.hexdigest()

    def remember(self, path: Path, sha256: str) -> None:
        """Record the hash of a file the build has just written, so the next build need not read it."""
        stat = path.stat()
        self._memo[os.path.abspath(path)] = [stat.st_size, stat.st_mtime_ns, stat.st_ino, sha256]
        self._changed = True

    def save(self) -> None:
        """Write the memo back if it changed; entries of files that no longer exist are dropped."""
        if not self._changed:
            return
        memo = {name: value for name, value in self._memo.items() if os.path.exists(name)}
        self._path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self._path, json.dumps(memo, sort_keys=True).encode())


def _files_under(folder: Path) -> Iterator[Path]:
    for directory, subdirs, files in os.walk(folder):
        subdirs[:] = sorted(d for d in subdirs if d not in _SKIPPED_PARTS and not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and not name.endswith(".pyc"):
                yield Path(directory, name)


def installed_versions(names: tuple[str, ...]) -> dict[str, str]:
    """Versions of installed distributions, read from their `.dist-info` folder names.

    Cheaper than importing importlib.metadata, which matters on the path of a no-op build.
    """
    wanted = {_canonical(name) for name in names}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            items = os.listdir(entry or ".")
        except OSError:
            continue
        for item in items:
            if item.endswith(".dist-info"):
                name, _, version = item.removesuffix(".dist-info").partition("-")
                if _canonical(name) in wanted:
                    found.setdefault(_canonical(name), version)
    return dict(sorted(found.items()))


def engine_fingerprint(hasher: FileHasher, dirs: Mapping[str, Path] = ENGINE_DIRS) -> str:
    """One hash of the code, styles, fonts and libraries that turn a document into artifacts."""
    digest = hashlib.sha256()
    digest.update(f"pipeline {__version__}; python {sys.version_info[0]}.{sys.version_info[1]}\n".encode())
    for label, folder in sorted(dirs.items()):
        for path in _files_under(folder):
            relative = path.relative_to(folder).as_posix()
            digest.update(f"{label}/{relative}\0{hasher.sha256(path)}\n".encode())
    for name, version in installed_versions(RENDERING_LIBRARIES).items():
        digest.update(f"{name}=={version}\n".encode())
    # HarfBuzz and fontTools subset a PDF's fonts into other bytes: installing the library rebuilds.
    digest.update(f"pdf font subsetter: {pdf_font_subsetter()}\n".encode())
    return digest.hexdigest()


def artifact_key(engine: str, inputs: Mapping[str, Any]) -> str:
    """The key of an artifact: the engine fingerprint and every other input, hashed together."""
    text = json.dumps({"engine": engine, **inputs}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class CachedArtifact:
    """What the cache knows about a built artifact: its bytes' hash and size, its pages (a PDF's),
    and the warnings logged while its document was cleaned and it was rendered (one line each),
    which the manifest lists with it whether this build rendered it or not."""

    sha256: str
    bytes: int
    pages: int | None
    warnings: tuple[str, ...] = ()


class ArtifactCache:
    """Built artifacts by key: `objects/ab/KEY.FORMAT` plus `KEY.json` describing it.

    Entries are written object first, description last, each atomically: an entry whose
    description exists is complete, whatever happened to the process that wrote it.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def object_path(self, key: str, fmt: str) -> Path:
        return self.root / "objects" / key[:2] / f"{key}.{fmt}"

    def lookup(self, key: str, fmt: str) -> CachedArtifact | None:
        """The cached artifact for `key`, or None if it was never built or its object is gone."""
        try:
            data = json.loads(self.object_path(key, fmt).with_suffix(".json").read_text(encoding="utf-8"))
            warnings = tuple(str(line) for line in data.get("warnings", ()))
            entry = CachedArtifact(data["sha256"], data["bytes"], data["pages"], warnings)
            if self.object_path(key, fmt).stat().st_size != entry.bytes:
                return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return entry

    def install(self, key: str, fmt: str, target: Path, hasher: FileHasher) -> None:
        """Copy a cached artifact to `target` (atomically) and remember its hash."""
        entry = self.lookup(key, fmt)
        if entry is None:
            raise FileNotFoundError(self.object_path(key, fmt))
        copy_atomic(self.object_path(key, fmt), target)
        hasher.remember(target, entry.sha256)

    def script(self, key: str) -> str | None:
        """The script a build found the cleaned source to be in (see `remember_script`), if any."""
        try:
            return self._script_path(key).read_text(encoding="utf-8").strip() or None
        except OSError:
            return None

    def remember_script(self, key: str, script: str) -> None:
        """Keep the script of a cleaned source: it decides which artifacts OpenCC makes, and so which
        keys hold the OpenCC configuration, before the next build cleans anything."""
        path = self._script_path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, script.encode())

    def _script_path(self, key: str) -> Path:
        return self.root / "scripts" / key[:2] / key

    def store(
        self, key: str, fmt: str, data: bytes, pages: int | None, warnings: tuple[str, ...] = ()
    ) -> CachedArtifact:
        """Add an artifact's bytes under `key` and return its description."""
        entry = CachedArtifact(hashlib.sha256(data).hexdigest(), len(data), pages, warnings)
        path = self.object_path(key, fmt)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
        write_atomic(path.with_suffix(".json"), json.dumps(asdict(entry), sort_keys=True).encode())
        return entry
