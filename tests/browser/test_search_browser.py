"""Search in the browser: the search page and the header dialog find notes, claims and events,
the address holds the query, and a query downloads what it needs, not the corpus."""

from __future__ import annotations

import sys
from urllib.parse import urlsplit

import pytest
from support import (
    ARTICLE,
    PROJECT,
    SEARCH_NOTES,
    SEARCH_TIMELINE,
    WIDE,
    Shapes,
    run_cli,
    serve,
    write_project,
)

from companion import search

sys.path.insert(0, str(PROJECT / "benchmarks"))
import corpora  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("search") / "project", {
        "articles/good.md": ARTICLE, "articles/good.notes.yml": SEARCH_NOTES, "articles/timeline.yml": SEARCH_TIMELINE})
    assert run_cli(root, "build").status == 0
    with serve(root / "site") as url:
        yield url


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


def test_without_javascript_the_search_page_says_so_and_offers_the_indexes(tab, small_site):
    page = tab(small_site + "search/", java_script_enabled=False)
    message = page.locator(".rc-search-nojs")
    assert message.is_visible() and not page.locator("form.rc-search-form").is_visible()
    assert [a.get_attribute("href") for a in message.locator("a").all()] == ["../articles/", "../scorecard/", "../timeline/"]


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
    with serve(root / "site") as url:
        yield url


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
