"""The importer on each real seed: furniture gone, every body paragraph kept verbatim."""

from __future__ import annotations

import html
import re

import pytest
from bs4 import BeautifulSoup

from companion import safe_markdown
from companion.importer import import_capture, slugify
from conftest import SEEDS, run_cli

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
    assert {r.kind for r in result.removed} == expected["kinds"]
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
        "wrote articles/duran.md",
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
