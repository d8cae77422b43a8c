"""The published JSON Schemas agree with the loader, validate the shipped files, and are up to date."""

from __future__ import annotations

import json

import jsonschema
import pytest
from sitechecks import SCHEMAS, plain, schema_accepts
from support import ARTICLE, PROJECT, invented_companion, run_cli

from companion.problems import Problems
from companion.schemas import render_schemas
from companion.yamlload import load_yaml

OTHER = "---\ntitle: B\npublished: 2018\n---\n\nAn other text.\n"
OTHER_NOTES = "notes:\n  - {id: x, quote: other text}\n"


NOTE = "notes:\n  - id: n\n    quote: rebalance\n"
NOTES_EXAMPLES = [
    (NOTE, True),
    (NOTE + "    kind: context\n    note: A note.\n    sources: [{title: T, url: 'https://example.org'}]\n", True),
    (NOTE + "    kind: fact-check\n    verdict: accurate\n    note: Checked.\n", True),
    (NOTE + "    kind: prediction\n    outcome: came-true\n    resolved: 2019-06\n    note: Yes.\n", True),
    (NOTE + "    kind: prediction\n    outcome: pending\n    note: Open.\n", True),
    (NOTE + "    qoute: typo\n", False),
    ("notes:\n  - id: n\n", False),
    (NOTE + "    kind: fact-check\n    note: No verdict.\n", False),
    (NOTE + "    kind: context\n    verdict: accurate\n    note: Wrong kind.\n", False),
    (NOTE + "    kind: opinion\n    note: Unknown kind.\n", False),
    (NOTE + "    kind: prediction\n    outcome: pending\n    resolved: 2020\n    note: Pending but resolved.\n", False),
    (NOTE + "    kind: context\n", False),
    (NOTE + "    note: No kind.\n", False),
    (NOTE + "    kind: context\n    note: x\n    sources: [{title: T, url: 'javascript:alert(1)'}]\n", False),
    (NOTE + "    kind: context\n    note: x\n    resolved: 2020\n", False),
    ("notes:\n  - id: Bad_Id\n    quote: rebalance\n", False),
    (NOTE + "links:\n  - {from: n, to: b#x, type: contradicts, note: Why.}\n", True),
    (NOTE + "links:\n  - {from: n, to: b#x, type: contradict, note: Why.}\n", False),
    (NOTE + "links:\n  - {from: n, to: b-x, type: supports, note: Why.}\n", False),
    (NOTE + "links:\n  - {from: n, to: b#x, type: supports}\n", False),
    (NOTE + "corrections:\n  - {date: 2026-12-01, note: Fixed., notes: [n]}\n", True),
    (NOTE + "corrections:\n  - {note: Undated.}\n", False),
    ("links: []\n", False),
]
TIMELINE_EXAMPLES = [
    ("events:\n  - {id: e, date: 2019-05-14, title: T}\n", True),
    ("events:\n  - {id: e, date: 2019, title: T, approximate: true, claims: ['good#n']}\n", True),
    ("events:\n  - {id: e, start: 2019-06-28, end: 2019-06-29, title: T}\n", True),
    ("events:\n  - {id: e, date: 2019-05, start: 2019, end: 2020, title: T}\n", False),
    ("events:\n  - {id: e, start: 2019, title: T}\n", False),
    ("events:\n  - {id: e, title: T}\n", False),
    ("events:\n  - {id: e, date: 2019-13, title: T}\n", False),
    ("events:\n  - {id: e, date: 2019, title: T, sourse: x}\n", False),
    ("events:\n  - {id: e, date: 2019}\n", False),
    ("events:\n  - {id: e, date: 2019, title: T, claims: [nonsense]}\n", False),
]
FRONT_EXAMPLES = [
    ("title: T\npublished: 2019-05\n", True),
    ("title: T\nauthor: null\noutlet: null\npublished: 2019\nurl: https://example.org/a\n"
     "republished: [{outlet: X, date: 2019-08-23}]\nsummary: S.\nkey_claims: [n]\n", True),
    ("title: T\n", False),
    ("published: 2019\n", False),
    ("title: T\npublished: May 2019\n", False),
    ("title: T\npublished: 2025-02-30\n", False),
    ("title: T\npublished: 2019-04-31\n", False),
    ("title: T\npublished: 2019-02-29\n", False),
    ("title: T\npublished: 1900-02-29\n", False),
    ("title: T\npublished: 2020-02-29\n", True),
    ("title: T\npublished: 2000-02-29\n", True),
    ("title: T\npublished: 2019-12-31\n", True),
    ("title: T\npublished: 0000-01\n", False),
    ("title: T\npublished: 0\n", False),
    ("title: T\npublished: 2019\nurl: javascript:alert(1)\n", False),
    ("title: T\npublished: 2019\ntitel: x\n", False),
    ("title: [a, b]\npublished: 2019\n", False),
    ("title: T\npublished: 2019\nrepublished: [{date: 2019}]\n", False),
]


def loader_accepts(make_corpus, files: dict) -> bool:
    root = make_corpus({"articles/b.md": OTHER, "articles/b.notes.yml": OTHER_NOTES, **files})
    return run_cli(root, "check").status == 0


@pytest.mark.parametrize("text, valid", NOTES_EXAMPLES)
def test_notes_schema_and_loader_agree(make_corpus, text, valid):
    assert schema_accepts("notes.schema.json", text) is valid
    assert loader_accepts(make_corpus, {"articles/good.md": ARTICLE, "articles/good.notes.yml": text}) is valid


@pytest.mark.parametrize("text, valid", TIMELINE_EXAMPLES)
def test_timeline_schema_and_loader_agree(make_corpus, text, valid):
    assert schema_accepts("timeline.schema.json", text) is valid
    files = {"articles/good.md": ARTICLE, "articles/good.notes.yml": NOTE, "articles/timeline.yml": text}
    assert loader_accepts(make_corpus, files) is valid


@pytest.mark.parametrize("text, valid", FRONT_EXAMPLES)
def test_front_matter_schema_and_loader_agree(make_corpus, text, valid):
    assert schema_accepts("front-matter.schema.json", text) is valid
    article = f"---\n{text}---\n\nThe text says rebalance.\n"
    assert loader_accepts(make_corpus, {"articles/good.md": article, "articles/good.notes.yml": NOTE}) is valid


def test_an_impossible_date_fails_its_own_rule_with_a_readable_message():
    data = plain(load_yaml("title: T\npublished: 2025-02-30\n", "x.yml", Problems()))
    [error] = jsonschema.Draft202012Validator(SCHEMAS["front-matter.schema.json"]).iter_errors(data)
    assert list(error.path) == ["published"]
    assert error.validator == "pattern"
    assert error.schema["patternErrorMessage"] == (
        "not a date: write YYYY, YYYY-MM or YYYY-MM-DD, a day the calendar has (no 2025-02-30)")


def test_every_file_of_the_invented_companion_validates():
    """The schemas accept a companion that uses every field (the shipped files: tests/build/test_this_companion.py)."""
    files = invented_companion(3)
    for path, text in files.items():
        if path.endswith(".md"):
            schema, text = "front-matter.schema.json", text.split("\n---\n", 1)[0].removeprefix("---\n")
        else:
            schema = "timeline.schema.json" if path.endswith("timeline.yml") else "notes.schema.json"
        assert schema_accepts(schema, text), path
    assert not schema_accepts("notes.schema.json", files["articles/eastbrook-bridge-toll.notes.yml"].replace(
        "kind: definition", "kind: defintion"))


def test_committed_schemas_are_current_and_valid_draft_2020_12():
    for name, text in render_schemas().items():
        assert (PROJECT / "schemas" / name).read_text(encoding="utf-8") == text, f"run build_site.py schemas ({name})"
        jsonschema.Draft202012Validator.check_schema(json.loads(text))
