"""The timeline: dates at their precision, a stable documented order, checks, pages and export."""

from __future__ import annotations

import json

import pytest
from sitechecks import (
    check_event_links,
    check_scorecard,
    check_timeline_page,
    check_timelinejs,
    parse_page,
)
from support import ARTICLE, load_corpus, run_cli

from companion.dates import display_span, parse_date
from companion.timeline import get_entries


@pytest.mark.parametrize("start, end, approximate, shown", [
    ("2019", None, False, "2019"),
    ("2019-05", None, False, "May 2019"),
    ("2019-05-14", None, False, "14 May 2019"),
    ("2025-11", None, True, "about Nov 2025"),
    ("2019-06-28", "2019-06-29", False, "28–29 Jun 2019"),
    ("2017-06-06", "2017-10-17", False, "6 Jun – 17 Oct 2017"),
    ("2018-12", "2019-01", False, "Dec 2018 – Jan 2019"),
    ("2019-05-14", "2019-05-14", False, "14 May 2019"),
])
def test_display_at_precision(start, end, approximate, shown):
    assert display_span(parse_date(start), parse_date(end) if end else None, approximate) == shown


TIMELINE = """\
events:
  - {id: day, date: 2019-05-14, title: A day}
  - {id: month, date: 2019-05, title: A month}
  - {id: year, date: 2019, title: A year}
  - {id: span, start: 2019-05-01, end: 2019-06-02, title: A span}
  - {id: same-day-b, date: 2019-05-14, title: Second id on the same day}
  - {id: earlier, date: 2018-12-31, title: Earlier, claims: ["good#pred"]}
"""
NOTES = """\
notes:
  - id: pred
    quote: rebalance
    kind: prediction
    outcome: came-true
    resolved: 2019-05-14
    note: It happened.
"""


def test_mixed_precisions_and_spans_sort_in_the_documented_order(make_corpus):
    root = make_corpus({"articles/good.md": ARTICLE, "articles/good.notes.yml": NOTES, "articles/timeline.yml": TIMELINE})
    corpus, problems = load_corpus(root)
    entries = get_entries(corpus)
    assert problems.errors == []
    assert [e.id for e in entries] == [
        "event-earlier", "event-year", "event-month", "published-good", "predicted-good--pred",
        "event-span", "event-day", "event-same-day-b", "resolved-good--pred",
    ]


BAD_TIMELINE = """\
events:
  - {id: a, date: 2019-02-30, title: Impossible}
  - {id: b, start: 2019-05, end: 2019-04, title: Backwards}
  - {id: c, date: 2019, title: Unknown claim, claims: ["good#pred-typo", "nope#x", "bad"]}
  - {id: a, date: 2019, title: Duplicate}
  - {id: d, date: 2019, title: Typo, sourse: x}
  - {id: e, title: No date}
  - {id: f, date: 2019, start: 2019, end: 2020, title: Both}
  - {id: g, start: 2019, title: Half a span}
"""
EARLY_NOTES = NOTES.replace("resolved: 2019-05-14", "resolved: 2019-04")


def test_every_timeline_problem_has_an_exact_message(make_corpus):
    root = make_corpus({"articles/good.md": ARTICLE, "articles/good.notes.yml": EARLY_NOTES,
                        "articles/timeline.yml": BAD_TIMELINE})
    result = run_cli(root, "check")
    assert result.status == 1
    assert result.lines == [
        "articles/good.notes.yml:6:5: error: note 'pred' is resolved on 2019-04, before the article made the prediction (2019-05)",
        "articles/timeline.yml:2:13: error: 'date': '2019-02-30' is not a possible date: February 2019 has 28 days",
        "articles/timeline.yml:3:29: error: 'end' (2019-04) is before 'start' (2019-05)",
        "articles/timeline.yml:4:56: error: 'claims': no note 'pred-typo' in articles/good.notes.yml (did you mean 'pred'?)",
        "articles/timeline.yml:4:74: error: 'claims': no article 'nope'",
        "articles/timeline.yml:4:84: error: 'claims': 'bad' is not a claim; write <article slug>#<note id>",
        "articles/timeline.yml:5:5: error: duplicate event id 'a' (first used on line 2)",
        "articles/timeline.yml:6:38: error: unknown field 'sourse' in an event (did you mean 'sources'?); "
        "allowed: id, date, start, end, approximate, title, note, sources, claims",
        "articles/timeline.yml:7:5: error: an event needs 'date', or 'start' and 'end' for a span",
        "articles/timeline.yml:8:13: error: give either 'date', or 'start' and 'end' for a span, not both",
        "articles/timeline.yml:9:13: error: a span needs both 'start' and 'end'",
        "11 errors, 0 warnings",
    ]


def test_timeline_page_lists_every_entry_with_one_time_at_its_precision(invented):
    years = check_timeline_page(invented.site, invented.corpus)
    assert len([e for e in get_entries(invented.corpus) if e.type == "event"]) == len(invented.corpus.events) == 5
    assert years[0] == 1961
    items = parse_page(invented.site, "timeline").select("ol.rc-timeline > li.rc-event")
    assert {li["data-type"] for li in items} == {"event", "publication", "prediction", "resolution"}


def test_every_event_links_to_its_claims(invented):
    check_event_links(invented.site, invented.corpus)
    entry = parse_page(invented.site, "timeline").select_one("#event-westmere-vote")
    assert [a["href"] for a in entry.select(".rc-event-links a")] == ["../articles/westmere-bridge-toll/#vote"]


PANEL_TIMELINE = """\
events:
  - {id: long-before, date: 2018-01-10, title: Too long before}
  - {id: before, date: 2019-03-02, title: Shortly before}
  - {id: after, date: 2019-08-01, title: After, claims: ["good#pred"]}
  - {id: unrelated-after, date: 2019-09-01, title: After but not about this article}
"""


def test_the_article_panel_lists_events_before_and_after_that_concern_it(make_corpus):
    root = make_corpus({"articles/good.md": ARTICLE, "articles/good.notes.yml": NOTES.replace("2019-05-14", "2019-10-01"),
                        "articles/timeline.yml": PANEL_TIMELINE})
    assert run_cli(root, "build").status == 0
    panel = parse_page(root / "site", "articles/good").select_one("details.rc-writing-context")
    before, after = ([a["href"] for a in ol.select("li.rc-event a.rc-event-title")] for ol in panel.select("ol.rc-timeline"))
    assert before == ["../../timeline/#event-before"]
    assert after == ["../../timeline/#event-after", "../../timeline/#resolved-good--pred"]


def test_a_condition_not_met_outcome_is_shown_and_counted_on_its_own(make_corpus):
    notes = NOTES.replace("outcome: came-true", "outcome: condition-not-met").replace("It happened.", "The condition failed.")
    root = make_corpus({"articles/good.md": ARTICLE, "articles/good.notes.yml": notes})
    assert run_cli(root, "build").status == 0
    note = parse_page(root / "site", "articles/good").select_one("span.rc-note#note_pred .rc-outcome")
    assert note["data-outcome"] == "condition-not-met"
    assert note.get_text(" ", strip=True) == "Condition not met ( 14 May 2019 )"
    scorecard = parse_page(root / "site", "scorecard")
    header = [th.get_text(strip=True) for th in scorecard.select("table.rc-totals")[0].select("thead th")][1:]
    assert header == ["Came true", "Partly came true", "Did not happen", "Condition not met", "Pending"]
    counts = [int(td.get_text()) for td in scorecard.select("table.rc-totals")[0].select("tbody td")]
    assert counts == [0, 0, 0, 1, 0]


def test_scorecard_has_a_row_per_prediction_and_totals(invented):
    outcomes = [n.outcome for a in invented.corpus.articles for n in a.notes if n.kind == "prediction"]
    assert sorted(outcomes) == ["came-true", "did-not-happen", "partly"]
    check_scorecard(invented.site, invented.corpus)


def test_timelinejs_export_follows_the_format(invented):
    check_timelinejs(invented.site, invented.corpus)


def test_timelinejs_gets_escaped_titles_and_safe_notes(make_corpus):
    timeline = ('events:\n  - {id: e, date: 2019-05, title: "<img src=x onerror=alert(1)> & co",'
                ' note: "[x](javascript:alert(1)) and *stress* <b>"}\n')
    root = make_corpus({"articles/good.md": ARTICLE, "articles/timeline.yml": timeline})
    assert run_cli(root, "generate").status == 0
    event = next(e for e in json.loads((root / "docs/timeline.json").read_text())["events"] if e["unique_id"] == "event-e")
    assert event["text"] == {"headline": "&lt;img src=x onerror=alert(1)&gt; &amp; co",
                             "text": "<p><span>x</span> and <em>stress</em> &lt;b&gt;</p>\n"}


PRECISION_TIMELINE = """\
events:
  - {id: long-before, date: 2018-08-15, title: Months before 2019}
  - {id: early-2019, date: 2019-02-10, title: Early in 2019}
  - {id: may-3, date: 2019-05-03, title: On 3 May}
  - {id: may-14, date: 2019-05-14, title: On 14 May}
  - {id: may-20, date: 2019-05-20, title: On 20 May}
  - {id: month-of-may, date: 2019-05, title: Some time in May}
  - {id: the-year, date: 2019, title: Some time in 2019}
  - {id: autumn, date: 2019-10-01, title: In the autumn}
  - {id: later, date: 2020-03-01, title: Later and about the article, claims: ["good#pred"]}
"""


@pytest.mark.parametrize("published, before, around, after", [
    ("2019", ["long-before"], ["the-year", "early-2019", "month-of-may", "may-3", "may-14", "may-20", "autumn"], ["later"]),
    ("2019-05", ["early-2019"], ["the-year", "month-of-may", "may-3", "may-14", "may-20"], ["later"]),
    ("2019-05-14", ["early-2019", "may-3"], ["the-year", "month-of-may", "may-14"], ["later"]),
], ids=["year", "month", "day"])
def test_the_writing_panel_respects_the_date_precision(make_corpus, published, before, around, after):
    article = ARTICLE.replace("published: 2019-05", f"published: {published}")
    notes = NOTES.replace("resolved: 2019-05-14", "resolved: 2021-01-01")
    root = make_corpus({"articles/good.md": article, "articles/good.notes.yml": notes,
                        "articles/timeline.yml": PRECISION_TIMELINE})
    assert run_cli(root, "build").status == 0
    panel = parse_page(root / "site", "articles/good").select_one("details.rc-writing-context")
    groups = {name: [a["href"].split("#event-")[-1] for a in panel.select(f"ol.rc-{name} a.rc-event-title")
                     if "#event-" in a["href"]] for name in ("before", "around", "after")}
    assert groups == {"before": before, "around": around, "after": after}
    assert (panel.select_one(".rc-around-note") is not None) == bool(around)
