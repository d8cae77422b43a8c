"""JSON Schemas (draft 2020-12) for editors, generated from the loader's own field tables.

Editors that read a ``# yaml-language-server: $schema=…`` line autocomplete fields and flag
mistakes as the maintainer types. The schemas are built from :mod:`companion.model`'s field
tables plus the rules the loader applies between fields, so the two cannot drift apart;
``build_site.py schemas`` writes them to ``schemas/`` and a test checks the files are current.
What a schema cannot express (an impossible calendar date, a quote that is not in the
article, a link to a note that does not exist) is left to ``build_site.py check``.
"""

from __future__ import annotations

import json

from . import model
from .languages import LANGUAGE_TAG_PATTERN
from .model import Field
from .vocabulary import CLAIM_PATTERN, SLUG_PATTERN

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SLUG, CLAIM = SLUG_PATTERN, CLAIM_PATTERN
# A date as the loader reads it: YYYY, YYYY-MM or YYYY-MM-DD, years 0001-9999, and only days the
# calendar has (30-day months, February's 28, the 29th in leap years). A pattern rather than
# "format": "date", which validators may ignore and which has no year or month-only form.
_YEAR = r"(?!0000)\d{4}"
_LEAP_YEAR = r"(?:\d\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_MONTH_DAY = (r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
              r"|02-(?:0[1-9]|1\d|2[0-8]))")
DATE_PATTERN = (f"^(?:{_YEAR}(?:-(?:0[1-9]|1[0-2]))?|{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)$")
DATE = {
    # One schema for both forms (a YAML year may be read as a number), not anyOf: a validator
    # then reports the failed rule itself instead of "not valid under any of the given schemas".
    "type": ["string", "integer"], "pattern": DATE_PATTERN, "minimum": 1, "maximum": 9999,
    "description": "YYYY, YYYY-MM or YYYY-MM-DD, at the precision you know",
    # Shown by editors that read it (VS Code, yaml-language-server) in place of the pattern.
    "patternErrorMessage": "not a date: write YYYY, YYYY-MM or YYYY-MM-DD, a day the calendar has (no 2025-02-30)",
}
TYPES = {
    "text": {"type": "string", "minLength": 1, "pattern": r"\S"},
    "markdown": {"type": "string", "minLength": 1, "pattern": r"\S"},
    "inline markdown": {"type": "string", "minLength": 1, "pattern": r"\S"},
    "url": {"type": "string", "pattern": r"^https?://[^\s/]+[^\s]*$"},
    "bool": {"type": "boolean"},
    "language": {"type": "string", "pattern": LANGUAGE_TAG_PATTERN,
                 "description": "a BCP 47 language tag, such as en, ru or zh-Hant"},
}
# What each list field holds.
ITEMS = {
    "republished": "republished", "sources": "source", "provenance_sources": "source", "notes": "note",
    "links": "link", "corrections": "correction", "events": "event", "unchecked": "unchecked",
    "questions": "question",
}
ID_FIELDS = {"id": SLUG, "from": SLUG}


def _field(field: Field, definitions: dict) -> dict:
    if field.type == "date":
        schema = dict(DATE)
    elif field.type == "list":
        if field.name in ITEMS:
            items = {"$ref": f"#/$defs/{ITEMS[field.name]}"}
        elif field.name == "claims":
            items = {"type": "string", "pattern": CLAIM}
        else:  # key_claims, a correction's notes
            items = {"type": "string", "pattern": SLUG}
        schema = {"type": "array", "items": items}
    else:
        schema = dict(TYPES[field.type])
        if field.name in ID_FIELDS:
            schema["pattern"] = ID_FIELDS[field.name]
        elif field.name == "to":
            schema["pattern"] = CLAIM
        elif field.name == "quote" or field.name in ("prefix", "suffix"):
            schema = {"type": "string", "minLength": 1, "pattern": r"^[^\n]*\n?$"}
    if field.nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return schema


def _object(fields: tuple[Field, ...], definitions: dict) -> dict:
    return {
        "type": "object",
        "properties": {f.name: _field(f, definitions) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def _definitions() -> dict:
    definitions: dict = {}
    definitions["source"] = _object(model.SOURCE_FIELDS, definitions)
    definitions["republished"] = _object(model.REPUBLISHED_FIELDS, definitions)
    note = _object(model.NOTE_FIELDS, definitions)
    note["properties"]["kind"] = {"enum": list(model.NOTE_KINDS)}
    note["properties"]["verdict"] = {"enum": list(model.VERDICTS)}
    note["properties"]["outcome"] = {"enum": list(model.OUTCOMES)}
    # The same rules between fields as companion.load applies.
    note["dependentRequired"] = {"note": ["kind"], "kind": ["note"]}
    note["allOf"] = [
        {"if": {"required": ["kind"], "properties": {"kind": {"const": "fact-check"}}},
         "then": {"required": ["verdict"]}, "else": {"not": {"required": ["verdict"]}}},
        {"if": {"required": ["kind"], "properties": {"kind": {"const": "prediction"}}},
         "then": {"required": ["outcome"]}, "else": {"not": {"anyOf": [{"required": ["outcome"]}, {"required": ["resolved"]}]}}},
        {"if": {"required": ["outcome"], "properties": {"outcome": {"const": "pending"}}},
         "then": {"not": {"required": ["resolved"]}}},
    ]
    definitions["note"] = note
    link = _object(model.LINK_FIELDS, definitions)
    link["properties"]["type"] = {"enum": list(model.LINK_TYPES)}
    definitions["link"] = link
    correction = _object(model.CORRECTION_FIELDS, definitions)
    # A correction's `notes` names note ids; the notes file's `notes` holds the notes themselves.
    correction["properties"]["notes"] = {"type": "array", "items": {"type": "string", "pattern": SLUG}}
    definitions["correction"] = correction
    definitions["unchecked"] = _object(model.UNCHECKED_FIELDS, definitions)
    question = _object(model.QUESTION_FIELDS, definitions)
    question["properties"]["about"] = {"type": "array", "items": {"type": "string", "pattern": SLUG}}  # note and link ids
    definitions["question"] = question
    event = _object(model.EVENT_FIELDS, definitions)
    event["oneOf"] = [
        {"required": ["date"], "not": {"anyOf": [{"required": ["start"]}, {"required": ["end"]}]}},
        {"required": ["start", "end"], "not": {"required": ["date"]}},
    ]
    definitions["event"] = event
    return definitions


def get_schemas() -> dict[str, dict]:
    """The three published schemas, by file name under schemas/."""
    definitions = _definitions()

    def document(title: str, description: str, body: dict, defs: list[str]) -> dict:
        return {"$schema": DRAFT, "$id": f"https://reading-companion.invalid/schemas/{title}",
                "title": title, "description": description, **body,
                "$defs": {name: definitions[name] for name in defs}}

    notes_file = _object(model.NOTES_FILE_FIELDS, definitions)
    timeline_file = _object(model.TIMELINE_FILE_FIELDS, definitions)
    front_matter = _object(model.ARTICLE_FIELDS, definitions)
    return {
        "notes.schema.json": document("notes.schema.json", "An article's notes file, articles/<slug>.notes.yml.",
                                      notes_file, ["note", "source", "link", "correction", "unchecked", "question"]),
        "timeline.schema.json": document("timeline.schema.json", "The timeline, articles/timeline.yml.",
                                         timeline_file, ["event", "source"]),
        "front-matter.schema.json": document("front-matter.schema.json",
                                             "The YAML front matter of an article, articles/<slug>.md.",
                                             front_matter, ["republished", "source"]),
    }


def render_schemas() -> dict[str, str]:
    """The schema files' text, exactly as written to schemas/."""
    return {name: json.dumps(schema, indent=2, ensure_ascii=False) + "\n" for name, schema in get_schemas().items()}
