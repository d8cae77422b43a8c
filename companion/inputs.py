"""Every input the output depends on, declared once, with what a change to it invalidates.

Sphinx declares each configuration value with what a change to it forces (``rebuild=``); this
registry does the same for everything a build reads: the files in ``articles/``, ``companion.yml``,
each ``mkdocs.yml`` key, the theme overrides, the hand-written pages, the environment, the
generator's code and the libraries that shape what it writes. Each input names the parts of the
build a change to it makes stale (its *scopes*):

- ``article``: the per-article cache of phase one (load, check, anchor, render the body);
- ``page``: the per-article cache of finished pages;
- ``docs``: the shortcut that finds ``docs/`` up to date and reads nothing again;
- ``site``: ``site/`` is rendered whole again (the site plan's "full");
- ``verdict``: the problems found, so the ``--strict`` verdict, are worked out again.

:func:`digest` is the one fingerprint of a scope: every cache key, the ``docs/`` shortcut and
the site plan are made from it, so no two of them can disagree about what changed. The items of
the keyed caches (each article's own files, the timeline) are added to their keys by the stage
that keys them (``load.article_key``, ``load.timeline_key``): they are declared here as inputs
of those scopes all the same, and ``per_item`` says that their digest is taken per item.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.metadata
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

ARTICLE, PAGE, DOCS, SITE, VERDICT = "article", "page", "docs", "site", "verdict"
SCOPES = (ARTICLE, PAGE, DOCS, SITE, VERDICT)
_GENERATED = frozenset({ARTICLE, PAGE, DOCS, VERDICT})  # what the generator makes of its inputs
_EVERYTHING = frozenset(SCOPES)

PACKAGE_DIR = Path(__file__).resolve().parent
ARTICLES_DIR = "articles"
TIMELINE_FILE = "timeline.yml"
COMPANION_FILE = "companion.yml"
MKDOCS_FILE = "mkdocs.yml"
ENV_PREFIX = "SITE_"  # variables of this prefix reach pages through mkdocs.yml's !ENV

# The distributions whose code shapes what the generator writes into docs/ (import names in
# comments where they differ). tests/build/test_inputs.py fails when the package imports one that is
# neither here nor in NOT_OUTPUT.
GENERATOR_LIBRARIES = ("cmarkgfm", "nh3", "rapidfuzz", "rcssmin", "rjsmin", "Jinja2", "MarkupSafe",
                       "PyYAML", "EbookLib", "lxml")  # jinja2, markupsafe, yaml, ebooklib
# What turns docs/ into site/: the renderer and everything it renders with.
RENDERER_LIBRARIES = ("mkdocs", "mkdocs-material", "mkdocs-material-extensions", "pymdown-extensions",
                      "Markdown", "Pygments", "Jinja2", "MarkupSafe", "PyYAML", "pyyaml_env_tag", "babel",
                      "zensical", "deepmerge")
# Imported by the package (by import name), but nothing they do reaches docs/ or site/.
NOT_OUTPUT = {
    "trafilatura": "reads saved web pages for `build_site.py import`, which only writes a draft",
}


@dataclasses.dataclass(frozen=True)
class Input:
    """One input of the build: what it is, what a change to it makes stale, and how to read it.

    ``read(root)`` returns bytes that change exactly when the input does. ``per_item`` inputs
    (an article's own files, the timeline) key their caches item by item; :func:`digest` takes
    them whole only for the scopes that are not keyed caches.
    """

    name: str
    description: str
    invalidates: frozenset[str]
    read: Callable[[Path], bytes]
    per_item: bool = False


@dataclasses.dataclass(frozen=True)
class ConfigKey:
    """One ``mkdocs.yml`` key the generator reads: its dotted path, the SiteConfig field it fills."""

    path: str
    field: str
    description: str
    invalidates: frozenset[str] = frozenset({PAGE, DOCS, SITE})


# Every mkdocs.yml key the generator reads (companion.siteconfig builds SiteConfig from these
# alone). The renderer reads every key, so any edit of mkdocs.yml is also the input `mkdocs.yml`.
MKDOCS_KEYS = (
    ConfigKey("site_name", "name", "the site's name, in feeds, exports and page metadata"),
    ConfigKey("site_url", "url", "the canonical address, in links of feeds and exports (!ENV resolved)"),
    ConfigKey("theme.custom_dir", "custom_dir", "the theme overrides folder, an input of the site"),
    ConfigKey("nav", "nav_pages", "the pages the nav names, which a partial render must stub"),
    ConfigKey("use_directory_urls", "use_directory_urls", "where each page's HTML file is written"),
    ConfigKey("repo_url", "repo_url", "the repository; each note's report link opens a new issue there"),
    ConfigKey("extra.license", "license", "the notes' licence (name and url), in the exports' metadata"),
    ConfigKey("theme.language", "language", "the site's language: an article's and its notes' unless they say another"),
    ConfigKey("site_author", "author", "who maintains the companion: the EPUB's creator"),
)


def _files_digest(paths: list[Path], root: Path) -> bytes:
    digest = hashlib.sha256()
    for path in paths:
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        digest.update(name.encode() + b"\0")
        digest.update((path.read_bytes() if path.is_file() else b"-") + b"\0")
    return digest.digest()


def _folder_files(folder: Path) -> list[Path]:
    """Every file under ``folder`` in name order (os.walk: fast on thousands of files)."""
    found = []
    for parent, dirs, names in os.walk(folder):
        dirs.sort()
        found.extend(Path(parent) / name for name in sorted(names))
    return found


def _read_articles(root: Path) -> bytes:
    # The files of articles/ itself, as the loader sees them (it reads no subfolder).
    folder = root / ARTICLES_DIR
    names = sorted(e.name for e in os.scandir(folder) if e.is_file()) if folder.is_dir() else []
    return _files_digest([folder / name for name in names if name != TIMELINE_FILE], root)


def _read_file(rel: str) -> Callable[[Path], bytes]:
    return lambda root: _files_digest([root / rel], root)


def _read_config_key(key: ConfigKey) -> Callable[[Path], bytes]:
    return lambda root: json.dumps(mkdocs_values(root).get(key.path), sort_keys=True, default=str).encode()


def _read_companion_key(key: str) -> Callable[[Path], bytes]:
    def read(root: Path) -> bytes:
        try:
            data = yaml.safe_load((root / COMPANION_FILE).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            data = None  # the check reports it; the whole file is an input of the verdict
        return json.dumps(data.get(key) if isinstance(data, dict) else None, sort_keys=True, default=str).encode()
    return read


def _read_overrides(root: Path) -> bytes:
    custom_dir = theme_overrides(root)
    return _files_digest(_folder_files(custom_dir) if custom_dir else [], root)


def _read_hand_written(root: Path) -> bytes:
    return _files_digest([root / "docs" / rel for rel in hand_written_pages(root)], root)


def _read_environment(root: Path) -> bytes:
    names = sorted({k for k in os.environ if k.startswith(ENV_PREFIX)} | set(env_names(root)))
    return json.dumps([(name, os.environ.get(name)) for name in names]).encode()


def _read_code(root: Path) -> bytes:
    return code_digest(PACKAGE_DIR).encode()


def _read_versions(names: tuple[str, ...]) -> Callable[[Path], bytes]:
    return lambda root: "\0".join(library_version(name) for name in names).encode()


INPUTS: tuple[Input, ...] = (
    Input("articles", "the files of articles/: each article, its notes file, and any other file",
          _GENERATED, _read_articles, per_item=True),
    Input("timeline", "articles/timeline.yml: the events", _GENERATED,
          _read_file(f"{ARTICLES_DIR}/{TIMELINE_FILE}"), per_item=True),
    Input("companion.yml", "companion.yml as a whole: the editorial policy (key `policy`), and what the check reads",
          frozenset({DOCS, VERDICT}), _read_file(COMPANION_FILE)),
    # Each article a path reads shows where it stands in it, so the paths reach the article pages.
    Input("companion.yml:paths", "the reading paths: their pages, and the path bar of each article they read",
          frozenset({PAGE, DOCS}), _read_companion_key("paths")),
    *(Input(f"mkdocs.yml:{key.path}", key.description, key.invalidates, _read_config_key(key))
      for key in MKDOCS_KEYS),
    # The check reads it whole too (siteconfig.check_site_config): a syntax error anywhere in it
    # is an error of the build, so an edit asks for the verdict again.
    Input("mkdocs.yml", "mkdocs.yml as a whole: the renderer reads every key, the check its syntax",
          frozenset({SITE, DOCS, VERDICT}), _read_file(MKDOCS_FILE)),
    Input("overrides", "the theme overrides folder that mkdocs.yml names (theme.custom_dir)",
          frozenset({SITE}), _read_overrides),
    Input("hand-written pages", "docs/ files the generator did not write (home, guide, about…)",
          frozenset({SITE}), _read_hand_written),
    # The generator sees the environment only through the values of the mkdocs.yml keys above.
    Input("environment", f"{ENV_PREFIX}* and every variable mkdocs.yml names with !ENV",
          frozenset({SITE}), _read_environment),
    Input("code", "the generator's code, templates and assets, and the Python that runs them",
          _EVERYTHING, _read_code),
    Input("generator libraries", "the versions of " + ", ".join(GENERATOR_LIBRARIES),
          _GENERATED, _read_versions(GENERATOR_LIBRARIES)),
    Input("renderer libraries", "the versions of " + ", ".join(RENDERER_LIBRARIES),
          frozenset({SITE}), _read_versions(RENDERER_LIBRARIES)),
)
# Build options that shape the output like an input does: the renderer chosen (--renderer).
OPTIONS = {"renderer": frozenset({SITE})}


def digest(root: Path, scope: str, **options: str) -> str:
    """The fingerprint of ``scope``: every declared input (and option) that a change to makes it stale.

    For the keyed caches (``article``, ``page``), per-item inputs are left to the item's own key.
    """
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}; expected one of {', '.join(SCOPES)}")
    keyed = scope in (ARTICLE, PAGE)
    result = hashlib.sha256(scope.encode() + b"\0")
    for item in INPUTS:
        if scope in item.invalidates and not (keyed and item.per_item):
            data = item.read(root)
            result.update(f"{item.name}:{len(data)}:".encode() + data)
    for name, scopes in sorted(OPTIONS.items()):
        if scope in scopes:
            result.update(f"option {name}={options.get(name, '')}\0".encode())
    return result.hexdigest()


def digests(root: Path, scopes: tuple[str, ...], **options: str) -> str:
    """One fingerprint of several scopes together (what the docs/ shortcut stands for)."""
    return hashlib.sha256("\0".join(digest(root, s, **options) for s in scopes).encode()).hexdigest()


def watched_paths(root: Path) -> list[Path]:
    """The files and folders whose edits the preview rebuilds for: every file input."""
    custom_dir = theme_overrides(root)
    paths = [root / ARTICLES_DIR, root / COMPANION_FILE, root / MKDOCS_FILE, root / "docs"]
    return paths + ([custom_dir] if custom_dir else [])


def theme_overrides(root: Path) -> Path | None:
    """The theme overrides folder mkdocs.yml names (``theme.custom_dir``), or None.

    Here rather than from companion.siteconfig, which reads its keys from this module.
    """
    custom_dir = mkdocs_values(root).get("theme.custom_dir")
    return root / str(custom_dir) if custom_dir else None


# --- Reading the inputs --------------------------------------------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, resolving !ENV and ignoring other MkDocs-specific tags."""


def _env(loader: yaml.SafeLoader, node: yaml.Node):
    values = (loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode)
              else [loader.construct_scalar(node)])
    *names, default = values if len(values) > 1 else (*values, None)
    return next((os.environ[n] for n in names if os.environ.get(n)), default)


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def config_loader() -> type[yaml.SafeLoader]:
    """The YAML loader mkdocs.yml is read with: !ENV resolved, MkDocs' other tags ignored."""
    return _ConfigLoader


def mkdocs_values(root: Path) -> dict[str, object]:
    """The declared mkdocs.yml keys' values by dotted path (!ENV resolved); absent keys are left out.

    Only the keys of :data:`MKDOCS_KEYS` are returned: the generator cannot read another.
    """
    try:
        text = (root / MKDOCS_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    # Each declared key is an input of its own, so one digest asks for the values several times.
    return dict(_declared_values(text, tuple(sorted(os.environ.items()))))


@functools.lru_cache(maxsize=8)
def _declared_values(text: str, environment: tuple) -> tuple[tuple[str, object], ...]:
    """The declared keys' values in mkdocs.yml's ``text`` (``environment`` resolves !ENV)."""
    try:
        data = yaml.load(text, Loader=_ConfigLoader) or {}
    except yaml.YAMLError:
        data = {}
    values = {}
    for key in MKDOCS_KEYS:
        value: object = data
        for part in key.path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None:
            values[key.path] = value
    return tuple(values.items())


def env_names(root: Path) -> list[str]:
    """The environment variables mkdocs.yml names with ``!ENV`` (the renderer resolves them all)."""
    try:
        text = (root / MKDOCS_FILE).read_text(encoding="utf-8")
        nodes = [yaml.compose(text, Loader=_ConfigLoader)]
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    names = []
    while nodes:
        node = nodes.pop()
        if node is None:
            continue
        if node.tag == "!ENV":
            # As _env reads it: `!ENV NAME`, or `!ENV [NAME, …, default]` (one item: a name).
            items = node.value if isinstance(node, yaml.SequenceNode) else [node]
            named = items[:-1] if len(items) > 1 else items
            names += [item.value for item in named if isinstance(item, yaml.ScalarNode)]
        elif isinstance(node, yaml.SequenceNode):
            nodes.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            nodes.extend(value for _, value in node.value)
    return sorted(set(names))


def hand_written_pages(root: Path) -> list[str]:
    """docs/ files the generator did not write: neither in its manifest nor its own folders."""
    from .writer import MANIFEST, read_manifest

    docs = root / "docs"
    generated = set(read_manifest(docs))
    return [rel for rel in (p.relative_to(docs).as_posix() for p in _folder_files(docs))
            if rel != MANIFEST and rel not in generated] if docs.is_dir() else []


def library_version(name: str) -> str:
    """``name==version`` of an installed distribution, or ``name missing``."""
    try:
        return f"{name}=={importlib.metadata.version(name)}"
    except importlib.metadata.PackageNotFoundError:
        return f"{name} missing"


@functools.lru_cache(maxsize=4)
def code_digest(package: Path) -> str:
    """A digest of the generator's files (code, templates, assets) and of the Python running them.

    Kept for the life of the process: the code that runs does not change under it.
    """
    result = hashlib.sha256(sys.version.encode() + b"\0")
    for path in _folder_files(package):
        if path.suffix != ".pyc" and "__pycache__" not in path.parts:
            result.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return result.hexdigest()
