"""The registry of inputs (companion.inputs): each declared input, changed, rebuilds what it affects.

For every input the registry declares, the project is built, the input is changed, the project
is built again incrementally, and docs/ and site/ must equal a clean build of the same inputs,
file for file; ``build --strict`` must give ``check --strict``'s verdict, warnings included.
A second group fails when the code reads a file, a mkdocs.yml key or a library that the registry
does not declare.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib.metadata
import shutil
import sys
from pathlib import Path

import pytest
from support import ARTICLE, run_cli

from companion import aggregates, build, inputs, render, sitebuild
from companion.cache import CACHE_DIR
from companion.siteconfig import SiteConfig
from companion.writer import MANIFEST, read_manifest

NOTES = """\
notes:
  - id: rebalance
    quote: rebalance
    kind: context
    note: A note on rebalancing.
links:
  - from: rebalance
    to: b#emphasis
    type: contradicts
    note: They disagree.
"""
OTHER_NOTES = """\
notes:
  - id: emphasis
    quote: some emphasis here
    kind: prediction
    outcome: pending
    note: B's note.
"""
TIMELINE = """\
events:
  - id: summit
    date: 2018-06
    title: A summit
    claims: [b#emphasis]
"""
POLICY = """\
policy:
  min_notes: 1
paths:
  - id: both
    title: Both articles
    introduction: A and then B.
    steps:
      - read: a#rebalance
        guidance: First A.
      - read: b
        guidance: Then B.
"""


def _project(make_corpus) -> Path:
    return make_corpus({"articles/a.md": ARTICLE, "articles/a.notes.yml": NOTES,
                        "articles/b.md": ARTICLE.replace("A test article", "Another"),
                        "articles/b.notes.yml": OTHER_NOTES, "articles/timeline.yml": TIMELINE,
                        "companion.yml": POLICY})


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} has no {old!r} to change"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _patch_library(monkeypatch, name: str, version: str) -> None:
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda n: version if n == name else real(n))


def _change_code(monkeypatch, tmp_path: Path) -> None:
    # A change to the generator's code: reading time at another speed, in a copy of the package
    # that the registry reads (the code that runs is patched to match it).
    copy = tmp_path / "package"
    shutil.copytree(inputs.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    _edit(copy / "render.py", "WORDS_PER_MINUTE = 230", "WORDS_PER_MINUTE = 2")
    monkeypatch.setattr(inputs, "PACKAGE_DIR", copy)
    monkeypatch.setattr(render, "WORDS_PER_MINUTE", 2)


def _change_generator_library(monkeypatch, tmp_path: Path) -> None:
    # An upgrade of rcssmin that minifies differently.
    real = aggregates.rcssmin.cssmin
    monkeypatch.setattr(aggregates.rcssmin, "cssmin", lambda text: real(text) + "/*9.9*/")
    _patch_library(monkeypatch, "rcssmin", "9.9")


def _change_renderer_library(monkeypatch, tmp_path: Path) -> None:
    # An upgrade of the theme that renders every page a little differently.
    real = sitebuild.run_renderer

    def upgraded(root, config, site_dir, renderer="mkdocs"):
        done = real(root, config, site_dir, renderer=renderer)
        for page in site_dir.rglob("*.html"):
            page.write_bytes(page.read_bytes() + b"<!-- theme 99 -->\n")
        return done

    monkeypatch.setattr(sitebuild, "run_renderer", upgraded)
    _patch_library(monkeypatch, "mkdocs-material", "99.0")


def _custom_dir(root: Path) -> None:
    shutil.copytree(root / "overrides", root / "theme")
    _edit(root / "theme/main.html", "{% block extrahead %}", "{% block extrahead %}<meta name=x content=y>")
    _edit(root / "mkdocs.yml", "custom_dir: overrides", "custom_dir: theme")


# Each declared input, and a change to it that shows in the output (or in the verdict).
CHANGES = {
    "articles": lambda root: _edit(root / "articles/a.notes.yml", "A note on", "A changed note on"),
    "timeline": lambda root: _edit(root / "articles/timeline.yml", "A summit", "Another summit"),
    "companion.yml": lambda root: _edit(root / "companion.yml", "min_notes: 1", "min_notes: 999"),
    "companion.yml:paths": lambda root: _edit(root / "companion.yml", "guidance: Then B.", "guidance: Then read B."),
    "mkdocs.yml:site_name": lambda root: _edit(root / "mkdocs.yml", 'site_name: "', 'site_name: "Renamed '),
    "mkdocs.yml:site_author": lambda root: _edit(root / "mkdocs.yml", "site_author: The companion's maintainers",
                                                 "site_author: Ann Maintainer"),
    "mkdocs.yml:site_url": lambda root: _edit(root / "mkdocs.yml", '"http://127.0.0.1:8000/"',
                                              '"https://example.org/companion/"'),
    "mkdocs.yml:theme.custom_dir": _custom_dir,
    "mkdocs.yml:nav": lambda root: _edit(root / "mkdocs.yml", "  - About: about.md\n", ""),
    "mkdocs.yml:use_directory_urls": lambda root: _edit(root / "mkdocs.yml", "use_directory_urls: true",
                                                        "use_directory_urls: false"),
    "mkdocs.yml:repo_url": lambda root: _edit(root / "mkdocs.yml", "# repo_url: https://github.com/OWNER/REPOSITORY",
                                              "repo_url: https://github.com/example/companion"),
    "mkdocs.yml:extra.license": lambda root: _edit(root / "mkdocs.yml", "name: CC BY 4.0", "name: CC BY-SA 4.0"),
    "mkdocs.yml:theme.language": lambda root: _edit(root / "mkdocs.yml", "  language: en", "  language: de"),
    "mkdocs.yml": lambda root: _edit(root / "mkdocs.yml", "primary: indigo", "primary: teal"),
    "overrides": lambda root: _edit(root / "overrides/main.html", "{% block extrahead %}",
                                    "{% block extrahead %}<meta name=x content=y>"),
    "hand-written pages": lambda root: _edit(root / "docs/about.md", "\n", "\nA new first line.\n"),
}
# Inputs that live outside the project folder: (monkeypatch, tmp_path) → None.
OUTSIDE = {
    "environment": lambda monkeypatch, tmp_path: monkeypatch.setenv("SITE_URL", "https://example.net/c/"),
    "code": _change_code,
    "generator libraries": _change_generator_library,
    "renderer libraries": _change_renderer_library,
}


def _outputs(root: Path) -> dict[str, bytes]:
    return {f"{folder}/{p.relative_to(root / folder).as_posix()}": p.read_bytes()
            for folder in ("docs", "site") for p in sorted((root / folder).rglob("*")) if p.is_file()}


def _problems(lines: list[str]) -> list[str]:
    return [line for line in lines if ": warning: " in line or ": error: " in line]


def _clean(root: Path) -> None:
    """Remove everything a build made: the generated files of docs/, site/ and the cache."""
    docs = root / "docs"
    for rel in read_manifest(docs):
        (docs / rel).unlink(missing_ok=True)
    (docs / MANIFEST).unlink(missing_ok=True)
    for folder in ("site", CACHE_DIR, "docs/articles", "docs/assets", "docs/search-index"):
        shutil.rmtree(root / folder, ignore_errors=True)


def test_every_declared_input_has_a_change_tested():
    assert not set(CHANGES) & set(OUTSIDE)
    assert sorted([*CHANGES, *OUTSIDE]) == sorted(item.name for item in inputs.INPUTS)


@pytest.mark.parametrize("name", sorted(CHANGES) + sorted(OUTSIDE))
def test_a_changed_input_builds_what_a_clean_build_builds(make_corpus, monkeypatch, tmp_path, name):
    root = _project(make_corpus)
    monkeypatch.delenv("SITE_URL", raising=False)
    first = run_cli(root, "build")
    assert first.status == 0, first.err
    before = _outputs(root)
    if name in CHANGES:
        CHANGES[name](root)
    else:
        OUTSIDE[name](monkeypatch, tmp_path)
    inputs.code_digest.cache_clear()
    strict, check = run_cli(root, "build", "--strict"), run_cli(root, "check", "--strict")
    assert (strict.status, _problems(strict.lines)) == (check.status, _problems(check.lines))
    incremental = run_cli(root, "build")
    assert incremental.status == 0, incremental.err
    built = _outputs(root)
    _clean(root)
    clean = run_cli(root, "build")
    assert clean.status == 0, clean.err
    expected = _outputs(root)
    assert sorted(built) == sorted(expected)
    assert [rel for rel in expected if built[rel] != expected[rel]] == []
    if name != "companion.yml":  # the policy shapes only the verdict
        assert built != before, "the change did not show in the output: the test proves nothing"
    else:
        assert strict.status == 1 and _problems(strict.lines)


def test_a_policy_edit_changes_the_strict_verdict_of_an_up_to_date_build(make_corpus):
    root = _project(make_corpus)
    assert run_cli(root, "build", "--strict").status == 0
    _edit(root / "companion.yml", "min_notes: 1", "min_notes: 999")
    result = run_cli(root, "build", "--strict")
    assert result.status == 1
    assert _problems(result.lines) == [
        "articles/a.md:2:1: warning: 1 note; the policy (companion.yml) asks for at least 999 per article",
        "articles/b.md:2:1: warning: 1 note; the policy (companion.yml) asks for at least 999 per article"]
    assert result.lines[-1] == "nothing was written"


def test_generate_and_build_judge_the_same_inputs_alike(make_corpus):
    root = _project(make_corpus)
    assert run_cli(root, "generate", "--strict").status == 0
    _edit(root / "companion.yml", "min_notes: 1", "min_notes: 999")
    assert [run_cli(root, command, "--strict").status for command in ("generate", "build", "check")] == [1, 1, 1]


def test_the_published_site_holds_no_bookkeeping(make_corpus):
    root = _project(make_corpus)
    assert run_cli(root, "build").status == 0
    assert not [p for p in (root / "site").rglob(".*")]
    assert sitebuild.state_path(root).is_file()


def test_a_site_folder_the_build_did_not_make_is_left_alone(make_corpus):
    root = _project(make_corpus)
    (root / "site").mkdir()
    (root / "site/mine.html").write_text("mine")
    result = run_cli(root, "build")
    assert result.status == 1
    assert result.lines[-1] == ("site/ exists but there is no record that build_site.py built it ("
                                ".companion-cache/site-state.json); it is left alone. Move it away and build again.")
    assert [p.name for p in (root / "site").iterdir()] == ["mine.html"]


# --- Nothing is read that is not declared -------------------------------------------------


def test_the_site_settings_expose_only_declared_mkdocs_keys():
    assert [f.name for f in dataclasses.fields(SiteConfig)] == [key.field for key in inputs.MKDOCS_KEYS]


def test_the_environment_input_names_every_variable_mkdocs_yml_reads(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_url: !ENV [SITE_URL, OTHER_URL, 'http://x/']\n"
                                         "extra: {a: !ENV ONE, b: !ENV [TWO]}\n")
    assert inputs.env_names(tmp_path) == ["ONE", "OTHER_URL", "SITE_URL", "TWO"]


def test_only_declared_mkdocs_keys_are_read(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: N\nextra: {secret: 1}\ntheme: {name: material}\n")
    assert inputs.mkdocs_values(tmp_path) == {"site_name": "N"}


def _third_party_imports() -> set[str]:
    names = set()
    for path in inputs.PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {name for name in names if name not in sys.stdlib_module_names and name != "companion"}


def _normal(distribution: str) -> str:
    return distribution.lower().replace("_", "-")


def test_every_library_the_generator_imports_is_a_declared_input():
    distributions = importlib.metadata.packages_distributions()
    declared = {_normal(name) for name in (*inputs.GENERATOR_LIBRARIES, *inputs.RENDERER_LIBRARIES)}
    undeclared = {name: distributions.get(name) for name in _third_party_imports()
                  if name not in inputs.NOT_OUTPUT
                  and not {_normal(d) for d in distributions.get(name, [])} & declared}
    assert undeclared == {}


def test_every_file_a_build_reads_is_a_declared_input(make_corpus, monkeypatch):
    root = _project(make_corpus)
    assert run_cli(root, "build").status == 0
    CHANGES["articles"](root)
    _edit(root / "mkdocs.yml", "primary: indigo", "primary: teal")  # a full render, in-process
    opened: list[Path] = []

    def audit(event, args):
        if event == "open" and recording and isinstance(args[0], (str, Path)):
            mode, flags = args[1], args[2]
            reading = (mode is None and not flags & 0o3) or (isinstance(mode, str) and set(mode) <= set("rbt"))
            if reading:
                opened.append(Path(args[0]).resolve())

    recording = True
    sys.addaudithook(audit)  # hooks cannot be removed: this one stops recording when the test ends
    try:
        assert build.build(root, build.BuildOptions(in_process=True)).ok
    finally:
        recording = False
    declared = set()
    for folder in (root / "articles", root / "overrides"):
        declared |= {p.resolve() for p in folder.rglob("*") if p.is_file()}
    declared |= {(root / name).resolve() for name in ("companion.yml", "mkdocs.yml")}
    declared |= {(root / "docs" / rel).resolve() for rel in inputs.hand_written_pages(root)}
    made = (root / "docs", root / CACHE_DIR, root / "site")  # what the build itself wrote
    staging = (".build-", "site.tmp-", "site.old-")  # the build's own folders, gone when it ends
    read = {p for p in opened if p.is_relative_to(root) and p not in declared
            and not any(p.is_relative_to(folder) and (folder.name != "docs" or _generated(root, p))
                        for folder in made)
            and not any(part.startswith(staging) for part in p.relative_to(root).parts)}
    assert read == set()


def _generated(root: Path, path: Path) -> bool:
    rel = path.relative_to(root / "docs").as_posix()
    return rel == MANIFEST or rel in read_manifest(root / "docs")
