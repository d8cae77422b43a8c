"""The quality gates, on every page kind, in a real browser: accessibility (axe-core) and valid markup (Nu).

They open the pages the current companion has (tests/support.py, ``Shapes``): an article is
chosen by what it holds, never by name, and a page kind the companion cannot have (a scorecard
without predictions) is skipped with the reason. A failing gate names the page, the viewport,
the rule and the elements that broke it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sitechecks import AXE, nu_errors
from support import ARTIFACTS, NARROW, WIDE, Shapes

pytestmark = pytest.mark.browser
SHAPES = Shapes()
KINDS = ["home", "articles index", "article", "article with corrections", "timeline", "disagreements", "scorecard", "about", "reading guide",
         "corrections", "search", "search open", "reading paths", "reading path", "article on a path", "teachers", "handout"]
PAGE_KINDS = {kind: SHAPES.page(kind)[0] for kind in KINDS}


def _path(kind: str) -> str:
    """The path of the page of ``kind`` in the current companion; skips when it has none worth checking."""
    path, why = SHAPES.page(kind)
    if kind == "search open" and SHAPES.query is None:
        path, why = None, "the companion has no fact-check to search for"
    if path is None:
        pytest.skip(why)
    return path


def _open(open_page, kind, viewport):
    """The page of this kind; "search open" is the home page with the header search open and a query typed."""
    page = open_page(_path(kind), viewport)
    if kind == "search open":
        page.keyboard.press("/")
        page.keyboard.type(SHAPES.query)
        page.wait_for_function("document.querySelectorAll('dialog .rc-results li').length > 0")
    elif kind == "search":
        page.wait_for_function("document.querySelectorAll('.rc-results li').length > 0")
    return page

def _settle(page) -> None:
    """Let the page reach the state a reader sees before axe judges it: requests done, fonts
    ready, and no colour halfway through a theme transition (axe would measure the contrast of
    a frame, and a busy machine makes that frame a matter of chance)."""
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    page.evaluate("new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))")


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_reports_no_violation(open_page, kind, viewport):
    assert AXE.exists(), "axe-core is missing: run scripts/setup.sh dev (npm ci)"
    page = _open(open_page, kind, viewport)
    size = "wide" if viewport is WIDE else "narrow"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{kind.replace(' ', '-')}-{size}.png"), full_page=True)
    _settle(page)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    problems = [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
                for v in result["violations"]]
    assert problems == [], f"axe on {kind} ({_path(kind) or '/'}), {size}:\n" + "\n".join(problems)


def test_nu_html_checker_reports_no_error_in_our_markup(built_site: Path, open_page, tmp_path):
    static = {kind: "search/" if kind == "search" else url for kind, url in PAGE_KINDS.items() if kind != "search open"}
    pages = [built_site / url.split("?")[0] / "index.html" for url in static.values() if url is not None]
    assert all(page.is_file() for page in pages) and len(pages) == len(KINDS) - 1 - sum(url is None for url in static.values())
    # The pages as the browser has made them, with the search results and the search dialog in them.
    for kind in ("search", "search open") if SHAPES.query else ():
        snapshot = tmp_path / kind.replace(" ", "-") / "index.html"
        snapshot.parent.mkdir()
        snapshot.write_text(_open(open_page, kind, WIDE).content(), encoding="utf-8")
        pages.append(snapshot)
    assert nu_errors(pages) == []


@pytest.mark.parametrize("kind, selector", [
    ("timeline", "li.rc-event"),
    ("article with links", ".rc-note q.rc-link-quote"),
    ("article with links", ".rc-note .rc-link-why"),
    ("disagreements with pairs", "section.rc-pair blockquote"),
    ("scorecard with rows", "table.rc-predictions tbody tr"),
])
def test_without_javascript_everything_is_readable(open_page, kind, selector):
    page = open_page(_path(kind), NARROW, java_script_enabled=False)
    items = page.locator(selector)
    assert items.count() > 0
    assert all(items.nth(i).is_visible() for i in range(min(items.count(), 60)))
