"""Stage 6: the build transaction, in one place: check, plan docs/ and site/, render, then publish.

``generate``, ``build`` and the preview all run through here, and each gets a
:class:`BuildResult` back instead of output: the problems, what was written, the site plan, the
renderer's log lines and a status. The command line prints it and chooses the exit status; the
preview shows it over the page. Nothing here prints.

Like MkDocs' ``commands/build.py``, it works in two phases: first everything is read and checked
in memory (companion.pipeline); only when there is no error is anything written, and then into
staging folders that replace ``docs/`` and ``site/`` only after the renderer succeeded. A failed
or interrupted build leaves both as they were.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import shutil
from pathlib import Path

from . import inputs, sitebuild, writer
from .pipeline import gather
from .problems import Problems
from .siteconfig import get_site_config

# BuildResult.status
OK = "ok"
INVALID = "invalid"  # errors in the input (or warnings, with strict): nothing was written
REFUSED = "refused"  # site/ holds something this program did not build: it is left alone
RENDER_FAILED = "render-failed"  # the renderer failed: docs/ and site/ are unchanged


@dataclasses.dataclass(frozen=True)
class BuildOptions:
    """How to build: what fails it, which renderer, and the preview's two ways of going faster."""

    strict: bool = False  # warnings fail the build too
    renderer: str = "mkdocs"  # one of sitebuild.RENDERERS
    in_process: bool = False  # render with MkDocs in this process (a long-running preview)
    pages_only: bool = False  # only the article pages; no fingerprint, so the next complete build makes the rest


@dataclasses.dataclass(frozen=True)
class BuildResult:
    """What a build did, for the command line to print and the preview to show."""

    status: str  # OK, INVALID, REFUSED or RENDER_FAILED
    problems: Problems  # every problem found in the input (empty when nothing was read)
    # docs/ already held exactly these inputs' outputs: nothing was read, and the warnings of
    # the run that wrote it are repeated (as lines) instead of ``problems``.
    up_to_date: bool = False
    recorded_warnings: tuple[str, ...] = ()
    written: writer.WriteReport | None = None  # what changed in docs/ (None: nothing, or up to date)
    plan: sitebuild.SitePlan | None = None  # what site/ needed; None for generate, or when it stopped before
    renderer: str = "mkdocs"
    renderer_log: tuple[str, ...] = ()  # the renderer's warnings and errors, as it printed them

    @property
    def ok(self) -> bool:
        """Whether the build succeeded (the exit status is 0)."""
        return self.status == OK


@dataclasses.dataclass(frozen=True)
class CheckResult:
    """What a check found: the problems, and how much was checked."""

    status: str  # OK or INVALID
    problems: Problems
    articles: int
    notes: int

    @property
    def ok(self) -> bool:
        """Whether the check passed (the exit status is 0)."""
        return self.status == OK


@dataclasses.dataclass
class _Prepared:
    """The generator's half of a write: what docs/ should hold, and what has to change there."""

    digests: dict[str, str]  # every generated file's digest, by path under docs/
    to_write: dict[str, bytes]
    stale: list[str]
    fingerprint: str | None  # None: docs/ is not complete for these inputs yet
    warnings: list[str]
    up_to_date: bool = False  # docs/ already holds exactly this


def fails(problems: Problems, strict: bool) -> bool:
    """Whether these problems fail a check or a build: any error, or any warning with ``strict``."""
    return bool(problems.errors) or (strict and bool(problems.warnings))


def check(root: Path, options: BuildOptions = BuildOptions()) -> CheckResult:
    """Read and check everything; write nothing (but the cache)."""
    gathered = gather(root)
    articles = gathered.corpus.articles
    return CheckResult(INVALID if fails(gathered.problems, options.strict) else OK, gathered.problems,
                       len(articles), sum(len(a.notes) for a in articles))


def _prepare(root: Path, options: BuildOptions, memory: dict | None) -> tuple[_Prepared | None, BuildResult]:
    """Check everything and plan docs/; (None, why) when nothing may be written.

    When neither articles/ nor the generator changed since docs/ was written, and docs/ is
    intact, nothing is read or rendered again: the outputs are a pure function of those inputs.
    This is the one place that decides what is stale, for generate, build and serve alike.
    With ``pages_only`` (the preview's first pass) only the article pages are planned, the
    other generated files keep their digests, and no fingerprint is recorded, so the next
    complete run makes them again.
    """
    docs = root / "docs"
    # The shortcut stands for every input of the generated files and of the verdict (companion.inputs).
    fingerprint = None if options.pages_only else inputs.digests(root, (inputs.DOCS, inputs.VERDICT))
    previous_warnings = writer.is_current(docs, fingerprint) if fingerprint else None
    if previous_warnings is not None:
        result = BuildResult(OK, Problems(), up_to_date=True, recorded_warnings=tuple(previous_warnings),
                             renderer=options.renderer)
        if options.strict and previous_warnings:
            return None, dataclasses.replace(result, status=INVALID)
        return _Prepared(writer.read_manifest(docs), {}, [], fingerprint, previous_warnings, up_to_date=True), result
    gathered = gather(root, memory=memory, pages_only=options.pages_only)
    problems = gathered.problems
    to_write, stale = (writer.plan_writes(docs, gathered.outputs, problems, some=options.pages_only)
                       if not problems.errors else ({}, []))
    result = BuildResult(OK, problems, renderer=options.renderer)
    if fails(problems, options.strict):
        return None, dataclasses.replace(result, status=INVALID)
    digests = {**(writer.read_manifest(docs) if options.pages_only else {}),
               **{rel: writer.digest(data) for rel, data in gathered.outputs.items()}}
    return _Prepared(digests, to_write, stale, fingerprint, [str(p) for p in problems.warnings]), result


def _write_docs(docs: Path, prepared: _Prepared) -> writer.WriteReport | None:
    if prepared.up_to_date:
        return None
    return writer.write_outputs(docs, prepared.digests, prepared.to_write, prepared.stale, prepared.fingerprint,
                                prepared.warnings)


def generate(root: Path, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Check everything, then write docs/ (nothing at all when there are errors)."""
    prepared, result = _prepare(root, options, None)
    if prepared is None:
        return result
    return dataclasses.replace(result, written=_write_docs(root / "docs", prepared))


def _render_function(options: BuildOptions):
    # Looked up at each build, so that a test can stand in for the renderer.
    if options.in_process:
        return sitebuild.render_in_process
    return functools.partial(sitebuild.run_renderer, renderer=options.renderer)


def build(root: Path, options: BuildOptions = BuildOptions(), memory: dict | None = None) -> BuildResult:
    """Check, render what changed into staging folders, build the site from them, then publish both.

    docs/ and site/ change only after the renderer's strict build succeeded, so a failed or
    interrupted build leaves both exactly as they were. What is rendered is decided by
    companion.sitebuild: nothing, the changed pages only, or everything. A long-running caller
    (the preview) passes a ``memory`` that keeps per-article results between builds.
    """
    _remove_stale_staging(root)
    prepared, result = _prepare(root, options, memory)
    if prepared is None:
        return result
    docs, site = root / "docs", root / "site"
    site_config = get_site_config(root)
    config = inputs.digest(root, inputs.SITE, renderer=options.renderer)
    plan = sitebuild.plan_site(root, site_config, prepared.digests, config)
    result = dataclasses.replace(result, plan=plan)
    if plan.kind == "nothing":
        return dataclasses.replace(result, written=_write_docs(docs, prepared))
    if site.exists() and any(site.iterdir()) and not sitebuild.built_by_us(root):
        return dataclasses.replace(result, status=REFUSED)
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
        rendered = _render_function(options)(root, config_file, built)
        result = dataclasses.replace(result, renderer_log=tuple(rendered.log))
        if not rendered.ok:
            return dataclasses.replace(result, status=RENDER_FAILED)
        rendered_pages = ([sitebuild.output_path(rel, site_config.use_directory_urls) for rel in plan.changed]
                          if plan.kind == "partial" else None)
        sitebuild.fix_theme_markup(built, rendered_pages)
        result = dataclasses.replace(result, written=_write_docs(docs, prepared))
        if plan.kind == "partial":
            # A few files, each replaced by one rename: cheaper than copying a site of thousands.
            outputs = sitebuild.update_in_place(site, built, plan, site_config.use_directory_urls)
            sitebuild.write_state(root, config, prepared.digests, outputs)
        else:
            _swap_site(root, new_site)
            sitebuild.write_state(root, config, prepared.digests)
        return result
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
