"""Stage 7: the live preview (``build_site.py serve``).

One process does everything, so there is no child to leave behind and nothing to restart:

- it builds with the same function as ``build`` (companion.cli.build), keeping per-article
  results in memory between edits and rendering the changed pages with MkDocs in-process;
- it serves ``site/`` on 127.0.0.1, adding to each HTML page a small script that asks the
  server, twice a second, whether a new build is ready (then the page reloads) or whether the
  last build failed (then the page shows the problems, with their ``file:line``, over the page
  until they are fixed);
- it watches ``articles/``, ``docs/``, ``mkdocs.yml`` and ``overrides/`` for changes.

SIGINT and SIGTERM stop the watcher and the server and free the port.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import json
import logging
import signal
import sys
import threading
import time
from pathlib import Path

from . import sitebuild
from .writer import read_manifest

log = logging.getLogger(__name__)

POLL_SECONDS = 0.2  # how often the watcher looks at the inputs
STATUS_PATH = "/__rc/status"
SCRIPT_PATH = "/__rc/live.js"
# Shown over the page while the last build failed; text only (textContent), never HTML.
LIVE_SCRIPT = """\
(function () {
  var version = null, overlay = null;
  function show(lines) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "rc-live-problems";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:10000;overflow:auto;padding:2rem;" +
        "background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 monospace;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "build_site.py: this page is out of date until these problems are fixed\\n\\n" + lines.join("\\n");
  }
  function poll() {
    fetch("/__rc/status", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (version === null) version = s.version;
      if (s.version !== version) { location.reload(); return; }
      if (s.problems.length) show(s.problems);
      else if (overlay) { overlay.remove(); overlay = null; }
    }).catch(function () {}).then(function () { setTimeout(poll, 500); });
  }
  poll();
})();
"""


class Preview:
    """The state shared by the watcher and the server: the build version and the last problems."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.memory: dict = {}
        self.version = 0
        self.problems: list[str] = []
        self.building = False
        self.lock = threading.Lock()

    def rebuild(self) -> bool:
        """Build as ``build`` does; on failure keep the site and remember what to show."""
        from .cli import build

        output = _Tee(sys.stderr)
        self.building = True
        try:
            with contextlib.redirect_stderr(output):
                status = build(self.root, memory=self.memory, render=sitebuild.render_in_process)
        finally:
            self.building = False
        with self.lock:
            if status == 0:
                self.problems = []
                self.version += 1
            else:
                self.problems = [line for line in output.getvalue().splitlines() if line.strip()]
        return status == 0

    def status(self) -> bytes:
        """The JSON the page's script polls."""
        with self.lock:
            return json.dumps({"version": self.version, "problems": self.problems}).encode()


class _Tee(io.StringIO):
    """Text written here is kept and also passed on (the terminal shows what the browser shows)."""

    def __init__(self, stream) -> None:
        super().__init__()
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(text)
        return super().write(text)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves site/; adds the live script to HTML pages and answers the status poll."""

    preview: Preview

    def log_message(self, *args) -> None:  # requests are noise in the maintainer's terminal
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 - http.server's API
        path = self.path.split("?", 1)[0]
        if path == STATUS_PATH:
            return self._send(self.preview.status(), "application/json")
        if path == SCRIPT_PATH:
            return self._send(LIVE_SCRIPT.encode(), "text/javascript")
        target = Path(self.translate_path(self.path))
        if target.is_dir() or path.endswith("/"):
            target = target / "index.html"
        if target.suffix == ".html" and (target.is_file() or self.preview.problems):
            # Before a first successful build there is no page: an empty one still shows the problems.
            page = target.read_bytes() if target.is_file() else b"<!doctype html><title>Preview</title><body></body>"
            tag = f'<script src="{SCRIPT_PATH}"></script>'.encode()
            at = page.rfind(b"</body>")
            return self._send(page[:at] + tag + page[at:] if at >= 0 else page + tag, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def watched_files(root: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of every input of a build (a change to any triggers one).

    Pages the generator wrote into docs/ are outputs, not inputs, and are left out.
    """
    generated = set(read_manifest(root / "docs"))
    stamps = {}
    for folder in ("articles", "docs", "overrides"):
        base = root / folder
        if base.is_dir():
            for path in base.rglob("*"):
                if not path.is_file() or path.name.startswith("."):
                    continue
                rel = path.relative_to(base).as_posix()
                if folder == "docs" and rel in generated:
                    continue
                stat = path.stat()
                stamps[f"{folder}/{rel}"] = (stat.st_mtime_ns, stat.st_size)
    config = root / "mkdocs.yml"
    if config.is_file():
        stamps["mkdocs.yml"] = (config.stat().st_mtime_ns, config.stat().st_size)
    return stamps


def serve(root: Path, port: int) -> int:
    """Build, serve site/ on 127.0.0.1:``port`` and rebuild on every change, until interrupted."""
    handler = functools.partial(_Handler, directory=str(root / "site"))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        print(f"build_site.py serve: cannot listen on 127.0.0.1:{port} ({exc.strerror}); "
              f"choose another port with --port", file=sys.stderr)
        return 1
    preview = Preview(root)
    _Handler.preview = preview
    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()
        if preview.building:  # abandon the build: it is fail-safe, and its workers are ended
            raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    try:
        preview.rebuild()
        (root / "site").mkdir(exist_ok=True)
        thread.start()
        print(f"serving http://127.0.0.1:{port}/ (Ctrl+C to stop)", file=sys.stderr)
        stamps = watched_files(root)
        while not stop.wait(POLL_SECONDS):
            current = watched_files(root)
            if current != stamps:
                changed = sorted(k for k in set(current) | set(stamps) if current.get(k) != stamps.get(k))
                print(f"changed: {', '.join(changed[:5])}{' …' if len(changed) > 5 else ''}", file=sys.stderr)
                started = time.perf_counter()
                if preview.rebuild():
                    print(f"rebuilt in {time.perf_counter() - started:.2f} s", file=sys.stderr)
                # What the build itself wrote into docs/ must not trigger another build.
                stamps = watched_files(root)
    finally:
        server.shutdown()
        server.server_close()
        for sig, handler_ in previous.items():
            signal.signal(sig, handler_)
    print("stopped", file=sys.stderr)
    return 0
