#!/usr/bin/env python3
"""What margin notes cost MkDocs alone, with no generator: a floor for bench_build.py's (b).

    .venv/bin/python benchmarks/bench_floor.py                # N = 2000
    .venv/bin/python benchmarks/bench_floor.py --sizes 200

It writes bench_build.py's plain baseline (c), then a copy in which each page carries 20 notes
in the least markup a margin note can have: the passage in ``<mark>``, then one ``<span>`` with
a bold kind label, a short Markdown text with one link, and one source link (5 elements; the
companion's own notes also carry a toggle button, a permalink and cross-links). No generator
runs. Both are built with `mkdocs build`, each in a fresh process, and the ratio is printed:
the part of (b) / (c) that no change to our own code can remove while notes sit in the page.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_build  # noqa: E402

NOTES_PER_PAGE = 20


def add_minimal_notes(page: Path, rng: random.Random) -> None:
    """Put NOTES_PER_PAGE minimal notes into the page, one per chosen paragraph."""
    paragraphs = page.read_text(encoding="utf-8").split("\n\n")
    candidates = [i for i, p in enumerate(paragraphs) if not p.startswith("#") and len(p.split()) > 12]
    for number, index in enumerate(sorted(rng.sample(candidates, min(NOTES_PER_PAGE, len(candidates))))):
        words = paragraphs[index].split(" ")
        middle = len(words) // 2
        quote = " ".join(words[middle:middle + 5])
        note = (f'<mark id="n{number}">{quote}</mark><span class="rc-note" id="note-n{number}"><b>Context</b> '
                f'Note {number} on *{words[middle]}*, with a [source](https://example.org/{number}). '
                f'Source: [Source {number}](https://example.org/s/{number})</span>')
        paragraphs[index] = " ".join(words[:middle] + [note] + words[middle + 5:])
    page.write_text("\n\n".join(paragraphs), encoding="utf-8")


def main(argv: list[str] | None = None) -> list[dict]:
    """Build the baseline with and without minimal notes; print the times and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000])
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="rc-floor-") as folder:
        for n in args.sizes:
            bodies = bench_build.write_corpus(Path(folder) / f"corpus-{n}", n)
            plain, noted = Path(folder) / f"plain-{n}", Path(folder) / f"noted-{n}"
            bench_build.write_baseline(plain, bodies)
            bench_build.write_baseline(noted, bodies)
            rng = random.Random(n)
            for page in sorted((noted / "docs" / "articles").glob("article-*.md")):
                add_minimal_notes(page, rng)
            build = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", "site"]
            c, _, _ = bench_build.timed(build, plain)
            e, _, _ = bench_build.timed(build, noted)
            rows.append({"n": n, "c": c, "e": e})
    print("|     N | (c) baseline | (e) baseline + 20 minimal notes per page | e/c  |")
    print("|------:|-------------:|-----------------------------------------:|-----:|")
    for r in rows:
        print(f"| {r['n']:5d} | {r['c']:10.2f} s | {r['e']:38.2f} s | {r['e'] / r['c']:4.2f} |")
    return rows


if __name__ == "__main__":
    main()
