"""The build tier: tests that run the CLI's build and the renderer (MkDocs or Zensical), or start
processes. The session fixtures are shared with the browser tier, from tests/support.py."""

from support import built_site, invented  # noqa: F401 - fixtures
