"""YAML that remembers where each value came from, and rejects duplicate keys.

PyYAML's ``SafeLoader`` is subclassed so that every mapping records the line of the mapping
and of each key. Dates are *not* converted to ``datetime.date``: the companion keeps honest
precision (``2019``, ``2019-05``, ``2019-05-14``), which :mod:`companion.dates` parses itself.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .problems import Location, Problems, quoted, reading

MAX_FILE_BYTES = 1_000_000  # an article or notes file this large is a mistake, not a corpus
TIMELINE_MAX_BYTES = 32_000_000  # the one timeline grows with the corpus (1.4 MB at 2,000 articles)


class YamlMap(dict):
    """A mapping with the location of itself (``loc``) and of each key (``key_loc``)."""

    loc: Location
    key_loc: dict[str, Location]

    def at(self, key: str) -> Location:
        """The location of ``key``, or of the mapping itself when the key is absent."""
        return self.key_loc.get(key, self.loc)


class YamlList(list):
    """A sequence with the location of itself and of each item."""

    loc: Location
    item_loc: list[Location]


# libyaml's parser (bundled with PyYAML's wheels) is many times faster than the pure-Python one
# and gives nodes the same positions. It only composes the node tree here: the tree is turned
# into values by :func:`_build` below, which records where each value came from and refuses
# what the maintainers' files never need (aliases, unknown tags, control characters).
_DEFAULT_TAGS = {yaml.ScalarNode: "tag:yaml.org,2002:str", yaml.SequenceNode: "tag:yaml.org,2002:seq",
                 yaml.MappingNode: "tag:yaml.org,2002:map"}


class _Parser(getattr(yaml, "CBaseLoader", yaml.BaseLoader)):
    """Composes nodes only; every untagged node gets its kind's default tag (``_Builder`` resolves plain scalars)."""

    def resolve(self, kind, value, implicit):  # noqa: D102 - PyYAML hook, called for every node
        return _DEFAULT_TAGS[kind]

# Plain scalars are interpreted as PyYAML's SafeLoader does (null, booleans, numbers), except
# dates, which stay the strings the maintainer wrote: precision is ours to judge.
_IMPLICIT = {first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
             for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()}
_SCALARS = yaml.constructor.SafeConstructor()
_CONSTRUCT = {
    "tag:yaml.org,2002:null": _SCALARS.construct_yaml_null,
    "tag:yaml.org,2002:bool": _SCALARS.construct_yaml_bool,
    "tag:yaml.org,2002:int": _SCALARS.construct_yaml_int,
    "tag:yaml.org,2002:float": _SCALARS.construct_yaml_float,
    "tag:yaml.org,2002:timestamp": lambda node: node.value,
}
_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
MAX_DEPTH = 50  # far deeper than any notes file; a limit keeps hostile nesting from exhausting the stack
# C0 and C1 control characters other than tab and newline, the line and paragraph separators, and
# the two non-characters XML refuses: invisible in an editor, and fatal to the feed and the sitemap.
# YAML also counts NEL (U+0085), U+2028 and U+2029 as line breaks: it folds them into a space in
# one scalar style, keeps them in another and misplaces every later line number, so one rule
# refuses all of them, in the raw text and in escapes ("\N", "\L", "\P"), as in article bodies.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def control_character_message(character: str) -> str:
    """The one message for a character that :data:`CONTROL_CHARACTERS` refuses, wherever it is."""
    return f"the text holds the control character U+{ord(character):04X}; remove it"


def find_control_character(text: str, path: str, line: int = 1) -> tuple[Location, str] | None:
    """Where the first refused character of ``text`` is (``text`` starts on ``line``), and the message."""
    found = CONTROL_CHARACTERS.search(text)
    if not found:
        return None
    start = found.start()
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return Location(path, line + text.count("\n", 0, start), col), control_character_message(found.group())


class _Refused(Exception):
    """A well-formed YAML construct that the maintainers' files may not use."""

    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node = node


class _Builder:
    """Turns a composed node tree into YamlMap, YamlList and plain values, with locations."""

    def __init__(self, path: str, line_offset: int, problems: Problems) -> None:
        self.path, self.line_offset, self.problems = path, line_offset, problems
        self.seen: set[int] = set()

    def loc(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1 + self.line_offset, mark.column + 1)

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        # An alias is the composer handing out a node it already built: the same object twice.
        if id(node) in self.seen:
            raise _Refused(node, "YAML anchors and aliases (&name, *name) are not allowed here; write the value out")
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _Refused(node, f"the value is nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
            data = YamlList(self.build(child, depth + 1) for child in node.value)
            data.loc, data.item_loc = self.loc(node), [self.loc(child) for child in node.value]
            return data
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
            return self.mapping(node, depth)
        raise _Refused(node, f"the YAML tag '{node.tag}' is not allowed here")

    def scalar(self, node: yaml.ScalarNode) -> Any:
        value, tag = node.value, node.tag
        if tag == _STR and not node.style:  # plain ("" from libyaml, None from PyYAML): resolved as PyYAML's SafeLoader would
            tag = next((t for t, regexp in _IMPLICIT.get(value[:1], ()) if regexp.match(value)), _STR)
            if not value:
                tag = "tag:yaml.org,2002:null"
        if tag == _STR:
            found = CONTROL_CHARACTERS.search(value)  # written as an escape: the raw text had none
            if found:
                raise _Refused(node, control_character_message(found.group()))
            return value
        if tag not in _CONSTRUCT:
            raise _Refused(node, f"the YAML tag '{tag}' is not allowed here")
        return _CONSTRUCT[tag](node)

    def mapping(self, node: yaml.MappingNode, depth: int) -> YamlMap:
        data = YamlMap()
        data.loc, data.key_loc = self.loc(node), {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (_STR, "tag:yaml.org,2002:merge"):
                self.problems.error(self.loc(key_node), "a key must be a plain word")
                continue
            if key_node.value == "<<" and not key_node.style:
                raise _Refused(key_node, "YAML merge keys (<<) are not allowed here; write the fields out")
            key = self.scalar(key_node)  # checked like any text (control characters)
            key = key_node.value  # as written: `yes:` is the word "yes", not a boolean
            if key in data:
                first = data.key_loc[key]
                self.problems.error(self.loc(key_node), f"duplicate key '{quoted(key)}' (first given on line {first.line})")
                continue
            data.key_loc[key] = self.loc(key_node)
            data[key] = self.build(value_node, depth + 1)
        return data


def decode_text(data: bytes, path: str, problems: Problems, limit: int = MAX_FILE_BYTES) -> str | None:
    """Decode a file's bytes as UTF-8, reporting size and encoding problems at their line."""
    reading.set(path)
    if len(data) > limit:
        problems.error(Location(path), f"file is {len(data):,} bytes; the limit is {limit:,}")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.error(Location(path, line, col), f"file is not UTF-8 text (byte 0x{data[exc.start]:02x})")
        return None
    return text.removeprefix("\ufeff")


def load_yaml(text: str, path: str, problems: Problems, line_offset: int = 0) -> Any:
    """Parse YAML text; on a syntax error or a refused construct report it with its position and return ``None``."""
    control = find_control_character(text, path, 1 + line_offset)
    if control:  # before the parser, which would fold some of them away or count them as line breaks
        problems.error(*control)
        return None
    loader = None
    try:
        loader = _Parser(text)
        node = loader.get_single_node()
        return None if node is None else _Builder(path, line_offset, problems).build(node)
    except _Refused as exc:
        mark = exc.node.start_mark
        problems.error(Location(path, mark.line + 1 + line_offset, mark.column + 1), str(exc))
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        col = (mark.column + 1) if mark else 1
        problems.error(Location(path, line, col), describe_yaml_error(exc, text, mark))
        return None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        problems.error(Location(path, line, col), f"invalid YAML: the character U+{exc.character:04X} is not allowed")
        return None
    except yaml.YAMLError as exc:
        problems.error(Location(path, 1 + line_offset), f"invalid YAML: {quoted(str(exc))}")
        return None
    finally:
        if loader is not None:
            loader.dispose()


def describe_yaml_error(exc: yaml.MarkedYAMLError, text: str, mark) -> str:
    """Turn PyYAML's message into one line a maintainer can act on."""
    problem = (exc.problem or exc.context or "syntax error").strip()
    if mark is not None:
        lines = text.splitlines()
        if mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            return "invalid YAML: a tab character; indent with spaces"
    problem = re.sub(r"\s+", " ", problem)
    return f"invalid YAML: {problem}"
