"""The page toolkit every page maker shares: the Jinja environment of companion/templates (with
its filters and globals), and the helpers that turn our HTML into a page of docs/ (front matter
escaped for the theme, the body marked as pre-rendered).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup, escape

from . import prerendered, safe_markdown
from .dates import display_span
from .epub import EPUB_PATH, SIZE_MARK
from .model import Article
from .trust import correction_inline
from .vocabulary import (
    ENTRY_TYPE_LABELS,
    KIND_LABELS,
    LINK_TYPE_WORDS,
    OUTCOME_LABELS,
    VERDICT_LABELS,
    not_named,
)

TEMPLATES_DIR = Path(__file__).parent / "templates"


env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    undefined=jinja2.StrictUndefined,
    autoescape=True,  # every value is escaped unless it is Markup we rendered ourselves
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    auto_reload=False,  # templates are part of the generator: no need to check their files on every use
)


env.filters["markdown"] = lambda text: jinja2.utils.markupsafe.Markup(safe_markdown.render(text)) if text else ""


env.filters["markdown_inline"] = lambda text: jinja2.utils.markupsafe.Markup(safe_markdown.render_inline(text)) if text else ""


env.globals.update(kind_labels=KIND_LABELS, verdict_labels=VERDICT_LABELS, outcome_labels=OUTCOME_LABELS,
                    type_labels=ENTRY_TYPE_LABELS, display_span=display_span, epub_path=EPUB_PATH, epub_size=SIZE_MARK)


def provenance_hint(article: Article) -> str:
    """The one-line label of the provenance panel: says plainly when author or outlet is unknown."""
    missing = [what for what, value in (("author", article.author), ("outlet", article.outlet)) if not value]
    if missing:
        return f"{' and '.join(missing)} not named in the source".capitalize()
    return "outlet, author and date"


env.globals["provenance_hint"] = provenance_hint
env.filters["correction_inline"] = correction_inline


def format_sources(sources) -> Markup:
    """ "Source: …" or "Sources: …; …" for a note, an event or a provenance statement.

    Plain Python rather than a template macro (and f-strings rather than Markup.format): it
    runs for every note and event of the corpus. Every value is escaped here.
    """
    parts = []
    for s in sources:
        title = escape(s.title)
        part = f'<a href="{escape(s.url)}" rel="nofollow noopener">{title}</a>' if s.url else f"<cite>{title}</cite>"
        if s.publisher or s.date:
            when = f'<time datetime="{s.date.iso()}">{s.date.display()}</time>' if s.date else ""
            part += f" ({escape(s.publisher or '')}{', ' if s.publisher and s.date else ''}{when})"
        if s.archive_url:
            part += f', <a class="rc-archived" href="{escape(s.archive_url)}" rel="nofollow noopener">archived copy</a>'
        if s.accessed:
            part += f', accessed <time datetime="{s.accessed.iso()}">{s.accessed.display()}</time>'
        parts.append(part)
    return Markup(("Source: " if len(parts) == 1 else "Sources: ") + "; ".join(parts))


env.globals["sources"] = format_sources


# Plural and singular, indexed by `n == 1`.
env.globals["type_words"] = LINK_TYPE_WORDS


env.globals["not_named"] = not_named


def short_quote(text: str, words: int = 6) -> str:
    """The first few words of a passage, for a compact link label."""
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def one_line(text: str) -> str:
    """Raw HTML inside a Markdown page must not contain blank lines; keep inserted HTML on one line."""
    return re.sub(r"\s*\n\s*", " ", text).strip()


def _escaped(value):
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, list | tuple):
        return [_escaped(v) for v in value]
    return value


def front_matter(**fields) -> str:
    """YAML front matter for MkDocs; strings (in lists too) are HTML-escaped because the theme prints them raw."""
    safe = {k: _escaped(v) for k, v in fields.items() if v is not None}
    return "---\n" + yaml.safe_dump(safe, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


def markdown_page(html: str, **fields) -> str:
    """A page for docs/: front matter, then our rendered HTML marked as pre-rendered (see companion.prerendered)."""
    return front_matter(**fields) + prerendered.wrap(html)


def plain_text(markdown_text: str | None) -> str | None:
    """Markdown reduced to one line of plain text (for the description meta)."""
    if not markdown_text:
        return None
    text = re.sub(r"<[^>]+>", "", safe_markdown.render(markdown_text))
    return re.sub(r"\s+", " ", html.unescape(text)).strip()
