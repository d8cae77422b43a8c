"""The browser tier: Debian's Chromium through Playwright, axe-core and the Nu HTML Checker.

One Chromium and one local server (of the current companion's site) for every browser test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from support import CHROMIUM, WIDE, built_site, invented, serve  # noqa: F401 - fixtures


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
