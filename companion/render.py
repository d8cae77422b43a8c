"""Stage 3, phase two: each article's page, from its placed body (``placing``) and its links.

Pages are Markdown files whose content is HTML we rendered ourselves from untrusted text
(with :mod:`companion.safe_markdown`), so MkDocs only wraps them in the theme; the front matter
the theme prints raw is escaped by :mod:`companion.pages`. The pages that gather the whole
corpus are made by :mod:`companion.aggregates`.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter

from .anchor import Anchor
from .cache import Cache
from .exports import citations, claim_reviews, companion_page, json_for_script
from .inputs import PAGE
from .links import LinkEnd, ends_by_article, pair_anchor
from .model import LINK_TYPES, Article, Corpus, Link, Note, ReadingPath
from .pages import env, markdown_page, one_line, plain_text, short_quote
from .parallel import map_in_order
from .paths import StepHere, step_href, steps_at
from .placing import PLACEHOLDER, Placed
from .questions import PlacedQuestion, place_questions
from .siteconfig import SiteConfig
from .timeline import ContextIndex, Entry
from .trust import note_trust, page_history
from .vocabulary import (
    KIND_LABELS,
    LINKED_CLAIM,
    LINKED_CLAIM_LABEL,
    NOTE_KINDS,
    OUTCOME_LABELS,
    OUTCOMES,
    VERDICT_LABELS,
    VERDICTS,
)

WORDS_PER_MINUTE = 230
# Test yourself: the answers a reader chooses from, before a fact-check's verdict or a
# prediction's outcome shows. The whole scale, so the page's own verdicts give nothing away; a
# pending prediction has no outcome to guess.
QUIZ_CHOICES = {"verdict": tuple((v, VERDICT_LABELS[v]) for v in VERDICTS),
                "outcome": tuple((o, OUTCOME_LABELS[o]) for o in OUTCOMES if o != "pending")}


@dataclasses.dataclass(frozen=True)
class RenderedArticle:
    """An article with its anchors; ``body_html`` and ``conversation`` only while its page is made."""

    article: Article
    body_html: str
    anchors: tuple[Anchor, ...]
    words: int
    conversation: tuple[Conversation, ...] = ()
    listed: tuple[ListedNote, ...] = ()  # the page's notes in text order, for the reader controls
    questions: tuple[PlacedQuestion, ...] = ()  # its questions for discussion, with the passages they are about
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
class ListedNote:
    """A note as the "All notes" list and the filter know it: number, id, kind, verdict, passage."""

    number: int
    id: str
    kind: str
    verdict: str | None
    passage: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, LINKED_CLAIM_LABEL)


@dataclasses.dataclass(frozen=True)
class NoteFilter:
    """What the filter offers on one page: (value, label, count) for each kind and verdict there."""

    kinds: tuple[tuple[str, str, int], ...]
    verdicts: tuple[tuple[str, str, int], ...]


def note_filter(listed: tuple[ListedNote, ...]) -> NoteFilter:
    """The kinds (in the vocabulary's order, linked claims last) and fact-check verdicts of a page's notes."""
    kinds = Counter(n.kind for n in listed)
    verdicts = Counter(n.verdict for n in listed if n.verdict)
    return NoteFilter(
        tuple((k, KIND_LABELS.get(k, LINKED_CLAIM_LABEL), kinds[k]) for k in (*NOTE_KINDS, LINKED_CLAIM) if kinds[k]),
        tuple((v, VERDICT_LABELS[v], verdicts[v]) for v in VERDICTS if verdicts[v]))


@dataclasses.dataclass(frozen=True)
class Conversation:
    """Another article this one is linked with: counts by link type and the claims involved here."""

    other: Article
    counts: tuple[tuple[str, int], ...]
    claims: tuple[str, ...]


def note_html(note: Note, number: int, entries: list[dict], corrected=(), report=None, cite=None,
              language: str = "en") -> str:
    """One margin note and its toggle, on one line (raw HTML in a Markdown page has no blank lines).

    ``corrected``, ``report`` and ``cite`` come from :func:`companion.trust.note_trust`. ``language`` is the
    site's: a note sits inside the article's text, so it says its own language, which is the
    site's unless the note names another.
    """
    kind = note.kind or LINKED_CLAIM
    return one_line(env.get_template("note.html.j2").render(
        note=note, number=number, entries=entries, corrected=corrected, report=report, cite=cite,
        kind=kind, kind_label=KIND_LABELS.get(kind, LINKED_CLAIM_LABEL), site_language=language))


def render_page(item: RenderedArticle, link_ends: dict[str, list[LinkEnd]], everything: dict[str, RenderedArticle],
                contexts: ContextIndex, site: SiteConfig, paths: tuple[ReadingPath, ...] = ()) -> bytes:
    """Phase two: put each note in its place, with the link entries that quote the other claims, and make the page.

    Notes are numbered in the order their markers appear. A bare anchor (a passage kept only
    as a link endpoint) gets a note only when links need a place to be shown.
    """
    article = item.article
    notes = {note.id: note for note in article.notes}
    trust = note_trust(article, site)
    listed: list[ListedNote] = []
    questions = place_questions(article, {end.link.id: (note_id, end.link) for note_id, found in link_ends.items()
                                          for end in found if end.link.id})
    asked = {}
    for question in questions:
        for note_id in question.note_ids:
            asked.setdefault(note_id, []).append(question)

    def place(match: re.Match) -> str:
        note = notes[match.group(1)]
        found = link_ends.get(note.id, [])
        markers = question_markers(asked.get(note.id, ()))
        if note.is_bare_anchor and not found:
            return markers
        number = len(listed) + 1
        listed.append(ListedNote(number, note.id, note.kind or LINKED_CLAIM, note.verdict,
                                 short_quote(item.passage(note.id) or note.quote, words=10)))
        return markers + note_html(note, number, [_link_entry(end, everything) for end in found], **trust[note.id],
                                   language=site.language)

    page = dataclasses.replace(item, body_html=PLACEHOLDER.sub(place, item.body_html), listed=tuple(listed),
                               conversation=_conversation(article, link_ends, everything), questions=questions)
    here = steps_at(paths, article.slug)
    titles = {step.slug: everything[step.slug].article.title for h in here for step in (h.previous, h.next) if step}
    return article_page(article, page, contexts, site, here, titles).encode("utf-8")


def question_markers(questions) -> str:
    """The small markers after a passage that lead to the questions about it."""
    return "".join(f'<a class="rc-question-ref" href="#{q.anchor}" aria-label="Q{q.number}: question for discussion">'
                   f'Q{q.number}</a>' for q in questions)


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
        page = render_page(item, ends.get(item.article.slug, {}), anchored, contexts, site, corpus.paths)
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


def article_page(article: Article, page: RenderedArticle, contexts: ContextIndex, site: SiteConfig,
                 path_steps: tuple[StepHere, ...] = (), titles: dict[str, str] | None = None) -> str:
    """The Markdown page of one article: front matter, header panels and the annotated body.

    ``path_steps`` are the steps of reading paths that read it (each gets its path bar), and
    ``titles`` the titles of the articles of the steps either side.
    """
    return markdown_page(
        env.get_template("article.md.j2").render(
            citations=citations(article), claim_review=json_for_script(claim_reviews(site, page)),
            web_page=json_for_script(companion_page(site, article, article.language or site.language)),
            article=article, page=page, context=contexts.context(article),
            history=page_history(article, site), note_filter=note_filter(page.listed),
            quiz_count=quiz_count(article), quiz_choices=QUIZ_CHOICES,
            path_steps=path_steps, titles=titles or {}, step_href=step_href,
            language=article.language or site.language, pair_anchor=pair_anchor,
            claim_labels={a.note.id: f"“{short_quote(a.text)}”" for a in page.anchors},
            passages={a.note.id: f"“{a.text}”" for a in page.anchors}),
        # Article pages need the right margin for notes: no table of contents, no side nav
        # (the navigation tabs in the header still lead everywhere).
        title=article.title, description=plain_text(article.summary), hide=["navigation", "toc"],
        og_type="article", citation_meta=citation_meta(article))


def quiz_count(article: Article) -> int:
    """How many of an article's notes Test yourself asks about: fact-checks with a verdict, and
    predictions whose outcome is known."""
    return sum(1 for note in article.notes
               if (note.kind == "fact-check" and note.verdict)
               or (note.kind == "prediction" and note.outcome and note.outcome != "pending"))


def citation_meta(article: Article) -> list[list[str]]:
    """Highwire Press ``citation_*`` tags describing the original article, as (name, content) pairs.

    Reference managers (Zotero's Embedded Metadata translator among them) read these to record
    the article itself, not the companion's web page: title, author, the date at its own
    precision (``2016``, ``2016/12``, ``2016/12/27``), the outlet and the original address.
    What the source does not name is left out rather than guessed.
    """
    pairs = [["citation_title", article.title]]
    if article.author:
        pairs.append(["citation_author", article.author])
    pairs.append(["citation_publication_date", article.published.iso().replace("-", "/")])
    if article.outlet:
        pairs.append(["citation_journal_title", article.outlet])
    if article.url:
        pairs.append(["citation_public_url", article.url])
    return pairs
