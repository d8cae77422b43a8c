"""Stage 4: write generated files into docs/, touching only what changed and only what we made.

``docs/.generated.json`` lists every file the generator wrote, with a hash of its content.
Before anything is written every target is checked: a file that exists but is not in the
list was written by a person and is never overwritten; a generated file edited by hand since
is never overwritten or deleted either. Only then are files written, each atomically.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path

from .problems import Location, Problems

MANIFEST = ".generated.json"


@dataclasses.dataclass(frozen=True)
class WriteReport:
    """What a write changed: files written, files removed, files left as they were."""

    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int


def digest(data: bytes) -> str:
    """The digest recorded for a generated file's content."""
    return hashlib.sha256(data).hexdigest()


def read_manifest(docs: Path) -> dict[str, str]:
    """The generated files recorded by the last build, or an empty mapping."""
    try:
        data = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.get("files", {}).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def plan_writes(docs: Path, outputs: dict[str, bytes], problems: Problems,
                some: bool = False) -> tuple[dict[str, bytes], list[str]]:
    """Check every target before writing; return (files to write, stale generated files to remove).

    With ``some``, ``outputs`` are only some of the generated files (the preview's article pages
    first): the others are neither written nor taken for stale.
    """
    manifest = read_manifest(docs)
    to_write: dict[str, bytes] = {}
    for rel, data in sorted(outputs.items()):
        target = docs / rel
        shown = f"docs/{rel}"
        if not _inside(docs, target):
            problems.error(Location(shown), "would be written outside docs/; refusing")
            continue
        if target.is_symlink() or any(p.is_symlink() for p in _parents_within(docs, target)):
            problems.error(Location(shown), "is a symbolic link; the generator never writes through links")
            continue
        if target.exists():
            if target.is_dir():
                problems.error(Location(shown), "is a folder, but the generator needs to write a file there")
                continue
            current = target.read_bytes()
            if rel not in manifest:
                problems.error(Location(shown), "exists but was not written by build_site.py; "
                               "it is never overwritten: move or rename it")
                continue
            if digest(current) != manifest[rel]:
                problems.error(Location(shown), "was edited by hand since it was generated; edit articles/ instead, "
                               "then delete this file to let the build write it again")
                continue
            if current == data:
                continue
        to_write[rel] = data
    stale = []
    for rel, recorded in sorted(manifest.items()):
        if rel in outputs or some:
            continue
        target = docs / rel
        if not target.exists() or target.is_symlink() or not _inside(docs, target):
            continue
        if digest(target.read_bytes()) != recorded:
            problems.error(Location(f"docs/{rel}"), "is no longer generated, but was edited by hand; it is kept: "
                           "delete it yourself if it is not needed")
            continue
        stale.append(rel)
    return to_write, stale


def is_current(docs: Path, fingerprint: str) -> list[str] | None:
    """If docs/ was generated from exactly these inputs and is intact, the warnings of that run."""
    try:
        data = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("inputs") != fingerprint:
        return None
    for rel, recorded in data.get("files", {}).items():
        target = docs / rel
        if not target.is_file() or target.is_symlink() or digest(target.read_bytes()) != recorded:
            return None
    return list(data.get("warnings", []))


def write_outputs(docs: Path, digests: dict[str, str], to_write: dict[str, bytes], stale: list[str],
                  fingerprint: str | None = None, warnings: list[str] | None = None) -> WriteReport:
    """Write the planned files atomically, remove stale generated ones, and update the manifest.

    ``digests`` lists every generated file (written now or earlier) with its content's digest.
    """
    for rel, data in to_write.items():
        _atomic_write(docs / rel, data)
    for rel in stale:
        (docs / rel).unlink()
        _remove_empty_parents(docs, (docs / rel).parent)
    manifest = {"note": "Files written by build_site.py; do not edit them, edit articles/ instead.",
                "inputs": fingerprint, "warnings": warnings or [],
                "files": dict(sorted(digests.items()))}
    manifest_bytes = (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode()
    manifest_path = docs / MANIFEST
    written = list(to_write)
    if not manifest_path.exists() or manifest_path.read_bytes() != manifest_bytes:
        _atomic_write(manifest_path, manifest_bytes)
        written.append(MANIFEST)
    return WriteReport(tuple(written), tuple(stale), len(digests) - len(to_write))


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _file_mode()  # what open() would give a new file


def _atomic_write(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: readers never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp, _FILE_MODE)  # mkstemp makes files private; generated pages are not
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _inside(docs: Path, target: Path) -> bool:
    """``target`` names a place under ``docs`` (links along the way are refused separately)."""
    return os.path.normpath(target).startswith(os.path.normpath(docs) + os.sep)


def _parents_within(docs: Path, target: Path):
    parent = target.parent
    while parent != docs and docs in parent.parents:
        yield parent
        parent = parent.parent


def _remove_empty_parents(docs: Path, folder: Path) -> None:
    while folder != docs and docs in folder.parents and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
