"""The built site opened from disk (file://), as a reader with only the site/ folder opens it:
every page, link, note and preview works; search says in one line that it needs the site served."""

from __future__ import annotations

import pytest
from support import NARROW, WIDE

pytestmark = pytest.mark.browser

FROM_DISK = ("Search needs the site served, not opened from disk: in the folder that holds site/, run "
             "python3 -m http.server -d site and open http://127.0.0.1:8000/")


@pytest.fixture
def disk(browser, invented):
    contexts = []

    def open_(path: str = "index.html", viewport=WIDE):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
        page.goto((invented.site / path).as_uri())
        page.wait_for_load_state("load")
        return page

    yield open_
    for context in contexts:
        context.close()


def test_from_the_home_page_the_nav_and_the_articles_open_as_pages(disk, invented):
    page = disk()
    page.get_by_role("link", name="Articles", exact=True).first.click()
    page.wait_for_load_state("load")
    assert page.url == (invented.site / "articles" / "index.html").as_uri()
    assert page.locator("h1").first.text_content() == "Articles"
    first = invented.corpus.articles[0]
    page.locator(f"a[href='{first.slug}/index.html']").first.click()
    page.wait_for_load_state("load")
    assert page.url == (invented.site / "articles" / first.slug / "index.html").as_uri()
    assert page.locator(".rc-header h1").text_content() == first.title
    assert page.errors == []


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
def test_notes_links_and_previews_work_from_disk(disk, invented, viewport):
    slug = next(a.slug for a in invented.corpus.articles if a.links)
    page = disk(f"articles/{slug}/index.html", viewport)
    note_id = page.locator(".rc-note:has(.rc-link-entry)").first.get_attribute("data-note")
    page.locator(f".rc-ref[data-note='{note_id}']").click()  # opened by its number, on a phone too
    note = page.locator(f"#note_{note_id}")
    assert note.is_visible()
    link = note.locator(".rc-link-entry a.rc-link").first
    link.focus()
    assert page.locator(".rc-preview").is_visible()
    href = link.get_attribute("href")
    assert "/index.html#" in href
    target = href.split("#")[1]
    link.click()
    page.wait_for_load_state("load")
    assert page.url.startswith(invented.site.as_uri()) and page.url.endswith(f"/index.html#{target}")
    assert page.locator(f"mark.rc-claim#{target}").evaluate("m => m.classList.contains('rc-active')")
    assert page.errors == []


def test_search_says_in_one_line_that_it_needs_the_site_served(disk):
    page = disk("search/index.html")
    page.locator("form.rc-search-form input[name=q]").fill("toll")
    assert page.locator("form.rc-search-form .rc-search-status").text_content() == FROM_DISK
    page.keyboard.press("Escape")
    home = disk()
    home.keyboard.press("/")
    assert home.locator("dialog .rc-search-status").text_content() == FROM_DISK
    assert home.locator("dialog a.rc-search-all").get_attribute("href").endswith("search/index.html")
    assert page.errors == home.errors == []
