"""Rendering articles over several processes gives exactly what rendering in-process gives."""

from __future__ import annotations

import os
import sys
import time

from conftest import PROJECT

from companion.parallel import map_in_order
from companion.pipeline import gather

sys.path.insert(0, str(PROJECT / "benchmarks"))
import bench_build  # noqa: E402


def _where(item: int) -> tuple[int, int]:
    time.sleep(0.005)  # long enough that one worker cannot take every chunk before the other starts
    return item * item, os.getpid()


def test_map_in_order_keeps_order_and_uses_worker_processes():
    parallel = map_in_order(_where, range(200), workers=2)
    assert [value for value, _ in parallel] == [i * i for i in range(200)]
    assert len({pid for _, pid in parallel}) == 2 and os.getpid() not in {pid for _, pid in parallel}
    in_process = map_in_order(_where, range(200), workers=1)
    assert {pid for _, pid in in_process} == {os.getpid()}


def test_small_inputs_stay_in_process():
    assert {pid for _, pid in map_in_order(_where, range(60), workers=2)} == {os.getpid()}


def test_workers_render_the_same_pages_and_report_the_same_problems(tmp_path):
    root = tmp_path / "corpus"
    bench_build.write_corpus(root, 120)
    notes = root / "articles" / "article-00007.notes.yml"
    text = notes.read_text()
    quote = text.split('quote: "', 1)[1].split('"', 1)[0]
    notes.write_text(text.replace(f'quote: "{quote}"', 'quote: "no such passage anywhere"', 1))
    alone, spread = gather(root, workers=1), gather(root, workers=2)
    assert [str(p) for p in spread.problems.sorted()] == [str(p) for p in alone.problems.sorted()] == [
        "articles/article-00007.notes.yml:2:5: error: quote 'no such passage anywhere' is not in "
        "articles/article-00007.md"]
    notes.write_text(text)
    alone, spread = gather(root, workers=1), gather(root, workers=2)
    assert spread.problems.sorted() == alone.problems.sorted() == []
    assert len([path for path in alone.outputs if path.startswith("articles/article-")]) == 120
    assert spread.outputs == alone.outputs
