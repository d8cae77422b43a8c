"""One mistake, one error: a note or article that failed its own checks is not reported again where it is used."""

from __future__ import annotations

from support import ARTICLE, run_cli

OTHER = ARTICLE.replace("A test article", "Another article").replace("2019-05", "2017-07")
NOTES_A = """\
notes:
  - id: rebalance
    quote: rebalance
    kind: prediction
    outcome: came-ture
    note: A prediction.
corrections:
  - date: 2020-01
    note: Fixed.
    notes: [rebalance]
"""
NOTES_B = """\
notes:
  - id: emphasis
    quote: some emphasis here
    kind: context
    note: B's note.
links:
  - from: emphasis
    to: a#rebalance
    type: contradicts
    note: They disagree.
"""
TIMELINE = """\
events:
  - id: e
    date: 2019-06
    title: Something happened
    claims: [a#rebalance, b#emphasis]
"""


def _project(make_corpus, **changes):
    files = {"articles/a.md": ARTICLE.replace("published: 2019-05\n", "published: 2019-05\nkey_claims: [rebalance]\n"),
             "articles/a.notes.yml": NOTES_A, "articles/b.md": OTHER, "articles/b.notes.yml": NOTES_B,
             "articles/timeline.yml": TIMELINE}
    files.update(changes)
    return make_corpus(files)


def test_a_typo_in_a_used_note_gives_one_error(make_corpus):
    result = run_cli(_project(make_corpus), "check")
    assert result.lines == [
        "articles/a.notes.yml:5:5: error: unknown outcome 'came-ture' (did you mean 'came-true'?); "
        "allowed: came-true, partly, did-not-happen, condition-not-met, pending",
        "1 error, 0 warnings"]


def test_an_article_that_fails_its_checks_is_not_reported_again_where_it_is_linked(make_corpus):
    root = _project(make_corpus, **{
        "articles/a.md": ARTICLE.replace("published: 2019-05", "published: 2019-13"),
        "articles/a.notes.yml": NOTES_A.replace("came-ture", "came-true")})
    assert run_cli(root, "check").lines == [
        "articles/a.md:5:1: error: 'published': '2019-13' is not a possible date: there is no month 13",
        "1 error, 0 warnings"]


def test_an_unreadable_notes_file_is_one_error(make_corpus):
    root = _project(make_corpus, **{"articles/a.notes.yml": "notes:\n  - id: rebalance\n    quote: [unclosed\n"})
    lines = run_cli(root, "check").lines
    assert len(lines) == 2 and lines[0].startswith("articles/a.notes.yml:") and lines[1] == "1 error, 0 warnings"


def test_a_reference_to_a_note_that_does_not_exist_is_still_an_error(make_corpus):
    root = _project(make_corpus, **{"articles/a.notes.yml": NOTES_A.replace("came-ture", "came-true"),
                                    "articles/b.notes.yml": NOTES_B.replace("a#rebalance", "a#rebalanse")})
    assert run_cli(root, "check").lines == [
        "articles/b.notes.yml:8:5: error: 'to': no note 'rebalanse' in articles/a.notes.yml (did you mean 'rebalance'?)",
        "1 error, 0 warnings"]
