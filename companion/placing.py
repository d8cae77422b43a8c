"""Phase one of a page: render an article's body once, anchor each note's quote in it and mark its
place, beside ``anchor`` (which finds the quotes) and ``htmltext`` (which highlights them).

It depends on the article's own files only, so it runs in the worker that loaded the article
and is cached with it; phase two (``render``) fills each place with the numbered note.
"""

from __future__ import annotations

import dataclasses
import re

from . import safe_markdown
from .anchor import anchor_notes, anchor_unchecked
from .htmltext import Document, Span, highlight_block
from .model import Article
from .problems import Problems


@dataclasses.dataclass(frozen=True)
class Placed:
    """Phase one of an article, as plain data (it travels back from a worker process).

    ``body_html`` has every highlight and every note in place, except the notes that show
    links: those are placeholders until every article is anchored, since a link entry quotes
    the other article's passage. ``anchors`` are (index in ``article.notes``, block, start,
    end, passage): the parent rebuilds them with its own notes rather than receive copies.
    """

    body_html: str
    anchors: tuple[tuple[int, int, int, int, str], ...]
    block_texts: tuple[str, ...]  # the text of each block, before notes: for annotation selectors
    words: int


# Where each note goes, until phase two knows its number and its links. Text in the body is
# escaped, so "<!--" can only come from us.
PLACEHOLDER = re.compile(r"<!--rc-note:([a-z0-9-]+)-->")


def anchor_article(article: Article, problems: Problems) -> Placed | None:
    """Render the body once, anchor every note and mark its place (phase one of two); None on errors.

    Phase one depends on the article's own files only, so it runs in the same worker that
    loaded the article, and its result is cached with it.
    """
    body_html = safe_markdown.render_document(article.body)
    document = Document(body_html)
    texts = tuple(block.text for block in document.blocks)
    found = Problems()
    anchors = anchor_notes(article, list(texts), found)
    anchor_unchecked(article, list(texts), found)  # checked only: unchecked claims are listed, not marked
    problems.extend(found.sorted())
    if found.errors:  # a note that did not anchor has no place: nothing is written anyway
        return None
    by_block: dict[int, list[Span]] = {}
    for anchor in anchors:
        note = anchor.note
        classes = "rc-claim" + (" rc-bare" if note.is_bare_anchor else "")
        by_block.setdefault(anchor.block, []).append(Span(
            anchor.start, anchor.end, f'<mark class="{classes}" id="{note.id}" data-note="{note.id}">',
            f'<mark class="{classes} rc-claim-cont" data-note="{note.id}">', f"<!--rc-note:{note.id}-->"))
    for block, spans in by_block.items():
        highlight_block(document.blocks[block], spans)
    position = {note.id: index for index, note in enumerate(article.notes)}
    return Placed(document.html(), tuple((position[a.note.id], a.block, a.start, a.end, a.text) for a in anchors),
                  texts, sum(len(t.split()) for t in texts))
