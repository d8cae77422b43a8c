"""The preview: one line for a busy port, rebuilds what an edit changes, shows problems in the page, stops cleanly."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from bs4 import BeautifulSoup

from conftest import ARTICLE, PROJECT, run_cli

NOTES = """\
notes:
  - id: rebalance
    quote: rebalance
    kind: prediction
    outcome: pending
    note: A prediction about rebalancing.
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def _wait(predicate, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError("timed out waiting for the preview")


def test_a_busy_port_is_one_line_naming_the_option(make_corpus):
    root = make_corpus({"articles/a.md": ARTICLE})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli(root, "serve", "--port", str(port))
    assert (result.status, result.lines) == (1, [
        f"build_site.py serve: cannot listen on 127.0.0.1:{port} (Address already in use); choose another port with --port"])


@pytest.fixture
def preview(make_corpus):
    root = make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": NOTES})
    port = _free_port()
    process = subprocess.Popen([sys.executable, str(PROJECT / "build_site.py"), "--root", str(root), "serve",
                                "--port", str(port)], stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: json.loads(_get(base + "/__rc/status"))["version"] >= 1)
        yield root, base, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _status(base: str) -> dict:
    return json.loads(_get(base + "/__rc/status"))


def test_an_edit_is_served_and_a_mistake_is_shown_until_fixed(preview):
    root, base, process = preview
    page = BeautifulSoup(_get(base + "/articles/a/"), "html.parser")
    assert page.select_one('script[src="/__rc/live.js"]') is not None
    assert page.select_one("#note_rebalance .rc-note-text").get_text() == "A prediction about rebalancing."
    version = _status(base)["version"]
    notes = root / "articles/a.notes.yml"
    notes.write_text(NOTES.replace("A prediction about", "An edited prediction about"))
    _wait(lambda: _status(base)["version"] > version)
    page = BeautifulSoup(_get(base + "/articles/a/"), "html.parser")
    assert page.select_one("#note_rebalance .rc-note-text").get_text() == "An edited prediction about rebalancing."
    notes.write_text(NOTES.replace("outcome: pending", "outcome: pendng"))
    problems = _wait(lambda: _status(base)["problems"])
    assert problems == [
        "articles/a.notes.yml:5:5: error: unknown outcome 'pendng' (did you mean 'pending'?); "
        "allowed: came-true, partly, did-not-happen, condition-not-met, pending",
        "1 error, 0 warnings", "nothing was written"]
    # The last good page is still served meanwhile.
    page = BeautifulSoup(_get(base + "/articles/a/"), "html.parser")
    assert page.select_one("#note_rebalance .rc-note-text").get_text() == "An edited prediction about rebalancing."
    notes.write_text(NOTES)
    _wait(lambda: not _status(base)["problems"])


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_preview_and_frees_the_port(preview, sig):
    root, base, process = preview
    port = int(base.rsplit(":", 1)[1])
    process.send_signal(sig)
    assert process.wait(timeout=20) == 0
    assert process.stderr.read().splitlines()[-1] == "stopped"
    with socket.socket() as probe:
        # As the next server would (http.server and mkdocs both set SO_REUSEADDR): the port is
        # free once nothing listens on it, whatever closed connections linger in TIME_WAIT.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", port))
        probe.listen()
    children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
    assert children == []


@pytest.mark.browser
def test_the_browser_shows_the_problems_over_the_page_and_reloads_when_fixed(preview, browser):
    root, base, process = preview
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(base + "/articles/a/")
    notes = root / "articles/a.notes.yml"
    notes.write_text(NOTES.replace("outcome: pending", "outcome: pendng"))
    overlay = page.locator("#rc-live-problems[role=alert]")
    overlay.wait_for(timeout=60_000)
    assert overlay.inner_text().splitlines()[2] == (
        "articles/a.notes.yml:5:5: error: unknown outcome 'pendng' (did you mean 'pending'?); "
        "allowed: came-true, partly, did-not-happen, condition-not-met, pending")
    notes.write_text(NOTES.replace("A prediction about", "A fixed prediction about"))
    page.locator("#note_rebalance .rc-note-text", has_text="A fixed prediction about rebalancing.").wait_for(timeout=60_000)
    assert page.locator("#rc-live-problems").count() == 0
    context.close()


@pytest.mark.browser
def test_an_edit_reloads_the_pages_it_changed_and_leaves_the_others(preview, browser):
    root, base, process = preview
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    article, about = context.new_page(), context.new_page()
    article.goto(base + "/articles/a/")
    about.goto(base + "/about/")
    for page in (article, about):
        page.evaluate("window.rcMarker = 'still here'")
    (root / "articles/a.notes.yml").write_text(NOTES.replace("A prediction about", "A reloaded prediction about"))
    article.locator("#note_rebalance .rc-note-text", has_text="A reloaded prediction about rebalancing.").wait_for(timeout=60_000)
    assert article.evaluate("window.rcMarker") is None  # it reloaded
    about.wait_for_timeout(1500)  # a few polls later
    assert about.evaluate("window.rcMarker") == "still here"
    context.close()
