"""Stage 5: the command line. Only this module prints for the user and chooses exit codes.

Exit status: 0 when everything is fine, 1 when the input has errors (or warnings with
``--strict``), 2 for bad usage. No input ever produces a Python traceback: an unexpected
failure is reported in one line naming the file being read.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import logging
import os
import shutil
import sys
from pathlib import Path

from . import importer, inputs, sitebuild, writer
from .parallel import WorkerFailed
from .pipeline import gather
from .problems import Problems, reading
from .siteconfig import get_site_config

log = logging.getLogger(__name__)

def main(argv: list[str] | None = None, root: Path | None = None, prog: str = "build_site.py") -> int:
    """Run the command line; returns the exit status."""
    parser = _parser(prog)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    # The project is --root, else the folder the caller names (build_site.py passes its own),
    # else the working directory: the `companion` console script works on the companion it is run in.
    root = (Path(args.root) if args.root else root or Path.cwd()).resolve()
    command = args.command or "build"
    reading.set(None)
    try:
        if command == "new":
            return _new(Path(args.dir), args.name, prog)
        if command == "import":
            return _import(root, Path(args.path), args.slug)
        if command == "check":
            return _check(root, args.strict, args.format)
        if command == "serve":
            return _serve(root, args.port)
        if command == "schemas":
            return _schemas(root)
        if command == "generate":
            return 0 if generate(root, args.strict) else 1
        renderer = getattr(args, "renderer", "mkdocs")
        return build(root, getattr(args, "strict", False), getattr(args, "format", "text"),
                     render=functools.partial(sitebuild.run_renderer, renderer=renderer), renderer=renderer)
    except WorkerFailed as exc:
        print(f"build_site.py: internal error in {exc.item}: {exc.reason}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; nothing was left half-written", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the one place that turns surprises into a clean message
        where = getattr(exc, "filename", None) or reading.get() or "the project"
        print(f"build_site.py: internal error while reading {where}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


def console() -> int:
    """The ``companion`` console script (and ``python -m companion``): the companion in the cwd."""
    return main(sys.argv[1:], prog="companion")


def _parser(prog: str = "build_site.py") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="Build the reading companion site.")
    where = "the folder of build_site.py" if prog == "build_site.py" else "the current folder"
    parser.add_argument("--root", metavar="DIR", help=f"the project folder (default: {where})")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", help="check, write docs/, then run mkdocs build --strict into site/ (default)")
    build.add_argument("--strict", action="store_true", help="fail on warnings too")
    build.add_argument("--renderer", choices=sitebuild.RENDERERS, default="mkdocs",
                       help="what turns docs/ into site/: MkDocs with Material (default) or Zensical")
    gen = commands.add_parser("generate", help="check and write docs/ only, without running MkDocs")
    gen.add_argument("--strict", action="store_true", help="fail on warnings too")
    check = commands.add_parser("check", help="check articles and notes; write nothing")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="'github' prints GitHub Actions annotations")
    serve = commands.add_parser("serve", help="live preview on 127.0.0.1 that rebuilds what an edit changes")
    serve.add_argument("--port", type=int, default=8000)
    commands.add_parser("schemas", help="write the JSON Schemas for editors into schemas/")
    imp = commands.add_parser("import", help="turn a raw web capture into articles/<slug>.md")
    imp.add_argument("path", help="the captured text or Markdown file")
    imp.add_argument("--slug", help="the page name (default: from the title)")
    new = commands.add_parser("new", help="start a companion of your own in DIR (new or empty)")
    new.add_argument("dir", metavar="DIR", help="the folder to create")
    new.add_argument("--name", default="My reading companion", help="the site's title (site_name)")
    return parser


def _new(target: Path, name: str, prog: str) -> int:
    from .scaffold import ScaffoldRefused, new_companion

    try:
        written = new_companion(target, name)
    except ScaffoldRefused as exc:
        print(f"{prog} new: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {len(written)} files into {target}; next: cd {target} and read README.md",
          file=sys.stderr)
    return 0


def report(problems: Problems, fmt: str = "text", stream=None) -> None:
    """Print every problem, sorted, then a count."""
    stream = stream or sys.stderr
    items = problems.sorted()
    for problem in items:
        if fmt == "github":
            loc = problem.location
            message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            print(f"::{problem.level} file={loc.path},line={loc.line},col={loc.col}::{message}", file=stream)
        else:
            print(problem, file=stream)
    errors, warnings = len(problems.errors), len(problems.warnings)
    if items:
        print(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}", file=stream)


def _failed(problems: Problems, strict: bool) -> bool:
    return bool(problems.errors) or (strict and bool(problems.warnings))


def _check(root: Path, strict: bool, fmt: str) -> int:
    gathered = gather(root)
    report(gathered.problems, fmt)
    notice = sitebuild.end_of_life_notice()
    if notice:
        print(notice, file=sys.stderr)
    if not _failed(gathered.problems, strict):
        warnings = len(gathered.problems.warnings)
        verdict = "ok" if not warnings else f"no errors; {warnings} warning{'s' * (warnings != 1)} (--strict fails on them)"
        articles = len(gathered.corpus.articles)
        notes = sum(len(a.notes) for a in gathered.corpus.articles)
        print(f"checked {articles} article{'s' * (articles != 1)}, {notes} note{'s' * (notes != 1)}: {verdict}",
              file=sys.stderr)
        return 0
    return 1


@dataclasses.dataclass
class _Prepared:
    """The generator's half of a write: what docs/ should hold, and what has to change there."""

    digests: dict[str, str]  # every generated file's digest, by path under docs/
    to_write: dict[str, bytes]
    stale: list[str]
    fingerprint: str | None  # None: docs/ is not complete for these inputs yet
    warnings: list[str]
    up_to_date: bool = False  # docs/ already holds exactly this


def _prepare(root: Path, strict: bool, fmt: str, memory: dict | None = None,
             pages_only: bool = False) -> _Prepared | None:
    """Check everything and plan docs/; None (having reported why) when nothing may be written.

    When neither articles/ nor the generator changed since docs/ was written, and docs/ is
    intact, nothing is read or rendered again: the outputs are a pure function of those inputs.
    This is the one place that decides what is stale, for generate, build and serve alike.
    With ``pages_only`` (the preview's first pass) only the article pages are planned, the
    other generated files keep their digests, and no fingerprint is recorded, so the next
    complete run makes them again.
    """
    docs = root / "docs"
    # The shortcut stands for every input of the generated files and of the verdict (companion.inputs).
    fingerprint = None if pages_only else inputs.digests(root, (inputs.DOCS, inputs.VERDICT))
    previous_warnings = writer.is_current(docs, fingerprint) if fingerprint else None
    if previous_warnings is not None:
        for line in previous_warnings:
            print(line, file=sys.stderr)
        if strict and previous_warnings:
            print("nothing was written", file=sys.stderr)
            return None
        return _Prepared(writer.read_manifest(docs), {}, [], fingerprint, previous_warnings, up_to_date=True)
    gathered = gather(root, memory=memory, pages_only=pages_only)
    problems = gathered.problems
    to_write, stale = (writer.plan_writes(docs, gathered.outputs, problems, some=pages_only) if not problems.errors
                       else ({}, []))
    report(problems, fmt)
    if _failed(problems, strict):
        print("nothing was written", file=sys.stderr)
        return None
    digests = {**(writer.read_manifest(docs) if pages_only else {}),
               **{rel: writer.digest(data) for rel, data in gathered.outputs.items()}}
    return _Prepared(digests, to_write, stale, fingerprint, [str(p) for p in problems.warnings])


def _write_docs(docs: Path, prepared: _Prepared) -> None:
    if prepared.up_to_date:
        print("docs/: 0 written, 0 removed, up to date", file=sys.stderr)
        return
    result = writer.write_outputs(docs, prepared.digests, prepared.to_write, prepared.stale, prepared.fingerprint,
                                  prepared.warnings)
    print(f"docs/: {len(result.written)} written, {len(result.removed)} removed, {result.unchanged} unchanged",
          file=sys.stderr)


def generate(root: Path, strict: bool = False, fmt: str = "text") -> bool:
    """Check everything, then write docs/; returns False (writing nothing) when there are errors."""
    prepared = _prepare(root, strict, fmt)
    if prepared is None:
        return False
    _write_docs(root / "docs", prepared)
    return True


def build(root: Path, strict: bool = False, fmt: str = "text", memory: dict | None = None,
          render=sitebuild.run_renderer, pages_only: bool = False, on_site=None, renderer: str = "mkdocs") -> int:
    """Check, render what changed into staging folders, build the site from them, then publish both.

    docs/ and site/ change only after `mkdocs build --strict` succeeded, so a failed or
    interrupted build leaves both exactly as they were. What MkDocs renders is decided by
    companion.sitebuild: nothing, the changed pages only, or everything. ``serve`` passes a
    ``memory`` for per-article results, renders in its own process (``render``), asks first for
    the article pages alone (``pages_only``) and learns what changed (``on_site(plan)``).
    """
    _remove_stale_staging(root)
    prepared = _prepare(root, strict, fmt, memory, pages_only)
    if prepared is None:
        return 1
    docs, site = root / "docs", root / "site"
    site_config = get_site_config(root)
    config = inputs.digest(root, inputs.SITE, renderer=renderer)
    plan = sitebuild.plan_site(root, site_config, prepared.digests, config)
    if plan.kind == "nothing":
        _write_docs(docs, prepared)
        print("site/: up to date, 0 files written", file=sys.stderr)
        return 0
    if site.exists() and any(site.iterdir()) and not sitebuild.built_by_us(root):
        print(f"site/ exists but there is no record that build_site.py built it ({sitebuild.CACHE_DIR}/"
              f"{sitebuild.STATE_FILE}); it is left alone. Move it away and build again.", file=sys.stderr)
        return 1
    staging = root / f".build-{os.getpid()}"
    new_site = root / f"site.tmp-{os.getpid()}"
    try:
        staged_docs = staging / "docs"
        if plan.kind == "partial":
            sitebuild.stage_partial_docs(docs, staged_docs, plan.changed, prepared.to_write, site_config)
        else:
            # Hard links make the copy cheap; replacing a file in the copy never touches docs/.
            shutil.copytree(docs, staged_docs, copy_function=os.link, symlinks=True)
            writer.write_outputs(staged_docs, prepared.digests, prepared.to_write, prepared.stale)
        config_file = staging / "mkdocs.yml"
        # MkDocs resolves relative paths from the config file's folder, so theme overrides are
        # given by absolute path here; everything else is inherited from the real mkdocs.yml.
        custom_dir = site_config.custom_dir
        theme = f"theme:\n  custom_dir: {json.dumps(str(Path(custom_dir).resolve()))}\n" if custom_dir else ""
        config_file.write_text(f"INHERIT: {json.dumps(str(root / 'mkdocs.yml'))}\ndocs_dir: docs\n{theme}",
                               encoding="utf-8")
        built = staging / "site" if plan.kind == "partial" else new_site
        if not render(root, config_file, built):
            print(f"{renderer} build failed; site/ is unchanged", file=sys.stderr)
            print("docs/ is unchanged", file=sys.stderr)
            return 1
        rendered_pages = ([sitebuild.output_path(rel, site_config.use_directory_urls) for rel in plan.changed]
                          if plan.kind == "partial" else None)
        sitebuild.fix_theme_markup(built, rendered_pages)
        _write_docs(docs, prepared)
        if plan.kind == "partial":
            # A few files, each replaced by one rename: cheaper than copying a site of thousands.
            outputs = sitebuild.update_in_place(site, built, plan, site_config.use_directory_urls)
            sitebuild.write_state(root, config, prepared.digests, outputs)
        else:
            _swap_site(root, new_site)
            sitebuild.write_state(root, config, prepared.digests)
        rendered = sum(rel.endswith(".md") for rel in plan.changed) if plan.kind == "partial" else "all"
        print(f"site/: built ({rendered} pages rendered)", file=sys.stderr)
        if on_site:
            on_site(plan)
        return 0
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(new_site, ignore_errors=True)


def _remove_stale_staging(root: Path) -> None:
    """Remove the staging folders that an interrupted build left behind (they hold only copies).

    Each folder is named after the build's process id: one whose process still runs belongs to
    a build going on beside this one, and is left alone.
    """
    for pattern in (".build-*", "site.tmp-*", "site.old-*"):
        for folder in root.glob(pattern):
            pid = folder.name.rsplit("-", 1)[-1]
            if folder.is_dir() and pid.isdigit() and not _running(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, and belongs to someone else
        return True
    return True


def _swap_site(root: Path, new_site: Path) -> None:
    """Put the freshly built site in place of the old one with two renames."""
    site, old = root / "site", root / f"site.old-{os.getpid()}"
    if site.exists():
        site.rename(old)
    new_site.rename(site)
    shutil.rmtree(old, ignore_errors=True)


def _import(root: Path, path: Path, slug: str | None) -> int:
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"{path}: error: cannot read the file: {exc.strerror}", file=sys.stderr)
        return 1
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        print(f"{path}: error: the file is not UTF-8 text", file=sys.stderr)
        return 1
    saved_page = path.suffix.lower() in (".html", ".htm") or text.lstrip()[:15].lower().startswith(("<!doctype", "<html"))
    result = importer.import_html(text) if saved_page else importer.import_capture(text)
    try:
        target, notes = importer.write_article(root, result, slug)
    except importer.ImportRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {target.relative_to(root)}" + (f" and {notes.relative_to(root)}" if notes else ""))
    print(f"removed {len(result.removed)} block{'s' * (len(result.removed) != 1)} of page furniture from {path}:")
    for item in result.removed:
        print(f"  {path}:{item.line}: {item.kind}: {_excerpt(item.text)}")
    for item in result.kept:
        print(f"  {path}:{item.line}: warning: kept, check it belongs to the article ({item.kind}): {_excerpt(item.text)}")
    for repair in result.repairs:
        print(f"  repaired: {repair}")
    rel = target.relative_to(root).as_posix()
    print(f"next: complete the front matter of {rel} (published, outlet, url, summary), add notes to "
          f"{rel.removesuffix('.md')}.notes.yml, then run build_site.py check")
    return 0


def _excerpt(text: str, limit: int = 70) -> str:
    flat = text.replace("\n", " ")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _serve(root: Path, port: int) -> int:
    from .serve import serve

    return serve(root, port)


def _schemas(root: Path) -> int:
    """Write schemas/*.json from the loader's field tables (only files whose content changed)."""
    from .schemas import render_schemas

    folder = root / "schemas"
    folder.mkdir(exist_ok=True)
    for name, text in render_schemas().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote schemas/{name}", file=sys.stderr)
    return 0
