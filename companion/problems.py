"""Problems found in the maintainers' files, reported all at once with ``path:line:col``."""

from __future__ import annotations

import contextvars
import dataclasses
import difflib
from collections.abc import Iterable, Mapping
from typing import NamedTuple

# The file being read right now, so that an unexpected failure can say where it happened.
reading: contextvars.ContextVar[str | None] = contextvars.ContextVar("reading", default=None)

ERROR = "error"
WARNING = "warning"


class Location(NamedTuple):
    """Where a value came from: a path relative to the project root, a 1-based line and column.

    A named tuple rather than a dataclass: every field of every record keeps one, so on a large
    corpus there are millions, and a tuple is half the memory and twice as fast to send back
    from a worker process.
    """

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclasses.dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input: its location, its level and a message for a maintainer."""

    location: Location
    level: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.level}: {self.message}"


class Problems:
    """Collects problems from every stage; the CLI decides what they mean for the exit status."""

    def __init__(self) -> None:
        self._items: list[Problem] = []
        self._error_count = 0

    def error(self, location: Location, message: str) -> None:
        """Record an error: the build will not write anything."""
        self._items.append(Problem(location, ERROR, message))
        self._error_count += 1

    def warning(self, location: Location, message: str) -> None:
        """Record a warning: the build goes on, ``--strict`` turns it into a failure."""
        self._items.append(Problem(location, WARNING, message))

    def extend(self, problems: Iterable[Problem]) -> None:
        """Add problems found elsewhere."""
        for problem in problems:
            self._items.append(problem)
            self._error_count += problem.level == ERROR

    def mark(self) -> int:
        """A point in the record, for :meth:`errors_since`.

        A checker that must not build a value from an item with errors takes a mark before it
        checks the item's fields, and asks afterwards whether any of them failed.
        """
        return self._error_count

    def errors_since(self, mark: int) -> bool:
        """Whether an error was recorded after ``mark``."""
        return self._error_count > mark

    @property
    def errors(self) -> list[Problem]:
        """The errors, sorted by location."""
        return sorted(p for p in self._items if p.level == ERROR)

    @property
    def warnings(self) -> list[Problem]:
        """The warnings, sorted by location."""
        return sorted(p for p in self._items if p.level == WARNING)

    def sorted(self) -> list[Problem]:
        """Every problem, sorted by path, line and column, without duplicates."""
        return sorted(set(self._items))

    def __len__(self) -> int:
        return len(self._items)


QUOTE_LIMIT = 80  # characters of a bad value a message repeats
PASSAGE_LIMIT = 1000  # a quote or passage: long enough to copy from, never a whole article


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A value as a message may repeat it: at most ``limit`` characters, one line, control characters shown."""
    text = str(value)
    short = text if len(text) <= limit else text[: limit - 1] + "…"
    return "".join(ch if ch.isprintable() or ch == " " else f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}"
                   for ch in short)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """" (did you mean 'x'?)" for the closest choice, as difflib judges it, or an empty string."""
    close = difflib.get_close_matches(str(word), sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def unknown_claim(field: str, slug: str, note_id: str | None, notes: Mapping[str, Iterable[str]]) -> str | None:
    """The message for a reference in ``field`` to an article (``note_id`` None) or a claim
    (``slug#note_id``) that names none in ``notes`` (note ids by article slug), or None when it does."""
    if slug not in notes:
        return f"'{field}': no article '{slug}'{did_you_mean(slug, notes)}"
    if note_id is not None and note_id not in notes[slug]:
        return f"'{field}': no note '{note_id}' in articles/{slug}.notes.yml{did_you_mean(note_id, notes[slug])}"
    return None
