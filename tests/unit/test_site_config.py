"""mkdocs.yml, as far as the generator reads it: a file MkDocs cannot read, or a declared key
whose value the generator cannot use, is an error at its file:line:col in `check`, with the
loader's own messages, instead of a silent default."""

from __future__ import annotations

import pytest
from support import ARTICLE, run_cli

from companion.inputs import MKDOCS_KEYS
from companion.siteconfig import KEY_TYPES

MKDOCS = """\
site_name: A companion
site_url: !ENV [SITE_URL_FOR_THIS_TEST_ONLY, 'http://127.0.0.1:8000/']
theme:
  name: material
  custom_dir: overrides
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
"""


def _check(make_corpus, mkdocs: str):
    root = make_corpus({"articles/a.md": ARTICLE, "mkdocs.yml": mkdocs})
    return run_cli(root, "check")


def test_a_valid_mkdocs_yml_with_mkdocs_tags_checks_clean(make_corpus):
    result = _check(make_corpus, MKDOCS)
    assert (result.status, result.lines) == (0, ["checked 1 article, 0 notes: ok"])


@pytest.mark.parametrize("mkdocs, message", [
    (MKDOCS.replace("site_name: A companion", "site_name: [A, companion]"),
     "mkdocs.yml:1:12: error: 'site_name' must be text, not a list"),
    (MKDOCS.replace("site_name: A companion", "site_name: ''"),
     "mkdocs.yml:1:12: error: 'site_name' is empty"),
    (MKDOCS.replace("site_url: !ENV [SITE_URL_FOR_THIS_TEST_ONLY, 'http://127.0.0.1:8000/']",
                    "site_url: ftp://example.org/"),
     "mkdocs.yml:2:11: error: 'site_url': 'ftp://example.org/' is not a web address; use an http:// "
     "or https:// URL"),
    (MKDOCS + "use_directory_urls: sometimes\n",
     "mkdocs.yml:9:21: error: 'use_directory_urls' must be true or false"),
    (MKDOCS + "nav: index.md\n", "mkdocs.yml:9:6: error: 'nav' must be a list"),
    (MKDOCS.replace("custom_dir: overrides", "custom_dir: [overrides]"),
     "mkdocs.yml:5:15: error: 'theme.custom_dir' must be text, not a list"),
    (MKDOCS + "nav: [index.md\n",
     "mkdocs.yml:10:1: error: invalid YAML: expected ',' or ']', but got '<stream end>'"),
    (MKDOCS + "\tnav: []\n", "mkdocs.yml:9:1: error: invalid YAML: a tab character; indent with spaces"),
    ("- site_name\n- A companion\n", "mkdocs.yml:1:1: error: must be a mapping of settings (key: value)"),
    (MKDOCS + "repo_url: github.com/example/companion\n",
     "mkdocs.yml:9:11: error: 'repo_url': 'github.com/example/companion' is not a web address; use an "
     "http:// or https:// URL"),
    (MKDOCS + "extra:\n  license: CC BY 4.0\n",
     "mkdocs.yml:10:12: error: 'extra.license' must be a mapping with 'name' and 'url'"),
    (MKDOCS + "extra:\n  license:\n    name: CC BY 4.0\n",
     "mkdocs.yml:11:5: error: missing required field 'url' in extra.license"),
    (MKDOCS + "extra:\n  license:\n    name: CC BY 4.0\n    url: creativecommons.org\n",
     "mkdocs.yml:12:10: error: 'extra.license.url': 'creativecommons.org' is not a web address; use an "
     "http:// or https:// URL"),
    (MKDOCS.replace("  custom_dir: overrides", "  custom_dir: overrides\n  language: English"),
     "mkdocs.yml:6:13: error: 'theme.language': 'English' is not a BCP 47 language tag such as 'en' or "
     "'pt-BR' (did you mean 'en'?)"),
])
def test_each_problem_of_mkdocs_yml_has_an_exact_message(make_corpus, mkdocs, message):
    result = _check(make_corpus, mkdocs)
    assert (result.status, result.lines) == (1, [message, "1 error, 0 warnings"])


def test_mkdocs_yml_problems_come_with_every_other_problem_in_one_run(make_corpus):
    root = make_corpus({"articles/a.md": ARTICLE.replace("published: 2019-05", "published: May 2019"),
                        "mkdocs.yml": MKDOCS + "use_directory_urls: sometimes\n"})
    result = run_cli(root, "check")
    assert result.status == 1
    assert [line.split(": error: ")[0] for line in result.lines[:-1]] == ["articles/a.md:5:1", "mkdocs.yml:9:21"]


def test_every_key_the_generator_reads_has_a_type():
    assert sorted(KEY_TYPES) == sorted(key.path for key in MKDOCS_KEYS)
    assert all(field.name == path for path, field in KEY_TYPES.items())
