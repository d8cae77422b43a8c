"""Problems: what a checker asks of the record while it checks one item."""

from __future__ import annotations

from companion.problems import ERROR, WARNING, Location, Problem, Problems

HERE = Location("articles/a.notes.yml", 3, 5)


def test_errors_since_a_mark_counts_errors_only_and_those_added_from_elsewhere():
    problems = Problems()
    problems.error(HERE, "an earlier error")
    mark = problems.mark()
    assert problems.errors_since(mark) is False
    problems.warning(HERE, "a warning is not a failure of the item")
    assert problems.errors_since(mark) is False
    problems.extend([Problem(HERE, WARNING, "found in a worker")])
    assert problems.errors_since(mark) is False
    problems.extend([Problem(HERE, ERROR, "found in a worker")])
    assert problems.errors_since(mark) is True
    assert problems.errors_since(problems.mark()) is False
