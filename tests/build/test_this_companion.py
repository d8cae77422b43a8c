"""The checks about THIS companion: whatever ``articles/`` and ``companion.yml`` hold.

A teacher who replaces ``articles/`` with their own companion runs these to see that it meets
its policy and that its site works; no test here names an article, a note or an event. The
generator's own tests (on invented corpora) are elsewhere; the gates, which open the pages of
the current companion in a browser, are in test_gates.py, test_browser.py and test_zensical.py.

Each check is a function of a :class:`Companion`, so that tests/build/test_any_companion.py can run
the same checks on a companion it writes itself.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import test_corpus
import test_exports
import test_links
import test_site
import test_timeline
from companion.links import resolve_links
from companion.problems import Problems
from sitechecks import check_tokenizer, schema_accepts
from support import PROJECT, run_cli, load_corpus

# This companion's own standard for cross-links (CONTRIBUTING.md, "Links between articles"):
# at least this many of each type, every article linked, every link's note at least 8 words.
LINK_MINIMUMS = {"contradicts": 6, "supports": 3}
LINK_NOTE_WORDS = 8


class Companion:
    """A companion's project root, its built site and its checked model."""

    def __init__(self, root: Path, site: Path) -> None:
        self.corpus, problems = load_corpus(root)
        self.root, self.site = root, site
        self.links = resolve_links(self.corpus, problems)
        assert problems.errors == []


@pytest.fixture(scope="module")
def companion(built_site) -> Companion:
    return Companion(PROJECT, built_site)


# --- The checks, on any companion --------------------------------------------------------------

def check_strict_passes(c: Companion) -> None:
    """``check --strict`` passes under the companion's own policy (companion.yml), with no warning."""
    assert (c.root / "companion.yml").is_file()
    result = run_cli(c.root, "check", "--strict")
    articles, notes = len(c.corpus.articles), sum(len(a.notes) for a in c.corpus.articles)
    noun = "article" if articles == 1 else "articles"
    assert (result.status, result.lines) == (0, [f"checked {articles} {noun}, {notes} notes: ok"])


def check_files_validate_and_name_their_schemas(c: Companion) -> None:
    """Every input file validates against its JSON Schema, and names it on its first line for editors."""
    for path in sorted((c.root / "articles").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        schema = "timeline.schema.json" if path.name == "timeline.yml" else "notes.schema.json"
        assert text.splitlines()[0] == f"# yaml-language-server: $schema=../schemas/{schema}", path.name
        assert schema_accepts(schema, text), path.name
    for path in sorted((c.root / "articles").glob("*.md")):
        front = path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n")
        assert schema_accepts("front-matter.schema.json", front), path.name


def check_every_event_names_a_source(c: Companion) -> None:
    assert [event.id for event in c.corpus.events if not event.sources] == []


def check_link_minimums(c: Companion) -> None:
    """The links meet this companion's standard: enough of each type, every article linked, notes that explain."""
    types = Counter(link.type for link in c.links)
    assert [t for t, n in LINK_MINIMUMS.items() if types[t] < n] == [], dict(types)
    linked = {slug for link in c.links for slug, _ in link.ends}
    assert linked == {a.slug for a in c.corpus.articles}
    assert [link.note for link in c.links if len(link.note.split()) < LINK_NOTE_WORDS] == []


def check_site(c: Companion) -> None:
    """The generator's checks of a built site, on this companion's pages."""
    assert test_site.missing_pages(c.site, c.corpus) == []
    for article in c.corpus.articles:
        test_site.check_article_header(c.site, article)
    test_site.check_articles_index(c.site, c.corpus)
    assert test_site._check_links(c.site) > 0
    test_site.check_no_request_to_another_host(c.site)
    test_corpus.check_corrections_page(c.site, c.corpus)
    test_exports.check_annotations(c.site, c.corpus)
    test_exports.check_claimreview(c.site, c.corpus)
    test_exports.check_cite_box_and_open_graph(c.site, c.corpus)
    test_links.check_links_on_both_ends(c.site, c.corpus)
    test_timeline.check_timeline_page(c.site, c.corpus)
    test_timeline.check_event_links(c.site, c.corpus)
    test_timeline.check_scorecard(c.site, c.corpus)
    test_timeline.check_timelinejs(c.site, c.corpus)


def check_tokenizer_agrees_with_html_parser(c: Companion) -> None:
    check_tokenizer([path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
                     for path in sorted((c.root / "articles").glob("*.md"))])


# --- The tests, on the current companion --------------------------------------------------------

def test_check_strict_passes_under_its_policy(companion):
    check_strict_passes(companion)


def test_every_file_validates_and_names_its_schema(companion):
    check_files_validate_and_name_their_schemas(companion)


def test_every_event_names_a_source(companion):
    check_every_event_names_a_source(companion)


def test_the_links_meet_the_companions_minimums(companion):
    check_link_minimums(companion)


def test_its_site_passes_the_generators_checks(companion):
    check_site(companion)


def test_the_regex_tokenizer_agrees_with_html_parser_on_its_articles(companion):
    check_tokenizer_agrees_with_html_parser(companion)
