"""The preview in the browser: problems shown over the page until fixed, and an edit reloads only
the pages it changed."""

from __future__ import annotations

import pytest
from support import ARTICLE, run_preview
from support import PREVIEW_NOTES as NOTES

pytestmark = pytest.mark.browser


@pytest.fixture
def preview(make_corpus):
    with run_preview(make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": NOTES})) as running:
        yield running


def test_the_browser_shows_the_problems_over_the_page_and_reloads_when_fixed(preview, browser):
    root, base, process = preview
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(base + "/articles/a/")
    notes = root / "articles/a.notes.yml"
    notes.write_text(NOTES.replace("outcome: pending", "outcome: pendng"))
    overlay = page.locator("#rc-live-problems[role=alert]")
    overlay.wait_for(timeout=60_000)
    assert overlay.inner_text().splitlines()[2] == (
        "articles/a.notes.yml:5:5: error: unknown outcome 'pendng' (did you mean 'pending'?); "
        "allowed: came-true, partly, did-not-happen, condition-not-met, pending")
    notes.write_text(NOTES.replace("A prediction about", "A fixed prediction about"))
    page.locator("#note_rebalance .rc-note-text", has_text="A fixed prediction about rebalancing.").wait_for(timeout=60_000)
    assert page.locator("#rc-live-problems").count() == 0
    context.close()


def test_an_edit_reloads_the_pages_it_changed_and_leaves_the_others(preview, browser):
    root, base, process = preview
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    article, about = context.new_page(), context.new_page()
    article.goto(base + "/articles/a/")
    about.goto(base + "/about/")
    for page in (article, about):
        page.evaluate("window.rcMarker = 'still here'")
    (root / "articles/a.notes.yml").write_text(NOTES.replace("A prediction about", "A reloaded prediction about"))
    article.locator("#note_rebalance .rc-note-text", has_text="A reloaded prediction about rebalancing.").wait_for(timeout=60_000)
    assert article.evaluate("window.rcMarker") is None  # it reloaded
    about.wait_for_timeout(1500)  # a few polls later
    assert about.evaluate("window.rcMarker") == "still here"
    context.close()
