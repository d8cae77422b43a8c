"""The editorial policy and the editorial pages, on small corpora and on the invented companion.

That the current companion meets its own policy is checked in tests/build/test_this_companion.py."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sitechecks import check_corrections_page
from support import ARTICLE, run_cli


def test_check_strict_passes_on_the_invented_companion_under_the_shipped_policy(invented):
    """A companion that meets every rule of the shipped policy (companion.yml) gets no warning."""
    assert (invented.root / "companion.yml").is_file()
    result = run_cli(invented.root, "check", "--strict")
    assert (result.status, result.lines) == (0, ["checked 3 articles, 27 notes: ok"])


POLICY = """\
policy:
  min_notes: 3
  required_kinds: [context, fact-check, prediction, definition, source]
  min_fact_checks: 2
  summary_sentences: [2, 3]
  required_front_matter: [summary, provenance]
  sourced_kinds: [context, fact-check]
  url_required_for: [fact-check, event]
  not_wikipedia_alone: [fact-check]
  https: true
  http_allowed_hosts: [old.example.org]
  later_sources_flagged: true
"""
SHORT_NOTES = """\
notes:
  - id: rebalance
    quote: rebalance
    kind: fact-check
    verdict: accurate
    note: Checked.
    sources:
      - {title: Some page, publisher: Wikipedia, url: "https://en.wikipedia.org/wiki/Page"}
  - id: emphasis
    quote: some emphasis here
    kind: context
    note: Context without a source.
  - id: link
    quote: a link
    kind: definition
    note: A definition.
    sources:
      - {title: Report, url: "http://news.example.org/r", date: 2020-01}
      - {title: Old report, url: "http://old.example.org/r", date: 2019-01}
"""


def test_the_policy_warns_about_every_shortfall_where_it_is(make_corpus):
    article = ARTICLE.replace("published: 2019-05\n", "published: 2019-05\nsummary: One sentence only.\n")
    timeline = "events:\n  - {id: e, date: 2019-01, title: An event, sources: [{title: No address}]}\n"
    root = make_corpus({"companion.yml": POLICY, "articles/a.md": article, "articles/a.notes.yml": SHORT_NOTES,
                        "articles/timeline.yml": timeline})
    result = run_cli(root, "check")
    assert result.lines == [
        "articles/a.md:2:1: warning: 1 fact-check; the policy asks for at least 2 of the article's central checkable "
        "claims, whichever side they favour",
        "articles/a.md:2:1: warning: no 'provenance'; the policy asks every article for summary, provenance",
        "articles/a.md:2:1: warning: no prediction, no source note; the policy asks every article for a note of each "
        "kind: context, fact-check, prediction, definition, source",
        "articles/a.md:2:1: warning: the summary has 1 sentence; the policy asks for 2 to 3",
        "articles/a.notes.yml:7:5: warning: fact-check 'rebalance' rests on Wikipedia alone; cite a primary or "
        "first-hand source too",
        "articles/a.notes.yml:9:5: warning: context 'emphasis' names no source; the policy asks for one on every "
        "context and fact-check note",
        "articles/a.notes.yml:18:9: warning: the URL 'http://news.example.org/r' is not https; use https, or add the "
        "host to http_allowed_hosts in companion.yml if it has no https",
        "articles/a.notes.yml:18:9: warning: the source is dated 2020-01, after the article (2019-05); add "
        "'reports_later_events: true' if it reports what came next, or cite what the author could have known",
        "articles/timeline.yml:2:5: warning: event 'e' has no source with a URL; the policy asks for one on every "
        "fact-check and event",
        "0 errors, 9 warnings",
        "checked 1 article, 3 notes: no errors; 9 warnings (--strict fails on them)",
    ]
    strict = run_cli(root, "check", "--strict")
    assert strict.status == 1 and strict.lines[-1] == "0 errors, 9 warnings"


def test_without_companion_yml_only_the_source_rules_apply(make_corpus):
    root = make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": SHORT_NOTES})
    assert run_cli(root, "check").lines[:2] == [
        "articles/a.notes.yml:18:9: warning: the URL 'http://news.example.org/r' is not https; use https, or add the "
        "host to http_allowed_hosts in companion.yml if it has no https",
        "articles/a.notes.yml:18:9: warning: the source is dated 2020-01, after the article (2019-05); add "
        "'reports_later_events: true' if it reports what came next, or cite what the author could have known",
    ]


def test_a_mistake_in_the_policy_is_an_error_at_its_line(make_corpus):
    policy = "policy:\n  min_notes: many\n  required_kinds: [contex]\n  summary_sentences: [3, 2]\n  strict: true\n"
    root = make_corpus({"companion.yml": policy, "articles/a.md": ARTICLE})
    assert run_cli(root, "check").lines == [
        "companion.yml:2:3: error: 'min_notes' must be a whole number, 0 or more",
        "companion.yml:3:3: error: 'required_kinds': unknown 'contex' (did you mean 'context'?); allowed: context, "
        "fact-check, prediction, definition, source",
        "companion.yml:4:3: error: 'summary_sentences' must be [fewest, most], for example [2, 3]",
        "companion.yml:5:3: error: unknown field 'strict' in the policy; allowed: min_notes, required_kinds, "
        "min_fact_checks, min_questions, summary_sentences, required_front_matter, sourced_kinds, url_required_for, "
        "not_wikipedia_alone, https, http_allowed_hosts, later_sources_flagged",
        "4 errors, 0 warnings",
    ]


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


def test_the_corrections_page_lists_every_correction(invented):
    assert sum(len(a.corrections) for a in invented.corpus.articles) == 3
    check_corrections_page(invented.site, invented.corpus)


def test_the_corrections_page_says_when_there_are_none(make_corpus):
    root = make_corpus({"articles/good.md": ARTICLE, "articles/good.notes.yml": CORRECTED.split("corrections:")[0]})
    assert run_cli(root, "build").status == 0
    page = BeautifulSoup((root / "site/corrections/index.html").read_text(), "html.parser")
    assert page.select("li.rc-correction") == []
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


def test_article_header_lists_key_claims_and_sourced_provenance(invented):
    article = invented.corpus.article("northfold-bridge-toll")  # names neither author nor outlet
    assert [c.id for c in article.key_claims] == ["vote", "toll-double", "freight"]
    page = BeautifulSoup((invented.site / "articles/northfold-bridge-toll/index.html").read_text(), "html.parser")
    claims = page.select(".rc-key-claims a")
    assert [a["href"] for a in claims] == [f"#{c.id}" for c in article.key_claims]
    provenance = page.select_one("details.rc-provenance")
    assert provenance.select_one("summary").get_text() == "About this source: Author and outlet not named in the source"
    assert provenance.select(".rc-sources a, .rc-sources cite")


def test_reading_guide_explains_every_kind_verdict_and_outcome(invented):
    page = BeautifulSoup((invented.site / "guide/index.html").read_text(), "html.parser")
    cells = [td.get_text() for td in page.select("table td:first-child")]
    assert cells == ["Context", "Fact-check", "Prediction", "Definition", "Source",
                     "Accurate", "Minor error", "Misleading", "Inaccurate", "Unverified", "Outdated",
                     "Came true", "Partly came true", "Did not happen", "Condition not met", "Pending"]
