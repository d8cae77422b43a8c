"""Markdown to HTML with raw HTML escaped and only safe link targets.

Article bodies and notes are untrusted text from pull requests, so this renderer:
- escapes every raw HTML tag (``<script>`` shows as text),
- keeps a link only if it is http(s), mailto, a relative path or a fragment,
- replaces images with their alt text (the site loads nothing from other hosts).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

import markdown
from markdown.treeprocessors import Treeprocessor

_SAFE_SCHEMES = {"http", "https", "mailto", ""}
INLINE_TAGS = {"a", "em", "strong", "code", "br", "span", "b", "i", "sub", "sup", "del", "mark"}


def is_safe_href(href: str) -> bool:
    """True for http(s), mailto, relative and fragment links; false for javascript:, data: and the like."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", href)  # browsers ignore these inside a scheme
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return False
    return scheme in _SAFE_SCHEMES


class _SafeLinks(Treeprocessor):
    def run(self, root: ElementTree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "a":
                    href = child.get("href", "")
                    if not is_safe_href(href):
                        child.tag = "span"  # keep the link text, drop the unsafe target
                        child.attrib.clear()
                elif child.tag == "img":
                    span = ElementTree.Element("span")
                    span.text = child.get("alt", "")
                    span.tail = child.tail
                    parent[index] = span


class _SafeExtension(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        md.preprocessors.deregister("html_block")  # raw HTML blocks become escaped text
        md.inlinePatterns.deregister("html")  # inline tags too
        md.treeprocessors.register(_SafeLinks(md), "rc_safe_links", 0)


def _new() -> markdown.Markdown:
    return markdown.Markdown(extensions=[_SafeExtension()], output_format="html")


_md = _new()


def render_document(text: str) -> str:
    """Render an article body (untrusted Markdown) safely; not cached, each body is rendered once."""
    _md.reset()
    return _md.convert(text)


_renders: dict[str, str] = {}


def render(text: str) -> str:
    """Render a short untrusted text (a note, a summary) safely, once per distinct text.

    A note's text is needed for its check, its note, link previews, the scorecard and the
    timeline, and Python-Markdown is the generator's most expensive step. The cache holds short
    texts only (bodies go through :func:`render_document`) and lasts one build (see
    :func:`forget_renders`); a bounded cache smaller than the corpus missed on every pass over
    the notes.
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
    html = render(text)
    if html.count("<p>") == 1 and html.startswith("<p>") and html.endswith("</p>"):
        return html[3:-4].replace("\n", " ").strip()
    html = re.sub(r"<p>", '<span class="rc-p">', html)
    return re.sub(r"</p>", "</span>", html).replace("\n", " ").strip()
