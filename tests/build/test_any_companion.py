"""A teacher replaces articles/ with their own companion: the checks and the build still hold.

Each test copies the project, swaps articles/ for a small invented companion of a given shape
(tests/support.py), and runs on it what tests/build/test_this_companion.py runs on the shipped one,
where it means something for that shape, and the gates' choice of pages.
"""

from __future__ import annotations

import pytest
import sitechecks as this
from bs4 import BeautifulSoup
from support import (
    Shapes,
    build,
    copy_this_companion,
    invented_companion,
    replace_articles,
)

SHAPES = {
    "one article": invented_companion(1),
    "several articles": invented_companion(4, paths=True),
    "no links, no events": invented_companion(2, links=False, events=False, corrections=False),
}


@pytest.fixture(scope="module", params=list(SHAPES))
def teacher(request, tmp_path_factory):
    root = replace_articles(copy_this_companion(tmp_path_factory.mktemp("teacher") / "project"), SHAPES[request.param])
    for path in (root / "articles").glob("*.yml"):  # the teacher names the schemas, as CONTRIBUTING asks
        schema = "timeline" if path.name == "timeline.yml" else "notes"
        path.write_text(f"# yaml-language-server: $schema=../schemas/{schema}.schema.json\n" + path.read_text())
    return request.param, this.Companion(root, build(root))


def test_check_strict_build_and_the_companion_checks_pass(teacher):
    shape, companion = teacher
    this.check_strict_passes(companion)
    this.check_files_validate_and_name_their_schemas(companion)
    this.check_every_event_names_a_source(companion)
    this.check_site(companion)
    this.check_tokenizer_agrees_with_html_parser(companion)
    assert len(companion.corpus.articles) == {"one article": 1, "several articles": 4, "no links, no events": 2}[shape]
    assert bool(companion.links) == (shape == "several articles")
    assert bool(companion.corpus.events) == (shape != "no links, no events")


def test_the_gates_find_pages_of_each_shape_or_say_why_not(teacher):
    shape, companion = teacher
    shapes = Shapes(companion.root)
    first = companion.corpus.articles[0].slug
    assert shapes.page("article") == (f"articles/{first}/", "the companion has no article")
    for kind in ("home", "articles index", "timeline", "disagreements", "scorecard", "corrections", "article"):
        assert (companion.site / shapes.page(kind)[0].split("?")[0] / "index.html").is_file(), kind
    if shape == "several articles":
        assert shapes.page("article with links")[0] == f"articles/{shapes.first_article('links')}/"
        assert shapes.page("disagreements with pairs")[0] == "disagreements/"
    else:
        assert shapes.page("article with links") == (None, "no article of the companion has a cross-link")
        assert shapes.page("disagreements with pairs") == (None, "the companion has no cross-link")
    assert shapes.page("scorecard with rows")[0] == "scorecard/"
    assert shapes.query is not None


def test_an_empty_timeline_still_lists_the_publications(teacher):
    shape, companion = teacher
    if shape != "no links, no events":
        pytest.skip("only the companion without events")
    page = BeautifulSoup((companion.site / "timeline/index.html").read_text(encoding="utf-8"), "html.parser")
    assert sorted(li["data-type"] for li in page.select("li.rc-event")) == [
        "prediction", "prediction", "publication", "publication", "resolution", "resolution"]
    assert page.select('li.rc-event[data-type="event"]') == []
    disagreements = BeautifulSoup((companion.site / "disagreements/index.html").read_text(encoding="utf-8"), "html.parser")
    assert disagreements.select("section.rc-pair") == []
