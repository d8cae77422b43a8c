"""The preview: one line for a busy port, rebuilds what an edit changes, shows problems in the page, stops cleanly."""

from __future__ import annotations

import json
import signal
import socket
import subprocess

import pytest
from bs4 import BeautifulSoup
from support import ARTICLE, http_get, run_cli, run_preview, wait_for
from support import PREVIEW_NOTES as NOTES


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
    with run_preview(make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": NOTES})) as running:
        yield running


def _status(base: str) -> dict:
    return json.loads(http_get(base + "/__rc/status"))


def test_an_edit_is_served_and_a_mistake_is_shown_until_fixed(preview):
    root, base, process = preview
    page = BeautifulSoup(http_get(base + "/articles/a/"), "html.parser")
    assert page.select_one('script[src="/__rc/live.js"]') is not None
    assert page.select_one("#note_rebalance .rc-note-text").get_text() == "A prediction about rebalancing."
    version = _status(base)["version"]
    notes = root / "articles/a.notes.yml"
    notes.write_text(NOTES.replace("A prediction about", "An edited prediction about"))
    wait_for(lambda: _status(base)["version"] > version)
    page = BeautifulSoup(http_get(base + "/articles/a/"), "html.parser")
    assert page.select_one("#note_rebalance .rc-note-text").get_text() == "An edited prediction about rebalancing."
    notes.write_text(NOTES.replace("outcome: pending", "outcome: pendng"))
    problems = wait_for(lambda: _status(base)["problems"])
    assert problems == [
        "articles/a.notes.yml:5:5: error: unknown outcome 'pendng' (did you mean 'pending'?); "
        "allowed: came-true, partly, did-not-happen, condition-not-met, pending",
        "1 error, 0 warnings", "nothing was written"]
    # The last good page is still served meanwhile.
    page = BeautifulSoup(http_get(base + "/articles/a/"), "html.parser")
    assert page.select_one("#note_rebalance .rc-note-text").get_text() == "An edited prediction about rebalancing."
    notes.write_text(NOTES)
    wait_for(lambda: not _status(base)["problems"])


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
