"""Search: every note, claim and event is its own result, filters come from the data, and a query
downloads what it needs, not the corpus."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from companion import search
from companion.load import get_corpus
from companion.problems import Problems
from conftest import ARTICLE, NARROW, PROJECT, WIDE, run_cli
from support import Shapes

sys.path.insert(0, str(PROJECT / "benchmarks"))
import corpora  # noqa: E402

NOTES = """\
notes:
  - id: rebalance
    quote: rebalance
    kind: fact-check
    verdict: misleading
    note: The sanctions on *Iran* were not lifted.
  - id: emphasis
    quote: some emphasis here
    kind: prediction
    outcome: did-not-happen
    note: A forecast about tariffs.
  - id: anchor-only
    quote: a link
"""
TIMELINE = """\
events:
  - {id: summit, date: 2019-06-28, title: The Osaka summit of the G20, note: Leaders met on tariffs.}
"""


@pytest.mark.parametrize("text, expected", [
    ("Russia's sanctions, the crisis and the bus", ["russia", "sanction", "crisis", "bus"]),
    ("Pétrov’s “deal” of 2019 at the G20", ["petrov", "deal", "2019", "g20"]),
    ("It is what it was", ["what"]),
])
def test_terms_fold_case_accents_plurals_and_stop_words(text, expected):
    assert search.terms(text) == expected


def _index(root: Path) -> dict[str, object]:
    docs = root / "docs" / search.INDEX_DIR
    return {p.relative_to(docs).as_posix(): json.loads(p.read_text()) for p in docs.rglob("*.json")}


def _ids(deltas: str) -> list[int]:
    out, last = [], 0
    for gap in filter(None, deltas.split(",")):
        last += int(gap, 36)
        out.append(last)
    return out


def _records(index: dict) -> list[list]:
    chunks = sorted((int(k[2:-5]), v) for k, v in index.items() if k.startswith("r/"))
    return [record for _, chunk in chunks for record in chunk]


def _lookup(index: dict, term: str) -> list[int]:
    meta = index["meta.json"]
    own = max((p for p in meta["shards"] if term.startswith(p)), key=len)
    return _ids(index[f"t/{own}.json"][term].split("|")[0])


def test_each_note_claim_and_event_is_a_result_that_leads_to_it(make_corpus):
    root = make_corpus({"articles/good.md": ARTICLE, "articles/good.notes.yml": NOTES, "articles/timeline.yml": TIMELINE})
    assert run_cli(root, "generate").status == 0
    index = _index(root)
    records = _records(index)
    assert [(r[0], r[1], r[2]) for r in records] == [
        ("articles/good/#rebalance", "claim", ""), ("articles/good/#rebalance", "fact-check", "Misleading"),
        ("articles/good/#emphasis", "claim", ""), ("articles/good/#emphasis", "prediction", "Did not happen"),
        ("articles/good/#anchor-only", "claim", ""), ("timeline/#event-summit", "event", "")]
    assert records[1][3:] == ["A test article", "Ann Author, The Outlet, May 2019",
                              "The sanctions on Iran were not lifted. (On: “rebalance”)"]
    assert [records[i][0] for i in _lookup(index, "sanction")] == ["articles/good/#rebalance"]
    assert [records[i][1] for i in _lookup(index, "tariff")] == ["prediction", "event"]
    # The passage is found by its own words, as a claim and through its note.
    assert [records[i][1] for i in _lookup(index, "rebalance")] == ["claim", "fact-check"]


def test_filters_and_their_values_come_from_the_data(make_corpus):
    root = make_corpus({"articles/good.md": ARTICLE, "articles/good.notes.yml": NOTES, "articles/timeline.yml": TIMELINE})
    assert run_cli(root, "generate").status == 0
    index = _index(root)
    filters = index["meta.json"]["filters"]
    assert filters["kind"] == [["claim", 3, "Claim"], ["event", 1, "Timeline event"], ["fact-check", 1, "Fact-check"],
                               ["prediction", 1, "Prediction"]]
    assert filters["verdict"] == [["misleading", 1, "Misleading"]]
    assert filters["outcome"] == [["did-not-happen", 1, "Did not happen"]]
    assert filters["author"] == [["Ann Author", 5, "Ann Author"]]
    assert filters["year"] == [["2019", 6, "2019"]]
    records = _records(index)
    number = [value for value, _, _ in filters["kind"]].index("fact-check")
    assert [records[i][0:2] for i in _ids(index[f"f/kind/{number}.json"])] == [["articles/good/#rebalance", "fact-check"]]


def test_term_files_stay_small_and_each_term_is_in_the_file_of_its_longest_prefix():
    words = [f"{a}{b}{c}word{n}" for a in "abc" for b in "aeiou" for c in "xyz" for n in range(40)]
    items = sorted((word, "1,2,3|111") for word in words + ["ab", "a"])
    shards = search._shards(items)
    assert all(len(json.dumps(dict(found))) <= search.SHARD_BYTES for found in shards.values())
    for word, _ in items:
        own = max((p for p in shards if word.startswith(p)), key=len)
        assert word in dict(shards[own])


def test_a_word_in_most_records_keeps_only_its_best_postings():
    # Record i holds "common" and i % 7 other words: the shorter the text, the more the word weighs.
    records = [search.Record(f"u{i}", "context", "", "T", "B", "common" + " filler" * (i % 7), ()) for i in range(5000)]
    files = search.index_files(records, {})
    shard = next(v for k, v in files.items() if k.startswith(f"{search.INDEX_DIR}/t/c"))
    ids = _ids(json.loads(shard)["common"].split("|")[0])
    shortest = [i for i in range(5000) if i % 7 < 2]  # 1,429 records of one or two words
    third = [i for i in range(5000) if i % 7 == 2][: search.MAX_POSTINGS - len(shortest)]
    assert ids == sorted(shortest + third)


# --- In the browser ---------------------------------------------------------------------------

import functools  # noqa: E402
import http.server  # noqa: E402
import threading  # noqa: E402

from conftest import write_project  # noqa: E402


def _serve(folder: Path):
    handler = functools.partial(_Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_port}/"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("search") / "project", {
        "articles/good.md": ARTICLE, "articles/good.notes.yml": NOTES, "articles/timeline.yml": TIMELINE})
    assert run_cli(root, "build").status == 0
    httpd, url = _serve(root / "site")
    yield url
    httpd.shutdown()


@pytest.fixture
def tab(browser):
    contexts = []

    def open_(url: str, viewport=WIDE, **options):
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        page.errors, page.responses = [], []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
        page.on("response", lambda response: page.responses.append(response))
        page.goto(url)
        page.wait_for_load_state("networkidle")
        return page

    yield open_
    for context in contexts:
        context.close()




def _results(page) -> list[tuple[str, str, str]]:
    items = page.locator(".rc-results li.rc-result")
    return [(urlsplit(items.nth(i).locator("a").get_attribute("href")).fragment or urlsplit(
        items.nth(i).locator("a").get_attribute("href")).path, items.nth(i).locator(".rc-result-kind").inner_text(),
        items.nth(i).locator(".rc-result-badge").inner_text() if items.nth(i).locator(".rc-result-badge").count() else "")
        for i in range(items.count())]


@pytest.mark.browser
def test_the_search_page_finds_a_note_and_its_link_lands_on_the_highlighted_claim(tab, small_site):
    page = tab(small_site + "search/?q=sanctions")
    page.locator(".rc-results li").first.wait_for()
    assert _results(page) == [("rebalance", "Fact-check", "Misleading")]
    assert page.locator(".rc-search-status").inner_text() == "1 result"
    page.locator(".rc-results a").first.click()
    page.wait_for_url("**/articles/good/#rebalance")
    target = page.evaluate("document.querySelector(':target') && document.querySelector(':target').id")
    assert target == "rebalance"
    assert page.locator("mark#rebalance").evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert page.errors == []


@pytest.mark.browser
def test_the_address_holds_the_query_and_the_filters(tab, small_site):
    page = tab(small_site + "search/?kind=prediction")
    page.locator(".rc-results li").first.wait_for()
    assert page.locator("select[name=kind]").input_value() == "prediction"
    assert _results(page) == [("emphasis", "Prediction", "Did not happen")]
    page.locator("input[name=q]").fill("tariffs")
    page.wait_for_function("location.search.includes('q=tariffs')")
    assert page.evaluate("location.search") == "?q=tariffs&kind=prediction"
    page.locator("select[name=kind]").select_option("")
    page.wait_for_function("document.querySelectorAll('.rc-results li').length === 2")
    assert [kind for _, kind, _ in _results(page)] == ["Prediction", "Timeline event"]
    assert page.evaluate("location.search") == "?q=tariffs"


@pytest.mark.browser
@pytest.mark.parametrize("key", ["/", "s"])
def test_a_key_opens_the_header_search_and_escape_closes_it(tab, small_site, key):
    page = tab(small_site + "articles/good/")
    assert page.locator("header button.rc-search-button").is_visible()
    page.keyboard.press(key)
    dialog = page.locator("dialog.rc-search-dialog")
    assert dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.type("tariff")
    page.wait_for_function("document.querySelectorAll('dialog .rc-results li').length === 2")
    assert dialog.locator("a.rc-search-all").get_attribute("href").endswith("search/?q=tariff")
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")


@pytest.mark.browser
def test_without_javascript_the_search_page_says_so_and_offers_the_indexes(tab, small_site):
    page = tab(small_site + "search/", java_script_enabled=False)
    message = page.locator(".rc-search-nojs")
    assert message.is_visible() and not page.locator("form.rc-search-form").is_visible()
    assert [a.get_attribute("href") for a in message.locator("a").all()] == ["../articles/", "../scorecard/", "../timeline/"]


@pytest.mark.browser
def test_the_browser_finds_the_same_terms_as_the_index(tab, small_site):
    page = tab(small_site)
    samples = ["Russia's sanctions, the crisis and the bus", "Pétrov’s “deal” of 2019 at the G20", "It is what it was",
               "ÉLYSÉE talks: Macron’s aides", "us-china, 5G and a 1,000-km range"]
    stopwords = sorted(search.STOPWORDS)
    assert page.evaluate("([texts, stop]) => texts.map(t => window.rcSearch.terms(t, stop))",
                         [samples, stopwords]) == [search.terms(t) for t in samples]


def _downloaded(page) -> tuple[int, int]:
    """Bytes of every response, and of the search's own (its script and the index files)."""
    total = search_share = 0
    for response in page.responses:
        try:
            size = len(response.body())
        except Exception:  # noqa: BLE001 - a redirect or an aborted request has no body
            continue
        total += size
        path = urlsplit(response.url).path
        if "/search-index/" in path or path.endswith(("/search.js", "/search.css")):
            search_share += size
    return total, search_share


@pytest.fixture(scope="module")
def large_site(tmp_path_factory):
    """2,000 articles that use every field (the benchmark's corpus), built once."""
    root = tmp_path_factory.mktemp("large") / "project"
    corpora.write_synthetic(root, 2000)
    result = run_cli(root, "build")
    assert result.status == 0, result.err
    httpd, url = _serve(root / "site")
    yield url
    httpd.shutdown()


@pytest.mark.browser
@pytest.mark.parametrize("corpus", ["shipped", "2,000 articles"])
def test_the_home_page_and_one_query_download_little(tab, server, large_site, corpus):
    page = tab(server if corpus == "shipped" else large_site)
    page.keyboard.press("/")
    page.keyboard.type((Shapes().query or "a") if corpus == "shipped" else "article zu")  # a word of a fact-check
    page.wait_for_function("document.querySelector('dialog .rc-search-status').textContent !== ''")
    page.wait_for_load_state("networkidle")
    total, search_share = _downloaded(page)
    print(f"\n{corpus}: home page and one query {total / 1024:.0f} KB, of which search {search_share / 1024:.0f} KB")
    assert total <= 800 * 1024 and search_share <= 350 * 1024
    assert all(urlsplit(r.url).hostname == "127.0.0.1" for r in page.responses)
