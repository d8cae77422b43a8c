"""Per-article work kept between runs, keyed by everything it was computed from.

An archive of thousands of articles changes one article at a time. Loading, anchoring and
rendering an article depend only on its own files (and, for its page, on the articles it is
linked with and the timeline around it), so their results are stored under a digest of those
inputs and of the generator's own code, in ``.companion-cache/`` at the project root. A result
is reused only when every input is byte-for-byte the same; anything else is a miss and is
computed afresh. Entries not used by the last complete run are removed, so the cache holds one
corpus's worth. Deleting the folder is always safe.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import logging
import os
import pickle
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

CACHE_DIR = ".companion-cache"
_PACKAGES = ("Markdown", "Jinja2", "PyYAML", "MarkupSafe")


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of the generator's code, templates and assets, and of the libraries that shape its output."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(p for p in package.rglob("*") if p.is_file() and p.suffix != ".pyc"):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _PACKAGES:
        try:
            digest.update(f"{name}=={importlib.metadata.version(name)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name} missing\0".encode())
    return digest.hexdigest()


def key(*parts: bytes | str) -> str:
    """A cache key: the digest of the parts (each length-prefixed, so they cannot run together) and the code."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(f"{len(data)}:".encode() + data)
    return digest.hexdigest()


class Cache:
    """Pickled results by stage and key, in one folder; a missing or unreadable entry is a miss."""

    def __init__(self, root: Path | None, memory: dict | None = None) -> None:
        self.folder = root / CACHE_DIR if root is not None else None
        # A long-running process (serve) keeps results in memory too: no unpickling on a hit.
        self.memory = memory
        self.used: set[str] = set()
        self.hits = self.misses = 0

    def _path(self, stage: str, key_: str) -> Path:
        return self.folder / f"{stage}-{key_}.pickle"

    def get(self, stage: str, key_: str):
        """The stored result, or None."""
        name = f"{stage}-{key_}.pickle"
        if self.memory is not None and name in self.memory:
            self.used.add(name)
            self.hits += 1
            return self.memory[name]
        if self.folder is None:
            return None
        self.used.add(name)
        try:
            with open(self._path(stage, key_), "rb") as stream:
                value = pickle.load(stream)
        except FileNotFoundError:
            self.misses += 1
            return None
        except Exception as exc:  # noqa: BLE001 - a damaged entry is only a miss
            log.debug("cache entry %s-%s unreadable: %s", stage, key_, exc)
            self.misses += 1
            return None
        self.hits += 1
        if self.memory is not None:
            self.memory[name] = value
        return value

    def put(self, stage: str, key_: str, value, disk: bool = True) -> None:
        """Store a result atomically (a reader never sees half an entry); failures only cost speed.

        A worker process stores its own results on disk (``disk``) as it makes them, so the
        parent only records them (``disk=False``): the writing is spread over the workers.
        """
        name = f"{stage}-{key_}.pickle"
        if self.memory is not None:
            self.memory[name] = value
        if self.folder is None:
            return
        self.used.add(name)
        if not disk:
            return
        try:
            self.folder.mkdir(exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self._path(stage, key_))
        except OSError as exc:
            log.debug("cache entry %s-%s not stored: %s", stage, key_, exc)

    def prune(self) -> None:
        """Remove every entry this run did not use (call only after a complete run)."""
        if self.memory is not None:
            for name in set(self.memory) - self.used:
                del self.memory[name]
        if self.folder is None or not self.folder.is_dir():
            return
        for entry in os.scandir(self.folder):
            if entry.name not in self.used and (entry.name.endswith(".pickle") or entry.name.endswith(".tmp")):
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass
