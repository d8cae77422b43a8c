"""Handouts printed with Chromium on A4: each article's fits on at most two pages, the invented
companion's and the current companion's alike (its handouts are what teachers print)."""

from __future__ import annotations

import re

import pytest
from support import WIDE, serve

pytestmark = pytest.mark.browser

MAX_PAGES = 2
# A PDF's page objects ("/Type /Page", not the "/Type /Pages" tree that holds them).
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def _printed_pages(browser, site, slugs) -> dict[str, int]:
    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    counts = {}
    with serve(site) as url:
        for slug in slugs:
            page.goto(url + f"handouts/{slug}/")
            page.wait_for_load_state("networkidle")
            counts[slug] = len(PAGE_OBJECT.findall(page.pdf(format="A4")))
    context.close()
    return counts


def test_the_page_counter_counts_pages_not_the_page_tree(browser, invented):
    # A handout with a question many times its length prints on more pages, and the counter sees them.
    slug = invented.corpus.articles[0].slug
    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    with serve(invented.site) as url:
        page.goto(url + f"handouts/{slug}/")
        page.evaluate("document.querySelector('.rc-handout').append(...Array.from({length: 400}, () => "
                      "Object.assign(document.createElement('p'), {textContent: 'A line of padding.'})))")
        assert len(PAGE_OBJECT.findall(page.pdf(format="A4"))) > MAX_PAGES
    context.close()


def test_each_invented_handout_prints_on_at_most_two_a4_pages(browser, invented):
    counts = _printed_pages(browser, invented.site, [a.slug for a in invented.corpus.articles])
    assert counts and all(1 <= n <= MAX_PAGES for n in counts.values()), counts


def test_each_handout_of_this_companion_prints_on_at_most_two_a4_pages(browser, built_site):
    slugs = sorted(p.name for p in (built_site / "handouts").iterdir() if p.is_dir())
    counts = _printed_pages(browser, built_site, slugs)
    assert counts and all(1 <= n <= MAX_PAGES for n in counts.values()), counts
