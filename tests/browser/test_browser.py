"""The built site in Debian's Chromium: notes beside their passages, keyboard toggles, no-JS, print, privacy.

These tests never skip: a missing /usr/bin/chromium is a failure (scripts/setup.sh installs it).
Screenshots of each article, wide and narrow, are saved under test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from sitechecks import DEFAULT_DRIFT, NOTE_GEOMETRY, OPEN_DRIFT, check_rail
from support import Shapes, run_cli, write_project

from companion.timeline import get_entries

pytestmark = pytest.mark.browser
from support import ARTIFACTS, NARROW, WIDE  # noqa: E402 - shared with the gates

# The current companion's articles: the layout gates run on each; the other tests pick one by its shape.
SHAPES = Shapes()
ARTICLES = SHAPES.slugs
PAGES = ["", "guide/", "articles/", "about/", "disagreements/", "timeline/", "scorecard/", "corrections/", *(f"articles/{slug}/" for slug in ARTICLES)]


def _stress_site(tmp_path_factory) -> Path:
    """An article with a note on every sentence, several paragraphs of them, some notes long."""
    paragraphs, notes = [], []
    for p in range(4):
        sentences = []
        for i in range(12):
            words = " ".join(f"w{p}s{i}k{k}" for k in range(18))  # about 22 words: an op-ed's sentence
            sentences.append(f"Sentence {p}-{i} says {words}.")
            text = "A note on this sentence. " * (6 if i % 5 == 0 else 1)
            notes.append(f"  - {{id: n{p}-{i}, quote: 'Sentence {p}-{i} says', kind: context, note: '{text.strip()}'}}\n")
        paragraphs.append(" ".join(sentences))
    root = write_project(tmp_path_factory.mktemp("stress") / "project", {
        "articles/stress.md": "---\ntitle: A note on every sentence\npublished: 2020\n---\n\n" + "\n\n".join(paragraphs) + "\n",
        "articles/stress.notes.yml": "notes:\n" + "".join(notes)})
    assert run_cli(root, "build").status == 0
    return root / "site"


@pytest.fixture(scope="module")
def stress(tmp_path_factory, browser):
    site = _stress_site(tmp_path_factory)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/articles/stress/"
    httpd.shutdown()


@pytest.mark.parametrize("slug", ARTICLES)
def test_wide_notes_sit_level_with_their_passages_and_never_overlap(open_page, slug):
    page = open_page(f"articles/{slug}/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"article-{slug}-wide.png"), full_page=True)
    notes = page.evaluate(NOTE_GEOMETRY)
    assert notes
    check_rail(notes, slug, DEFAULT_DRIFT)


def test_a_note_on_every_sentence_still_sits_level(browser, stress):
    page = browser.new_page(viewport=WIDE)
    page.goto(stress)
    page.wait_for_timeout(300)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "stress-wide.png"), full_page=True)
    notes = page.evaluate(NOTE_GEOMETRY)
    assert len(notes) == 48
    check_rail(notes, "stress", DEFAULT_DRIFT)
    page.close()


def _open_geometry(page, note_id: str):
    notes = page.evaluate(NOTE_GEOMETRY)
    opened = [n for n in notes if n["open"]]
    assert [n["id"] for n in opened] == [note_id]
    return notes, opened[0]


@pytest.mark.parametrize("how", ["fragment", "click", "keyboard"])
def test_an_opened_note_is_level_with_its_passage_and_the_others_make_room(browser, stress, how):
    page = browser.new_page(viewport=WIDE)
    for note_id in ("n0-0", "n1-5", "n3-11"):
        if how == "fragment":
            page.goto(f"{stress}#{note_id}")
        else:
            page.goto(stress)
            page.wait_for_timeout(200)
            ref = page.locator(f'button.rc-ref[data-note="{note_id}"]')
            ref.click() if how == "click" else ref.focus()
        page.wait_for_timeout(400)  # the notes move with a short transition
        notes, opened = _open_geometry(page, note_id)
        assert abs(opened["drift"]) <= OPEN_DRIFT, f"{how} {note_id}: {opened['drift']:.0f} px"
        assert page.locator(f'button.rc-ref[data-note="{note_id}"]').get_attribute("aria-expanded") == "true"
        previous = None
        for note in notes:  # the others make room: none overlaps another
            if previous is not None:
                assert note["top"] >= previous["bottom"], f"{how} {note_id}: #{note['id']} overlaps #{previous['id']}"
            previous = note
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"stress-opened-{how}-wide.png"), full_page=True)
    page.close()


@pytest.mark.parametrize("slug", ARTICLES)
def test_a_targeted_claim_has_its_note_level_with_it(open_page, slug):
    page = open_page(f"articles/{slug}/")
    ids = [n["id"] for n in page.evaluate(NOTE_GEOMETRY)]
    for note_id in (ids[0], ids[len(ids) // 2], ids[-1]):
        page.goto(page.url.split("#")[0] + f"#{note_id}")
        page.wait_for_timeout(400)
        notes, opened = _open_geometry(page, note_id)
        assert abs(opened["drift"]) <= OPEN_DRIFT, f"{slug}#{note_id}: {opened['drift']:.0f} px"


def test_every_note_head_has_its_icon(browser, stress, open_page):
    kinds = {}
    for slug in ARTICLES:
        page = open_page(f"articles/{slug}/")
        for kind, icon, width in page.evaluate("""() => [...document.querySelectorAll('.rc-note')].map(n => {
            const s = getComputedStyle(n.querySelector('.rc-kind'), '::before');
            return [n.dataset.kind, s.maskImage || s.webkitMaskImage, parseFloat(s.width)]; })"""):
            kinds.setdefault(kind, set()).add((icon.startswith('url("data:image/svg+xml'), width > 0))
    ends = {end for link in SHAPES.links for end in link.ends}
    expected = {n.kind for a in SHAPES.corpus.articles for n in a.notes if not n.is_bare_anchor}
    expected |= {"linked-claim" for a in SHAPES.corpus.articles for n in a.notes if n.is_bare_anchor and (a.slug, n.id) in ends}
    assert set(kinds) == expected
    assert all(found == {(True, True)} for found in kinds.values()), kinds


@pytest.mark.parametrize("slug", ARTICLES[:2])
def test_narrow_toggle_works_from_the_keyboard(open_page, slug):
    page = open_page(f"articles/{slug}/", NARROW)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"article-{slug}-narrow.png"), full_page=True)
    button = page.locator("button.rc-ref").first
    note = page.locator(f"#{button.get_attribute('aria-controls')}")
    assert button.get_attribute("aria-expanded") == "false" and not note.is_visible()
    for _ in range(80):  # Tab through the page until the first note marker has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('rc-ref')"):
            break
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == button.get_attribute("aria-controls")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true" and note.is_visible()
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and not note.is_visible()
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == button.get_attribute("aria-controls")
    page.keyboard.press("Space")
    assert button.get_attribute("aria-expanded") == "true" and note.is_visible()


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
def test_permalink_scrolls_to_highlighted_passage_and_shows_its_note(open_page, viewport):
    page = open_page(f"articles/{ARTICLES[0]}/", viewport)
    notes = page.locator(".rc-note")
    note_id = notes.nth(min(5, notes.count() - 1)).get_attribute("data-note")  # one well down the page
    page.goto(page.url.split("#")[0] + f"#{note_id}")
    page.wait_for_timeout(100)
    claim = page.locator(f"#{note_id}")
    assert "rc-active" in claim.get_attribute("class")
    box = claim.bounding_box()
    assert 0 <= box["y"] <= viewport["height"] - box["height"]
    assert page.locator(f"#note_{note_id}").is_visible()


@pytest.mark.parametrize("path", PAGES)
def test_narrow_pages_never_overflow_horizontally(open_page, path):
    page = open_page(path, NARROW)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]


@pytest.mark.parametrize("path", PAGES)
def test_no_request_to_another_host_and_no_console_errors(open_page, path):
    page = open_page(path)
    page.locator("button.rc-ref").first.click() if page.locator("button.rc-ref").count() else None
    page.wait_for_load_state("networkidle")
    assert [url for url in page.requests if urlsplit(url).hostname != "127.0.0.1"] == []
    assert page.errors == []


def test_without_javascript_every_note_is_readable(open_page, built_site):
    page = open_page(f"articles/{ARTICLES[0]}/", NARROW, java_script_enabled=False)
    notes = page.locator(".rc-note")
    built = BeautifulSoup((built_site / "articles" / ARTICLES[0] / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert notes.count() == len(built.select(".rc-note")) > 0
    assert all(notes.nth(i).is_visible() for i in range(notes.count()))


def test_print_keeps_notes_legible(open_page):
    page = open_page(f"articles/{ARTICLES[0]}/")
    page.emulate_media(media="print")
    styles = page.evaluate("""() => [...document.querySelectorAll('.rc-note')].map(n => {
        const s = getComputedStyle(n); return [s.display, s.float, parseFloat(s.fontSize), s.color]; })""")
    assert styles and all(display == "block" and float_ == "none" and size >= 11 and color == "rgb(0, 0, 0)"
                          for display, float_, size, color in styles)
    assert page.locator("button.rc-ref").first.is_hidden()


def _first_link():
    """The two ends of the current companion's first cross-link; skips when it has none."""
    if not SHAPES.links:
        pytest.skip("the companion has no cross-link")
    return SHAPES.links[0].ends


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
def test_following_a_cross_link_lands_on_the_highlighted_claim(open_page, viewport):
    (here_slug, here_id), (there_slug, there_id) = _first_link()
    page = open_page(f"articles/{here_slug}/", viewport)
    # Narrow: the note opens inline; wide: the compact note opens in the margin, level with its passage.
    page.locator(f'button.rc-ref[data-note="{here_id}"]').click()
    link = page.locator(f'#note_{here_id} a.rc-link[href="../{there_slug}/#{there_id}"]')
    link.click()
    page.wait_for_url(f"**/{there_slug}/#{there_id}")
    page.wait_for_timeout(150)
    claim = page.locator(f"#{there_id}")
    assert "rc-active" in claim.get_attribute("class")
    box = claim.bounding_box()
    assert box["y"] >= 0 and box["y"] < viewport["height"]
    assert page.locator(f"#note_{there_id}").is_visible()


def test_link_preview_opens_by_keyboard_and_closes_with_escape(open_page):
    (here_slug, here_id), _ = _first_link()
    page = open_page(f"articles/{here_slug}/")
    link = page.locator(f"#note_{here_id} a.rc-link").first
    link.focus()
    preview = page.locator(".rc-preview")
    assert preview.is_visible()
    assert link.get_attribute("aria-describedby") == "rc-preview"
    expected = page.locator(f"#note_{here_id} q.rc-link-quote").first.text_content()
    assert preview.locator(".rc-preview-passage").text_content() == expected
    page.keyboard.press("Escape")
    assert preview.count() == 0
    assert page.evaluate("document.activeElement.classList.contains('rc-link')")
    link.hover()
    assert page.locator(".rc-preview").is_visible()


def _article_to_filter():
    """An article, its timeline entries other than events, and a year the filter hides (or None)."""
    entries = get_entries(SHAPES.corpus)
    years = {e.start.year for e in entries}
    choices = []
    for slug in ARTICLES:
        shown = [e for e in entries if slug in e.articles and e.type != "event"]
        hidden = sorted(years - {e.start.year for e in shown})
        choices.append((slug, [e.id for e in shown], hidden[0] if hidden else None))
    if not choices:
        pytest.skip("the companion has no article")
    return next((c for c in choices if c[2] is not None), choices[0])  # preferably one that hides a year


def test_timeline_filter_by_type_and_article_from_the_keyboard(open_page):
    slug, expected, hidden_year = _article_to_filter()
    page = open_page("timeline/")
    form = page.locator("form.rc-filter")
    assert form.is_visible()
    total = page.locator("li.rc-event").count()
    page.locator('input[name="type"][value="event"]').focus()
    page.keyboard.press("Space")  # untick "Event"
    visible_types = page.evaluate("[...document.querySelectorAll('li.rc-event')].filter(e => !e.hidden).map(e => e.dataset.type)")
    assert visible_types and "event" not in visible_types
    page.select_option('select[name="article"]', slug)
    visible = page.evaluate("[...document.querySelectorAll('li.rc-event')].filter(e => !e.hidden).map(e => e.id)")
    assert visible == expected and f"published-{slug}" in visible
    assert page.locator(".rc-filter-status").text_content() == f"{len(expected)} entries shown"
    if hidden_year is not None:
        assert page.locator(f"#y{hidden_year}").is_hidden()
    page.locator('input[name="type"][value="event"]').check()
    page.select_option('select[name="article"]', "")
    assert page.evaluate("[...document.querySelectorAll('li.rc-event')].filter(e => !e.hidden).length") == total
