"""Search: every note, claim and event is its own result, filters come from the data, and a query
downloads what it needs, not the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import ARTICLE, run_cli
from support import SEARCH_NOTES as NOTES
from support import SEARCH_TIMELINE as TIMELINE

from companion import search


@pytest.mark.parametrize("text, expected", [
    ("Russia's sanctions, the crisis and the bus", ["russia", "sanction", "crisis", "bus"]),
    ("Pétrov’s “deal” of 2019 at the G20", ["petrov", "deal", "2019", "g20"]),
    ("It is what it was", ["what"]),
])
def test_terms_fold_case_accents_plurals_and_stop_words(text, expected):
    assert search.terms(text) == expected


def _index(root: Path) -> dict[str, object]:
    docs = root / "docs" / search.INDEX_DIR
    return {p.relative_to(docs).as_posix(): json.loads(p.read_text()) for p in docs.rglob("*.json")}


def _ids(deltas: str) -> list[int]:
    out, last = [], 0
    for gap in filter(None, deltas.split(",")):
        last += int(gap, 36)
        out.append(last)
    return out


def _records(index: dict) -> list[list]:
    chunks = sorted((int(k[2:-5]), v) for k, v in index.items() if k.startswith("r/"))
    return [record for _, chunk in chunks for record in chunk]


def _lookup(index: dict, term: str) -> list[int]:
    meta = index["meta.json"]
    own = max((p for p in meta["shards"] if term.startswith(p)), key=len)
    return _ids(index[f"t/{own}.json"][term].split("|")[0])


def test_each_note_claim_and_event_is_a_result_that_leads_to_it(make_corpus):
    root = make_corpus({"articles/good.md": ARTICLE, "articles/good.notes.yml": NOTES, "articles/timeline.yml": TIMELINE})
    assert run_cli(root, "generate").status == 0
    index = _index(root)
    records = _records(index)
    assert [(r[0], r[1], r[2]) for r in records] == [
        ("articles/good/#rebalance", "claim", ""), ("articles/good/#rebalance", "fact-check", "Misleading"),
        ("articles/good/#emphasis", "claim", ""), ("articles/good/#emphasis", "prediction", "Did not happen"),
        ("articles/good/#anchor-only", "claim", ""), ("timeline/#event-summit", "event", "")]
    assert records[1][3:] == ["A test article", "Ann Author, The Outlet, May 2019",
                              "The sanctions on Iran were not lifted. (On: “rebalance”)"]
    assert [records[i][0] for i in _lookup(index, "sanction")] == ["articles/good/#rebalance"]
    assert [records[i][1] for i in _lookup(index, "tariff")] == ["prediction", "event"]
    # The passage is found by its own words, as a claim and through its note.
    assert [records[i][1] for i in _lookup(index, "rebalance")] == ["claim", "fact-check"]


def test_filters_and_their_values_come_from_the_data(make_corpus):
    root = make_corpus({"articles/good.md": ARTICLE, "articles/good.notes.yml": NOTES, "articles/timeline.yml": TIMELINE})
    assert run_cli(root, "generate").status == 0
    index = _index(root)
    filters = index["meta.json"]["filters"]
    assert filters["kind"] == [["claim", 3, "Claim"], ["event", 1, "Timeline event"], ["fact-check", 1, "Fact-check"],
                               ["prediction", 1, "Prediction"]]
    assert filters["verdict"] == [["misleading", 1, "Misleading"]]
    assert filters["outcome"] == [["did-not-happen", 1, "Did not happen"]]
    assert filters["author"] == [["Ann Author", 5, "Ann Author"]]
    assert filters["year"] == [["2019", 6, "2019"]]
    records = _records(index)
    number = [value for value, _, _ in filters["kind"]].index("fact-check")
    assert [records[i][0:2] for i in _ids(index[f"f/kind/{number}.json"])] == [["articles/good/#rebalance", "fact-check"]]


def test_term_files_stay_small_and_each_term_is_in_the_file_of_its_longest_prefix():
    words = [f"{a}{b}{c}word{n}" for a in "abc" for b in "aeiou" for c in "xyz" for n in range(40)]
    items = sorted((word, "1,2,3|111") for word in words + ["ab", "a"])
    shards = search._shards(items)
    assert all(len(json.dumps(dict(found))) <= search.SHARD_BYTES for found in shards.values())
    for word, _ in items:
        own = max((p for p in shards if word.startswith(p)), key=len)
        assert word in dict(shards[own])


def test_a_word_in_most_records_keeps_only_its_best_postings():
    # Record i holds "common" and i % 7 other words: the shorter the text, the more the word weighs.
    records = [search.Record(f"u{i}", "context", "", "T", "B", "common" + " filler" * (i % 7), ()) for i in range(5000)]
    files = search.index_files(records, {})
    shard = next(v for k, v in files.items() if k.startswith(f"{search.INDEX_DIR}/t/c"))
    ids = _ids(json.loads(shard)["common"].split("|")[0])
    shortest = [i for i in range(5000) if i % 7 < 2]  # 1,429 records of one or two words
    third = [i for i in range(5000) if i % 7 == 2][: search.MAX_POSTINGS - len(shortest)]
    assert ids == sorted(shortest + third)
