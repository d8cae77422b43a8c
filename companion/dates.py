"""Dates with honest precision: ``2019``, ``2019-05`` or ``2019-05-14``.

A date is shown only as precisely as it is known ("May 2019", never "1 May 2019"), and sorts
before everything more precise inside it: a month-precision date comes before the days of
that month, a year-precision date before the months of that year.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import re

from .problems import quoted

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MONTH_ABBR = ["", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


class DateError(ValueError):
    """A value that is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD, or an impossible one."""


@dataclasses.dataclass(frozen=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        """``year``, ``month`` or ``day``."""
        return "day" if self.day else "month" if self.month else "year"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Chronological key; a missing part counts as 0 so coarse dates sort first."""
        return (self.year, self.month or 0, self.day or 0)

    def iso(self) -> str:
        """The date as written, at its precision: suitable for ``<time datetime>``."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def display(self, month_names: str = "long") -> str:
        """Human form at the date's precision: "2019", "May 2019", "14 May 2019"."""
        names = calendar.month_name if month_names == "long" else MONTH_ABBR
        if self.day:
            return f"{self.day} {names[self.month]} {self.year}"
        if self.month:
            return f"{names[self.month]} {self.year}"
        return str(self.year)

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key < other.sort_key

    def first_day(self) -> datetime.date:
        """The earliest day this date may mean."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> datetime.date:
        """The latest day this date may mean."""
        month = self.month or 12
        return datetime.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])


def display_span(start: PartialDate, end: PartialDate | None = None, approximate: bool = False) -> str:
    """A date or span at its precision, with short months: "14 May 2019", "28–29 Jun 2019", "about Nov 2025"."""
    if end is None or end == start:
        text = start.display("short")
    elif start.precision == end.precision == "day" and (start.year, start.month) == (end.year, end.month):
        text = f"{start.day}–{end.day} {MONTH_ABBR[start.month]} {start.year}"
    elif start.year == end.year and start.precision != "year" and end.precision != "year":
        head = start.display("short").rsplit(" ", 1)[0]
        text = f"{head} – {end.display('short')}"
    else:
        text = f"{start.display('short')} – {end.display('short')}"
    return f"about {text}" if approximate else text


def parse_date(value: object) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a string, or an int year) or raise DateError."""
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    match = _DATE_RE.match(text) if text is not None else None
    if not match:
        raise DateError(f"'{quoted(value)}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    if not 1 <= year <= 9999:
        raise DateError(f"'{value}' is not a possible date: years run from 0001 to 9999")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"'{value}' is not a possible date: there is no month {month}")
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateError(f"'{value}' is not a possible date: {calendar.month_name[month]} {year} has {last} days")
    return PartialDate(year, month, day)
