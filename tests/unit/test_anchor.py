"""Anchoring: a note's quote finds exactly one passage, whatever quotes, dashes and spaces it was typed with."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sitechecks import check_tokenizer
from support import ARTICLE, invented_companion

from companion import safe_markdown
from companion.anchor import anchor_notes
from companion.dates import PartialDate
from companion.htmltext import Document
from companion.model import Article, Corpus, Note
from companion.placing import anchor_article
from companion.problems import Location, Problems
from companion.render import render_pages
from companion.siteconfig import SiteConfig


def article(body: str, *notes: Note) -> Article:
    return Article(slug="a", path="articles/a.md", title="A", author=None, outlet=None,
                   published=PartialDate(2019), url=None, republished=(), summary=None, provenance=None,
                   provenance_sources=(), key_claims=(), body=body, body_line=5, notes=notes, notes_path="articles/a.notes.yml")


def note(quote: str, prefix: str = "", suffix: str = "", line: int = 3, id: str = "n1", text: str | None = "A note.") -> Note:
    return Note(id=id, quote=quote, prefix=prefix, suffix=suffix, kind="context" if text else None, text=text,
                sources=(), verdict=None, outcome=None, resolved=None, loc=Location("articles/a.notes.yml", line, 5))


def anchor(body: str, *notes: Note):
    problems = Problems()
    texts = [block.text for block in Document(safe_markdown.render(body)).blocks]
    anchors = anchor_notes(article(body, *notes), texts, problems)
    return anchors, [str(p) for p in problems.sorted()]


def test_straight_quotes_match_typographic_ones():
    anchors, problems = anchor("He said he’d “support Russia’s return” soon.\n", note("he'd \"support Russia's return\""))
    assert problems == []
    assert anchors[0].text == "he’d “support Russia’s return”"


def test_whitespace_runs_and_dashes_are_folded():
    anchors, problems = anchor("It was — as he phrased it —   a\ndeal.\n", note("was - as he phrased it - a deal"))
    assert problems == []
    assert anchors[0].text == "was — as he phrased it —   a\ndeal"


def test_ambiguous_quote_exact_message():
    body = "The deal was done.\n\nSo the deal was undone.\n\nAnd the deal was redone.\n"
    anchors, problems = anchor(body, note("the deal"))
    assert anchors == []
    assert problems == [
        "articles/a.notes.yml:3:5: error: quote 'the deal' matches 2 places in articles/a.md: "
        "paragraph 2 ('…So [the deal] was undone.…'); paragraph 3 ('…And [the deal] was redone.…'). "
        "Add a 'prefix' or 'suffix' to pick one"
    ]


def test_prefix_and_suffix_pick_one_occurrence():
    body = "So the deal was undone.\n\nAnd the deal was redone.\n"
    anchors, problems = anchor(body, note("the deal", prefix="And "), note("the deal", suffix=" was undone", id="n2"))
    assert problems == []
    assert [(a.note.id, a.block, a.start) for a in anchors] == [("n1", 1, 4), ("n2", 0, 3)]


def test_quote_present_but_not_with_given_prefix():
    anchors, problems = anchor("So the deal was undone.\n", note("the deal", prefix="And "))
    assert problems == [
        "articles/a.notes.yml:3:5: error: quote 'the deal' is in articles/a.md, but not with this prefix and suffix; "
        "it stands at: paragraph 1 ('…So [the deal] was undone.…')"
    ]


def test_missing_quote_suggests_the_closest_passage():
    body = "Russia will continue recalibrating its approach to China before the summits.\n"
    anchors, problems = anchor(body, note("Russia will keep recalibrating its policy to China"))
    assert anchors == []
    assert problems == [
        "articles/a.notes.yml:3:5: error: quote 'Russia will keep recalibrating its policy to China' is not in "
        "articles/a.md; did you mean 'Russia will continue recalibrating its approach to China'?"
    ]


def test_quote_with_nothing_close_has_no_suggestion():
    anchors, problems = anchor("Entirely different words.\n", note("zebra xylophone quartz"))
    assert problems == ["articles/a.notes.yml:3:5: error: quote 'zebra xylophone quartz' is not in articles/a.md"]


def test_edited_article_reanchors_with_a_warning_and_the_corrected_quote():
    edited = "The two countries still tend to avoid calling each other allies.\n"
    anchors, problems = anchor(edited, note("the two countries still tends to avoid calling each other allies"))
    assert [a.text for a in anchors] == ["The two countries still tend to avoid calling each other allies"]
    assert problems == [
        "articles/a.notes.yml:3:5: warning: quote 'the two countries still tends to avoid calling each other allies' "
        "no longer matches articles/a.md exactly; re-anchored to the closest passage (98% similar). Replace the quote "
        "with: 'The two countries still tend to avoid calling each other allies'"
    ]


def test_a_quote_may_not_cross_a_paragraph_boundary():
    anchors, problems = anchor("End of one.\n\nStart of two.\n", note("one. Start"))
    assert anchors == []
    assert problems == ["articles/a.notes.yml:3:5: error: quote 'one. Start' crosses a paragraph boundary in "
                        "articles/a.md; a quote must lie within one paragraph"]


def _render(body: str, *notes: Note):
    problems = Problems()
    corpus = Corpus((article(body, *notes),))
    placed = anchor_article(corpus.articles[0], problems)
    pages = render_pages(corpus, {"a": placed}, [], [], SiteConfig("S", "http://x/"))[1] if placed else {}
    page = BeautifulSoup(pages.get("a", b""), "html.parser").select_one("div.rc-body")
    return page, [str(p) for p in problems.sorted()]


def test_quote_across_emphasis_is_highlighted_as_valid_nested_html():
    soup, problems = _render("Aa *bb cc* dd [ee ff](https://example.org) gg.\n", note("cc dd ee"))
    assert problems == []
    pieces = soup.select("mark.rc-claim")
    assert [(p.get("id"), p.get_text(), p.parent.name) for p in pieces] == [("n1", "cc", "em"), (None, " dd ", "p"), (None, "ee", "a")]
    assert all(p["data-note"] == "n1" for p in pieces)
    assert [p.get("class") for p in pieces][1:] == [["rc-claim", "rc-claim-cont"]] * 2
    # The note follows the passage, after the link the passage ends in: never inside a link.
    note_el = soup.select_one("span.rc-note")
    assert note_el.parent.name == "p"
    assert note_el.find_previous_sibling("button")["aria-controls"] == "note_n1"
    assert str(soup.select_one("p")).startswith('<p>Aa <em>bb <mark class="rc-claim" data-note="n1" id="n1">cc</mark></em>')


def test_note_stays_inside_emphasis_right_after_its_passage():
    soup, problems = _render("*An italic paragraph with a passage in it, and more after.*\n", note("a passage"))
    assert problems == []
    note_el = soup.select_one("span.rc-note")
    assert note_el.parent.name == "em"
    assert note_el.find_previous_sibling("button").find_previous_sibling("mark")["id"] == "n1"


def test_overlapping_and_nested_quotes_keep_valid_markup():
    soup, problems = _render("One two three four five.\n", note("two three four", id="outer"), note("three", id="inner"))
    assert problems == []
    outer = soup.select('mark.rc-claim[data-note="outer"]')
    assert [m.get_text() for m in outer] == ["two three", " four"]
    assert soup.select_one("#inner").get_text() == "three" and soup.select_one("#inner").parent == outer[0]
    # The inner note sits between the outer passage's pieces, never inside a highlight.
    assert all(m.select("span.rc-note") == [] for m in soup.select("mark"))
    assert [n["id"] for n in soup.select("span.rc-note")] == ["note_inner", "note_outer"]
    assert [(b.get_text(), b["aria-label"]) for b in soup.select("button.rc-ref")] == [("1", "Note 1"), ("2", "Note 2")]


def test_bare_anchor_gets_a_highlight_but_no_note():
    soup, problems = _render("Alpha beta gamma.\n", note("beta", text=None))
    assert problems == []
    assert soup.select_one("mark#n1")["class"] == ["rc-claim", "rc-bare"]
    assert soup.select("span.rc-note") == [] and soup.select("button.rc-ref") == []


def test_a_note_whose_passage_ends_inside_another_highlight_is_placed_outside_it():
    body = "According to analysis by Mikhail Khodorkovsky, founder of the Center, the alliance is weak.\n"
    soup, problems = _render(body, note("According to analysis by Mikhail Khodorkovsky", id="analysis"),
                             note("Mikhail Khodorkovsky, founder of the Center", id="center"))
    assert problems == []
    assert all(m.select(".rc-note, button") == [] for m in soup.select("mark"))
    center = soup.select('mark.rc-claim[data-note="center"]')
    assert "".join(m.get_text() for m in center) == "Mikhail Khodorkovsky, founder of the Center"
    assert [m.get("id") for m in center] == ["center", None]
    assert [n["id"] for n in soup.select("span.rc-note")] == ["note_analysis", "note_center"]


def test_regex_tokenizer_agrees_with_html_parser_on_invented_articles():
    bodies = [text.split("\n---\n", 1)[1] for path, text in invented_companion(6).items() if path.endswith(".md")]
    bodies.append(ARTICLE.split("\n---\n", 1)[1])
    bodies.append("*a* &amp; &copy; `<i>` [l](http://x?a=1&b=2 \"t>x\") <http://x.org>\n\n- li\n\n> q\n\n    code <x>\n")
    check_tokenizer(bodies)


def test_a_mistyped_quote_in_an_article_near_the_size_limit_is_found_again():
    paragraphs = [" ".join(f"w{p}x{i}" for i in range(120)) + "." for p in range(1000)]  # about 960 KB
    body = "\n\n".join(paragraphs) + "\n"
    assert 900_000 < len(body) < 1_000_000
    anchors, problems = anchor(body, note("w500x40 w500x41 w500x42 w500x43 w500x44 w500x54 w500x46 w500x47"))
    assert [a.text for a in anchors] == ["w500x40 w500x41 w500x42 w500x43 w500x44 w500x45 w500x46 w500x47"]
    assert problems == [
        "articles/a.notes.yml:3:5: warning: quote 'w500x40 w500x41 w500x42 w500x43 w500x44 w500x54 w500x46 w500x47' no "
        "longer matches articles/a.md exactly; re-anchored to the closest passage (98% similar). Replace the quote with: "
        "'w500x40 w500x41 w500x42 w500x43 w500x44 w500x45 w500x46 w500x47'"]
