"""Checks that more than one test module runs: importable from any tier, so no test module
imports another. Each is a function of what it checks, and asserts."""

from __future__ import annotations

import json

import jsonschema

from companion import safe_markdown
from companion.problems import Problems
from companion.schemas import render_schemas
from companion.yamlload import load_yaml

SCHEMAS = {name: json.loads(text) for name, text in render_schemas().items()}


def plain(value):
    """Our YAML (dates kept as written) as plain JSON-like data."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def schema_accepts(schema: str, text: str) -> bool:
    """Whether the published JSON Schema ``schema`` accepts the YAML ``text``."""
    data = plain(load_yaml(text, "x.yml", Problems()))
    validator = jsonschema.Draft202012Validator(SCHEMAS[schema])
    return not list(validator.iter_errors(data))


def check_tokenizer(bodies: list[str]) -> None:
    """htmltext splits safe_markdown's HTML with a regular expression; html.parser is the reference."""
    from html.parser import HTMLParser

    from companion.htmltext import _tokenize

    class Reference(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.tokens = []

        def handle_starttag(self, tag, attrs):
            self.tokens.append(("void" if tag in ("br", "hr", "img", "wbr", "input") else "start", self.get_starttag_text(), tag))

        def handle_endtag(self, tag):
            self.tokens.append(("end", f"</{tag}>", tag))

        def handle_data(self, data):
            if self.tokens and self.tokens[-1][0] == "text":
                self.tokens[-1] = ("text", self.tokens[-1][1] + data, "")
            else:
                self.tokens.append(("text", data, ""))

    for body in bodies:
        rendered = safe_markdown.render_document(body)
        reference = Reference()
        reference.feed(rendered)
        reference.close()
        assert [(t.kind, t.value, t.name) for t in _tokenize(rendered)] == reference.tokens
