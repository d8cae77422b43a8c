"""Open formats: W3C Web Annotations, schema.org ClaimReview, citations and an Atom feed.

Everything here is built from the checked corpus and the anchors found in the rendered text,
so an annotation's TextQuoteSelector is cut from exactly the text a reader sees on the page.
"""

from __future__ import annotations

import datetime
import json
import re
from xml.sax.saxutils import escape as xml_escape

from markupsafe import Markup

from .model import Article, Correction, Link
from .siteconfig import SiteConfig
from .trust import correction_anchors
from .vocabulary import VERDICT_RATINGS, VERDICT_WORDS

ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SELECTOR_CONTEXT_CHARS = 32
MOTIVATIONS = {"context": "commenting", "prediction": "commenting", "source": "commenting",
               "fact-check": "assessing", "definition": "describing"}


def page_url(site: SiteConfig, slug: str) -> str:
    """The canonical address of an article page."""
    return f"{site.url}articles/{slug}/"


def _target(site: SiteConfig, page, note_id: str) -> dict:
    anchor = next(a for a in page.anchors if a.note.id == note_id)
    text = page.block_texts[anchor.block]
    return {
        "source": page_url(site, page.article.slug),
        "selector": {
            "type": "TextQuoteSelector",
            "exact": text[anchor.start:anchor.end],
            "prefix": text[max(0, anchor.start - SELECTOR_CONTEXT_CHARS):anchor.start],
            "suffix": text[anchor.end:anchor.end + SELECTOR_CONTEXT_CHARS],
        },
    }


def annotations(site: SiteConfig, rendered: dict, links: list[Link]) -> dict:
    """Every note, and every cross-link, as a W3C Web Annotation collection."""
    items = []
    for slug, page in sorted(rendered.items()):
        for anchor in page.anchors:
            note = anchor.note
            if note.is_bare_anchor:
                continue
            items.append({
                "id": f"{page_url(site, slug)}#{note.id}",
                "type": "Annotation",
                "motivation": MOTIVATIONS[note.kind],
                "body": {"type": "TextualBody", "value": note.text, "format": "text/markdown", "language": "en"},
                "target": _target(site, page, note.id),
            })
    for link in links:
        (a_slug, a_id), (b_slug, b_id) = link.ends
        items.append({
            "id": f"{page_url(site, a_slug)}#link-{a_id}--{b_slug}--{b_id}",
            "type": "Annotation",
            "motivation": "linking",
            "body": {"type": "TextualBody", "value": f"{link.type}: {link.note}", "format": "text/markdown",
                     "language": "en"},
            "target": [_target(site, rendered[a_slug], a_id), _target(site, rendered[b_slug], b_id)],
        })
    collection = {"@context": ANNOTATION_CONTEXT, "id": f"{site.url}annotations.jsonld",
                  "type": "AnnotationCollection", "label": f"{site.name}: notes and links", "total": len(items),
                  "first": {"type": "AnnotationPage", "items": items}}
    if site.license:  # the Web Annotation model's `rights`: the licence's address
        collection["rights"] = site.license[1]
    return collection


def claim_reviews(site: SiteConfig, page) -> list[dict]:
    """schema.org ClaimReview for each fact-check note of one article."""
    article: Article = page.article
    author = ({"@type": "Person", "name": article.author} if article.author
              else {"@type": "Organization", "name": article.outlet} if article.outlet else None)
    appearance = {"@type": "CreativeWork", "headline": article.title}
    if article.url:
        appearance["url"] = article.url
    if article.outlet:
        appearance["publisher"] = {"@type": "Organization", "name": article.outlet}
    reviews = []
    for anchor in page.anchors:
        note = anchor.note
        if note.kind != "fact-check":
            continue
        claim = {"@type": "Claim", "datePublished": article.published.iso(), "appearance": appearance}
        if author:
            claim["author"] = author
        reviews.append({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"{page_url(site, article.slug)}#{note.id}",
            "claimReviewed": anchor.text,
            "itemReviewed": claim,
            "reviewRating": review_rating(note.verdict),
            "author": {"@type": "Organization", "name": site.name, "url": site.url},
            **({"license": site.license[1]} if site.license else {}),
        })
    return reviews


def review_rating(verdict: str) -> dict:
    """A verdict as a schema.org Rating: a value on 1–5 where the verdict judges truth, always its words."""
    rating = {"@type": "Rating", "alternateName": VERDICT_WORDS[verdict]}
    if verdict in VERDICT_RATINGS:
        rating.update(ratingValue=VERDICT_RATINGS[verdict], bestRating=5, worstRating=1)
    return rating


def companion_page(site: SiteConfig, article: Article, language: str) -> dict:
    """schema.org WebPage for the companion's page of an article (the Highwire ``citation_*`` tags
    describe the original): its address, language, site, licence and last review, and the
    original it reproduces as ``isBasedOn``. What the source does not name is left out."""
    original: dict = {"@type": "Article", "headline": article.title, "datePublished": article.published.iso()}
    if article.author:
        original["author"] = {"@type": "Person", "name": article.author}
    if article.outlet:
        original["publisher"] = {"@type": "Organization", "name": article.outlet}
    if article.url:
        original["url"] = article.url
    data: dict = {"@context": "https://schema.org", "@type": "WebPage", "url": page_url(site, article.slug),
                  "name": article.title, "inLanguage": language,
                  "isPartOf": {"@type": "WebSite", "name": site.name, "url": site.url},
                  "publisher": {"@type": "Organization", "name": site.name, "url": site.url},
                  "isBasedOn": original}
    if site.license:
        data["license"] = site.license[1]
    if article.reviewed:
        data["dateModified"] = article.reviewed.iso()
    return data


def json_for_script(data) -> str:
    """JSON safe inside <script>: no "</script>" or HTML comment can close or confuse it."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# --- Citations ----------------------------------------------------------------------------------

MLA_MONTHS = ["", "Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
MONTH_NAMES = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]


def _split_name(name: str) -> tuple[str, str]:
    parts = name.split()
    return (parts[-1], " ".join(parts[:-1])) if len(parts) > 1 else (name, "")


def citations(article: Article) -> dict[str, str]:
    """The original article's citation in APA (7th), MLA (9th) and BibTeX, at the date's precision.

    APA and MLA are HTML: every value is escaped text (a title is never read as Markdown or
    markup), and only the outlet is set in italics, as both styles want. BibTeX is plain text.
    """
    date = article.published
    family, given = _split_name(article.author) if article.author else ("", "")
    initials = " ".join(f"{p[0]}." for p in given.split()) if given else ""
    apa_date = f"{date.year}" + (f", {MONTH_NAMES[date.month]}" if date.month else "") + (f" {date.day}" if date.day else "")
    outlet = Markup("<em>{}</em>").format(article.outlet) if article.outlet else ""
    title = article.title
    url = Markup(" {}").format(article.url) if article.url else ""
    if article.author:
        head = Markup("{}, {} ({}). {}.").format(family, initials, apa_date, title)
    else:
        head = Markup("{}. ({}).").format(title, apa_date)
    apa = head + (Markup(" {}.").format(outlet) if outlet else "") + url
    mla_date = " ".join(str(x) for x in ((date.day or ""), MLA_MONTHS[date.month] if date.month else "", date.year) if x)
    author_part = Markup("{}, {}. ").format(family, given) if article.author else ""
    mla = (author_part + Markup("“{}.” ").format(title) + (Markup("{}, ").format(outlet) if outlet else "")
           + mla_date + (Markup(", {}").format(article.url) if article.url else "") + ".")
    first_word = next(iter(re.findall(r"[a-z0-9]+", title.lower())), "article")
    key = re.sub(r"[^a-z0-9]", "", (family or article.outlet or "anon").lower()) + str(date.year) + first_word
    fields = [("author", f"{family}, {given}" if article.author else None), ("title", title),
              ("howpublished", article.outlet or None), ("year", str(date.year)),
              ("month", MONTH_NAMES[date.month][:3].lower() if date.month else None),
              ("date", date.iso()), ("url", article.url)]
    body = ",\n".join(f"  {k} = {v}" if k == "month" else
                      f"  {k} = {{{_bibtex_url(v) if k == 'url' else _bibtex_escape(v)}}}" for k, v in fields if v)
    bibtex = f"@misc{{{key},\n{body}\n}}"
    return {"APA": Markup(apa), "MLA": Markup(mla), "BibTeX": bibtex}


def ris(article: Article) -> str:
    """The original article as one RIS record (a newspaper article, ``NEWS``), for reference managers.

    The date is RIS's ``YYYY/MM/DD/`` with the unknown parts left empty (``2019/05//``), so a
    month-precision date is not read as the first of the month.
    """
    date = article.published
    lines = [("TY", "NEWS"), ("TI", article.title)]
    if article.author:
        family, given = _split_name(article.author)
        lines.append(("AU", f"{family}, {given}" if given else family))
    lines += [("PY", str(date.year)),
              ("DA", f"{date.year:04d}/" + (f"{date.month:02d}" if date.month else "") + "/"
                     + (f"{date.day:02d}" if date.day else "") + "/")]
    if article.outlet:
        lines.append(("T2", article.outlet))
    if article.url:
        lines.append(("UR", article.url))
    # One line per tag: a line break inside a value would start a new (broken) tag.
    return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines) + "ER  - \r\n"


_BIBTEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#",
           "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _bibtex_escape(text: str) -> str:
    """Text as LaTeX reads it literally: every special character escaped, the backslash first of all."""
    return "".join(_BIBTEX.get(ch, ch) for ch in text)


def _bibtex_url(url: str) -> str:
    """A URL as BibTeX's url field takes it: verbatim, but braces (which would end the field) percent-encoded."""
    return url.replace("{", "%7B").replace("}", "%7D")


# --- Atom feed -----------------------------------------------------------------------------------

def _timestamp(date) -> str:
    return datetime.datetime(date.year, date.month or 1, date.day or 1, tzinfo=datetime.UTC).isoformat()


def atom_feed(site: SiteConfig, articles: list[Article], corrections: list[Correction]) -> str:
    """An Atom feed of the articles and the corrections, newest first."""
    entries = []
    for article in articles:
        entries.append((article.published.sort_key, _timestamp(article.published), page_url(site, article.slug),
                        f"Article: {article.title}", article.summary or article.title))
    anchors = correction_anchors(corrections)
    for correction in corrections:
        entries.append((correction.date.sort_key, _timestamp(correction.date),
                        f"{site.url}corrections/#{anchors[correction]}", f"Correction: {correction.slug}",
                        correction.note))
    entries.sort(key=lambda e: (e[0], e[2]), reverse=True)
    updated = entries[0][1] if entries else _timestamp(datetime.date(1970, 1, 1))
    parts = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"  <title>{xml_escape(site.name)}</title>", f"  <id>{xml_escape(site.url)}</id>",
             f'  <link rel="alternate" href="{xml_escape(site.url)}"/>',
             f'  <link rel="self" href="{xml_escape(site.url)}feed.xml"/>', f"  <updated>{updated}</updated>",
             f"  <author><name>{xml_escape(site.name)}</name></author>"]
    if site.license:
        parts.append(f"  <rights>{xml_escape(site.license[0])} ({xml_escape(site.license[1])})</rights>")
    for _, stamp, url, title, summary in entries:
        parts += ["  <entry>", f"    <title>{xml_escape(title)}</title>", f"    <id>{xml_escape(url)}</id>",
                  f'    <link href="{xml_escape(url)}"/>', f"    <updated>{stamp}</updated>",
                  f"    <summary>{xml_escape(' '.join(summary.split()))}</summary>", "  </entry>"]
    parts.append("</feed>")
    return "\n".join(parts) + "\n"
