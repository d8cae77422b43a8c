"""Markdown to HTML for untrusted text: raw HTML shown as text, only safe link targets.

Article bodies and notes come from pull requests, so this renderer:
- shows every raw HTML tag as text (``<script>`` reads as "<script>"),
- keeps a link only if its target, as the browser will read it, is http(s), mailto, a
  relative path or a fragment,
- replaces images with their alt text (the site loads nothing from other hosts).

Two libraries do the work, each the established tool for its half, and both compiled:

- **cmarkgfm** binds cmark, the CommonMark reference implementation in C (GitHub's fork, the
  one PyPI renders READMEs with). It is about 50 times faster than Python-Markdown on our
  bodies (README, "Performance"). cmark has no switch to show raw HTML as text, so every
  ``<`` that does not open an autolink is swapped for a stand-in character before parsing,
  and the stand-in becomes ``&lt;`` afterwards: no raw HTML can reach the parser, and code
  spans and blocks keep their ``<`` as written.
- **nh3** (the binding to Ammonia, a maintained HTML sanitizer) then parses that HTML as a
  browser does and keeps only an allow-list of tags, attributes and URL schemes. It judges a
  URL after entity decoding and the WHATWG URL parser's removal of tabs, newlines and
  control characters, so ``&#106;avascript:``, ``jav&#x09;ascript:`` and ``JAVASCRIPT:``
  are all refused: the decision is made on the URL the browser would follow, not on the text
  as written, which a hand-written check got wrong.
"""

from __future__ import annotations

import html as _html
import re
from urllib.parse import unquote, urlsplit

import cmarkgfm
import nh3

_SAFE_SCHEMES = {"http", "https", "mailto"}
INLINE_TAGS = {"a", "em", "strong", "code", "br", "span", "b", "i", "sub", "sup", "del", "mark"}
# What CommonMark can produce without raw HTML; anything else is removed by the sanitizer.
_TAGS = INLINE_TAGS | {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "hr"}
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "code": {"class"}}
# A control character: the loader refuses them in every text, so none is left in the input.
_STAND_IN = "\x01"
_NOT_AUTOLINK = re.compile(r"<(?!(?:https?|mailto):[^\s<>]*>)", re.I)
_IMAGE = re.compile(r'<img src="[^"]*" alt="([^"]*)"[^>]*>')  # cmark's own output: a regular shape
# A link whose target cmark or the sanitizer refused keeps its text, as a span.
_LINK = re.compile(r'<a href="([^"]*)"')
_DEAD_LINK = re.compile(r'<a(?: href="")?(?: title="[^"]*")?>(.*?)</a>', re.S)


def is_safe_href(href: str) -> bool:
    """True for http(s), mailto, relative and fragment links, judged as a browser reads the (decoded) URL.

    ``href`` is the attribute's value after entity decoding. Percent-encoded characters are
    decoded too: a browser would not run "jav%09ascript:", but a link that only reads as a
    script URL is no link a reader needs either.
    """
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", unquote(href))  # what the URL parser strips or ignores
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return False
    return scheme in _SAFE_SCHEMES or scheme == ""


def render_document(text: str) -> str:
    """Render an article body (untrusted Markdown) safely; not cached, each body is rendered once."""
    html = cmarkgfm.markdown_to_html(_NOT_AUTOLINK.sub(_STAND_IN, text)).replace(_STAND_IN, "&lt;")
    # An image would load from another host: its alt text stands in its place (already escaped).
    html = _IMAGE.sub(r'<span>\1</span>', html)
    html = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SAFE_SCHEMES, link_rel=None,
                     strip_comments=True)
    # A second opinion on every link the sanitizer kept, on the decoded URL (defence in depth).
    html = _LINK.sub(lambda m: m.group(0) if is_safe_href(_html.unescape(m.group(1))) else "<a", html)
    return _DEAD_LINK.sub(r"<span>\1</span>", html)


_renders: dict[str, str] = {}


def render(text: str) -> str:
    """Render a short untrusted text (a note, a summary) safely, once per distinct text.

    A note's text is needed for its check, its note, link previews, the scorecard and the
    timeline. The cache holds short texts only (bodies go through :func:`render_document`)
    and lasts one build (see :func:`forget_renders`).
    """
    html = _renders.get(text)
    if html is None:
        html = _renders[text] = render_document(text)
    return html


def known_renders(texts) -> dict[str, str]:
    """The cached renders of ``texts``, for a worker process to send back to its parent."""
    return {text: _renders[text] for text in texts if text in _renders}


def forget_renders() -> None:
    """Empty the cache: its lifetime is one build (``serve`` rebuilds in the same process)."""
    _renders.clear()


def remember_renders(renders: dict[str, str]) -> None:
    """Add renders made in a worker process, so later workers (forked from here) reuse them."""
    _renders.update(renders)


def block_tags(html: str) -> set[str]:
    """The element names used in rendered HTML outside the inline set (to reject lists in notes)."""
    return {t for t in re.findall(r"<([a-z0-9]+)[\s>]", html)} - INLINE_TAGS - {"p"}


def render_inline(text: str) -> str:
    """Render a note to sit inside a paragraph: several paragraphs become ``<span class="rc-p">``,
    a single one needs no wrapper (one element less per note on every page)."""
    html = render(text).strip()
    if html.count("<p>") == 1 and html.startswith("<p>") and html.endswith("</p>"):
        return html[3:-4].replace("\n", " ").strip()
    html = re.sub(r"<p>", '<span class="rc-p">', html)
    return re.sub(r"</p>", "</span>", html).replace("\n", " ").strip()
