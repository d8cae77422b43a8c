"""The timeline: events, publications and predictions, in one documented chronological order.

Entries come from three places: the events in ``articles/timeline.yml``, every article's
``published`` date, and every prediction note (once where the article made it, and again at
its ``resolved`` date with its outcome).

Order: by start date, where a coarser date comes before the finer dates inside it (``2019``
before ``2019-05`` before ``2019-05-14``) and a span counts from its start; on the same date,
events come before publications, publications before predictions, predictions before
resolutions; then by id. The order is therefore total and stable.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import html

from . import safe_markdown
from .dates import PartialDate
from .model import Article, Corpus, Event, Source
from .problems import Problems, unknown_claim
from .vocabulary import ENTRY_TYPE_LABELS, ENTRY_TYPES

BEFORE_WINDOW = datetime.timedelta(days=183)  # "at the time of writing": about six months back


@dataclasses.dataclass(frozen=True)
class Entry:
    """One line of the timeline. ``links`` are (label, path from the site root) pairs."""

    id: str
    type: str
    start: PartialDate
    end: PartialDate | None
    approximate: bool
    title: str
    note: str | None
    sources: tuple[Source, ...]
    links: tuple[tuple[str, str], ...]
    articles: tuple[str, ...]
    outcome: str | None = None

    @property
    def sort_key(self) -> tuple:
        """Chronological, then by entry type, then by id (see the module docstring)."""
        return (self.start.sort_key, ENTRY_TYPES.index(self.type), self.id)

    @property
    def label(self) -> str:
        """The entry type in words."""
        return ENTRY_TYPE_LABELS[self.type]


def check_timeline(corpus: Corpus, problems: Problems) -> None:
    """Report unknown claim references in events and predictions resolved before they were made."""
    notes = {a.slug: {n.id for n in a.notes} for a in corpus.articles}
    for event in corpus.events:
        for slug, note_id, loc in event.claims:
            if corpus.is_broken(slug, note_id) and note_id not in notes.get(slug, ()):
                continue  # that article or note has errors of its own, reported where they are
            message = unknown_claim("claims", slug, note_id, notes)
            if message:
                problems.error(loc, message)
    for article in corpus.articles:
        for note in article.notes:
            if note.resolved and note.resolved.last_day() < article.published.first_day():
                problems.error(note.at("resolved"), f"note '{note.id}' is resolved on {note.resolved.iso()}, before the article "
                               f"made the prediction ({article.published.iso()})")


def get_entries(corpus: Corpus) -> list[Entry]:
    """Every timeline entry, in the documented order."""
    known = {(a.slug, n.id) for a in corpus.articles for n in a.notes}
    by_slug = {a.slug: a for a in corpus.articles}
    entries = [_event_entry(e, known, by_slug) for e in corpus.events]
    for article in corpus.articles:
        entries.append(Entry(
            f"published-{article.slug}", "publication", article.published, None, False,
            f"“{article.title}”", None, (), ((f"{article.byline}, {article.outlet_name}",
                                              f"articles/{article.slug}/"),), (article.slug,)))
        for note in article.notes:
            if note.kind != "prediction":
                continue
            claim = (f"The prediction in “{article.title}”", f"articles/{article.slug}/#{note.id}")
            entries.append(Entry(f"predicted-{article.slug}--{note.id}", "prediction", article.published, None, False,
                                 f"{article.byline} predicts: “{note.quote}”", None, (), (claim,), (article.slug,),
                                 note.outcome))
            if note.resolved:
                entries.append(Entry(f"resolved-{article.slug}--{note.id}", "resolution", note.resolved, None, False,
                                     f"“{note.quote}”", note.text, note.sources, (claim,), (article.slug,), note.outcome))
    return sorted(entries, key=lambda e: e.sort_key)


def _event_entry(event: Event, known: set, by_slug: dict[str, Article]) -> Entry:
    claims = [(slug, note_id) for slug, note_id, _ in event.claims if (slug, note_id) in known]
    links = tuple((f"{by_slug[slug].byline}, {by_slug[slug].published.display('short')}",
                   f"articles/{slug}/#{note_id}") for slug, note_id in claims)
    articles = tuple(dict.fromkeys(slug for slug, _ in claims))
    return Entry(f"event-{event.id}", "event", event.start, event.end, event.approximate, event.title,
                 event.note, event.sources, links, articles)


@dataclasses.dataclass(frozen=True)
class WritingContext:
    """For one article: what happened in the months before it, around it, and what came after that bears on it."""

    before: tuple[Entry, ...]
    around: tuple[Entry, ...]
    after: tuple[Entry, ...]


BEFORE_LIMIT = 10  # the most recent events before an article; a longer list helps no reader


class ContextIndex:
    """Entries indexed by date and by article, so each article's panel costs little, whatever the corpus size."""

    def __init__(self, entries: list[Entry]) -> None:
        events = [e for e in entries if e.type == "event"]
        # Events dated to the day, by date: the ones before or around an article are two slices.
        self.days = sorted((e for e in events if e.end is None and e.start.day), key=lambda e: e.start.first_day())
        self.first_days = [e.start.first_day() for e in self.days]
        # Spans and month- or year-dated events, by first day; none lasts longer than `extent`.
        self.others = sorted((e for e in events if e.end is not None or not e.start.day), key=lambda e: e.start.first_day())
        self.other_days = [e.start.first_day() for e in self.others]
        self.extent = max(((e.end or e.start).last_day() - e.start.first_day() for e in self.others),
                          default=datetime.timedelta(0))
        self.by_article: dict[str, list[Entry]] = {}
        for entry in entries:
            if entry.type in ("event", "resolution"):
                for slug in entry.articles:
                    self.by_article.setdefault(slug, []).append(entry)

    def context(self, article: Article) -> WritingContext:
        """The "At the time of writing" panel, at the precision of the article's date.

        The article was written some time in ``[first day, last day]`` of its date: a whole year
        for "2019", a month for "2019-05", one day for "2019-05-14". An event before that range
        (within about six months) is *before*; one that overlaps it is *around the time of
        writing* (the article may or may not have known of it); hindsight that concerns the
        article and comes after it is *after*. Each list holds at most ``BEFORE_LIMIT`` events,
        the nearest to the time of writing.
        """
        written_from, written_to = article.published.first_day(), article.published.last_day()
        # Hindsight: anything concerning this article that ended after it was written (a span that
        # began before, like a military campaign, counts here by its outcome, not twice).
        after = [e for e in self.by_article.get(article.slug, []) if (e.end or e.start).first_day() > written_to]
        later = {e.id for e in after}
        window = written_from - BEFORE_WINDOW
        start, middle, stop = (bisect.bisect_left(self.first_days, window), bisect.bisect_left(self.first_days, written_from),
                               bisect.bisect_right(self.first_days, written_to))
        # The nearest ones: taken newest first, so that the lists stop growing once they are full.
        before = [e for e in reversed(self.days[start:middle]) if e.id not in later][:BEFORE_LIMIT]
        around = [e for e in reversed(self.days[middle:stop]) if e.id not in later][:BEFORE_LIMIT]
        more_before, more_around = [], []
        for index in range(bisect.bisect_right(self.other_days, written_to) - 1, -1, -1):
            entry = self.others[index]
            if entry.start.first_day() < window - self.extent or len(more_before) == len(more_around) == BEFORE_LIMIT:
                break
            last = (entry.end or entry.start).last_day()
            if entry.id in later or last < window:
                continue
            group = more_around if last >= written_from else more_before
            if len(group) < BEFORE_LIMIT:
                group.append(entry)
        nearest = lambda group: sorted(group, key=lambda e: e.sort_key)[-BEFORE_LIMIT:]  # noqa: E731
        before, around = nearest(before + more_before), nearest(around + more_around)
        return WritingContext(tuple(before), tuple(around), tuple(after))


def timelinejs(entries: list[Entry], site_title: str) -> dict:
    """The entries in TimelineJS's JSON format: date parts only as far as each date's precision."""
    def date(value: PartialDate) -> dict:
        parts = {"year": value.year}
        if value.month:
            parts["month"] = value.month
        if value.day:
            parts["day"] = value.day
        return parts

    events = []
    for entry in entries:
        # TimelineJS shows headline and text as HTML: the title is escaped text, the note our safe rendering.
        item = {"start_date": date(entry.start),
                "text": {"headline": html.escape(entry.title, quote=False),
                         "text": safe_markdown.render(entry.note) if entry.note else ""},
                "group": entry.label, "unique_id": entry.id}
        if entry.end:
            item["end_date"] = date(entry.end)
        events.append(item)
    return {"title": {"text": {"headline": site_title, "text": "Events, publications and predictions"}},
            "events": events}


