"""Language tags of articles and notes: a well-formed tag in any case is kept in BCP 47's case;
anything else is refused at its line with the tag most likely meant."""

from __future__ import annotations

import pytest
from support import ARTICLE, load_corpus, run_cli

NOTES = """\
notes:
  - id: rebalance
    quote: rebalance
    kind: context
    note: Une note en français.
    language: {note}
"""


def _article(language: str) -> str:
    return ARTICLE.replace("published: 2019-05\n", f"published: 2019-05\nlanguage: {language}\n")


@pytest.mark.parametrize("written, kept", [("ru", "ru"), ("EN-gb", "en-GB"), ("zh-hant-tw", "zh-Hant-TW"),
                                           ("sr-Latn", "sr-Latn"), ("de-CH-1996", "de-CH-1996")])
def test_a_well_formed_tag_is_kept_in_its_canonical_case(make_corpus, written, kept):
    root = make_corpus({"articles/a.md": _article(written), "articles/a.notes.yml": NOTES.format(note=written)})
    corpus, problems = load_corpus(root)
    assert problems.errors == []
    assert (corpus.articles[0].language, corpus.articles[0].notes[0].language) == (kept, kept)


@pytest.mark.parametrize("written, message", [
    ("russian", "'russian' is not a BCP 47 language tag such as 'en' or 'pt-BR' (did you mean 'ru'?)"),
    ("pt_BR", "'pt_BR' is not a BCP 47 language tag such as 'en' or 'pt-BR' (did you mean 'pt-BR'?)"),
    ("en-", "'en-' is not a BCP 47 language tag such as 'en' or 'pt-BR' (did you mean 'en'?)"),
    ("x1", "'x1' is not a BCP 47 language tag such as 'en' or 'pt-BR'"),
])
def test_a_tag_that_is_not_bcp_47_is_refused_with_the_likely_one(make_corpus, written, message):
    root = make_corpus({"articles/a.md": _article(written)})
    result = run_cli(root, "check")
    assert (result.status, result.lines) == (1, [f"articles/a.md:6:1: error: 'language': {message}",
                                                 "1 error, 0 warnings"])
    (root / "articles" / "a.md").write_text(ARTICLE, encoding="utf-8")
    (root / "articles" / "a.notes.yml").write_text(NOTES.format(note=written), encoding="utf-8")
    result = run_cli(root, "check")
    assert (result.status, result.lines) == (1, [f"articles/a.notes.yml:6:5: error: 'language': {message}",
                                                 "1 error, 0 warnings"])
