"""The few site settings the generator needs, read from mkdocs.yml without importing MkDocs.

Only ``site_name``, ``site_url``, ``theme.custom_dir``, ``nav`` and ``use_directory_urls`` are read. ``site_url`` may use MkDocs' ``!ENV`` form,
``!ENV [SITE_URL, 'http://127.0.0.1:8000/']``, so that the deployment sets the real address.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import yaml


@dataclasses.dataclass(frozen=True)
class SiteConfig:
    """The site's name and its canonical base URL (always ending in a slash)."""

    name: str
    url: str
    custom_dir: str | None = None
    nav_pages: tuple[str, ...] | None = None  # the docs/ pages the nav names; None without a nav
    use_directory_urls: bool = True


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, resolving !ENV and ignoring other MkDocs-specific tags."""


def _env(loader: yaml.SafeLoader, node: yaml.Node):
    values = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    *names, default = values if len(values) > 1 else (*values, None)
    return next((os.environ[n] for n in names if os.environ.get(n)), default)


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def get_site_config(root: Path) -> SiteConfig:
    """Read site_name and site_url from root/mkdocs.yml (defaults when they are missing)."""
    try:
        data = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except (OSError, yaml.YAMLError):
        data = {}
    url = str(data.get("site_url") or "http://127.0.0.1:8000/")
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    custom_dir = theme.get("custom_dir")
    nav = data.get("nav")
    return SiteConfig(str(data.get("site_name") or "Reading companion"), url if url.endswith("/") else url + "/",
                      str(root / custom_dir) if custom_dir else None,
                      tuple(_nav_pages(nav)) if isinstance(nav, list) else None,
                      data.get("use_directory_urls", True) is not False)


def _nav_pages(nav) -> list[str]:
    """Every docs/ page named in a nav tree (links to other sites are not pages)."""
    if isinstance(nav, str):
        return [nav] if "://" not in nav else []
    if isinstance(nav, list):
        return [page for item in nav for page in _nav_pages(item)]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in _nav_pages(value)]
    return []
