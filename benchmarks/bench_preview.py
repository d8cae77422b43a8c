#!/usr/bin/env python3
"""Benchmark: from saving an edited note to seeing it on the page in the preview, in a real browser.

    .venv/bin/python benchmarks/bench_preview.py                 # the shipped articles, and 2,000 synthetic ones
    .venv/bin/python benchmarks/bench_preview.py --sizes 5       # the shipped articles only

For each corpus it starts `build_site.py serve`, opens an article page in Debian's Chromium,
then, three times, saves an edit to the text of one of that article's notes and measures the
time until the page shows the new text (the page reloads itself). Each edit waits until the
previous one has been built completely (the timeline and search index included). It prints
one line per corpus: the first-build time and the three save-to-page times.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _shipped(root: Path) -> None:
    corpora.copy_site_files(root)
    for path in (PROJECT / "articles").iterdir():
        shutil.copy(path, root / "articles" / path.name)


def measure(root: Path, edits: int = 3) -> tuple[float, list[float]]:
    """Serve ``root``; return the first build's seconds and the save-to-page seconds of each edit."""
    from playwright.sync_api import sync_playwright

    notes = sorted(root.glob("articles/*.notes.yml"))[len(list(root.glob("articles/*.notes.yml"))) // 2]
    slug = notes.name.removesuffix(".notes.yml")
    port = _free_port()
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, str(PROJECT / "build_site.py"), "--root", str(root), "serve",
                               "--port", str(port)], stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(server.stderr.readline, "")), daemon=True).start()

    def wait_for(text: str, count: int, seconds: float = 600) -> None:
        deadline = time.monotonic() + seconds
        while sum(text in line for line in lines) < count:
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the preview did not answer:\n" + "".join(lines[-20:]))
            time.sleep(0.05)

    try:
        wait_for("serving http://", 1)
        first = time.perf_counter() - started
        times = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/articles/{slug}/")
            page.wait_for_timeout(500)
            for number in range(edits):
                text = notes.read_text(encoding="utf-8")
                marker = f"Edited in the preview {number}."
                notes.write_text(re.sub(r"(?m)^(\s+note: \|\n\s+)", rf"\1{marker} ", text, count=1), encoding="utf-8")
                saved = time.perf_counter()
                page.get_by_text(marker).first.wait_for(timeout=120_000)
                times.append(time.perf_counter() - saved)
                wait_for("everything up to date", number + 2)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return first, times


def main(argv: list[str] | None = None) -> None:
    """Measure each corpus and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 2000], help="5 means the shipped articles")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rc-preview-") as folder:
        for n in args.sizes:
            root = Path(folder) / f"n{n}"
            _shipped(root) if n == 5 else corpora.write_synthetic(root, n)
            first, times = measure(root)
            print(f"N={n}: first build {first:.1f} s; save to refreshed page: "
                  + ", ".join(f"{t:.2f} s" for t in times), flush=True)


if __name__ == "__main__":
    main()
