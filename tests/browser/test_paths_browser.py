"""Reading paths in the browser, on the invented companion: a path's page leads to each step,
the article opened from a step shows its bar, and the bar leads on to the next step."""

from __future__ import annotations

import pytest
from sitechecks import AXE
from support import NARROW, WIDE, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(invented):
    with serve(invented.site) as url:
        yield invented, url


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return [v["id"] for v in page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")]


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
def test_a_path_leads_step_by_step_with_its_bar_on_each_article(browser, site, viewport):
    invented, url = site
    path = next(p for p in invented.corpus.paths if all(s.note_id for s in p.steps))  # a path of claims
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    errors, hosts = [], set()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto(url + f"paths/{path.id}/")
    assert page.locator("h1").text_content() == path.title
    assert page.locator("ol.rc-path-steps > li").count() == len(path.steps)
    assert _axe(page) == []
    page.locator("ol.rc-path-steps > li").nth(1).get_by_role("link").first.click()
    page.wait_for_load_state("networkidle")
    second = path.steps[1]
    assert page.url.endswith(f"articles/{second.slug}/?path={path.id}&step=2#{second.note_id}")
    bar = page.get_by_role("navigation", name="Reading path")
    assert bar.count() == 1 and bar.is_visible()
    assert bar.locator("p").first.text_content().startswith(f"{path.title}: step 2 of {len(path.steps)}.")
    # The step's claim is the one marked, and in view.
    assert page.locator(f"mark.rc-claim#{second.note_id}").evaluate("m => m.getBoundingClientRect().top") < viewport["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert _axe(page) == []
    bar.get_by_role("link", name=f"Next step: {invented.corpus.article(path.steps[2].slug).title}").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("navigation", name="Reading path").locator("p").first.text_content().startswith(
        f"{path.title}: step 3 of {len(path.steps)}.")
    # Opened by itself, the article shows no bar.
    page.goto(url + f"articles/{second.slug}/")
    assert page.locator("nav.rc-path-bar:visible").count() == 0
    # An address naming no step of the article (or something hostile) shows none either.
    page.goto(url + f"articles/{second.slug}/?path=%22%5D%2C*&step=1")
    assert page.locator("nav.rc-path-bar:visible").count() == 0
    assert errors == [] and hosts == {url.split("/")[2]}
    context.close()
