#!/usr/bin/env python3
"""Benchmark: what the companion costs on top of plain MkDocs, and how it grows with the corpus.

    .venv/bin/python benchmarks/bench_build.py                       # synthetic N = 1000, 2000; replicated N = 2000
    .venv/bin/python benchmarks/bench_build.py --sizes 20 --corpus synthetic   # a quick run

Corpora (benchmarks/corpora.py): *synthetic* articles that use every field of the format, and
the shipped articles *replicated* with unique texts. For each corpus and N it times, each in a
fresh process:

  (a) the generator, cold (no cache): `build_site.py generate` up to a complete docs/;
  (b) `mkdocs build` of that docs/;
  (c) the baseline: `mkdocs build`, same theme configuration, the same bodies as plain
      Markdown, with no notes, links, timeline or extra pages, and the theme's own search
      (a plain Material site has it; the companion has its own instead);
  (c') a second baseline: the same, with each article's notes appended to its body as plain
      Markdown endnotes (quote, note text, sources), so that MkDocs renders as much text as the
      companion does; for the replicated corpus the notes are three times the bodies;
  (e) a full `build_site.py build` (docs/ is already current, so this is MkDocs' full render
      plus the build's staging and bookkeeping);
  (d) a no-op `build_site.py build` right after: nothing changed;
  (f) `build_site.py build` after one note of one article was edited;
  (g) the EPUB alone (companion.epub.companion_epub, timed in a fresh process from the cached
      pages): the time it adds to a build's generator, of which it is one part among the
      corpus pages made side by side; and the EPUB's size.

It prints one table, then the targets with PASS or MISS. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
       "PYTHONPATH": os.pathsep.join(p for p in (str(PROJECT), os.environ.get("PYTHONPATH")) if p)}
WRITERS = {"synthetic": corpora.write_synthetic, "replicated": corpora.write_replicated}


def write_corpus(root: Path, n: int, kind: str = "synthetic") -> dict[str, str]:
    """The companion corpus under root/, and the plain bodies (for the baseline) by slug."""
    return WRITERS[kind](root, n)


def write_baseline(root: Path, bodies: dict[str, str]) -> None:
    """The same bodies as plain Markdown pages, with the same theme and the same kind of nav."""
    (root / "docs" / "articles").mkdir(parents=True)
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    if (PROJECT / "overrides").exists():
        shutil.copytree(PROJECT / "overrides", root / "overrides")
    config = (root / "mkdocs.yml").read_text()
    config = re.sub(r"(?ms)^nav:.*", "nav:\n  - Home: index.md\n  - Articles: articles/index.md\n", config)
    # No companion assets or extension; the theme's own search, as a plain Material site has.
    config = re.sub(r"(?m)^extra_(css|javascript):\n(  - .*\n)+", "", config)
    config = re.sub(r"(?m)^  # Generated pages.*\n(  #.*\n)*  - companion\.prerendered\n", "", config)
    config = re.sub(r"(?m)^plugins:\n(  .*\n|    .*\n)*", "plugins:\n  - search\n", config)
    (root / "mkdocs.yml").write_text(config)
    shutil.copy(PROJECT / "docs" / "index.md", root / "docs" / "index.md")
    (root / "docs" / "articles" / "index.md").write_text(
        "# Articles\n\n" + "".join(f"- [{slug}]({slug}.md)\n" for slug in bodies))
    for i, (slug, body) in enumerate(bodies.items()):
        (root / "docs" / "articles" / f"{slug}.md").write_text(f"# Article {i}\n\n{body}")


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


def with_endnotes(root: Path, bodies: dict[str, str]) -> dict[str, str]:
    """Each body followed by its article's notes as plain Markdown: the text the companion renders."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    result = {}
    for slug, body in bodies.items():
        data = yaml.load((root / "articles" / f"{slug}.notes.yml").read_text(encoding="utf-8"), Loader=loader) or {}
        endnotes = []
        for note in data.get("notes") or []:
            sources = "".join(f"- {s.get('title', '')}, {s.get('publisher', '')}, {s.get('date', '')}, {s.get('url', '')}\n"
                              for s in note.get("sources") or [])
            endnotes.append(f"**{note.get('kind', '')}:** \"{note.get('quote', '')}\"\n\n{note.get('note', '')}\n\n{sources}")
        result[slug] = body + "\n\n## Notes\n\n" + "\n\n".join(endnotes)
    return result


def edit_one_note(root: Path) -> str:
    """Change the text of the first note of one article, as a maintainer would; returns its slug."""
    path = sorted((root / "articles").glob("*.notes.yml"))[len(list((root / "articles").glob("*.notes.yml"))) // 2]
    text = path.read_text(encoding="utf-8")
    edited = re.sub(r"(?m)^(\s+note: \|\n\s+)", r"\1Edited for the benchmark. ", text, count=1)
    path.write_text(edited, encoding="utf-8")
    return path.name.removesuffix(".notes.yml")


EPUB_TIMER = """\
import sys, time
from pathlib import Path
from companion.epub import companion_epub
from companion.pipeline import gather
from companion.siteconfig import get_site_config
root = Path(sys.argv[1])
gathered = gather(root)  # the cache is warm: the pages come from it
articles = sorted(gathered.corpus.articles, key=lambda a: (a.published.sort_key, a.slug))
pages = {a.slug: gathered.outputs[f"articles/{a.slug}.md"] for a in articles}
start = time.perf_counter()
companion_epub(gathered.corpus, articles, pages, get_site_config(root))
print(f"EPUB {time.perf_counter() - start}")
"""


def epub_seconds(root: Path) -> float:
    """(g): the seconds companion_epub takes on ``root``'s pages, in a fresh process."""
    result = subprocess.run([sys.executable, "-c", EPUB_TIMER, str(root)], env=ENV, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"failed: the EPUB timer\n{result.stdout}{result.stderr}")
    return float(re.search(r"EPUB (\S+)", result.stdout).group(1))


def files_in(folder: Path) -> dict[str, int]:
    """Every file under ``folder`` with its modification time, to count what a command wrote."""
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def measure(kind: str, n: int, workdir: Path) -> dict:
    """One row of the table: every measure for one corpus at one size."""
    root, base = workdir / f"{kind}-{n}", workdir / f"baseline-{kind}-{n}"
    bodies = write_corpus(root, n, kind)
    write_baseline(base, bodies)
    write_baseline(workdir / f"endnotes-{kind}-{n}", with_endnotes(root, bodies))
    build = [sys.executable, str(PROJECT / "build_site.py"), "--root", str(root)]
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet"]
    a, _, peak = timed(build + ["generate"], root)
    b, _, _ = timed(mkdocs + ["--site-dir", str(workdir / f"site-b-{kind}-{n}")], root)
    c, _, _ = timed(mkdocs + ["--site-dir", "site"], base)
    c2, _, _ = timed(mkdocs + ["--site-dir", "site"], workdir / f"endnotes-{kind}-{n}")
    e, _, peak_e = timed(build + ["build"], root)
    before = files_in(root)
    d, output, _ = timed(build + ["build"], root)
    written = sum(1 for path, stamp in files_in(root).items() if before.get(path) != stamp)
    noop_ok = "site/: up to date, 0 files written" in output
    edit_one_note(root)
    f, output_f, _ = timed(build + ["build"], root)
    rendered = re.search(r"site/: built \((\S+) pages rendered\)", output_f)
    assets = root / "site" / "assets" / "companion"
    ours = sum((assets / name).stat().st_size for name in ("companion.css", "companion.js"))
    search_assets = sum((assets / name).stat().st_size for name in ("search.css", "search.js"))
    page = next(iter(sorted((root / "site" / "articles").glob("*/index.html"))))
    g = epub_seconds(root)
    epub_mb = (root / "site" / "downloads" / "companion.epub").stat().st_size / 1_000_000
    return {"corpus": kind, "n": n, "a": a, "b": b, "c": c, "c2": c2, "d": d, "e": e, "f": f, "g": g, "epub_mb": epub_mb,
            "peak_mb": max(peak, peak_e) / 1024, "written": written if noop_ok else -1,
            "edit_rendered": rendered.group(1) if rendered else "?",
            "page_kb": page.stat().st_size / 1024, "ours_kb": ours / 1024, "search_kb": search_assets / 1024}


def main(argv: list[str] | None = None) -> list[dict]:
    """Run the benchmark and print the table; returns the rows (for the smoke test)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", help="N for every corpus (default: 1000 2000 synthetic, 2000 replicated)")
    parser.add_argument("--corpus", choices=sorted(WRITERS), nargs="+", default=["synthetic", "replicated"])
    parser.add_argument("--json", help="also write the rows to this file")
    args = parser.parse_args(argv)
    plan = [(kind, n) for kind in args.corpus
            for n in (args.sizes or ([1000, 2000] if kind == "synthetic" else [2000]))]
    rows = []
    with tempfile.TemporaryDirectory(prefix="rc-bench-") as folder:
        for kind, n in plan:
            rows.append(measure(kind, n, Path(folder)))
            print(f"measured {kind} N={n}", file=sys.stderr)
    print("| corpus | N | (a) generate | (b) mkdocs | (c) baseline | (a+b)/c | (c') with endnotes | (a+b)/c' | (e) full build | (d) no-op | d/(a+b) "
          "| (d) wrote | (f) one edit | pages | peak | page | our CSS+JS | search CSS+JS | (g) EPUB | EPUB size |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['corpus']} | {r['n']} | {r['a']:.2f} s | {r['b']:.2f} s | {r['c']:.2f} s | "
              f"{(r['a'] + r['b']) / r['c']:.2f} | {r['c2']:.2f} s | {(r['a'] + r['b']) / r['c2']:.2f} | {r['e']:.2f} s | {r['d']:.2f} s | {r['d'] / (r['a'] + r['b']):.1%} | "
              f"{r['written']} | {r['f']:.2f} s | {r['edit_rendered']} | {r['peak_mb']:.0f} MB | "
              f"{r['page_kb']:.1f} KB | {r['ours_kb']:.1f} KB | {r['search_kb']:.1f} KB | {r['g']:.2f} s | "
              f"{r['epub_mb']:.2f} MB |")
    checks = []
    for r in rows:
        name = f"{r['corpus']} N={r['n']}"
        ratio = (r["a"] + r["b"]) / r["c"]
        checks += [
            (f"{name}: (a+b) <= 1.5 x (c) (aim 1.25)", ratio <= 1.5, f"{ratio:.2f}"),
            (f"{name}: (a+b) <= 1.5 x (c'), the baseline with endnotes", (r["a"] + r["b"]) / r["c2"] <= 1.5,
             f"{(r['a'] + r['b']) / r['c2']:.2f}"),
            (f"{name}: no-op build writes 0 files", r["written"] == 0, str(r["written"])),
            (f"{name}: no-op build <= 5% of a full build", r["d"] <= 0.05 * (r["a"] + r["b"]),
             f"{r['d'] / (r['a'] + r['b']):.1%}"),
            (f"{name}: peak memory <= 1 GB", r["peak_mb"] <= 1024, f"{r['peak_mb']:.0f} MB"),
            (f"{name}: our CSS + JS <= 30,000 bytes", r["ours_kb"] * 1024 <= 30_000, f"{r['ours_kb'] * 1024:,.0f} bytes"),
        ]
    by = {(r["corpus"], r["n"]): r for r in rows}
    if ("synthetic", 1000) in by and ("synthetic", 2000) in by:
        small, large = by[("synthetic", 1000)], by[("synthetic", 2000)]
        growth = (large["a"] + large["b"]) / (small["a"] + small["b"])
        checks.append(("synthetic: (a+b) at 2000 <= 2.1 x at 1000", growth <= 2.1, f"{growth:.2f}"))
    print()
    for name, ok, value in checks:
        print(f"  {'PASS' if ok else 'MISS'}  {name}: {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return rows


if __name__ == "__main__":
    main()
