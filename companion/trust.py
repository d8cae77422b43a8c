"""Trust on the page: corrections shown where they apply, a way to report a problem, the licence.

The models are the IFCN's corrections and transparency commitments and Distill's "Updates and
corrections": a corrected note says so, with the date and what changed, and links to its entry
in the corrections log; each note links to a prefilled issue on the companion's repository; each
article page ends with its history. Everything here is plain data for the templates, which
escape it.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode, urlsplit

from markupsafe import Markup, escape

from . import safe_markdown
from .model import Article, Correction
from .siteconfig import SiteConfig

# Block elements that Markdown may hold but a note (phrasing content, inside a paragraph) may not.
_BLOCK_TAGS = re.compile(r"<(?:ul|ol|li|blockquote|pre|hr|h[1-6])\b")
_GITHUB_REPO = re.compile(r"^/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\.git)?/?$")


def correction_anchors(corrections) -> dict[Correction, str]:
    """A stable anchor for each correction: ``correction-<slug>-<date>``, then ``-2``, ``-3`` …

    Corrections of one article on one date are numbered in the order of its notes file, so
    ``corrections`` may be in any order that keeps that one (a stable sort by date does).
    Adding a correction on another date never moves an anchor that was already published.
    """
    seen: dict[tuple[str, str], int] = {}
    anchors = {}
    for correction in corrections:
        key = (correction.slug, correction.date.iso())
        seen[key] = seen.get(key, 0) + 1
        suffix = f"-{seen[key]}" if seen[key] > 1 else ""
        anchors[correction] = f"correction-{correction.slug}-{key[1]}{suffix}"
    return anchors


def correction_inline(text: str) -> Markup:
    """A correction's Markdown as it can sit inside a note: inline, or as plain text if it has blocks."""
    html = safe_markdown.render_inline(text)
    if _BLOCK_TAGS.search(html):
        return escape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))
    return Markup(html)


def issue_base(repo_url: str | None) -> str | None:
    """``https://github.com/<owner>/<repo>/issues/new`` for a GitHub ``repo_url``, else None.

    Only GitHub's prefilled-issue form is known here (its ``title`` and ``body`` parameters);
    for another host, or no ``repo_url``, the pages have no report link.
    """
    if not repo_url:
        return None
    parts = urlsplit(str(repo_url).strip())
    match = _GITHUB_REPO.match(parts.path)
    if parts.scheme != "https" or parts.hostname not in ("github.com", "www.github.com") or not match:
        return None
    return f"https://github.com/{match.group(1)}/{match.group(2)}/issues/new"


def report_url(base: str, title: str, body: str) -> str:
    """A new-issue address with its title and body filled in (percent-encoded)."""
    return f"{base}?{urlencode({'title': title, 'body': body}, quote_via=quote)}"


def note_trust(article: Article, site: SiteConfig) -> dict[str, dict]:
    """For each note id: the corrections that concern it (date, text, anchor) and its report link."""
    anchors = correction_anchors(article.corrections)
    base = issue_base(site.repo_url)
    page = f"{site.url}articles/{article.slug}/"
    result: dict[str, dict] = {}
    for note in article.notes:
        corrected = [{"correction": c, "anchor": anchors[c]} for c in article.corrections
                     if any(ref.id == note.id for ref in c.note_ids)]
        corrected.sort(key=lambda item: item["correction"].date.sort_key, reverse=True)
        report = None
        if base:
            report = report_url(base, f"Problem with the note “{note.id}” on “{article.title}”",
                                f"Note: {page}#{note.id}\n\nWhat is wrong, and a public source that shows it:\n")
        result[note.id] = {"corrected": corrected, "report": report, "cite": note_citation(article, note.quote, note.id, site)}
    return result


def note_citation(article: Article, quote: str, note_id: str, site: SiteConfig) -> str:
    """How to cite one note as part of the companion: who, what it is on, when reviewed, its permalink.

    Plain text (the template escapes it). The review date is the notes file's ``reviewed``;
    without one the citation gives none rather than a build date that would change every day.
    """
    words = quote.split()
    passage = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
    reviewed = f", notes reviewed {article.reviewed.display()}" if article.reviewed else ""
    return (f"{site.name}. Note on “{passage}”, in “{article.title}” ({article.byline}, "
            f"{article.published.display()}){reviewed}. {site.url}articles/{article.slug}/#{note_id}")


def page_history(article: Article, site: SiteConfig) -> dict:
    """What the "History of this page" section shows: review date, corrections, report link."""
    anchors = correction_anchors(article.corrections)
    corrections = sorted(article.corrections, key=lambda c: c.date.sort_key, reverse=True)
    base = issue_base(site.repo_url)
    report = report_url(base, f"Problem on the page “{article.title}”",
                        f"Page: {site.url}articles/{article.slug}/\n\nWhat is wrong, and a public source "
                        "that shows it:\n") if base else None
    return {"reviewed": article.reviewed, "report": report,
            "corrections": [{"correction": c, "anchor": anchors[c]} for c in corrections]}
