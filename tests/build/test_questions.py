"""Questions for discussion: the list at the end of the article, the markers at its passages,
the pairs on the disagreements page, and every mistake in them with an exact message."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
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
  - id: who-balances
    from: rebalance
    to: b#emphasis
    type: contradicts
    note: They disagree.
questions:
  - question: What would *count* as evidence <script>alert(1)</script>?
    about: [rebalance]
  - question: Whose reading fits the events better?
    about: [who-balances]
  - question: Who is the article written for?
"""
NOTES_B = """\
notes:
  - id: emphasis
    quote: some emphasis here
    kind: context
    note: B's note.
questions:
  - question: Does the other article answer this one?
    about: [who-balances, emphasis]
"""


def _page(root, path):
    return BeautifulSoup((root / path).read_text(), "html.parser")


def _text(element) -> str:
    return re.sub(r"\s+", " ", element.get_text()).strip()


def test_questions_end_the_article_and_markers_lead_to_them(make_corpus):
    root = make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": NOTES_A,
                        "articles/b.md": OTHER, "articles/b.notes.yml": NOTES_B})
    assert run_cli(root, "build").status == 0
    a = _page(root, "site/articles/a/index.html")
    section = a.select_one("section.rc-questions")
    assert section.select_one("h2").get_text() == "Questions for discussion"
    items = section.select("ol > li")
    assert [li["id"] for li in items] == ["question_1", "question_2", "question_3"]
    assert [_text(li.select_one(".rc-question-text")) for li in items] == [
        "What would count as evidence <script>alert(1)</script>?", "Whose reading fits the events better?",
        "Who is the article written for?"]
    assert items[0].select_one(".rc-question-text em").get_text() == "count" and a.select("section.rc-questions script") == []
    assert [a_["href"] for a_ in items[0].select(".rc-question-about a")] == ["#rebalance"]
    # A question about a link points to its end here and to the pair on the disagreements page.
    assert [a_["href"] for a_ in items[1].select(".rc-question-about a")] == [
        "#rebalance", "../../disagreements/#link-a--rebalance--b--emphasis"]
    assert items[2].select(".rc-question-about") == []
    # The markers follow the passage, before its note's toggle, one per question about it.
    markers = a.select(".rc-body a.rc-question-ref")
    assert [(m["href"], m.get_text(), m["aria-label"]) for m in markers] == [
        ("#question_1", "Q1", "Q1: question for discussion"), ("#question_2", "Q2", "Q2: question for discussion")]
    assert markers[-1].find_next_sibling()["data-note"] == "rebalance"
    b = _page(root, "site/articles/b/index.html")
    assert [m["href"] for m in b.select(".rc-body a.rc-question-ref")] == ["#question_1"]
    assert [a_["href"] for a_ in b.select("#question_1 .rc-question-about a")] == [
        "#emphasis", "../../disagreements/#link-a--rebalance--b--emphasis"]


def test_the_disagreements_page_shows_the_questions_about_each_pair(make_corpus):
    root = make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": NOTES_A,
                        "articles/b.md": OTHER, "articles/b.notes.yml": NOTES_B})
    assert run_cli(root, "build").status == 0
    pair = _page(root, "site/disagreements/index.html").select_one("section.rc-pair")
    asked = pair.select(".rc-pair-questions li")
    # Oldest article first, as the pair's sides are.
    assert [_text(li) for li in asked] == [
        "Does the other article answer this one? Question 1 on “Another article”",
        "Whose reading fits the events better? Question 2 on “A test article”"]
    assert [li.select_one("a.rc-question-source")["href"] for li in asked] == [
        "../articles/b/#question_1", "../articles/a/#question_2"]


def test_an_article_without_questions_has_no_section(make_corpus):
    root = make_corpus({"articles/a.md": ARTICLE})
    assert run_cli(root, "build").status == 0
    page = _page(root, "site/articles/a/index.html")
    assert page.select("section.rc-questions") == [] and page.select("a.rc-question-ref") == []


QUESTION_ERRORS = """\
notes:
  - id: rebalance
    quote: rebalance
    kind: context
    note: A note.
links:
  - id: who-balances
    from: rebalance
    to: b#emphasis
    type: contradicts
    note: They disagree.
  - id: Bad_Link
    from: rebalance
    to: b#first
    type: supports
    note: x
questions:
  - question: ""
  - about: [rebalance]
  - question: Fine?
    about: [rebalanse, who-balanses, rebalance, rebalance, Not_An_Id]
  - question: About a link elsewhere?
    about: [elsewhere]
  - just a string
  - question: Unknown key?
    abuot: [rebalance]
"""
NOTES_B_LINKED = """\
notes:
  - id: emphasis
    quote: some emphasis here
    kind: context
    note: B's note.
  - id: first
    quote: The first paragraph
links:
  - id: who-balances
    from: first
    to: c#second
    type: supports
    note: y
  - id: emphasis
    from: emphasis
    to: c#second
    type: qualifies
    note: z
"""
NOTES_C = """\
notes:
  - id: second
    quote: second paragraph
    kind: context
    note: C's note.
links:
  - id: elsewhere
    from: second
    to: b#emphasis
    type: contradicts
    note: w
"""


def test_every_question_and_link_id_error_has_an_exact_message(make_corpus):
    third = ARTICLE.replace("A test article", "A third").replace("2019-05", "2020-01")
    root = make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": QUESTION_ERRORS,
                        "articles/b.md": OTHER, "articles/b.notes.yml": NOTES_B_LINKED,
                        "articles/c.md": third, "articles/c.notes.yml": NOTES_C})
    result = run_cli(root, "check")
    assert result.status == 1
    assert result.lines == [
        "articles/a.notes.yml:12:5: error: invalid link id 'Bad_Link': use lowercase letters a-z, digits and single hyphens",
        "articles/a.notes.yml:18:5: error: 'question' is empty",
        "articles/a.notes.yml:19:5: error: missing required field 'question' in a question",
        "articles/a.notes.yml:21:13: error: 'about': 'rebalanse' is neither a note in articles/a.notes.yml nor a link "
        "with an end in this article (did you mean 'rebalance'?)",
        "articles/a.notes.yml:21:24: error: 'about': 'who-balanses' is neither a note in articles/a.notes.yml nor a link "
        "with an end in this article (did you mean 'who-balances'?)",
        "articles/a.notes.yml:21:49: error: 'rebalance' is listed twice in this question's 'about'",
        "articles/a.notes.yml:21:60: error: 'Not_An_Id' is not a note or link id",
        "articles/a.notes.yml:23:13: error: link 'elsewhere' joins c#second and b#emphasis, not a passage of this "
        "article; ask the question in the notes file of one of those two articles",
        "articles/a.notes.yml:24:5: error: each question must be a mapping with 'question' and, if it is about "
        "passages, 'about'",
        "articles/a.notes.yml:26:5: error: unknown field 'abuot' in a question (did you mean 'about'?); allowed: "
        "question, about",
        "articles/b.notes.yml:9:5: error: duplicate link id 'who-balances' (first used at articles/a.notes.yml:7)",
        "articles/b.notes.yml:14:5: error: link id 'emphasis' is also a note id in articles/b.notes.yml; give the "
        "link another id",
        "12 errors, 0 warnings",
    ]


def test_the_policy_can_ask_for_questions(make_corpus):
    root = make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": NOTES_A,
                        "articles/b.md": OTHER, "articles/b.notes.yml": NOTES_B,
                        "companion.yml": "policy:\n  min_questions: 2\n"})
    result = run_cli(root, "check")
    assert result.lines == [
        "articles/b.notes.yml:1:1: warning: 1 question for discussion; the policy asks for at least 2 per article",
        "0 errors, 1 warning",
        "checked 2 articles, 3 notes: no errors; 1 warning (--strict fails on them)",
    ]
