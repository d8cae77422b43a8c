"""YAML that remembers where each value came from, and rejects duplicate keys.

PyYAML's ``SafeLoader`` is subclassed so that every mapping records the line of the mapping
and of each key. Dates are *not* converted to ``datetime.date``: the companion keeps honest
precision (``2019``, ``2019-05``, ``2019-05-14``), which :mod:`companion.dates` parses itself.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .problems import Location, Problems, reading

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
# and gives nodes the same positions; the constructors below work with either.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """A safe loader that records locations and reports duplicate keys instead of overwriting."""

    path: str
    line_offset: int
    problems: Problems

    def _loc(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1 + self.line_offset, mark.column + 1)

    def construct_yaml_map(self, node: yaml.MappingNode):  # noqa: D102 - PyYAML hook
        data = YamlMap()
        data.loc = self._loc(node)
        data.key_loc = {}
        yield data
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                self.problems.error(self._loc(key_node), "a key must be a plain word")
                continue
            key = str(key)
            if key in data:
                first = data.key_loc[key]
                self.problems.error(self._loc(key_node), f"duplicate key '{key}' (first given on line {first.line})")
                continue
            data.key_loc[key] = self._loc(key_node)
            data[key] = self.construct_object(value_node, deep=True)

    def construct_yaml_seq(self, node: yaml.SequenceNode):  # noqa: D102 - PyYAML hook
        data = YamlList()
        data.loc = self._loc(node)
        data.item_loc = [self._loc(child) for child in node.value]
        yield data
        data.extend(self.construct_object(child, deep=True) for child in node.value)


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_yaml_seq)
# Keep dates as the strings the maintainer wrote; precision is ours to judge.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
_Loader.yaml_constructors = {**_Loader.yaml_constructors}  # our own table, not the shared base one


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
    """Parse YAML text; on a syntax error report it with its position and return ``None``."""
    loader = None
    try:
        loader = _Loader(text)  # the reader already rejects control characters here
        loader.path, loader.line_offset, loader.problems = path, line_offset, problems
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        col = (mark.column + 1) if mark else 1
        problems.error(Location(path, line, col), _describe_yaml_error(exc, text, mark))
        return None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        problems.error(Location(path, line, col), f"invalid YAML: the character U+{exc.character:04X} is not allowed")
        return None
    except yaml.YAMLError as exc:
        problems.error(Location(path, 1 + line_offset), f"invalid YAML: {exc}")
        return None
    finally:
        if loader is not None:
            loader.dispose()


def _describe_yaml_error(exc: yaml.MarkedYAMLError, text: str, mark) -> str:
    """Turn PyYAML's message into one line a maintainer can act on."""
    problem = (exc.problem or exc.context or "syntax error").strip()
    if mark is not None:
        lines = text.splitlines()
        if mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            return "invalid YAML: a tab character; indent with spaces"
    problem = re.sub(r"\s+", " ", problem)
    return f"invalid YAML: {problem}"
