"""Stage 3: turn the checked corpus into Markdown pages and assets, in memory.

Pages are Markdown files whose content is HTML we rendered ourselves from untrusted text
(with :mod:`companion.safe_markdown`), so MkDocs only wraps them in the theme. Values that
MkDocs' theme prints without escaping (the page title and description in the front matter)
are HTML-escaped here.
"""

from __future__ import annotations

import dataclasses
import html
import json
import math
import re
from pathlib import Path

import jinja2
import rcssmin
import rjsmin
import yaml
from markupsafe import Markup, escape

from . import prerendered, safe_markdown, search
from .anchor import Anchor, anchor_notes, anchor_unchecked
from .cache import Cache
from .dates import display_span
from .exports import annotations, atom_feed, citations, claim_reviews, json_for_script
from .htmltext import Document, Span, highlight_block
from .inputs import PAGE
from .links import LinkEnd, ends_by_article
from .model import LINK_TYPES, OUTCOMES, Article, Corpus, Link, Note
from .parallel import map_in_order
from .problems import Problems
from .siteconfig import SiteConfig
from .timeline import ContextIndex, Entry, timelinejs
from .vocabulary import (
    ENTRY_TYPE_LABELS,
    ENTRY_TYPES,
    KIND_LABELS,
    LINK_TYPE_WORDS,
    OUTCOME_LABELS,
    VERDICT_LABELS,
    not_named,
)

ASSETS_DIR = Path(__file__).parent / "assets"
TEMPLATES_DIR = Path(__file__).parent / "templates"
ASSET_URL = "assets/companion"  # under docs/
WORDS_PER_MINUTE = 230
MATRIX_LIMIT = 12  # articles; beyond this the disagreements page lists linked pairs instead

SEARCH_FILTERS = (("kind", "Kind"), ("verdict", "Verdict"), ("outcome", "Outcome"), ("author", "Author"),
                  ("outlet", "Outlet"), ("year", "Year"))

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    undefined=jinja2.StrictUndefined,
    autoescape=True,  # every value is escaped unless it is Markup we rendered ourselves
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    auto_reload=False,  # templates are part of the generator: no need to check their files on every use
)
_env.filters["markdown"] = lambda text: jinja2.utils.markupsafe.Markup(safe_markdown.render(text)) if text else ""
_env.filters["markdown_inline"] = lambda text: jinja2.utils.markupsafe.Markup(safe_markdown.render_inline(text)) if text else ""
_env.globals.update(kind_labels=KIND_LABELS, verdict_labels=VERDICT_LABELS, outcome_labels=OUTCOME_LABELS,
                    type_labels=ENTRY_TYPE_LABELS, display_span=display_span)


def provenance_hint(article: Article) -> str:
    """The one-line label of the provenance panel: says plainly when author or outlet is unknown."""
    missing = [what for what, value in (("author", article.author), ("outlet", article.outlet)) if not value]
    if missing:
        return f"{' and '.join(missing)} not named in the source".capitalize()
    return "outlet, author and date"


_env.globals["provenance_hint"] = provenance_hint


def format_sources(sources) -> Markup:
    """ "Source: …" or "Sources: …; …" for a note, an event or a provenance statement.

    Plain Python rather than a template macro (and f-strings rather than Markup.format): it
    runs for every note and event of the corpus. Every value is escaped here.
    """
    parts = []
    for s in sources:
        title = escape(s.title)
        part = f'<a href="{escape(s.url)}" rel="nofollow noopener">{title}</a>' if s.url else f"<cite>{title}</cite>"
        if s.publisher or s.date:
            when = f'<time datetime="{s.date.iso()}">{s.date.display()}</time>' if s.date else ""
            part += f" ({escape(s.publisher or '')}{', ' if s.publisher and s.date else ''}{when})"
        if s.archive_url:
            part += f', <a class="rc-archived" href="{escape(s.archive_url)}" rel="nofollow noopener">archived copy</a>'
        if s.accessed:
            part += f', accessed <time datetime="{s.accessed.iso()}">{s.accessed.display()}</time>'
        parts.append(part)
    return Markup(("Source: " if len(parts) == 1 else "Sources: ") + "; ".join(parts))


_env.globals["sources"] = format_sources
# Plural and singular, indexed by `n == 1`.
_env.globals["type_words"] = LINK_TYPE_WORDS
_env.globals["not_named"] = not_named


def short_quote(text: str, words: int = 6) -> str:
    """The first few words of a passage, for a compact link label."""
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


@dataclasses.dataclass(frozen=True)
class Placed:
    """Phase one of an article, as plain data (it travels back from a worker process).

    ``body_html`` has every highlight and every note in place, except the notes that show
    links: those are placeholders until every article is anchored, since a link entry quotes
    the other article's passage. ``anchors`` are (index in ``article.notes``, block, start,
    end, passage): the parent rebuilds them with its own notes rather than receive copies.
    """

    body_html: str
    anchors: tuple[tuple[int, int, int, int, str], ...]
    block_texts: tuple[str, ...]  # the text of each block, before notes: for annotation selectors
    words: int


@dataclasses.dataclass(frozen=True)
class RenderedArticle:
    """An article with its anchors; ``body_html`` and ``conversation`` only while its page is made."""

    article: Article
    body_html: str
    anchors: tuple[Anchor, ...]
    words: int
    conversation: tuple[Conversation, ...] = ()
    block_texts: tuple[str, ...] = ()  # the text of each block, for annotation selectors

    @property
    def reading_minutes(self) -> int:
        """Minutes to read the article at an ordinary pace, at least one."""
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))

    @property
    def note_count(self) -> int:
        """Notes with text of their own (bare anchors are not counted)."""
        return sum(1 for a in self.anchors if not a.note.is_bare_anchor)

    def passage(self, note_id: str) -> str | None:
        """The article's own text of a noted passage."""
        return next((a.text for a in self.anchors if a.note.id == note_id), None)


@dataclasses.dataclass(frozen=True)
class Conversation:
    """Another article this one is linked with: counts by link type and the claims involved here."""

    other: Article
    counts: tuple[tuple[str, int], ...]
    claims: tuple[str, ...]


# Where each note goes, until phase two knows its number and its links. Text in the body is
# escaped, so "<!--" can only come from us.
_PLACEHOLDER = re.compile(r"<!--rc-note:([a-z0-9-]+)-->")


def anchor_article(article: Article, problems: Problems) -> Placed | None:
    """Render the body once, anchor every note and mark its place (phase one of two); None on errors.

    Phase one depends on the article's own files only, so it runs in the same worker that
    loaded the article, and its result is cached with it.
    """
    body_html = safe_markdown.render_document(article.body)
    document = Document(body_html)
    texts = tuple(block.text for block in document.blocks)
    found = Problems()
    anchors = anchor_notes(article, list(texts), found)
    anchor_unchecked(article, list(texts), found)  # checked only: unchecked claims are listed, not marked
    problems.extend(found.sorted())
    if found.errors:  # a note that did not anchor has no place: nothing is written anyway
        return None
    by_block: dict[int, list[Span]] = {}
    for anchor in anchors:
        note = anchor.note
        classes = "rc-claim" + (" rc-bare" if note.is_bare_anchor else "")
        by_block.setdefault(anchor.block, []).append(Span(
            anchor.start, anchor.end, f'<mark class="{classes}" id="{note.id}" data-note="{note.id}">',
            f'<mark class="{classes} rc-claim-cont" data-note="{note.id}">', f"<!--rc-note:{note.id}-->"))
    for block, spans in by_block.items():
        highlight_block(document.blocks[block], spans)
    position = {note.id: index for index, note in enumerate(article.notes)}
    return Placed(document.html(), tuple((position[a.note.id], a.block, a.start, a.end, a.text) for a in anchors),
                  texts, sum(len(t.split()) for t in texts))


def note_html(note: Note, number: int, entries: list[dict]) -> str:
    """One margin note and its toggle, on one line (raw HTML in a Markdown page has no blank lines)."""
    return _one_line(_env.get_template("note.html.j2").render(note=note, number=number, entries=entries))


def render_page(item: RenderedArticle, link_ends: dict[str, list[LinkEnd]], everything: dict[str, RenderedArticle],
                contexts: ContextIndex, site: SiteConfig) -> bytes:
    """Phase two: put each note in its place, with the link entries that quote the other claims, and make the page.

    Notes are numbered in the order their markers appear. A bare anchor (a passage kept only
    as a link endpoint) gets a note only when links need a place to be shown.
    """
    article = item.article
    notes = {note.id: note for note in article.notes}
    number = 0

    def place(match: re.Match) -> str:
        nonlocal number
        note = notes[match.group(1)]
        found = link_ends.get(note.id, [])
        if note.is_bare_anchor and not found:
            return ""
        number += 1
        return note_html(note, number, [_link_entry(end, everything) for end in found])

    page = dataclasses.replace(item, body_html=_PLACEHOLDER.sub(place, item.body_html),
                               conversation=_conversation(article, link_ends, everything))
    return article_page(article, page, contexts, site).encode("utf-8")


def _link_entry(end, everything: dict[str, RenderedArticle]) -> dict:
    other_slug, other_id = end.there
    other = everything[other_slug]
    other_note = next(n for n in other.article.notes if n.id == other_id)
    return {"end": end, "other": other.article, "other_id": other_id,
            "passage": other.passage(other_id) or other_note.quote, "other_note": other_note}


def _conversation(article: Article, link_ends: dict, everything: dict[str, RenderedArticle]) -> tuple[Conversation, ...]:
    """The articles this one argues with, most links first, for the "In conversation with" panel."""
    by_other: dict[str, list] = {}
    for note_id, found in link_ends.items():
        for end in found:
            by_other.setdefault(end.there[0], []).append((note_id, end.link.type))
    place = {a.note.id: (a.block, a.start) for a in everything[article.slug].anchors}
    result = []
    for slug, items in by_other.items():
        counts = tuple((t, sum(1 for _, kind in items if kind == t)) for t in LINK_TYPES if any(k == t for _, k in items))
        claims = tuple(sorted({i for i, _ in items}, key=lambda i: place[i]))
        result.append(Conversation(everything[slug].article, counts, claims))
    return tuple(sorted(result, key=lambda c: (-sum(n for _, n in c.counts), c.other.published.sort_key, c.other.slug)))


def _one_line(text: str) -> str:
    """Raw HTML inside a Markdown page must not contain blank lines; keep inserted HTML on one line."""
    return re.sub(r"\s*\n\s*", " ", text).strip()


def front_matter(**fields) -> str:
    """YAML front matter for MkDocs; strings are HTML-escaped because the theme prints them raw."""
    safe = {k: html.escape(v, quote=True) if isinstance(v, str) else v for k, v in fields.items() if v is not None}
    return "---\n" + yaml.safe_dump(safe, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


def markdown_page(html: str, **fields) -> str:
    """A page for docs/: front matter, then our rendered HTML marked as pre-rendered (see companion.prerendered)."""
    return front_matter(**fields) + prerendered.wrap(html)


def plain_text(markdown_text: str | None) -> str | None:
    """Markdown reduced to one line of plain text (for the description meta)."""
    if not markdown_text:
        return None
    text = re.sub(r"<[^>]+>", "", safe_markdown.render(markdown_text))
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def render_pages(corpus: Corpus, placed: dict[str, Placed], links: list[Link], entries: list[Entry], site: SiteConfig,
                 workers: int | None = None, cache: Cache | None = None, timeline_inputs: str = ""
                 ) -> tuple[dict[str, RenderedArticle], dict[str, bytes]]:
    """Phase two for every article: its page, from its placed body and the other ends of its links.

    Returns the rendered articles (anchors, no bodies) and the pages by slug. Pages are made
    over ``workers`` processes and reused from ``cache`` when nothing they show changed: the
    article itself, the articles at the other ends of its links, and its timeline panel (which
    comes from the timeline file, ``timeline_inputs``, and the article's own predictions).
    """
    cache = cache or Cache(None)
    ends = ends_by_article(links)
    anchored: dict[str, RenderedArticle] = {}
    for article in corpus.articles:
        item = placed[article.slug]
        anchors = tuple(Anchor(article.notes[index], block, start, end, text)
                        for index, block, start, end, text in item.anchors)
        anchored[article.slug] = RenderedArticle(article, item.body_html, anchors, item.words,
                                                 block_texts=item.block_texts)
    contexts = ContextIndex(entries)
    inputs = {a.slug: a.inputs for a in corpus.articles}  # a page also shows what it links to
    page_keys = {}
    for article in corpus.articles:
        # A link is declared in one of its two articles, so their inputs cover it.
        others = sorted({end.there[0] for found in ends.get(article.slug, {}).values() for end in found})
        context = timeline_inputs if article.inputs else repr(contexts.context(article))
        page_keys[article.slug] = cache.key(PAGE, article.inputs, repr(site), context, *(inputs[o] for o in others))

    def render_one(item: RenderedArticle) -> bytes:
        page = render_page(item, ends.get(item.article.slug, {}), anchored, contexts, site)
        if item.article.inputs:
            cache.put("page", page_keys[item.article.slug], page)  # written by the worker that made it
        return page

    pages = {a.slug: cache.get("page", page_keys[a.slug]) if a.inputs else None for a in corpus.articles}
    missing = [anchored[a.slug] for a in corpus.articles if pages[a.slug] is None]
    for item, page in zip(missing, map_in_order(render_one, missing, workers, lambda item: item.article.path),
                          strict=True):
        pages[item.article.slug] = page
        if item.article.inputs:
            cache.put("page", page_keys[item.article.slug], page, disk=False)
    # What the aggregate pages need of each article is small: drop the bodies.
    rendered = {slug: dataclasses.replace(item, body_html="") for slug, item in anchored.items()}
    return rendered, pages


def get_outputs(corpus: Corpus, rendered: dict[str, RenderedArticle], pages: dict[str, bytes], links: list[Link],
                entries: list[Entry], site: SiteConfig, workers: int | None = None) -> dict[str, bytes]:
    """Every generated file under docs/, by path relative to docs/, as bytes.

    The pages that gather the whole corpus (the timeline, the search index, the rest) are
    independent of each other, so on a large corpus they are made side by side.
    """
    articles = sorted(corpus.articles, key=lambda a: (a.published.sort_key, a.slug))
    parts = (_timeline_outputs, _search_outputs, _other_outputs)

    def make(part) -> dict[str, bytes]:
        # Encoded where it is made: the parent then never holds a page both as text and as bytes.
        return {path: text.encode("utf-8") for path, text in part(corpus, articles, rendered, links, entries, site).items()}

    outputs: dict[str, bytes] = {f"articles/{a.slug}.md": pages[a.slug] for a in corpus.articles}
    for made in map_in_order(make, parts, workers if len(articles) >= AGGREGATES_APART else 1,
                             lambda part: part.__doc__.split(":")[0], min_items_per_worker=1):
        outputs.update(made)
    for asset in sorted(ASSETS_DIR.iterdir()):
        outputs[f"{ASSET_URL}/{asset.name}"] = minify(asset.name, asset.read_text(encoding="utf-8")).encode("utf-8")
    return outputs


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
            _env.get_template("timeline.md.j2").render(
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
        _env.get_template("search.md.j2").render(filters=SEARCH_FILTERS),
        title="Search", description="Search every note, claim and timeline event, with filters.",
        hide=["navigation", "toc"])
    return outputs


def _other_outputs(corpus, articles, rendered, links, entries, site) -> dict[str, str]:
    """the articles index, disagreements, scorecard, corrections, annotations and feed"""
    corrections = sorted((c for a in corpus.articles for c in a.corrections),
                         key=lambda c: (c.date.sort_key, c.slug), reverse=True)
    return {
        "articles/index.md": markdown_page(
            _env.get_template("articles_index.md.j2").render(articles=articles, rendered=rendered),
            title="Articles", description="The articles in this companion, oldest first."),
        "disagreements.md": markdown_page(
            _env.get_template("disagreements.md.j2").render(**disagreements(articles, rendered, links)),
            title="Disagreements", description="Where the articles contradict, support or qualify each other, claim by claim.",
            hide=["navigation", "toc"]),
        "scorecard.md": markdown_page(
            _env.get_template("scorecard.md.j2").render(**scorecard(articles)),
            title="Predictions scorecard", description="Every prediction the articles make, and what happened.",
            hide=["navigation", "toc"]),
        "corrections.md": markdown_page(
            _env.get_template("corrections.md.j2").render(corrections=corrections,
                                                          by_slug={a.slug: a for a in corpus.articles}),
            title="Corrections", description="What changed in the companion after publication, and why.",
            hide=["navigation", "toc"]),
        "annotations.jsonld": json.dumps(annotations(site, rendered, links), ensure_ascii=False) + "\n",
        "feed.xml": atom_feed(site, articles, corrections),
    }


def article_page(article: Article, page: RenderedArticle, contexts: ContextIndex, site: SiteConfig) -> str:
    """The Markdown page of one article: front matter, header panels and the annotated body."""
    return markdown_page(
        _env.get_template("article.md.j2").render(
            citations=citations(article), claim_review=json_for_script(claim_reviews(site, page)),
            article=article, page=page, context=contexts.context(article),
            claim_labels={a.note.id: f"“{short_quote(a.text)}”" for a in page.anchors},
            passages={a.note.id: f"“{a.text}”" for a in page.anchors}),
        # Article pages need the right margin for notes: no table of contents, no side nav
        # (the navigation tabs in the header still lead everywhere).
        title=article.title, description=plain_text(article.summary), hide=["navigation", "toc"],
        og_type="article")


def disagreements(articles: list[Article], rendered: dict[str, RenderedArticle], links: list[Link]) -> dict:
    """The data of the disagreements page: links by topic (older claim first) and the article matrix."""
    passages = {(slug, a.note.id): a.text for slug, page in rendered.items() for a in page.anchors}
    by_slug = {a.slug: a for a in articles}
    items = []
    for link in links:
        sides = sorted(link.ends, key=lambda end: (by_slug[end[0]].published.sort_key, end[0]))
        items.append({
            # Unique per pair of claims (a claim may take part in several links).
            "id": f"link-{link.source}--{link.from_id}--{link.to_slug}--{link.to_id}",
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
