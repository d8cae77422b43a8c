"""The site settings the generator reads from mkdocs.yml, without importing MkDocs.

Only the keys declared in :data:`companion.inputs.MKDOCS_KEYS` are read, and :class:`SiteConfig`
has a field for each of them and nothing else: a setting the generator needs is declared there
first, with what a change to it invalidates. ``site_url`` may use MkDocs' ``!ENV`` form,
``!ENV [SITE_URL, 'http://127.0.0.1:8000/']``, so that the deployment sets the real address.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

from .inputs import MKDOCS_FILE, MKDOCS_KEYS, config_loader, mkdocs_values, theme_overrides
from .model import Field
from .problems import Location, Problems, quoted

DEFAULT_NAME = "Reading companion"
DEFAULT_URL = "http://127.0.0.1:8000/"
DEFAULT_LANGUAGE = "en"  # mkdocs-material's default theme.language


@dataclasses.dataclass(frozen=True)
class SiteConfig:
    """The declared mkdocs.yml settings: name, canonical base URL (ending in a slash), and so on."""

    name: str
    url: str
    custom_dir: str | None = None  # an absolute path
    nav_pages: tuple[str, ...] | None = None  # the docs/ pages the nav names; None without a nav
    use_directory_urls: bool = True
    repo_url: str | None = None  # the repository (mkdocs.yml repo_url): notes link to its issues
    license: tuple[str, str] | None = None  # (name, url) of the notes' licence (extra.license)
    language: str = DEFAULT_LANGUAGE  # theme.language: what the pages are written in, unless they say
    author: str | None = None  # site_author: who maintains the companion


def get_site_config(root: Path) -> SiteConfig:
    """The declared settings of root/mkdocs.yml (defaults when they are missing)."""
    values = mkdocs_values(root)
    url = str(values.get("site_url") or DEFAULT_URL)
    custom_dir = theme_overrides(root)
    nav = values.get("nav")
    return SiteConfig(name=str(values.get("site_name") or DEFAULT_NAME),
                      url=url if url.endswith("/") else url + "/",
                      custom_dir=str(custom_dir) if custom_dir else None,
                      nav_pages=tuple(_nav_pages(nav)) if isinstance(nav, list) else None,
                      use_directory_urls=values.get("use_directory_urls", True) is not False,
                      repo_url=str(values["repo_url"]) if values.get("repo_url") else None,
                      license=_license(values.get("extra.license")),
                      language=str(values.get("theme.language") or DEFAULT_LANGUAGE),
                      author=str(values["site_author"]) if values.get("site_author") else None)


def _license(value) -> tuple[str, str] | None:
    """``extra.license`` as (name, url): a mapping with both, or None (MkDocs checks no extra key)."""
    if isinstance(value, dict) and value.get("name") and value.get("url"):
        return str(value["name"]), str(value["url"])
    return None


# The type of each declared key, checked by the loader's engine (load.check_value), so that a
# value the generator cannot use is an error at its line rather than a silent default.
KEY_TYPES = {
    "site_name": Field("site_name", "text"),
    "site_author": Field("site_author", "text"),
    "site_url": Field("site_url", "url"),
    "theme.custom_dir": Field("theme.custom_dir", "text"),
    "nav": Field("nav", "list"),
    "use_directory_urls": Field("use_directory_urls", "bool"),
    "repo_url": Field("repo_url", "url"),
    "extra.license": Field("extra.license", "mapping"),  # with `name` (text) and `url` (a URL)
    "theme.language": Field("theme.language", "language"),
}
LICENSE_FIELDS = (Field("extra.license.name", "text"), Field("extra.license.url", "url"))


def check_site_config(root: Path, problems: Problems) -> None:
    """Report a mkdocs.yml MkDocs could not read, and each declared key whose value the generator
    cannot use, at its ``file:line:col``. A missing mkdocs.yml is left to the renderer."""
    from .load import check_value  # load reads the site settings' module only through here
    from .yamlload import describe_yaml_error

    try:
        text = (root / MKDOCS_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return
    except (OSError, UnicodeDecodeError) as exc:
        problems.error(Location(MKDOCS_FILE, 1), f"cannot be read: {quoted(str(exc))}")
        return
    try:
        tree = yaml.compose(text, Loader=config_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(MKDOCS_FILE, mark.line + 1, mark.column + 1) if mark else Location(MKDOCS_FILE, 1)
        problems.error(where, describe_yaml_error(exc, text, mark))
        return
    except yaml.YAMLError as exc:
        problems.error(Location(MKDOCS_FILE, 1), f"invalid YAML: {quoted(str(exc))}")
        return
    if tree is not None and not isinstance(tree, yaml.MappingNode):
        problems.error(Location(MKDOCS_FILE, 1), "must be a mapping of settings (key: value)")
        return
    values = mkdocs_values(root)
    for key in MKDOCS_KEYS:
        if key.path in values:
            node = _node_at(tree, key.path)
            loc = Location(MKDOCS_FILE, node.start_mark.line + 1, node.start_mark.column + 1)
            if KEY_TYPES[key.path].type == "mapping":
                _check_license(values[key.path], node, loc, problems)
            else:
                check_value(KEY_TYPES[key.path], values[key.path], loc, problems)


def _check_license(value: object, node: yaml.Node, loc: Location, problems: Problems) -> None:
    """``extra.license``: a mapping of ``name`` and ``url``, each checked as the loader checks."""
    from .load import check_value

    if not isinstance(value, dict) or not isinstance(node, yaml.MappingNode):
        problems.error(loc, "'extra.license' must be a mapping with 'name' and 'url'")
        return
    for field in LICENSE_FIELDS:
        part = field.name.rsplit(".", 1)[1]
        if part not in value:
            problems.error(loc, f"missing required field '{part}' in extra.license")
            continue
        child = _node_at(node, part)
        check_value(field, value[part],
                    Location(MKDOCS_FILE, child.start_mark.line + 1, child.start_mark.column + 1), problems)


def _node_at(tree: yaml.MappingNode, path: str) -> yaml.Node:
    """The node of the value at the dotted ``path`` (which mkdocs_values found, so it exists)."""
    node: yaml.Node = tree
    for part in path.split("."):
        node = next(value for key, value in node.value
                    if isinstance(key, yaml.ScalarNode) and key.value == part)
    return node


def _nav_pages(nav) -> list[str]:
    """Every docs/ page named in a nav tree (links to other sites are not pages)."""
    if isinstance(nav, str):
        return [nav] if "://" not in nav else []
    if isinstance(nav, list):
        return [page for item in nav for page in _nav_pages(item)]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in _nav_pages(value)]
    return []
