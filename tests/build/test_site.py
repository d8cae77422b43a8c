"""End to end: the invented companion (tests/support.py) built with MkDocs, inspected with an HTML parser.

The same checks on the current companion are in tests/build/test_this_companion.py."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from support import ARTICLE, run_cli


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


PAGE_KINDS = ("", "guide", "articles", "about", "disagreements", "timeline", "scorecard", "corrections", "search")


def missing_pages(site: Path, corpus) -> list[str]:
    """The page kinds and article pages that ``site`` lacks."""
    urls = (*PAGE_KINDS, *(f"articles/{a.slug}" for a in corpus.articles))
    return [url for url in urls if not (site / url / "index.html").is_file()]


def test_every_page_kind_exists(invented):
    assert len(invented.corpus.articles) == 3
    assert missing_pages(invented.site, invented.corpus) == []


def check_article_header(site: Path, article) -> None:
    """The header of ``article``'s page shows its front matter."""
    soup = page(site, f"articles/{article.slug}")
    header = soup.select_one("article.rc-article > header.rc-header")
    assert header.select_one("h1").get_text() == article.title
    assert header.select_one(".rc-author").get_text() == (f"By {article.author}" if article.author else "Author not named")
    assert header.select_one(".rc-outlet").get_text() == (article.outlet or "Outlet not named")
    time = header.select_one("time.rc-published")
    assert (time["datetime"], time.get_text()) == (article.published.iso(), article.published.display())
    assert header.select_one(".rc-reading-time").get_text().endswith(" min read")
    origins = [li.get_text(" ", strip=True) for li in header.select(".rc-origins li")]
    expected = [f"Republished {r.date.display()} by {r.outlet}" if r.date else f"Republished by {r.outlet}"
                for r in article.republished]
    assert origins[len(origins) - len(expected):] == expected
    assert len(soup.select("h1")) == 1


def test_article_header(invented):
    for article in invented.corpus.articles:  # with and without author, outlet and republication
        check_article_header(invented.site, article)
    assert {a.author for a in invented.corpus.articles} >= {None, "Writer Eastbrook"}
    assert {a.slug: len(a.republished) for a in invented.corpus.articles} == {
        "eastbrook-bridge-toll": 1, "westmere-bridge-toll": 0, "northfold-bridge-toll": 1}


def test_dates_show_their_precision(invented):
    soup = page(invented.site, "articles/eastbrook-bridge-toll")
    assert soup.select_one("time.rc-published").get_text() == "August 2019"
    assert soup.select_one(".rc-origins time")["datetime"] == "2019-08-23"
    assert [li.get_text(" ", strip=True) for li in soup.select(".rc-origins li")] == [
        "Original: The Eastbrook Courier", "Republished 23 August 2019 by The Invented Weekly"]
    assert page(invented.site, "articles/westmere-bridge-toll").select_one("time.rc-published").get_text() == "14 March 2020"
    assert page(invented.site, "articles/northfold-bridge-toll").select_one("time.rc-published").get_text() == "2021"


def check_articles_index(site: Path, corpus) -> None:
    """The articles index lists every article, oldest first, with its date, byline and summary."""
    soup = page(site, "articles")
    items = soup.select("ol.rc-article-list > li")
    ordered = sorted(corpus.articles, key=lambda a: (a.published.sort_key, a.slug))
    assert [li.select_one("h2 a")["href"] for li in items] == [f"{a.slug}/" for a in ordered]
    first = items[0]
    assert first.select_one("time")["datetime"] == ordered[0].published.iso()
    assert first.select_one(".rc-author").get_text() == ordered[0].byline
    assert first.select_one(".rc-summary p").get_text().split()[:3] == ordered[0].summary.split()[:3]


def test_articles_index_lists_every_article_oldest_first(invented):
    check_articles_index(invented.site, invented.corpus)


def _pages(site: Path):
    for path in sorted(site.rglob("*.html")):
        yield path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _check_links(site: Path) -> int:
    """Every internal link leads to a file, and its #fragment to an element of that page; returns how many."""
    pages = {path: soup for path, soup in _pages(site)}
    ids = {path: {tag["id"] for tag in soup.select("[id]")} for path, soup in pages.items()}
    checked = 0
    for path, soup in pages.items():
        # Every id on a page is unique: a note, its passage and its entries can all be linked to.
        all_ids = [tag["id"] for tag in soup.select("[id]")]
        assert len(all_ids) == len(set(all_ids)), f"{path}: {sorted(i for i in all_ids if all_ids.count(i) > 1)[:5]}"
        base = "http://site/" + path.relative_to(site).as_posix()
        for link in soup.select("a[href]"):
            parts = urlsplit(urljoin(base, link["href"]))
            if parts.netloc != "site":
                continue
            target = site / parts.path.lstrip("/")
            if parts.path.endswith("/"):
                target = target / "index.html"
            assert target.is_file(), f"{path}: {link['href']}"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in ids[target], f"{path}: {link['href']}"
            checked += 1
    return checked


def test_every_internal_link_and_fragment_resolves_across_pages(invented):
    assert _check_links(invented.site) > 50


def test_ids_cannot_collide(make_corpus):
    """Note ids and slugs that join into the same string still give unique ids and working links."""
    notes = ("notes:\n  - {id: x, quote: first paragraph, kind: context, note: One.}\n"
             "  - {id: note-x, quote: second paragraph, kind: context, note: Two.}\n"
             "  - {id: c, quote: rebalance, kind: prediction, outcome: pending, note: Three.}\n")
    other = "notes:\n  - {id: b-c, quote: rebalance, kind: prediction, outcome: pending, note: Four.}\n"
    root = make_corpus({"articles/a-b.md": ARTICLE, "articles/a-b.notes.yml": notes,
                        "articles/a.md": ARTICLE, "articles/a.notes.yml": other})
    assert run_cli(root, "build").status == 0
    assert _check_links(root / "site") > 10


def check_no_request_to_another_host(site: Path) -> None:
    """No page loads a script, stylesheet, image or frame from another host."""
    for path, soup in _pages(site):
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for element in soup.select(f"{tag}[{attr}]"):
                if tag == "link" and "stylesheet" not in element.get("rel", []) and "preconnect" not in element.get("rel", []):
                    continue
                assert not urlsplit(element[attr]).netloc, f"{path}: {element}"


def test_no_request_to_another_host(invented):
    check_no_request_to_another_host(invented.site)


def test_navigation_does_not_list_articles(invented):
    soup = page(invented.site, "")
    nav_links = [a.get_text(strip=True) for a in soup.select("nav.md-nav--primary a.md-nav__link")]
    assert nav_links == ["Home", "How to read", "Articles", "Disagreements", "Timeline", "Scorecard", "Corrections", "About",
                         "Search"]


