"""Dates keep their precision in parsing, display, <time datetime> and ordering."""

import pytest

from companion.dates import DateError, PartialDate, parse_date


@pytest.mark.parametrize("value, iso, shown, short", [
    (2019, "2019", "2019", "2019"),
    ("2019", "2019", "2019", "2019"),
    ("2019-05", "2019-05", "May 2019", "May 2019"),
    ("2019-05-14", "2019-05-14", "14 May 2019", "14 May 2019"),
    ("2016-11-01", "2016-11-01", "1 November 2016", "1 Nov 2016"),
])
def test_parse_and_display_at_precision(value, iso, shown, short):
    date = parse_date(value)
    assert (date.iso(), date.display(), date.display("short")) == (iso, shown, short)


@pytest.mark.parametrize("value, message", [
    ("2019-13-40", "'2019-13-40' is not a possible date: there is no month 13"),
    ("2019-02-29", "'2019-02-29' is not a possible date: February 2019 has 28 days"),
    ("May 2019", "'May 2019' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2019-5-1", "'2019-5-1' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
    (True, "'True' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
])
def test_impossible_or_malformed_dates(value, message):
    with pytest.raises(DateError) as caught:
        parse_date(value)
    assert str(caught.value) == message


def test_leap_day_is_possible():
    assert parse_date("2020-02-29") == PartialDate(2020, 2, 29)


def test_coarser_dates_sort_before_the_finer_dates_inside_them():
    dates = [parse_date(v) for v in ("2019-05-14", "2019-06", "2019", "2019-05", "2018-12-31", "2019-05-01")]
    assert [d.iso() for d in sorted(dates)] == ["2018-12-31", "2019", "2019-05", "2019-05-01", "2019-05-14", "2019-06"]
