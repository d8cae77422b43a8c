#!/usr/bin/env python3
"""Benchmark: the "did you mean" search for one mistyped quote in an article just under the size limit.

    .venv/bin/python benchmarks/bench_fuzzy.py

It writes a project with one article of about 960 KB (the loader's limit is 1 MB) whose notes
file has one quote with a typo, runs `build_site.py check` in a fresh process, and prints the
time and the message. The target (issue "Hostile input") is at most 1 s for the search itself;
the figure printed is the whole check, loading included.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent


def main() -> float:
    """Write the project, time the check, print the figures; returns the seconds."""
    rng = random.Random(3)
    words = corpora._vocabulary(rng)
    paragraphs, size = [], 0
    while size < 960_000:
        paragraph = " ".join(rng.choice(words) for _ in range(120)) + "."
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    target = paragraphs[len(paragraphs) // 2].split()[40:52]
    typo = " ".join(target[:5] + [target[5][::-1]] + target[6:])
    with tempfile.TemporaryDirectory(prefix="rc-fuzzy-") as folder:
        root = Path(folder)
        corpora.copy_site_files(root)
        body = "\n\n".join(paragraphs) + "\n"
        (root / "articles" / "big.md").write_text(f"---\ntitle: Big\npublished: 2020\n---\n\n{body}", encoding="utf-8")
        (root / "articles" / "big.notes.yml").write_text(
            f'notes:\n  - id: typo\n    quote: "{typo}"\n    kind: context\n    note: A note.\n', encoding="utf-8")
        start = time.perf_counter()
        result = subprocess.run([sys.executable, str(PROJECT / "build_site.py"), "--root", str(root), "check"],
                                capture_output=True, text=True)
        seconds = time.perf_counter() - start
        size_kb = (root / "articles" / "big.md").stat().st_size / 1000
    print(f"article: {size_kb:.0f} KB; check with one mistyped quote: {seconds:.2f} s (exit {result.returncode})")
    print(result.stderr.strip().splitlines()[0][:200])
    return seconds


if __name__ == "__main__":
    main()
