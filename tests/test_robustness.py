"""Bad input of every kind gets a clean error and loses nothing; random input never crashes the loader."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion import anchor
from companion.pipeline import gather
from conftest import ARTICLE, run_cli, write_project


def test_a_very_large_file_is_refused_with_its_size(make_corpus):
    big = ARTICLE + "word " * 250_000
    root = make_corpus({"articles/big.md": big})
    result = run_cli(root, "check")
    size = len(big.encode("utf-8"))
    assert result.lines == [f"articles/big.md:1:1: error: file is {size:,} bytes; the limit is 1,000,000", "1 error, 0 warnings"]


def test_control_characters_in_yaml_are_reported_at_their_position(make_corpus):
    root = make_corpus({"articles/good.md": ARTICLE, "articles/good.notes.yml": "notes:\n  - id: a\x07b\n"})
    assert run_cli(root, "check").lines == [
        "articles/good.notes.yml:2:10: error: invalid YAML: the character U+0007 is not allowed", "1 error, 0 warnings"]


def test_an_unexpected_failure_names_the_file_and_prints_no_traceback(make_corpus, monkeypatch):
    root = make_corpus({"articles/good.md": ARTICLE, "articles/good.notes.yml": "notes:\n  - {id: a, quote: rebalance}\n"})

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(anchor, "_find_all", broken)
    result = run_cli(root, "check")
    assert (result.status, result.lines) == (1, [
        "build_site.py: internal error in articles/good.md: RuntimeError: boom"])


def test_empty_notes_and_timeline_files(make_corpus):
    root = make_corpus({"articles/good.md": ARTICLE, "articles/good.notes.yml": "", "articles/timeline.yml": ""})
    assert run_cli(root, "check").lines == [
        "articles/good.notes.yml:1:1: error: the notes file is empty; it needs a 'notes:' list",
        "articles/timeline.yml:1:1: error: the timeline file must be a mapping with an 'events:' list",
        "2 errors, 0 warnings",
    ]


YAML_ALPHABET = string.ascii_letters + string.digits + " :-#[]{}'\"\n\t|>&*!%@,.?" + "é’“”—\x00\x07"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=st.text(alphabet=YAML_ALPHABET, max_size=300), timeline=st.text(alphabet=YAML_ALPHABET, max_size=200),
       body=st.text(max_size=300))
def test_random_input_gives_a_clean_error_or_a_clean_build(tmp_path_factory, notes, timeline, body):
    root = write_project(tmp_path_factory.mktemp("fuzz"), {
        "articles/a.md": f"---\ntitle: T\npublished: 2019\n---\n\n{body}\n",
        "articles/a.notes.yml": notes,
        "articles/timeline.yml": timeline,
    })
    gathered = gather(root)  # must not raise
    assert all(p.location.path.startswith("articles/") for p in gathered.problems.sorted())
    assert bool(gathered.outputs) == (not gathered.problems.errors)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["notes:", "  - id: a", "    quote: x", "    kind: context", "    note: y",
                                  "links:", "  - from: a", "    to: a#a", "corrections:", "  - date: 2019",
                                  "    sources: [{title: t}]", "    verdict: accurate", "\tbad", "- list"]),
                max_size=12))
def test_structured_random_notes_never_crash(tmp_path_factory, lines):
    root = write_project(tmp_path_factory.mktemp("fuzz"), {"articles/a.md": ARTICLE, "articles/a.notes.yml": "\n".join(lines) + "\n"})
    gather(root)
