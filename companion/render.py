"""Stage 3: turn the checked corpus into Markdown pages and assets, in memory.

Pages are Markdown files whose content is HTML we rendered ourselves from untrusted text
(with :mod:`companion.safe_markdown`), so MkDocs only wraps them in the theme. Values that
MkDocs' theme prints without escaping (the page title and description in the front matter)
are HTML-escaped here.
"""

from __future__ import annotations

import dataclasses
import html
import math
import re
from pathlib import Path

import jinja2
import yaml

from . import safe_markdown
from .anchor import Anchor, anchor_notes
from .htmltext import Document, highlight
from .model import Article, Corpus, Note
from .problems import Problems

ASSETS_DIR = Path(__file__).parent / "assets"
TEMPLATES_DIR = Path(__file__).parent / "templates"
ASSET_URL = "assets/companion"  # under docs/
WORDS_PER_MINUTE = 230

KIND_LABELS = {
    "context": "Context", "fact-check": "Fact-check", "prediction": "Prediction",
    "definition": "Definition", "source": "Source",
}
VERDICT_LABELS = {
    "accurate": "Accurate", "inaccurate": "Inaccurate", "misleading": "Misleading",
    "unverified": "Unverified", "outdated": "Outdated",
}
OUTCOME_LABELS = {
    "came-true": "Came true", "partly": "Partly came true", "did-not-happen": "Did not happen", "pending": "Pending",
}

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    undefined=jinja2.StrictUndefined,
    autoescape=True,  # every value is escaped unless it is Markup we rendered ourselves
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_env.filters["markdown"] = lambda text: jinja2.utils.markupsafe.Markup(safe_markdown.render(text)) if text else ""
_env.filters["markdown_inline"] = lambda text: jinja2.utils.markupsafe.Markup(safe_markdown.render_inline(text)) if text else ""
_env.globals.update(kind_labels=KIND_LABELS, verdict_labels=VERDICT_LABELS, outcome_labels=OUTCOME_LABELS)


def provenance_hint(article: Article) -> str:
    """The one-line label of the provenance panel: says plainly when author or outlet is unknown."""
    missing = [what for what, value in (("author", article.author), ("outlet", article.outlet)) if not value]
    if missing:
        return f"{' and '.join(missing)} not named in the source".capitalize()
    return "outlet, author and date"


_env.globals["provenance_hint"] = provenance_hint


@dataclasses.dataclass(frozen=True)
class RenderedArticle:
    """An article's body HTML with its notes placed, and the anchors that placed them."""

    article: Article
    body_html: str
    anchors: tuple[Anchor, ...]
    words: int

    @property
    def reading_minutes(self) -> int:
        """Minutes to read the article at an ordinary pace, at least one."""
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))


def render_article_body(article: Article, problems: Problems) -> RenderedArticle:
    """Render the body, anchor its notes and insert each highlight and margin note."""
    document = Document(safe_markdown.render(article.body))
    texts = [block.text for block in document.blocks]
    anchors = anchor_notes(article, texts, problems)
    _check_note_markup(article, problems)
    # Number notes in the order their markers appear (a marker follows the end of its passage);
    # insert from the end of each block backwards so earlier offsets stay valid.
    ordered = sorted(anchors, key=lambda a: (a.block, a.end, a.start))
    numbers = {a.note.id: n for n, a in enumerate((a for a in ordered if not a.note.is_bare_anchor), start=1)}
    for anchor in sorted(ordered, key=lambda a: (a.block, -a.start, -a.end)):
        note = anchor.note
        classes = "rc-claim" + (" rc-bare" if note.is_bare_anchor else "")
        first = f'<mark class="{classes}" id="{note.id}" data-note="{note.id}">'
        rest = f'<mark class="{classes} rc-claim-cont" data-note="{note.id}">'
        after = "" if note.is_bare_anchor else _one_line(_env.get_template("note.html.j2").render(
            note=note, number=numbers[note.id], article=article))
        highlight(document.blocks[anchor.block], anchor.start, anchor.end, first, rest, after)
    words = sum(len(t.split()) for t in texts)
    return RenderedArticle(article, document.html(), tuple(ordered), words)


def _check_note_markup(article: Article, problems: Problems) -> None:
    """A note sits inside a paragraph, so it may hold inline formatting and links only."""
    for note in article.notes:
        if note.text:
            extra = safe_markdown.block_tags(safe_markdown.render(note.text))
            if extra:
                problems.error(note.loc, f"note '{note.id}' uses {', '.join(sorted('<' + t + '>' for t in extra))}; "
                               "a note may hold only paragraphs, inline formatting and links")


def _one_line(text: str) -> str:
    """Raw HTML inside a Markdown page must not contain blank lines; keep inserted HTML on one line."""
    return re.sub(r"\s*\n\s*", " ", text).strip()


def front_matter(**fields) -> str:
    """YAML front matter for MkDocs; strings are HTML-escaped because the theme prints them raw."""
    safe = {k: html.escape(v, quote=True) if isinstance(v, str) else v for k, v in fields.items() if v is not None}
    return "---\n" + yaml.safe_dump(safe, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


def plain_text(markdown_text: str | None) -> str | None:
    """Markdown reduced to one line of plain text (for the description meta)."""
    if not markdown_text:
        return None
    text = re.sub(r"<[^>]+>", "", safe_markdown.render(markdown_text))
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def get_outputs(corpus: Corpus, rendered: dict[str, RenderedArticle]) -> dict[str, bytes]:
    """Every generated file under docs/, by path relative to docs/, as bytes."""
    outputs: dict[str, str | bytes] = {}
    articles = sorted(corpus.articles, key=lambda a: (a.published.sort_key, a.slug))
    outputs["articles/index.md"] = front_matter(title="Articles", description="The articles in this companion, oldest first.") + \
        _env.get_template("articles_index.md.j2").render(articles=articles, rendered=rendered)
    for article in corpus.articles:
        outputs[f"articles/{article.slug}.md"] = front_matter(
            # Article pages need the right margin for notes: no table of contents, no side nav
            # (the navigation tabs in the header still lead everywhere).
            title=article.title, description=plain_text(article.summary), hide=["navigation", "toc"],
        ) + _env.get_template("article.md.j2").render(article=article, page=rendered[article.slug])
    for asset in sorted(ASSETS_DIR.iterdir()):
        outputs[f"{ASSET_URL}/{asset.name}"] = asset.read_bytes()
    return {path: value.encode("utf-8") if isinstance(value, str) else value for path, value in outputs.items()}
