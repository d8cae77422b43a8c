"""The shipped companion meets its editorial minimums, and its editorial pages work."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from companion.load import get_corpus
from companion.model import NOTE_KINDS
from companion.problems import Problems
from conftest import ARTICLE, PROJECT, run_cli

CORPUS = get_corpus(PROJECT, Problems())


def test_check_strict_passes_with_no_warning_on_the_shipped_corpus():
    result = run_cli(PROJECT, "check", "--strict")
    assert (result.status, result.lines) == (0, [f"checked 5 articles, {sum(len(a.notes) for a in CORPUS.articles)} notes: ok"])


@pytest.mark.parametrize("article", CORPUS.articles, ids=lambda a: a.slug)
def test_each_article_has_eight_notes_of_every_kind(article):
    kinds = Counter(n.kind for n in article.notes if not n.is_bare_anchor)
    assert sum(kinds.values()) >= 8
    assert set(kinds) == set(NOTE_KINDS)
    assert all(n.outcome for n in article.notes if n.kind == "prediction")
    assert article.summary and 2 <= len(re.findall(r"[.!?](?:\s|$)", article.summary)) <= 3
    assert article.provenance and article.provenance_sources and article.key_claims


def test_every_factual_note_names_a_source():
    # Notes that assert no fact of their own: a source note saying the article gives none,
    # an "unverified" check, and a prediction left open.
    exempt = lambda n: n.kind == "source" or n.verdict == "unverified" or n.outcome == "pending"
    missing = [f"{a.slug}#{n.id}" for a in CORPUS.articles for n in a.notes
               if n.text and not exempt(n) and not n.sources]
    assert missing == []


CORRECTED = """\
notes:
  - id: rebalance
    quote: rebalance
    kind: context
    note: A corrected note.
corrections:
  - date: 2026-12-01
    note: The note said *Paris*; it was Brégançon.
    notes: [rebalance]
  - date: 2026-11-02
    note: An earlier fix.
"""


def test_corrections_page_lists_corrections_newest_first(make_corpus):
    root = make_corpus({"articles/good.md": ARTICLE, "articles/good.notes.yml": CORRECTED})
    assert run_cli(root, "build").status == 0
    page = BeautifulSoup((root / "site/corrections/index.html").read_text(), "html.parser")
    items = page.select("li.rc-correction")
    assert [li.select_one("time")["datetime"] for li in items] == ["2026-12-01", "2026-11-02"]
    assert items[0].select_one("em").get_text() == "Paris"
    assert [a["href"] for a in items[0].select("a")] == ["../articles/good/", "../articles/good/#rebalance"]


def test_shipped_corrections_page_says_when_there_are_none(built_site):
    page = BeautifulSoup((built_site / "corrections/index.html").read_text(), "html.parser")
    expected = sum(len(a.corrections) for a in CORPUS.articles)
    assert len(page.select("li.rc-correction")) == expected
    if not expected:
        assert page.select_one(".rc-no-corrections").get_text() == "No corrections have been made since publication."


def test_key_claims_and_corrections_must_name_notes(make_corpus):
    article = ARTICLE.replace("published: 2019-05\n", "published: 2019-05\nkey_claims: [rebalanse, 12]\n")
    notes = CORRECTED.replace("notes: [rebalance]", "notes: [nope]")
    root = make_corpus({"articles/good.md": article, "articles/good.notes.yml": notes})
    assert run_cli(root, "check").lines == [
        "articles/good.md:6:14: error: no note 'rebalanse' in articles/good.notes.yml (did you mean 'rebalance'?)",
        "articles/good.md:6:25: error: '12' is not a note id",
        "articles/good.notes.yml:9:13: error: no note 'nope' in articles/good.notes.yml",
        "3 errors, 0 warnings",
    ]


def test_article_header_lists_key_claims_and_sourced_provenance(built_site):
    article = CORPUS.article("unraveling-alliance")
    page = BeautifulSoup((built_site / "articles/unraveling-alliance/index.html").read_text(), "html.parser")
    claims = page.select(".rc-key-claims a")
    assert [a["href"] for a in claims] == [f"#{c.id}" for c in article.key_claims]
    provenance = page.select_one("details.rc-provenance")
    assert provenance.select_one("summary").get_text() == "About this source: Author and outlet not named in the source"
    assert provenance.select(".rc-sources a, .rc-sources cite")


def test_reading_guide_explains_every_kind_verdict_and_outcome(built_site):
    page = BeautifulSoup((built_site / "guide/index.html").read_text(), "html.parser")
    cells = [td.get_text() for td in page.select("table td:first-child")]
    assert cells == ["Context", "Fact-check", "Prediction", "Definition", "Source",
                     "Accurate", "Minor error", "Misleading", "Inaccurate", "Unverified", "Outdated",
                     "Came true", "Partly came true", "Did not happen", "Pending"]
