"""The reader controls in the browser, on the invented companion: hide the notes (remembered in
this browser only), filter them, step from one to the next by button and by key, and the list
of all notes; Test yourself. axe finds nothing in each state, and the margin still holds when notes return."""

from __future__ import annotations

import json

import pytest
from sitechecks import AXE, DEFAULT_DRIFT, NOTE_GEOMETRY, check_rail, nu_errors
from support import NARROW, WIDE, serve

from companion.vocabulary import OUTCOME_LABELS, VERDICT_LABELS, VERDICTS

pytestmark = pytest.mark.browser

VISIBLE_NOTES = "() => [...document.querySelectorAll('.rc-note')].filter(n => n.offsetParent !== null).map(n => n.dataset.note)"
HIGHLIGHTED = ("() => [...document.querySelectorAll('mark.rc-claim')].filter(m => "
               "getComputedStyle(m).backgroundColor !== 'rgba(0, 0, 0, 0)').map(m => m.dataset.note)")


@pytest.fixture(scope="module")
def site(invented):
    with serve(invented.site) as url:
        yield invented, url


@pytest.fixture
def article(browser, site):
    """Open an invented article at a viewport; the pages share one context, as a reader's tabs do."""
    invented, url = site
    contexts = []

    def open_(viewport=WIDE, context=None):
        context = context or browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.errors, page.requests = [], []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.on("request", lambda request: page.requests.append(request.url))
        page.goto(url + f"articles/{invented.corpus.articles[0].slug}/")
        page.wait_for_load_state("networkidle")
        return page

    yield open_
    for context in contexts:
        context.close()


def _ids(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('.rc-note')].map(n => n.dataset.note)")


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return [v["id"] for v in page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")]


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
def test_hiding_the_notes_leaves_the_article_as_written_and_is_remembered_here_only(article, viewport):
    page = article(viewport)
    every = _ids(page)
    assert len(every) > 3 and page.locator(".rc-controls").is_visible()
    assert page.locator(".rc-question-ref:visible").count() > 0
    page.get_by_role("button", name="Hide notes").click()
    assert page.evaluate(VISIBLE_NOTES) == [] and page.locator(".rc-ref:visible").count() == 0
    # The markers of questions go with the notes; the questions themselves stay at the end.
    assert page.locator(".rc-question-ref:visible").count() == 0 and page.locator("section.rc-questions li").first.is_visible()
    assert page.evaluate(HIGHLIGHTED) == []
    assert page.locator(".rc-controls-status").text_content() == "Notes hidden"
    assert page.get_by_role("button", name="Next note").is_disabled()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert _axe(page) == []
    assert page.evaluate("localStorage.getItem('rc-notes-hidden')") == "1"
    again = article(context=page.context)  # another visit in the same browser
    assert again.get_by_role("button", name="Show notes").is_visible() and again.evaluate(VISIBLE_NOTES) == []
    assert page.context.cookies() == [] and {r.split("/")[2] for r in page.requests} == {page.url.split("/")[2]}
    again.get_by_role("button", name="Show notes").click()
    assert again.evaluate("localStorage.getItem('rc-notes-hidden')") is None
    assert again.locator(".rc-controls-status").text_content() == f"{len(every)} of {len(every)} notes shown"
    if viewport is WIDE:
        assert again.evaluate(VISIBLE_NOTES) == every
        check_rail(again.evaluate(NOTE_GEOMETRY), "shown again", DEFAULT_DRIFT)
    assert article(viewport).get_by_role("button", name="Hide notes").is_visible()
    assert page.errors == again.errors == []


def test_the_filter_keeps_the_chosen_kinds_and_verdicts_and_the_margin_still_holds(article, site):
    invented = site[0]
    notes = {n.id: n for n in invented.corpus.articles[0].notes}
    page = article(WIDE)
    page.get_by_text("Filter notes").click()
    page.get_by_label("Context (2)").uncheck()
    kept = [i for i in _ids(page) if notes[i].kind != "context"]
    assert page.evaluate(VISIBLE_NOTES) == kept
    assert page.locator(".rc-controls-status").text_content() == f"{len(kept)} of {len(_ids(page))} notes shown"
    assert [li for li in page.evaluate(
        "() => [...document.querySelectorAll('.rc-all-notes li')].filter(li => !li.hidden).map(li => li.dataset.note)")] == kept
    check_rail([n for n in page.evaluate(NOTE_GEOMETRY) if n["id"] in kept], "filtered", DEFAULT_DRIFT)
    verdict = notes["rushed"].verdict
    page.locator(f".rc-controls input[name=verdict][value={verdict}]").uncheck()
    kept = [i for i in kept if notes[i].verdict != verdict]
    assert page.evaluate(VISIBLE_NOTES) == kept
    assert set(page.evaluate(HIGHLIGHTED)) == set(kept)
    assert _axe(page) == []
    assert article(context=page.context).evaluate(VISIBLE_NOTES) == kept  # remembered


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
def test_j_and_k_and_the_buttons_step_through_the_notes_in_text_order(article, viewport):
    page = article(viewport)
    every = _ids(page)
    focused = "document.activeElement.closest('.rc-note') && document.activeElement.closest('.rc-note').dataset.note"
    in_view = ("id => { const r = document.querySelector(`mark.rc-claim[data-note='${id}']`).getBoundingClientRect();"
               " return r.top >= 0 && r.bottom <= innerHeight; }")
    page.keyboard.press("j")
    assert page.evaluate(focused) == every[0] and page.evaluate(in_view, every[0])
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.evaluate(focused) == every[2] and page.evaluate(in_view, every[2])
    assert page.locator(f"#note_{every[2]}").is_visible()  # opened, on a narrow screen too
    assert page.locator(".rc-controls-status").text_content() == f"Note 3 of {len(every)}"
    page.keyboard.press("k")
    assert page.evaluate(focused) == every[1]
    page.get_by_role("button", name="Next note").click()
    assert page.evaluate(focused) == every[2]
    page.get_by_role("button", name="Previous note").click()
    assert page.evaluate(focused) == every[1]
    for _ in every:
        page.keyboard.press("j")
    assert page.evaluate(focused) == every[-1]
    assert page.locator(".rc-controls-status").text_content() == "That was the last note"


def test_a_key_typed_into_a_form_field_does_not_step(article):
    page = article(WIDE)
    page.get_by_text("Filter notes").click()
    page.get_by_label("Context (2)").focus()
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.value") == "context"


def test_the_list_of_all_notes_leads_to_each_passage(article, site):
    page = article(NARROW)
    page.get_by_text("All notes").click()
    entries = page.locator(".rc-all-notes li a")
    assert entries.count() == len(_ids(page))
    entries.nth(2).click()
    target = _ids(page)[2]
    page.wait_for_function(f"location.hash === '#{target}'")
    page.locator(f"#note_{target}").wait_for(state="visible", timeout=5000)  # opened on hashchange, a task later


def test_without_javascript_the_controls_are_absent_and_every_note_shows(browser, site):
    invented, url = site
    context = browser.new_context(viewport=NARROW, java_script_enabled=False)
    page = context.new_page()
    page.goto(url + f"articles/{invented.corpus.articles[0].slug}/")
    assert page.locator(".rc-controls").is_hidden()
    assert page.locator(".rc-note:visible").count() == page.locator(".rc-note").count() > 3
    context.close()


def test_cite_this_note_opens_by_keyboard_and_the_notes_below_make_room(article):
    page = article(WIDE)
    first = _ids(page)[0]
    toggle = page.locator(f"#note_{first} button.rc-cite-toggle")
    assert page.locator(f"#cite_{first}").is_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and page.locator(f"#cite_{first}").is_visible()
    assert page.locator(f"#cite_{first}").text_content().endswith(f"#{first}")
    page.wait_for_timeout(300)  # the rail's move of the notes below (a .15 s transition)
    notes = page.evaluate(NOTE_GEOMETRY)
    assert all(below["top"] >= above["bottom"] for above, below in zip(notes, notes[1:], strict=False))


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
def test_a_question_marker_leads_by_keyboard_to_its_question_and_back_to_the_passage(article, viewport):
    page = article(viewport)
    marker = page.locator(".rc-body a.rc-question-ref").first
    target = marker.get_attribute("href")
    marker.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"location.hash === '{target}'")
    question = page.locator(f"li{target}")
    assert question.is_visible() and question.evaluate("q => q.getBoundingClientRect().top") < viewport["height"]
    passage = question.locator(".rc-question-about a").first
    note_id = passage.get_attribute("href")
    passage.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"location.hash === '{note_id}'")
    assert page.locator(f"mark.rc-claim{note_id}").evaluate("m => m.getBoundingClientRect().top") < viewport["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert _axe(page) == [] and page.errors == []


def _asked(article) -> list:
    """The notes Test yourself asks about: fact-checks with a verdict, predictions with a known outcome."""
    return [n for n in article.notes if (n.kind == "fact-check" and n.verdict)
            or (n.kind == "prediction" and n.outcome not in (None, "pending"))]


def _open_note(page, note_id: str):
    """Open one note as a reader does, by its number (it unfolds on a narrow screen, and opens in the margin)."""
    page.locator(f'.rc-ref[data-note="{note_id}"]').click()
    return page.locator(f"#note_{note_id}")


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
def test_test_yourself_asks_for_a_verdict_before_it_shows_the_companions(article, site, viewport, tmp_path):
    first = site[0].corpus.articles[0]
    asked = _asked(first)
    fact_check = next(n for n in asked if n.kind == "fact-check")
    prediction = next(n for n in asked if n.kind == "prediction")
    page = article(viewport)
    toggle = page.get_by_role("button", name="Test yourself")
    assert toggle.get_attribute("aria-pressed") == "false" and page.locator(".rc-quiz").count() == 0
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    in_order = [i for i in _ids(page) if i in {n.id for n in asked}]
    assert page.evaluate("() => [...document.querySelectorAll('.rc-note .rc-quiz')].map(q => q.closest('.rc-note').dataset.note)") == in_order
    note = _open_note(page, fact_check.id)
    number = note.locator(".rc-note-head").get_attribute("data-num")
    assert note.locator(".rc-verdict").is_hidden() and note.locator(".rc-note-text").is_hidden()
    group = page.get_by_role("group", name=f"Your verdict, note {number}")
    assert [group.get_by_role("radio").nth(i).evaluate("r => r.labels[0].textContent.trim()")
            for i in range(group.get_by_role("radio").count())] == [VERDICT_LABELS[v] for v in VERDICTS]
    # By keyboard: to the first choice, an arrow to the next one, then Check.
    group.get_by_role("radio").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    result = note.locator(".rc-quiz-result")
    assert result.text_content() == f"You said: Minor error. The companion: {VERDICT_LABELS[fact_check.verdict]}, because"
    assert page.evaluate("document.activeElement.classList.contains('rc-quiz-result')")
    assert note.locator(".rc-verdict").is_visible() and note.locator(".rc-note-text").is_visible()
    note = _open_note(page, prediction.id)
    note.get_by_role("button", name="Check").click()
    assert page.locator(".rc-controls-status").text_content() == "Choose an answer first"
    note.get_by_label("Did not happen").check()
    note.get_by_role("button", name="Check").click()
    assert note.locator(".rc-quiz-result").text_content() == \
        f"You said: Did not happen. The companion: {OUTCOME_LABELS[prediction.outcome]}, because"
    matched = (fact_check.verdict == "minor-error") + (prediction.outcome == "did-not-happen")
    summary = page.locator("section.rc-quiz-summary")
    assert summary.locator(".rc-quiz-score").text_content() == f"2 of {len(asked)} answered, {matched} matching the companion."
    assert summary.locator("li").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    if viewport is WIDE:  # the page as the browser has made it, answers given: valid HTML too (before axe is in it)
        (tmp_path / "quiz").mkdir()
        (tmp_path / "quiz" / "index.html").write_text(page.content(), encoding="utf-8")
        assert nu_errors([tmp_path / "quiz" / "index.html"]) == []
    assert _axe(page) == []
    assert json.loads(page.evaluate(f"localStorage.getItem('rc-quiz:{first.slug}')")) == {
        "on": True, "answers": {fact_check.id: "minor-error", prediction.id: "did-not-happen"}}
    assert page.context.cookies() == [] and {r.split("/")[2] for r in page.requests} == {page.url.split("/")[2]}
    again = article(context=page.context)  # another visit: the mode and the answers are remembered
    assert again.locator(".rc-quiz-result").count() == 2 and again.locator(".rc-quiz").count() == len(asked) - 2
    assert again.errors == page.errors == []


def test_print_my_answers_prints_the_answers_alone_and_clear_starts_again(article, site):
    first = site[0].corpus.articles[0]
    asked = _asked(first)
    page = article(WIDE)
    page.get_by_role("button", name="Test yourself").click()
    note = _open_note(page, asked[0].id)
    note.get_by_role("radio").first.check()
    note.get_by_role("button", name="Check").click()
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Print my answers").click()
    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    assert page.locator(".rc-quiz-summary li").is_visible() and page.locator(".rc-header h1").is_visible()
    assert page.locator(".rc-body").is_hidden() and page.locator(".rc-quiz-summary button").first.is_hidden()
    page.evaluate("dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert page.locator(".rc-body").is_visible()
    page.get_by_role("button", name="Clear my answers").click()
    assert page.locator(".rc-quiz-result").count() == 0 and page.locator(".rc-quiz").count() == len(asked)
    assert page.locator(".rc-quiz-score").text_content() == f"0 of {len(asked)} answered, 0 matching the companion."
    page.get_by_role("button", name="Test yourself").click()  # off: every verdict shows again
    assert page.locator(".rc-quiz").count() == 0 and page.locator(".rc-quiz-summary").is_hidden()
    assert all(page.locator(".rc-note .rc-verdict").nth(i).is_visible() for i in range(page.locator(".rc-note .rc-verdict").count()))
    assert page.errors == []


def test_while_testing_yourself_no_verdict_shows_in_the_filter_or_the_list(article, site):
    notes = {n.id: n for n in site[0].corpus.articles[0].notes}
    page = article(WIDE)
    page.get_by_text("Filter notes").click()
    page.locator(f".rc-controls input[name=verdict][value={notes['rushed'].verdict}]").uncheck()
    assert "rushed" not in page.evaluate(VISIBLE_NOTES)
    page.get_by_role("button", name="Test yourself").click()
    assert "rushed" in page.evaluate(VISIBLE_NOTES)  # a filter by verdict would give the verdict away
    assert page.locator(".rc-verdict-filter").is_hidden()
    page.get_by_text("All notes").click()
    assert page.locator(".rc-all-notes li").first.is_visible() and page.locator(".rc-listed-verdict:visible").count() == 0
    page.get_by_role("button", name="Test yourself").click()
    assert "rushed" not in page.evaluate(VISIBLE_NOTES)
