"""Stage 5: render docs/ into site/ with MkDocs or Zensical, redoing only what changed.

``.companion-cache/site-state.json`` records what the site was built from: the digest of the
inputs of scope ``site`` (``companion.inputs``: ``mkdocs.yml``, the theme overrides, the
hand-written pages, the renderer and its libraries, the environment, the generator's code), the
digest of every generated page (from ``docs/.generated.json``), and the size and modification
time of every file in ``site/``. It is kept outside ``site/``, so the published site holds only
pages and assets. From that, :func:`plan_site` decides:

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
import datetime
import functools
import importlib.metadata
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

from .cache import CACHE_DIR
from .siteconfig import SiteConfig

STATE_FILE = "site-state.json"  # in the cache folder (companion.cache.CACHE_DIR)
RENDERERS = ("mkdocs", "zensical")  # MkDocs with Material stays the default (README, "Renderers")
# Announced by the theme itself (its build banner): "Material for MkDocs reaches end of life on May 5, 2027."
THEME_END_OF_LIFE = {"mkdocs-material": datetime.date(2027, 5, 5)}


def end_of_life_notice(today: datetime.date | None = None) -> str | None:
    """One line when an installed theme is past its announced end of life, else None."""
    today = today or datetime.date.today()
    for package, date in THEME_END_OF_LIFE.items():
        try:
            version = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            continue
        if today > date:
            return (f"note: {package} {version} reached its announced end of life on {date.day} {date:%B %Y}; "
                    "build with --renderer zensical (README, \"Renderers\")")
    return None
PARTIAL_LIMIT = 0.5  # when more than this share of the pages changed, a full build is as cheap


@dataclasses.dataclass(frozen=True)
class SitePlan:
    """What a build has to render: ``kind`` is "nothing", "partial" or "full"."""

    kind: str
    changed: tuple[str, ...] = ()  # docs/ paths to render or copy, for a partial build
    reason: str = ""
    removed: tuple[str, ...] = ()  # generated files (never pages) that are gone, for a partial build


def state_path(root: Path) -> Path:
    """Where the record of what site/ was built from is kept: outside site/, beside the cache."""
    return root / CACHE_DIR / STATE_FILE


def read_state(root: Path) -> dict | None:
    """What site/ was last built from, or None when it is unknown."""
    try:
        state = json.loads(state_path(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def built_by_us(root: Path) -> bool:
    """Whether site/ is the one our record describes: a site/ put there by something else is left alone.

    site/ may have been edited since (the next build then replaces it whole), so one file of the
    record still there is enough.
    """
    state = read_state(root)
    recorded = state.get("files") if state else None
    return isinstance(recorded, dict) and any(rel in recorded for rel in files_under(root / "site"))


def files_under(folder: Path) -> list[str]:
    """Every file under ``folder``, as a relative path with forward slashes (os.walk: fast on thousands)."""
    found = []
    for parent, _, names in os.walk(folder):
        base = os.path.relpath(parent, folder).replace(os.sep, "/")
        found.extend(name if base == "." else f"{base}/{name}" for name in names)
    return found


def _site_files(site: Path) -> dict[str, list[int]]:
    files = {}
    for folder, _, names in os.walk(site):
        for name in names:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, site).replace(os.sep, "/")
            stat = os.stat(path, follow_symlinks=False)
            files[rel] = [stat.st_size, stat.st_mtime_ns]
    return files


def plan_site(root: Path, site_config: SiteConfig, pages: dict[str, str], config: str) -> SitePlan:
    """Decide how much of the site to render, from the generated pages' digests and the config digest."""
    site = root / "site"
    state = read_state(root)
    if state is None:
        return SitePlan("full", reason="no previous build")
    if state.get("config") != config:
        return SitePlan("full", reason="the configuration, theme or hand-written pages changed")
    if _site_files(site) != state.get("files"):
        return SitePlan("full", reason="site/ was changed since the last build")
    before = state.get("pages") or {}
    if {rel for rel in before if rel.endswith(".md")} != {rel for rel in pages if rel.endswith(".md")}:
        return SitePlan("full", reason="pages were added or removed")
    # Other files (assets, the search index) may come and go: they are copied, not rendered.
    changed = tuple(sorted(rel for rel, digest in pages.items() if before.get(rel) != digest))
    removed = tuple(sorted(set(before) - set(pages)))
    if not changed and not removed:
        return SitePlan("nothing")
    if site_config.nav_pages is None:
        return SitePlan("full", reason="mkdocs.yml has no nav, so every page lists every other")
    if sum(rel.endswith(".md") for rel in changed) > PARTIAL_LIMIT * sum(rel.endswith(".md") for rel in pages):
        return SitePlan("full", reason="most pages changed")
    return SitePlan("partial", changed, removed=removed)


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


class Rendered(NamedTuple):
    """What a renderer did: whether it succeeded, and the lines of its log worth showing."""

    ok: bool
    log: tuple[str, ...] = ()


def run_renderer(root: Path, config: Path, site_dir: Path, renderer: str = "mkdocs") -> Rendered:
    """Render ``config`` strictly into ``site_dir`` with MkDocs or Zensical, in a new process.

    MkDocs' ``--quiet`` would also silence the warnings that ``--strict`` counts (strict mode
    then never fails), so the build runs at its normal level and only its INFO lines are dropped.
    Zensical takes its output folder from the configuration only, inside the folder of the
    configuration file: it renders there, and the result is moved to ``site_dir``.
    """
    if renderer == "zensical":
        command = [sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(config)]
        rendered = config.parent / "site"
    else:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict",
                   "--config-file", str(config), "--site-dir", str(site_dir)]
        rendered = site_dir
    result = subprocess.run(command, cwd=root, env=renderer_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    log = []
    info = False  # an INFO message's indented continuation lines go with it
    for line in result.stdout.splitlines():
        if line[:1].strip():
            info = line.startswith("INFO") or line in ("Build started", "No issues found") or line.startswith("Build finished")
        if line.strip() and not info:
            log.append(line)
    if result.returncode == 0 and rendered != site_dir:
        shutil.rmtree(site_dir, ignore_errors=True)
        rendered.rename(site_dir)
    return Rendered(result.returncode == 0 and site_dir.is_dir(), tuple(log))


# Both themes put autocomplete="off" on their menu toggles, a checkbox, where HTML does not allow
# it (the Nu checker's error). It is not inside any template block, so no override can remove it
# short of copying the theme's base template (which breaks on the next theme, as it did with
# Zensical): our build removes it from each page it renders instead, and the Nu gate checks.
_TOGGLE_AUTOCOMPLETE = re.compile(rb'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')


def fix_theme_markup(site_dir: Path, pages: list[str] | None = None) -> int:
    """Remove the theme's invalid attributes from the HTML pages just rendered; returns how many changed."""
    paths = [site_dir / rel for rel in pages] if pages is not None else site_dir.rglob("*.html")
    changed = 0
    for path in paths:
        if path.suffix != ".html" or not path.is_file():
            continue
        data = path.read_bytes()
        fixed = _TOGGLE_AUTOCOMPLETE.sub(rb"\1", data)
        if fixed != data:
            path.write_bytes(fixed)
            changed += 1
    return changed


def render_in_process(root: Path, config: Path, site_dir: Path) -> Rendered:
    """The same build as :func:`run_renderer`, in this process: what a long-running preview uses.

    It saves starting Python and importing MkDocs and the theme for every edit; MkDocs'
    warnings are collected as its command line would print them, and strict mode still turns
    a warning into a failure.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _keep_compiled_templates()
    log = _LogLines()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(log)
    try:
        build(load_config(config_file=str(config), site_dir=str(site_dir), strict=True))
    except (MkDocsException, OSError) as exc:
        log.lines.append(f"mkdocs: {exc}")
        return Rendered(False, tuple(log.lines))
    finally:
        logger.removeHandler(log)
    return Rendered(True, tuple(log.lines))


class _LogLines(logging.Handler):
    """Keeps MkDocs' warnings and errors as lines, formatted as its command line prints them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


class _MemoryBytecodeCache:
    """Jinja's compiled theme templates, kept for the life of the process (see below)."""

    def __init__(self) -> None:
        import jinja2

        class Cache(jinja2.BytecodeCache):
            def __init__(self) -> None:
                self.store: dict[str, bytes] = {}

            def load_bytecode(self, bucket) -> None:
                if bucket.key in self.store:
                    bucket.bytecode_from_string(self.store[bucket.key])

            def dump_bytecode(self, bucket) -> None:
                self.store[bucket.key] = bucket.bytecode_to_string()

        self.cache = Cache()


_bytecode: _MemoryBytecodeCache | None = None


def _keep_compiled_templates() -> None:
    """Give every theme environment MkDocs makes one in-memory bytecode cache.

    MkDocs makes a new Jinja environment for every build, so each rebuild of the preview would
    compile the theme's templates again (most of a small rebuild's time). Jinja checks each
    template's source before it uses cached bytecode, so an edited override is still picked up.
    """
    global _bytecode
    if _bytecode is not None:
        return
    from mkdocs.theme import Theme

    _bytecode = _MemoryBytecodeCache()
    get_env = Theme.get_env

    @functools.wraps(get_env)
    def get_env_with_cache(self):
        env = get_env(self)
        env.bytecode_cache = _bytecode.cache
        loader = env.loader
        if isinstance(getattr(loader, "searchpath", None), list):
            loader.list_templates = functools.partial(_list_templates, tuple(loader.searchpath))
        return env

    Theme.get_env = get_env_with_cache


def _list_templates(searchpath: tuple[str, ...]) -> list[str]:
    """Every file of the theme: an installed theme's folders are walked once (they hold thousands
    of icons and never change while the process runs), a project's own overrides every time."""
    import jinja2

    found: set[str] = set()
    for folder in searchpath:
        if "site-packages" in Path(folder).parts:
            found.update(_walk_installed(folder))
        else:
            found.update(jinja2.FileSystemLoader(folder).list_templates())
    return sorted(found)


@functools.cache
def _walk_installed(folder: str) -> tuple[str, ...]:
    import jinja2

    return tuple(jinja2.FileSystemLoader(folder).list_templates())


def renderer_env() -> dict[str, str]:
    """The environment for MkDocs: our Markdown extension importable, the theme's banner silenced.

    Once the package is installed (scripts/setup.sh installs it editable) the extension imports
    anyway; the path is kept so that a checkout run without installing still renders.
    """
    package_parent = str(Path(__file__).resolve().parent.parent)
    path = os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH")) if p)
    # The theme prints an end-of-life banner on every build; it is noise for maintainers.
    return {**os.environ, "PYTHONPATH": path, "NO_MKDOCS_2_WARNING": "1"}


def update_in_place(site: Path, built: Path, plan: SitePlan, use_directory_urls: bool) -> list[str]:
    """Move the outputs of a partial build into ``site``, one rename each; returns the paths touched.

    A rename replaces a file whole, so a reader never sees half of one; a build interrupted
    between two renames leaves ``site/`` unlike its state file, and the next build is a full one.
    """
    touched = []
    for rel in plan.changed:
        out = output_path(rel, use_directory_urls)
        destination = site / out
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(built / out, destination)
        touched.append(out)
    for rel in plan.removed:
        out = output_path(rel, use_directory_urls)
        (site / out).unlink(missing_ok=True)
        touched.append(out)
    return touched


def write_state(root: Path, config: str, pages: dict[str, str], touched: list[str] | None = None) -> None:
    """Record what site/ was built from (see the module docstring); after a partial build, only ``touched`` is looked at."""
    site = root / "site"
    previous = read_state(root) if touched is not None else None
    if previous is None:
        files = _site_files(site)
    else:
        files = previous.get("files", {})
        for rel in touched:
            path = site / rel
            if path.is_file():
                stat = os.stat(path, follow_symlinks=False)
                files[rel] = [stat.st_size, stat.st_mtime_ns]
            else:
                files.pop(rel, None)
    state = {"note": "Written by build_site.py: what site/ was built from (site/ is replaced by every build).",
             "config": config, "pages": pages, "files": files}
    path = state_path(root)
    path.parent.mkdir(exist_ok=True)
    temp = path.with_name(f".{STATE_FILE}.{os.getpid()}.tmp")
    temp.write_text(json.dumps(state, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temp, path)  # a reader never sees half a record
