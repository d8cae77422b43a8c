"""End to end: the invented companion (tests/support.py) built with MkDocs, inspected with an HTML parser.

The same checks on the current companion are in tests/build/test_this_companion.py."""

from __future__ import annotations

from sitechecks import (
    check_article_header,
    check_articles_index,
    check_citation_downloads,
    check_citation_meta,
    check_links,
    check_no_request_to_another_host,
    check_reader_controls,
    missing_pages,
    parse_page,
)
from support import ARTICLE, SEARCH_NOTES, build, run_cli

from companion.inputs import mkdocs_values


def test_each_article_lists_its_notes_and_offers_a_filter_of_what_it_has(invented):
    check_reader_controls(invented.site, invented.corpus)
    page = parse_page(invented.site, f"articles/{invented.corpus.articles[0].slug}")
    assert [box["value"] for box in page.select(".rc-controls input[name=kind]")] == [
        "context", "fact-check", "prediction", "definition", "source"]


def test_each_article_page_describes_the_original_for_reference_managers(invented):
    check_citation_meta(invented.site, invented.corpus)
    unnamed = next(a for a in invented.corpus.articles if a.author is None and a.outlet is None)
    names = [m["name"] for m in parse_page(invented.site, f"articles/{unnamed.slug}").select("meta[name^=citation_]")]
    assert "citation_author" not in names and "citation_journal_title" not in names


def test_ris_and_bibtex_of_each_article_and_of_all_read_back_with_real_parsers(invented):
    check_citation_downloads(invented.site, invented.corpus)
    page = parse_page(invented.site, f"articles/{invented.corpus.articles[0].slug}")
    assert [a["href"] for a in page.select(".rc-cite-downloads a")] == [
        f"../../downloads/{invented.corpus.articles[0].slug}.ris", f"../../downloads/{invented.corpus.articles[0].slug}.bib",
        "../../downloads/all_articles.ris", "../../downloads/all_articles.bib"]


def test_every_page_kind_exists(invented):
    assert len(invented.corpus.articles) == 3
    assert missing_pages(invented.site, invented.corpus) == []


def test_article_header(invented):
    for article in invented.corpus.articles:  # with and without author, outlet and republication
        check_article_header(invented.site, article)
    assert {a.author for a in invented.corpus.articles} >= {None, "Writer Eastbrook"}
    assert {a.slug: len(a.republished) for a in invented.corpus.articles} == {
        "eastbrook-bridge-toll": 1, "westmere-bridge-toll": 0, "northfold-bridge-toll": 1}


def test_dates_show_their_precision(invented):
    soup = parse_page(invented.site, "articles/eastbrook-bridge-toll")
    assert soup.select_one("time.rc-published").get_text() == "August 2019"
    assert soup.select_one(".rc-origins time")["datetime"] == "2019-08-23"
    assert [li.get_text(" ", strip=True) for li in soup.select(".rc-origins li")] == [
        "Original: The Eastbrook Courier", "Republished 23 August 2019 by The Invented Weekly"]
    assert parse_page(invented.site, "articles/westmere-bridge-toll").select_one("time.rc-published").get_text() == "14 March 2020"
    assert parse_page(invented.site, "articles/northfold-bridge-toll").select_one("time.rc-published").get_text() == "2021"


def test_articles_index_lists_every_article_oldest_first(invented):
    check_articles_index(invented.site, invented.corpus)


def test_every_internal_link_and_fragment_resolves_across_pages(invented):
    assert check_links(invented.site) > 50


def test_ids_cannot_collide(make_corpus):
    """Note ids and slugs that join into the same string still give unique ids and working links."""
    notes = ("notes:\n  - {id: x, quote: first paragraph, kind: context, note: One.}\n"
             "  - {id: note-x, quote: second paragraph, kind: context, note: Two.}\n"
             "  - {id: c, quote: rebalance, kind: prediction, outcome: pending, note: Three.}\n")
    other = "notes:\n  - {id: b-c, quote: rebalance, kind: prediction, outcome: pending, note: Four.}\n"
    root = make_corpus({"articles/a-b.md": ARTICLE, "articles/a-b.notes.yml": notes,
                        "articles/a.md": ARTICLE, "articles/a.notes.yml": other})
    assert run_cli(root, "build").status == 0
    assert check_links(root / "site") > 10


def test_no_request_to_another_host(invented):
    check_no_request_to_another_host(invented.site)


def test_navigation_does_not_list_articles(invented):
    soup = parse_page(invented.site, "")
    nav_links = [a.get_text(strip=True) for a in soup.select("nav.md-nav--primary a.md-nav__link")]
    # Exactly the entries mkdocs.yml names: no article is added to the navigation one by one.
    assert nav_links == [next(iter(entry)) for entry in mkdocs_values(invented.root)["nav"]]
    assert not set(nav_links) & {a.title for a in invented.corpus.articles}




def test_an_article_and_a_note_in_another_language_say_so_on_the_page(make_corpus):
    notes = SEARCH_NOTES.replace("    verdict: misleading\n", "    verdict: misleading\n    language: fr\n", 1)
    root = make_corpus({"articles/a.md": ARTICLE.replace("published: 2019-05\n", "published: 2019-05\nlanguage: ru\n"),
                        "articles/a.notes.yml": notes})
    page = parse_page(build(root), "articles/a")
    assert page.html["lang"] == "en"  # the site's, theme.language
    assert (page.select_one(".rc-header h1")["lang"], page.select_one(".rc-body")["lang"]) == ("ru", "ru")
    assert {n["data-note"]: n["lang"] for n in page.select("span.rc-note")} == {"rebalance": "fr", "emphasis": "en"}
