"""The unit tier, the quick edit-test loop: no process, no renderer, no browser.

Checking (`check`, the loader, anchoring, the field tables) and writing `docs/` are in reach;
rendering a site is not. The guard below makes a unit test that starts a process or a renderer
fail with a message naming the tier it belongs to, so the tier stays quick as it grows.
"""

from __future__ import annotations

import multiprocessing.process
import subprocess

import pytest

from companion import sitebuild

MOVE = "unit tests {}; this one belongs in tests/build/"


def _refuse(what: str):
    def refuse(*args, **kwargs):
        raise AssertionError(MOVE.format(what))

    return refuse


@pytest.fixture(autouse=True)
def _no_process_and_no_renderer(monkeypatch):
    monkeypatch.setattr(subprocess.Popen, "__init__", _refuse("start no process"))
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", _refuse("start no process"))
    monkeypatch.setattr(sitebuild, "render_in_process", _refuse("render no site"))
    monkeypatch.setattr(sitebuild, "run_renderer", _refuse("render no site"))
