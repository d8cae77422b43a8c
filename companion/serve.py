"""The live preview (``build_site.py serve``).

One process does everything, so there is no child to leave behind and nothing to restart:

- it is handed a ``builder`` (the command line gives it companion.build.build, keeping
  per-article results in memory between edits and rendering the changed pages with MkDocs
  in-process) and imports nothing of the command line or the build;
- it serves ``site/`` on 127.0.0.1, adding to each HTML page a small script that keeps one
  request open to the server (long polling: answered as soon as a build is done, else after
  ``LONG_POLL_SECONDS``), to learn whether a new build changed the page (then it reloads) or
  whether the last build failed (then the page shows the problems, with their ``file:line``,
  over the page until they are fixed);
- it watches every file input that companion.inputs declares (``articles/``, ``companion.yml``,
  ``mkdocs.yml``, the hand-written pages of ``docs/``, the theme overrides) for changes,
  looking every ``POLL_SECONDS``.

What it has to tell the maintainer goes through the ``say`` callback the command line gives it.

SIGINT and SIGTERM stop the watcher and the server and free the port.
"""

from __future__ import annotations

import functools
import http.server
import json
import signal
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from . import sitebuild
from .inputs import watched_paths
from .writer import read_manifest

if TYPE_CHECKING:
    from .build import BuildResult

    # Builds (the article pages only, when asked) and returns the result with the lines the
    # command line prints for it: the problems, then what was written.
    Builder = Callable[[bool], tuple[BuildResult, list[str]]]

POLL_SECONDS = 0.2  # how often the watcher looks at the inputs
LONG_POLL_SECONDS = 20  # how long a page's status request may wait for news
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
  var seen = 0;
  function poll() {
    // Long polling: the server answers as soon as a build is done (or after a while with no news).
    var url = "/__rc/status?path=" + encodeURIComponent(location.pathname) +
      (version === null ? "" : "&wait=1&since=" + version + "&seen=" + seen);
    fetch(url, {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (s.reload) { location.reload(); return; }
      version = s.version;
      seen = s.problems.length;
      if (s.problems.length) show(s.problems);
      else if (overlay) { overlay.remove(); overlay = null; }
      setTimeout(poll, 0);
    }).catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"""


class Preview:
    """The state shared by the watcher and the server: the build version, what changed, the last problems."""

    def __init__(self, root: Path, builder: Builder, say: Callable[[str], None]) -> None:
        self.root = root
        self.builder = builder
        self.say = say
        self.version = 0
        self.changes: list[tuple[int, set[str] | None]] = []  # (version, site paths changed; None: all)
        self.problems: list[str] = []
        self.building = False
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)  # notified whenever version or problems change

    def rebuild(self, pages_first: bool = False) -> bool:
        """Build as ``build`` does; on failure keep the site and remember what to show.

        With ``pages_first`` the article pages come first, so the page being edited refreshes
        as soon as it is ready; the pages that gather the corpus (timeline, search index,
        disagreements) follow in a second, complete build.
        """
        passes = [True, False] if pages_first else [False]
        started = time.perf_counter()
        for pages_only in passes:
            self.building = True
            try:
                result, lines = self.builder(pages_only)
            finally:
                self.building = False
            for line in lines:  # the terminal shows what the browser shows
                self.say(line)
            with self.lock:
                self.changed.notify_all()
                if not result.ok:
                    self.problems = [line for line in lines if line.strip()]
                    return False
                self.problems = []
                site_changed = result.plan is not None and result.plan.kind != "nothing"
                if site_changed or not self.version:
                    self.version += 1
                    self.changes.append((self.version, _changed_paths(result.plan) if site_changed else None))
                    del self.changes[:-50]
            what = "article pages" if pages_only else "everything"
            self.say(f"{what} up to date {time.perf_counter() - started:.2f} s after the change")
        return True

    def status(self, since: int | None, path: str, seen: int = 0, wait: float = 0.0) -> bytes:
        """The JSON the page's script asks for: reload when a build since ``since`` changed ``path``.

        With ``wait``, the answer waits (long polling) until something changes: a new build, or
        problems appearing or going (``seen`` is how many the page shows), so the page refreshes
        the moment its build is done.
        """
        with self.lock:
            def answer():
                changed = [paths for version, paths in self.changes if since is not None and version > since]
                return any(paths is None or path in paths for paths in changed), len(self.problems) != seen

            if wait and since is not None:
                self.changed.wait_for(lambda: any(answer()) or self.version > since, timeout=wait)
            reload, _ = answer()
            return json.dumps({"version": self.version, "reload": reload, "problems": self.problems}).encode()


def _changed_paths(plan) -> set[str] | None:
    """The site paths (as the browser asks for them) a build changed; None when it rebuilt everything."""
    if plan.kind != "partial":
        return None
    paths = set()
    for rel in plan.changed:
        out = sitebuild.output_path(rel)
        paths.add("/" + out.removesuffix("index.html"))
    return paths


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves site/; adds the live script to HTML pages and answers the status poll."""

    preview: Preview

    def log_message(self, *args) -> None:  # requests are noise in the maintainer's terminal
        pass

    def handle_one_request(self) -> None:  # noqa: D102 - http.server's API
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError):  # the browser went away mid-answer: nothing to report
            self.close_connection = True

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 - http.server's API
        path, _, query = self.path.partition("?")
        if path == STATUS_PATH:
            params = {key: values[0] for key, values in urllib.parse.parse_qs(query).items()}
            since, seen = params.get("since", ""), params.get("seen", "0")
            return self._send(self.preview.status(int(since) if since.isdigit() else None, params.get("path", "/"),
                                                  int(seen) if seen.isdigit() else 0, LONG_POLL_SECONDS if "wait" in params else 0),
                              "application/json")
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
    """Size and modification time of every file input of a build (companion.inputs.watched_paths).

    Pages the generator wrote into docs/ are outputs, not inputs, and are left out.
    """
    generated = {f"docs/{rel}" for rel in read_manifest(root / "docs")}
    stamps = {}
    for base in watched_paths(root):
        paths = base.rglob("*") if base.is_dir() else [base]
        for path in paths:
            if not path.is_file() or path.name.startswith("."):
                continue
            rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
            if rel not in generated:
                stat = path.stat()
                stamps[rel] = (stat.st_mtime_ns, stat.st_size)
    return stamps


def serve(root: Path, port: int, builder: Builder, say: Callable[[str], None]) -> int:
    """Build with ``builder``, serve site/ on 127.0.0.1:``port`` and rebuild on every change, until interrupted.

    Returns the exit status; every line for the maintainer goes to ``say``.
    """
    handler = functools.partial(_Handler, directory=str(root / "site"))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        say(f"build_site.py serve: cannot listen on 127.0.0.1:{port} ({exc.strerror}); "
            f"choose another port with --port")
        return 1
    preview = Preview(root, builder, say)
    _Handler.preview = preview
    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()
        if preview.building:  # abandon the build: it is fail-safe, and its workers are ended
            raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    try:
        # The inputs as a build is about to read them: an edit saved while it runs is seen next time.
        # (What the build itself writes into docs/ is listed in the manifest, and never counts.)
        stamps = watched_files(root)
        preview.rebuild()
        (root / "site").mkdir(exist_ok=True)
        thread.start()
        say(f"serving http://127.0.0.1:{port}/ (Ctrl+C to stop)")
        while not stop.wait(POLL_SECONDS):
            current = watched_files(root)
            if current != stamps:
                changed = sorted(k for k in set(current) | set(stamps) if current.get(k) != stamps.get(k))
                say(f"changed: {', '.join(changed[:5])}{' …' if len(changed) > 5 else ''}")
                stamps = current
                preview.rebuild(pages_first=True)
    finally:
        server.shutdown()
        server.server_close()
        for sig, handler_ in previous.items():
            signal.signal(sig, handler_)
    say("stopped")
    return 0
