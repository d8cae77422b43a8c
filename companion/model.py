"""Frozen records that the loader builds and every later stage reads.

Each record keeps ``loc``, the file and line it came from, so any later stage can report a
problem where the maintainer has to fix it. The field tables below are the single source of
truth for which keys each file accepts; CONTRIBUTING.md documents exactly these (a test checks).
Records have ``__slots__``: an archive holds hundreds of thousands of them, and without a
``__dict__`` each they take about 50 MB less at 2,000 articles (``Corpus``, one object with a
cached lookup, keeps its dict).
"""

from __future__ import annotations

import dataclasses
import functools

from .dates import PartialDate
from .problems import Location

# The vocabulary and the identifier grammar live in companion.vocabulary; the model's readers
# keep finding them here too.
from .vocabulary import (  # noqa: F401
    CLAIM_RE,
    LINK_TYPES,
    NOTE_ID_RE,
    NOTE_KINDS,
    OUTCOMES,
    SLUG_RE,
    VERDICTS,
    not_named,
)


@dataclasses.dataclass(frozen=True, slots=True)
class Field:
    """One accepted key of a maintainers' file: its name, value type and whether it is required.

    ``type`` is one of ``text`` (a non-empty string), ``markdown`` (text rendered as Markdown:
    paragraphs, lists, quotes, inline formatting and links, no headings), ``inline markdown``
    (shown inside a line of text: paragraphs, inline formatting and links only), ``date``
    (YYYY, YYYY-MM or YYYY-MM-DD), ``url`` (http or https), ``list`` or ``bool``.
    """

    name: str
    type: str
    required: bool = False
    nullable: bool = False


# Article front matter, in articles/<slug>.md.
ARTICLE_FIELDS = (
    Field("title", "text", required=True),
    Field("author", "text", nullable=True),
    Field("outlet", "text", nullable=True),
    Field("published", "date", required=True),
    Field("url", "url", nullable=True),
    Field("republished", "list"),
    Field("summary", "markdown"),
    Field("provenance", "markdown"),
    Field("provenance_sources", "list"),
    Field("key_claims", "list"),
    Field("language", "language"),
)
# One entry of `republished:`.
REPUBLISHED_FIELDS = (
    Field("outlet", "text", required=True),
    Field("date", "date"),
    Field("url", "url"),
)
# One entry of `sources:` (notes) and `provenance_sources:` (front matter).
SOURCE_FIELDS = (
    Field("title", "text", required=True),
    Field("url", "url"),
    Field("publisher", "text"),
    Field("date", "date"),
    Field("accessed", "date"),
    Field("archive_url", "url"),
    Field("reports_later_events", "bool"),
)
# The top level of articles/<slug>.notes.yml.
NOTES_FILE_FIELDS = (
    Field("notes", "list", required=True),
    Field("links", "list"),
    Field("corrections", "list"),
    Field("unchecked", "list"),
    Field("questions", "list"),
    Field("reviewed", "date"),
)
# One entry of `questions:`: a question for discussion, shown at the end of the article.
QUESTION_FIELDS = (
    Field("question", "inline markdown", required=True),
    Field("about", "list"),
)
# One entry of `unchecked:`: a checkable claim the companion leaves without a note, and why.
UNCHECKED_FIELDS = (
    Field("quote", "text", required=True),
    Field("prefix", "text"),
    Field("suffix", "text"),
    Field("reason", "inline markdown", required=True),
)
# One entry of `corrections:`.
CORRECTION_FIELDS = (
    Field("date", "date", required=True),
    Field("note", "markdown", required=True),
    Field("notes", "list"),
)
# One entry of `links:`.
LINK_FIELDS = (
    Field("id", "text"),
    Field("from", "text", required=True),
    Field("to", "text", required=True),
    Field("type", "text", required=True),
    Field("topic", "text"),
    Field("note", "inline markdown", required=True),
)
# One entry of `notes:`.
NOTE_FIELDS = (
    Field("id", "text", required=True),
    Field("quote", "text", required=True),
    Field("prefix", "text"),
    Field("suffix", "text"),
    Field("kind", "text"),
    Field("note", "inline markdown"),
    Field("sources", "list"),
    Field("verdict", "text"),
    Field("outcome", "text"),
    Field("resolved", "date"),
    Field("language", "language"),
)

# The top level of articles/timeline.yml.
TIMELINE_FILE_FIELDS = (
    Field("events", "list", required=True),
)
# One entry of `events:`.
EVENT_FIELDS = (
    Field("id", "text", required=True),
    Field("date", "date"),
    Field("start", "date"),
    Field("end", "date"),
    Field("approximate", "bool"),
    Field("title", "text", required=True),
    Field("note", "markdown"),
    Field("sources", "list"),
    Field("claims", "list"),
)

# companion.yml at the project root (optional): the project's own settings.
COMPANION_FILE_FIELDS = (
    Field("policy", "mapping"),
    Field("paths", "list"),
)
# One entry of `paths:` in companion.yml: a reading path through the articles.
PATH_FIELDS = (
    Field("id", "text", required=True),
    Field("title", "text", required=True),
    Field("introduction", "markdown", required=True),
    Field("steps", "list", required=True),
)
# One entry of a path's `steps:`: an article, or one claim in it, and a line of guidance.
PATH_STEP_FIELDS = (
    Field("read", "text", required=True),
    Field("guidance", "inline markdown", required=True),
)
# The editorial policy, `policy:` in companion.yml (companion.policy applies it).
POLICY_FIELDS = (
    Field("min_notes", "count"),
    Field("required_kinds", "list"),
    Field("min_fact_checks", "count"),
    Field("min_questions", "count"),
    Field("summary_sentences", "list"),
    Field("required_front_matter", "list"),
    Field("sourced_kinds", "list"),
    Field("url_required_for", "list"),
    Field("not_wikipedia_alone", "list"),
    Field("https", "bool"),
    Field("http_allowed_hosts", "list"),
    Field("later_sources_flagged", "bool"),
)

# Every file format and its fields, for the documentation test and the JSON schemas.
FILE_FORMATS = {
    "article front matter": ARTICLE_FIELDS,
    "republished entry": REPUBLISHED_FIELDS,
    "source entry": SOURCE_FIELDS,
    "notes file": NOTES_FILE_FIELDS,
    "note": NOTE_FIELDS,
    "link": LINK_FIELDS,
    "correction": CORRECTION_FIELDS,
    "unchecked claim": UNCHECKED_FIELDS,
    "question": QUESTION_FIELDS,
    "timeline file": TIMELINE_FILE_FIELDS,
    "event": EVENT_FIELDS,
    "companion.yml": COMPANION_FILE_FIELDS,
    "policy": POLICY_FIELDS,
    "reading path": PATH_FIELDS,
    "path step": PATH_STEP_FIELDS,
}


@dataclasses.dataclass(frozen=True, slots=True)
class Source:
    """A public source that a note or provenance statement rests on."""

    title: str
    url: str | None
    publisher: str | None
    date: PartialDate | None
    loc: Location
    accessed: PartialDate | None = None  # when a maintainer last confirmed the URL and what it says
    archive_url: str | None = None  # a snapshot, for when the original moves or disappears
    reports_later_events: bool = False  # dated after the article on purpose: it reports what came next


@dataclasses.dataclass(frozen=True, slots=True)
class Republication:
    """Another place the article appeared."""

    outlet: str
    date: PartialDate | None
    url: str | None
    loc: Location


@dataclasses.dataclass(frozen=True, slots=True)
class Note:
    """A margin note anchored to a passage; mirrors the W3C TextQuoteSelector (quote/prefix/suffix)."""

    id: str
    quote: str
    prefix: str
    suffix: str
    kind: str | None  # None for a bare anchor: a quote kept only as a link endpoint
    text: str | None
    sources: tuple[Source, ...]
    verdict: str | None
    outcome: str | None
    resolved: PartialDate | None
    loc: Location
    field_locs: tuple[tuple[str, Location], ...] = ()  # where each field is written
    language: str | None = None  # the note's own language (BCP 47), when not the article's

    def at(self, field: str) -> Location:
        """Where ``field`` is written (the entry's own line when it is absent), to point errors at it."""
        return dict(self.field_locs).get(field, self.loc)

    @property
    def is_bare_anchor(self) -> bool:
        """True for an entry that only marks a passage (no note text of its own)."""
        return self.text is None


@dataclasses.dataclass(frozen=True, slots=True)
class Link:
    """A declared relation between a claim in one article and a claim in another.

    ``source`` is the article whose notes file declares it; a link shows on both ends.
    """

    source: str
    from_id: str
    to_slug: str
    to_id: str
    type: str
    topic: str | None
    note: str
    loc: Location
    field_locs: tuple[tuple[str, Location], ...] = ()  # where each field is written
    id: str | None = None  # named only when a question is about it

    def at(self, field: str) -> Location:
        """Where ``field`` is written (the entry's own line when it is absent), to point errors at it."""
        return dict(self.field_locs).get(field, self.loc)

    @property
    def ends(self) -> tuple[tuple[str, str], tuple[str, str]]:
        """The two claims, as (slug, note id) pairs."""
        return (self.source, self.from_id), (self.to_slug, self.to_id)


@dataclasses.dataclass(frozen=True, slots=True)
class NoteRef:
    """An id named in `key_claims`, a correction's `notes` or a question's `about`, and where it is written."""

    id: str
    loc: Location


@dataclasses.dataclass(frozen=True, slots=True)
class Correction:
    """A change made to the companion after publication, and why; listed on the corrections page."""

    slug: str
    date: PartialDate
    note: str
    note_ids: tuple[NoteRef, ...]
    loc: Location


@dataclasses.dataclass(frozen=True, slots=True)
class Unchecked:
    """A claim of the article that the companion deliberately leaves unchecked, and why.

    Its passage is found like a note's (``quote``, ``prefix``, ``suffix``), so the list cannot
    drift from the text; it is shown under the article's provenance panel, not in the margin.
    """

    quote: str
    prefix: str
    suffix: str
    reason: str
    loc: Location
    field_locs: tuple[tuple[str, Location], ...] = ()  # where each field is written

    def at(self, field: str) -> Location:
        """Where ``field`` is written (the entry's own line when it is absent), to point errors at it."""
        return dict(self.field_locs).get(field, self.loc)


@dataclasses.dataclass(frozen=True, slots=True)
class Question:
    """A question for discussion; ``about`` names notes of its article and links with an end there.

    Which of the two each id names is settled once every link is known (companion.questions).
    """

    text: str
    about: tuple[NoteRef, ...]
    loc: Location


@dataclasses.dataclass(frozen=True, slots=True)
class PathStep:
    """One step of a reading path: an article (``note_id`` None) or one claim in it, with guidance."""

    slug: str
    note_id: str | None
    guidance: str
    loc: Location


@dataclasses.dataclass(frozen=True, slots=True)
class ReadingPath:
    """A reading path of companion.yml: an ordered walk through articles and claims, with an introduction."""

    id: str
    title: str
    introduction: str
    steps: tuple[PathStep, ...]
    loc: Location


@dataclasses.dataclass(frozen=True, slots=True)
class Event:
    """A dated event from articles/timeline.yml; ``end`` is set for a span."""

    id: str
    start: PartialDate
    end: PartialDate | None
    approximate: bool
    title: str
    note: str | None
    sources: tuple[Source, ...]
    claims: tuple[tuple[str, str, Location], ...]  # (slug, note id, where the reference is written)
    loc: Location


@dataclasses.dataclass(frozen=True, slots=True)
class Article:
    """One article: its front matter, its verbatim Markdown body and its notes."""

    slug: str
    path: str
    title: str
    author: str | None
    outlet: str | None
    published: PartialDate
    url: str | None
    republished: tuple[Republication, ...]
    summary: str | None
    provenance: str | None
    provenance_sources: tuple[Source, ...]
    key_claims: tuple[NoteRef, ...]
    body: str
    body_line: int  # line of articles/<slug>.md where the body starts
    notes: tuple[Note, ...] = ()
    notes_path: str | None = None
    links: tuple[Link, ...] = ()
    corrections: tuple[Correction, ...] = ()
    unchecked: tuple[Unchecked, ...] = ()
    questions: tuple[Question, ...] = ()
    reviewed: PartialDate | None = None  # when its notes were last checked as a whole
    language: str | None = None  # the article's language (BCP 47); None: the site's (theme.language)
    loc: Location = Location("")
    inputs: str = ""  # a digest of the files it was loaded from: the key of its cached work
    # Notes that exist but failed their own checks ("*": the notes file could not be read at all):
    # references to them are not reported again, since their own error says what to fix.
    broken_notes: tuple[str, ...] = ()

    def has_broken_note(self, note_id: str) -> bool:
        """True when ``note_id`` names a note whose own errors are already reported."""
        return note_id in self.broken_notes or "*" in self.broken_notes


    @property
    def byline(self) -> str:
        """Author, or a plain statement that the source names none."""
        return self.author or not_named("author", start=True)

    @property
    def outlet_name(self) -> str:
        """Outlet, or "outlet not named" (inside a line of text)."""
        return self.outlet or not_named("outlet")


@dataclasses.dataclass(frozen=True)
class Corpus:
    """Everything loaded from ``articles/`` (and the reading paths), checked and ready to render."""

    articles: tuple[Article, ...]
    links: tuple[Link, ...] = ()
    events: tuple[Event, ...] = ()
    broken_articles: tuple[str, ...] = ()  # slugs of article files that failed their own checks
    paths: tuple[ReadingPath, ...] = ()  # the reading paths of companion.yml

    def is_broken(self, slug: str, note_id: str) -> bool:
        """True when a reference to ``slug#note_id`` fails only because that article or note has errors of its own."""
        if slug in self.broken_articles:
            return True
        article = self.article(slug)
        return article is not None and article.has_broken_note(note_id)

    def article(self, slug: str) -> Article | None:
        """The article with this slug, if any."""
        return self._by_slug.get(slug)

    @functools.cached_property
    def _by_slug(self) -> dict[str, Article]:
        return {article.slug: article for article in self.articles}
