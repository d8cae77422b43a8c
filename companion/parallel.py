"""Spread per-article work over the machine's cores, keeping the result order.

Anchoring notes and rendering article pages is independent from one article to the next and
is most of the generator's time on a large corpus. Worker processes are forked, so they share
the loaded corpus with the parent without copying or pickling it; only each task's result
travels back. Where fork is not available, or the corpus is small, the work runs in-process.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS_PER_WORKER = 50  # below this, starting processes costs more than it saves

_task: Callable | None = None
_items: Sequence | None = None


def available_workers() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_in_order(task: Callable[[T], R], items: Sequence[T], workers: int | None = None) -> list[R]:
    """``[task(item) for item in items]``, over up to ``workers`` forked processes when that pays.

    ``task`` may be any callable, a closure included: it reaches the workers by fork, not by
    pickling. Its results must be picklable.
    """
    global _task, _items
    workers = min(workers or available_workers(), len(items) // MIN_ITEMS_PER_WORKER)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [task(item) for item in items]
    _task, _items = task, items
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            # Items go by index (cheap to send); chunks keep the number of messages small.
            return pool.map(_run, range(len(items)), chunksize=max(1, len(items) // (workers * 8)))
    finally:
        _task, _items = None, None


def _run(index: int):
    return _task(_items[index])
