"""Spread per-article work over the machine's cores, keeping the result order.

Anchoring notes and rendering article pages is independent from one article to the next and
is most of the generator's time on a large corpus. Worker processes are forked, so they share
the loaded corpus with the parent without copying or pickling it; only each task's result
travels back. Where fork is not available, or the corpus is small, the work runs in-process.

A worker that fails never leaves the parent waiting. ``concurrent.futures`` reports a dead
worker as ``BrokenProcessPool`` where ``multiprocessing.Pool`` can wait forever (a result
that fails to unpickle kills ``Pool``'s result thread). Each result is pickled in the worker
and unpickled in the parent item by item, so a result that cannot travel is blamed on its
own item. Every failure becomes :class:`WorkerFailed`, naming the item.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import multiprocessing
import os
import pickle
import signal
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS_PER_WORKER = 50  # below this, starting processes costs more than it saves
EXIT_CODE_PATIENCE = 10.0  # seconds to wait for the pool to reap its workers after a death

# Set in the parent just before the workers are forked; the workers inherit them.
_task: Callable | None = None
_items: Sequence | None = None
_describe: Callable[[object], str] = str
_slot_item = None  # shared array: the item each worker is on (-1 when idle)
_slot_pid = None  # shared array: each worker's process id
_slot_next = None  # shared counter: the next free slot
_my_slot = -1


class WorkerFailed(Exception):
    """A worker could not finish an item: it raised, its result could not travel, or it died."""

    def __init__(self, item: str, reason: str) -> None:
        super().__init__(f"{item}: {reason}")
        self.item, self.reason = item, reason

    def __reduce__(self):  # plain data, so the exception itself can always travel back
        return (WorkerFailed, (self.item, self.reason))


def available_workers() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_in_order(task: Callable[[T], R], items: Sequence[T], workers: int | None = None,
                 describe: Callable[[T], str] = str, min_items_per_worker: int = MIN_ITEMS_PER_WORKER) -> list[R]:
    """``[task(item) for item in items]``, over up to ``workers`` forked processes when that pays.

    ``task`` may be any callable, a closure included: it reaches the workers by fork, not by
    pickling. Its results must be picklable plain data. Any failure raises :class:`WorkerFailed`
    naming the item by ``describe(item)``, in-process or not.
    """
    workers = min(workers or available_workers(), len(items) // min_items_per_worker)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [_call(task, item, describe) for item in items]
    return _map_forked(task, items, workers, describe)


def _call(task: Callable, item, describe: Callable) -> object:
    try:
        return task(item)
    except WorkerFailed:
        raise
    except Exception as exc:  # noqa: BLE001 - named and re-raised as plain data
        raise WorkerFailed(describe(item), f"{type(exc).__name__}: {exc}") from None


def _map_forked(task: Callable, items: Sequence, workers: int, describe: Callable) -> list:
    global _task, _items, _describe, _slot_item, _slot_pid, _slot_next
    context = multiprocessing.get_context("fork")
    _task, _items, _describe = task, items, describe
    _slot_item, _slot_pid = context.Array("q", [-1] * workers), context.Array("q", [0] * workers)
    _slot_next = context.Value("i", 0)
    # Items go by index (cheap to send); chunks keep the number of messages small.
    size = max(1, len(items) // (workers * 8))
    chunks = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    # The workers share the parent's objects copy-on-write. Frozen, they are never scanned by
    # the workers' garbage collector, which would otherwise touch (and copy) all of them.
    gc.freeze()
    _return_free_memory()
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_take_slot)
    try:
        futures = [executor.submit(_run_chunk, start, stop) for start, stop in chunks]
        processes = dict(executor._processes)  # noqa: SLF001 - to tell which worker died
        results = []
        for (start, stop), future in zip(chunks, futures, strict=True):
            try:
                pickled = future.result()
            except BrokenProcessPool:
                raise _death(items, describe, processes) from None
            for index, data in zip(range(start, stop), pickled, strict=True):
                try:
                    results.append(pickle.loads(data))
                except Exception as exc:  # noqa: BLE001 - a result that cannot be rebuilt here
                    raise WorkerFailed(describe(items[index]),
                                       f"its result could not be read back ({type(exc).__name__}: {exc})") from None
        return results
    except BaseException:
        # Stop at once: remaining chunks are cancelled and running workers are ended, so a
        # failure ends the command in seconds rather than after the slowest chunk.
        executor.shutdown(wait=False, cancel_futures=True)
        for process in list(executor._processes.values() if executor._processes else ()):  # noqa: SLF001
            process.terminate()
        raise
    finally:
        executor.shutdown(wait=True)
        gc.unfreeze()
        _task, _items, _describe, _slot_item, _slot_pid, _slot_next = None, None, str, None, None, None


def _return_free_memory() -> None:
    """Give the memory the parent has freed back to the system before forking.

    A forked worker starts with the parent's resident pages, freed ones included, and glibc
    keeps freed memory in its heap rather than return it. At 2,000 articles, the parent has
    freed about 50 MB (phase one's bodies, unpickling buffers) before the aggregate pages are
    made; ``malloc_trim`` releases it, so the workers' peak memory is lower by as much. On a C
    library without it, nothing happens.
    """
    try:
        _libc().malloc_trim(0)
    except (AttributeError, OSError):
        pass


@functools.cache
def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")


def _take_slot() -> None:
    """Worker start-up: claim a slot in the shared arrays that say what each worker is doing."""
    global _my_slot
    with _slot_next.get_lock():
        _my_slot = _slot_next.value
        _slot_next.value += 1
    _slot_pid[_my_slot] = os.getpid()


def _run_chunk(start: int, stop: int) -> list[bytes]:
    out = []
    for index in range(start, stop):
        _slot_item[_my_slot] = index
        item = _items[index]
        result = _call(_task, item, _describe)
        try:
            out.append(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        except Exception as exc:  # noqa: BLE001 - a result that cannot travel is this item's failure
            raise WorkerFailed(_describe(item), f"its result cannot be sent back ({type(exc).__name__}: {exc})") from None
    _slot_item[_my_slot] = -1
    return out


def _death(items: Sequence, describe: Callable, processes: dict) -> WorkerFailed:
    """The item a dead worker was on, named from the shared slots and the workers' exit codes."""
    busy = [(pid, index) for pid, index in zip(_slot_pid, _slot_item, strict=True) if index >= 0]
    return _blame(items, describe, busy, _exit_codes(processes.values()))


def _exit_codes(processes, patience: float = EXIT_CODE_PATIENCE) -> dict[int, int | None]:
    """Each worker's exit code, once all are known or ``patience`` seconds have passed.

    The pool's own manager thread reaps the workers at the same moment as this one asks: when
    two threads wait for the same child, one is told "no such child" and, until the other has
    recorded the status, ``exitcode`` reads ``None``. Asking once would then miss the worker
    that died, and blame a bystander; asking again until every code is in does not.
    """
    deadline = time.monotonic() + patience
    while True:
        codes = {process.pid: process.exitcode for process in processes}
        if None not in codes.values() or time.monotonic() > deadline:
            return codes
        time.sleep(0.01)


def _blame(items: Sequence, describe: Callable, busy: list[tuple[int, int]],
           codes: dict[int, int | None]) -> WorkerFailed:
    """The failure of the worker that died by itself, among those ``busy`` (pid, item index)."""
    # The pool terminates the other workers once one dies; the culprit is the one that ended by
    # itself: not by that SIGTERM, and not still running.
    culprits = [(pid, index) for pid, index in busy if codes.get(pid) not in (None, -signal.SIGTERM)] or busy
    if not culprits:
        return WorkerFailed("a worker process", "it ended unexpectedly")
    pid, index = culprits[0]
    code = codes.get(pid)
    if code is None:
        return WorkerFailed(describe(items[index]), "the worker process ended unexpectedly")
    how = (f"the worker process was killed ({signal.Signals(-code).name})" if code < 0
           else f"the worker process exited with status {code}")
    return WorkerFailed(describe(items[index]), how)
