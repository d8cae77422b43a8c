"""Trust a reader can see: a corrected note says so where it stands, each note can be reported
on the companion's repository, each article page ends with its history, and the notes' licence
is in every footer and in the exports."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from sitechecks import parse_page
from support import PROJECT, build, invented_companion, invented_slug, write_project

REPO = "https://github.com/example/companion"
MKDOCS = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
CORRECTED, OTHER, UNCORRECTED = invented_slug(0), invented_slug(1), invented_slug(2)


@pytest.fixture(scope="module")
def with_repo(tmp_path_factory):
    """The invented companion, with repo_url set and notes reviewed on a known day."""
    files = invented_companion(3)
    files[f"articles/{CORRECTED}.notes.yml"] += "reviewed: 2026-07-02\n"
    files["mkdocs.yml"] = MKDOCS.replace("# repo_url: https://github.com/OWNER/REPOSITORY", f"repo_url: {REPO}")
    return build(write_project(tmp_path_factory.mktemp("trust") / "project", files))


def test_a_corrected_note_says_when_and_what_and_links_to_the_log(with_repo):
    note = parse_page(with_repo, f"articles/{CORRECTED}").select_one("span.rc-note#note_freight")
    notices = note.select(".rc-corrected")
    assert [n.select_one(".rc-corrected-label").get_text(" ", strip=True) for n in notices] == [
        "Corrected on 1 May 2026 :"]
    assert notices[0].select_one("em").get_text() == "winter"
    href = notices[0].select_one("a.rc-corrected-log")["href"]
    assert href == f"../../corrections/#correction-{CORRECTED}-2026-05-01"
    log = parse_page(with_repo, "corrections").select_one(f"li.rc-correction#correction-{CORRECTED}-2026-05-01")
    assert log.select_one("a")["href"] == f"../articles/{CORRECTED}/"


def test_each_note_says_how_to_cite_it_with_its_permalink_and_review_date(with_repo):
    page = parse_page(with_repo, f"articles/{CORRECTED}")
    cite = page.select_one("span.rc-note#note_freight .rc-cite-note")
    toggle = page.select_one("span.rc-note#note_freight button.rc-cite-toggle")
    assert (toggle.get_text(), toggle["aria-controls"], toggle["aria-expanded"]) == ("Cite this note", cite["id"], "false")
    site_name = page.select_one("meta[property='og:site_name']")["content"]
    title, byline = page.select_one("h1").get_text(), page.select_one(".rc-author").get_text()
    date = page.select_one("time.rc-published").get_text()
    assert cite.get_text() == (
        f"{site_name}. Note on “Freight traffic across the bridge fell by a…”, in “{title}” ({byline.removeprefix('By ')}, "
        f"{date}), notes reviewed 2 July 2026. http://127.0.0.1:8000/articles/{CORRECTED}/#freight")
    assert len(page.select("span.rc-note .rc-cite-note")) == len(page.select("span.rc-note"))


def test_a_note_that_was_never_corrected_says_nothing_of_corrections(with_repo):
    page = parse_page(with_repo, f"articles/{UNCORRECTED}")
    assert page.select("span.rc-note") and page.select(".rc-corrected") == []


def test_each_note_links_to_a_prefilled_issue_on_the_repository(with_repo):
    page = parse_page(with_repo, f"articles/{CORRECTED}")
    notes = page.select("span.rc-note")
    reports = [n.select_one("a.rc-report") for n in notes]
    assert all(reports) and [r.get_text() for r in reports] == ["Report a problem with this note"] * len(notes)
    title = page.select_one("h1").get_text()
    link = urlsplit(page.select_one("span.rc-note#note_freight a.rc-report")["href"])
    assert (link.scheme, link.netloc, link.path) == ("https", "github.com", "/example/companion/issues/new")
    query = parse_qs(link.query)
    assert query["title"] == [f"Problem with the note “freight” on “{title}”"]
    assert query["body"][0].splitlines()[0] == f"Note: http://127.0.0.1:8000/articles/{CORRECTED}/#freight"


def test_without_a_github_repo_url_no_note_has_a_report_link(invented, tmp_path):
    assert parse_page(invented.site, f"articles/{CORRECTED}").select("a.rc-report") == []
    files = invented_companion(1)
    files["mkdocs.yml"] = MKDOCS.replace("# repo_url: https://github.com/OWNER/REPOSITORY",
                                         "repo_url: https://git.example.org/companion")
    site = build(write_project(tmp_path / "project", files))
    assert parse_page(site, f"articles/{CORRECTED}").select("a.rc-report") == []


def test_each_article_ends_with_its_history(with_repo):
    history = parse_page(with_repo, f"articles/{CORRECTED}").select_one("article.rc-article > section.rc-history")
    assert history.select_one("h2").get_text() == "History of this page"
    assert history.select_one(".rc-reviewed").get_text(" ", strip=True) == "Notes last reviewed: 2 July 2026 ."
    items = history.select("li.rc-history-correction")
    assert [li.select_one("time")["datetime"] for li in items] == ["2026-05-01", "2026-01-15"]  # newest first
    assert [a["href"] for a in items[0].select("p a")] == [
        "#freight", f"../../corrections/#correction-{CORRECTED}-2026-05-01"]
    assert history.select_one("a.rc-report").get_text() == "Report a problem with this page"
    other = parse_page(with_repo, f"articles/{UNCORRECTED}").select_one("section.rc-history")
    assert other.select_one(".rc-reviewed").get_text() == "No review date is recorded for these notes."
    assert other.select_one(".rc-history-none").get_text() == (
        "No corrections have been made to these notes since publication.")


def test_the_licence_is_in_every_footer_and_in_the_exports(with_repo):
    pages = sorted(with_repo.rglob("index.html"))
    assert len(pages) > 10
    for path in pages:
        footer = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("footer .md-copyright")
        assert "Notes: CC BY 4.0." in footer.get_text(" ", strip=True), path
    annotations = json.loads((with_repo / "annotations.jsonld").read_text(encoding="utf-8"))
    assert annotations["rights"] == "https://creativecommons.org/licenses/by/4.0/"
    feed = ElementTree.parse(with_repo / "feed.xml").getroot()
    rights = feed.find("{http://www.w3.org/2005/Atom}rights").text
    assert rights == "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
    links = [e.find("{http://www.w3.org/2005/Atom}id").text for e in feed.iter("{http://www.w3.org/2005/Atom}entry")]
    assert f"http://127.0.0.1:8000/corrections/#correction-{CORRECTED}-2026-05-01" in links
    page = parse_page(with_repo, f"articles/{CORRECTED}")
    reviews = json.loads(page.select_one('script#rc-claimreview[type="application/ld+json"]').get_text())
    assert reviews and {r["license"] for r in reviews} == {"https://creativecommons.org/licenses/by/4.0/"}
    web_page = json.loads(page.select_one('script#rc-webpage[type="application/ld+json"]').get_text())
    assert web_page["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_two_corrections_of_one_article_on_one_day_get_their_own_anchors(tmp_path):
    files = invented_companion(1)
    files[f"articles/{CORRECTED}.notes.yml"] += (
        "  - date: 2026-05-01\n    note: A second change that day, to <b>the same</b> note.\n    notes: [freight]\n")
    site = build(write_project(tmp_path / "project", files))
    ids = [li["id"] for li in parse_page(site, "corrections").select("li.rc-correction")]
    assert sorted(ids) == sorted([f"correction-{CORRECTED}-2026-05-01", f"correction-{CORRECTED}-2026-05-01-2",
                                  f"correction-{CORRECTED}-2026-01-15"])
    notices = parse_page(site, f"articles/{CORRECTED}").select("span.rc-note#note_freight .rc-corrected")
    assert [n.select_one("a.rc-corrected-log")["href"].split("#")[1] for n in notices] == [
        f"correction-{CORRECTED}-2026-05-01", f"correction-{CORRECTED}-2026-05-01-2"]
    assert notices[1].select("b") == []  # the correction's text is text, never markup
