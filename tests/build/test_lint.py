"""The generator's code passes ruff as pyproject.toml configures it (rules, line length, scope)."""

from __future__ import annotations

import subprocess
import sys

from support import PROJECT


def test_ruff_finds_nothing():
    command = [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise",
               "companion", "benchmarks", "build_site.py", "scripts"]
    result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True)
    assert (result.returncode, result.stdout.strip()) == (0, "All checks passed!"), result.stdout + result.stderr
