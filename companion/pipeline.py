"""Load, check and render everything in memory: the "gather all data first" half of a build."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from pathlib import Path

from . import safe_markdown
from .aggregates import get_outputs
from .cache import Cache
from .links import resolve_links
from .load import (
    ARTICLES_DIR,
    TIMELINE_FILE,
    article_key,
    assemble_corpus,
    find_article_files,
    load_pair,
    load_timeline,
    timeline_key,
)
from .model import Corpus
from .parallel import map_in_order
from .paths import check_paths, load_paths
from .placing import anchor_article
from .policy import check_policy, get_policy, read_companion_file
from .problems import Problems
from .questions import check_questions
from .render import render_pages
from .siteconfig import check_site_config, get_site_config
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


def gather(root: Path, workers: int | None = None, use_cache: bool = True, memory: dict | None = None,
           pages_only: bool = False) -> Gathered:
    """Read ``articles/``, anchor every note and render every page; write nothing but the cache.

    ``workers`` caps the processes that render articles (default: every core; 1: in-process).
    With ``use_cache``, per-article results are kept in ``.companion-cache/`` (see companion.cache),
    and in ``memory`` too when a long-running command gives one. With ``pages_only``, everything
    is checked but only the article pages are made: the preview shows an edit with them first.
    """
    cache = Cache(root if use_cache else None, memory if use_cache else None)
    with _fewer_collections():
        try:
            gathered = _gather(root, workers, cache, pages_only)
        finally:
            safe_markdown.forget_renders()
    if gathered.outputs and not pages_only:  # a complete run: what it did not use is no longer needed
        cache.prune()
    return gathered


def _gather(root: Path, workers: int | None, cache: Cache, pages_only: bool = False) -> Gathered:
    problems = Problems()
    # Phase one, article by article over the workers: load and check its two files, render its
    # body, anchor its notes and mark their places. It needs nothing from other articles.
    files = find_article_files(root, problems)
    prepared, (events, found) = _phase_one(root, files, workers, cache)
    problems.extend(found)
    articles, broken, placed = [], [], {}
    for rel, (article, placement, found, renders) in zip(files, prepared, strict=True):
        problems.extend(found)
        safe_markdown.remember_renders(renders)
        if article is None:
            broken.append(Path(rel).stem)
            continue
        articles.append(article)
        if placement is not None:
            placed[article.slug] = placement
    del prepared  # what is still needed is in articles and placed
    settings = read_companion_file(root, problems)
    corpus = assemble_corpus(articles, broken, events, load_paths(settings, problems))
    # Then what crosses articles: links, the timeline's claims, the reading paths' steps.
    links = resolve_links(corpus, problems)
    check_questions(corpus, links, problems)
    check_timeline(corpus, problems)
    check_paths(corpus, corpus.paths, problems)
    check_policy(corpus, get_policy(settings, problems), problems)
    check_site_config(root, problems)
    if problems.errors:  # every problem is known now; nothing is rendered or written
        return Gathered(corpus, {}, problems)
    # Phase two, again over the workers: each article's page, with its link entries.
    entries = get_entries(corpus)
    site = get_site_config(root)
    rendered, pages = render_pages(corpus, placed, links, entries, site, workers, cache, timeline_key(cache, root) or "")
    # The placed bodies are inside the pages now. Let them go before the aggregate pages are
    # made: at 2,000 articles they are about a seventh of the peak memory.
    placed.clear()
    if pages_only:
        return Gathered(corpus, {f"articles/{slug}.md": page for slug, page in pages.items()}, problems)
    return Gathered(corpus, get_outputs(corpus, rendered, pages, links, entries, site, workers, cache), problems)


TIMELINE = -1  # phase one's item for the timeline file, beside the article files


def _phase_one(root: Path, files: list[str], workers: int | None, cache: Cache) -> tuple[list[tuple], tuple]:
    """Phase one of every article file, and the timeline's events, from ``cache`` when their files are unchanged.

    The timeline is one more item of the same work: on a large corpus it is the biggest file,
    and read in a worker it costs the parent neither the time nor the memory of its parse.
    """
    keys = [article_key(cache, root, rel) for rel in files]
    results = [cache.get("article", key) for key in keys]
    timeline = timeline_key(cache, root)
    events = cache.get("timeline", timeline) if timeline else ([], [])
    missing = ([TIMELINE] if events is None else []) + [index for index, result in enumerate(results) if result is None]

    def prepare(index: int) -> tuple:
        if index == TIMELINE:
            result = load_timeline(root)
            cache.put("timeline", timeline, result)
            return result
        article, found = load_pair(root, files[index], keys[index])
        if article is None:
            result = None, None, found, {}
        else:
            problems = Problems()
            placement = anchor_article(article, problems)
            # The notes were rendered for their check; their HTML goes back so phase two reuses it.
            renders = safe_markdown.known_renders(n.text for n in article.notes if n.text)
            result = article, placement, sorted(found + problems.sorted()), renders
        cache.put("article", keys[index], result)  # written by the worker that made it
        return result

    def describe(index: int) -> str:
        return f"{ARTICLES_DIR}/{TIMELINE_FILE}" if index == TIMELINE else files[index]

    for index, result in zip(missing, map_in_order(prepare, missing, workers, describe), strict=True):
        if index == TIMELINE:
            events = result
            cache.put("timeline", timeline, result, disk=False)
        else:
            results[index] = result
            cache.put("article", keys[index], result, disk=False)
    return results, events
