"""Bad input of every kind gets a clean error and loses nothing; random input never crashes the loader."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from support import ARTICLE, FUZZ_EXAMPLES, run_cli, write_project

from companion import anchor
from companion.pipeline import gather
from companion.yamlload import CONTROL_CHARACTERS, control_character_message


def test_a_very_large_file_is_refused_with_its_size(make_corpus):
    big = ARTICLE + "word " * 250_000
    root = make_corpus({"articles/big.md": big})
    result = run_cli(root, "check")
    size = len(big.encode("utf-8"))
    assert result.lines == [f"articles/big.md:1:1: error: file is {size:,} bytes; the limit is 1,000,000", "1 error, 0 warnings"]


def test_control_characters_in_yaml_are_reported_at_their_position(make_corpus):
    root = make_corpus({"articles/good.md": ARTICLE, "articles/good.notes.yml": "notes:\n  - id: a\x07b\n"})
    assert run_cli(root, "check").lines == [
        "articles/good.notes.yml:2:10: error: the text holds the control character U+0007; remove it",
        "1 error, 0 warnings"]


def test_an_unexpected_failure_names_the_file_and_prints_no_traceback(make_corpus, monkeypatch):
    root = make_corpus({"articles/good.md": ARTICLE, "articles/good.notes.yml": "notes:\n  - {id: a, quote: rebalance}\n"})

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(anchor, "_find_all", broken)
    result = run_cli(root, "check")
    assert (result.status, result.lines) == (1, [
        "build_site.py: internal error in articles/good.md: RuntimeError: boom"])


def test_empty_notes_and_timeline_files(make_corpus):
    root = make_corpus({"articles/good.md": ARTICLE, "articles/good.notes.yml": "", "articles/timeline.yml": ""})
    assert run_cli(root, "check").lines == [
        "articles/good.notes.yml:1:1: error: the notes file is empty; it needs a 'notes:' list",
        "articles/timeline.yml:1:1: error: the timeline file must be a mapping with an 'events:' list",
        "2 errors, 0 warnings",
    ]


YAML_ALPHABET = string.ascii_letters + string.digits + " :-#[]{}'\"\n\t|>&*!%@,.?" + "é’“”—\x00\x07"


@settings(max_examples=FUZZ_EXAMPLES(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=st.text(alphabet=YAML_ALPHABET, max_size=300), timeline=st.text(alphabet=YAML_ALPHABET, max_size=200),
       body=st.text(max_size=300))
def test_random_input_gives_a_clean_error_or_a_clean_build(tmp_path_factory, notes, timeline, body):
    root = write_project(tmp_path_factory.mktemp("fuzz"), {
        "articles/a.md": f"---\ntitle: T\npublished: 2019\n---\n\n{body}\n",
        "articles/a.notes.yml": notes,
        "articles/timeline.yml": timeline,
    })
    gathered = gather(root)  # must not raise
    assert all(p.location.path.startswith("articles/") for p in gathered.problems.sorted())
    assert bool(gathered.outputs) == (not gathered.problems.errors)


@settings(max_examples=FUZZ_EXAMPLES(100), deadline=None)
@given(st.lists(st.sampled_from(["notes:", "  - id: a", "    quote: x", "    kind: context", "    note: y",
                                  "links:", "  - from: a", "    to: a#a", "corrections:", "  - date: 2019",
                                  "    sources: [{title: t}]", "    verdict: accurate", "\tbad", "- list"]),
                max_size=12))
def test_structured_random_notes_never_crash(tmp_path_factory, lines):
    root = write_project(tmp_path_factory.mktemp("fuzz"), {"articles/a.md": ARTICLE, "articles/a.notes.yml": "\n".join(lines) + "\n"})
    gathered = gather(root)  # must not raise
    assert all(p.location.path.startswith("articles/") and p.location.line >= 1 for p in gathered.problems.sorted())
    assert bool(gathered.outputs) == (not gathered.problems.errors)


# --- Hostile values in every field, judged on what the browser gets --------------------------

# Encodings of script URLs, markup, Markdown, control characters, very long and odd Unicode values.
HOSTILE = [
    "javascript:alert(1)", "&#106;avascript:alert(1)", "jav&#x09;ascript:alert(1)", "JaVaScRiPt&colon;alert(1)",
    "java\u0000script:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>', "' onmouseover='alert(1)",
    "[x](javascript:alert(1))", "[x](&#106;avascript:alert(1))", "[x](jav&#x09;ascript:alert(1))", "[x](JAVASCRIPT:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)", '<a href="javascript:alert(1)">x</a>', "![x](javascript:alert(1))",
    "<https://example.org/ok>", "[ok](https://example.org/ok)", "[v](vbscript:msgbox(1))", "*em* **strong** `code <b>`",
    "</mark></span></p>", "<!-- comment -->", "]]><![CDATA[", "&amp; &lt; &#x3c; &nbsp;", "\u202eevil", "😀 ﷽ 𝕏",
    "a" * 3000, "\u0007bell", "\u001b[31m", "\u0085nel", "\u2028ls", "\u2029ps", "\ufffe", "# Heading", "- item",
    "> quoted",
]
# Values that every field accepts (they must reach the page to be tested there), and values that
# some field refuses (they must give an error instead); one example spoils at most one field.
REFUSED = {"\u0007bell", "\u001b[31m", "\u0085nel", "\u2028ls", "\u2029ps", "\ufffe", "# Heading", "- item", "> quoted", "java\u0000script:alert(1)"}
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=30)
VALUES = st.lists(st.sampled_from(sorted(set(HOSTILE) - REFUSED)) | TEXT, min_size=1, max_size=3).map(" ".join).filter(
    lambda v: v.strip() and not re.match(r"^\s*([-+*>#]|\d+[.)])", v))
SPOILERS = st.sampled_from(sorted(REFUSED))
GOOD_URLS = ["https://example.org/a?b=1&c=2", 'https://example.org/"><script>alert(1)</script>',
             "https://example.org/#'onmouseover='x'", "https://example.org/%0aX"]
URLS = st.sampled_from(GOOD_URLS * 3 + ["javascript:alert(1)", "&#106;avascript:alert(1)", "data:text/html,x"])
FIELDS = ("title", "author", "outlet", "summary", "provenance", "source", "publisher", "republished", "note", "link",
          "correction", "event", "event_note", "topic")


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's), so every value arrives as written."""
    return json.dumps(value, ensure_ascii=False)


def _hostile_project(root: Path, v: dict[str, str], url: str) -> Path:
    body = "The first paragraph holds the anchor phrase one.\n\nThe second holds anchor phrase two.\n\n" + v["note"] + "\n"
    front = (f"title: {_q(v['title'])}\nauthor: {_q(v['author'])}\noutlet: {_q(v['outlet'])}\npublished: 2019-05\n"
             f"url: {_q(url)}\nsummary: {_q(v['summary'])}\nprovenance: {_q(v['provenance'])}\n"
             f"provenance_sources:\n  - {{title: {_q(v['source'])}, publisher: {_q(v['publisher'])}, url: {_q(url)}}}\n"
             f"republished:\n  - {{outlet: {_q(v['republished'])}, url: {_q(url)}}}\nkey_claims: [one]\n")
    notes = (f"notes:\n  - {{id: one, quote: anchor phrase one, kind: fact-check, verdict: accurate, note: {_q(v['note'])},"
             f" sources: [{{title: {_q(v['source'])}, url: {_q(url)}, publisher: {_q(v['publisher'])}}}]}}\n"
             f"  - {{id: two, quote: anchor phrase two, kind: prediction, outcome: pending, note: {_q(v['note'])}}}\n"
             f"links:\n  - {{from: one, to: 'other#x', type: contradicts, topic: {_q(v['topic'])}, note: {_q(v['link'])}}}\n"
             f"corrections:\n  - {{date: 2020-01, note: {_q(v['correction'])}, notes: [one]}}\n")
    return write_project(root, {
        "articles/good.md": f"---\n{front}---\n\n{body}",
        "articles/good.notes.yml": notes,
        "articles/other.md": "---\ntitle: Other\npublished: 2020\n---\n\nAnother text with x marks.\n",
        "articles/other.notes.yml": "notes:\n  - {id: x, quote: x marks, kind: context, note: A note.}\n",
        "articles/timeline.yml": f"events:\n  - {{id: e, date: 2019-04, title: {_q(v['event'])}, note: {_q(v['event_note'])}, "
                                 f"sources: [{{title: {_q(v['source'])}, url: {_q(url)}}}], claims: ['good#one']}}\n",
    })


_SCRIPT_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.I)
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "data")


def _live_script_urls(soup: BeautifulSoup) -> list[str]:
    """Attribute values a browser would follow as script or data URLs (entities are already decoded here)."""
    found = []
    for element in soup.find_all(True):
        for attribute in _URL_ATTRIBUTES:
            value = element.get(attribute)
            if value and _SCRIPT_SCHEME.match(re.sub(r"[\x00-\x20\x7f]", "", value)):
                found.append(f"<{element.name} {attribute}={value!r}>")
    return found


def _check_site(site: Path, theirs: set[str]) -> None:
    """What the browser gets: no script URL, no event handler, no script we did not write, every feed parses."""
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert _live_script_urls(soup) == [], page
        handlers = [f"{e.name}.{a}" for e in soup.find_all(True) for a in e.attrs if a.lower().startswith("on")]
        assert handlers == [], page
        for script in soup.find_all("script"):
            if script.get("type") in ("application/ld+json", "application/json"):
                json.loads(script.string)  # data only: our ClaimReview list, the theme's settings
            elif script.get("src"):
                assert script["src"].split("/")[-1] in theirs, script
            else:
                assert _relative_paths_out(script.string) in theirs, script  # the theme's own inline scripts
        assert not soup.find_all(["iframe", "object", "embed", "img", "style", "base", "meta"],
                                 attrs={"http-equiv": True}) and not soup.find_all(["iframe", "object", "embed", "img",
                                                                                     "base"]), page
    for feed in [*site.rglob("*.xml")]:
        ElementTree.parse(feed)  # well-formed XML: no control character got through
    for data in [*site.rglob("*.json"), *site.rglob("*.jsonld")]:
        json.loads(data.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def theme_scripts(tmp_path_factory) -> set[str]:
    """The scripts the theme itself puts in a page (file names and inline texts), from a harmless build."""
    root = write_project(tmp_path_factory.mktemp("plain"), {"articles/a.md": ARTICLE})
    assert run_cli(root, "build").status == 0
    soup = BeautifulSoup((root / "site/articles/a/index.html").read_text(), "html.parser")
    return {s["src"].split("/")[-1] if s.get("src") else _relative_paths_out(s.string) for s in soup.find_all("script")
            if s.get("type") not in ("application/ld+json", "application/json")}


def _relative_paths_out(script: str) -> str:
    """A theme script with its page-relative paths ("../..", "/") blanked: the same script on every page."""
    return re.sub(r'"[./]*"', '""', script)


# Every value above, in every field, is an explicit example, so the suite tries each of them on
# every run: accepted values all at once in one build (once per URL), and each refused value in
# a field of its own. Random draws add combinations on top (more of them with HYPOTHESIS_PROFILE=long).
ACCEPTED = " ".join(sorted(set(HOSTILE) - REFUSED))
ALL_ACCEPTED = {name: ACCEPTED for name in FIELDS}


def _with_examples(test):
    for url in sorted(set(GOOD_URLS) | {"javascript:alert(1)", "&#106;avascript:alert(1)", "data:text/html,x"}):
        test = example(values=ALL_ACCEPTED, url=url, spoiled=None)(test)
    for i, spoiler in enumerate(sorted(REFUSED)):
        test = example(values=ALL_ACCEPTED, url=GOOD_URLS[0], spoiled=(FIELDS[i % len(FIELDS)], spoiler))(test)
    return test


@settings(max_examples=FUZZ_EXAMPLES(8), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much])
@given(values=st.fixed_dictionaries({name: VALUES for name in FIELDS}), url=URLS,
       spoiled=st.none() | st.tuples(st.sampled_from(FIELDS), SPOILERS))
@_with_examples
def test_hostile_values_in_every_field_never_reach_the_browser_as_code(tmp_path_factory, theme_scripts, values, url,
                                                                        spoiled):
    if spoiled:
        values = {**values, spoiled[0]: values[spoiled[0]] + " " + spoiled[1]}
    root = _hostile_project(tmp_path_factory.mktemp("hostile") / "project", values, url)
    result = run_cli(root, "build")
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err
    event("built" if result.status == 0 else "refused")
    if result.status == 0:
        _check_site(root / "site", theme_scripts)
        page = BeautifulSoup((root / "site/articles/good/index.html").read_text(), "html.parser")
        # Plain-text fields are text, exactly as written.
        assert page.select_one("article.rc-article h1").get_text() == values["title"].strip()
        assert page.select_one(".rc-outlet").get_text() == values["outlet"].strip()
    else:
        assert result.lines[-1] == "nothing was written" and not (root / "site").exists()
        problems = [line for line in result.lines[:-2]]
        assert problems and all(re.match(r"^articles/[a-z.]+:\d+:\d+: (error|warning): ", line) for line in problems)
        assert all(len(line) < 2000 for line in problems)  # a message quotes a capped value


@pytest.mark.parametrize("field", FIELDS)
def test_each_control_character_is_refused_in_each_field(tmp_path, field):
    """The check alone (no build): every refused character, in every field, is one exact error at file:line."""
    unexpected = []
    for i, spoiler in enumerate(sorted(v for v in REFUSED if CONTROL_CHARACTERS.search(v))):
        values = {**{name: "plain words" for name in FIELDS}, field: "plain words " + spoiler}
        root = _hostile_project(tmp_path / str(i), values, GOOD_URLS[0])
        message = re.escape(control_character_message(CONTROL_CHARACTERS.search(spoiler).group()))
        lines = run_cli(root, "check").lines
        errors = lines[:-1]  # one per file that holds the field (a source title is in two)
        if not (errors and all(re.fullmatch(rf"articles/[a-z.]+:\d+:\d+: error: {message}", e) for e in errors)
                and lines[-1] == f"{len(errors)} error{'s' if len(errors) > 1 else ''}, 0 warnings"):
            unexpected.append((spoiler, lines))
    assert unexpected == []


def test_yaml_aliases_are_refused_before_they_can_expand(make_corpus):
    bomb = "---\n" + "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9 if i else ["x"] * 9) + "]\n"
                               for i in range(9)) + "title: T\npublished: *a8\n---\n\nBody.\n"
    root = make_corpus({"articles/bomb.md": bomb})
    assert run_cli(root, "check").lines == [
        "articles/bomb.md:2:5: error: YAML anchors and aliases (&name, *name) are not allowed here; write the value out",
        "1 error, 0 warnings"]


@pytest.mark.parametrize("files, message", [
    ({"articles/a.md": ARTICLE.replace("published: 2019-05", "published: 0000-01")},
     "articles/a.md:5:1: error: 'published': '0000-01' is not a possible date: years run from 0001 to 9999"),
    ({"articles/a.md": ARTICLE, "articles/timeline.yml": "events:\n  - {id: e, date: 0000-03, title: T}\n"},
     "articles/timeline.yml:2:13: error: 'date': '0000-03' is not a possible date: years run from 0001 to 9999"),
    ({"articles/a.md": ARTICLE.replace("title: A test article", 'title: "A \\x00 test"')},
     "articles/a.md:2:8: error: the text holds the control character U+0000; remove it"),
    ({"articles/a.md": ARTICLE.replace("The second paragraph", "The \x1b[31msecond paragraph")},
     "articles/a.md:10:5: error: the text holds the control character U+001B; remove it"),
    ({"articles/a.md": ARTICLE, "articles/a.notes.yml": "notes:\n  - {id: a, quote: rebalance, kind: context, note: x}\n"
      "links:\n  - from: a\n    to: 'b#c'\n    type: supports\n    note: |\n      # A heading\n"},
     "articles/a.notes.yml:7:5: error: 'note' uses <h1>; it is shown inside a line of text, so it may hold only "
     "paragraphs, inline formatting and links"),
    ({"articles/a.md": ARTICLE, "articles/timeline.yml": "events:\n  - id: e\n    date: 2019\n    title: T\n"
      "    note: |\n      ## Heading\n"},
     "articles/timeline.yml:5:5: error: 'note' uses <h2>; a heading would break the page's outline, so it may hold "
     "paragraphs, lists, quotes, inline formatting and links"),
    ({"articles/a.md": ARTICLE, "articles/a.notes.yml": "notes:\n  - {id: a, quote: rebalance, verdict: accurate, note: x, kind: nonsense" + "x" * 5000 + "}\n"},
     "articles/a.notes.yml:2:59: error: unknown kind 'nonsense" + "x" * 71 + "…'; allowed: context, fact-check, "
     "prediction, definition, source"),
])
def test_each_hostile_value_gets_one_clear_error(make_corpus, files, message):
    root = make_corpus(files)
    result = run_cli(root, "check")
    assert (result.status, result.lines) == (1, [message, "1 error, 0 warnings"])
