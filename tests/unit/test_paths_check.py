"""Reading paths in companion.yml: every mistake at its line, with the exact message, in one run."""

from __future__ import annotations

from support import ARTICLE, run_cli

NOTES = "notes:\n  - id: rebalance\n    quote: rebalance\n    kind: context\n    note: A note.\n"
GOOD_STEPS = """\
    steps:
      - read: first#rebalance
        guidance: Where does it start?
      - read: second
        guidance: And where does it end?
"""
PATHS = """\
paths:
  - id: Bad_Id
    title: A bad id
    introduction: Its id has capitals.
""" + GOOD_STEPS + """\
  - id: good
    titel: A misspelt field
    introduction: Its title is misspelt.
""" + GOOD_STEPS + """\
  - id: good
    title: The same id again
    introduction: A duplicate.
""" + GOOD_STEPS + """\
  - id: index
    title: A reserved id
    introduction: It would replace the list of paths.
""" + GOOD_STEPS + """\
  - id: short
    title: One step
    introduction: Too short to be a path.
    steps:
      - read: first
        guidance: Only this.
  - id: steps
    title: Broken steps
    introduction: Every way a step can be wrong.
    steps:
      - read: first#
        guidance: Malformed.
      - read: frist
        guidance: A misspelt article.
      - read: first#rebalanse
        guidance: A misspelt note.
      - read: second
      - read: second
        guidance:
      - second
"""


def _project(make_corpus, companion: str):
    return make_corpus({"articles/first.md": ARTICLE, "articles/first.notes.yml": NOTES,
                        "articles/second.md": ARTICLE.replace("A test article", "Another"),
                        "companion.yml": companion})


def test_every_mistake_in_a_reading_path_is_reported_at_its_line(make_corpus):
    result = run_cli(_project(make_corpus, PATHS), "check")
    assert result.status == 1
    assert result.lines == [
        "companion.yml:2:5: error: invalid path id 'Bad_Id': use lowercase letters a-z, digits and single hyphens",
        "companion.yml:10:5: error: missing required field 'title' in a reading path",
        "companion.yml:11:5: error: unknown field 'titel' in a reading path (did you mean 'title'?); "
        "allowed: id, title, introduction, steps",
        "companion.yml:18:5: error: duplicate path id 'good' (first used on line 10)",
        "companion.yml:26:5: error: the path id 'index' is reserved: paths/index.md is the list of paths",
        "companion.yml:37:5: error: a reading path needs at least 2 steps; this one has 1",
        "companion.yml:44:9: error: 'read': 'first#' is neither an article nor a claim; "
        "write <article slug> or <article slug>#<note id>",
        "companion.yml:46:9: error: 'read': no article 'frist' (did you mean 'first'?)",
        "companion.yml:48:9: error: 'read': no note 'rebalanse' in articles/first.notes.yml (did you mean 'rebalance'?)",
        "companion.yml:50:9: error: missing required field 'guidance' in a path step",
        "companion.yml:52:9: error: 'guidance' is empty; give text",
        "companion.yml:53:9: error: each step must be a mapping with 'read' and 'guidance'",
        "12 errors, 0 warnings",
    ]


def test_paths_must_be_a_list_and_companion_yml_knows_its_keys(make_corpus):
    result = run_cli(_project(make_corpus, "path:\n  - id: x\npaths: {id: x}\n"), "check")
    assert result.lines == [
        "companion.yml:1:1: error: unknown field 'path' in companion.yml (did you mean 'paths'?); allowed: policy, paths",
        "companion.yml:3:1: error: 'paths' must be a list of reading paths",
        "2 errors, 0 warnings",
    ]


def test_a_path_that_is_not_a_mapping_is_named(make_corpus):
    assert run_cli(_project(make_corpus, "paths:\n  - first\n"), "check").lines == [
        "companion.yml:2:5: error: each reading path must be a mapping with 'id', 'title', 'introduction' and 'steps'",
        "1 error, 0 warnings",
    ]


def test_good_paths_check_clean(make_corpus):
    companion = "paths:\n  - id: good\n    title: Good\n    introduction: Fine.\n" + GOOD_STEPS
    assert run_cli(_project(make_corpus, companion), "check").lines == ["checked 2 articles, 1 note: ok"]
