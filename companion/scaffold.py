"""``new DIR``: start a companion of one's own from the template files in ``companion/scaffold/``.

The template holds an invented example article (with notes, a link target and a timeline
event) that passes the default policy under ``check --strict``, ``companion.yml`` with that
policy, ``mkdocs.yml``, the hand-written pages, the theme override, the pull-request and
Pages workflows, and a README with the new companion's own two commands.

Like the build, it reads everything first and writes only once nothing can refuse: a folder
that exists and is not empty is never written into.
"""

from __future__ import annotations

import html
import json
import logging
import os
from importlib import metadata
from pathlib import Path

log = logging.getLogger(__name__)

TEMPLATE = Path(__file__).resolve().parent / "scaffold"
# Package data with a leading dot is easy to lose (globs skip it), so such names are stored as
# "dot-<name>" and renamed on the way out.
DOT = "dot-"
EXECUTABLE = {".ci/run", "scripts/setup.sh", "scripts/build.sh", "scripts/test.sh"}
FALLBACK_VERSION = "0.1.0"  # when run from a checkout that was never installed


class ScaffoldRefused(Exception):
    """``new`` cannot write the companion; the message is one line for the user."""


def get_version() -> str:
    """The installed generator's version, which the new companion pins."""
    try:
        return metadata.version("reading-companion")
    except metadata.PackageNotFoundError:
        return FALLBACK_VERSION


def get_files(name: str) -> dict[str, bytes]:
    """Every file of a new companion named ``name``, by its path in the new folder."""
    # json.dumps gives a double-quoted YAML scalar: quotes, colons and '#' in a name stay text.
    values = {"@@SITE_NAME@@": json.dumps(name, ensure_ascii=False),
              "@@NAME@@": html.escape(name, quote=False), "@@VERSION@@": get_version()}
    files = {}
    for path in sorted(TEMPLATE.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        rel = "/".join(part.replace(DOT, ".", 1) if part.startswith(DOT) else part
                       for part in path.relative_to(TEMPLATE).parts)
        text = path.read_text(encoding="utf-8")
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        files[rel] = text.encode("utf-8")
    return files


def new_companion(target: Path, name: str) -> list[str]:
    """Write a new companion into ``target`` (absent or empty); returns the paths written."""
    if target.exists() and not target.is_dir():
        raise ScaffoldRefused(f"{target} exists and is not a folder; nothing was written")
    if target.is_dir() and any(target.iterdir()):
        raise ScaffoldRefused(f"{target} exists and is not empty; choose a new or empty folder "
                              "(nothing was written)")
    if not name.strip() or any(ch in name for ch in "\r\n"):
        raise ScaffoldRefused(f"--name must be one line of text, not {name!r}; nothing was written")
    files = get_files(name)  # first gather everything, then write
    try:
        for rel, data in files.items():
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            if rel in EXECUTABLE:
                os.chmod(path, 0o755)
    except OSError as exc:
        raise ScaffoldRefused(f"cannot write into {target}: {exc.strerror}") from None
    log.debug("wrote %d files into %s", len(files), target)
    return list(files)
