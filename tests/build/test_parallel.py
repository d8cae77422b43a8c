"""Work spread over processes gives exactly what in-process work gives, and a failing worker never hangs."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest
from support import PROJECT, run_cli

from companion import render
from companion.parallel import WorkerFailed, map_in_order
from companion.pipeline import gather

sys.path.insert(0, str(PROJECT / "benchmarks"))
import bench_build  # noqa: E402


@pytest.fixture
def no_hang():
    """Fail a test that waits more than two minutes (a hang), instead of stalling the whole suite."""
    def alarm(signum, frame):
        raise TimeoutError("the test hung")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _where(item: int) -> tuple[int, int]:
    time.sleep(0.005)  # long enough that one worker cannot take every chunk before the other starts
    return item * item, os.getpid()


def test_map_in_order_keeps_order_and_uses_worker_processes(no_hang):
    parallel = map_in_order(_where, range(200), workers=2)
    assert [value for value, _ in parallel] == [i * i for i in range(200)]
    assert len({pid for _, pid in parallel}) == 2 and os.getpid() not in {pid for _, pid in parallel}
    in_process = map_in_order(_where, range(200), workers=1)
    assert {pid for _, pid in in_process} == {os.getpid()}


def test_small_inputs_stay_in_process():
    assert {pid for _, pid in map_in_order(_where, range(60), workers=2)} == {os.getpid()}


class _Unsendable:
    def __reduce__(self):
        raise TypeError("cannot pickle this")


def _rebuild():
    raise ValueError("cannot rebuild this")


class _Unreadable:
    """Pickles in the worker but fails to unpickle in the parent, as a str subclass with extra state did."""

    def __reduce__(self):
        return (_rebuild, ())


def _raises(item):
    if item == 137:
        raise ValueError("bad item")
    return item


def _unsendable(item):
    return _Unsendable() if item == 42 else item


def _unreadable(item):
    return _Unreadable() if item == 160 else item


def _killed(item):
    time.sleep(0.002)
    if item == 99:
        os.kill(os.getpid(), signal.SIGKILL)
    return item


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("task, message", [
    (_raises, "item 137: ValueError: bad item"),
    (_unsendable, "item 42: its result cannot be sent back (TypeError: cannot pickle this)"),
    (_unreadable, "item 160: its result could not be read back (ValueError: cannot rebuild this)"),
])
def test_a_failing_item_is_named_and_nothing_waits(no_hang, task, message, workers):
    if workers == 1 and task is not _raises:
        pytest.skip("in-process, results are not pickled")
    with pytest.raises(WorkerFailed) as failure:
        map_in_order(task, range(200), workers=workers, describe=lambda i: f"item {i}")
    assert str(failure.value) == message


def test_a_worker_killed_by_a_signal_is_named_and_nothing_waits(no_hang):
    with pytest.raises(WorkerFailed) as failure:
        map_in_order(_killed, range(200), workers=2, describe=lambda i: f"item {i}")
    assert str(failure.value) == "item 99: the worker process was killed (SIGKILL)"


def test_a_full_format_corpus_renders_the_same_over_workers(tmp_path, no_hang):
    """More than 100 articles, using every field, go through the worker processes."""
    root = tmp_path / "corpus"
    bench_build.write_corpus(root, 120)
    notes = root / "articles" / "article-00007.notes.yml"
    text = notes.read_text()
    quote = text.split('quote: "', 1)[1].split('"', 1)[0]
    notes.write_text(text.replace(f'quote: "{quote}"', 'quote: "no such passage anywhere"', 1))
    alone, spread = gather(root, workers=1, use_cache=False), gather(root, workers=2, use_cache=False)
    assert [str(p) for p in spread.problems.sorted()] == [str(p) for p in alone.problems.sorted()] == [
        "articles/article-00007.notes.yml:4:5: error: quote 'no such passage anywhere' is not in "
        "articles/article-00007.md"]
    notes.write_text(text)
    alone, spread = gather(root, workers=1, use_cache=False), gather(root, workers=2, use_cache=False)
    assert spread.problems.sorted() == alone.problems.sorted() == []
    assert any(a.key_claims for a in spread.corpus.articles) and any(a.corrections for a in spread.corpus.articles)
    assert len([path for path in alone.outputs if path.startswith("articles/article-")]) == 120
    assert spread.outputs == alone.outputs


def test_a_killed_worker_ends_the_build_with_one_line_and_writes_nothing(tmp_path, monkeypatch, no_hang):
    root = tmp_path / "corpus"
    bench_build.write_corpus(root, 110)
    render_page = render.render_page

    def dies_on_one_article(item, *args):
        if item.article.slug == "article-00042":
            os.kill(os.getpid(), signal.SIGKILL)
        return render_page(item, *args)

    monkeypatch.setattr(render, "render_page", dies_on_one_article)
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if ".companion-cache" not in p.parts)
    result = run_cli(root, "build")
    assert (result.status, result.lines) == (1, [
        "build_site.py: internal error in articles/article-00042.md: the worker process was killed (SIGKILL)"])
    after = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if ".companion-cache" not in p.parts)
    assert after == before
