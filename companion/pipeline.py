"""Load, check and render everything in memory: the "gather all data first" half of a build."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from pathlib import Path

from . import safe_markdown
from .cache import Cache
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


def gather(root: Path, workers: int | None = None, use_cache: bool = True, memory: dict | None = None) -> Gathered:
    """Read ``articles/``, anchor every note and render every page; write nothing but the cache.

    ``workers`` caps the processes that render articles (default: every core; 1: in-process).
    With ``use_cache``, per-article results are kept in ``.companion-cache/`` (see companion.cache),
    and in ``memory`` too when a long-running command gives one.
    """
    cache = Cache(root if use_cache else None, memory if use_cache else None)
    with _fewer_collections():
        try:
            gathered = _gather(root, workers, cache)
        finally:
            safe_markdown.forget_renders()
    if gathered.outputs:  # a complete run: what it did not use is no longer needed
        cache.prune()
    return gathered


def _gather(root: Path, workers: int | None, cache: Cache) -> Gathered:
    problems = Problems()
    corpus = get_corpus(root, problems, cache)
    links = resolve_links(corpus, problems)
    check_timeline(corpus, problems)
    entries = get_entries(corpus)
    site = get_site_config(root)
    rendered, pages = render_corpus(corpus, links, entries, site, problems, workers, cache)
    outputs = get_outputs(corpus, rendered, pages, links, entries, site) if not problems.errors else {}
    return Gathered(corpus, outputs, problems)
