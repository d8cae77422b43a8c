"""The benchmark keeps working: a tiny run, checked for correctness only (never for time)."""

from __future__ import annotations

import sys

from conftest import PROJECT

sys.path.insert(0, str(PROJECT / "benchmarks"))
import bench_build  # noqa: E402


def test_benchmark_runs_at_n_20_and_reports_every_measure(capsys):
    rows = bench_build.main(["--sizes", "20"])
    assert [row["n"] for row in rows] == [20]
    row = rows[0]
    assert all(row[key] > 0 for key in ("a", "b", "c", "d", "peak_mb", "page_kb", "ours_kb"))
    assert row["written"] == 0  # a no-op rerun writes nothing
    output = capsys.readouterr().out
    assert "|    20 |" in output and "(d) writes 0 files" in output


def test_synthetic_corpus_is_valid_and_has_unique_quotes(tmp_path):
    from companion.pipeline import gather

    bench_build.write_corpus(tmp_path / "corpus", 12)
    gathered = gather(tmp_path / "corpus")
    assert gathered.problems.sorted() == []
    corpus = gathered.corpus
    assert len(corpus.articles) == 12 and all(len(a.notes) == 20 for a in corpus.articles)
    assert len(corpus.links) == 24 and len(corpus.events) == 60
    assert {n.kind for a in corpus.articles for n in a.notes} == {"context", "fact-check", "prediction", "definition", "source"}


def test_floor_benchmark_adds_twenty_minimal_notes_per_page(tmp_path):
    import random

    import markdown
    from bs4 import BeautifulSoup

    import bench_floor

    bodies = bench_build.write_corpus(tmp_path / "corpus", 3)
    bench_build.write_baseline(tmp_path / "noted", bodies)
    page = tmp_path / "noted" / "docs" / "articles" / "article-00001.md"
    plain = page.read_text()
    bench_floor.add_minimal_notes(page, random.Random(1))
    soup = BeautifulSoup(markdown.markdown(page.read_text()), "html.parser")
    marks, notes = soup.select("mark"), soup.select("span.rc-note")
    assert len(marks) == len(notes) == bench_floor.NOTES_PER_PAGE
    assert all(note.select_one("b").get_text() == "Context" and len(note.select("a")) == 2 for note in notes)
    # The text around the notes is the plain page's text: each note only adds to it.
    for note in notes:
        note.decompose()
    plain_text = BeautifulSoup(markdown.markdown(plain), "html.parser").get_text().split()
    assert soup.get_text().split() == plain_text
