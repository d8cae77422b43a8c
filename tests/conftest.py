"""Shared fixtures: a tiny corpus in a temporary project, the CLI, and the built real site."""

from __future__ import annotations

import functools
import http.server
import io
import shutil
import threading
import textwrap
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import os

import pytest
from hypothesis import settings

# The suite gives the same answer for the same commit: property tests are derandomized (the
# examples follow from each test's name) and keep no database between runs. `long` explores
# randomly, for local or scheduled runs: HYPOTHESIS_PROFILE=long bash scripts/test.sh tests/test_robustness.py
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("long", derandomize=False, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def FUZZ_EXAMPLES(count: int) -> int:  # noqa: N802 - reads as the constant it is within one run
    """How many random examples a property test draws: ``count`` in the suite, ten times more in `long`."""
    return count * 10 if settings.default is settings.get_profile("long") else count

from playwright.sync_api import sync_playwright

from companion.cli import main
from companion.writer import read_manifest

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = Path(__file__).parent / "fixtures" / "seeds"

ARTICLE = """\
---
title: A test article
author: Ann Author
outlet: The Outlet
published: 2019-05
---

The first paragraph says that Russia would “rebalance” its ties with China.

The second paragraph has *some emphasis here* and a [link](https://example.org/x) too.
"""


def write_project(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create a minimal project (mkdocs.yml, hand-written docs) plus the given files."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(PROJECT / "overrides", root / "overrides", dirs_exist_ok=True)
    for page in ("index.md", "about.md", "guide.md"):  # the hand-written pages link to each other
        shutil.copy(PROJECT / "docs" / page, root / "docs" / page)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content) if content.startswith("\n") else content, encoding="utf-8")
    return root


@pytest.fixture
def make_corpus(tmp_path):
    """``make_corpus({"articles/x.md": "..."})`` builds a tiny project and returns its root."""

    def make(files: dict[str, str | bytes]) -> Path:
        return write_project(tmp_path / "project", files)

    return make


class Run:
    """The result of one CLI run: exit status and captured output."""

    def __init__(self, status: int, out: str, err: str) -> None:
        self.status, self.out, self.err = status, out, err

    @property
    def lines(self) -> list[str]:
        """The lines the command printed on stderr."""
        return self.err.splitlines()


def run_cli(root: Path, *argv: str) -> Run:
    """Run ``build_site.py`` in ``root`` and capture its output."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(list(argv), root=root)
    return Run(status, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real companion (articles/, docs/, mkdocs.yml) built once into a temporary copy."""
    root = tmp_path_factory.mktemp("real") / "project"
    root.mkdir()
    shutil.copytree(PROJECT / "articles", root / "articles")
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(PROJECT / "overrides", root / "overrides")
    (root / "docs").mkdir()
    generated = read_manifest(PROJECT / "docs")
    for page in (PROJECT / "docs").glob("*.md"):
        if page.name not in generated:  # only the hand-written pages; the build writes the rest
            shutil.copy(page, root / "docs" / page.name)
    result = run_cli(root, "build")
    assert result.status == 0, result.err
    return root / "site"


# --- Browser fixtures: one Chromium and one local server for every browser test -------------

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = PROJECT / "test-artifacts"
WIDE = {"width": 1440, "height": 900}
NARROW = {"width": 390, "height": 844}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def server(built_site: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built_site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run scripts/setup.sh dev (apt-get install -y chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, server):
    contexts = []

    def open_(path: str, viewport=WIDE, **options):
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        page.errors, page.requests = [], []
        page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.on("request", lambda request: page.requests.append(request.url))
        page.goto(server + path)
        page.wait_for_load_state("load")
        return page

    yield open_
    for context in contexts:
        context.close()
