#!/usr/bin/env python3
"""Benchmark: what the companion costs on top of plain MkDocs, and how it grows with the corpus.

    .venv/bin/python benchmarks/bench_build.py                 # N = 200, 1000, 2000
    .venv/bin/python benchmarks/bench_build.py --sizes 20      # a quick run

For each N it writes a synthetic corpus into a temporary folder (bodies of about 10 KB drawn
from varied text so that quotes are unique, 20 notes of every kind, 2 cross-links and 5
timeline events per article) and times, each in a fresh process:

  (a) the generator alone, cold: `build_site.py generate` up to a complete docs/;
  (b) `mkdocs build` of that docs/;
  (c) the baseline: `mkdocs build`, same theme configuration, same bodies as plain Markdown,
      with no notes, links, timeline or extra pages;
  (d) a no-op rerun of the generator after nothing changed.

It prints one table, then the targets with PASS or MISS. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
KINDS = ["context", "fact-check", "prediction", "definition", "source"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def vocabulary(rng: random.Random) -> list[str]:
    """Pronounceable made-up words: enough variety that five-word quotes are unique."""
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    return ["".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(1, 4)))
            for _ in range(20000)]


def make_body(rng: random.Random, words: list[str]) -> tuple[str, list[str]]:
    paragraphs = []
    while sum(len(p) for p in paragraphs) < 10_000:
        sentences = [" ".join(rng.choice(words) for _ in range(rng.randint(8, 20))).capitalize() + "."
                     for _ in range(rng.randint(3, 6))]
        paragraphs.append(" ".join(sentences))
    body = []
    for i, paragraph in enumerate(paragraphs):
        if i % 4 == 0:
            body.append(f"## {' '.join(rng.choice(words) for _ in range(3)).capitalize()}")
        body.append(paragraph)
    return "\n\n".join(body) + "\n", paragraphs


def pick_quotes(rng: random.Random, text: str, paragraphs: list[str], count: int) -> list[str]:
    quotes: list[str] = []
    while len(quotes) < count:
        words = rng.choice(paragraphs).split()
        start = rng.randrange(0, len(words) - 5)
        quote = " ".join(words[start:start + 5]).strip(".")
        if text.count(quote) == 1 and quote not in quotes and not any(quote in q or q in quote for q in quotes):
            quotes.append(quote)
    return quotes


def write_corpus(root: Path, n: int, seed: int = 7) -> dict[str, str]:
    """The companion corpus under root/, and the plain bodies (for the baseline) by slug."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    (root / "articles").mkdir(parents=True)
    (root / "docs").mkdir()
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(PROJECT / "overrides", root / "overrides")
    for page in ("index.md", "about.md", "guide.md"):
        shutil.copy(PROJECT / "docs" / page, root / "docs" / page)
    bodies, events = {}, []
    for i in range(n):
        slug = f"article-{i:05d}"
        body, paragraphs = make_body(rng, words)
        bodies[slug] = body
        year, month = 2000 + i % 25, 1 + i % 12
        (root / "articles" / f"{slug}.md").write_text(
            f"---\ntitle: Synthetic article {i}\nauthor: Author {i % 40}\noutlet: Outlet {i % 7}\n"
            f"published: {year}-{month:02d}\nsummary: A synthetic article for the benchmark.\n---\n\n{body}",
            encoding="utf-8")
        notes = []
        for j, quote in enumerate(pick_quotes(rng, body, paragraphs, 20)):
            kind = KINDS[j % 5]
            extra = {"fact-check": "    verdict: accurate\n", "prediction": "    outcome: pending\n"}.get(kind, "")
            notes.append(f"  - id: n{j}\n    quote: \"{quote}\"\n    kind: {kind}\n{extra}    note: |\n"
                         f"      Note {j} on *{quote.split()[0]}*, with a [source](https://example.org/{i}/{j}).\n"
                         f"    sources:\n      - {{title: Source {j}, url: 'https://example.org/s/{j}'}}\n")
        links = "".join(
            f"  - from: n{k}\n    to: article-{(i + k + 1) % n:05d}#n{k + 5}\n    type: {('contradicts', 'supports')[k]}\n"
            f"    topic: topic-{i % 10}\n    note: Why these two claims relate.\n" for k in range(2)) if n > 2 else ""
        (root / "articles" / f"{slug}.notes.yml").write_text(
            "notes:\n" + "".join(notes) + (f"links:\n{links}" if links else ""), encoding="utf-8")
        for k in range(5):
            events.append(f"  - id: e{i}-{k}\n    date: {year}-{month:02d}-{1 + k * 5:02d}\n"
                          f"    title: Event {k} of article {i}\n    sources: [{{title: Event source}}]\n"
                          f"    claims: ['{slug}#n{k * 4}']\n")
    (root / "articles" / "timeline.yml").write_text("events:\n" + "".join(events), encoding="utf-8")
    return bodies


def write_baseline(root: Path, bodies: dict[str, str]) -> None:
    """The same bodies as plain Markdown pages, with the same theme and the same kind of nav."""
    (root / "docs" / "articles").mkdir(parents=True)
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(PROJECT / "overrides", root / "overrides")
    config = (root / "mkdocs.yml").read_text()
    config = re.sub(r"(?ms)^nav:.*", "nav:\n  - Home: index.md\n  - Articles: articles/index.md\n", config)
    config = config.replace("extra_css:\n  - assets/companion/companion.css\n", "").replace(
        "extra_javascript:\n  - assets/companion/companion.js\n", "")
    (root / "mkdocs.yml").write_text(config)
    shutil.copy(PROJECT / "docs" / "index.md", root / "docs" / "index.md")
    (root / "docs" / "articles" / "index.md").write_text(
        "# Articles\n\n" + "".join(f"- [{slug}]({slug}.md)\n" for slug in bodies))
    for i, (slug, body) in enumerate(bodies.items()):
        (root / "docs" / "articles" / f"{slug}.md").write_text(f"# Synthetic article {i}\n\n{body}")


def timed(command: list[str], cwd: Path) -> tuple[float, str, int]:
    """Run a command in a fresh process; return seconds, stderr and its peak memory in KB."""
    wrapper = ("import resource, subprocess, sys\n"
               "r = subprocess.run(sys.argv[1:], stderr=subprocess.PIPE, text=True)\n"
               "sys.stdout.write(r.stderr)\n"
               "print('MAXRSS', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
               "sys.exit(r.returncode)\n")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", wrapper, *command], cwd=cwd, env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stdout}{result.stderr}")
    peak = int(re.search(r"MAXRSS (\d+)", result.stdout).group(1))
    return seconds, result.stdout, peak


def page_size(site: Path) -> int:
    """Bytes of one article page: its HTML plus our own CSS and JS."""
    page = next(iter(sorted((site / "articles").glob("*/index.html"))))
    ours = sum(p.stat().st_size for p in (site / "assets" / "companion").glob("*"))
    return page.stat().st_size + ours


def measure(n: int, workdir: Path) -> dict:
    root, base = workdir / f"companion-{n}", workdir / f"baseline-{n}"
    bodies = write_corpus(root, n)
    write_baseline(base, bodies)
    build = PROJECT / "build_site.py"
    a, _, peak = timed([sys.executable, str(build), "--root", str(root), "generate"], root)
    b, _, _ = timed([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", "site"], root)
    c, _, _ = timed([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", "site"], base)
    d, output, _ = timed([sys.executable, str(build), "--root", str(root), "generate"], root)
    written = int(re.search(r"docs/: (\d+) written", output).group(1))
    ours = sum(p.stat().st_size for p in (root / "docs" / "assets" / "companion").glob("*"))
    return {"n": n, "a": a, "b": b, "c": c, "d": d, "peak_mb": peak / 1024, "written": written,
            "page_kb": page_size(root / "site") / 1024, "ours_kb": ours / 1024,
            "site_mb": sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file()) / 2**20}


def main(argv: list[str] | None = None) -> list[dict]:
    """Run the benchmark and print the table; returns the rows (for the smoke test)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 2000])
    parser.add_argument("--json", help="also write the rows to this file")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="rc-bench-") as folder:
        for n in args.sizes:
            rows.append(measure(n, Path(folder)))
            print(f"measured N={n}", file=sys.stderr)
    print("|     N | (a) generate | (b) mkdocs | (c) baseline | (d) no-op | a/b  | (a+b)/c | peak (a) | (d) wrote | page + our CSS/JS | our CSS+JS |")
    print("|------:|-------------:|-----------:|-------------:|----------:|-----:|--------:|---------:|----------:|------------------:|-----------:|")
    for r in rows:
        print(f"| {r['n']:5d} | {r['a']:10.2f} s | {r['b']:8.2f} s | {r['c']:10.2f} s | {r['d']:7.2f} s | "
              f"{r['a'] / r['b']:4.0%} | {(r['a'] + r['b']) / r['c']:7.2f} | {r['peak_mb']:5.0f} MB | {r['written']:9d} | "
              f"{r['page_kb']:14.1f} KB | {r['ours_kb']:7.1f} KB |")
    last = rows[-1]
    print(f"\nTargets at N={last['n']}:")
    checks = [
        ("(a) <= 10% of (b)", last["a"] <= 0.10 * last["b"], f"{last['a'] / last['b']:.0%}"),
        ("(a+b) <= 1.25 x (c)", last["a"] + last["b"] <= 1.25 * last["c"], f"{(last['a'] + last['b']) / last['c']:.2f}"),
        ("(d) writes 0 files", last["written"] == 0, str(last["written"])),
        ("(d) <= 5% of (a)", last["d"] <= 0.05 * last["a"], f"{last['d'] / last['a']:.0%}"),
        ("peak memory of (a) <= 1 GB", last["peak_mb"] <= 1024, f"{last['peak_mb']:.0f} MB"),
        ("our CSS + JS <= 20 KB", last["ours_kb"] <= 20, f"{last['ours_kb']:.1f} KB"),
    ]
    by_n = {r["n"]: r for r in rows}
    if 1000 in by_n and 2000 in by_n:
        ratio = (by_n[2000]["a"] + by_n[2000]["b"]) / (by_n[1000]["a"] + by_n[1000]["b"])
        checks.append(("(a+b) at 2000 <= 2.2 x at 1000", ratio <= 2.2, f"{ratio:.2f}"))
    for name, ok, value in checks:
        print(f"  {'PASS' if ok else 'MISS'}  {name}: {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return rows


if __name__ == "__main__":
    main()
