"""Stage 7: the command line. Only this module prints for the user and chooses exit codes.

Exit status: 0 when everything is fine, 1 when the input has errors (or warnings with
``--strict``), 2 for bad usage. No input ever produces a Python traceback: an unexpected
failure is reported in one line naming the file being read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import build, importer, sitebuild
from .parallel import WorkerFailed
from .problems import Problems, reading


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
        return _build(root, build.BuildOptions(strict=getattr(args, "strict", False),
                                               renderer=getattr(args, "renderer", "mkdocs")))
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
    build_ = commands.add_parser("build", help="check, write docs/, then run mkdocs build --strict into site/ (default)")
    build_.add_argument("--strict", action="store_true", help="fail on warnings too")
    build_.add_argument("--renderer", choices=sitebuild.RENDERERS, default="mkdocs",
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


def _report_lines(problems: Problems, fmt: str = "text") -> list[str]:
    """Every problem, sorted, then a count."""
    lines = []
    items = problems.sorted()
    for problem in items:
        if fmt == "github":
            loc = problem.location
            message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            lines.append(f"::{problem.level} file={loc.path},line={loc.line},col={loc.col}::{message}")
        else:
            lines.append(str(problem))
    errors, warnings = len(problems.errors), len(problems.warnings)
    if items:
        lines.append(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    return lines


def _check(root: Path, strict: bool, fmt: str) -> int:
    result = build.check(root, build.BuildOptions(strict=strict))
    _print_lines(_report_lines(result.problems, fmt))
    notice = sitebuild.end_of_life_notice()
    if notice:
        _say(notice)
    if not result.ok:
        return 1
    warnings = len(result.problems.warnings)
    verdict = "ok" if not warnings else f"no errors; {warnings} warning{'s' * (warnings != 1)} (--strict fails on them)"
    articles, notes = result.articles, result.notes
    _say(f"checked {articles} article{'s' * (articles != 1)}, {notes} note{'s' * (notes != 1)}: {verdict}")
    return 0


def generate(root: Path, strict: bool = False, fmt: str = "text") -> bool:
    """Check everything, then write docs/, printing what happened; False (nothing written) on errors."""
    result = build.generate(root, build.BuildOptions(strict=strict))
    _print_lines(_result_lines(result, fmt, site=False))
    return result.ok


def _build(root: Path, options: build.BuildOptions) -> int:
    result = build.build(root, options)
    _print_lines(_result_lines(result))
    return 0 if result.ok else 1


def _print_lines(lines: list[str]) -> None:
    for line in lines:
        _say(line)


def _result_lines(result: build.BuildResult, fmt: str = "text", site: bool = True) -> list[str]:
    """What a build (``site``) or a generate prints, line by line, in the order things happened."""
    lines = list(result.recorded_warnings) if result.up_to_date else _report_lines(result.problems, fmt)
    if result.status == build.INVALID:
        return [*lines, "nothing was written"]
    if result.status == build.REFUSED:
        return [*lines, f"site/ exists but there is no record that build_site.py built it ({sitebuild.CACHE_DIR}/"
                        f"{sitebuild.STATE_FILE}); it is left alone. Move it away and build again."]
    lines.extend(result.renderer_log)
    if result.status == build.RENDER_FAILED:
        return [*lines, f"{result.renderer} build failed; site/ is unchanged", "docs/ is unchanged"]
    written = result.written
    lines.append("docs/: 0 written, 0 removed, up to date" if written is None else
                 f"docs/: {len(written.written)} written, {len(written.removed)} removed, {written.unchanged} unchanged")
    if not site:
        return lines
    plan = result.plan
    if plan.kind == "nothing":
        return [*lines, "site/: up to date, 0 files written"]
    rendered = sum(rel.endswith(".md") for rel in plan.changed) if plan.kind == "partial" else "all"
    return [*lines, f"site/: built ({rendered} pages rendered)"]


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

    memory: dict = {}  # per-article results, kept between the preview's builds

    def builder(pages_only: bool) -> tuple[build.BuildResult, list[str]]:
        result = build.build(root, build.BuildOptions(in_process=True, pages_only=pages_only), memory)
        return result, _result_lines(result)

    return serve(root, port, builder, say=_say)


def _say(line: str) -> None:
    print(line, file=sys.stderr)


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
