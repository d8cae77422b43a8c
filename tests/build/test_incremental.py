"""Builds redo only what changed, and what they produce is what a full build produces."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from support import ARTICLE, run_cli

from companion import render
from companion.pipeline import gather

OTHER = ARTICLE.replace("A test article", "Another article").replace("2019-05", "2017-07")
THIRD = ARTICLE.replace("A test article", "A third article").replace("2019-05", "2018-01")
NOTES_A = """\
notes:
  - id: rebalance
    quote: rebalance
    kind: context
    note: A note on rebalancing.
links:
  - from: rebalance
    to: b#emphasis
    type: contradicts
    note: They disagree.
"""
NOTES_B = """\
notes:
  - id: emphasis
    quote: some emphasis here
    kind: context
    note: B's note.
"""
NOTES_C = """\
notes:
  - id: first
    quote: The first paragraph
    kind: definition
    note: C's note.
"""


def _project(make_corpus) -> Path:
    return make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": NOTES_A,
                        "articles/b.md": OTHER, "articles/b.notes.yml": NOTES_B,
                        "articles/c.md": THIRD, "articles/c.notes.yml": NOTES_C})


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _stamps(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns
            for folder in ("docs", "site") for p in (root / folder).rglob("*") if p.is_file()}


def test_a_build_with_nothing_changed_writes_nothing(make_corpus):
    root = _project(make_corpus)
    assert run_cli(root, "build").status == 0
    stamps = _stamps(root)
    result = run_cli(root, "build")
    assert (result.status, result.lines) == (0, ["docs/: 0 written, 0 removed, up to date",
                                                 "site/: up to date, 0 files written"])
    assert _stamps(root) == stamps


def test_an_edited_note_rebuilds_its_page_and_the_pages_linked_to_it_only(make_corpus, monkeypatch):
    root = _project(make_corpus)
    assert run_cli(root, "build").status == 0
    notes = root / "articles/b.notes.yml"
    notes.write_text(NOTES_B.replace("B's note.", "B's edited note."))
    before = _files(root / "docs")
    placed = []
    render_page = render.render_page
    monkeypatch.setattr(render, "render_page", lambda item, *args: placed.append(item.article.slug) or render_page(item, *args))
    result = run_cli(root, "build")
    assert result.status == 0
    # b itself, and a, whose link entry previews b's note; c is taken from the cache.
    assert sorted(placed) == ["a", "b"]
    # Written: the two pages, annotations.jsonld, the search index files that hold the note (not
    # pages: MkDocs copies them), the EPUB (which holds every note) and the manifest; nothing else.
    after = _files(root / "docs")
    changed = sorted(rel for rel in after if before.get(rel) != after[rel])
    index = [rel for rel in changed if rel.startswith("search-index/")]
    assert changed == sorted(["articles/a.md", "articles/b.md", "annotations.jsonld", ".generated.json",
                              "downloads/companion.epub", *index])
    assert "search-index/meta.json" not in index and index  # the same counts, a changed chunk and term file
    unchanged = len(json.loads(after[".generated.json"])["files"]) - (len(changed) - 1)
    assert result.lines == [f"docs/: {len(changed)} written, 0 removed, {unchanged} unchanged",
                            "site/: built (2 pages rendered)"]
    a = BeautifulSoup((root / "site/articles/a/index.html").read_text(), "html.parser")
    assert a.select_one("span.rc-link-preview").get_text() == "B's edited note."


def test_a_partial_build_gives_the_site_a_full_build_gives(make_corpus):
    root = _project(make_corpus)
    assert run_cli(root, "build").status == 0
    (root / "articles/a.notes.yml").write_text(NOTES_A.replace("A note on rebalancing.", "A *changed* note."))
    result = run_cli(root, "build")
    assert result.lines[-1] == "site/: built (2 pages rendered)"  # a, and b with its link entry back to a
    partial = _files(root / "site")
    shutil.rmtree(root / "site")
    shutil.rmtree(root / ".companion-cache")
    assert run_cli(root, "build").lines[-1] == "site/: built (all pages rendered)"
    full = _files(root / "site")
    assert any(k.startswith("search-index/") for k in full)
    assert partial == full


def test_a_changed_configuration_or_a_touched_site_rebuilds_everything(make_corpus):
    root = _project(make_corpus)
    assert run_cli(root, "build").status == 0
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text() + "\n# a comment\n")
    assert run_cli(root, "build").lines[-1] == "site/: built (all pages rendered)"
    (root / "site/about/index.html").write_text("edited by hand")
    (root / "articles/c.notes.yml").write_text(NOTES_C.replace("C's note.", "C's new note."))
    assert run_cli(root, "build").lines[-1] == "site/: built (all pages rendered)"
    assert BeautifulSoup((root / "site/about/index.html").read_text(), "html.parser").select_one("h1") is not None


def test_cached_results_equal_fresh_ones(make_corpus):
    root = _project(make_corpus)
    first = gather(root)
    (root / "articles/c.md").write_text(THIRD.replace("The second paragraph", "The next paragraph"))
    cached, fresh = gather(root), gather(root, use_cache=False)
    assert cached.problems.sorted() == fresh.problems.sorted() == []
    assert cached.outputs == fresh.outputs != first.outputs


def test_pages_render_the_same_without_our_markdown_extension(make_corpus):
    """docs/ is portable: the extension only saves MkDocs a parse of our HTML."""
    root = _project(make_corpus)
    assert run_cli(root, "build").status == 0
    plain = root.parent / "plain"
    shutil.copytree(root, plain)
    shutil.rmtree(plain / "site")
    config = (plain / "mkdocs.yml").read_text()
    assert "  - companion.prerendered\n" in config
    (plain / "mkdocs.yml").write_text(config.replace("  - companion.prerendered\n", ""))
    assert run_cli(plain, "build").status == 0
    for page in ("articles/a/index.html", "articles/index.html", "timeline/index.html", "disagreements/index.html"):
        with_ext, without = (BeautifulSoup((r / "site" / page).read_text(), "html.parser").select_one("article.md-content__inner")
                             for r in (root, plain))
        assert with_ext is not None and str(with_ext) == str(without)


def test_index_files_that_come_and_go_do_not_force_a_full_build(make_corpus):
    root = _project(make_corpus)
    assert run_cli(root, "build").status == 0
    assert not (root / "site/search-index/t/zyzzyva.json").exists() and not (root / "site/search-index/t/z.json").exists()
    notes = root / "articles/b.notes.yml"
    notes.write_text(NOTES_B.replace("B's note.", "B's note on a zyzzyva."))
    assert run_cli(root, "build").lines[-1] == "site/: built (2 pages rendered)"
    assert json.loads((root / "site/search-index/t/z.json").read_text()).keys() == {"zyzzyva"}
    notes.write_text(NOTES_B)
    assert run_cli(root, "build").lines[-1] == "site/: built (2 pages rendered)"
    assert not (root / "site/search-index/t/z.json").exists()
    partial = _files(root / "site")
    shutil.rmtree(root / "site")
    assert run_cli(root, "build").lines[-1] == "site/: built (all pages rendered)"
    assert partial == _files(root / "site")


def test_a_broken_mkdocs_yml_after_a_good_build_fails_and_changes_nothing(make_corpus):
    root = _project(make_corpus)
    assert run_cli(root, "build").status == 0
    docs, site = _files(root / "docs"), _files(root / "site")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("nav: [index.md\n")
    lines = (root / "mkdocs.yml").read_text(encoding="utf-8").count("\n")
    for command in ("build", "generate"):
        result = run_cli(root, command)
        assert (result.status, result.lines) == (1, [
            f"mkdocs.yml:{lines + 1}:1: error: invalid YAML: expected ',' or ']', but got '<stream end>'",
            "1 error, 0 warnings", "nothing was written"])
    assert (_files(root / "docs"), _files(root / "site")) == (docs, site)
