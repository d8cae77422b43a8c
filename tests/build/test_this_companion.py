"""The checks about THIS companion: whatever ``articles/`` and ``companion.yml`` hold.

A teacher who replaces ``articles/`` with their own companion runs these to see that it meets
its policy and that its site works; no test here names an article, a note or an event. The
generator's own tests (on invented corpora) are elsewhere; the gates, which open the pages of
the current companion in a browser, are in test_gates.py, test_browser.py and test_zensical.py.

The checks that hold for any companion are functions of a :class:`sitechecks.Companion`, so
that tests/build/test_any_companion.py runs them on companions it writes itself.
"""

from __future__ import annotations

from collections import Counter

import pytest
from sitechecks import (
    Companion,
    check_every_event_names_a_source,
    check_files_validate_and_name_their_schemas,
    check_site,
    check_strict_passes,
    check_tokenizer_agrees_with_html_parser,
)
from support import PROJECT

# This companion's own standard for cross-links (CONTRIBUTING.md, "Links between articles"):
# at least this many of each type, every article linked, every link's note at least 8 words.
LINK_MINIMUMS = {"contradicts": 6, "supports": 3}
LINK_NOTE_WORDS = 8


@pytest.fixture(scope="module")
def companion(built_site) -> Companion:
    return Companion(PROJECT, built_site)


# --- The checks, on any companion --------------------------------------------------------------


def check_link_minimums(c: Companion) -> None:
    """The links meet this companion's standard: enough of each type, every article linked, notes that explain."""
    types = Counter(link.type for link in c.links)
    assert [t for t, n in LINK_MINIMUMS.items() if types[t] < n] == [], dict(types)
    linked = {slug for link in c.links for slug, _ in link.ends}
    assert linked == {a.slug for a in c.corpus.articles}
    assert [link.note for link in c.links if len(link.note.split()) < LINK_NOTE_WORDS] == []


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
