"""The second renderer: the same docs/ built with Zensical keeps every note, link and entry, and the layout gates."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from sitechecks import AXE, DEFAULT_DRIFT, NOTE_GEOMETRY, check_rail
from support import NARROW, PROJECT, WIDE, load_corpus, run_cli

pytestmark = pytest.mark.browser
CORPUS = load_corpus(PROJECT)[0]


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("zensical") / "project"
    for name in ("articles", "overrides"):
        shutil.copytree(PROJECT / name, root / name)
    for name in ("mkdocs.yml", "companion.yml"):
        shutil.copy(PROJECT / name, root / name)
    (root / "docs").mkdir()
    for page in ("index.md", "about.md", "guide.md"):
        shutil.copy(PROJECT / "docs" / page, root / "docs" / page)
    result = run_cli(root, "build", "--renderer", "zensical")
    assert result.status == 0, result.err
    return root / "site"


@pytest.fixture(scope="module")
def zensical_server(zensical_site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(zensical_site))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()


def _page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("article", CORPUS.articles, ids=lambda a: a.slug)
def test_every_asset_an_article_page_references_exists(zensical_site, article):
    page = _page(zensical_site, f"articles/{article.slug}")
    base = f"http://site/articles/{article.slug}/"
    refs = [tag.get("href") or tag.get("src") for tag in page.select("link[href], script[src], img[src]")]
    assert refs
    for ref in refs:
        parts = urlsplit(urljoin(base, ref))
        if parts.netloc == "site" and not parts.path.endswith("/"):
            assert (zensical_site / parts.path.lstrip("/")).is_file(), ref


@pytest.mark.parametrize("article", CORPUS.articles, ids=lambda a: a.slug)
def test_every_note_and_link_is_on_its_page(zensical_site, article):
    page = _page(zensical_site, f"articles/{article.slug}")
    shown = {note["data-note"] for note in page.select("span.rc-note")}
    assert {n.id for n in article.notes if not n.is_bare_anchor} <= shown
    assert {m["id"] for m in page.select("mark.rc-claim[id]")} == {n.id for n in article.notes}
    links = [link for link in CORPUS.links if article.slug in (link.source, link.to_slug)]
    assert len(page.select("a.rc-link")) == len(links)


def test_every_timeline_entry_is_on_the_timeline(zensical_site):
    from companion.timeline import get_entries

    page = _page(zensical_site, "timeline")
    assert [li["id"] for li in page.select("li.rc-event")] == [e.id for e in get_entries(CORPUS)]


@pytest.mark.parametrize("slug", [a.slug for a in CORPUS.articles])
def test_notes_sit_level_and_nothing_overflows_a_phone(browser, zensical_server, slug):
    wide = browser.new_page(viewport=WIDE)
    wide.goto(f"{zensical_server}articles/{slug}/")
    wide.wait_for_timeout(300)
    check_rail(wide.evaluate(NOTE_GEOMETRY), f"zensical {slug}", DEFAULT_DRIFT)
    wide.close()
    narrow = browser.new_page(viewport=NARROW)
    narrow.goto(f"{zensical_server}articles/{slug}/")
    assert narrow.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    button = narrow.locator("button.rc-ref").first
    note = narrow.locator(f"#{button.get_attribute('aria-controls')}")
    button.focus()
    narrow.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true" and note.is_visible()
    narrow.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and not note.is_visible()
    narrow.close()


@pytest.mark.parametrize("path", ["", f"articles/{CORPUS.articles[0].slug}/", "timeline/", "search/?kind=fact-check"])
@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
def test_axe_reports_no_violation_under_zensical(browser, zensical_server, path, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(zensical_server + path)
    page.wait_for_timeout(300)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    problems = [f"{v['id']}: {v['help']} — " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
                for v in result["violations"]]
    page.close()
    assert problems == [], "\n".join(problems)
