"""What the tests share, importable from any test module: the one corpus builder, the CLI, a server.

The generator's tests build the projects they need here (``write_project``), from small
inline files or from the invented companion of ``invented_companion``, never from the
shipped ``articles/``: a teacher who replaces ``articles/`` with their own companion keeps
the generator's tests green. Only ``tests/build/test_this_companion.py`` and the gates (which open
the pages the current companion has) read ``articles/``.
"""

from __future__ import annotations

import functools
import http.server
import io
import json
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

from companion.cli import main
from companion.model import Corpus
from companion.pipeline import gather
from companion.problems import Problems
from companion.writer import read_manifest

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = Path(__file__).parent / "fixtures" / "seeds"

# The browser tiers' Chromium (Debian's; Playwright never downloads one), screenshots, viewports.
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = PROJECT / "test-artifacts"
WIDE = {"width": 1440, "height": 900}
NARROW = {"width": 390, "height": 844}


def FUZZ_EXAMPLES(count: int) -> int:  # noqa: N802 - reads as the constant it is within one run
    """How many random examples a property test draws: ``count`` in the suite, ten times more in `long`.

    The profiles themselves are registered in tests/conftest.py, before any test module loads.
    """
    return count * 10 if settings.default is settings.get_profile("long") else count

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

# Notes and an event for ARTICLE that the search tests of the build and browser tiers share:
# a fact-check, a prediction and a bare anchor.
SEARCH_NOTES = """\
notes:
  - id: rebalance
    quote: rebalance
    kind: fact-check
    verdict: misleading
    note: The sanctions on *Iran* were not lifted.
  - id: emphasis
    quote: some emphasis here
    kind: prediction
    outcome: did-not-happen
    note: A forecast about tariffs.
  - id: anchor-only
    quote: a link
"""
SEARCH_TIMELINE = """\
events:
  - {id: summit, date: 2019-06-28, title: The Osaka summit of the G20, note: Leaders met on tariffs.}
"""

HAND_WRITTEN = ("index.md", "about.md", "guide.md")  # the hand-written pages link to each other


def write_project(root: Path, files: dict[str, str | bytes], *, policy: bool = False) -> Path:
    """Create a minimal project (mkdocs.yml, overrides, hand-written docs) plus the given files.

    ``policy=True`` also copies the shipped ``companion.yml`` (the editorial policy), unless
    ``files`` brings its own.
    """
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(PROJECT / "overrides", root / "overrides", dirs_exist_ok=True)
    if policy and (PROJECT / "companion.yml").is_file():
        (root / "companion.yml").write_text(shipped_policy(), encoding="utf-8")
    for page in HAND_WRITTEN:
        shutil.copy(PROJECT / "docs" / page, root / "docs" / page)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content) if content.startswith("\n") else content, encoding="utf-8")
    return root


def shipped_policy() -> str:
    """The shipped companion.yml's editorial policy alone: its other settings (the reading paths)
    name the shipped articles, which an invented companion does not have."""
    data = yaml.safe_load((PROJECT / "companion.yml").read_text(encoding="utf-8"))
    return yaml.safe_dump({"policy": data["policy"]}, sort_keys=False, allow_unicode=True)


def copy_this_companion(root: Path) -> Path:
    """A copy of the current project's companion: ``articles/``, its policy, settings and hand-written pages."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(PROJECT / "articles", root / "articles")
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    if (PROJECT / "companion.yml").is_file():
        shutil.copy(PROJECT / "companion.yml", root / "companion.yml")
    shutil.copytree(PROJECT / "overrides", root / "overrides")
    (root / "docs").mkdir()
    generated = read_manifest(PROJECT / "docs")
    for page in (PROJECT / "docs").glob("*.md"):
        if page.name not in generated:  # only the hand-written pages; the build writes the rest
            shutil.copy(page, root / "docs" / page.name)
    return root


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


def build(root: Path, *options: str) -> Path:
    """Build ``root`` (failing with the command's output if it does not build) and return its site."""
    result = run_cli(root, "build", *options)
    assert result.status == 0, result.err
    return root / "site"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


def load_corpus(root: Path) -> tuple[Corpus, Problems]:
    """``root``'s checked model and its problems, read as a build reads them (pipeline.gather,
    in this process, with no cache: nothing is written into ``root``)."""
    gathered = gather(root, workers=1, use_cache=False)
    return gathered.corpus, gathered.problems


@contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 (a free port) while the block runs; yields the base URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


# --- An invented companion -------------------------------------------------------------------
#
# Articles about an invented town, Eastbrook, and its bridge, with every note kind, verdict and
# outcome, links of every type, corrections, an unchecked claim, republication and timeline
# events. It meets the shipped editorial policy (companion.yml) with no warning, so it can also
# stand in for the shipped articles in a copy of the project. No claim in it is about the world.

TOWNS = ["Eastbrook", "Westmere", "Northfold", "Southby", "Amberley", "Carrowdale"]
PUBLISHED = ["2019-08", "2020-03-14", "2021", "2022-06", "2023-01-09", "2024"]
OUTCOMES = [("came-true", "2021-05-02"), ("did-not-happen", "2024-02"), ("partly", "2025"), ("pending", None),
            ("came-true", "2025-03"), ("pending", None)]
VERDICTS = ["accurate", "minor-error", "misleading", "inaccurate", "unverified", "outdated"]


def invented_slug(i: int) -> str:
    return f"{TOWNS[i].lower()}-bridge-toll"


def _source(title: str, path: str, later: bool = False) -> str:
    extra = ", reports_later_events: true" if later else ""
    return f'      - {{title: "{title}", publisher: The Invented Gazette, url: "https://example.org/{path}"{extra}}}\n'


def _article(i: int, *, republished: bool) -> str:
    town = TOWNS[i]
    author = "author: null\noutlet: null\n" if i == 2 else f"author: Writer {town}\noutlet: The {town} Courier\n"
    origin = (f"republished:\n  - outlet: The Invented Weekly\n    date: {'2019-08-23' if i == 0 else PUBLISHED[i]}\n"
              f"    url: https://example.org/weekly/{i}\n") if republished else ""
    return (
        f"---\ntitle: The {town} bridge toll and what comes next\n{author}published: {PUBLISHED[i]}\n"
        f"url: https://example.org/courier/{i}\n{origin}"
        f"summary: The author argues that the {town} bridge toll was set in haste. "
        f"The article predicts that the toll will double and asks for a better plan.\n"
        f"provenance: An invented op-ed from an invented paper in {town}, written for the test suite.\n"
        f"provenance_sources:\n  - title: The {town} Courier archive\n    url: https://example.org/courier\n"
        f"key_claims: [vote, toll-double, freight]\n---\n\n"
        f"The council of {town} voted to raise the bridge toll last spring. Critics called the vote "
        f"“rushed” and said it ignored the ferry. The bridge opened in 1961 and carries 40,000 cars a day.\n\n"
        f"The toll will double within five years, the author predicts. Freight traffic across the bridge fell "
        f"by a third last winter, according to the *harbour office*.\n\n"
        f"A levy, in local usage, means any charge set by the council. The figures come from the harbour "
        f"office's annual report. Residents of {town} deserve a better plan, and officials said talks would go on.\n"
    )


def _notes(i: int, n: int, *, links: bool, corrections: bool) -> str:
    town = TOWNS[i]
    outcome, resolved = OUTCOMES[i % len(OUTCOMES)]
    text = (
        "notes:\n"
        f"  - id: vote\n    quote: voted to raise the bridge toll\n    kind: context\n"
        f"    note: The council of {town} met twice before the vote; both sessions were public.\n"
        f"    sources:\n" + _source(f"Council minutes, {town}", f"minutes/{i}") +
        f"  - id: rushed\n    quote: Critics called the vote “rushed”\n    kind: fact-check\n    verdict: {VERDICTS[i % 6]}\n"
        f"    note: Two councillors used the word in the debate, *as the minutes record*.\n"
        f"    sources:\n" + _source("Debate record", f"debate/{i}") +
        f"  - id: cars\n    quote: carries 40,000 cars a day\n    kind: fact-check\n    verdict: {VERDICTS[(i + 3) % 6]}\n"
        f"    note: The traffic count of the harbour office gives 38,500 cars a day.\n"
        f"    sources:\n" + _source("Traffic count", f"traffic/{i}") +
        f"  - id: freight\n    quote: Freight traffic across the bridge fell by a third\n    kind: fact-check\n"
        f"    verdict: {VERDICTS[(i + 2) % 6]}\n"
        f"    note: Freight fell by a quarter, not a third, over that winter.\n"
        f"    sources:\n" + _source("Freight figures", f"freight/{i}") +
        f"  - id: toll-double\n    quote: The toll will double within five years\n    kind: prediction\n"
        f"    outcome: {outcome}\n" + (f"    resolved: {resolved}\n" if resolved else "") +
        f"    note: A forecast about the {town} toll, checked against later council decisions.\n"
        f"    sources:\n" + _source("Later toll decision", f"later/{i}", later=True) +
        f"  - id: levy\n    quote: A levy, in local usage\n    kind: definition\n"
        f"    note: In {town}'s by-laws a levy is any charge the council sets by vote.\n"
        f"    sources:\n" + _source("By-laws", f"bylaws/{i}") +
        f"  - id: report\n    quote: The figures come from the harbour office's annual report\n    kind: source\n"
        f"    note: The annual report is published each March.\n"
        f"  - id: plan\n    quote: deserve a better plan\n    kind: context\n"
        f"    note: Three plans were put to the council in {town}; none was adopted.\n"
        f"    sources:\n" + _source("Plans put to the council", f"plans/{i}") +
        "  - id: ferry\n    quote: ignored the ferry\n"
    )
    if links and n > 1 and not (n == 2 and i == 1):  # with two articles, the first declares both links
        j = (i + 1) % n
        if j != i:
            text += ("links:\n"
                     f"  - id: toll-forecasts-{i}\n    from: toll-double\n    to: {invented_slug(j)}#toll-double\n"
                     "    type: contradicts\n"
                     f"    topic: future-of-the-toll\n"
                     f"    note: The two authors disagree about how fast the toll will rise in the coming years.\n"
                     f"  - from: freight\n    to: {invented_slug(j)}#freight\n    type: {('supports', 'qualifies')[i % 2]}\n"
                     f"    note: Both articles rest on the same freight figures of the harbour office that winter.\n")
    if i % 3 != 2:  # some articles have no questions
        linked = links and n > 1 and not (n == 2 and i == 1)
        text += ("questions:\n"
                 f"  - question: What would the council of {town} need to know *before* raising the toll again?\n"
                 "    about: [vote, plan]\n"
                 + (f"  - question: Which forecast of the toll fits the later decisions better?\n"
                    f"    about: [toll-forecasts-{i}]\n" if linked else "")
                 + "  - question: Who is this article written for?\n")
    if corrections and i < 2:
        text += ("corrections:\n"
                 f"  - date: 2026-0{i + 5}-01\n    note: The note on freight gave the wrong *winter*; fixed.\n"
                 f"    notes: [freight]\n")
        if i == 0:
            text += "  - date: 2026-01-15\n    note: A source address was corrected.\n"
    if i == 1:
        text += ("unchecked:\n  - quote: officials said talks would go on\n"
                 "    reason: \"not checkable: the article names no official\"\n")
    return text


def _timeline(n: int) -> str:
    lines = ["events:\n"]
    for i in range(n):
        lines.append(
            f"  - id: {TOWNS[i].lower()}-vote\n    date: {PUBLISHED[i][:4]}-0{i % 9 + 1}\n"
            f"    title: The council of {TOWNS[i]} votes on the bridge toll\n"
            f"    note: The vote the article of {TOWNS[i]} discusses.\n"
            f"    sources:\n" + _source(f"Vote in {TOWNS[i]}", f"vote/{i}").replace("      -", "      -", 1) +
            f"    claims: [\"{invented_slug(i)}#vote\"]\n")
    lines.append("  - id: bridge-opens\n    date: 1961\n    approximate: true\n    title: The first bridge opens\n"
                 "    sources:\n" + _source("The bridge at fifty", "bridge") +
                 "  - id: ferry-strike\n    start: 2018-11\n    end: 2019-01\n    title: The ferry crews strike\n"
                 "    sources:\n" + _source("Ferry strike", "strike") + "\n")
    return "".join(lines).replace("\n      - {", "\n      - {")


def invented_companion(articles: int = 3, *, links: bool = True, events: bool = True,
                       corrections: bool = True, republished: bool = True, paths: bool = False) -> dict[str, str]:
    """The files of an invented companion with ``articles`` articles (1 to 6), for ``write_project``.

    ``events=False`` gives a timeline file with no events (``events: []``). ``paths=True`` adds a
    companion.yml with the shipped policy and two reading paths (:func:`_paths`).
    """
    assert 1 <= articles <= len(TOWNS)
    files = {}
    for i in range(articles):
        files[f"articles/{invented_slug(i)}.md"] = _article(i, republished=republished and i != 1)
        files[f"articles/{invented_slug(i)}.notes.yml"] = _notes(i, articles, links=links, corrections=corrections)
    files["articles/timeline.yml"] = _timeline(articles) if events else "events: []\n"
    if paths and articles > 1:
        files["companion.yml"] = shipped_policy() + _paths(articles)
    return files


def _paths(n: int) -> str:
    """Two reading paths: every article in turn, then the toll forecasts claim by claim, the last article first."""
    every = "".join(f"      - read: {invented_slug(i)}\n        guidance: What does {TOWNS[i]} decide, and why?\n"
                    for i in range(n))
    forecasts = "".join(f"      - read: {invented_slug(i)}#toll-double\n        guidance: Before the *note*, will it double?\n"
                        for i in reversed(range(n)))
    return ("paths:\n"
            "  - id: every-town\n    title: Every town in turn\n    introduction: The towns, *one article* at a time.\n"
            "    steps:\n" + every +
            "  - id: toll-forecasts\n    title: The toll forecasts\n    introduction: One forecast per town.\n"
            "    steps:\n" + forecasts)


def replace_articles(root: Path, files: dict[str, str]) -> Path:
    """In a copy of the project at ``root``, swap ``articles/`` for the given files, as a teacher would
    (and the reading paths, which name articles, for theirs or none)."""
    shutil.rmtree(root / "articles")
    (root / "articles").mkdir()
    (root / "companion.yml").write_text(shipped_policy(), encoding="utf-8")
    for rel, text in files.items():
        (root / rel).write_text(text, encoding="utf-8")
    return root


# --- Pages chosen by their shape ----------------------------------------------------------------
#
# The gates open the pages the current companion has. An article is chosen by what it holds (the
# first, in slug order, with links, a prediction, …), never by name; when no article has the
# shape, the gate that needs it is skipped with the reason.

class Shapes:
    """What a companion's pages hold, from its loaded model."""

    def __init__(self, root: Path = PROJECT) -> None:
        from companion.links import resolve_links
        from companion.search import terms

        self.corpus, problems = load_corpus(root)
        self.links = resolve_links(self.corpus, problems)
        self.slugs = [a.slug for a in self.corpus.articles]
        self.fact_checks = [(a.slug, n) for a in self.corpus.articles for n in a.notes if n.kind == "fact-check"]
        self.predictions = [(a.slug, n) for a in self.corpus.articles for n in a.notes if n.kind == "prediction"]
        self.corrections = [(a.slug, c) for a in self.corpus.articles for c in a.corrections]
        words = [t for _, n in self.fact_checks for t in terms(n.text or "") if len(t) >= 5 and t.isalpha()]
        self.query = words[0] if words else None  # a word that finds at least one fact-check

    def first_article(self, shape: str) -> str | None:
        """The first article (slug order) that has ``shape``: any, links, prediction, fact-check, correction."""
        have = {"any": set(self.slugs),
                "links": {slug for link in self.links for slug, _ in link.ends},
                "prediction": {slug for slug, _ in self.predictions},
                "fact-check": {slug for slug, _ in self.fact_checks},
                "correction": {slug for slug, _ in self.corrections}}[shape]
        return next((slug for slug in self.slugs if slug in have), None)

    def page(self, kind: str) -> tuple[str | None, str]:
        """The path of the page of ``kind`` and, when the companion has none worth checking, why."""
        article = self.first_article("any")
        path = self.corpus.paths[0] if self.corpus.paths else None
        pages = {
            "home": ("", ""), "articles index": ("articles/", ""), "about": ("about/", ""),
            "reading guide": ("guide/", ""), "corrections": ("corrections/", ""), "search open": ("", ""),
            "timeline": ("timeline/", ""),
            "article": (f"articles/{article}/" if article else None, "the companion has no article"),
            "article with links": (f"articles/{self.first_article('links')}/" if self.links else None,
                                   "no article of the companion has a cross-link"),
            "article with corrections": (f"articles/{self.first_article('correction')}/" if self.corrections
                                         else None, "no article of the companion has a correction"),
            "disagreements": ("disagreements/", ""), "scorecard": ("scorecard/", ""),  # an empty state at worst
            "disagreements with pairs": ("disagreements/" if self.links else None, "the companion has no cross-link"),
            "scorecard with rows": ("scorecard/" if self.predictions else None, "the companion has no prediction"),
            "search": (f"search/?q={self.query}&kind=fact-check" if self.query else None,
                       "the companion has no fact-check to search for"),
            "teachers": ("teachers/", ""),
            "handout": (f"handouts/{article}/" if article else None, "the companion has no article"),
            "reading paths": ("paths/", ""),  # an empty state at worst
            "reading path": (f"paths/{path.id}/" if path else None, "the companion has no reading path"),
            "article on a path": (f"articles/{path.steps[1].slug}/?path={path.id}&step=2" if path else None,
                                  "the companion has no reading path"),
        }
        return pages[kind]


# --- Session fixtures the build and browser tiers share (their conftests import them) ----------

class Invented:
    """A built invented companion: its project root, its site and its checked model."""

    def __init__(self, root: Path) -> None:
        self.root, self.site = root, build(root)
        self.corpus, problems = load_corpus(root)
        assert problems.errors == []


@pytest.fixture(scope="session")
def invented(tmp_path_factory) -> Invented:
    """The invented companion (three linked articles, corrections, events), built once."""
    root = tmp_path_factory.mktemp("invented") / "project"
    return Invented(write_project(root, invented_companion(3, paths=True), policy=True))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The current companion (whatever articles/ holds), built once into a temporary copy.

    Only the gates and test_this_companion.py use it; the generator's tests use ``invented``.
    """
    return build(copy_this_companion(tmp_path_factory.mktemp("real") / "project"))


# --- The preview, as a process: the serve tests of the build and browser tiers -----------------

PREVIEW_NOTES = """\
notes:
  - id: rebalance
    quote: rebalance
    kind: prediction
    outcome: pending
    note: A prediction about rebalancing.
"""


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_get(url: str) -> bytes:
    """The body at ``url``."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def wait_for(predicate, seconds: float = 60):
    """``predicate()`` once it is truthy (an OSError counts as not yet); fails after ``seconds``."""
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


@contextmanager
def run_preview(root: Path):
    """``build_site.py serve`` on ``root`` in a process of its own, once it has built; yields
    (root, base URL, process) and kills the process after the block."""
    port = free_port()
    process = subprocess.Popen([sys.executable, str(PROJECT / "build_site.py"), "--root", str(root), "serve",
                                "--port", str(port)], stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: json.loads(http_get(base + "/__rc/status"))["version"] >= 1)
        yield root, base, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
