"""Checking notes files: every mistake at its file:line:col, in one run, with an exact message."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from support import ARTICLE, run_cli

from companion import safe_markdown

BAD_NOTES = """\
notes:
  - id: one
    qoute: rebalance
    kind: context
    note: x
  - id: two
    quote: first paragraph
    kind: fact-check
    note: Checked.
  - id: three
    quote: second paragraph
    kind: opinion
    note: x
    sources:
      - title: A source
        url: javascript:alert(1)
      - url: https://example.org
  - id: two
    quote: some emphasis
    kind: context
    note: x
  - id: Bad_Id
    quote: link
    kind: prediction
    outcome: maybe
    resolved: 2019-02-30
    verdict: accurate
    note: x
  - id: five
    quote: Russia
    kind: context
    resolved: 2020
    note: x
  - id: six
    quote: nowhere to be found at all in text
    kind: definition
    note: x
  - quote: The first
    kind: context
  - id: seven
    quote: paragraph
    kind: context
    note: x
  - id: eight
    quote: rebalance
    kind: prediction
    outcome: pending
    resolved: 2020
    note: x
"""


def test_every_notes_problem_is_reported_in_one_run(make_corpus):
    root = make_corpus({
        "articles/good.md": ARTICLE,
        "articles/good.notes.yml": BAD_NOTES,
        "articles/orphan.notes.yml": "notes: []\n",
        "articles/empty.md": ARTICLE,
        "articles/empty.notes.yml": "# nothing here yet\n",
    })
    result = run_cli(root, "check")
    assert result.status == 1
    assert result.lines == [
        "articles/empty.notes.yml:1:1: error: the notes file is empty; it needs a 'notes:' list",
        "articles/good.notes.yml:2:5: error: missing required field 'quote' in a note",
        "articles/good.notes.yml:3:5: error: unknown field 'qoute' in a note (did you mean 'quote'?); "
        "allowed: id, quote, prefix, suffix, kind, note, sources, verdict, outcome, resolved, language",
        "articles/good.notes.yml:6:5: error: a fact-check note needs 'verdict': accurate, minor-error, misleading, inaccurate, unverified, outdated",
        "articles/good.notes.yml:12:5: error: unknown kind 'opinion'; allowed: context, fact-check, prediction, definition, source",
        "articles/good.notes.yml:16:9: error: 'url': 'javascript:alert(1)' is not a web address; use an http:// or https:// URL",
        "articles/good.notes.yml:17:9: error: missing required field 'title' in an entry of 'sources'",
        "articles/good.notes.yml:18:5: error: duplicate note id 'two' (first used on line 6)",
        "articles/good.notes.yml:22:5: error: invalid note id 'Bad_Id': use lowercase letters a-z, digits and single hyphens",
        "articles/good.notes.yml:25:5: error: unknown outcome 'maybe'; allowed: came-true, partly, did-not-happen, condition-not-met, pending",
        "articles/good.notes.yml:26:5: error: 'resolved': '2019-02-30' is not a possible date: February 2019 has 28 days",
        "articles/good.notes.yml:27:5: error: 'verdict' belongs only on a fact-check note",
        "articles/good.notes.yml:32:5: error: 'resolved' belongs only on a prediction note",
        "articles/good.notes.yml:35:5: error: quote 'nowhere to be found at all in text' is not in articles/good.md",
        "articles/good.notes.yml:38:5: error: a context note needs 'note' text (only a bare anchor has neither kind nor note)",
        "articles/good.notes.yml:38:5: error: missing required field 'id' in a note",
        "articles/good.notes.yml:41:5: error: quote 'paragraph' matches 2 places in articles/good.md: paragraph 1 "
        "('…The first [paragraph] says that Russia would…'); paragraph 2 ('…The second [paragraph] has some emphasis "
        "here and a…'). Add a 'prefix' or 'suffix' to pick one",
        "articles/good.notes.yml:48:5: error: a pending prediction has no 'resolved' date yet",
        "articles/orphan.notes.yml:1:1: error: notes file for 'orphan', but there is no article articles/orphan.md",
        "19 errors, 0 warnings",
    ]


def test_yaml_problems_in_notes_files(make_corpus):
    root = make_corpus({
        "articles/a.md": ARTICLE, "articles/a.notes.yml": "notes:\n  - id: x\n    quote: [oops\n",
        "articles/b.md": ARTICLE, "articles/b.notes.yml": "notes:\n\t- id: x\n",
        "articles/c.md": ARTICLE, "articles/c.notes.yml": "notes:\n  - id: x\n    id: y\n    quote: first\n",
        "articles/d.md": ARTICLE, "articles/d.notes.yml": "- just a list\n",
        "articles/e.md": ARTICLE, "articles/e.notes.yml": "notes:\n  - id: x\n    quote: [first]\n",
        "articles/f.md": ARTICLE, "articles/f.notes.yml": b"notes:\n  - id: \xe9\n",
    })
    result = run_cli(root, "check")
    assert result.lines == [
        "articles/a.notes.yml:4:1: error: invalid YAML: did not find expected ',' or ']'",
        "articles/b.notes.yml:2:1: error: invalid YAML: a tab character; indent with spaces",
        "articles/c.notes.yml:3:5: error: duplicate key 'id' (first given on line 2)",
        "articles/d.notes.yml:1:1: error: the notes file must be a mapping with a 'notes:' list",
        "articles/e.notes.yml:3:5: error: 'quote' must be text, not a list",
        "articles/f.notes.yml:2:9: error: file is not UTF-8 text (byte 0xe9)",
        "6 errors, 0 warnings",
    ]


def test_note_with_a_list_or_heading_is_rejected(make_corpus):
    notes = "notes:\n  - id: x\n    quote: first paragraph\n    kind: context\n    note: |\n      - a list item\n"
    root = make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": notes})
    result = run_cli(root, "check")
    assert result.lines == [
        "articles/a.notes.yml:5:5: error: 'note' uses <li>, <ul>; it is shown inside a line of text, so it may hold only "
        "paragraphs, inline formatting and links",
        "1 error, 0 warnings",
    ]


def test_reanchored_quote_is_a_warning_that_strict_turns_into_failure(make_corpus):
    notes = "notes:\n  - id: x\n    quote: The first paragraph say that Russia\n    kind: context\n    note: x\n"
    root = make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": notes})
    relaxed = run_cli(root, "check")
    assert relaxed.status == 0
    assert relaxed.lines[0] == (
        "articles/a.notes.yml:3:5: warning: quote 'The first paragraph say that Russia' no longer matches "
        "articles/a.md exactly; re-anchored to the closest passage (99% similar). Replace the quote with: "
        "'The first paragraph says that Russia'")
    assert run_cli(root, "check", "--strict").status == 1


def test_github_format_prints_annotations(make_corpus):
    root = make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": "notes:\n  - id: x\n    quote: zzz qqq\n"})
    result = run_cli(root, "check", "--format", "github")
    assert result.lines == [
        "::error file=articles/a.notes.yml,line=3,col=5::quote 'zzz qqq' is not in articles/a.md",
        "1 error, 0 warnings",
    ]


@pytest.mark.parametrize("target", [
    "javascript:alert(1)", "&#106;avascript:alert(1)", "jav&#97;script:alert(1)", "&#x6A;avascript:alert(1)",
    "javascript&colon;alert(1)", "jav&#x09;ascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)",
    "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>", "&#100;ata:text/html,x",
])
def test_a_script_url_in_any_encoding_is_never_a_link(target):
    rendered = safe_markdown.render_document(f"Click [here]({target}) now.")
    soup = BeautifulSoup(rendered, "html.parser")
    assert soup.select("a") == [] and soup.get_text().strip() == "Click here now."


@pytest.mark.parametrize("target, href", [
    ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2"), ("mailto:ann@example.org", "mailto:ann@example.org"),
    ("../other/#claim", "../other/#claim"), ("#claim", "#claim"), ("HTTPS://EXAMPLE.ORG/", "HTTPS://EXAMPLE.ORG/"),
])
def test_web_mail_and_relative_links_stay_links(target, href):
    soup = BeautifulSoup(safe_markdown.render_document(f"Click [here]({target}) now."), "html.parser")
    assert [a["href"] for a in soup.select("a")] == [href]
