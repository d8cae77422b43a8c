"""Stage 1: read ``articles/`` into frozen models, checking every field, reporting every problem.

``companion.pipeline`` calls it article by article (``load_pair``, in the worker that anchors the
article) and for the timeline (``load_timeline``), keyed in its cache by ``article_key`` and
``timeline_key``; tests load a whole project the same way, through ``pipeline.gather``.

Nothing here raises on bad input: each problem is recorded with its ``path:line:col`` and the
loader carries on with the next value, so that one run shows the maintainer everything.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import model, safe_markdown
from .anchor import normalize
from .cache import Cache
from .dates import DateError, parse_date
from .inputs import ARTICLE, ARTICLES_DIR, TIMELINE_FILE
from .languages import canonical_case, language_problem
from .model import Article, Field, Note, Republication, Source
from .problems import Location, Problems, did_you_mean, quoted
from .yamlload import (
    TIMELINE_MAX_BYTES,
    YamlList,
    YamlMap,
    decode_text,
    find_control_character,
    load_yaml,
)

RESERVED_SLUGS = {"index"}  # articles/index.md is the generated articles index


def assemble_corpus(articles: list[Article], broken: list[str], events: list[model.Event],
                    paths: tuple[model.ReadingPath, ...] = ()) -> model.Corpus:
    """The corpus of the loaded articles (in file order), their links, the timeline's events and the reading paths."""
    return model.Corpus(tuple(articles), tuple(link for a in articles for link in a.links), tuple(events), tuple(broken),
                        paths)


def find_article_files(root: Path, problems: Problems) -> list[str]:
    """``articles/*.md`` in name order, as paths relative to ``root``; a notes file without its article is reported."""
    articles_dir = root / ARTICLES_DIR
    if not articles_dir.is_dir():
        problems.error(Location(ARTICLES_DIR), "no articles/ folder here; run build_site.py from the project root")
        return []
    if not _inside(root, articles_dir, ARTICLES_DIR, problems):
        return []
    # os.scandir, not Path.glob: on an archive of thousands of files it is many times faster.
    names = sorted(entry.name for entry in os.scandir(articles_dir))
    found = []
    for name in names:
        if name.endswith(".md"):
            rel = f"{ARTICLES_DIR}/{name}"
            path = articles_dir / name
            if (not path.is_symlink() or _inside(root, path, rel, problems)) and path.is_file():
                found.append(rel)
    present = set(names)
    for name in names:
        if name.endswith(".notes.yml") and f"{name.removesuffix('.notes.yml')}.md" not in present:
            slug = name.removesuffix(".notes.yml")
            problems.error(Location(f"{ARTICLES_DIR}/{name}"),
                           f"notes file for '{slug}', but there is no article articles/{slug}.md")
        else:
            unread = _unread_reason(name)
            if unread:
                problems.error(Location(f"{ARTICLES_DIR}/{name}"), unread)
    return found


def _unread_reason(name: str) -> str | None:
    """Why a file in articles/ that looks like input would be ignored, or None when it is read (or is not input).

    A notes file saved as ``.yaml`` or an article as ``.markdown`` would otherwise be skipped
    without a word, and its notes would silently never appear.
    """
    if name.endswith((".yml", ".yaml")) and not name.endswith(".notes.yml") and name != TIMELINE_FILE:
        stem = name.rsplit(".", 1)[0]
        if stem == "timeline":
            return f"not read: the timeline file is named {TIMELINE_FILE}; rename this file to it"
        if stem.endswith(".notes"):
            return f"not read: notes files end in .notes.yml; rename this file to {stem}.yml"
        slug = stem.split(".")[0]
        return (f"not read: a YAML file here is either <article>.notes.yml or {TIMELINE_FILE}; "
                f"for notes on articles/{slug}.md, rename it to {slug}.notes.yml")
    if name.endswith(".markdown"):
        return f"not read: articles end in .md; rename this file to {name.removesuffix('.markdown')}.md"
    return None


def article_key(cache: Cache, root: Path, rel: str) -> str:
    """The cache key of an article: its two files, and the other inputs of phase one (companion.inputs)."""
    path = root / rel
    notes_path = path.with_name(f"{path.stem}.notes.yml")
    return cache.key(ARTICLE, rel, path.read_bytes(), notes_path.read_bytes() if notes_path.is_file() else b"")


def load_pair(root: Path, rel: str, inputs: str = "") -> tuple[Article | None, list]:
    """One article and its notes file, checked on their own, and the problems found (plain data).

    Cross-references between articles are checked later, once every article is loaded.
    ``inputs`` (see :func:`article_key`) is kept on the article as the key of its cached work.
    """
    found = Problems()
    article = _load_pair(root, root / rel, rel, found)
    return (dataclasses.replace(article, inputs=inputs) if article else None), found.sorted()


def _load_pair(root: Path, path: Path, rel: str, problems: Problems) -> Article | None:
    article = _load_article(path, rel, problems)
    if article is None:
        return None
    notes_path = path.with_name(f"{article.slug}.notes.yml")
    if notes_path.exists() and (not notes_path.is_symlink()
                                or _inside(root, notes_path, notes_path.relative_to(root).as_posix(), problems)):
        notes_rel = notes_path.relative_to(root).as_posix()
        parts = _load_notes(notes_path, notes_rel, slug=article.slug, problems=problems)
        article = dataclasses.replace(article, notes_path=notes_rel, **parts)
    _check_note_references(article, problems)
    return article


# --- Timeline -------------------------------------------------------------------------------

def timeline_key(cache: Cache, root: Path) -> str | None:
    """The cache key of the timeline file, or None when there is none."""
    path = root / ARTICLES_DIR / TIMELINE_FILE
    return cache.key(ARTICLE, f"{ARTICLES_DIR}/{TIMELINE_FILE}", path.read_bytes()) if path.is_file() else None


def load_timeline(root: Path) -> tuple[list[model.Event], list]:
    """The timeline's events and the problems found in it (plain data: it may be read in a worker)."""
    found = Problems()
    events = _load_timeline(root / ARTICLES_DIR / TIMELINE_FILE, f"{ARTICLES_DIR}/{TIMELINE_FILE}", found)
    return events, found.sorted()


def _load_timeline(path: Path, rel: str, problems: Problems) -> list[model.Event]:
    """Read articles/timeline.yml (optional); claim references are checked by companion.timeline."""
    if not path.exists():
        return []
    text = decode_text(path.read_bytes(), rel, problems, limit=TIMELINE_MAX_BYTES)
    if text is None:
        return []
    data = load_yaml(text, rel, problems)
    if not isinstance(data, YamlMap):
        if data is not None or not text.strip():
            problems.error(Location(rel), "the timeline file must be a mapping with an 'events:' list")
        return []
    fields = check_fields(data, model.TIMELINE_FILE_FIELDS, "the timeline file", problems)
    events, seen = [], {}
    for item, loc in _items(fields.get("events"), data, "events", problems):
        if not isinstance(item, YamlMap):
            problems.error(loc, "each event must be a mapping with 'id', 'date' and 'title'")
            continue
        raw_id = item.get("id")
        if isinstance(raw_id, str) and raw_id in seen:
            problems.error(item.loc, f"duplicate event id '{quoted(raw_id)}' (first used on line {seen[raw_id]})")
            continue
        if isinstance(raw_id, str):
            seen[raw_id] = item.loc.line
        event = _event(item, problems)
        if event is not None:
            events.append(event)
    return events


def _event(item: YamlMap, problems: Problems) -> model.Event | None:
    mark = problems.mark()
    fields = check_fields(item, model.EVENT_FIELDS, "an event", problems)
    event_id = fields.get("id")
    if event_id is not None and not model.NOTE_ID_RE.match(event_id):
        problems.error(item.at("id"), f"invalid event id '{quoted(event_id)}': use lowercase letters a-z, digits and single hyphens")
    has_date, has_span = "date" in item, "start" in item or "end" in item
    if has_date and has_span:
        problems.error(item.at("date"), "give either 'date', or 'start' and 'end' for a span, not both")
    elif not has_date and not has_span:
        problems.error(item.loc, "an event needs 'date', or 'start' and 'end' for a span")
    elif has_span and ("start" not in item or "end" not in item):
        problems.error(item.at("start" if "start" in item else "end"), "a span needs both 'start' and 'end'")
    start, end = fields.get("date") or fields.get("start"), fields.get("end")
    if start and end and end.first_day() < start.first_day():
        problems.error(item.at("end"), f"'end' ({end.iso()}) is before 'start' ({start.iso()})")
    # A malformed claim reference is reported but does not discard the event, so that its other
    # references are still checked (by companion.timeline) in the same run.
    fatal = problems.errors_since(mark)
    claims = []
    for value, loc in _items(fields.get("claims"), item, "claims", problems):
        if not isinstance(value, str) or not model.CLAIM_RE.match(value):
            problems.error(loc, f"'claims': '{quoted(value)}' is not a claim; write <article slug>#<note id>")
            continue
        slug, note_id = value.split("#")
        claims.append((slug, note_id, loc))
    sources = _sources(fields.get("sources"), item, "sources", problems)
    if fatal or event_id is None or start is None or "title" not in fields:
        return None
    return model.Event(event_id, start, end, bool(fields.get("approximate", False)), fields["title"],
                       fields.get("note"), sources, tuple(claims), item.loc)


def _inside(root: Path, path: Path, rel: str, problems: Problems) -> bool:
    """Refuse a file that is a link pointing outside the project."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        problems.error(Location(rel), "is a link to a file outside the project; copy the file in instead")
        return False
    return True


# --- Articles -----------------------------------------------------------------------------


def _load_article(path: Path, rel: str, problems: Problems) -> Article | None:
    slug = path.stem
    if not model.SLUG_RE.match(slug):
        problems.error(Location(rel), f"invalid slug '{slug}': use lowercase letters a-z, digits and single hyphens")
        return None
    if slug in RESERVED_SLUGS:
        problems.error(Location(rel), f"the slug '{slug}' is reserved: articles/{slug}.md would replace the articles index page")
        return None
    text = decode_text(path.read_bytes(), rel, problems)
    if text is None:
        return None
    split = split_front_matter(text, rel, problems)
    if split is None:
        return None
    front_text, body, body_line = split
    data = load_yaml(front_text, rel, problems, line_offset=1)
    if data is None and not front_text.strip():
        problems.error(Location(rel, 1), "front matter is empty; 'title' and 'published' are required")
        return None
    if not isinstance(data, YamlMap):
        if data is not None:
            problems.error(Location(rel, 2), "front matter must be a mapping of 'field: value' lines")
        return None
    mark = problems.mark()
    fields = check_fields(data, model.ARTICLE_FIELDS, "front matter", problems)
    republished = tuple(
        _republication(item, loc, problems) for item, loc in _items(fields.get("republished"), data, "republished", problems)
    )
    provenance_sources = _sources(fields.get("provenance_sources"), data, "provenance_sources", problems)
    if not body.strip():
        problems.error(Location(rel, body_line), "the article has no body text after its front matter")
    control = find_control_character(body, rel, body_line)
    if control:  # invisible in an editor, and not allowed in the feed's XML
        problems.error(*control)
    if problems.errors_since(mark) or "title" not in fields or "published" not in fields:
        return None
    return Article(
        slug=slug,
        path=rel,
        title=fields["title"],
        author=fields.get("author"),
        outlet=fields.get("outlet"),
        published=fields["published"],
        url=fields.get("url"),
        republished=tuple(r for r in republished if r),
        summary=fields.get("summary"),
        provenance=fields.get("provenance"),
        provenance_sources=provenance_sources,
        key_claims=tuple(_claim_ids(fields.get("key_claims"), problems)),
        body=body,
        body_line=body_line,
        loc=data.loc,
        language=fields.get("language"),
    )


def split_front_matter(text: str, rel: str, problems: Problems) -> tuple[str, str, int] | None:
    """Split ``---``-fenced YAML front matter from the body; returns (yaml, body, body's first line)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        problems.error(Location(rel, 1), "no front matter: the file must start with a line '---', then YAML, then '---'")
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    problems.error(Location(rel, 1), "front matter is not closed: add a line '---' after the last field")
    return None


# --- Notes --------------------------------------------------------------------------------


def _load_notes(path: Path, rel: str, slug: str, problems: Problems) -> dict:
    """Notes, links, corrections, unchecked claims and questions from one notes file, as ``Article`` fields.

    Also the ids of notes that failed their checks (``broken_notes``) and the date the notes
    were last reviewed (``reviewed``, or None).
    """
    text = decode_text(path.read_bytes(), rel, problems)
    if text is None:
        return _notes_parts(broken=["*"])
    data = load_yaml(text, rel, problems)
    if data is None:
        if not text.strip() or all(line.lstrip().startswith("#") for line in text.splitlines() if line.strip()):
            problems.error(Location(rel), "the notes file is empty; it needs a 'notes:' list")
            return _notes_parts()
        return _notes_parts(broken=["*"])
    if not isinstance(data, YamlMap):
        problems.error(Location(rel), "the notes file must be a mapping with a 'notes:' list")
        return _notes_parts(broken=["*"])
    fields = check_fields(data, model.NOTES_FILE_FIELDS, "notes file", problems)
    if "notes" in data and "notes" not in fields:
        broken = ["*"]  # the list itself is invalid: every note it holds is unknown
    else:
        broken = []
    notes: list[Note] = []
    seen: dict[str, Location] = {}
    for item, loc in _items(fields.get("notes"), data, "notes", problems):
        # Check ids before anything else, so a duplicate is reported even if the first entry is invalid.
        raw_id = item.get("id") if isinstance(item, YamlMap) else None
        if isinstance(raw_id, str) and raw_id in seen:
            problems.error(item.loc, f"duplicate note id '{quoted(raw_id)}' (first used on line {seen[raw_id].line})")
            continue
        if isinstance(raw_id, str):
            seen[raw_id] = item.loc
        note = _note(item, loc, problems)
        if note is not None:
            notes.append(note)
        elif isinstance(raw_id, str):
            broken.append(raw_id)
    links = [link for item, loc in _items(fields.get("links"), data, "links", problems)
             if (link := _link(item, loc, slug, problems)) is not None]
    corrections = [c for item, loc in _items(fields.get("corrections"), data, "corrections", problems)
                   if (c := _correction(item, loc, slug, problems)) is not None]
    unchecked = _unchecked_list(fields.get("unchecked"), data, notes, problems)
    questions = [q for item, loc in _items(fields.get("questions"), data, "questions", problems)
                 if (q := _question(item, loc, problems)) is not None]
    return _notes_parts(notes, links, corrections, unchecked, questions, broken, fields.get("reviewed"))


def _notes_parts(notes=(), links=(), corrections=(), unchecked=(), questions=(), broken=(), reviewed=None) -> dict:
    """What a notes file adds to its article, as the ``Article`` fields it fills."""
    return {"notes": tuple(notes), "links": tuple(links), "corrections": tuple(corrections),
            "unchecked": tuple(unchecked), "questions": tuple(questions), "broken_notes": tuple(broken),
            "reviewed": reviewed}


def _unchecked_list(value: Any, data: YamlMap, notes: list[Note], problems: Problems) -> list[model.Unchecked]:
    """The `unchecked:` entries; one listed twice, or a passage that already has a note, is refused.

    Whether each quote is in the article is checked where notes are anchored (companion.anchor),
    with the same "did you mean" for a near miss.
    """
    noted = {_selector(n.quote, n.prefix, n.suffix): n.id for n in notes}
    seen: dict[tuple[str, str, str], int] = {}
    entries = []
    for item, loc in _items(value, data, "unchecked", problems):
        if not isinstance(item, YamlMap):
            problems.error(loc, "each entry of 'unchecked' must be a mapping with 'quote' and 'reason'")
            continue
        mark = problems.mark()
        fields = check_fields(item, model.UNCHECKED_FIELDS, "an unchecked claim", problems)
        quote = fields.get("quote")
        if quote is not None and "\n" in quote.strip():
            problems.error(item.at("quote"), "'quote' spans several lines; a quote may not cross a paragraph")
        if problems.errors_since(mark) or quote is None or "reason" not in fields:
            continue
        entry = model.Unchecked(quote, fields.get("prefix", ""), fields.get("suffix", ""), fields["reason"],
                                item.loc, tuple(item.key_loc.items()))
        key = _selector(entry.quote, entry.prefix, entry.suffix)
        if key in seen:
            problems.error(item.loc, f"unchecked claim '{quoted(quote)}' is listed twice (first on line {seen[key]})")
            continue
        if key in noted:
            problems.error(item.at("quote"), f"unchecked claim '{quoted(quote)}' has a note, '{noted[key]}'; "
                           "a claim with a note is not unchecked: remove it from 'unchecked'")
            continue
        seen[key] = item.loc.line
        entries.append(entry)
    return entries


def _selector(quote: str, prefix: str, suffix: str) -> tuple[str, str, str]:
    """A quote with its prefix and suffix as the anchoring compares them (quotes, dashes, spaces folded)."""
    return normalize(quote).text.strip(), normalize(prefix).text, normalize(suffix).text


def _correction(item: Any, loc: Location, slug: str, problems: Problems) -> model.Correction | None:
    if not isinstance(item, YamlMap):
        problems.error(loc, "each correction must be a mapping with 'date' and 'note'")
        return None
    fields = check_fields(item, model.CORRECTION_FIELDS, "a correction", problems)
    if "date" not in fields or "note" not in fields:
        return None
    ids = tuple(_claim_ids(fields.get("notes"), problems))
    return model.Correction(slug, fields["date"], fields["note"], ids, item.loc)


def _question(item: Any, loc: Location, problems: Problems) -> model.Question | None:
    """Read one `questions:` entry; what its `about` ids name is checked by companion.questions."""
    if not isinstance(item, YamlMap):
        problems.error(loc, "each question must be a mapping with 'question' and, if it is about passages, 'about'")
        return None
    mark = problems.mark()
    fields = check_fields(item, model.QUESTION_FIELDS, "a question", problems)
    if problems.errors_since(mark) or "question" not in fields:
        return None
    # A malformed id is reported and left out; the question and its other ids still count.
    about = tuple(_claim_ids(fields.get("about"), problems, "a note or link id"))
    return model.Question(fields["question"], about, item.loc)


def _claim_ids(value: Any, problems: Problems, what: str = "a note id"):
    """Ids listed in `key_claims`, a correction's `notes` or a question's `about`, with where each is written."""
    for item, loc in zip(value or [], getattr(value, "item_loc", []), strict=False):
        if not isinstance(item, str) or not model.NOTE_ID_RE.match(item):
            problems.error(loc, f"'{quoted(item)}' is not {what}")
            continue
        yield model.NoteRef(item, loc)


def _check_note_references(article: Article, problems: Problems) -> None:
    """`key_claims` and corrections must name notes of this article."""
    ids = {n.id for n in article.notes}
    refs = list(article.key_claims) + [ref for c in article.corrections for ref in c.note_ids]
    for ref in refs:
        if ref.id not in ids and not article.has_broken_note(ref.id):
            problems.error(ref.loc, f"no note '{ref.id}' in {article.notes_path or article.slug + '.notes.yml'}"
                           f"{did_you_mean(ref.id, ids)}")


def _link(item: Any, loc: Location, slug: str, problems: Problems) -> model.Link | None:
    """Read one `links:` entry; whether its ends exist is checked by companion.links."""
    if not isinstance(item, YamlMap):
        problems.error(loc, "each link must be a mapping with 'from', 'to', 'type' and 'note'")
        return None
    mark = problems.mark()
    fields = check_fields(item, model.LINK_FIELDS, "a link", problems)
    link_type = fields.get("type")
    if link_type is not None and link_type not in model.LINK_TYPES:
        problems.error(item.at("type"), f"unknown link type '{quoted(link_type)}'{did_you_mean(link_type, model.LINK_TYPES)}; "
                       f"allowed: {', '.join(model.LINK_TYPES)}")
    link_id = fields.get("id")
    if link_id is not None and not model.NOTE_ID_RE.match(link_id):
        problems.error(item.at("id"), f"invalid link id '{quoted(link_id)}': use lowercase letters a-z, digits and single hyphens")
    target = fields.get("to")
    if target is not None and not model.CLAIM_RE.match(target):
        problems.error(item.at("to"), f"'to': '{quoted(target)}' is not a claim; write <article slug>#<note id>")
    if problems.errors_since(mark) or any(k not in fields for k in ("from", "to", "type", "note")):
        return None
    to_slug, to_id = target.split("#")
    return model.Link(slug, fields["from"], to_slug, to_id, link_type, fields.get("topic"), fields["note"], item.loc,
                      tuple(item.key_loc.items()), id=link_id)


def _note(item: Any, loc: Location, problems: Problems) -> Note | None:
    if not isinstance(item, YamlMap):
        problems.error(loc, "each note must be a mapping with at least 'id' and 'quote'")
        return None
    mark = problems.mark()
    fields = check_fields(item, model.NOTE_FIELDS, "a note", problems)
    note_id = fields.get("id")
    if note_id is not None and not model.NOTE_ID_RE.match(note_id):
        problems.error(item.at("id"), f"invalid note id '{quoted(note_id)}': use lowercase letters a-z, digits and single hyphens")
    kind = fields.get("kind")
    text = fields.get("note")
    if kind is not None and kind not in model.NOTE_KINDS:
        problems.error(item.at("kind"), f"unknown kind '{quoted(kind)}'{did_you_mean(kind, model.NOTE_KINDS)}; "
                       f"allowed: {', '.join(model.NOTE_KINDS)}")
    # Whether the fields are written, not whether they are valid: an invalid one has its own error.
    if "note" in item and "kind" not in item:
        problems.error(item.loc, "a note with text needs a 'kind': " + ", ".join(model.NOTE_KINDS))
    # What depends on the kind is judged only when the kind is known: a mistyped kind is one mistake.
    if kind in model.NOTE_KINDS or kind is None:
        if kind is not None and "note" not in item:
            problems.error(item.loc, f"a {kind} note needs 'note' text (only a bare anchor has neither kind nor note)")
        _check_kind_field(item, fields, "verdict", "fact-check", model.VERDICTS, problems)
        _check_kind_field(item, fields, "outcome", "prediction", model.OUTCOMES, problems)
        if "resolved" in fields and kind != "prediction":
            problems.error(item.at("resolved"), "'resolved' belongs only on a prediction note")
    if "resolved" in fields and fields.get("outcome") == "pending":
        problems.error(item.at("resolved"), "a pending prediction has no 'resolved' date yet")
    for key in ("quote", "prefix", "suffix"):
        value = fields.get(key)
        if value is not None and "\n" in value.strip():
            problems.error(item.at(key), f"'{key}' spans several lines; a quote may not cross a paragraph")
    sources = _sources(fields.get("sources"), item, "sources", problems)
    if problems.errors_since(mark) or note_id is None or "quote" not in fields:
        return None
    return Note(
        id=note_id,
        quote=fields["quote"],
        prefix=fields.get("prefix", ""),
        suffix=fields.get("suffix", ""),
        kind=kind,
        text=text,
        sources=sources,
        verdict=fields.get("verdict"),
        outcome=fields.get("outcome"),
        resolved=fields.get("resolved"),
        loc=item.loc,
        field_locs=tuple(item.key_loc.items()),
        language=fields.get("language"),
    )


def _check_kind_field(item: YamlMap, fields: dict, key: str, kind: str, allowed: tuple[str, ...], problems: Problems) -> None:
    """``verdict`` belongs to fact-checks and ``outcome`` to predictions, and each needs the other."""
    value = fields.get(key)
    if value is None:
        if fields.get("kind") == kind:
            problems.error(item.loc, f"a {kind} note needs '{key}': {', '.join(allowed)}")
        return
    if fields.get("kind") != kind:
        problems.error(item.at(key), f"'{key}' belongs only on a {kind} note")
    elif value not in allowed:
        problems.error(item.at(key), f"unknown {key} '{quoted(value)}'{did_you_mean(value, allowed)}; allowed: {', '.join(allowed)}")


# --- Shared pieces --------------------------------------------------------------------------


def _items(value: Any, parent: YamlMap, key: str, problems: Problems):
    """Yield (item, location) for a list field that check_fields accepted."""
    if value is None:
        return
    yield from zip(value, value.item_loc, strict=True)


def _sources(value: Any, parent: YamlMap, key: str, problems: Problems) -> tuple[Source, ...]:
    sources = []
    for item, loc in _items(value, parent, key, problems):
        if not isinstance(item, YamlMap):
            problems.error(loc, f"each entry of '{key}' must be a mapping with 'title' and 'url'")
            continue
        fields = check_fields(item, model.SOURCE_FIELDS, f"an entry of '{key}'", problems)
        if "title" in fields:
            sources.append(Source(fields["title"], fields.get("url"), fields.get("publisher"), fields.get("date"), item.loc,
                                  fields.get("accessed"), fields.get("archive_url"),
                                  bool(fields.get("reports_later_events", False))))
    return tuple(sources)


def _republication(item: Any, loc: Location, problems: Problems) -> Republication | None:
    if not isinstance(item, YamlMap):
        problems.error(loc, "each entry of 'republished' must be a mapping with 'outlet', 'date' and 'url'")
        return None
    fields = check_fields(item, model.REPUBLISHED_FIELDS, "an entry of 'republished'", problems)
    if "outlet" not in fields:
        return None
    return Republication(fields["outlet"], fields.get("date"), fields.get("url"), item.loc)


def check_fields(data: YamlMap, spec: tuple[Field, ...], what: str, problems: Problems) -> dict[str, Any]:
    """Check ``data`` against a field table; return the valid values, converted (dates parsed).

    Reports unknown keys (with "did you mean"), missing required keys and values of the wrong
    type, each at its own line. Invalid values are left out of the result.
    """
    by_name = {f.name: f for f in spec}
    result: dict[str, Any] = {}
    for key, value in data.items():
        field = by_name.get(key)
        if field is None:
            problems.error(data.at(key), f"unknown field '{quoted(key)}' in {what}{did_you_mean(key, by_name)}; "
                           f"allowed: {', '.join(by_name)}")
            continue
        converted = _convert(field, value, data.at(key), problems)
        if converted is not _INVALID:
            result[key] = converted
    for field in spec:
        if field.required and field.name not in data:
            problems.error(data.loc, f"missing required field '{field.name}' in {what}")
    return result


_INVALID = object()
_TYPE_WORDS = {"text": "text", "markdown": "text", "inline markdown": "text", "date": "a date", "url": "a URL",
               "list": "a list", "bool": "true or false", "language": "a language tag"}
# What rendered Markdown may hold besides paragraphs and inline elements, and why not more.
_BLOCKS = {
    "markdown": ({"ul", "ol", "li", "blockquote", "pre", "hr"},
                 "a heading would break the page's outline, so it may hold paragraphs, lists, quotes, "
                 "inline formatting and links"),
    "inline markdown": (set(), "it is shown inside a line of text, so it may hold only paragraphs, "
                               "inline formatting and links"),
}


def _convert(field: Field, value: Any, loc: Location, problems: Problems) -> Any:
    if value is None:
        if field.nullable:
            return None
        problems.error(loc, f"'{field.name}' is empty; give {_TYPE_WORDS[field.type]}" + (" or null" if field.nullable else ""))
        return _INVALID
    if field.type == "date":
        try:
            return parse_date(value)
        except DateError as exc:
            problems.error(loc, f"'{field.name}': {exc}")
            return _INVALID
    if field.type == "list":
        if not isinstance(value, YamlList):
            problems.error(loc, f"'{field.name}' must be a list")
            return _INVALID
        return value
    if field.type == "bool":
        if not isinstance(value, bool):
            problems.error(loc, f"'{field.name}' must be true or false")
            return _INVALID
        return value
    if isinstance(value, (YamlMap, YamlList)) or isinstance(value, bool):
        problems.error(loc, f"'{field.name}' must be {_TYPE_WORDS[field.type]}, not {_type_name(value)}")
        return _INVALID
    return _convert_text(field, str(value), loc, problems)


def _convert_text(field: Field, text: str, loc: Location, problems: Problems) -> Any:
    """A value of one of the text types (text, Markdown, URL, language), checked as its type says."""
    if not text.strip():
        problems.error(loc, f"'{field.name}' is empty")
        return _INVALID
    if field.type == "url" and not is_web_url(text):
        problems.error(loc, f"'{field.name}': '{quoted(text)}' is not a web address; use an http:// or https:// URL")
        return _INVALID
    if field.type == "language":
        problem = language_problem(text.strip())
        if problem:
            problems.error(loc, f"'{field.name}': {problem}")
            return _INVALID
        return canonical_case(text.strip())
    if field.type in _BLOCKS:
        allowed, why = _BLOCKS[field.type]
        extra = safe_markdown.block_tags(safe_markdown.render(text)) - allowed
        if extra:
            problems.error(loc, f"'{field.name}' uses {', '.join(sorted('<' + t + '>' for t in extra))}; {why}")
            return _INVALID
        return text
    return text.strip() if field.name not in ("prefix", "suffix", "quote") else text


def _type_name(value: Any) -> str:
    return "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else "true/false"


def is_web_url(text: str) -> bool:
    """True for an absolute http(s) URL with a host: the only URLs a maintainer's source may use."""
    parts = urlsplit(text.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not re.search(r"\s", text.strip())




def check_value(field: Field, value: Any, loc: Location, problems: Problems) -> Any:
    """``value`` as ``field``'s type accepts it, or an error at ``loc`` with the loader's message.

    The one engine for a value of any maintainers' file: the notes and front matter use it
    through their field tables, ``siteconfig`` for the keys of mkdocs.yml the generator reads.
    Returns the converted value, or a sentinel (never None) when the value was refused.
    """
    if isinstance(value, list) and not isinstance(value, YamlList):
        value = YamlList(value)  # values of plain YAML (mkdocs.yml): lists are lists all the same
    return _convert(field, value, loc, problems)
