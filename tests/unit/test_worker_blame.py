"""Which item a dead worker is blamed for: decided from exit codes that arrive late, never by chance."""

from __future__ import annotations

import signal

from companion.parallel import _blame, _exit_codes

ITEMS = [f"item {n}" for n in range(50)]


class LateProcess:
    """A worker whose exit code reads ``None`` the first ``late`` times, as while another thread reaps it."""

    def __init__(self, pid: int, code: int | None, late: int = 0) -> None:
        self.pid, self._code, self._late = pid, code, late

    @property
    def exitcode(self) -> int | None:
        if self._late:
            self._late -= 1
            return None
        return self._code


def test_exit_codes_wait_for_a_code_still_being_recorded():
    processes = [LateProcess(11, -signal.SIGKILL, late=3), LateProcess(12, -signal.SIGTERM)]
    assert _exit_codes(processes, patience=5) == {11: -signal.SIGKILL, 12: -signal.SIGTERM}


def test_exit_codes_give_up_on_a_worker_that_never_ends():
    assert _exit_codes([LateProcess(11, None), LateProcess(12, 1)], patience=0.05) == {11: None, 12: 1}


def test_the_worker_that_died_by_itself_is_blamed_not_the_ones_the_pool_ended():
    busy = [(12, 37), (11, 42), (13, 5)]
    codes = {11: -signal.SIGKILL, 12: -signal.SIGTERM, 13: -signal.SIGTERM}
    assert str(_blame(ITEMS, str, busy, codes)) == "item 42: the worker process was killed (SIGKILL)"


def test_a_worker_that_exited_with_a_status_is_named_with_it():
    busy = [(12, 3), (11, 4)]
    assert str(_blame(ITEMS, str, busy, {11: 3, 12: -signal.SIGTERM})) == "item 4: the worker process exited with status 3"


def test_with_every_code_unknown_the_first_busy_item_is_named_without_a_guess():
    assert str(_blame(ITEMS, str, [(11, 8)], {11: None})) == "item 8: the worker process ended unexpectedly"


def test_with_no_worker_busy_the_failure_names_no_item():
    assert str(_blame(ITEMS, str, [], {11: -signal.SIGKILL})) == "a worker process: it ended unexpectedly"
