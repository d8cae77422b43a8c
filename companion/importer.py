"""``build_site.py import``: turn a web capture into ``articles/<slug>.md`` and a notes skeleton.

Two kinds of capture:

- **a saved web page** (``.html``): trafilatura, the maintained standard for finding an
  article's text in a page, extracts the text as Markdown, and its metadata gives title,
  author, outlet and date; every text block of the page it left out is listed;
- **a text capture** (what a browser copies: plain text with one paragraph per line, or
  Markdown). The article is the longest run of prose in it: menus, share buttons and
  bylines above it, and share prompts, related posts, comments and newsletter boxes below,
  are removed, each labelled by the rule that recognised it. A furniture rule can only end
  the article *after* that run, so a sentence that happens to look like furniture ("The
  partnership is a …", a paragraph about a donation) never cuts the text short. A block of
  prose outside the run that no rule recognises is kept, with a warning and its line.

Everything removed is reported, so the maintainer can review it, and what the furniture says
about the article (author, outlet, date) goes into the front matter.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from pathlib import Path

import yaml

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"

# Furniture above the article: it says who wrote it and when, or it is the site's own chrome.
_HEAD_RULES = [
    ("byline", re.compile(r"^By\s+(?P<author>[^\W\d][\w.'’ -]{1,60})$")),
    ("dateline", re.compile(rf"^(?P<outlet>[^,]{{2,60}}),\s+(?P<month>{MONTHS})\s+(?P<day>\d{{1,2}}),\s+(?P<year>\d{{4}})$")),
    ("taxonomy", re.compile(r"^(Region|Theme|Topics?|Tags?|Categor(y|ies)|Filed under)\s*:", re.I)),
    ("widget residue", re.compile(r"^in\s*,?$")),
    ("skip link", re.compile(r"^Skip to (main )?content$", re.I)),
    ("breadcrumbs", re.compile(r"^\S[^.!?]{0,80}(\s[›»>/|]\s\S[^.!?]{0,40}){1,6}$")),
    ("share buttons", re.compile(r"^(Share( on| via)? (Facebook|Twitter|X|LinkedIn|WhatsApp|Email|Telegram|Reddit)"
                                 r"|Share this( article| story)?|Tweet|Print|Email|Copy link)$", re.I)),
    ("reading time", re.compile(r"^\d+\s*(min(ute)?s?|mins?)\.?( read)?$", re.I)),
    ("date line", re.compile(rf"^(Published|Updated|Posted)?:?\s*((\d{{1,2}}\s+)?({MONTHS})\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d\d-\d\d)"
                             r"(\s*(at\s*)?\d{1,2}[:.]\d\d\s*(am|pm|[A-Z]{2,4})?)?$", re.I)),
    ("sign-in and subscription links", re.compile(r"^(Sign (in|up)|Log ?in|Subscribe( now)?|Register|My account|Search|Menu)$", re.I)),
    ("advertisement", re.compile(r"^(Advertisement|Sponsored|ADVERTISEMENT)$")),
]

# Furniture after the article. A match here ends the article only after its main run of prose.
_TAIL_RULES = [
    ("share prompt", re.compile(r"^Note to readers\b|click the share buttons|^Share (this|on)\b|Forward this article", re.I)),
    ("republication notice", re.compile(r"^This article was (originally|first) published (on|by|in)\s+(?P<outlet>.+?)\.?$", re.I)),
    ("featured image credit", re.compile(r"^Featured image\b", re.I)),
    ("membership or donation appeal", re.compile(
        r"^(Help us grow\.?\s*)?Support (?P<outlet>[\w .’'-]+?) on Patreon|^Become a Member|^Help us grow"
        r"|^(Please )?(Donate|Make a donation|Support (our|independent) journalism)\b", re.I)),
    ("byline repeated after the text", re.compile(r"^(Articles by:\s*(?P<author2>.+)|By\s+(?P<author>[^\W\d][\w.'’ -]{1,60}))$")),
    ("source line", re.compile(r"^Source:\s*(?P<outlet>.+)$")),
    ("copyright block", re.compile(r"^The original source of this article is\s+(?P<outlet>[^\n]+?)\s*$|^Copyright\s*©|^©", re.I | re.M)),
    ("disclaimer", re.compile(r"^Disclaimer\b|views and opinions expressed in this column|contains copyrighted material|^For media inquiries", re.I)),
    ("comment widget", re.compile(r"^(Leave a (Reply|Comment)|Notify of|Inline Feedbacks|View all comments|What do you think\?"
                                  r"|\d+ (comments?|responses?)|Comments?( \(\d+\))?|Join the (discussion|conversation))$"
                                  r"|Comment on .* Facebook|Your email address will not be published|in the comments below", re.I)),
    ("related posts", re.compile(r"^(Similar|Related|More|Recommended) (Posts|Articles|Stories|from .+)$|^(Read (more|next)|You may also like"
                                 r"|More on this topic|Most (read|popular))\b", re.I)),
    ("newsletter box", re.compile(r"^(Sign up|Subscribe) (for|to) (our|the) (\w+ )?newsletter|^Get (our|the) (\w+ )?newsletter"
                                  r"|newsletter\b.{0,60}\b(inbox|sign up|subscribe)", re.I)),
    ("author bio", re.compile(r"^About the author:?$|^(?!The |This |That |It |A |An |In |Our )[A-Z][a-z.'’-]+(?: [A-Z][\w.'’-]+){1,3}"
                              r" is an? (\w+ ){0,4}(writer|journalist|analyst|author|researcher|editor|columnist|contributor"
                              r"|commentator|professor|fellow|expert)\b")),
]
_SEPARATOR = re.compile(r"^(\\?\*|-{3,}|_{3,}|\*{3,})$")
_DEAD_LINK = re.compile(r"\[([^\]]+)\]\(#\)")
PROSE_WORDS = 12  # a block of at least this many words that ends a sentence is prose


@dataclasses.dataclass(frozen=True)
class Removed:
    """One block of furniture the importer removed: where it was, the rule that removed it, and its text."""

    line: int
    kind: str
    text: str


@dataclasses.dataclass(frozen=True)
class ImportResult:
    """A capture turned into front matter fields and a verbatim Markdown body."""

    title: str
    author: str | None
    outlet: str | None
    published: str | None
    first_published_on: str | None
    body: str
    removed: tuple[Removed, ...]
    repairs: tuple[str, ...]
    kept: tuple[Removed, ...] = ()  # blocks kept although they may not belong to the article: check them

    def article_text(self) -> str:
        """The complete ``articles/<slug>.md`` file: front matter the maintainer completes, then the body."""
        fields = {"title": self.title, "author": self.author, "outlet": self.outlet, "published": self.published}
        front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
        front = front.replace("published: null", "published: null  # TODO: YYYY, YYYY-MM or YYYY-MM-DD")
        if self.first_published_on:
            front += f"# The capture says it was first published on {self.first_published_on}: add it to 'republished' or 'outlet'.\n"
        return f"---\n{front}---\n\n{self.body}"

    def notes_text(self) -> str:
        """A notes-file skeleton: the schema line for editors, an empty list, and a commented example."""
        title = self.title.replace("\n", " ")
        return (
            "# yaml-language-server: $schema=../schemas/notes.schema.json\n"
            f"# Notes for \"{title}\". Every field is described in CONTRIBUTING.md.\n"
            "notes: []\n"
            "# notes:\n"
            "#   - id: first-claim                 # the permalink: <page>#first-claim\n"
            "#     quote: \"exact words from the article\"\n"
            "#     kind: fact-check                # context, fact-check, prediction, definition or source\n"
            "#     verdict: accurate               # fact-checks only (see \"The verdict scale\")\n"
            "#     note: |\n"
            "#       What the reader needs to know, in your own words.\n"
            "#     sources:\n"
            "#       - {title: \"The headline\", publisher: \"Who published it\", date: 2024-01-31, url: \"https://…\"}\n"
        )


@dataclasses.dataclass
class _Block:
    line: int
    text: str
    heading: bool = False


def import_capture(text: str) -> ImportResult:
    """Split a text capture into title, furniture and body; nothing is written."""
    markdown = bool(re.search(r"^#{1,6}\s|\]\(", text, re.M))
    blocks = _blocks(text, markdown)
    found: dict[str, str] = {}
    head = [_match(_HEAD_RULES, _plain(b.text))[0] for b in blocks]
    tail = [_match(_TAIL_RULES, _plain(b.text))[0] for b in blocks]
    first, last = _main_run(blocks, head, tail)
    title_index = _title_index(blocks, head, tail, first, markdown)
    title = re.sub(r"^#+\s*", "", _plain(blocks[title_index].text)).strip() if title_index is not None else "Untitled"
    removed: list[Removed] = []
    kept: list[Removed] = []
    body_blocks: list[_Block] = []
    section = None  # after the article: the furniture section a block belongs to
    for index, block in enumerate(blocks):
        plain = _plain(block.text)
        if index == title_index:
            continue
        if index < first or (title_index is not None and index < title_index):
            kind = head[index] or tail[index]
            if kind:
                _collect(found, _match(_HEAD_RULES + _TAIL_RULES, plain)[1])
                removed.append(Removed(block.line, kind, block.text))
            elif title_index is not None and index > title_index:
                body_blocks.append(block)  # between headline and text: a standfirst or a first subheading
            elif _is_prose(plain):
                kept.append(Removed(block.line, "prose above the headline", block.text))
                body_blocks.append(block)
            else:
                removed.append(Removed(block.line, "navigation or menu", block.text))
        elif index <= last:
            kind = head[index] if head[index] in ("advertisement", "share buttons") else None
            if kind:
                removed.append(Removed(block.line, kind, block.text))
                continue
            if not markdown and not _is_prose(plain) and len(plain.split()) <= 15 and not re.search(r"[.!?:;,”\"’]$", plain):
                block.heading = True  # a short line between paragraphs, in sentence case or not
            body_blocks.append(block)
        else:
            kind = tail[index] or head[index]
            if kind:
                _collect(found, _match(_TAIL_RULES + _HEAD_RULES, plain)[1])
                section = kind
                removed.append(Removed(block.line, kind, block.text))
            elif _SEPARATOR.match(block.text.strip()):
                removed.append(Removed(block.line, "separator", block.text))
            elif section is None and _is_prose(plain):
                kept.append(Removed(block.line, "prose after the text", block.text))
                body_blocks.append(block)
            elif section is None:
                removed.append(Removed(block.line, "page furniture after the text", block.text))
            else:
                label = "related posts" if section == "comment widget" and not _is_prose(plain) else section
                removed.append(Removed(block.line, f"{label} (continued)" if label == section else label, block.text))

    body, repairs = _assemble_body(body_blocks, markdown)
    return ImportResult(
        title=title or "Untitled",
        author=found.get("author") or found.get("author2"),
        outlet=found.get("outlet"),
        published=_published(found),
        first_published_on=found.get("first_published_on"),
        body=body,
        removed=tuple(removed),
        repairs=tuple(repairs),
        kept=tuple(kept),
    )


def _assemble_body(blocks: list[_Block], markdown: bool) -> tuple[str, list[str]]:
    """The article's body from its blocks, and the repairs made on the way (split paragraphs
    joined again, dead links turned into text)."""
    repairs: list[str] = []
    blocks = _join_split_paragraphs(blocks, repairs)
    body = "\n\n".join(_body_text(b, markdown) for b in blocks) + "\n"
    dead = len(_DEAD_LINK.findall(body))
    if dead:
        body = _DEAD_LINK.sub(r"\1", body)
        repairs.append(f"turned {dead} dead links '[text](#)' into plain text")
    return body, repairs


def _published(found: dict[str, str]) -> str | None:
    """The date line's day, month and year as YYYY-MM-DD, when the capture has one."""
    if "year" not in found:
        return None
    month = MONTHS.split("|").index(found["month"]) + 1
    return f"{int(found['year']):04d}-{month:02d}-{int(found['day']):02d}"


def _is_prose(plain: str) -> bool:
    """A paragraph of the article's kind: enough words, and it ends a sentence."""
    return len(plain.split()) >= PROSE_WORDS and bool(re.search(r"[.!?…:;”\"’)\]]\s*$", plain))


def _main_run(blocks: list[_Block], head: list, tail: list) -> tuple[int, int]:
    """The first and last block of the capture's longest run of prose (a maximum-sum segment).

    Prose counts for its words; a short block between two paragraphs (a subheading, a pull
    quote) costs a little; a block any furniture rule recognises costs so much that the run
    ends before it, unless prose on both sides outweighs it.
    """
    best, best_range = 0.0, (0, len(blocks) - 1)
    total, start = 0.0, 0
    for index, block in enumerate(blocks):
        plain = _plain(block.text)
        if head[index] or tail[index] or _SEPARATOR.match(block.text.strip()):
            score = -200.0
        elif _is_prose(plain):
            score = float(len(plain.split()))
        else:
            score = -3.0
        if total <= 0:
            total, start = score, index
        else:
            total += score
        if total > best:
            best, best_range = total, (start, index)
    return best_range


def _title_index(blocks: list[_Block], head: list, tail: list, first: int, markdown: bool) -> int | None:
    """The headline: a Markdown level-one heading above the text, else the first headline-like line above it.

    Headline-like: three to thirty words that do not end a sentence, recognised by no rule
    (menu items are one or two words; a standfirst or a cookie notice is a sentence), before
    the article's text begins. Failing that, the first short line that no rule recognises.
    """
    if markdown:
        for index in range(first):
            if re.match(r"^#\s", blocks[index].text):
                return index
    prose, fallback = 0, None
    for index in range(len(blocks)):
        plain = _plain(blocks[index].text)
        if _is_prose(plain):
            prose += 1
            if prose == 2 or index > first:  # a notice above the headline may be prose; the article is
                return fallback if prose == 1 else None
            continue
        if head[index] or tail[index] or not plain:
            continue
        if fallback is None:
            fallback = index
        if re.search(r"[.!]$", plain) or len(plain.split()) > 30:
            continue
        if len(plain.split()) >= 3:
            return index
        # One or two words: a menu item, unless a line that is not one follows it (a short headline).
        following = index + 1
        if following < len(blocks) and not (head[following] or tail[following]) and \
                len(_plain(blocks[following].text).split()) >= 3:
            return index
    return fallback  # no prose at all: the first line no rule recognises


def _blocks(text: str, markdown: bool) -> list[_Block]:
    """Markdown: blocks are separated by blank lines. Plain text: every line is a paragraph."""
    blocks: list[_Block] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            if current:
                blocks.append(_Block(start, "\n".join(current)))
                current = []
            continue
        if not markdown:
            blocks.append(_Block(number, line.strip()))
            continue
        if not current:
            start = number
        current.append(line.rstrip())
    if current:
        blocks.append(_Block(start, "\n".join(current)))
    for block in blocks:
        block.heading = markdown and block.text.startswith("#") or not markdown and _looks_like_heading(block.text)
    return blocks


def _looks_like_heading(line: str) -> bool:
    """A short title-cased line without closing punctuation (or a title-cased question)."""
    if len(line) > 80 or re.search(r"[.!:;,”\"’]$", line):
        return False
    words = [w for w in re.findall(r"[^\W\d][\w’'-]*", line) if len(w) > 3]
    if not words:
        return line.isupper() and len(line) <= 12
    capitalised = sum(w[0].isupper() for w in words)
    return capitalised / len(words) >= 0.6


def _plain(text: str) -> str:
    """Block text without Markdown emphasis, links and heading marks, for the furniture rules."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^#+\s*", "", text)
    return re.sub(r"[*_]{1,3}", "", text).strip()


def _match(rules, plain: str):
    for kind, pattern in rules:
        match = pattern.search(plain)
        if match:
            return kind, match
    return None, None


def _collect(found: dict[str, str], match: re.Match | None) -> None:
    if match is None:
        return
    for key, value in match.groupdict().items():
        if key == "outlet" and "published" in match.re.pattern:
            key = "first_published_on"  # "This article was originally published on X" names the first outlet
        if value and key not in found:
            found[key] = value.strip().rstrip(".")


def _join_split_paragraphs(blocks: list[_Block], repairs: list[str]) -> list[_Block]:
    """Rejoin a paragraph the capture split mid-sentence (it ends without punctuation, the next starts lowercase)."""
    joined: list[_Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if (previous and not previous.heading and not block.heading
                and re.search(r"[\w,]$", previous.text) and re.match(r"[a-z]", block.text)):
            repairs.append(f"rejoined a paragraph split mid-sentence at line {block.line}")
            previous.text = f"{previous.text} {block.text}"
            continue
        joined.append(dataclasses.replace(block))
    return joined


# `<` needs no escape: raw HTML is shown as text by companion.safe_markdown anyway.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")


def _body_text(block: _Block, markdown: bool) -> str:
    if markdown:
        return block.text
    text = _MD_SPECIAL.sub(r"\\\1", block.text)
    text = re.sub(r"^([#+>-]|\d+\.)(?=\s)", r"\\\1", text)
    return f"## {text}" if block.heading else text


def import_html(page: str) -> ImportResult:
    """Find the article in a saved web page with trafilatura; list every text block of the page it left out."""
    import trafilatura
    from lxml import html as lxml_html

    body = trafilatura.extract(page, output_format="markdown", include_links=True, include_formatting=True,
                               include_comments=False, include_tables=True, favor_precision=True) or ""
    meta = trafilatura.extract_metadata(page)
    title = (meta.title if meta and meta.title else "").strip()
    lines = body.strip().splitlines()
    if lines and re.sub(r"^#+\s*", "", lines[0]).strip() == title:  # the headline goes to the front matter
        lines = lines[1:]
    body = "\n".join(lines).strip() + "\n"
    kept_text = re.sub(r"\s+", " ", _plain(body))
    removed = []
    try:
        tree = lxml_html.fromstring(page)
    except (ValueError, lxml_html.etree.ParserError):
        tree = None
    for element in tree.iter("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "figcaption") if tree is not None else ():
        text = re.sub(r"\s+", " ", element.text_content()).strip()
        if text and text != title and text not in kept_text and not any(p.tag in ("p", "li", "blockquote")
                                                                         for p in element.iterancestors()):
            removed.append(Removed(element.sourceline or 1, "outside the article (trafilatura)", text))
    repairs = []
    dead = len(_DEAD_LINK.findall(body))
    if dead:
        body = _DEAD_LINK.sub(r"\1", body)
        repairs.append(f"turned {dead} dead links '[text](#)' into plain text")
    date = meta.date if meta and meta.date and re.match(r"^\d{4}-\d\d-\d\d$", meta.date) else None
    return ImportResult(title=title or "Untitled", author=(meta.author or None) if meta else None,
                        outlet=(meta.sitename or None) if meta else None, published=date, first_published_on=None,
                        body=body, removed=tuple(removed), repairs=tuple(repairs))


def slugify(title: str) -> str:
    """A URL slug from a title: lowercase ASCII words joined by hyphens, at most about 60 characters."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > 60 and slug:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "article"


class ImportRefused(Exception):
    """The import would overwrite a file or use an invalid slug."""


def write_article(root: Path, result: ImportResult, slug: str | None) -> tuple[Path, Path | None]:
    """Write ``articles/<slug>.md`` and, when there is none, its notes skeleton; never overwrite anything.

    Returns the article's path and the skeleton's (None when a notes file was already there).
    """
    from .model import SLUG_RE

    slug = slug or slugify(result.title)
    if not SLUG_RE.match(slug):
        raise ImportRefused(f"invalid slug '{slug}': use lowercase letters a-z, digits and single hyphens")
    target = root / "articles" / f"{slug}.md"
    target.parent.mkdir(exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8") as handle:  # "x": fail if the file exists, atomically
            handle.write(result.article_text())
    except FileExistsError:
        raise ImportRefused(f"articles/{slug}.md already exists; nothing was written. "
                            "Choose another name with --slug, or remove the file first") from None
    notes = target.with_name(f"{slug}.notes.yml")
    try:
        with open(notes, "x", encoding="utf-8") as handle:
            handle.write(result.notes_text())
    except FileExistsError:  # someone's notes, waiting for this article: they are kept as they are
        return target, None
    return target, notes
