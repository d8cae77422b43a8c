"""The `unchecked:` list: claims left without a note, each anchored in the article and with a reason."""

from __future__ import annotations

from bs4 import BeautifulSoup
from support import ARTICLE, run_cli

NOTES = """\
notes:
  - id: rebalance
    quote: rebalance
    kind: context
    note: A word the author uses.
unchecked:
  - quote: The second paragraph has
    reason: "opinion: the author's *own* reading"
"""


def test_a_valid_unchecked_list_checks_clean(make_corpus):
    root = make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": NOTES})
    result = run_cli(root, "check")
    assert result.status == 0, result.err


def test_every_unchecked_problem_is_reported_with_an_exact_message(make_corpus):
    notes = """\
notes:
  - id: rebalance
    quote: rebalance
    kind: context
    note: A word the author uses.
unchecked:
  - quote: The second paragraph has
    reason: opinion
  - quote: The second  paragraph has
    reason: listed again, with other spacing
  - quote: rebalance
    reason: it has a note already
  - quote: The sekond paragraf haz sum emfasis
    reason: a near miss
  - quote: nothing like this anywhere
    reason: a miss
  - quote: paragraph
    reason: two places
  - quote: The first paragraph
    reason: ""
  - quote: The first paragraph
  - reason: no quote
  - quote: The first paragraph
    reason: x
    because: a mistyped field
  - just text
"""
    root = make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": notes})
    result = run_cli(root, "check")
    assert result.status == 1
    assert result.lines == [
        "articles/a.notes.yml:9:5: error: unchecked claim 'The second  paragraph has' is listed twice (first on line 7)",
        "articles/a.notes.yml:11:5: error: unchecked claim 'rebalance' has a note, 'rebalance'; "
        "a claim with a note is not unchecked: remove it from 'unchecked'",
        "articles/a.notes.yml:13:5: error: quote 'The sekond paragraf haz sum emfasis' is not in articles/a.md; "
        "did you mean 'The second paragraph has some emphasis'?",
        "articles/a.notes.yml:15:5: error: quote 'nothing like this anywhere' is not in articles/a.md",
        "articles/a.notes.yml:17:5: error: quote 'paragraph' matches 2 places in articles/a.md: paragraph 1 "
        "('…The first [paragraph] says that Russia would…'); paragraph 2 ('…The second [paragraph] has some emphasis "
        "here and a…'). Add a 'prefix' or 'suffix' to pick one",
        "articles/a.notes.yml:20:5: error: 'reason' is empty",
        "articles/a.notes.yml:21:5: error: missing required field 'reason' in an unchecked claim",
        "articles/a.notes.yml:22:5: error: missing required field 'quote' in an unchecked claim",
        "articles/a.notes.yml:25:5: error: unknown field 'because' in an unchecked claim; allowed: quote, prefix, suffix, reason",
        "articles/a.notes.yml:26:5: error: each entry of 'unchecked' must be a mapping with 'quote' and 'reason'",
        "10 errors, 0 warnings",
    ]


def test_an_unchecked_quote_across_paragraphs_or_lines_is_refused(make_corpus):
    notes = NOTES.replace("  - quote: The second paragraph has\n",
                          "  - quote: \"with China. The second\"\n")
    notes += "  - quote: |\n      two\n      lines\n    reason: x\n"
    root = make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": notes})
    result = run_cli(root, "check")
    assert result.lines == [
        "articles/a.notes.yml:7:5: error: quote 'with China. The second' crosses a paragraph boundary in "
        "articles/a.md; a quote must lie within one paragraph",
        "articles/a.notes.yml:9:5: error: 'quote' spans several lines; a quote may not cross a paragraph",
        "2 errors, 0 warnings",
    ]


def test_a_near_match_is_re_anchored_with_a_warning_as_for_notes(make_corpus):
    notes = NOTES.replace("The second paragraph has", "The secnd paragraph hs some")
    root = make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": notes})
    assert run_cli(root, "check", "--strict").lines == [
        "articles/a.notes.yml:7:5: warning: quote 'The secnd paragraph hs some' no longer matches articles/a.md exactly; "
        "re-anchored to the closest passage (96% similar). Replace the quote with: 'The second paragraph has some'",
        "0 errors, 1 warning",
    ]


def test_a_prefix_picks_one_of_two_places(make_corpus):
    notes = NOTES + "  - quote: paragraph\n    prefix: \"The first \"\n    reason: a detail\n"
    root = make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": notes})
    assert run_cli(root, "check").status == 0


def test_the_article_page_lists_the_unchecked_claims_with_their_reasons(make_corpus):
    article = ARTICLE.replace("published: 2019-05\n", "published: 2019-05\nprovenance: How we know.\n")
    root = make_corpus({"articles/a.md": article, "articles/a.notes.yml": NOTES})
    result = run_cli(root, "build")
    assert result.status == 0, result.err
    soup = BeautifulSoup((root / "site/articles/a/index.html").read_text(encoding="utf-8"), "html.parser")
    section = soup.select_one("article.rc-article details.rc-unchecked")
    assert section is not None
    assert section.select_one("summary").get_text() == "Claims not checked, and why (1)"
    # Placed under the provenance panel.
    assert section.find_previous_sibling("details")["class"] == ["rc-provenance"]
    claims = section.select("li.rc-unchecked-claim")
    assert [li.select_one("q.rc-unchecked-quote").get_text() for li in claims] == ["The second paragraph has"]
    reason = claims[0].select_one(".rc-unchecked-reason")
    assert reason.get_text() == "opinion: the author's own reading"
    assert [em.get_text() for em in reason.select("em")] == ["own"]
    # Listed, not marked: the passage is not highlighted in the body.
    assert soup.select(".rc-body mark") and all("second" not in m.get_text() for m in soup.select(".rc-body mark"))


def test_an_article_without_unchecked_claims_has_no_such_section(make_corpus):
    root = make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": NOTES.split("unchecked:")[0]})
    assert run_cli(root, "build").status == 0
    soup = BeautifulSoup((root / "site/articles/a/index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select(".rc-unchecked") == []
