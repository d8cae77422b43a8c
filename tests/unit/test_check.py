"""`build_site.py check` and `build`: every problem at its file:line:col, all in one run, nothing written."""

from __future__ import annotations

from support import ARTICLE, run_cli


def test_clean_corpus_checks_ok(make_corpus):
    root = make_corpus({"articles/good.md": ARTICLE})
    result = run_cli(root, "check")
    assert (result.status, result.lines) == (0, ["checked 1 article, 0 notes: ok"])


BAD_FRONT_MATTER = {
    "articles/a.md": "no front matter\n",
    "articles/b.md": "---\ntitle: [unclosed\npublished: 2019\n---\nbody\n",
    "articles/c.md": "---\nauthor: X\n---\nbody\n",
    "articles/d.md": "---\ntitle: T\npublished: 2019-13-40\n---\nbody\n",
    "articles/Bad_Slug.md": "---\ntitle: T\npublished: 2019\n---\nbody\n",
    "articles/e.md": "---\ntitle: T\ntitel: x\npublished: 2019-02-30\nurl: javascript:alert(1)\ntitle: again\n---\nbody\n",
    "articles/f.md": "---\ntitle: T\npublished: 2019\n---\n",
    "articles/g.md": "---\ntitle: T\npublished: 2019\n\tauthor: x\n---\nb\n",
    "articles/h.md": b"---\ntitle: \xff\n---\n",
    "articles/i.md": "---\n---\nbody\n",
    "articles/j.md": "---\ntitle: T\npublished: 2019\nbody without a closing fence\n",
    "articles/k.md": "---\n- a list\n---\nbody\n",
    "articles/index.md": "---\ntitle: T\npublished: 2019\n---\nbody\n",
    "articles/l.md": "---\ntitle: [a, b]\npublished: 2019\nrepublished: {outlet: X}\n---\nbody\n",
    "articles/m.md": "---\ntitle: T\npublished: 2019\nrepublished:\n  - outlet: X\n    date: 2019-1\n    venue: Y\n---\nbody\n",
}


def test_every_front_matter_problem_is_reported_in_one_run(make_corpus):
    root = make_corpus(BAD_FRONT_MATTER)
    result = run_cli(root, "check")
    assert result.status == 1
    assert result.lines == [
        "articles/Bad_Slug.md:1:1: error: invalid slug 'Bad_Slug': use lowercase letters a-z, digits and single hyphens",
        "articles/a.md:1:1: error: no front matter: the file must start with a line '---', then YAML, then '---'",
        "articles/b.md:3:10: error: invalid YAML: did not find expected ',' or ']'",
        "articles/c.md:2:1: error: missing required field 'published' in front matter",
        "articles/c.md:2:1: error: missing required field 'title' in front matter",
        "articles/d.md:3:1: error: 'published': '2019-13-40' is not a possible date: there is no month 13",
        "articles/e.md:3:1: error: unknown field 'titel' in front matter (did you mean 'title'?); allowed: title, author, "
        "outlet, published, url, republished, summary, provenance, provenance_sources, key_claims, language",
        "articles/e.md:4:1: error: 'published': '2019-02-30' is not a possible date: February 2019 has 28 days",
        "articles/e.md:5:1: error: 'url': 'javascript:alert(1)' is not a web address; use an http:// or https:// URL",
        "articles/e.md:6:1: error: duplicate key 'title' (first given on line 2)",
        "articles/f.md:5:1: error: the article has no body text after its front matter",
        "articles/g.md:4:1: error: invalid YAML: a tab character; indent with spaces",
        "articles/h.md:2:8: error: file is not UTF-8 text (byte 0xff)",
        "articles/i.md:1:1: error: front matter is empty; 'title' and 'published' are required",
        "articles/index.md:1:1: error: the slug 'index' is reserved: articles/index.md would replace the articles index page",
        "articles/j.md:1:1: error: front matter is not closed: add a line '---' after the last field",
        "articles/k.md:2:1: error: front matter must be a mapping of 'field: value' lines",
        "articles/l.md:2:1: error: 'title' must be text, not a list",
        "articles/l.md:4:1: error: 'republished' must be a list",
        "articles/m.md:6:5: error: 'date': '2019-1' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD",
        "articles/m.md:7:5: error: unknown field 'venue' in an entry of 'republished'; allowed: outlet, date, url",
        "21 errors, 0 warnings",
    ]


def test_build_with_errors_writes_nothing(make_corpus):
    root = make_corpus({"articles/good.md": ARTICLE, "articles/d.md": "---\ntitle: T\npublished: 2019-13-40\n---\nbody\n"})
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    result = run_cli(root, "build")
    assert result.status == 1
    assert result.lines[-1] == "nothing was written"
    # Only the per-article cache may be kept (it never holds output, see companion.cache).
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if not p.relative_to(root).as_posix().startswith(".companion-cache")) == before


def test_bad_usage_exits_2(make_corpus):
    root = make_corpus({"articles/good.md": ARTICLE})
    assert run_cli(root, "frobnicate").status == 2
    assert run_cli(root, "check", "--format", "xml").status == 2


def test_missing_articles_folder(tmp_path):
    result = run_cli(tmp_path, "check")
    assert (result.status, result.lines[0]) == (1, "articles:1:1: error: no articles/ folder here; run build_site.py from the project root")


def test_link_to_a_file_outside_the_project_is_refused(make_corpus, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text(ARTICLE)
    root = make_corpus({})
    (root / "articles" / "linked.md").symlink_to(outside)
    result = run_cli(root, "check")
    assert result.lines[0] == "articles/linked.md:1:1: error: is a link to a file outside the project; copy the file in instead"


def test_check_says_once_when_the_theme_is_past_its_end_of_life(make_corpus, monkeypatch):
    import datetime

    from companion import sitebuild

    root = make_corpus({"articles/good.md": ARTICLE})
    assert run_cli(root, "check").lines == ["checked 1 article, 0 notes: ok"]
    real = sitebuild.end_of_life_notice
    monkeypatch.setattr(sitebuild, "end_of_life_notice", lambda: real(datetime.date(2027, 5, 6)))
    assert run_cli(root, "check").lines == [
        "note: mkdocs-material 9.8.1 reached its announced end of life on 5 May 2027; build with --renderer zensical "
        "(README, \"Renderers\")",
        "checked 1 article, 0 notes: ok"]
    assert real(datetime.date(2027, 5, 5)) is None


def test_input_files_the_loader_would_skip_are_named(make_corpus):
    root = make_corpus({
        "articles/good.md": ARTICLE, "articles/good.notes.yaml": "notes: []\n",
        "articles/timeline.yaml": "events: []\n", "articles/good.yml": "notes: []\n",
        "articles/other.markdown": ARTICLE, "articles/image.png": "not input",
    })
    result = run_cli(root, "check")
    assert (result.status, result.lines) == (1, [
        "articles/good.notes.yaml:1:1: error: not read: notes files end in .notes.yml; rename this file to good.notes.yml",
        "articles/good.yml:1:1: error: not read: a YAML file here is either <article>.notes.yml or timeline.yml; "
        "for notes on articles/good.md, rename it to good.notes.yml",
        "articles/other.markdown:1:1: error: not read: articles end in .md; rename this file to other.md",
        "articles/timeline.yaml:1:1: error: not read: the timeline file is named timeline.yml; rename this file to it",
        "4 errors, 0 warnings",
    ])
