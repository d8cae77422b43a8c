"""The pages that gather the whole corpus: the timeline and its export, the search index and
page, the articles index, disagreements, scorecard, corrections, the annotations and the feed;
and our assets. ``get_outputs`` assembles every generated file of docs/ from them and the
article pages ``render`` made.
"""

from __future__ import annotations

import json
from pathlib import Path

import rcssmin
import rjsmin

from . import search
from .cache import Cache
from .epub import EPUB_PATH, SIZE_MARK, chapter_keys, companion_epub, display_size
from .exports import annotations, atom_feed, citations, ris
from .links import pair_anchor
from .model import OUTCOMES, Article, Corpus, Link
from .pages import env, markdown_page, plain_text, short_quote
from .parallel import map_in_order
from .paths import step_href, steps_at
from .questions import PlacedQuestion, named_link_ends, place_questions
from .render import RenderedArticle
from .siteconfig import SiteConfig
from .timeline import Entry, timelinejs
from .trust import correction_anchors
from .vocabulary import ENTRY_TYPES, KIND_LABELS, OUTCOME_LABELS, VERDICT_LABELS

ASSETS_DIR = Path(__file__).parent / "assets"


ASSET_URL = "assets/companion"  # under docs/


MATRIX_LIMIT = 12  # articles; beyond this the disagreements page lists linked pairs instead


SEARCH_FILTERS = (("kind", "Kind"), ("verdict", "Verdict"), ("outcome", "Outcome"), ("author", "Author"),
                  ("outlet", "Outlet"), ("year", "Year"))


def get_outputs(corpus: Corpus, rendered: dict[str, RenderedArticle], pages: dict[str, bytes], links: list[Link],
                entries: list[Entry], site: SiteConfig, workers: int | None = None, cache: Cache | None = None
                ) -> dict[str, bytes]:
    """Every generated file under docs/, by path relative to docs/, as bytes.

    The pages that gather the whole corpus (the timeline, the search index, the rest) are
    independent of each other, so on a large corpus they are made side by side.
    """
    articles = sorted(corpus.articles, key=lambda a: (a.published.sort_key, a.slug))
    parts = (_timeline_outputs, _search_outputs, _other_outputs, _epub_outputs)

    cache = cache or Cache(None)
    keys = chapter_keys(cache, pages) if cache.root is not None else {}

    def make(part) -> dict[str, bytes]:
        if part is _epub_outputs:  # made from the finished pages (reached by fork, not pickled)
            return {EPUB_PATH: companion_epub(corpus, articles, pages, site, cache, keys)}
        # Encoded where it is made: the parent then never holds a page both as text and as bytes.
        return {path: text.encode("utf-8") for path, text in part(corpus, articles, rendered, links, entries, site).items()}

    outputs: dict[str, bytes] = {f"articles/{a.slug}.md": pages[a.slug] for a in corpus.articles}
    for made in map_in_order(make, parts, workers if len(articles) >= AGGREGATES_APART else 1,
                             lambda part: PART_NAMES[part], min_items_per_worker=1):
        outputs.update(made)
    for key in keys.values():  # the chapters were kept by the worker that made the book
        cache.keep("chapter", key)
    # The pages are in `outputs` now; the caller's copies go, so that putting the book's size
    # into each page below does not hold every page twice.
    pages.clear()
    size = display_size(len(outputs[EPUB_PATH])).encode()
    for path, data in outputs.items():
        if path.endswith(".md") and SIZE_MARK.encode() in data:
            outputs[path] = data.replace(SIZE_MARK.encode(), size)
    for asset in sorted(ASSETS_DIR.iterdir()):
        outputs[f"{ASSET_URL}/{asset.name}"] = minify(asset.name, asset.read_text(encoding="utf-8")).encode("utf-8")
    return outputs


# The whole companion's citation files: an underscore, which no slug has, keeps the name free.
CITATIONS_NAME = "all_articles"
AGGREGATES_APART = 100  # articles; below this, starting worker processes costs more than it saves


def minify(name: str, text: str) -> str:
    """Our CSS and JavaScript as served: comments and spaces removed by rcssmin and rjsmin.

    Both are small, maintained minifiers that understand strings and regular expressions,
    which a hand-written one would get wrong; the sources in companion/assets stay readable.
    """
    if name.endswith(".css"):
        return rcssmin.cssmin(text)
    if name.endswith(".js"):
        return rjsmin.jsmin(text)
    return text


def _timeline_outputs(corpus, articles, rendered, links, entries, site) -> dict[str, str]:
    """the timeline: its page and its TimelineJS export"""
    return {
        "timeline.md": markdown_page(
            env.get_template("timeline.md.j2").render(
                years=_by_year(entries), articles=articles, counts={t: sum(e.type == t for e in entries) for t in ENTRY_TYPES}),
            title="Timeline", description="Events the articles rely on, when each was written, and when its predictions came due.",
            hide=["navigation", "toc"]),
        "timeline.json": json.dumps(timelinejs(entries, "Reading companion timeline"), ensure_ascii=False) + "\n",
    }


def _search_outputs(corpus, articles, rendered, links, entries, site) -> dict[str, str]:
    """the search index and page"""
    labels = {"kind": {**KIND_LABELS, "claim": "Claim", "event": "Timeline event"}, "verdict": VERDICT_LABELS,
              "outcome": OUTCOME_LABELS}
    outputs: dict[str, str] = search.index_files(search.get_records(corpus, rendered, entries, labels), labels)
    outputs["search.md"] = markdown_page(
        env.get_template("search.md.j2").render(filters=SEARCH_FILTERS),
        title="Search", description="Search every note, claim and timeline event, with filters.",
        hide=["navigation", "toc"])
    return outputs


def _other_outputs(corpus, articles, rendered, links, entries, site) -> dict[str, str]:
    """the articles index, disagreements, scorecard, corrections, annotations, feed, citations and reading paths"""
    corrections = sorted((c for a in corpus.articles for c in a.corrections),
                         key=lambda c: (c.date.sort_key, c.slug), reverse=True)
    return {
        "articles/index.md": markdown_page(
            env.get_template("articles_index.md.j2").render(articles=articles, rendered=rendered),
            title="Articles", description="The articles in this companion, oldest first."),
        "disagreements.md": markdown_page(
            env.get_template("disagreements.md.j2").render(**disagreements(articles, rendered, links)),
            title="Disagreements", description="Where the articles contradict, support or qualify each other, claim by claim.",
            hide=["navigation", "toc"]),
        "scorecard.md": markdown_page(
            env.get_template("scorecard.md.j2").render(**scorecard(articles)),
            title="Predictions scorecard", description="Every prediction the articles make, and what happened.",
            hide=["navigation", "toc"]),
        "corrections.md": markdown_page(
            env.get_template("corrections.md.j2").render(corrections=corrections,
                                                          by_slug={a.slug: a for a in corpus.articles},
                                                          anchors=correction_anchors(corrections)),
            title="Corrections", description="What changed in the companion after publication, and why.",
            hide=["navigation", "toc"]),
        "annotations.jsonld": json.dumps(annotations(site, rendered, links), ensure_ascii=False) + "\n",
        "feed.xml": atom_feed(site, articles, corrections),
        **citation_downloads(articles),
        **path_pages(corpus, rendered, site),
        **teacher_pages(corpus, articles, rendered, site),
    }


def teacher_pages(corpus: Corpus, articles: list[Article], rendered: dict[str, RenderedArticle],
                  site: SiteConfig) -> dict[str, str]:
    """The page for teachers (every article's summary, key claims, questions and paths) and each article's handout."""
    passages = {(slug, a.note.id): a.text for slug, page in rendered.items() for a in page.anchors}
    steps = {a.slug: steps_at(corpus.paths, a.slug) for a in articles}
    outputs = {"teachers.md": markdown_page(
        env.get_template("teachers.md.j2").render(articles=articles, paths=corpus.paths, passages=passages, steps=steps,
                                                   site_language=site.language),
        title="For teachers", description="Each article's summary, key claims, questions and reading paths, with handouts.")}
    handout = env.get_template("handout.md.j2")
    for article in articles:
        outputs[f"handouts/{article.slug}.md"] = markdown_page(
            handout.render(article=article, passages=passages, site_language=site.language, site_url=site.url,
                           site_name=site.name, license=site.license),
            title=f"Handout: {article.title}", description=plain_text(article.summary), hide=["navigation", "toc"])
    return outputs


def path_pages(corpus: Corpus, rendered: dict[str, RenderedArticle], site: SiteConfig) -> dict[str, str]:
    """The list of reading paths (``paths/``, even when there is none: the nav may name it) and each path's page."""
    by_slug = {a.slug: a for a in corpus.articles}
    passages = {(slug, a.note.id): a.text for slug, page in rendered.items() for a in page.anchors}
    first_lines = {p.id: short_quote(plain_text(p.introduction) or "", words=25) for p in corpus.paths}
    outputs = {"paths/index.md": markdown_page(
        env.get_template("paths_index.md.j2").render(paths=corpus.paths, first_lines=first_lines),
        title="Reading paths", description="Guided walks through the articles and their claims.")}
    for path in corpus.paths:
        outputs[f"paths/{path.id}.md"] = markdown_page(
            env.get_template("path.md.j2").render(path=path, by_slug=by_slug, passages=passages, step_href=step_href,
                                                  site_language=site.language),
            title=path.title, description=plain_text(path.introduction))
    return outputs


def citation_downloads(articles: list[Article]) -> dict[str, str]:
    """RIS and BibTeX of each original article (``downloads/<slug>.ris``, ``.bib``) and of all of them."""
    records = {a.slug: (ris(a), citations(a)["BibTeX"] + "\n") for a in articles}
    outputs = {f"downloads/{slug}.{ext}": text for slug, pair in records.items() for ext, text in zip(("ris", "bib"), pair, strict=True)}
    outputs[f"downloads/{CITATIONS_NAME}.ris"] = "\r\n".join(r for r, _ in records.values())
    outputs[f"downloads/{CITATIONS_NAME}.bib"] = "\n".join(b for _, b in records.values())
    return outputs


def disagreements(articles: list[Article], rendered: dict[str, RenderedArticle], links: list[Link]) -> dict:
    """The data of the disagreements page: links by topic (older claim first) and the article matrix."""
    passages = {(slug, a.note.id): a.text for slug, page in rendered.items() for a in page.anchors}
    by_slug = {a.slug: a for a in articles}
    asked = questions_by_link(articles, links)
    items = []
    for link in links:
        sides = sorted(link.ends, key=lambda end: (by_slug[end[0]].published.sort_key, end[0]))
        items.append({
            "id": pair_anchor(link),  # unique per pair of claims (a claim may take part in several links)
            "questions": asked.get(link.id, []),
            "link": link,
            "sides": [{"article": by_slug[slug], "note_id": note_id, "passage": passages.get((slug, note_id), "")}
                      for slug, note_id in sides],
        })
    topics: dict[str, list] = {}
    for item in items:
        topics.setdefault(item["link"].topic or "other", []).append(item)
    ordered_topics = sorted(topics.items(), key=lambda kv: (kv[0] == "other", kv[0]))
    matrix = {}
    for item in items:
        a, b = (side["article"].slug for side in item["sides"])
        for key in ((a, b), (b, a)):
            matrix.setdefault(key, {}).setdefault(item["link"].type, []).append(item["id"])
    # A full article x article table grows with the square of the corpus; past a dozen articles
    # the page lists only the pairs of articles that are linked, with the same counts.
    pairs = sorted({tuple(sorted(key, key=lambda s: (by_slug[s].published.sort_key, s))) for key in matrix},
                   key=lambda pair: tuple((by_slug[s].published.sort_key, s) for s in pair))
    return {"articles": articles, "topics": ordered_topics, "matrix": matrix, "count": len(items),
            "full_matrix": len(articles) <= MATRIX_LIMIT, "pairs": [(by_slug[a], by_slug[b]) for a, b in pairs],
            "topic_title": lambda t: "Other links" if t == "other" else t.replace("-", " ").capitalize()}


def questions_by_link(articles: list[Article], links: list[Link]) -> dict[str, list[tuple[Article, PlacedQuestion]]]:
    """The questions about each named link, with the article that asks each, in article order."""
    named = named_link_ends(links)
    asked: dict[str, list[tuple[Article, PlacedQuestion]]] = {}
    for article in articles:
        if article.questions:
            for placed in place_questions(article, named.get(article.slug, {})):
                for link_id in placed.link_ids:
                    asked.setdefault(link_id, []).append((article, placed))
    return asked


def _by_year(entries: list[Entry]) -> list[tuple[int, list[Entry]]]:
    years: dict[int, list[Entry]] = {}
    for entry in entries:
        years.setdefault(entry.start.year, []).append(entry)
    return sorted(years.items())


def scorecard(articles: list[Article]) -> dict:
    """One row per prediction note, and totals per author and per article."""
    rows = [(article, note) for article in articles for note in article.notes if note.kind == "prediction"]
    outcomes = OUTCOMES

    def totals(key) -> list[tuple[str, dict[str, int]]]:
        groups: dict[str, dict[str, int]] = {}
        for article, note in rows:
            group = groups.setdefault(key(article), dict.fromkeys(outcomes, 0))
            group[note.outcome] += 1
        return list(groups.items())

    return {
        "rows": rows, "outcomes": outcomes,
        "by_author": totals(lambda a: a.author or f"{a.byline} ({a.outlet_name})"),
        "by_article": totals(lambda a: a.title),
    }


def _epub_outputs(*_) -> dict[str, str]:
    """the EPUB of the companion (made in ``get_outputs``, from the pages)"""
    raise AssertionError("made by get_outputs, which holds the pages")


# What each part is called when a worker that makes it fails ("internal error in …").
PART_NAMES = {_timeline_outputs: "the timeline", _search_outputs: "the search index",
              _other_outputs: "the other corpus pages", _epub_outputs: "the EPUB"}
