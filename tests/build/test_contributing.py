"""CONTRIBUTING.md's path works as written: an article added as it says passes the suite's corpus checks."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from sitechecks import check_links
from support import PROJECT, invented_companion, load_corpus, run_cli, write_project

EXAMPLE = re.compile(r"<!-- example: (?P<path>\S+) -->\n```\w+\n(?P<text>.*?)\n```", re.S)


def _examples() -> dict[str, str]:
    text = (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    return {m["path"]: m["text"] + "\n" for m in EXAMPLE.finditer(text)}


def test_an_article_added_as_contributing_says_keeps_the_checks_green(tmp_path):
    examples = _examples()
    article_path, notes_path = "articles/example-summit-op-ed.md", "articles/example-summit-op-ed.notes.yml"
    assert set(examples) == {article_path, notes_path}
    # A companion that meets the shipped policy (an invented one: the result must not depend on articles/).
    root = write_project(tmp_path / "companion", invented_companion(3), policy=True)
    before = len(load_corpus(root)[0].articles)

    # 1. Import a capture of the page, as a browser copies it: headline, byline, text, furniture.
    body = examples[article_path].split("\n---\n", 1)[1].strip()
    capture = tmp_path / "capture.txt"
    capture.write_text("Skip to main content\nThe summit that changed nothing\nBy Ann Example\n5 min read\n"
                       + body.replace("\n\n", "\n") + "\nShare this article\nRelated Articles\nAnother story\n",
                       encoding="utf-8")
    imported = run_cli(root, "import", str(capture), "--slug", "example-summit-op-ed")
    assert imported.status == 0 and imported.out.splitlines()[0] == f"wrote {article_path} and {notes_path}"
    written = (root / article_path).read_text(encoding="utf-8")
    assert written.split("\n---\n", 1)[1].strip() == body  # the whole text, verbatim, and nothing else
    assert (root / notes_path).read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schemas/notes.schema.json\n")

    # 2. Complete the front matter, 3. add the notes: the files as CONTRIBUTING shows them.
    for path, text in examples.items():
        (root / path).write_text(text, encoding="utf-8")
    checked = run_cli(root, "check", "--strict")
    notes = sum(len(a.notes) for a in load_corpus(root)[0].articles)
    assert (checked.status, checked.lines) == (0, [f"checked {before + 1} articles, {notes} notes: ok"])

    # The suite's checks on the built site hold with it.
    assert run_cli(root, "build").status == 0
    check_links(root / "site")
    page = BeautifulSoup((root / "site/articles/example-summit-op-ed/index.html").read_text(), "html.parser")
    assert len(page.select("span.rc-note")) == 8
    assert page.select_one("mark#reserves + button + span.rc-note .rc-verdict")["data-verdict"] == "inaccurate"
