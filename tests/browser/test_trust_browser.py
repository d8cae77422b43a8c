"""The trust features in the browser: a page with corrected notes, report links and its history
is axe- and Nu-clean at both widths, the report link is reached by keyboard, and nothing is
requested from another host until the reader follows it."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from sitechecks import AXE, VNU
from support import NARROW, PROJECT, WIDE, build, invented_companion, invented_slug, serve, write_project

pytestmark = pytest.mark.browser

SLUG = invented_slug(0)  # the invented article with corrections


@pytest.fixture(scope="module")
def trust_site(tmp_path_factory):
    files = invented_companion(3)
    files[f"articles/{SLUG}.notes.yml"] += "reviewed: 2026-07-02\n"
    files["mkdocs.yml"] = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "# repo_url: https://github.com/OWNER/REPOSITORY", "repo_url: https://github.com/example/companion")
    site = build(write_project(tmp_path_factory.mktemp("trust") / "project", files))
    with serve(site) as url:
        yield site, url


def _open(browser, url: str, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(url + f"articles/{SLUG}/")
    page.wait_for_load_state("networkidle")
    return context, page


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
def test_axe_finds_nothing_on_a_page_with_every_trust_feature(browser, trust_site, viewport):
    context, page = _open(browser, trust_site[1], viewport)
    assert page.locator(".rc-corrected").count() and page.locator("section.rc-history").count()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert [v["id"] for v in result["violations"]] == []
    assert {r.split("/")[2] for r in page.requests} == {trust_site[1].split("/")[2]}  # 127.0.0.1 only
    context.close()


def test_the_report_link_is_reached_by_keyboard(browser, trust_site):
    context, page = _open(browser, trust_site[1], WIDE)
    page.locator("span.rc-note#note_freight .rc-ref, .rc-ref[aria-controls='note_freight']").first.focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('rc-report')"):
            break
    assert page.evaluate("document.activeElement.textContent") == "Report a problem with this note"
    assert page.evaluate("document.activeElement.closest('.rc-note').id") == "note_freight"
    context.close()


def test_the_nu_checker_finds_no_error_on_the_page(trust_site):
    assert VNU.exists() and shutil.which("java")
    page = trust_site[0] / "articles" / SLUG / "index.html"
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--errors-only", str(page)],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert [m["message"] for m in messages if m.get("type") == "error"] == []
