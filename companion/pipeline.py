"""Load, check and render everything in memory: the "gather all data first" half of a build."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from pathlib import Path

from . import safe_markdown
from .links import resolve_links
from .load import get_corpus
from .model import Corpus
from .problems import Problems
from .render import get_outputs, render_corpus
from .siteconfig import get_site_config
from .timeline import check_timeline, get_entries


@dataclasses.dataclass(frozen=True)
class Gathered:
    """The result of reading and checking: the corpus, its rendered pages and every problem."""

    corpus: Corpus
    outputs: dict[str, bytes]
    problems: Problems


@contextlib.contextmanager
def _fewer_collections():
    """Run the cyclic garbage collector less often while gathering, then restore its settings.

    Gathering builds millions of small objects that live until the end (tokens, notes, pages)
    and makes almost no reference cycles; at the default threshold the collector keeps
    rescanning them, which grows faster than the corpus (about a tenth of the time at 2,000
    articles in benchmarks/bench_build.py).
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def gather(root: Path, workers: int | None = None) -> Gathered:
    """Read ``articles/``, anchor every note and render every page; write nothing.

    ``workers`` caps the processes that render articles (default: every core; 1: in-process).
    """
    with _fewer_collections():
        try:
            return _gather(root, workers)
        finally:
            safe_markdown.forget_renders()


def _gather(root: Path, workers: int | None) -> Gathered:
    problems = Problems()
    corpus = get_corpus(root, problems)
    links = resolve_links(corpus, problems)
    check_timeline(corpus, problems)
    rendered = render_corpus(corpus, links, problems, workers)
    site = get_site_config(root)
    outputs = get_outputs(corpus, rendered, links, get_entries(corpus), site, workers) if not problems.errors else {}
    return Gathered(corpus, outputs, problems)
