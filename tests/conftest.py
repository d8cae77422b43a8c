"""Shared by every tier: the Hypothesis profiles and ``make_corpus``.

The tiers (tests/unit, tests/build, tests/browser) each have a conftest of their own; the
helpers themselves are in tests/support.py, importable from any test module.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings
from support import write_project

# The suite gives the same answer for the same commit: property tests are derandomized (the
# examples follow from each test's name) and keep no database between runs. `long` explores
# randomly, for local or scheduled runs:
#   HYPOTHESIS_PROFILE=long bash scripts/test.sh tests/build/test_robustness.py
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("long", derandomize=False, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def make_corpus(tmp_path):
    """``make_corpus({"articles/x.md": "..."})`` writes a tiny project and returns its root."""

    def make(files: dict[str, str | bytes]) -> Path:
        return write_project(tmp_path / "project", files)

    return make
