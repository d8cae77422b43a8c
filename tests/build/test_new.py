"""Issue 27 A: the generator installs as a package, and ``new DIR`` starts a companion of one's own."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support import PROJECT, run_cli

from companion.prerendered import is_plain_mkdocs_serve

NAME = 'Ann\'s "companion": notes # one'


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_pyproject_dependencies_are_requirements_pins():
    pyproject = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = _pins_of(pyproject["project"]["dependencies"])
    locked = _pins(PROJECT / "requirements.txt")
    assert all("==" in dep for dep in pyproject["project"]["dependencies"])
    assert {name: locked.get(name) for name in declared} == declared
    # The top-level packages named in requirements.txt's header are exactly the declared ones.
    assert sorted(declared) == sorted(["mkdocs", "mkdocs-material", "pymdown-extensions", "markdown",
                                       "jinja2", "pyyaml", "cmarkgfm", "nh3", "rcssmin", "rjsmin",
                                       "rapidfuzz", "trafilatura", "ebooklib"])


def _pins_of(deps: list[str]) -> dict[str, str]:
    return {re.sub(r"[-_.]+", "-", d.split("==")[0]).lower(): d.split("==")[1] for d in deps}


def test_new_refuses_a_folder_that_is_not_empty(tmp_path):
    target = tmp_path / "taken"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    result = run_cli(tmp_path, "new", str(target))
    assert result.status == 1
    assert result.lines == [f"build_site.py new: {target} exists and is not empty; "
                            "choose a new or empty folder (nothing was written)"]
    assert [p.name for p in target.iterdir()] == ["keep.txt"]


def test_new_refuses_a_file(tmp_path):
    target = tmp_path / "a-file"
    target.write_text("x", encoding="utf-8")
    result = run_cli(tmp_path, "new", str(target))
    assert (result.status, result.lines) == (1, [f"build_site.py new: {target} exists and is not a "
                                                 "folder; nothing was written"])
    assert target.read_text(encoding="utf-8") == "x"


def test_new_refuses_an_empty_name(tmp_path):
    result = run_cli(tmp_path, "new", str(tmp_path / "x"), "--name", " ")
    assert (result.status, result.lines) == (1, ["build_site.py new: --name must be one line of "
                                                 "text, not ' '; nothing was written"])
    assert not (tmp_path / "x").exists()


def test_new_companion_checks_strictly_and_builds(tmp_path):
    target = tmp_path / "mine"
    target.mkdir()  # an empty folder is accepted
    assert run_cli(tmp_path, "new", str(target), "--name", NAME).status == 0
    assert os.access(target / ".ci" / "run", os.X_OK)
    assert (target / ".github" / "workflows" / "deploy.yml").is_file()
    assert "reading-companion @ " in (target / "requirements.txt").read_text(encoding="utf-8")
    check = run_cli(target, "check", "--strict")
    assert (check.status, check.lines) == (0, ["checked 1 article, 9 notes: ok"])
    build = run_cli(target, "build", "--strict")
    assert build.status == 0, build.err
    home = BeautifulSoup((target / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    for permalink in home.select("h1 a.headerlink"):
        permalink.decompose()
    assert home.select_one("h1").get_text(strip=True) == NAME
    assert home.select_one("title").get_text().endswith(NAME)
    page = target / "site" / "articles" / "example-summit-op-ed" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert len(soup.select("span.rc-note")) == 8
    assert [m["id"] for m in soup.select("mark.rc-bare[id]")] == ["every-communique"]
    assert soup.select_one(".rc-note[data-kind='fact-check'] .rc-verdict") is not None


def test_python_m_companion_help():
    result = subprocess.run([sys.executable, "-m", "companion", "--help"], capture_output=True,
                            text=True, cwd=PROJECT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: companion ")
    assert "new" in result.stdout.split("positional arguments:", 1)[1]


@pytest.mark.parametrize(("argv", "expected"), [
    (["/v/bin/mkdocs", "serve", "-a", "127.0.0.1:9000"], True),
    (["/v/lib/python3.11/site-packages/mkdocs/__main__.py", "serve"], True),
    (["/v/bin/mkdocs", "build"], False),
    (["build_site.py", "serve"], False),  # the preview regenerates docs/ itself
    ([], False),
])
def test_serve_notice_only_for_plain_mkdocs_serve(argv, expected):
    assert is_plain_mkdocs_serve(argv) is expected


@pytest.mark.slow
def test_installed_package_outside_the_checkout(tmp_path):
    """Slow (a wheel build and a site build, about 10 s): the installed generator on its own.

    The fresh venv sees the test venv's dependencies through a plain path line, which Python
    does not scan for .pth files, so the test venv's editable install (pointing at this
    checkout) is not visible: only the wheel's copy of ``companion`` can be imported.
    """
    source = tmp_path / "src"  # build from a copy, so that nothing is written into the checkout
    shutil.copytree(PROJECT / "companion", source / "companion",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT / name, source / name)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(tmp_path / "wheels"), str(source)],
                   check=True, env=env, cwd=tmp_path)
    fresh = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(fresh)], check=True)
    python = fresh / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    deps = subprocess.run([sys.executable, "-c", "import mkdocs, os; print(os.path.dirname(os.path.dirname(mkdocs.__file__)))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "test-venv-dependencies.pth").write_text(deps + "\n", encoding="utf-8")
    wheel = next((tmp_path / "wheels").glob("reading_companion-*.whl"))
    subprocess.run([*pip, "--python", str(python), "install", "--no-deps", str(wheel)],
                   check=True, env=env, cwd=tmp_path)
    where = subprocess.run([str(python), "-c", "import companion; print(companion.__file__)"],
                           capture_output=True, text=True, check=True, env=env, cwd=tmp_path)
    assert where.stdout.startswith(purelib)
    lines = [line for p in Path(purelib).glob("*.pth") for line in p.read_text().splitlines()]
    assert lines == [deps]  # the dependencies only: no line names the checkout

    target = tmp_path / "own"
    for argv in (["new", str(target), "--name", NAME], ["generate", "--strict"]):
        run = subprocess.run([str(fresh / "bin" / "companion"), *argv], capture_output=True, text=True,
                             env=env, cwd=target if argv[0] == "generate" else tmp_path)
        assert run.returncode == 0, run.stderr
    mkdocs = subprocess.run([str(python), "-m", "mkdocs", "build", "--strict"], capture_output=True,
                            text=True, env={**env, "NO_MKDOCS_2_WARNING": "1"}, cwd=target)
    assert mkdocs.returncode == 0, mkdocs.stdout + mkdocs.stderr
    soup = BeautifulSoup((target / "site" / "articles" / "example-summit-op-ed" / "index.html")
                         .read_text(encoding="utf-8"), "html.parser")
    assert len(soup.select("article.rc-article span.rc-note")) == 8
