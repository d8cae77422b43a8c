"""Hostile text in an article and its notes, built into a page: every character shows as text,
no markup or script of it is live (the theme's title and meta description included)."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup
from support import run_cli

HOSTILE_ARTICLE = """\
---
title: "<script>alert('title')</script> & co"
published: 2019
summary: "<img src=x onerror=alert(1)> \\"quoted\\""
---

Body with <script>alert('body')</script> and [a link](javascript:alert(1)) and <b onclick="x()">bold</b>.
"""
HOSTILE_NOTES = """\
notes:
  - id: x
    quote: Body with
    kind: context
    note: "Note <script>alert('note')</script> [click](javascript:alert(2)) [data](data:text/html,hi) [ok](https://example.org)"
    sources:
      - title: "<b>bold</b>"
        url: "https://example.org/?q=<script>"
"""


def test_hostile_text_never_becomes_live_markup(make_corpus):
    root = make_corpus({"articles/evil.md": HOSTILE_ARTICLE, "articles/evil.notes.yml": HOSTILE_NOTES})
    result = run_cli(root, "build")
    assert result.status == 0, result.err
    soup = BeautifulSoup((root / "site/articles/evil/index.html").read_text(), "html.parser")
    article = soup.select_one("article.rc-article")
    assert article.select("script, img, b[onclick]") == []
    live = [s for s in soup.select("script") if s.get("type") != "application/ld+json"]
    assert [s for s in live if "alert" in s.get_text()] == []
    # The data blocks hold the hostile title as escaped JSON: no tag can open or close in them.
    for data in soup.select('script[type="application/ld+json"]'):
        assert "<" not in data.string and json.loads(data.string)
    assert not any(el.get(attr, "").lower().startswith(("javascript:", "data:"))
                   for el in soup.select("[href], [src]") for attr in ("href", "src"))
    assert [a["href"] for a in article.select(".rc-note-text a")] == ["https://example.org"]
    assert article.select_one("h1").get_text() == "<script>alert('title')</script> & co"
    assert soup.select_one("title").get_text().startswith("<script>alert('title')</script> & co")
    assert soup.select_one('meta[name="description"]')["content"] == '<img src=x onerror=alert(1)> "quoted"'
    assert "Note <script>alert('note')</script> click data ok" in article.select_one(".rc-note-text").get_text()
    paragraph = article.select_one(".rc-body p")
    for inserted in paragraph.select(".rc-note, .rc-ref"):
        inserted.decompose()
    assert paragraph.get_text() == "Body with <script>alert('body')</script> and a link and <b onclick=\"x()\">bold</b>."
