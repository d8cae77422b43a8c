"""Open formats: W3C annotations, ClaimReview JSON-LD, citations, sitemap, Open Graph and the feed."""

from __future__ import annotations

import json
from xml.etree import ElementTree

from bs4 import BeautifulSoup
from sitechecks import (
    RATINGS,
    check_annotations,
    check_cite_box_and_open_graph,
    check_claimreview,
)
from support import ARTICLE, load_corpus, run_cli

from companion.exports import citations
from companion.links import resolve_links
from companion.problems import Problems


def test_every_note_and_link_is_a_w3c_web_annotation(invented):
    assert len(resolve_links(invented.corpus, Problems())) == 6
    check_annotations(invented.site, invented.corpus)


def test_every_verdict_has_a_claimreview_rating():
    from companion.exports import review_rating
    from companion.model import VERDICTS

    assert {verdict: review_rating(verdict) for verdict in VERDICTS} == RATINGS


def test_each_fact_check_is_published_as_claimreview(invented):
    verdicts = {n.verdict for a in invented.corpus.articles for n in a.notes if n.kind == "fact-check"}
    assert verdicts == set(RATINGS)  # every verdict of the scale
    check_claimreview(invented.site, invented.corpus)


def test_hostile_text_cannot_close_the_json_ld_script(make_corpus):
    article = ARTICLE.replace("title: A test article", 'title: "</script><script>alert(1)</script>"')
    notes = "notes:\n  - {id: x, quote: rebalance, kind: fact-check, verdict: accurate, note: ok}\n"
    root = make_corpus({"articles/good.md": article, "articles/good.notes.yml": notes})
    assert run_cli(root, "build").status == 0
    soup = BeautifulSoup((root / "site/articles/good/index.html").read_text(), "html.parser")
    scripts = soup.select('script[type="application/ld+json"]')
    assert [s["id"] for s in scripts] == ["rc-webpage", "rc-claimreview"]
    data = json.loads(scripts[1].string)
    assert data[0]["itemReviewed"]["appearance"]["headline"] == "</script><script>alert(1)</script>"
    assert json.loads(scripts[0].string)["isBasedOn"]["headline"] == "</script><script>alert(1)</script>"


def _article(make_corpus, front: str):
    root = make_corpus({"articles/a.md": f"---\n{front}---\n\nBody text.\n"})
    corpus, problems = load_corpus(root)
    assert problems.sorted() == []
    return corpus.articles[0]


def test_citations_keep_the_date_precision(make_corpus):
    korybko = _article(make_corpus, "title: Predicting the Possible Details of a “New Detente”\nauthor: Andrew Korybko\n"
                                    "outlet: Eurasia Future\npublished: 2019-05\n")
    assert citations(korybko) == {
        "APA": "Korybko, A. (2019, May). Predicting the Possible Details of a “New Detente”. <em>Eurasia Future</em>.",
        "MLA": "Korybko, Andrew. “Predicting the Possible Details of a “New Detente”.” <em>Eurasia Future</em>, May 2019.",
        "BibTeX": "@misc{korybko2019predicting,\n  author = {Korybko, Andrew},\n  title = {Predicting the Possible "
                  "Details of a “New Detente”},\n  howpublished = {Eurasia Future},\n  year = {2019},\n  month = may,\n"
                  "  date = {2019-05}\n}",
    }
    anonymous = _article(make_corpus, "title: Russia will not sacrifice its alliance\nauthor: null\noutlet: The Duran\n"
                                      "published: 2016-11-21\nurl: https://example.org/a\n")
    assert citations(anonymous) == {
        "APA": "Russia will not sacrifice its alliance. (2016, November 21). <em>The Duran</em>. https://example.org/a",
        "MLA": "“Russia will not sacrifice its alliance.” <em>The Duran</em>, 21 Nov. 2016, https://example.org/a.",
        "BibTeX": "@misc{theduran2016russia,\n  title = {Russia will not sacrifice its alliance},\n  howpublished = {The Duran},"
                  "\n  year = {2016},\n  month = nov,\n  date = {2016-11-21},\n  url = {https://example.org/a}\n}",
    }


def test_citations_are_text_never_markup_and_bibtex_escapes_what_latex_reads(make_corpus):
    title = r"*Big* [news](https://evil.example) <b>now</b> \ 50% & $5 #1 a_b {x} ~^"
    hostile = _article(make_corpus, f"title: '{title}'\nauthor: 'Ann <i>Author</i>'\n"
                                    "outlet: '<script>alert(1)</script>'\npublished: 2019\n"
                                    "url: 'https://example.org/a_b?x=1&y=%7B#frag'\n")
    cited = citations(hostile)
    apa = BeautifulSoup(cited["APA"], "html.parser")
    assert [tag.name for tag in apa.find_all(True)] == ["em"]  # the outlet's italics, nothing else
    assert apa.get_text() == (f"<i>Author</i>, A. (2019). {title}. <script>alert(1)</script>. "
                              "https://example.org/a_b?x=1&y=%7B#frag")
    assert cited["BibTeX"] == (
        "@misc{iauthori2019big,\n  author = {<i>Author</i>, Ann},\n"
        r"  title = {*Big* [news](https://evil.example) <b>now</b> \textbackslash{} 50\% \& \$5 \#1 a\_b \{x\} "
        r"\textasciitilde{}\textasciicircum{}}," "\n"
        "  howpublished = {<script>alert(1)</script>},\n  year = {2019},\n  date = {2019},\n"
        "  url = {https://example.org/a_b?x=1&y=%7B#frag}\n}")


def test_cite_box_and_open_graph_on_each_article(invented):
    check_cite_box_and_open_graph(invented.site, invented.corpus)


def test_sitemap_and_feed_use_the_canonical_site_url(make_corpus, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://example.org/companion/")
    root = make_corpus({"articles/good.md": ARTICLE})
    assert run_cli(root, "build").status == 0
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "a": "http://www.w3.org/2005/Atom"}
    locs = [e.text for e in ElementTree.parse(root / "site/sitemap.xml").findall(".//s:loc", ns)]
    assert "https://example.org/companion/articles/good/" in locs
    assert all(loc.startswith("https://example.org/companion/") for loc in locs)
    feed = ElementTree.parse(root / "site/feed.xml").getroot()
    assert feed.find("a:id", ns).text == "https://example.org/companion/"
    entries = feed.findall("a:entry", ns)
    assert [e.find("a:title", ns).text for e in entries] == ["Article: A test article"]
    assert entries[0].find("a:link", ns).get("href") == "https://example.org/companion/articles/good/"
    assert entries[0].find("a:updated", ns).text == "2019-05-01T00:00:00+00:00"
    home = BeautifulSoup((root / "site/index.html").read_text(), "html.parser")
    assert home.select_one('link[rel~="alternate"][type="application/atom+xml"]')["href"] == "./feed.xml"
