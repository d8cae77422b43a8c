"""Cross-links: resolution errors with exact messages, both ends rendered, the disagreements page."""

from __future__ import annotations

import re
from collections import Counter

from bs4 import BeautifulSoup
from sitechecks import check_links_on_both_ends
from support import ARTICLE, run_cli

OTHER = ARTICLE.replace("A test article", "Another article").replace("2019-05", "2017-07").replace("Ann Author", "Bo Writer")
NOTES_A = """\
notes:
  - id: rebalance
    quote: rebalance
    kind: context
    note: A note.
  - id: emphasis
    quote: some emphasis here
links:
  - from: rebalance
    to: b#emphasis
    type: contradicts
    topic: main-topic
    note: They disagree.
"""
NOTES_B = """\
notes:
  - id: emphasis
    quote: some emphasis here
    kind: context
    note: B's note.
  - id: first
    quote: The first paragraph
"""


def test_links_show_on_both_ends_with_the_opposing_passage(make_corpus):
    root = make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": NOTES_A,
                        "articles/b.md": OTHER, "articles/b.notes.yml": NOTES_B})
    assert run_cli(root, "build").status == 0
    a = BeautifulSoup((root / "site/articles/a/index.html").read_text(), "html.parser")
    b = BeautifulSoup((root / "site/articles/b/index.html").read_text(), "html.parser")
    entry_a = a.select_one("#note_rebalance .rc-link-entry")
    assert entry_a.select_one(".rc-link-label").get_text() == "Contradicted by"
    link = entry_a.select_one("a.rc-link")
    assert (link["href"], link["data-type"], link.get_text()) == ("../b/#emphasis", "contradicts", "Bo Writer, The Outlet, July 2017")
    assert entry_a.select_one("q.rc-link-quote").get_text() == "some emphasis here"
    assert entry_a.select_one(".rc-link-why").get_text(strip=True) == "They disagree."
    assert entry_a.select_one(".rc-link-preview")["hidden"] == "" and entry_a.select_one(".rc-link-preview").get_text(strip=True) == "B's note."
    entry_b = b.select_one("#note_emphasis .rc-link-entry")
    assert entry_b.select_one("a.rc-link")["href"] == "../a/#rebalance"
    assert entry_b.select_one("q.rc-link-quote").get_text() == "rebalance"
    # The conversation panel on each end counts the links and jumps to the claims involved here.
    panel = a.select_one("nav.rc-conversation li")
    assert panel.select_one("a")["href"] == "../b/"
    assert re.sub(r"\s+", " ", panel.get_text()) == "Another article (Bo Writer, July 2017): 1 contradiction. Claims here: “rebalance”"
    assert panel.select("a")[-1]["href"] == "#rebalance"
    # A bare anchor never shows a note, unless links need one.
    assert b.select("#note_first") == []


def test_disagreements_page_puts_the_older_claim_first_and_counts_pairs(make_corpus):
    root = make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": NOTES_A,
                        "articles/b.md": OTHER, "articles/b.notes.yml": NOTES_B})
    assert run_cli(root, "build").status == 0
    page = BeautifulSoup((root / "site/disagreements/index.html").read_text(), "html.parser")
    assert [h.get_text() for h in page.select(".rc-disagreements h2")] == ["Article by article", "Main topic"]
    pair = page.select_one("section.rc-pair")
    assert pair["id"] == "link-a--rebalance--b--emphasis" and pair["data-type"] == "contradicts"
    sides = pair.select("blockquote.rc-side")
    assert [s.select_one("a.rc-link")["href"] for s in sides] == ["../articles/b/#emphasis", "../articles/a/#rebalance"]
    assert sides[0].select_one("time")["datetime"] == "2017-07"
    rows = page.select("table.rc-matrix tbody tr")
    assert [[td.get_text(" ", strip=True) for td in row.select("td")] for row in rows] == [
        ["— same article", "1 contradiction"], ["1 contradiction", "— same article"]]
    assert rows[0].select_one("td a")["href"] == "#link-a--rebalance--b--emphasis"


LINK_ERRORS = """\
notes:
  - id: rebalance
    quote: rebalance
    kind: context
    note: A note.
  - id: emphasis
    quote: some emphasis here
links:
  - {from: rebalanse, to: b#emphasis, type: contradicts, note: x}
  - {from: rebalance, to: bb#emphasis, type: contradicts, note: x}
  - {from: rebalance, to: b#emphasys, type: contradicts, note: x}
  - {from: rebalance, to: a#emphasis, type: contradicts, note: x}
  - {from: rebalance, to: b#emphasis, type: contradict, note: x}
  - {from: rebalance, to: b-emphasis, type: supports, note: x}
  - {from: rebalance, to: b#emphasis, type: supports}
  - {from: rebalance, to: b#emphasis, type: supports, note: first}
"""
REVERSED = NOTES_B + "links:\n  - {from: emphasis, to: a#rebalance, type: contradicts, note: again}\n"


def test_every_link_error_has_an_exact_message(make_corpus):
    root = make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": LINK_ERRORS,
                        "articles/b.md": OTHER, "articles/b.notes.yml": REVERSED})
    result = run_cli(root, "check")
    assert result.status == 1
    assert result.lines == [
        "articles/a.notes.yml:9:6: error: 'from': no note 'rebalanse' in articles/a.notes.yml (did you mean 'rebalance'?)",
        "articles/a.notes.yml:10:23: error: 'to': no article 'bb' (did you mean 'b'?)",
        "articles/a.notes.yml:11:23: error: 'to': no note 'emphasys' in articles/b.notes.yml (did you mean 'emphasis'?)",
        "articles/a.notes.yml:12:23: error: a link joins claims in two different articles; 'rebalance' and 'emphasis' are both in a",
        "articles/a.notes.yml:13:39: error: unknown link type 'contradict' (did you mean 'contradicts'?); allowed: contradicts, supports, qualifies",
        "articles/a.notes.yml:14:23: error: 'to': 'b-emphasis' is not a claim; write <article slug>#<note id>",
        "articles/a.notes.yml:15:5: error: missing required field 'note' in a link",
        "articles/b.notes.yml:9:5: error: these two claims are already linked at articles/a.notes.yml:16; declare a link once, in either article",
        "8 errors, 0 warnings",
    ]


def test_the_site_shows_each_link_on_both_ends(invented):
    assert Counter(link.type for link in invented.corpus.links) == {"contradicts": 3, "supports": 2, "qualifies": 1}
    check_links_on_both_ends(invented.site, invented.corpus)


def test_large_corpora_list_linked_pairs_instead_of_a_full_matrix(make_corpus, monkeypatch):
    from companion import aggregates

    monkeypatch.setattr(aggregates, "MATRIX_LIMIT", 1)
    root = make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": NOTES_A,
                        "articles/b.md": OTHER, "articles/b.notes.yml": NOTES_B})
    assert run_cli(root, "build").status == 0
    page = BeautifulSoup((root / "site/disagreements/index.html").read_text(), "html.parser")
    table = page.select_one("table.rc-matrix-pairs")
    rows = table.select("tbody tr")
    assert len(rows) == 1
    assert [a["href"] for a in rows[0].select("a")] == ["../articles/b/", "../articles/a/", "#link-a--rebalance--b--emphasis"]
    assert rows[0].select("td")[-1].get_text(strip=True) == "1 contradiction"


def test_a_linked_note_whose_quote_is_missing_is_reported_not_a_crash(make_corpus):
    root = make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": NOTES_A.replace("quote: rebalance", "quote: rebalancing act"),
                        "articles/b.md": OTHER, "articles/b.notes.yml": NOTES_B})
    run = run_cli(root, "build")
    assert run.status == 1
    assert run.lines == ["articles/a.notes.yml:3:5: error: quote 'rebalancing act' is not in articles/a.md; did you mean 'rebalance” its'?",
                         "1 error, 0 warnings", "nothing was written"]
    assert not (root / "site").exists()
