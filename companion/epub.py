"""The EPUB 3 of the whole companion (``downloads/companion.epub``), for e-readers and offline reading.

Made with ebooklib from the finished article pages, so the book shows exactly what the site
shows: each article is a chapter with its header panels (summary, key claims, provenance),
its text with every passage still marked, and its questions. Each note becomes an EPUB 3
footnote: the passage's number is a ``noteref`` link to an ``aside epub:type="footnote"`` at
the end of the chapter (reading systems show it as a pop-up), and the note links back to its
passage. Links to the other articles stay inside the book; links to the site's other pages
(disagreements, timeline, scorecard, corrections) lead to the site.

The file is reproducible: its identifier comes from the site's address, its modification
date from the notes' last review or correction, and every zip entry gets the same timestamp,
so an unchanged companion gives the same bytes and an incremental build equals a clean one.
"""

from __future__ import annotations

import html
import io
import re
import uuid
import zipfile
from datetime import UTC, datetime

import lxml.html
from ebooklib import epub
from lxml import etree

from .cache import Cache
from .inputs import PAGE
from .model import Article, Corpus
from .prerendered import CLOSE, OPEN
from .siteconfig import SiteConfig

EPUB_PATH = "downloads/companion.epub"
# Where a page shows the EPUB's size. The pages are made before the book (which is made from
# them, without the link), so they carry this mark and ``get_outputs`` puts the size in.
SIZE_MARK = "@@rc-epub-size@@"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can record: every entry, every build
STYLE = """\
body { font-family: serif; line-height: 1.45; }
mark { background: #fff1a8; color: inherit; }
a[epub|type~="noteref"] { font-size: .75em; vertical-align: super; text-decoration: none; }
aside { font-size: .9em; margin: .6em 0; padding-left: .6em; border-left: 2px solid #888; }
.rc-meta, .rc-sources { font-size: .9em; }
.rc-kind, .rc-verdict, .rc-outcome, .rc-link-label { font-weight: bold; }
"""
# What the site adds for the browser alone: controls, toggles and copies kept for scripts.
DROPPED = ("button", "template", "script", "nav.rc-path-bar", "div.rc-controls", "details.rc-all-notes",
           "details.rc-cite", "details.rc-writing-context", "section.rc-quiz-summary", "a.rc-permalink",
           "a.rc-report", "span.rc-cite-note", "span.rc-link-preview", "a.rc-question-ref", "a.rc-corrected-log",
           "section.rc-history", "details.rc-unchecked", "p.rc-epub")
SITE_PAGES = (("disagreements/", "Disagreements: where the articles contradict, support or qualify each other"),
              ("timeline/", "Timeline: the events the articles rely on"),
              ("scorecard/", "Scorecard: every prediction and what happened"),
              ("corrections/", "Corrections: what changed after publication, and why"),
              ("paths/", "Reading paths"), ("teachers/", "For teachers"))


def companion_epub(corpus: Corpus, articles: list[Article], pages: dict[str, bytes], site: SiteConfig,
                   cache: Cache | None = None, keys: dict[str, str] | None = None) -> bytes:
    """The EPUB's bytes: a title page, a chapter per article (oldest first), and the site's other pages as links.

    Each chapter is made from its article's finished page, and kept in ``cache`` under
    ``keys[slug]`` (:func:`chapter_keys`): after one edit, only the pages that changed are made
    into chapters again, and the book is put together from the rest as they were.
    """
    cache, keys = cache or Cache(None), keys or {}
    book = epub.EpubBook()
    book.set_identifier(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, site.url)}")
    book.set_title(site.name)
    book.set_language(site.language)
    book.add_author(site.author or site.name)
    if site.license:
        book.add_metadata("DC", "rights", f"Notes: {site.license[0]} ({site.license[1]}). "
                                          "The articles are reproduced for criticism and review; their rights stay with their authors.")
    book.add_metadata("DC", "publisher", site.name)
    book.add_item(epub.EpubItem(uid="style", file_name="style.css", media_type="text/css", content=STYLE))
    slugs = {a.slug for a in articles}

    def chapter(article: Article) -> bytes:
        key = keys.get(article.slug)
        made = cache.get("chapter", key) if key else None
        if made is None:
            body = _article_body(article, pages[article.slug].decode("utf-8"), slugs, site)
            made = _document(article.title, article.language or site.language, body)
            if key:
                cache.put("chapter", key, made)
        return made

    title_page = _document("About this book", site.language, _title_page(corpus, articles, site))
    # Finished XHTML, made when the writer asks for it, one chapter at a time (the book is never
    # held whole in memory beside the pages), and written as it is, without being parsed again.
    items = [_Document("doc_0", "about.xhtml", "About this book", lambda: title_page)]
    items += [_Document(f"doc_{i}", f"{a.slug}.xhtml", a.title, lambda a=a: chapter(a)) for i, a in enumerate(articles, start=1)]
    for item in items:
        book.add_item(item)
    book.toc = tuple(epub.Link(item.file_name, item.title, item.id) for item in items)
    book.add_item(epub.EpubNcx())  # for EPUB 2 reading systems; EPUB 3 ones read the navigation document
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *items]
    out = io.BytesIO()
    writer = _ReproducibleWriter(out, book, {"mtime": _modified(corpus, articles), "epub2_guide": False})
    writer.process()
    writer.write()
    return out.getvalue()


def chapter_keys(cache: Cache, pages: dict[str, bytes]) -> dict[str, str]:
    """The cache key of each article's chapter: its finished page, and every input of the pages."""
    return {slug: cache.key(PAGE, "epub chapter", page) for slug, page in pages.items()}


def _document(title: str, language: str, body: str) -> bytes:
    """One XHTML content document of the book."""
    lang = html.escape(language)
    return ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{lang}" '
            f'xml:lang="{lang}"><head><title>{html.escape(title)}</title>'
            f'<link href="style.css" rel="stylesheet" type="text/css"/></head><body>{body}</body></html>\n').encode()


class _Document(epub.EpubItem):
    """An XHTML content document whose bytes are made only when the writer reads them."""

    def __init__(self, uid: str, file_name: str, title: str, make) -> None:
        super().__init__(uid=uid, file_name=file_name, media_type="application/xhtml+xml")
        self.title, self._make = title, make

    def get_content(self, default=None) -> bytes:  # noqa: D102 - ebooklib's API
        return self._make()


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose every entry carries the same timestamp and mode: the same content, the same bytes."""

    def writestr(self, name, data, compress_type=None, compresslevel=None):  # noqa: D102 - zipfile's API
        if isinstance(name, str):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = self.compression if compress_type is None else compress_type
            info.external_attr = 0o644 << 16
            name = info
        super().writestr(name, data, compress_type, compresslevel)


class _ReproducibleWriter(epub.EpubWriter):
    """ebooklib's writer (EbookLib 0.20, pinned), writing into a :class:`_FixedTimeZip`."""

    def write(self):  # noqa: D102 - ebooklib's API
        self.out = _FixedTimeZip(self.file_name, "w", zipfile.ZIP_DEFLATED, compresslevel=self.options["compresslevel"])
        self.out.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        self._write_container()
        self._write_opf()
        self._write_items()
        self.out.close()


def _title_page(corpus: Corpus, articles: list[Article], site: SiteConfig) -> str:
    esc = html.escape
    items = "".join(f'<li><a href="{a.slug}.xhtml">{esc(a.title)}</a> ({esc(a.byline)}, {esc(a.published.display())})</li>'
                    for a in articles)
    links = "".join(f'<li><a href="{esc(site.url + path)}">{esc(label)}</a></li>' for path, label in SITE_PAGES)
    licence = f" The notes are licensed under {esc(site.license[0])}." if site.license else ""
    return (f'<section epub:type="titlepage"><h1>{esc(site.name)}</h1>'
            f"<p>{len(articles)} articles, each with its notes: context, fact-checks, predictions and their "
            f"outcomes, definitions and sources. A passage's number leads to its note, and the note back to "
            f"the passage. The companion online: <a href=\"{esc(site.url)}\">{esc(site.url)}</a>.{licence}</p>"
            f"<h2>The articles</h2><ol>{items}</ol>"
            f"<h2>On the website</h2><ul>{links}</ul></section>")


def _select(node, selector: str) -> list:
    """The elements under ``node`` that match ``tag`` or ``tag.class`` (the few selectors this module needs)."""
    tag, _, cls = selector.partition(".")
    test = f"[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]" if cls else ""
    return node.xpath(f".//{tag}{test}")


def _element(tag: str, parent=None, text: str | None = None, **attributes: str):
    """An element of the page's tree (lxml.html's, which takes ``epub:type`` as an attribute name as it is)."""
    element = lxml.html.Element(tag)
    for name, value in attributes.items():
        element.set(name.replace("__", ":").replace("_", "-") if name != "class_" else "class", value)
    element.text = text
    if parent is not None:
        parent.append(element)
    return element


def _article_body(article: Article, page: str, slugs: set[str], site: SiteConfig) -> str:
    """One chapter's body, from the article's page: its header and text, its notes as footnotes."""
    fragment = page[page.index(OPEN) + len(OPEN): page.rindex(CLOSE)]
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    node = root.find(".//article")
    for selector in DROPPED:
        for element in _select(node, selector):
            element.drop_tree()
    for element in node.xpath(".//*[@hidden]"):
        element.drop_tree()
    notes = _element("section", epub__type="footnotes", class_="rc-notes")
    _element("h2", notes, "Notes")
    for note in _select(node, "span.rc-note"):
        _footnote(note, notes)
    if len(notes) > 1:
        node.append(notes)
    for element in node.iter():
        _clean_attributes(element)
        if element.tag == "a" and element.get("href"):
            element.set("href", _book_href(element.get("href"), slugs, site))
        if element.tag == "details":  # the provenance panel: its summary as a heading, the rest as text
            element.tag = "div"
            for summary in element.findall("summary"):
                summary.tag = "h2"
    node.tag = "section"
    node.set("epub:type", "chapter")
    return etree.tostring(node, encoding="unicode", method="xml")


def _footnote(note, notes) -> None:
    """Move one note into the chapter's footnotes, leaving a numbered noteref after its passage."""
    note_id = note.get("data-note")
    number = note.find("span").get("data-num") if note.find("span") is not None else ""
    ref = _element("a", None, number, epub__type="noteref", href=f"#note_{note_id}", id=f"ref_{note_id}")
    ref.tail = note.tail
    note.addprevious(ref)
    note.tail = None
    note.getparent().remove(note)
    aside = _element("aside", notes, epub__type="footnote", id=f"note_{note_id}")
    if note.get("lang"):
        aside.set("lang", note.get("lang"))
    head = _element("p", aside, f"{number}. ")
    for child in list(note):
        child.tail = None
        (head if child.get("class") == "rc-note-head" else _element("p", aside)).append(child)
    _element("a", _element("p", aside), "Back to the passage", href=f"#{note_id}")


def _clean_attributes(element) -> None:
    """Keep what XHTML in a book can use; the site's script hooks and ARIA for its controls go."""
    for name in list(element.attrib):
        if name in ("role", "tabindex") or name.startswith(("aria-", "data-")) or name == "rel" and element.tag != "a":
            del element.attrib[name]


def _book_href(href: str, slugs: set[str], site: SiteConfig) -> str:
    """A link of an article page, as the book needs it: another article's chapter, or the site."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", href) or href.startswith("#"):
        return href
    other = re.match(r"^\.\./([^/#?]+)/(?:\?[^#]*)?(#.*)?$", href)  # ../<slug>/#<note id>
    if other and other.group(1) in slugs:
        return f"{other.group(1)}.xhtml{other.group(2) or ''}"
    return site.url + re.sub(r"^(\.\./)+", "", href)  # ../../timeline/#x → the site's page


def display_size(size: int) -> str:
    """A file size as a reader reads it, to two significant figures: "89 KB", "1.2 MB"."""
    for unit, scale in (("MB", 1_000_000), ("KB", 1_000)):
        if size >= scale:
            value = size / scale
            return f"{value:.1f} {unit}" if value < 10 else f"{round(value):,} {unit}"
    return f"{size} bytes"


def _modified(corpus: Corpus, articles: list[Article]) -> datetime:
    """The book's last change: the newest review or correction of its notes, else its newest article."""
    dates = [a.reviewed for a in articles if a.reviewed] + [c.date for a in articles for c in a.corrections]
    newest = max(dates or [a.published for a in articles], key=lambda d: d.sort_key) if articles else None
    if newest is None:
        return datetime(2000, 1, 1, tzinfo=UTC)
    day = newest.last_day() if not dates else newest.first_day()
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
