"""Checks that more than one test module runs: importable from any tier, so no test module
imports another. Each is a function of what it checks, and asserts."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import bibtexparser
import jsonschema
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from bs4 import BeautifulSoup
from support import PROJECT, WIDE, load_corpus, run_cli

from companion import safe_markdown
from companion.dates import display_span
from companion.exports import citations
from companion.links import resolve_links
from companion.model import OUTCOMES
from companion.problems import Problems
from companion.schemas import render_schemas
from companion.timeline import get_entries
from companion.vocabulary import NOTE_KINDS, OUTCOME_LABELS, VERDICT_LABELS, VERDICTS
from companion.yamlload import load_yaml

SCHEMAS = {name: json.loads(text) for name, text in render_schemas().items()}


def plain(value):
    """Our YAML (dates kept as written) as plain JSON-like data."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def schema_accepts(schema: str, text: str) -> bool:
    """Whether the published JSON Schema ``schema`` accepts the YAML ``text``."""
    data = plain(load_yaml(text, "x.yml", Problems()))
    validator = jsonschema.Draft202012Validator(SCHEMAS[schema])
    return not list(validator.iter_errors(data))


def check_tokenizer(bodies: list[str]) -> None:
    """htmltext splits safe_markdown's HTML with a regular expression; html.parser is the reference."""
    from html.parser import HTMLParser

    from companion.htmltext import _tokenize

    class Reference(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.tokens = []

        def handle_starttag(self, tag, attrs):
            self.tokens.append(("void" if tag in ("br", "hr", "img", "wbr", "input") else "start", self.get_starttag_text(), tag))

        def handle_endtag(self, tag):
            self.tokens.append(("end", f"</{tag}>", tag))

        def handle_data(self, data):
            if self.tokens and self.tokens[-1][0] == "text":
                self.tokens[-1] = ("text", self.tokens[-1][1] + data, "")
            else:
                self.tokens.append(("text", data, ""))

    for body in bodies:
        rendered = safe_markdown.render_document(body)
        reference = Reference()
        reference.feed(rendered)
        reference.close()
        assert [(t.kind, t.value, t.name) for t in _tokenize(rendered)] == reference.tokens


# --- Pages of a built site ---------------------------------------------------------------------------


def parse_page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


PAGE_KINDS = ("", "guide", "articles", "about", "disagreements", "timeline", "scorecard", "corrections", "search")


def missing_pages(site: Path, corpus) -> list[str]:
    """The page kinds and article pages that ``site`` lacks."""
    urls = (*PAGE_KINDS, *(f"articles/{a.slug}" for a in corpus.articles))
    return [url for url in urls if not (site / url / "index.html").is_file()]


def check_article_header(site: Path, article) -> None:
    """The header of ``article``'s page shows its front matter."""
    soup = parse_page(site, f"articles/{article.slug}")
    header = soup.select_one("article.rc-article > header.rc-header")
    assert header.select_one("h1").get_text() == article.title
    assert header.select_one(".rc-author").get_text() == (f"By {article.author}" if article.author else "Author not named")
    assert header.select_one(".rc-outlet").get_text() == (article.outlet or "Outlet not named")
    time = header.select_one("time.rc-published")
    assert (time["datetime"], time.get_text()) == (article.published.iso(), article.published.display())
    assert header.select_one(".rc-reading-time").get_text().endswith(" min read")
    origins = [li.get_text(" ", strip=True) for li in header.select(".rc-origins li")]
    expected = [f"Republished {r.date.display()} by {r.outlet}" if r.date else f"Republished by {r.outlet}"
                for r in article.republished]
    assert origins[len(origins) - len(expected):] == expected
    assert len(soup.select("h1")) == 1


def check_articles_index(site: Path, corpus) -> None:
    """The articles index lists every article, oldest first, with its date, byline and summary."""
    soup = parse_page(site, "articles")
    items = soup.select("ol.rc-article-list > li")
    ordered = sorted(corpus.articles, key=lambda a: (a.published.sort_key, a.slug))
    assert [li.select_one("h2 a")["href"] for li in items] == [f"{a.slug}/" for a in ordered]
    first = items[0]
    assert first.select_one("time")["datetime"] == ordered[0].published.iso()
    assert first.select_one(".rc-author").get_text() == ordered[0].byline
    assert first.select_one(".rc-summary p").get_text().split()[:3] == ordered[0].summary.split()[:3]


def html_pages(site: Path):
    for path in sorted(site.rglob("*.html")):
        yield path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def check_links(site: Path) -> int:
    """Every internal link leads to a file, and its #fragment to an element of that page; returns how many."""
    pages = {path: soup for path, soup in html_pages(site)}
    ids = {path: {tag["id"] for tag in soup.select("[id]")} for path, soup in pages.items()}
    checked = 0
    for path, soup in pages.items():
        # Every id on a page is unique: a note, its passage and its entries can all be linked to.
        all_ids = [tag["id"] for tag in soup.select("[id]")]
        assert len(all_ids) == len(set(all_ids)), f"{path}: {sorted(i for i in all_ids if all_ids.count(i) > 1)[:5]}"
        base = "http://site/" + path.relative_to(site).as_posix()
        for link in soup.select("a[href]"):
            parts = urlsplit(urljoin(base, link["href"]))
            if parts.netloc != "site":
                continue
            target = site / parts.path.lstrip("/")
            if parts.path.endswith("/"):
                target = target / "index.html"
            assert target.is_file(), f"{path}: {link['href']}"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in ids[target], f"{path}: {link['href']}"
            checked += 1
    return checked


def check_no_request_to_another_host(site: Path) -> None:
    """No page loads a script, stylesheet, image or frame from another host."""
    for path, soup in html_pages(site):
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for element in soup.select(f"{tag}[{attr}]"):
                if tag == "link" and "stylesheet" not in element.get("rel", []) and "preconnect" not in element.get("rel", []):
                    continue
                assert not urlsplit(element[attr]).netloc, f"{path}: {element}"


def check_corrections_page(site, corpus) -> None:
    """The corrections page has one entry per correction, or says that there are none."""
    page = BeautifulSoup((site / "corrections/index.html").read_text(), "html.parser")
    expected = sum(len(a.corrections) for a in corpus.articles)
    assert len(page.select("li.rc-correction")) == expected
    if not expected:
        assert page.select_one(".rc-no-corrections").get_text() == "No corrections have been made since publication."
    else:
        assert page.select_one(".rc-no-corrections") is None


AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
VNU = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_errors(pages: list[Path]) -> list[str]:
    """The Nu HTML Checker's errors in ``pages``, each as "<page folder>:<line>: <message> — <extract>"."""
    assert VNU.exists(), "vnu-jar is missing: run scripts/setup.sh dev (npm ci)"
    assert shutil.which("java"), "java is missing: run scripts/setup.sh dev (default-jre-headless)"
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, pages)],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [f"{Path(m['url']).parent.name or 'home'}:{m.get('lastLine')}: {m['message']} — {m.get('extract', '')[:80]!r}"
            for m in messages if m.get("type") == "error"]


# --- Open formats ------------------------------------------------------------------------------------


def article_text(built_site, slug: str) -> str:
    soup = BeautifulSoup((built_site / "articles" / slug / "index.html").read_text(), "html.parser")
    body = soup.select_one(".rc-body")
    for inserted in body.select(".rc-note, .rc-ref, .rc-question-ref"):  # what the companion adds to the text
        inserted.decompose()
    return body.get_text()


def check_annotations(built_site, corpus) -> None:
    """Every note and link of ``corpus`` is a W3C Web Annotation whose selector is cut from its page's text."""
    CORPUS, LINKS = corpus, resolve_links(corpus, Problems())
    data = json.loads((built_site / "annotations.jsonld").read_text(encoding="utf-8"))
    assert (data["@context"], data["type"]) == ("http://www.w3.org/ns/anno.jsonld", "AnnotationCollection")
    items = data["first"]["items"]
    notes = [n for a in CORPUS.articles for n in a.notes if not n.is_bare_anchor]
    assert data["total"] == len(items) == len(notes) + len(LINKS)
    texts = {a.slug: article_text(built_site, a.slug) for a in CORPUS.articles}
    motivations = {"context": "commenting", "prediction": "commenting", "source": "commenting",
                   "fact-check": "assessing", "definition": "describing"}
    kinds = {f"articles/{a.slug}/#{n.id}": n.kind for a in CORPUS.articles for n in a.notes}
    for item in items:
        assert item["type"] == "Annotation"
        assert item["body"]["type"] == "TextualBody" and item["body"]["format"] == "text/markdown" and item["body"]["value"]
        targets = item["target"] if isinstance(item["target"], list) else [item["target"]]
        if item["motivation"] == "linking":
            assert len(targets) == 2
        else:
            assert item["motivation"] == motivations[kinds[item["id"].split("8000/", 1)[1]]]
        for target in targets:
            selector = target["selector"]
            assert selector["type"] == "TextQuoteSelector"
            slug = target["source"].rstrip("/").rsplit("/", 1)[1]
            assert target["source"] == f"http://127.0.0.1:8000/articles/{slug}/"
            assert selector["prefix"] + selector["exact"] + selector["suffix"] in texts[slug]
    assert sum(item["motivation"] == "linking" for item in items) == len(LINKS)


def claimreview_rating(words: str, value: int | None = None) -> dict:
    rating = {"@type": "Rating", "alternateName": words}
    return rating if value is None else {**rating, "ratingValue": value, "bestRating": 5, "worstRating": 1}


# The verdict scale of CONTRIBUTING.md, as schema.org ratings.
RATINGS = {"accurate": claimreview_rating("Accurate", 5), "minor-error": claimreview_rating("Accurate but for a minor error", 4),
           "misleading": claimreview_rating("Misleading", 2), "inaccurate": claimreview_rating("Inaccurate", 1),
           "unverified": claimreview_rating("Unverified"), "outdated": claimreview_rating("Outdated")}


def check_companion_page_metadata(built_site, corpus) -> None:
    """Each article page describes itself in schema.org (a WebPage of the companion, based on the
    original article), beside the Highwire tags that describe the original."""
    for article in corpus.articles:
        soup = BeautifulSoup((built_site / "articles" / article.slug / "index.html").read_text(), "html.parser")
        data = json.loads(soup.select_one('script#rc-webpage[type="application/ld+json"]').string)
        assert (data["@context"], data["@type"]) == ("https://schema.org", "WebPage")
        assert data["url"] == soup.select_one("link[rel=canonical]")["href"]
        assert data["inLanguage"] == soup.select_one(".rc-body")["lang"]
        site_name = soup.select_one("meta[property='og:site_name']")["content"]
        assert data["isPartOf"] == {"@type": "WebSite", "name": site_name, "url": data["url"].rsplit("articles/", 1)[0]}
        assert data.get("dateModified") == (article.reviewed.iso() if article.reviewed else None)
        original = data["isBasedOn"]
        assert (original["headline"], original["datePublished"]) == (article.title, article.published.iso())
        assert original.get("author", {}).get("name") == article.author
        assert original.get("publisher", {}).get("name") == article.outlet
        assert original.get("url") == article.url


def check_claimreview(built_site, corpus) -> None:
    """Each fact-check of ``corpus`` is a ClaimReview on its article's page."""
    for article in corpus.articles:
        soup = BeautifulSoup((built_site / "articles" / article.slug / "index.html").read_text(), "html.parser")
        script = soup.select_one('script#rc-claimreview[type="application/ld+json"]')
        fact_checks = {n.id: n for n in article.notes if n.kind == "fact-check"}
        reviews = json.loads(script.string) if script else []
        assert len(reviews) == len(fact_checks)
        for review in reviews:
            note = fact_checks[review["url"].split("#")[1]]
            assert review["@type"] == "ClaimReview" and review["@context"] == "https://schema.org"
            assert review["url"] == f"http://127.0.0.1:8000/articles/{article.slug}/#{note.id}"
            assert review["reviewRating"] == RATINGS[note.verdict]
            assert review["itemReviewed"]["@type"] == "Claim"
            assert review["itemReviewed"]["datePublished"] == article.published.iso()
            assert review["itemReviewed"].get("author", {}).get("name") == (article.author or article.outlet)
            assert review["author"]["@type"] == "Organization"
            mark = soup.select(f'mark.rc-claim[data-note="{note.id}"]')
            assert review["claimReviewed"] == "".join(m.get_text() for m in mark)


def check_cite_box_and_open_graph(built_site, corpus) -> None:
    """Each article's page has the cite box and Open Graph metadata from its front matter."""
    for article in corpus.articles:
        soup = BeautifulSoup((built_site / "articles" / article.slug / "index.html").read_text(), "html.parser")
        assert [dt.get_text() for dt in soup.select(".rc-cite dt")] == ["APA", "MLA", "BibTeX"]
        assert soup.select_one(".rc-cite-bibtex").get_text() == citations(article)["BibTeX"]
        assert soup.select_one(".rc-cite-apa").decode_contents() == citations(article)["APA"]
        og = {m["property"]: m["content"] for m in soup.select("meta[property]")}
        assert og["og:type"] == "article" and og["og:title"] == article.title
        assert og["og:url"] == f"http://127.0.0.1:8000/articles/{article.slug}/"
        assert og["og:description"] == soup.select_one('meta[name="description"]')["content"]
        assert og["og:description"].split()[:4] == article.summary.split()[:4]


# --- Cross-links -------------------------------------------------------------------------------------


def check_links_on_both_ends(site: Path, corpus) -> None:
    """Each link of ``corpus`` shows on the notes at both of its ends, and each is a pair on the disagreements page."""
    problems = Problems()
    links = resolve_links(corpus, problems)
    assert problems.errors == []
    for link in links:
        for (here_slug, here_id), (there_slug, there_id) in (link.ends, link.ends[::-1]):
            soup = BeautifulSoup((site / "articles" / here_slug / "index.html").read_text(), "html.parser")
            hrefs = [a["href"] for a in soup.select(f"#note_{here_id} a.rc-link")]
            assert f"../{there_slug}/#{there_id}" in hrefs, (here_slug, here_id)
    page = BeautifulSoup((site / "disagreements" / "index.html").read_text(), "html.parser")
    assert len(page.select("section.rc-pair")) == len(corpus.links)


# --- The timeline and the scorecard ------------------------------------------------------------------


def check_timeline_page(built_site, corpus) -> list[int]:
    """Every entry of ``corpus`` on the timeline page, in order, with one time at its precision; returns the years."""
    entries = get_entries(corpus)
    page = parse_page(built_site, "timeline")
    items = page.select("ol.rc-timeline > li.rc-event")
    assert [li["id"] for li in items] == [e.id for e in entries]
    for li, entry in zip(items, entries):
        times = li.select("time")
        assert li["data-type"] == entry.type
        assert times[0]["datetime"] == entry.start.iso()
        assert times[0].get_text() == display_span(entry.start, entry.end, entry.approximate)
    years = [int(h.get_text()) for h in page.select(".rc-year > h2")]
    assert years == sorted(set(years)) and years == sorted({e.start.year for e in entries})
    assert {li["data-type"] for li in items} == {e.type for e in entries}
    assert page.select_one("form.rc-filter").has_attr("hidden")  # shown only by JavaScript
    return years


def check_event_links(built_site, corpus) -> None:
    """Each event's entry links to the noted passages it names."""
    page = parse_page(built_site, "timeline")
    for event in corpus.events:
        entry = page.select_one(f"#event-{event.id}")
        assert [a["href"] for a in entry.select(".rc-event-links a")] == [
            f"../articles/{slug}/#{note}" for slug, note, _ in event.claims], event.id


def check_scorecard(built_site, corpus) -> None:
    """The scorecard has a row per prediction of ``corpus`` and totals that add up."""
    predictions = [(a, n) for a in corpus.articles for n in a.notes if n.kind == "prediction"]
    page = parse_page(built_site, "scorecard")
    rows = page.select("table.rc-predictions tbody tr")
    assert sorted(r["id"] for r in rows) == sorted(f"{a.slug}--{n.id}" for a, n in predictions)
    for row in rows:
        outcome = row.select_one(".rc-outcome")["data-outcome"]
        assert outcome in OUTCOMES
    # Wide tables scroll on a phone, so the keyboard must reach each one, and a screen reader names it.
    wraps = page.select(".rc-table-wrap")
    assert [(w.get("role"), w.get("tabindex"), w.get("aria-label")) for w in wraps] == [
        ("region", "0", "Totals by author"), ("region", "0", "Totals by article"), ("region", "0", "Predictions")]
    by_article = page.select("table.rc-totals")[1]
    totals = sum(int(td.get_text()) for td in by_article.select("tbody td"))
    assert totals == len(predictions)
    assert "not a verdict on the author" in page.select_one(".rc-scorecard > p").get_text()


def check_timelinejs(built_site, corpus) -> None:
    """timeline.json holds every entry of ``corpus`` in TimelineJS's format."""
    data = json.loads((built_site / "timeline.json").read_text(encoding="utf-8"))
    assert set(data) == {"title", "events"} and set(data["title"]["text"]) == {"headline", "text"}
    entries = {e.id: e for e in get_entries(corpus)}
    assert len(data["events"]) == len(entries)
    for event in data["events"]:
        assert set(event) <= {"start_date", "end_date", "text", "group", "unique_id"}
        assert set(event["text"]) == {"headline", "text"}
        entry = entries[event["unique_id"]]
        expected = {"year": entry.start.year, **({"month": entry.start.month} if entry.start.month else {}),
                    **({"day": entry.start.day} if entry.start.day else {})}
        assert event["start_date"] == expected
        assert ("end_date" in event) == (entry.end is not None)
        assert event["group"] in ("Event", "Article published", "Prediction made", "Prediction resolved")


# --- In the browser (the page objects come from Playwright; nothing here imports it) -----------------


# Where each note and its passage are, in page coordinates: the drift is the note's top minus the
# top of its passage's first line.
NOTE_GEOMETRY = """() => [...document.querySelectorAll('.rc-note')].map(note => {
  const id = note.dataset.note;
  const mark = document.querySelector(`mark.rc-claim[data-note="${id}"]`);
  const box = note.getBoundingClientRect(), text = note.closest('p, li, h2, h3, h4, blockquote').getBoundingClientRect();
  return {id, top: box.top + scrollY, bottom: box.bottom + scrollY, left: box.left, right: box.right,
          drift: box.top - mark.getClientRects()[0].top, textRight: text.right, open: note.classList.contains('rc-open')};
})"""


DEFAULT_DRIFT, OPEN_DRIFT = 120, 8


def check_rail(notes, where: str, bound: float) -> None:
    """Notes in the margin, clear of the text and of each other, each within ``bound`` of its passage."""
    previous = None
    for note in notes:
        assert note["left"] >= note["textRight"] + 10, f"{where}#{note['id']} covers the text"
        assert note["right"] <= WIDE["width"], f"{where}#{note['id']} runs off the screen"
        assert abs(note["drift"]) <= bound, f"{where}#{note['id']} is {note['drift']:.0f} px from its passage"
        if previous is not None:
            assert note["top"] >= previous["bottom"], f"{where}#{note['id']} overlaps #{previous['id']}"
        previous = note


# --- A whole companion: what test_this_companion.py and test_any_companion.py both check ------

class Companion:
    """A companion's project root, its built site and its checked model."""

    def __init__(self, root: Path, site: Path) -> None:
        self.corpus, problems = load_corpus(root)
        self.root, self.site = root, site
        self.links = resolve_links(self.corpus, problems)
        assert problems.errors == []


def check_strict_passes(c: Companion) -> None:
    """``check --strict`` passes under the companion's own policy (companion.yml), with no warning."""
    assert (c.root / "companion.yml").is_file()
    result = run_cli(c.root, "check", "--strict")
    articles, notes = len(c.corpus.articles), sum(len(a.notes) for a in c.corpus.articles)
    noun = "article" if articles == 1 else "articles"
    assert (result.status, result.lines) == (0, [f"checked {articles} {noun}, {notes} notes: ok"])


def check_files_validate_and_name_their_schemas(c: Companion) -> None:
    """Every input file validates against its JSON Schema, and names it on its first line for editors."""
    for path in sorted((c.root / "articles").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        schema = "timeline.schema.json" if path.name == "timeline.yml" else "notes.schema.json"
        assert text.splitlines()[0] == f"# yaml-language-server: $schema=../schemas/{schema}", path.name
        assert schema_accepts(schema, text), path.name
    for path in sorted((c.root / "articles").glob("*.md")):
        front = path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n")
        assert schema_accepts("front-matter.schema.json", front), path.name


def check_every_event_names_a_source(c: Companion) -> None:
    assert [event.id for event in c.corpus.events if not event.sources] == []


def check_citation_meta(site: Path, corpus) -> None:
    """Each article page describes the original article in Highwire Press tags, as the model has it."""
    for article in corpus.articles:
        head = parse_page(site, f"articles/{article.slug}").head
        tags = [(m["name"], m["content"]) for m in head.select("meta[name^=citation_]")]
        expected = [("citation_title", article.title)]
        expected += [("citation_author", article.author)] if article.author else []
        date = article.published
        expected.append(("citation_publication_date", "/".join(
            [f"{date.year:04d}"] + [f"{part:02d}" for part in (date.month, date.day) if part])))
        expected += [("citation_journal_title", article.outlet)] if article.outlet else []
        expected += [("citation_public_url", article.url)] if article.url else []
        assert tags == expected, article.slug


def check_citation_downloads(site: Path, corpus) -> None:
    """Each article's RIS and BibTeX, and the whole companion's, read back by real parsers as the model has it."""
    articles = sorted(corpus.articles, key=lambda a: (a.published.sort_key, a.slug))
    read_ris = {a.slug: rispy.loads((site / "downloads" / f"{a.slug}.ris").read_text(encoding="utf-8")) for a in articles}
    read_bib = {a.slug: bibtexparser.parse_string((site / "downloads" / f"{a.slug}.bib").read_text(encoding="utf-8"),
                                                  append_middleware=[LatexDecodingMiddleware()]) for a in articles}
    for article in articles:
        date = article.published
        (record,) = read_ris[article.slug]
        expected = {"type_of_reference": "NEWS", "title": article.title, "year": str(date.year),
                    "date": "/".join([f"{date.year:04d}", *(f"{p:02d}" if p else "" for p in (date.month, date.day)), ""])}
        if article.author:
            expected["authors"] = [", ".join(reversed(article.author.rsplit(" ", 1)))]
        if article.outlet:
            expected["secondary_title"] = article.outlet
        if article.url:
            expected["urls"] = [article.url]
        assert record == expected, article.slug
        library = read_bib[article.slug]
        assert library.failed_blocks == [] and len(library.entries) == 1
        fields = library.entries[0].fields_dict
        assert (fields["title"].value, fields["year"].value) == (article.title, str(date.year)), article.slug
        assert fields["url"].value == article.url if article.url else "url" not in fields
    everything = rispy.loads((site / "downloads" / "all_articles.ris").read_text(encoding="utf-8"))
    assert everything == [read_ris[a.slug][0] for a in articles]
    library = bibtexparser.parse_string((site / "downloads" / "all_articles.bib").read_text(encoding="utf-8"))
    assert [e.key for e in library.entries] == [read_bib[a.slug].entries[0].key for a in articles]


def check_reader_controls(site: Path, corpus) -> None:
    """Each article page lists its notes in text order, and its filter offers the kinds and verdicts it has.

    The expectation is read from the page's own notes, so it holds for any companion. The
    controls are hidden in the markup: only the script, which makes them work, shows them.
    """
    order = [*NOTE_KINDS, "linked-claim"]
    for article in corpus.articles:
        page = parse_page(site, f"articles/{article.slug}")
        notes = page.select("article.rc-article span.rc-note")
        listed = page.select("details.rc-all-notes > ol > li")
        expected = []
        for note in notes:
            verdict = note.select_one(".rc-note-head .rc-verdict")
            label = note.select_one(".rc-kind").get_text() + (f": {verdict.get_text()}" if verdict else "")
            expected.append((note.select_one(".rc-note-head")["data-num"], note["data-note"], label))
        assert [(li["value"], li["data-note"], li.a.get_text()) for li in listed] == expected, article.slug
        assert [li.a["href"] for li in listed] == [f"#{n['data-note']}" for n in notes]
        assert all(page.select_one(f"mark.rc-claim[id='{n['data-note']}']") for n in notes)
        controls = page.select_one("div.rc-controls")
        if not notes:
            assert controls is None and not listed
            continue
        assert controls.has_attr("hidden")
        assert [b.get_text() for b in controls.select(":scope > button")][:3] == ["Hide notes", "Previous note", "Next note"]
        kinds = [n["data-kind"] for n in notes]
        assert [(box["value"], box.parent.get_text().strip()) for box in controls.select("input[name=kind]")] == [
            (k, f"{next(n.select_one('.rc-kind').get_text() for n in notes if n['data-kind'] == k)} ({kinds.count(k)})")
            for k in order if k in kinds]
        verdicts = [n.select_one(".rc-verdict")["data-verdict"] for n in notes if n.select_one(".rc-note-head .rc-verdict")]
        assert [box["value"] for box in controls.select("input[name=verdict]")] == [v for v in VERDICTS if v in verdicts]
        assert all(box.has_attr("checked") for box in controls.select("input"))


def check_questions(site: Path, corpus) -> None:
    """Each article ends with its questions in file order; each marker follows a passage its question is about.

    The disagreements page shows each question about a pair beside it, linking back to the
    question, which in turn links to that pair.
    """
    for article in corpus.articles:
        page = parse_page(site, f"articles/{article.slug}")
        items = page.select("section.rc-questions > ol > li")
        assert [li["id"] for li in items] == [f"question_{n}" for n in range(1, len(article.questions) + 1)], article.slug
        about = {li["id"]: [a["href"][1:] for a in li.select(".rc-question-about a[href^='#']")] for li in items}
        for passages in about.values():
            assert all(page.select_one(f"mark.rc-claim[id='{note_id}']") for note_id in passages)
        for marker in page.select(".rc-body a.rc-question-ref"):
            target = marker["href"][1:]
            assert marker.find_previous("mark", class_="rc-claim")["data-note"] in about[target], (article.slug, target)
    disagreements = parse_page(site, "disagreements")
    for pair in disagreements.select("section.rc-pair"):
        for source in pair.select(".rc-pair-questions a.rc-question-source"):
            slug, anchor = re.fullmatch(r"\.\./articles/([^/]+)/#(question_\d+)", source["href"]).groups()
            question = parse_page(site, f"articles/{slug}").select_one(f"li#{anchor}")
            assert [a["href"] for a in question.select(".rc-question-about a")].count(
                f"../../disagreements/#{pair['id']}") == 1, (slug, anchor)


def check_test_yourself(site: Path, corpus) -> None:
    """An article with a fact-check's verdict or a prediction's known outcome offers Test yourself:
    its toggle, the whole scale of verdicts and the outcomes to choose from, and a summary that
    stays hidden until the mode is on. An article with neither offers none."""
    for article in corpus.articles:
        page = parse_page(site, f"articles/{article.slug}")
        asked = [n for n in article.notes if (n.kind == "fact-check" and n.verdict)
                 or (n.kind == "prediction" and n.outcome not in (None, "pending"))]
        toggle = page.select_one(".rc-controls > button:nth-of-type(4)")  # after the three that every page with notes has
        if not asked:
            assert toggle is None and page.select_one(".rc-quiz-summary") is None, article.slug
            continue
        assert (toggle.get_text(), toggle["class"], toggle["aria-pressed"]) == ("Test yourself", ["rc-quiz-toggle"], "false"), article.slug
        choices = page.select_one(".rc-controls template.rc-quiz-choices")
        # The text inside a <template> is a TemplateString, which get_text() leaves out: read it as it is.
        offered = {group["data-kind"]: [(i["value"], str(i.next_sibling).strip()) for i in group.select("label > input[type=radio]")]
                   for group in choices.select(".rc-quiz[role=group]")}
        assert offered == {"verdict": [(v, VERDICT_LABELS[v]) for v in VERDICTS],
                           "outcome": [(o, OUTCOME_LABELS[o]) for o in OUTCOMES if o != "pending"]}, article.slug
        summary = page.select_one("section.rc-quiz-summary[hidden]")
        assert [b.get_text() for b in summary.select("button")] == ["Clear my answers", "Print my answers"], article.slug


def check_reading_paths(site: Path, corpus) -> None:
    """The list of paths links each path's page; each page lists its steps in order, each leading to
    its article (at its claim) with the step in the address; there, the bar for that step names the
    path and the step, links the steps either side and is hidden until the script shows it. An
    article no step reads has no bar."""
    listing = parse_page(site, "paths")
    assert [a["href"] for a in listing.select(".rc-paths > li > a")] == [f"{p.id}/" for p in corpus.paths]
    bars_expected: dict[str, set] = {a.slug: set() for a in corpus.articles}
    for path in corpus.paths:
        page = parse_page(site, f"paths/{path.id}")
        assert page.select_one("h1").get_text() == path.title
        links = [li.select_one("p > a")["href"] for li in page.select("ol.rc-path-steps > li")]
        wanted = [f"../../articles/{s.slug}/?path={path.id}&step={n}" + (f"#{s.note_id}" if s.note_id else "")
                  for n, s in enumerate(path.steps, start=1)]
        assert links == wanted, path.id
        for number, (step, href) in enumerate(zip(path.steps, links, strict=True), start=1):
            bars_expected[step.slug].add((path.id, str(number)))
            article = parse_page(site, f"articles/{step.slug}")
            if step.note_id:
                assert article.select_one(f"mark.rc-claim[id='{step.note_id}']"), href
            bar = article.select_one(f"nav.rc-path-bar[data-path='{path.id}'][data-step='{number}']")
            assert bar.has_attr("hidden") and bar["aria-label"] == "Reading path", href
            head = bar.select_one("p")
            assert head.a["href"] == f"../../paths/{path.id}/" and head.a.get_text() == path.title
            assert head.get_text().startswith(f"{path.title}: step {number} of {len(path.steps)}.")
            here = f"articles/{step.slug}/"
            neighbours = {a["rel"][0]: urljoin(here, a["href"]) for a in bar.select("a[rel]")}
            expected = {rel: urljoin(f"paths/{path.id}/", links[number - 1 + d])
                        for rel, d in (("prev", -1), ("next", 1)) if 0 <= number - 1 + d < len(links)}
            assert neighbours == expected, href
    for article in corpus.articles:
        page = parse_page(site, f"articles/{article.slug}")
        assert {(b["data-path"], b["data-step"]) for b in page.select("nav.rc-path-bar")} == bars_expected[article.slug]


def check_teachers_and_handouts(site: Path, corpus) -> None:
    """The page for teachers has a section per article, oldest first, with its key claims (each
    leading to its passage), its questions, the paths that read it and its handout; each handout
    holds the article's title, summary, key claims and questions, and leads to the article."""
    articles = sorted(corpus.articles, key=lambda a: (a.published.sort_key, a.slug))
    page = parse_page(site, "teachers")
    sections = page.select("section.rc-teacher-article")
    assert [s.select_one("h3 a")["href"] for s in sections] == [f"../articles/{a.slug}/" for a in articles]
    for section, article in zip(sections, articles, strict=True):
        claims = [a["href"] for a in section.select("h4 + ul a")] if article.key_claims else []
        assert claims == [f"../articles/{article.slug}/#{c.id}" for c in article.key_claims], article.slug
        target = parse_page(site, f"articles/{article.slug}")
        assert all(target.select_one(f"mark.rc-claim[id='{c.id}']") for c in article.key_claims)
        assert len(section.select("ol > li")) == len(article.questions), article.slug
        on_paths = [a["href"] for a in section.select("a[href^='../paths/']")]
        assert on_paths == [f"../paths/{p.id}/#step_{n}" for p in corpus.paths
                            for n, s in enumerate(p.steps, start=1) if s.slug == article.slug], article.slug
        assert section.select_one("a[href$='/handouts/" + article.slug + "/']").get_text() == "Handout to print"
        handout = parse_page(site, f"handouts/{article.slug}")
        assert handout.select_one(".rc-handout h1").get_text() == article.title
        headings = [h.get_text() for h in handout.select(".rc-handout h2")]
        assert headings == [h for h, has in (("Summary", article.summary), ("Key claims", article.key_claims),
                                             ("Questions for discussion", article.questions)) if has], article.slug
        lists = handout.select(".rc-handout h2 + ol")
        assert [len(ol.select("li")) for ol in lists] == [n for n in (len(article.key_claims), len(article.questions)) if n]
        assert handout.select_one(f".rc-handout a[href='../../articles/{article.slug}/']") is not None


def check_site(c: Companion) -> None:
    """The generator's checks of a built site, on this companion's pages."""
    assert missing_pages(c.site, c.corpus) == []
    for article in c.corpus.articles:
        check_article_header(c.site, article)
    check_articles_index(c.site, c.corpus)
    assert check_links(c.site) > 0
    check_no_request_to_another_host(c.site)
    check_corrections_page(c.site, c.corpus)
    check_annotations(c.site, c.corpus)
    check_claimreview(c.site, c.corpus)
    check_companion_page_metadata(c.site, c.corpus)
    check_cite_box_and_open_graph(c.site, c.corpus)
    check_links_on_both_ends(c.site, c.corpus)
    check_timeline_page(c.site, c.corpus)
    check_event_links(c.site, c.corpus)
    check_scorecard(c.site, c.corpus)
    check_timelinejs(c.site, c.corpus)
    check_reader_controls(c.site, c.corpus)
    check_questions(c.site, c.corpus)
    check_test_yourself(c.site, c.corpus)
    check_reading_paths(c.site, c.corpus)
    check_teachers_and_handouts(c.site, c.corpus)
    check_citation_meta(c.site, c.corpus)
    check_citation_downloads(c.site, c.corpus)


def check_tokenizer_agrees_with_html_parser(c: Companion) -> None:
    check_tokenizer([path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
                     for path in sorted((c.root / "articles").glob("*.md"))])
