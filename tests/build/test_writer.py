"""The writer writes only what changed and never touches a file it did not generate."""

from __future__ import annotations

import json
import subprocess
import sys

from support import ARTICLE, run_cli


def _generate(root):
    from companion.cli import generate

    return generate(root)


def test_second_generation_writes_nothing(make_corpus, capsys):
    root = make_corpus({"articles/good.md": ARTICLE})
    assert _generate(root)
    capsys.readouterr()
    stamps = {p: p.stat().st_mtime_ns for p in (root / "docs").rglob("*") if p.is_file()}
    assert _generate(root)
    assert capsys.readouterr().err.splitlines() == ["docs/: 0 written, 0 removed, up to date"]
    assert {p: p.stat().st_mtime_ns for p in (root / "docs").rglob("*") if p.is_file()} == stamps


def test_any_change_to_the_inputs_regenerates(make_corpus, capsys):
    root = make_corpus({"articles/good.md": ARTICLE})
    assert _generate(root)
    (root / "articles/good.md").write_text(ARTICLE.replace("The first paragraph", "The opening paragraph"))
    capsys.readouterr()
    assert _generate(root)
    # the page, the EPUB (which holds its text) and the manifest
    assert capsys.readouterr().err.splitlines()[0].startswith("docs/: 3 written, 0 removed,")
    assert "The opening paragraph" in (root / "docs/articles/good.md").read_text()


def test_hand_written_file_is_never_overwritten(make_corpus):
    root = make_corpus({"articles/good.md": ARTICLE, "docs/articles/good.md": "my page\n"})
    result = run_cli(root, "build")
    assert result.status == 1
    assert result.lines == [
        "docs/articles/good.md:1:1: error: exists but was not written by build_site.py; it is never overwritten: move or rename it",
        "1 error, 0 warnings",
        "nothing was written",
    ]
    assert (root / "docs/articles/good.md").read_text() == "my page\n"
    assert not (root / "docs/articles/index.md").exists()


def test_generated_file_edited_by_hand_is_kept(make_corpus, capsys):
    root = make_corpus({"articles/good.md": ARTICLE})
    assert _generate(root)
    page = root / "docs/articles/good.md"
    page.write_text(page.read_text() + "a hand edit\n")
    capsys.readouterr()
    assert not _generate(root)
    assert capsys.readouterr().err.splitlines()[0] == (
        "docs/articles/good.md:1:1: error: was edited by hand since it was generated; edit articles/ instead, "
        "then delete this file to let the build write it again")
    assert page.read_text().endswith("a hand edit\n")


def test_removed_article_removes_only_its_generated_page(make_corpus):
    root = make_corpus({"articles/good.md": ARTICLE, "articles/other.md": ARTICLE})
    assert _generate(root)
    (root / "articles/other.md").unlink()
    assert _generate(root)
    assert not (root / "docs/articles/other.md").exists()
    assert (root / "docs/articles/good.md").exists()
    assert (root / "docs/index.md").exists() and (root / "docs/about.md").exists()
    manifest = json.loads((root / "docs/.generated.json").read_text())
    on_disk = {p.relative_to(root / "docs").as_posix() for p in (root / "docs").rglob("*") if p.is_file()}
    # The manifest lists exactly what the generator wrote: everything but the hand-written pages.
    assert set(manifest["files"]) == on_disk - {"index.md", "about.md", "guide.md", ".generated.json"}
    assert "articles/good.md" in manifest["files"] and "articles/other.md" not in manifest["files"]


def test_failed_mkdocs_build_leaves_docs_and_site_unchanged(make_corpus):
    root = make_corpus({"articles/good.md": ARTICLE})
    assert run_cli(root, "build").status == 0
    before = {p: p.read_bytes() for p in [*(root / "docs").rglob("*"), *(root / "site").rglob("*")] if p.is_file()}
    (root / "articles/good.md").write_text(ARTICLE.replace("The first paragraph", "An edited paragraph"))
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text() + "\nnot_a_mkdocs_option: 1\n")
    result = run_cli(root, "build")
    assert result.status == 1
    assert result.lines[-2:] == ["mkdocs build failed; site/ is unchanged", "docs/ is unchanged"]
    after = {p: p.read_bytes() for p in [*(root / "docs").rglob("*"), *(root / "site").rglob("*")] if p.is_file()}
    assert after == before
    assert not list(root.glob("site.tmp-*")) and not list(root.glob(".build-*"))


def test_leftovers_of_an_interrupted_build_are_cleaned_up(make_corpus):
    root = make_corpus({"articles/good.md": ARTICLE})
    leftover = root / ".build-99999"
    (leftover / "docs").mkdir(parents=True)
    (leftover / "mkdocs.yml").write_text("INHERIT: ../mkdocs.yml\n")
    assert run_cli(root, "build").status == 0
    assert not leftover.exists()
    assert (root / "site/articles/good/index.html").is_file()


def test_a_build_leaves_alone_the_staging_folders_of_a_build_still_running(make_corpus):
    root = make_corpus({"articles/good.md": ARTICLE})
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        theirs = root / f".build-{other.pid}"
        (theirs / "docs").mkdir(parents=True)
        (theirs / "mkdocs.yml").write_text("INHERIT: ../mkdocs.yml\n")
        (root / f"site.tmp-{other.pid}").mkdir()
        assert run_cli(root, "build").status == 0
        assert theirs.is_dir() and (root / f"site.tmp-{other.pid}").is_dir()
    finally:
        other.kill()
        other.wait()
    assert run_cli(root, "build").status == 0  # now theirs is a leftover, and goes
    assert not theirs.exists() and not (root / f"site.tmp-{other.pid}").exists()
