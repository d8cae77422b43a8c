"""The importer on each real seed: furniture gone, every body paragraph kept verbatim."""

from __future__ import annotations

import html
import re

import pytest
from bs4 import BeautifulSoup
from support import SEEDS, run_cli

from companion import safe_markdown
from companion.importer import import_capture, import_html, slugify

# Per seed: the furniture that must be gone (a phrase from each removed block), the title,
# what the importer detects for the front matter, and the number of body blocks kept.
EXPECTED = {
    "000_88b24b3d93ab106b.txt": dict(
        title="“New Detente” Between Russia and The West? Impacts on the Russia-China Strategic Partnership",
        author="Andrew Korybko", outlet="Global Research", published="2019-08-23", first_published_on="OneWorld",
        furniture=["Region:", "Theme:", "Note to readers", "originally published on", "Featured image",
                   "The original source of this article", "Copyright ©", "Comment on Global Research",
                   "Become a Member", "Articles by:", "About the author", "Disclaimer", "For media inquiries",
                   "frequent contributor"],
        kinds={"byline", "dateline", "taxonomy", "separator", "share prompt", "republication notice", "author bio",
               "featured image credit", "copyright block", "comment widget", "membership or donation appeal",
               "byline repeated after the text", "disclaimer"},
        blocks=12),  # 14 blocks in the capture, two of them halves of paragraphs split mid-sentence
    "001_4bddaa00886f44ec.txt": dict(
        title="Predicting the Possible Details of a “New Detente”",
        author="Andrew Korybko", outlet="Eurasia Future", published=None, first_published_on=None,
        furniture=["By Andrew Korybko", "Source: Eurasia Future", "Similar Posts", "Leave a Reply",
                   "Your email address will not be published"],
        kinds={"byline repeated after the text", "source line", "related posts", "comment widget"},
        blocks=27),
    "002_8fae56004db64a7c.txt": dict(
        title="Russia and China: Challenging a Divided West",
        author="Federico Pieraccini", outlet=None, published=None, first_published_on=None,
        furniture=["Featured image from Strategic Culture Foundation", "Articles by:", "Disclaimer",
                   "contains copyrighted material", "For media inquiries"],
        kinds={"featured image credit", "byline repeated after the text", "disclaimer"},
        blocks=15),
    "003_2df307eab493ad2d.txt": dict(
        title="The Unraveling Alliance: How a US-China Rapprochement Could Leave Russia Isolated",
        author=None, outlet=None, published=None, first_published_on=None,
        furniture=["Share your insights in the comments below"],
        kinds={"comment widget"},
        blocks=23),
    "004_5ee4c89c940c1060.txt": dict(
        title="Russia will not sacrifice its alliance with China to please Donald Trump",
        author=None, outlet="The Duran", published=None, first_published_on=None,
        furniture=["in ,", "Support The Duran on Patreon", "solely those of the author", "What do you think?",
                   "Notify of", "Inline Feedbacks", "View all comments", "MSM wrong again", "Francois Fillon"],
        kinds={"widget residue", "membership or donation appeal", "disclaimer", "comment widget", "related posts"},
        blocks=16),
}


def _rendered_text(markdown_text: str) -> str:
    soup = BeautifulSoup(safe_markdown.render(markdown_text), "html.parser")
    return re.sub(r"\s+", " ", soup.get_text())


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_import_detects_front_matter(seed):
    result = import_capture((SEEDS / seed).read_text(encoding="utf-8"))
    expected = EXPECTED[seed]
    assert (result.title, result.author, result.outlet, result.published, result.first_published_on) == (
        expected["title"], expected["author"], expected["outlet"], expected["published"], expected["first_published_on"])


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_import_removes_every_kind_of_furniture(seed):
    result = import_capture((SEEDS / seed).read_text(encoding="utf-8"))
    expected = EXPECTED[seed]
    assert {r.kind.removesuffix(" (continued)") for r in result.removed} == expected["kinds"]
    text = _rendered_text(result.body)
    for phrase in expected["furniture"]:
        assert phrase not in text, phrase
        assert any(phrase in r.text for r in result.removed), phrase


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_import_keeps_every_body_paragraph_verbatim(seed):
    raw = (SEEDS / seed).read_text(encoding="utf-8")
    result = import_capture(raw)
    removed_lines = set()
    for item in result.removed:
        removed_lines.update(range(item.line, item.line + item.text.count("\n") + 1))
    body_text = _rendered_text(result.body)
    kept = 0
    for number, line in enumerate(raw.splitlines(), start=1):
        plain = _rendered_text(line.lstrip("#").strip()).strip()
        if number in removed_lines or not plain or plain == result.title.strip():
            continue
        assert plain in body_text, f"{seed}:{number} lost: {plain[:80]}"
        kept += 1
    blocks = [b for b in result.body.split("\n\n") if b.strip()]
    assert len(blocks) == expected_blocks(seed)
    assert kept >= len(blocks)


def expected_blocks(seed: str) -> int:
    return EXPECTED[seed]["blocks"]


def test_import_turns_dead_links_into_text_and_rejoins_split_paragraphs():
    result = import_capture((SEEDS / "000_88b24b3d93ab106b.txt").read_text(encoding="utf-8"))
    assert "](#)" not in result.body
    assert "with the former wanting to portray it according to the paradigm" in result.body
    assert result.repairs == (
        "rejoined a paragraph split mid-sentence at line 27",
        "rejoined a paragraph split mid-sentence at line 39",
        "turned 29 dead links '[text](#)' into plain text",
    )


def test_import_of_plain_text_escapes_markdown_and_detects_headings():
    result = import_capture("My Title\nA *starred* line with <b>tags</b> and 2 * 3.\nShort Heading Here\nLast line.\n")
    assert result.body == (
        "A \\*starred\\* line with <b>tags</b> and 2 \\* 3.\n\n## Short Heading Here\n\nLast line.\n")
    assert html.unescape(_rendered_text(result.body)).startswith("A *starred* line with <b>tags</b> and 2 * 3.")


def test_slugify():
    assert slugify("“New Detente” Between Russia and The West? Impacts") == "new-detente-between-russia-and-the-west-impacts"
    assert slugify("Ünïcode — and dashes") == "unicode-and-dashes"
    assert slugify("“”") == "article"


def test_import_command_writes_article_and_reports_removed(make_corpus):
    root = make_corpus({})
    result = run_cli(root, "import", str(SEEDS / "004_5ee4c89c940c1060.txt"), "--slug", "duran")
    assert result.status == 0
    assert result.out.splitlines()[:3] == [
        "wrote articles/duran.md and articles/duran.notes.yml",
        f"removed 9 blocks of page furniture from {SEEDS / '004_5ee4c89c940c1060.txt'}:",
        f"  {SEEDS / '004_5ee4c89c940c1060.txt'}:1: widget residue: in ,",
    ]
    text = (root / "articles" / "duran.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Russia will not sacrifice its alliance with China to please Donald Trump\n"
                           "author: null\noutlet: The Duran\npublished: null  # TODO: YYYY, YYYY-MM or YYYY-MM-DD\n---\n")


def test_import_never_overwrites_an_existing_article(make_corpus):
    root = make_corpus({"articles/duran.md": "my own work\n"})
    result = run_cli(root, "import", str(SEEDS / "004_5ee4c89c940c1060.txt"), "--slug", "duran")
    assert result.status == 1
    assert result.lines == ["error: articles/duran.md already exists; nothing was written. "
                            "Choose another name with --slug, or remove the file first"]
    assert (root / "articles" / "duran.md").read_text() == "my own work\n"


def test_import_rejects_invalid_slug_and_missing_file(make_corpus, tmp_path):
    root = make_corpus({})
    bad = run_cli(root, "import", str(SEEDS / "004_5ee4c89c940c1060.txt"), "--slug", "../escape")
    assert (bad.status, bad.lines) == (1, ["error: invalid slug '../escape': use lowercase letters a-z, digits and single hyphens"])
    missing = run_cli(root, "import", str(tmp_path / "nope.txt"))
    assert (missing.status, missing.lines) == (1, [f"{tmp_path / 'nope.txt'}: error: cannot read the file: No such file or directory"])
    assert list((root / "articles").iterdir()) == []


# A browser's copy of a news page, as Ctrl+A, Ctrl+C gives it: one line per block.
BROWSER_COPY = """\
Skip to main content
Home
World
Europe
Politics
Sign in
Home › World › Europe
Russia and China draw closer as talks stall
By Maria Example
March 5, 2024
5 min read
Share on Facebook
Share on Twitter
The partnership is a marriage of convenience more than an alliance, officials in both capitals say, and the talks this week did little to change that.
A paragraph about a charity that received a large donation from a state company is still part of the article, as the reporting makes clear.
What the talks produced
Negotiators agreed on a statement about trade, energy and transport corridors, but not on the price of gas, which remains the main obstacle.
"We will continue," a spokesman said after the meeting ended late on Tuesday evening in the capital.
Share this article
Related Articles
Another story about something else
A third story
Leave a Reply
Your email address will not be published.
This is a comment from a reader who disagrees strongly with everything said in the article above.
Sign up for our daily newsletter
"""


def test_a_browser_copy_keeps_the_whole_article_and_labels_each_removed_block():
    result = import_capture(BROWSER_COPY)
    assert result.title == "Russia and China draw closer as talks stall"
    assert result.author == "Maria Example"
    body = [b.strip() for b in result.body.split("\n\n") if b.strip()]
    assert body == [
        "The partnership is a marriage of convenience more than an alliance, officials in both capitals say, and the "
        "talks this week did little to change that.",
        "A paragraph about a charity that received a large donation from a state company is still part of the "
        "article, as the reporting makes clear.",
        "## What the talks produced",
        "Negotiators agreed on a statement about trade, energy and transport corridors, but not on the price of gas, "
        "which remains the main obstacle.",
        '"We will continue," a spokesman said after the meeting ended late on Tuesday evening in the capital.',
    ]
    assert [(r.line, r.kind) for r in result.removed] == [
        (1, "skip link"), (2, "navigation or menu"), (3, "navigation or menu"), (4, "navigation or menu"),
        (5, "navigation or menu"), (6, "sign-in and subscription links"), (7, "breadcrumbs"), (9, "byline"),
        (10, "date line"), (11, "reading time"), (12, "share buttons"), (13, "share buttons"),
        (19, "share prompt"), (20, "related posts"), (21, "related posts (continued)"),
        (22, "related posts (continued)"), (23, "comment widget"), (24, "comment widget"),
        (25, "comment widget (continued)"), (26, "newsletter box")]
    assert result.kept == ()


def test_prose_outside_the_article_that_no_rule_knows_is_kept_with_a_warning(make_corpus, tmp_path):
    capture = ("We use cookies to improve your experience on this site and to show you relevant advertising today.\n"
               "Headline of the piece\n" + "\n".join(
                   f"Paragraph {i} of the article has more than enough words to count as a real paragraph here." for i in range(4))
               + "\nShare this article\n"
               + "An unlabelled paragraph after the text, with enough words to be prose and no rule that knows it.\n")
    result = import_capture(capture)
    assert result.title == "Headline of the piece"
    assert [(k.line, k.kind) for k in result.kept] == [(1, "prose above the headline")]
    root = make_corpus({})
    (tmp_path / "capture.txt").write_text(capture)
    out = run_cli(root, "import", str(tmp_path / "capture.txt"), "--slug", "piece").out.splitlines()
    assert out[0] == "wrote articles/piece.md and articles/piece.notes.yml"
    assert f"  {tmp_path / 'capture.txt'}:1: warning: kept, check it belongs to the article (prose above the headline): " \
           "We use cookies to improve your experience on this site and to show yo…" in out
    assert out[-1] == ("next: complete the front matter of articles/piece.md (published, outlet, url, summary), add "
                       "notes to articles/piece.notes.yml, then run build_site.py check")


SAVED_PAGE = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Russia and China draw closer as talks stall | The Example Times</title>
<meta property="og:title" content="Russia and China draw closer as talks stall">
<meta property="og:site_name" content="The Example Times">
<meta name="author" content="Maria Example">
<meta property="article:published_time" content="2024-03-05T09:00:00Z">
</head><body>
<a href="#main">Skip to main content</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<main id="main"><article>
<h1>Russia and China draw closer as talks stall</h1>
<p class="byline">By Maria Example</p>
<p>The partnership is a marriage of convenience more than an alliance, officials in both capitals say, and the talks this week did little to change that.</p>
<p>A charity received a large <em>donation</em> from a state company, as the <a href="https://example.org/report">report</a> makes clear.</p>
<h2>What the talks produced</h2>
<p>Negotiators agreed on a statement about trade, energy and transport corridors, but not on the price of gas.</p>
</article></main>
<aside><h3>Related articles</h3><ul><li><a href="/a">Another story about something else</a></li></ul></aside>
<section class="comments"><h3>Leave a Reply</h3><p>This is a comment from a reader who disagrees strongly.</p></section>
<footer><p>Copyright 2024 The Example Times</p></footer>
</body></html>
"""


def test_a_saved_page_is_read_with_trafilatura(make_corpus, tmp_path):
    result = import_html(SAVED_PAGE)
    assert (result.title, result.author, result.outlet, result.published) == (
        "Russia and China draw closer as talks stall", "Maria Example", "The Example Times", "2024-03-05")
    assert [b.strip() for b in result.body.split("\n\n") if b.strip()] == [
        "The partnership is a marriage of convenience more than an alliance, officials in both capitals say, and the "
        "talks this week did little to change that.",
        "A charity received a large *donation* from a state company, as the [report](https://example.org/report) "
        "makes clear.",
        "## What the talks produced",
        "Negotiators agreed on a statement about trade, energy and transport corridors, but not on the price of gas.",
    ]
    removed = {r.text: r.kind for r in result.removed}
    assert removed["Related articles"] == removed["Leave a Reply"] == "outside the article (trafilatura)"
    assert "This is a comment from a reader who disagrees strongly." in removed
    root = make_corpus({})
    (tmp_path / "page.html").write_text(SAVED_PAGE)
    assert run_cli(root, "import", str(tmp_path / "page.html")).status == 0
    assert run_cli(root, "check").lines[-1] == "checked 1 article, 0 notes: ok"
