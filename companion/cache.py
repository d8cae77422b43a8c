"""Per-article work kept between runs, keyed by everything it was computed from.

An archive of thousands of articles changes one article at a time. Loading, anchoring and
rendering an article depend only on its own files (and, for its page, on the articles it is
linked with and the timeline around it), so their results are stored under a digest of those
inputs and of every other input its scope depends on (``companion.inputs``: the generator's
code, the libraries that shape its output, the mkdocs.yml keys it reads…), in
``.companion-cache/`` at the project root. A result is reused only when every input is
byte-for-byte the same; anything else is a miss and is
computed afresh. Entries not used by the last complete run are removed, so the cache holds one
corpus's worth. Deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path

from . import inputs

log = logging.getLogger(__name__)

CACHE_DIR = ".companion-cache"


class Cache:
    """Pickled results by stage and key, in one folder; a missing or unreadable entry is a miss."""

    def __init__(self, root: Path | None, memory: dict | None = None) -> None:
        self.folder = root / CACHE_DIR if root is not None else None
        # A long-running process (serve) keeps results in memory too: no unpickling on a hit.
        self.memory = memory
        self.used: set[str] = set()
        self.root = root
        self._scopes: dict[str, str] = {}

    def key(self, scope: str, *parts: bytes | str) -> str:
        """A key of ``scope`` (companion.inputs): the parts (each length-prefixed, so they cannot
        run together) and the digest of every input of the scope, taken once per run."""
        if scope not in self._scopes:
            self._scopes[scope] = inputs.digest(self.root, scope) if self.root is not None else ""
        digest = hashlib.sha256(f"{scope}\0{self._scopes[scope]}".encode())
        for part in parts:
            data = part.encode() if isinstance(part, str) else part
            digest.update(f"{len(data)}:".encode() + data)
        return digest.hexdigest()

    def _path(self, stage: str, key_: str) -> Path:
        return self.folder / f"{stage}-{key_}.pickle"

    def get(self, stage: str, key_: str):
        """The stored result, or None."""
        name = f"{stage}-{key_}.pickle"
        if self.memory is not None and name in self.memory:
            self.used.add(name)
            return self.memory[name]
        if self.folder is None:
            return None
        self.used.add(name)
        try:
            with open(self._path(stage, key_), "rb") as stream:
                value = pickle.load(stream)
        except FileNotFoundError:
            return None
        except Exception as exc:  # noqa: BLE001 - a damaged entry is only a miss
            log.debug("cache entry %s-%s unreadable: %s", stage, key_, exc)
            return None
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

    def keep(self, stage: str, key_: str) -> None:
        """Record that this run uses an entry another process stored (so that :meth:`prune` keeps it)."""
        self.used.add(f"{stage}-{key_}.pickle")

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
