"""``build_site.py import``: turn a raw web capture into ``articles/<slug>.md``.

A capture is either Markdown (headings, links) or plain text with one paragraph per line.
The importer keeps the article's own text verbatim and removes page furniture: share
prompts, bylines and datelines, taxonomy lines, donation appeals, disclaimers, copyright
blocks, comment widgets and related-post lists. Everything removed is reported, so the
maintainer can review it, and what the furniture says about the article (author, outlet,
date) goes into the front matter.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from pathlib import Path

import yaml

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"

# Furniture that may stand between the title and the first paragraph.
_HEAD_RULES = [
    ("byline", re.compile(r"^By\s+(?P<author>[^\W\d][\w.'’ -]{1,60})$")),
    ("dateline", re.compile(rf"^(?P<outlet>[^,]{{2,60}}),\s+(?P<month>{MONTHS})\s+(?P<day>\d{{1,2}}),\s+(?P<year>\d{{4}})$")),
    ("taxonomy", re.compile(r"^(Region|Theme|Topics?|Tags?|Categor(y|ies)|Filed under)\s*:", re.I)),
    ("widget residue", re.compile(r"^in\s*,?$")),
]

# Furniture that ends the article: the first block matching one of these starts the trailer.
_TAIL_RULES = [
    ("share prompt", re.compile(r"^Note to readers\b|click the share buttons|^Share (this|on)\b|Forward this article", re.I)),
    ("republication notice", re.compile(r"^This article was (originally|first) published (on|by|in)\s+(?P<outlet>.+?)\.?$", re.I)),
    ("featured image credit", re.compile(r"^Featured image\b", re.I)),
    ("membership or donation appeal", re.compile(r"^(Help us grow\.?\s*)?Support (?P<outlet>[\w .’'-]+?) on Patreon|Become a Member|^Help us grow|\bdonat(e|ion)\b", re.I)),
    ("byline repeated after the text", re.compile(r"^(Articles by:\s*(?P<author2>.+)|By\s+(?P<author>[^\W\d][\w.'’ -]{1,60}))$")),
    ("source line", re.compile(r"^Source:\s*(?P<outlet>.+)$")),
    ("copyright block", re.compile(r"^The original source of this article is\s+(?P<outlet>[^\n]+?)\s*$|^Copyright\s*©|^©", re.I | re.M)),
    ("disclaimer", re.compile(r"^Disclaimer\b|views and opinions expressed in this column|contains copyrighted material|^For media inquiries", re.I)),
    ("comment widget", re.compile(r"^(Leave a Reply|Notify of|Inline Feedbacks|View all comments|What do you think\?)$|Comment on .* Facebook|Your email address will not be published|in the comments below", re.I)),
    ("related posts", re.compile(r"^(Similar|Related) (Posts|Articles)$", re.I)),
    ("author bio", re.compile(r"^About the author:?$|^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3} is an? ", re.I)),
]
_SEPARATOR = re.compile(r"^(\\?\*|-{3,}|_{3,}|\*{3,})$")
_DEAD_LINK = re.compile(r"\[([^\]]+)\]\(#\)")


@dataclasses.dataclass(frozen=True)
class Removed:
    """One block of furniture the importer removed: where it was, what kind, and its text."""

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

    def article_text(self) -> str:
        """The complete ``articles/<slug>.md`` file: front matter the maintainer completes, then the body."""
        fields = {"title": self.title, "author": self.author, "outlet": self.outlet, "published": self.published}
        front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
        front = front.replace("published: null", "published: null  # TODO: YYYY, YYYY-MM or YYYY-MM-DD")
        if self.first_published_on:
            front += f"# The capture says it was first published on {self.first_published_on}: add it to 'republished' or 'outlet'.\n"
        return f"---\n{front}---\n\n{self.body}"


@dataclasses.dataclass
class _Block:
    line: int
    text: str
    heading: bool = False


def import_capture(text: str) -> ImportResult:
    """Split a capture into title, furniture and body; nothing is written."""
    markdown = bool(re.search(r"^#{1,6}\s|\]\(", text, re.M))
    blocks = _blocks(text, markdown)
    removed: list[Removed] = []
    found: dict[str, str] = {}

    # Leading furniture and the title.
    title = None
    while blocks:
        block = blocks[0]
        plain = _plain(block.text)
        kind, match = _match(_HEAD_RULES, plain)
        if kind:
            _collect(found, match)
            removed.append(Removed(block.line, kind, block.text))
        elif title is None:
            title = re.sub(r"^#+\s*", "", block.text).strip()
        else:
            break
        blocks.pop(0)

    # Trailing furniture: everything from the first tail block on (and separators just before it).
    tail_start = len(blocks)
    for index, block in enumerate(blocks):
        if _match(_TAIL_RULES, _plain(block.text))[0]:
            tail_start = index
            break
    while tail_start > 0 and _SEPARATOR.match(blocks[tail_start - 1].text.strip()):
        tail_start -= 1
    section = "trailing furniture"
    for block in blocks[tail_start:]:
        plain = _plain(block.text)
        kind, match = _match(_TAIL_RULES, plain)
        if kind:
            _collect(found, match)
            section = kind
        elif _SEPARATOR.match(block.text.strip()):
            kind = "separator"
        elif section == "comment widget":
            kind = "related posts"  # headlines listed under a comment widget link to other posts
        else:
            kind = section  # a continuation of the block above, e.g. a disclaimer's second paragraph
        removed.append(Removed(block.line, kind, block.text))
    body_blocks = blocks[:tail_start]

    repairs: list[str] = []
    body_blocks = _join_split_paragraphs(body_blocks, repairs)
    body = "\n\n".join(_body_text(b, markdown) for b in body_blocks) + "\n"
    dead = len(_DEAD_LINK.findall(body))
    if dead:
        body = _DEAD_LINK.sub(r"\1", body)
        repairs.append(f"turned {dead} dead links '[text](#)' into plain text")

    published = None
    if "year" in found:
        month = MONTHS.split("|").index(found["month"]) + 1
        published = f"{int(found['year']):04d}-{month:02d}-{int(found['day']):02d}"
    return ImportResult(
        title=title or "Untitled",
        author=found.get("author") or found.get("author2"),
        outlet=found.get("outlet"),
        published=published,
        first_published_on=found.get("first_published_on"),
        body=body,
        removed=tuple(removed),
        repairs=tuple(repairs),
    )


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


def _collect(found: dict[str, str], match: re.Match) -> None:
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


def write_article(root: Path, result: ImportResult, slug: str | None) -> Path:
    """Write ``articles/<slug>.md``; refuse to overwrite anything that exists."""
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
    return target
