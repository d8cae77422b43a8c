"""Stage 6: render docs/ into site/ with MkDocs, redoing only what changed.

``site/.built-by-build_site`` records what the site was built from: a digest of the
configuration (``mkdocs.yml``, the theme overrides, the hand-written pages, the installed
renderer), the digest of every generated page (from ``docs/.generated.json``), and the size
and modification time of every file in ``site/``. From that, :func:`plan_site` decides:

- **nothing**: same configuration, same pages, ``site/`` untouched since: nothing is written;
- **partial**: same configuration and the same set of pages, some generated pages changed:
  MkDocs renders only those into a fresh folder, and the new site is a hard-linked copy of the
  old one with their outputs swapped in. This is sound because every page is rendered from its
  own source and the configuration only: the nav lists the index pages, never the articles
  (see mkdocs.yml), so no page's HTML depends on another page's content. The nav pages are
  given to MkDocs as stubs so the nav renders the same; their outputs are thrown away;
- **full**: anything else, e.g. a changed ``mkdocs.yml`` or an article added or removed.

Either way MkDocs writes into a new folder and ``site/`` is replaced by renames only after it
succeeded, so a failed or interrupted build leaves the old site as it was.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .siteconfig import SiteConfig

log = logging.getLogger(__name__)

STATE_FILE = ".built-by-build_site"
RENDERER_PACKAGES = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions")
PARTIAL_LIMIT = 0.5  # when more than this share of the pages changed, a full build is as cheap


@dataclasses.dataclass(frozen=True)
class SitePlan:
    """What a build has to render: ``kind`` is "nothing", "partial" or "full"."""

    kind: str
    changed: tuple[str, ...] = ()  # docs/ paths to render, for a partial build
    reason: str = ""


def config_digest(root: Path, hand_written: list[str]) -> str:
    """A digest of everything but the generated pages that shapes every page of the site."""
    digest = hashlib.sha256()
    files = [root / "mkdocs.yml"] + [root / "docs" / rel for rel in sorted(hand_written)]
    overrides = root / "overrides"
    if overrides.is_dir():
        files += sorted(p for p in overrides.rglob("*") if p.is_file())
    files.append(Path(__file__).with_name("prerendered.py"))
    for path in files:
        digest.update(str(path.relative_to(root) if path.is_relative_to(root) else path.name).encode() + b"\0")
        digest.update((path.read_bytes() if path.is_file() else b"-") + b"\0")
    for package in RENDERER_PACKAGES:
        try:
            digest.update(f"{package}=={importlib.metadata.version(package)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{package} missing\0".encode())
    # SITE_URL and the like reach pages through !ENV in mkdocs.yml.
    digest.update(json.dumps(sorted((k, v) for k, v in os.environ.items() if k.startswith("SITE_"))).encode())
    return digest.hexdigest()


def read_state(site: Path) -> dict | None:
    """What site/ was last built from, or None when it is unknown."""
    try:
        state = json.loads((site / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def _site_files(site: Path) -> dict[str, list[int]]:
    files = {}
    for folder, _, names in os.walk(site):
        for name in names:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, site).replace(os.sep, "/")
            if rel != STATE_FILE:
                stat = os.stat(path, follow_symlinks=False)
                files[rel] = [stat.st_size, stat.st_mtime_ns]
    return files


def plan_site(root: Path, site_config: SiteConfig, pages: dict[str, str], config: str) -> SitePlan:
    """Decide how much of the site to render, from the generated pages' digests and the config digest."""
    site = root / "site"
    state = read_state(site)
    if state is None:
        return SitePlan("full", reason="no previous build")
    if state.get("config") != config:
        return SitePlan("full", reason="the configuration, theme or hand-written pages changed")
    if _site_files(site) != state.get("files"):
        return SitePlan("full", reason="site/ was changed since the last build")
    before = state.get("pages") or {}
    if set(before) != set(pages):
        return SitePlan("full", reason="pages were added or removed")
    changed = tuple(sorted(rel for rel, digest in pages.items() if before[rel] != digest))
    if not changed:
        return SitePlan("nothing")
    if site_config.nav_pages is None:
        return SitePlan("full", reason="mkdocs.yml has no nav, so every page lists every other")
    if sum(rel.endswith(".md") for rel in changed) > PARTIAL_LIMIT * sum(rel.endswith(".md") for rel in pages):
        return SitePlan("full", reason="most pages changed")
    return SitePlan("partial", changed)


def output_path(rel: str, use_directory_urls: bool = True) -> str:
    """The file MkDocs writes for docs/``rel``: ``a/b.md`` → ``a/b/index.html``, assets as they are."""
    if not rel.endswith(".md"):
        return rel
    stem = rel[:-3]
    if stem == "index" or stem.endswith("/index"):
        return f"{stem}.html"
    return f"{stem}/index.html" if use_directory_urls else f"{stem}.html"


def stage_partial_docs(docs: Path, staged: Path, changed: tuple[str, ...], new_content: dict[str, bytes],
                       site_config: SiteConfig) -> None:
    """Fill ``staged`` with the changed files, and a stub for each nav page that did not change."""
    for rel in changed:
        target = staged / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel in new_content:
            target.write_bytes(new_content[rel])
        else:
            os.link(docs / rel, target)
    for rel in site_config.nav_pages or ():
        target = staged / rel
        if (docs / rel).is_file() and not target.exists():  # a nav page that is missing stays missing
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("Stub: this page is not rebuilt; its output is discarded.\n", encoding="utf-8")


def run_renderer(root: Path, config: Path, site_dir: Path) -> bool:
    """``mkdocs build --strict`` of ``config`` into ``site_dir``; returns whether it succeeded."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
               "--config-file", str(config), "--site-dir", str(site_dir)]
    return subprocess.run(command, cwd=root, env=renderer_env()).returncode == 0


def renderer_env() -> dict[str, str]:
    """The environment for MkDocs: our Markdown extension importable, the theme's banner silenced."""
    package_parent = str(Path(__file__).resolve().parent.parent)
    path = os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH")) if p)
    # The theme prints an end-of-life banner on every build; it is noise for maintainers.
    return {**os.environ, "PYTHONPATH": path, "NO_MKDOCS_2_WARNING": "1"}


def assemble_partial(site: Path, built: Path, target: Path, changed: tuple[str, ...], use_directory_urls: bool) -> None:
    """``target`` = hard links to every file of ``site``, with the outputs of ``changed`` taken from ``built``.

    New files replace links by rename, so no file of the current site/ is ever written to.
    """
    shutil.copytree(site, target, copy_function=os.link)
    (target / STATE_FILE).unlink(missing_ok=True)
    for rel in changed:
        out = output_path(rel, use_directory_urls)
        destination = target / out
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(built / out, destination)
    _merge_search_index(site, built, target, changed, use_directory_urls)


def _merge_search_index(site: Path, built: Path, target: Path, changed: tuple[str, ...], use_directory_urls: bool) -> None:
    """Material's search index: keep the old entries, replacing those of the pages rebuilt."""
    rel = Path("search") / "search_index.json"
    if not (built / rel).exists() or not (site / rel).exists():
        return
    old, new = (json.loads(p.read_text(encoding="utf-8")) for p in (site / rel, built / rel))
    urls = {_page_url(r, use_directory_urls) for r in changed if r.endswith(".md")}
    keep = [d for d in old.get("docs", []) if d.get("location", "").split("#", 1)[0] not in urls]
    fresh = [d for d in new.get("docs", []) if d.get("location", "").split("#", 1)[0] in urls]
    old["docs"] = keep + fresh
    temp = target / rel.with_suffix(".json.tmp")
    temp.write_text(json.dumps(old, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(temp, target / rel)


def _page_url(rel: str, use_directory_urls: bool) -> str:
    out = output_path(rel, use_directory_urls)
    return out.removesuffix("index.html") if use_directory_urls else out


def write_state(site: Path, config: str, pages: dict[str, str]) -> None:
    """Record what site/ was built from (see the module docstring)."""
    state = {"note": "Written by build_site.py: site/ is replaced by every build.",
             "config": config, "pages": pages, "files": _site_files(site)}
    (site / STATE_FILE).write_text(json.dumps(state, sort_keys=True) + "\n", encoding="utf-8")
