"""Shared fixtures: a tiny corpus in a temporary project, the invented companion, the current companion's
site, a browser. The helpers themselves are in support.py."""

from __future__ import annotations

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

from companion.load import get_corpus
from companion.problems import Problems
# The shared builder, the CLI and the server live in support.py; these names stay importable from here.
from support import (ARTICLE, PROJECT, SEEDS, Run, build, copy_this_companion, invented_companion,  # noqa: F401
                     run_cli, serve, write_project)


@pytest.fixture
def make_corpus(tmp_path):
    """``make_corpus({"articles/x.md": "..."})`` builds a tiny project and returns its root."""

    def make(files: dict[str, str | bytes]) -> Path:
        return write_project(tmp_path / "project", files)

    return make


class Invented:
    """A built invented companion: its project root, its site and its checked model."""

    def __init__(self, root: Path) -> None:
        self.root, self.site = root, build(root)
        problems = Problems()
        self.corpus = get_corpus(root, problems)
        assert problems.errors == []


@pytest.fixture(scope="session")
def invented(tmp_path_factory) -> Invented:
    """The invented companion of support.py (three linked articles, corrections, events), built once."""
    return Invented(write_project(tmp_path_factory.mktemp("invented") / "project", invented_companion(3), policy=True))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The current companion (whatever articles/ holds), built once into a temporary copy.

    Only the gates and tests/test_this_companion.py use it; the generator's tests use ``invented``.
    """
    return build(copy_this_companion(tmp_path_factory.mktemp("real") / "project"))


# --- Browser fixtures: one Chromium and one local server for every browser test -------------

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = PROJECT / "test-artifacts"
WIDE = {"width": 1440, "height": 900}
NARROW = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def server(built_site: Path):
    with serve(built_site) as url:
        yield url


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
