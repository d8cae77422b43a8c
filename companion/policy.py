"""The editorial policy: the companion's own rules for what an article and its notes must have.

The loader checks what makes a file *valid*; this stage checks what makes the companion *good
enough to publish* by its maintainers' standard: how many notes an article carries, which
sources a fact-check needs, that a source's address is https, that a source dated after the
article says it reports later events. Each rule is set in ``companion.yml`` (``policy:``) and
documented in CONTRIBUTING.md; a project without the file applies only the rules that are on
by default. Every breach is a *warning* with its ``file:line``: ``check`` shows them,
``check --strict`` (and so the test suite and the pull-request workflow) fails on them.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from urllib.parse import urlsplit

from . import model
from .dates import PartialDate
from .inputs import COMPANION_FILE
from .model import Article, Corpus, Field, Source
from .problems import Location, Problems, did_you_mean, quoted
from .yamlload import YamlMap, decode_text, load_yaml

POLICY_FILE = COMPANION_FILE

WIKIPEDIA = re.compile(r"(^|\.)wikipedia\.org$")


@dataclasses.dataclass(frozen=True)
class Policy:
    """The rules in force; the defaults are what a project without companion.yml gets."""

    min_notes: int = 0
    required_kinds: tuple[str, ...] = ()
    min_fact_checks: int = 0
    min_questions: int = 0
    summary_sentences: tuple[int, int] | None = None
    required_front_matter: tuple[str, ...] = ()
    sourced_kinds: tuple[str, ...] = ()
    url_required_for: tuple[str, ...] = ()  # note kinds, and "event" for timeline events
    not_wikipedia_alone: tuple[str, ...] = ()
    https: bool = True
    http_allowed_hosts: tuple[str, ...] = ()
    later_sources_flagged: bool = True


def read_companion_file(root: Path, problems: Problems) -> YamlMap | None:
    """``root/companion.yml`` parsed, its top-level keys checked; None without one, or when it cannot be read.

    Read once per build: the policy (:func:`get_policy`) and the reading paths
    (``companion.paths``) are each a key of it.
    """
    path = root / POLICY_FILE
    if not path.is_file():
        return None
    text = decode_text(path.read_bytes(), POLICY_FILE, problems)
    data = load_yaml(text, POLICY_FILE, problems) if text is not None else None
    if data is None:
        return None
    if not isinstance(data, YamlMap):
        problems.error(getattr(data, "loc", Location(POLICY_FILE)),
                       "companion.yml must be a mapping of settings ('policy:', 'paths:')")
        return None
    _known_keys(data, model.COMPANION_FILE_FIELDS, "companion.yml", problems)
    return data


def get_policy(settings: YamlMap | None, problems: Problems) -> Policy:
    """The policy of companion.yml (:func:`read_companion_file`), the defaults without one; mistakes in it are errors."""
    rules = settings.get("policy") if settings is not None else None
    if rules is None:
        return Policy()
    if not isinstance(rules, YamlMap):
        problems.error(settings.at("policy"), "'policy' must be a mapping of rules, such as 'min_notes: 8'")
        return Policy()
    _known_keys(rules, model.POLICY_FIELDS, "the policy", problems)
    allowed = {"required_kinds": model.NOTE_KINDS, "sourced_kinds": model.NOTE_KINDS,
               "not_wikipedia_alone": model.NOTE_KINDS, "url_required_for": model.NOTE_KINDS + ("event",),
               "required_front_matter": tuple(f.name for f in model.ARTICLE_FIELDS if not f.required)}
    values: dict = {}
    for field in model.POLICY_FIELDS:
        if field.name not in rules:
            continue
        value, loc = rules[field.name], rules.at(field.name)
        if field.type == "count" and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            problems.error(loc, f"'{field.name}' must be a whole number, 0 or more")
        elif field.type == "bool" and not isinstance(value, bool):
            problems.error(loc, f"'{field.name}' must be true or false")
        elif field.type == "list" and not (isinstance(value, list) and all(isinstance(v, (str, int)) and not isinstance(v, bool)
                                                                           for v in value)):
            problems.error(loc, f"'{field.name}' must be a list")
        elif field.name in allowed and any(v not in allowed[field.name] for v in value):
            wrong = next(v for v in value if v not in allowed[field.name])
            problems.error(loc, f"'{field.name}': unknown '{quoted(wrong)}'{did_you_mean(str(wrong), allowed[field.name])}; "
                                f"allowed: {', '.join(allowed[field.name])}")
        elif field.name == "summary_sentences" and not (len(value) == 2 and all(isinstance(v, int) for v in value)
                                                         and 0 < value[0] <= value[1]):
            problems.error(loc, "'summary_sentences' must be [fewest, most], for example [2, 3]")
        else:
            values[field.name] = tuple(value) if isinstance(value, list) else value
    return Policy(**values)


def _known_keys(data: YamlMap, fields: tuple[Field, ...], what: str, problems: Problems) -> None:
    names = [f.name for f in fields]
    for key in data:
        if key not in names:
            problems.error(data.at(key), f"unknown field '{quoted(key)}' in {what}{did_you_mean(key, names)}; "
                                         f"allowed: {', '.join(names)}")


def check_policy(corpus: Corpus, policy: Policy, problems: Problems) -> None:
    """Warn about every article, note, source and event that falls short of the policy."""
    for article in corpus.articles:
        _check_article(article, policy, problems)
        for note in article.notes:
            if note.is_bare_anchor:
                continue
            _check_sources(note.sources, f"{note.kind} '{note.id}'", note.kind, note.at("sources") if note.sources
                           else note.loc, article.published, policy, problems)
        for source in article.provenance_sources:
            _check_source(source, article.published, policy, problems)
    for event in corpus.events:
        _check_sources(event.sources, f"event '{event.id}'", "event", event.loc, None, policy, problems)


def _check_article(article: Article, policy: Policy, problems: Problems) -> None:
    notes = [n for n in article.notes if not n.is_bare_anchor]
    where = article.loc if article.loc.path else Location(article.path)
    if len(notes) < policy.min_notes:
        problems.warning(where, f"{_count(len(notes), 'note')}; the policy (companion.yml) asks for at least "
                                f"{policy.min_notes} per article")
    missing = [k for k in policy.required_kinds if not any(n.kind == k for n in notes)]
    if missing:
        problems.warning(where, f"no {', no '.join(missing)} note; the policy asks every article for a note of each "
                                f"kind: {', '.join(policy.required_kinds)}")
    checks = sum(n.kind == "fact-check" for n in notes)
    if checks < policy.min_fact_checks:
        problems.warning(where, f"{_count(checks, 'fact-check')}; the policy asks for at least {policy.min_fact_checks} "
                                "of the article's central checkable claims, whichever side they favour")
    if len(article.questions) < policy.min_questions:
        problems.warning(Location(article.notes_path) if article.notes_path else where,
                         f"{_count(len(article.questions), 'question')} for discussion; the policy asks for at least "
                         f"{policy.min_questions} per article")
    for name in policy.required_front_matter:
        if not getattr(article, name):
            problems.warning(where, f"no '{name}'; the policy asks every article for "
                                    f"{', '.join(policy.required_front_matter)}")
    if policy.summary_sentences and article.summary:
        fewest, most = policy.summary_sentences
        count = len(re.findall(r"[.!?](?:\s|$)", article.summary.strip()))
        if not fewest <= count <= most:
            problems.warning(where, f"the summary has {_count(count, 'sentence')}; the policy asks for {fewest} to {most}")


def _check_sources(sources: tuple[Source, ...], what: str, kind: str, loc: Location, published: PartialDate | None,
                   policy: Policy, problems: Problems) -> None:
    if kind in policy.sourced_kinds and not sources:
        problems.warning(loc, f"{what} names no source; the policy asks for one on every "
                              f"{_words(policy.sourced_kinds)} note")
    if kind in policy.url_required_for and not any(s.url for s in sources):
        problems.warning(loc, f"{what} has no source with a URL; the policy asks for one on every "
                              f"{_words(policy.url_required_for)}")
    if kind in policy.not_wikipedia_alone and sources and all(_is_wikipedia(s) for s in sources):
        problems.warning(loc, f"{what} rests on Wikipedia alone; cite a primary or first-hand source too")
    for source in sources:
        _check_source(source, published, policy, problems)


def _check_source(source: Source, published: PartialDate | None, policy: Policy, problems: Problems) -> None:
    for url in (source.url, source.archive_url):
        if not url or not policy.https:
            continue
        parts = urlsplit(url)
        if parts.scheme == "http" and parts.hostname not in policy.http_allowed_hosts:
            problems.warning(source.loc, f"the URL '{quoted(url)}' is not https; use https, or add the host to "
                                         "http_allowed_hosts in companion.yml if it has no https")
    if (policy.later_sources_flagged and published and source.date and not source.reports_later_events
            and source.date.first_day() > published.last_day()):
        problems.warning(source.loc, f"the source is dated {source.date.iso()}, after the article ({published.iso()}); "
                                     "add 'reports_later_events: true' if it reports what came next, or cite what "
                                     "the author could have known")


def _is_wikipedia(source: Source) -> bool:
    host = urlsplit(source.url).hostname or "" if source.url else ""
    return bool(WIKIPEDIA.search(host)) or (source.publisher or "").strip().lower() == "wikipedia"


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' * (number != 1)}"


def _words(items) -> str:
    """ "a", "a and b", "a, b and c"."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
