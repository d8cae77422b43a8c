"""The EPUB of the whole companion (companion/epub.py): valid by EPUBCheck, complete (every note
of the site is a footnote linked to its passage and back), described by its metadata, linked
from the pages with its size, and the same bytes for the same companion."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest
from bs4 import BeautifulSoup
from ebooklib import epub as ebooklib_epub
from sitechecks import parse_page
from support import ARTICLE, build, run_cli

from companion.epub import EPUB_PATH, display_size
from companion.siteconfig import get_site_config

EPUBCHECK = shutil.which("epubcheck")


def _chapters(path) -> dict[str, BeautifulSoup]:
    book = ebooklib_epub.read_epub(str(path), {"ignore_ncx": True})
    return {item.file_name.removesuffix(".xhtml"): BeautifulSoup(item.get_content(), "html.parser")
            for item in book.get_items() if item.file_name.endswith(".xhtml") and item.file_name != "nav.xhtml"}


def test_epubcheck_reports_no_error_and_no_warning(invented):
    assert EPUBCHECK, "epubcheck is missing: run scripts/setup.sh dev (Debian's epubcheck)"
    # Debian's /usr/bin/epubcheck is the jar itself, run by Java.
    result = subprocess.run(["java", "-jar", EPUBCHECK, str(invented.site / EPUB_PATH)], capture_output=True, text=True)
    assert "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos" in result.stdout + result.stderr, result.stdout + result.stderr
    assert result.returncode == 0


def test_every_note_of_the_site_is_a_footnote_linked_to_its_passage_and_back(invented):
    chapters = _chapters(invented.site / EPUB_PATH)
    assert set(chapters) == {"about"} | {a.slug for a in invented.corpus.articles}
    for article in invented.corpus.articles:
        page = parse_page(invented.site, f"articles/{article.slug}")
        chapter = chapters[article.slug]
        site_notes = [n["data-note"] for n in page.select("span.rc-note")]
        asides = chapter.select('aside[epub\\:type="footnote"]')
        assert [a["id"] for a in asides] == [f"note_{n}" for n in site_notes], article.slug
        for note_id in site_notes:
            ref = chapter.select_one(f'a[epub\\:type="noteref"][href="#note_{note_id}"]')
            assert ref is not None and ref["id"] == f"ref_{note_id}"
            assert ref.find_previous("mark", id=note_id) is not None  # the number follows its passage
            back = chapter.select_one(f"aside#note_{note_id} a[href='#{note_id}']")
            assert back.get_text() == "Back to the passage"
            assert chapter.select_one(f"mark#{note_id}") is not None  # the passage it leads back to
            site_text = page.select_one(f"#note_{note_id} .rc-note-text")
            if site_text is not None:
                assert chapter.select_one(f"aside#note_{note_id} .rc-note-text").get_text() == site_text.get_text()
        # The header panels and the questions are in the chapter too.
        assert chapter.select_one("h1").get_text() == article.title
        if article.summary:
            assert chapter.select_one(".rc-summary").get_text() == page.select_one(".rc-summary").get_text()
        assert [a["href"] for a in chapter.select(".rc-key-claims a")] == [f"#{c.id}" for c in article.key_claims]
        assert len(chapter.select("section.rc-questions li")) == len(article.questions)
        if article.provenance:
            assert chapter.select_one(".rc-provenance h2") is not None
        # What the site has for the browser alone is not in the book.
        assert chapter.select("button, template, script, .rc-controls, .rc-permalink, [hidden]") == []


def test_links_between_articles_stay_in_the_book_and_the_other_pages_lead_to_the_site(invented):
    chapters = _chapters(invented.site / EPUB_PATH)
    slugs = {a.slug for a in invented.corpus.articles}
    for slug in slugs:
        for link in chapters[slug].select("a[href]"):
            href = link["href"]
            if href.startswith("#"):
                assert chapters[slug].find(id=href[1:]) is not None, (slug, href)
            elif not href.startswith(("http://", "https://")):
                other, _, fragment = href.partition("#")
                assert other.removesuffix(".xhtml") in slugs, (slug, href)
                assert not fragment or chapters[other.removesuffix(".xhtml")].find(id=fragment) is not None
    about = chapters["about"]
    assert [a["href"] for a in about.select("ol a")] == [f"{a.slug}.xhtml" for a in sorted(
        invented.corpus.articles, key=lambda a: (a.published.sort_key, a.slug))]
    assert get_site_config(invented.root).url + "disagreements/" in [a["href"] for a in about.select("ul a")]


def test_the_book_says_what_it_is(invented):
    # What mkdocs.yml says, whichever companion's it is.
    site = get_site_config(invented.root)
    book = ebooklib_epub.read_epub(str(invented.site / EPUB_PATH), {"ignore_ncx": True})
    assert book.get_metadata("DC", "title")[0][0] == site.name
    assert book.get_metadata("DC", "language")[0][0] == site.language
    assert book.get_metadata("DC", "creator")[0][0] == (site.author or site.name)
    assert book.get_metadata("DC", "rights")[0][0].startswith(f"Notes: {site.license[0]} ({site.license[1]}).")
    assert book.get_metadata("DC", "identifier")[0][0].startswith("urn:uuid:")
    opf = zipfile.ZipFile(invented.site / EPUB_PATH).read("EPUB/content.opf").decode()
    newest = max([a.reviewed for a in invented.corpus.articles if a.reviewed]
                 + [c.date for a in invented.corpus.articles for c in a.corrections], key=lambda d: d.sort_key)
    assert f'<meta property="dcterms:modified">{newest.first_day().isoformat()}T00:00:00Z</meta>' in opf


def test_pages_link_the_book_with_its_size(invented):
    size = display_size((invented.site / EPUB_PATH).stat().st_size)
    for url, href in [(f"articles/{a.slug}", "../../downloads/companion.epub") for a in invented.corpus.articles] + \
                     [("articles", "../downloads/companion.epub")]:
        link = parse_page(invented.site, url).select_one("p.rc-epub")
        assert link.a["href"] == href and link.get_text().endswith(f"(EPUB, {size}).")


@pytest.mark.parametrize("size, shown", [(512, "512 bytes"), (89_428, "89 KB"), (1_234_567, "1.2 MB"), (48_900_000, "49 MB")])
def test_sizes_read_as_a_reader_reads_them(size, shown):
    assert display_size(size) == shown


def test_the_same_companion_gives_the_same_bytes(invented, tmp_path):
    copy = tmp_path / "again"
    shutil.copytree(invented.root, copy, ignore=shutil.ignore_patterns("site", ".companion-cache"))
    assert run_cli(copy, "build").status == 0
    again = (copy / "site" / EPUB_PATH).read_bytes()
    assert again == (invented.site / EPUB_PATH).read_bytes()
    names = zipfile.ZipFile(io.BytesIO(again)).infolist()
    assert names[0].filename == "mimetype" and names[0].compress_type == zipfile.ZIP_STORED
    assert {info.date_time for info in names} == {(1980, 1, 1, 0, 0, 0)}


def test_hostile_titles_stay_text_in_the_book(make_corpus):
    root = make_corpus({"articles/evil.md": ARTICLE.replace("A test article", "<script>alert(1)</script> & co")})
    chapters = _chapters(build(root) / EPUB_PATH)
    assert chapters["evil"].select("script") == [] and chapters["about"].select("script") == []
    assert chapters["evil"].select_one("h1").get_text() == "<script>alert(1)</script> & co"
