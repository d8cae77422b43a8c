"""The benchmark keeps working and keeps covering the format: checked for correctness only (never for time)."""

from __future__ import annotations

import sys

import pytest
import yaml
from support import ARTICLE, PROJECT, invented_companion, write_project

from companion.model import FILE_FORMATS
from companion.pipeline import gather

sys.path.insert(0, str(PROJECT / "benchmarks"))
import bench_build  # noqa: E402
import corpora  # noqa: E402


def test_benchmark_runs_at_n_20_and_reports_every_measure(capsys):
    rows = bench_build.main(["--sizes", "20"])
    assert [(row["corpus"], row["n"]) for row in rows] == [("synthetic", 20), ("replicated", 20)]
    for row in rows:
        assert all(row[key] > 0 for key in ("a", "b", "c", "d", "e", "f", "g", "epub_mb", "peak_mb", "page_kb", "ours_kb"))
        assert row["written"] == 0  # a no-op build writes nothing
        assert row["edit_rendered"] != "all"  # one edit renders a few pages, not the site
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("| corpus | N | (a) generate")
    assert [line.split(" | ")[:2] for line in lines[2:4]] == [["| synthetic", "20"], ["| replicated", "20"]]


def _fields_used(root) -> dict[str, set[str]]:
    """Every key the corpus's files use, by the format names of companion.model.FILE_FORMATS."""
    used: dict[str, set[str]] = {name: set() for name in FILE_FORMATS}

    def note_sources(entries):
        for source in entries or []:
            used["source entry"].update(source)

    for path in sorted((root / "articles").glob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        used["article front matter"].update(front)
        for entry in front.get("republished") or []:
            used["republished entry"].update(entry)
        note_sources(front.get("provenance_sources"))
    for path in sorted((root / "articles").glob("*.notes.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        used["notes file"].update(data)
        for note in data.get("notes") or []:
            used["note"].update(note)
            note_sources(note.get("sources"))
        for link in data.get("links") or []:
            used["link"].update(link)
        for correction in data.get("corrections") or []:
            used["correction"].update(correction)
        for entry in data.get("unchecked") or []:
            used["unchecked claim"].update(entry)
        for entry in data.get("questions") or []:
            used["question"].update(entry)
    companion = yaml.safe_load((root / "companion.yml").read_text(encoding="utf-8"))
    used["companion.yml"].update(companion)
    used["policy"].update(companion["policy"])
    for path in companion.get("paths") or []:
        used["reading path"].update(path)
        for step in path["steps"]:
            used["path step"].update(step)
    timeline = yaml.safe_load((root / "articles" / "timeline.yml").read_text(encoding="utf-8"))
    used["timeline file"].update(timeline)
    for event in timeline["events"]:
        used["event"].update(event)
        note_sources(event.get("sources"))
    return used


@pytest.mark.parametrize("kind", ["synthetic", "replicated"])
def test_every_field_of_the_format_is_in_the_benchmark_corpus(tmp_path, kind):
    bench_build.write_corpus(tmp_path / "corpus", 12, kind)
    used = _fields_used(tmp_path / "corpus")
    missing = {name: sorted({f.name for f in fields} - used[name]) for name, fields in FILE_FORMATS.items()}
    if kind == "synthetic":  # it must use everything; the shipped articles may not (yet)
        assert {name: names for name, names in missing.items() if names} == {}
    unknown = {name: sorted(used[name] - {f.name for f in fields}) for name, fields in FILE_FORMATS.items()}
    assert {name: names for name, names in unknown.items() if names} == {}


def test_synthetic_corpus_uses_every_kind_verdict_outcome_and_link_type(tmp_path):
    from companion.model import LINK_TYPES, NOTE_KINDS, OUTCOMES, VERDICTS

    bench_build.write_corpus(tmp_path / "corpus", 12)
    gathered = gather(tmp_path / "corpus")
    assert gathered.problems.sorted() == []
    notes = [n for a in gathered.corpus.articles for n in a.notes]
    assert {n.kind for n in notes} == set(NOTE_KINDS) | {None}  # None: bare anchors
    assert {n.verdict for n in notes if n.verdict} == set(VERDICTS)
    assert {n.outcome for n in notes if n.outcome} == set(OUTCOMES)
    assert {link.type for link in gathered.corpus.links} == set(LINK_TYPES)
    assert any(n.prefix for n in notes) and any(n.resolved for n in notes)
    assert {a.published.precision for a in gathered.corpus.articles} == {"year", "month", "day"}
    events = gathered.corpus.events
    assert any(e.end for e in events) and any(e.approximate for e in events) and all(e.claims for e in events)
    # Every text a reader sees is unique: titles, and note texts across the corpus.
    assert len({a.title for a in gathered.corpus.articles}) == 12
    texts = [n.text for n in notes if n.text]
    assert len(set(texts)) == len(texts)


def test_replicated_corpus_keeps_the_shipped_articles_with_unique_texts(tmp_path):
    corpora.write_replicated(tmp_path / "corpus", 12)
    gathered = gather(tmp_path / "corpus")
    assert gathered.problems.errors == []
    articles = gathered.corpus.articles
    assert len(articles) == 12 and len({a.title for a in articles}) == 12
    texts = [n.text for a in articles for n in a.notes if n.text]
    assert len(set(texts)) == len(texts)
    shipped = gather(PROJECT, use_cache=False).corpus
    # Every copy links and dates its claims like the original.
    assert len(gathered.corpus.links) >= len(shipped.links) * 2
    assert {e.id.rsplit("-r", 1)[0] for e in gathered.corpus.events} == {e.id for e in shipped.events}


QUOTED_NOTES = """\
notes:
  - {id: rebalance, quote: "rebalance", kind: context, note: "A note in a quoted string."}
  - id: emphasis
    quote: 'some emphasis here'
    kind: prediction
    outcome: pending
    note: 'A note in single quotes, with ''doubled'' quotes.'
  - id: link
    quote: a link
    kind: definition
    note: >-
      A folded note.
"""


def test_replicating_any_valid_files_quoted_notes_and_an_empty_timeline(tmp_path):
    source = write_project(tmp_path / "source", {
        "articles/a.md": ARTICLE, "articles/a.notes.yml": QUOTED_NOTES, "articles/timeline.yml": "events: []\n"}) / "articles"
    corpora.write_replicated(tmp_path / "corpus", 3, source=source)
    gathered = gather(tmp_path / "corpus")
    assert gathered.problems.errors == []
    assert [a.slug for a in gathered.corpus.articles] == ["a-r0", "a-r1", "a-r2"]
    texts = sorted(n.text for a in gathered.corpus.articles for n in a.notes)
    assert texts == sorted(f"{text} (Copy {k}.)" for k in range(3) for text in (
        "A note in a quoted string.", "A note in single quotes, with 'doubled' quotes.", "A folded note."))
    assert gathered.corpus.events == ()


def test_replicating_keeps_links_and_event_claims_within_each_copy(tmp_path):
    source = write_project(tmp_path / "source", invented_companion(2)) / "articles"
    corpora.write_replicated(tmp_path / "corpus", 4, source=source)
    gathered = gather(tmp_path / "corpus")
    assert gathered.problems.errors == []
    links = sorted((link.source, link.to_slug) for link in gathered.corpus.links)
    assert len(links) == 4 and all(source.rsplit("-r", 1)[1] == to.rsplit("-r", 1)[1] for source, to in links)
    assert links[:2] == [("eastbrook-bridge-toll-r0", "westmere-bridge-toll-r0")] * 2
    claims = {e.id: [slug for slug, _, _ in e.claims] for e in gathered.corpus.events}
    assert claims["eastbrook-vote-r1"] == ["eastbrook-bridge-toll-r1"]
    assert len(gathered.corpus.events) == 4 * 2  # four events, two copies
