"""Characters YAML rewrites (NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR) get one rule in every field.

YAML counts U+0085, U+2028 and U+2029 as line breaks: PyYAML folds NEL into a space in a quoted
scalar, keeps the separators there, breaks a plain scalar with a confusing message, and shifts every
later line number. The companion refuses them, with the message an article body gets for a control
character, at the position the maintainer's editor shows. Every field of every file format is
written in each scalar style (plain, single- and double-quoted, literal block, and as an escape).
"""

from __future__ import annotations

import pytest
import yaml
from support import run_cli, write_project

from companion import model
from companion.yamlload import control_character_message

REWRITTEN = {"\u0085": r"\N", "\u2028": r"\L", "\u2029": r"\P"}

# A small companion that uses every field of every file format once, each on a line of its own,
# so that each scalar can be rewritten in any style. `check --strict` passes on it as it is.
FILES = {
    "articles/a.md": """\
---
title: The first article
author: Ann Author
outlet: The Outlet
published: 2019-05
url: https://example.org/a
republished:
  - outlet: The Other Outlet
    date: 2019-06
    url: https://example.org/other/a
summary: The article argues one thing. It predicts another.
provenance: Copied from the outlet's page.
provenance_sources:
  - title: The outlet's page
    url: https://example.org/a
    publisher: The Outlet
    date: 2019-05
    accessed: 2026-01-02
    archive_url: https://web.archive.org/web/2019/https://example.org/a
    reports_later_events: false
key_claims:
  - deepen
language: en-GB
---

The first paragraph says that the ties will deepen within a year.

The second paragraph names a summit held in May and a treaty signed in 2001.
""",
    "articles/a.notes.yml": """\
notes:
  - id: opening
    quote: The first paragraph
    kind: context
    note: A note.
  - id: deepen
    quote: the ties will deepen
    prefix: "says that "
    suffix: " within a year"
    kind: prediction
    note: Due within a year of publication.
    outcome: came-true
    resolved: 2020-05
    language: en
  - id: summit
    quote: a summit held in May
    kind: fact-check
    verdict: accurate
    note: The summit was held on 14 May.
    sources:
      - title: The summit's record
        url: https://example.org/summit
        publisher: Example Ministry
        date: 2019-05-14
        accessed: 2026-01-02
        archive_url: https://web.archive.org/web/2019/https://example.org/summit
        reports_later_events: false
links:
  - id: summit-contested
    from: summit
    to: b#summit-denied
    type: contradicts
    topic: The summit
    note: The other article says it never happened.
corrections:
  - date: 2026-01-03
    note: The note on the summit gave the wrong day.
    notes:
      - summit
unchecked:
  - quote: a treaty signed in 2001
    prefix: "and "
    suffix: "."
    reason: not checked here
questions:
  - question: What would show that the summit took place?
    about:
      - summit-contested
reviewed: 2026-01-04
""",
    "articles/b.md": "---\ntitle: The second article\npublished: 2020\nsummary: It denies the summit.\n---\n\nNo summit was held at all.\n",
    "articles/b.notes.yml": "notes:\n  - id: summit-denied\n    quote: No summit was held\n    kind: context\n"
                            "    note: A note.\n",
    "articles/timeline.yml": """\
events:
  - id: the-summit
    date: 2019-05-14
    title: The summit
    note: Held in the capital.
    sources:
      - title: The summit's record
        url: https://example.org/summit
    claims:
      - a#summit
  - id: the-talks
    start: 2019-01
    end: 2019-03
    approximate: true
    title: The talks
""",
    "companion.yml": """\
policy:
  min_notes: 1
  required_kinds:
    - context
  min_fact_checks: 0
  min_questions: 0
  summary_sentences:
    - 1
    - 3
  required_front_matter:
    - summary
  sourced_kinds:
    - fact-check
  url_required_for:
    - fact-check
  not_wikipedia_alone:
    - fact-check
  https: true
  http_allowed_hosts:
    - example.org
  later_sources_flagged: true
paths:
  - id: the-summit-debate
    title: The summit debate
    introduction: Two accounts of one summit.
    steps:
      - read: a#summit
        guidance: What does the first article say happened?
      - read: b
        guidance: What does the second deny?
""",
}

TARGET_FILES = ("articles/a.md", "articles/a.notes.yml", "articles/timeline.yml", "companion.yml")
# Which file format a mapping is, from the key that holds it (None: the top of the file).
FORMAT_OF = {
    ("articles/a.md", None): "article front matter", ("articles/a.notes.yml", None): "notes file",
    ("articles/timeline.yml", None): "timeline file", ("companion.yml", None): "companion.yml",
    "republished": "republished entry", "provenance_sources": "source entry", "sources": "source entry",
    "notes": "note", "links": "link", "corrections": "correction", "unchecked": "unchecked claim",
    "questions": "question", "events": "event", "policy": "policy", "paths": "reading path", "steps": "path step",
}


def _yaml_part(path: str) -> tuple[str, int]:
    """The YAML text of a file and where it starts in the file (front matter follows a '---' line)."""
    text = FILES[path]
    if path.endswith(".md"):
        return text.split("\n---\n", 1)[0].removeprefix("---\n"), len("---\n")
    return text, 0


def _fields(path: str):
    """Every (format, field, scalar node, key node) of a file: a field's value, or its list's first scalar."""
    yaml_text, _ = _yaml_part(path)

    def walk(node, fmt):
        for key, value in node.value:
            yield fmt, key.value, value, key
            if isinstance(value, yaml.MappingNode):
                yield from walk(value, FORMAT_OF[key.value])
            elif isinstance(value, yaml.SequenceNode):
                for item in value.value:
                    if isinstance(item, yaml.MappingNode):
                        yield from walk(item, FORMAT_OF[key.value])

    yield from walk(yaml.compose(yaml_text), FORMAT_OF[(path, None)])


def _targets() -> list:
    """One case per field holding text: the file, the field, the scalar's span and its indentation."""
    cases = []
    for path in TARGET_FILES:
        for fmt, name, value, key in _fields(path):
            if isinstance(value, yaml.SequenceNode) and isinstance(value.value[0], yaml.ScalarNode):
                value, key = value.value[0], value.value[0]  # a list of words: its first item
            if isinstance(value, yaml.ScalarNode):
                cases.append(pytest.param(path, value.start_mark.index, value.end_mark.index,
                                          key.start_mark.column + 2, id=f"{fmt}.{name}"))
    return cases


def _styles(character: str, indent: int) -> dict[str, tuple[str, bool]]:
    """The value written in each scalar style, and whether the raw character is in the text."""
    return {
        "plain": (f"x{character}y", True),
        "single-quoted": (f"'x{character}y'", True),
        "double-quoted": (f'"x{character}y"', True),
        "literal block": (f"|-\n{' ' * indent}x{character}y", True),
        "escape": (f'"x{REWRITTEN[character]}y"', False),
    }


def _position(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def test_the_base_companion_is_clean_and_uses_every_field(tmp_path):
    root = write_project(tmp_path, FILES)
    assert run_cli(root, "check", "--strict").lines == ["checked 2 articles, 4 notes: ok"]
    used = {(fmt, name) for path in TARGET_FILES for fmt, name, _, _ in _fields(path)}
    declared = {(fmt, field.name) for fmt, fields in model.FILE_FORMATS.items() for field in fields}
    assert declared - used == set()


@pytest.mark.parametrize("path, start, end, indent", _targets())
def test_a_character_yaml_rewrites_is_refused_in_every_style(tmp_path, path, start, end, indent):
    _, offset = _yaml_part(path)
    failures = []
    for character in REWRITTEN:
        for style, (written, raw) in _styles(character, indent).items():
            text = FILES[path][: offset + start] + written + FILES[path][offset + end:]
            root = write_project(tmp_path / f"{ord(character):x}-{style.replace(' ', '-')}", {**FILES, path: text})
            line, col = _position(text, text.index(character) if raw else offset + start)
            expected = [f"{path}:{line}:{col}: error: {control_character_message(character)}"]
            # The refused file is not loaded, so the policy may warn about what it would have held.
            got = [line for line in run_cli(root, "check").lines if ": warning: " not in line]
            if got[:-1] != expected or not got[-1].startswith("1 error, "):
                failures.append((f"U+{ord(character):04X}", style, got))
    assert failures == []


@pytest.mark.parametrize("character", sorted(REWRITTEN))
def test_a_character_yaml_rewrites_is_refused_in_an_article_body(tmp_path, character):
    text = FILES["articles/a.md"].replace("names a summit", f"names{character}a summit")
    root = write_project(tmp_path, {**FILES, "articles/a.md": text})
    line, col = _position(text, text.index(character))
    assert run_cli(root, "check").lines == [
        f"articles/a.md:{line}:{col}: error: {control_character_message(character)}", "1 error, 0 warnings"]


def test_the_message_names_the_character():
    assert control_character_message("\u2028") == "the text holds the control character U+2028; remove it"
