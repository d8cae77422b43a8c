"""The site settings the generator reads from mkdocs.yml, without importing MkDocs.

Only the keys declared in :data:`companion.inputs.MKDOCS_KEYS` are read, and :class:`SiteConfig`
has a field for each of them and nothing else: a setting the generator needs is declared there
first, with what a change to it invalidates. ``site_url`` may use MkDocs' ``!ENV`` form,
``!ENV [SITE_URL, 'http://127.0.0.1:8000/']``, so that the deployment sets the real address.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .inputs import mkdocs_values, theme_overrides

DEFAULT_NAME = "Reading companion"
DEFAULT_URL = "http://127.0.0.1:8000/"


@dataclasses.dataclass(frozen=True)
class SiteConfig:
    """The declared mkdocs.yml settings: name, canonical base URL (ending in a slash), and so on."""

    name: str
    url: str
    custom_dir: str | None = None  # an absolute path
    nav_pages: tuple[str, ...] | None = None  # the docs/ pages the nav names; None without a nav
    use_directory_urls: bool = True


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
                      use_directory_urls=values.get("use_directory_urls", True) is not False)


def _nav_pages(nav) -> list[str]:
    """Every docs/ page named in a nav tree (links to other sites are not pages)."""
    if isinstance(nav, str):
        return [nav] if "://" not in nav else []
    if isinstance(nav, list):
        return [page for item in nav for page in _nav_pages(item)]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in _nav_pages(value)]
    return []
