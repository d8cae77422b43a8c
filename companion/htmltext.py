"""The text of rendered HTML, block by block, and highlighting a range of it as valid HTML.

The safe HTML of an article body (companion.safe_markdown: cmark, then the nh3 sanitizer)
is split into tokens. A *block* is the run of text and inline elements between two
block-level tags (a paragraph, a heading, a list item): quotes are matched on a block's text
and may not cross blocks. Wrapping a text range in ``<mark>`` has
to respect the inline elements the range crosses, so a range that starts inside ``<em>``
and ends after it becomes two ``<mark>`` pieces, one inside and one outside.
"""

from __future__ import annotations

import dataclasses
import html
import re

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
VOID_TAGS = {"br", "hr", "img", "wbr", "input"}
INTERACTIVE_TAGS = {"a", "button", "label"}  # no interactive content may nest inside these


@dataclasses.dataclass
class Token:
    """A piece of HTML: ``text`` (unescaped), a ``start``/``end``/``void`` tag, or ``raw`` inserted HTML."""

    kind: str
    value: str  # the text for "text", the tag's source for tags, the HTML for "raw"
    name: str = ""


@dataclasses.dataclass
class Block:
    """The tokens of one block and its plain text (``raw`` tokens add no text)."""

    tokens: list[Token]
    index: int

    @property
    def text(self) -> str:
        """The block's text as a reader sees it."""
        return "".join(t.value for t in self.tokens if t.kind == "text")


# The sanitizer's output (safe_markdown) is regular: every "<" starts a tag or a comment it
# wrote, text is escaped, and attribute values are quoted. A regular expression therefore
# splits it exactly, at a fraction of html.parser's cost (this runs over every article body).
_TAG = re.compile(r"""<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:\s(?:[^>"']|"[^"]*"|'[^']*')*)?>""", re.S)


def _tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    for match in _TAG.finditer(source):
        if match.start() > position:
            _add_text(tokens, html.unescape(source[position : match.start()]))
        position = match.end()
        tag, name = match.group(0), (match.group(2) or "").lower()
        if not name:
            tokens.append(Token("raw", tag))
        elif match.group(1):
            tokens.append(Token("end", f"</{name}>", name))
        else:
            void = name in VOID_TAGS or tag.endswith("/>")
            tokens.append(Token("void" if void else "start", tag, name))
    if position < len(source):
        _add_text(tokens, html.unescape(source[position:]))
    return tokens


def _add_text(tokens: list[Token], text: str) -> None:
    if tokens and tokens[-1].kind == "text":
        tokens[-1].value += text
    else:
        tokens.append(Token("text", text))


class Document:
    """Rendered HTML as a list of items: tokens outside blocks, and :class:`Block` objects."""

    def __init__(self, source: str) -> None:
        self.items: list[Token | Block] = []
        self.blocks: list[Block] = []
        current: list[Token] = []
        for token in _tokenize(source):
            if token.kind in ("start", "end", "void") and token.name in BLOCK_TAGS:
                self._flush(current)
                current = []
                self.items.append(token)
            else:
                current.append(token)
        self._flush(current)

    def _flush(self, tokens: list[Token]) -> None:
        if any(t.kind == "text" and t.value.strip() for t in tokens):
            block = Block(tokens, len(self.blocks))
            self.blocks.append(block)
            self.items.append(block)
        else:
            self.items.extend(tokens)

    def html(self) -> str:
        """Serialize back to HTML, escaping text."""
        out: list[str] = []
        for item in self.items:
            for token in item.tokens if isinstance(item, Block) else [item]:
                out.append(html.escape(token.value, quote=False) if token.kind == "text" else token.value)
        return "".join(out)


@dataclasses.dataclass(frozen=True)
class Span:
    """A passage to highlight in a block: its text range, how its mark pieces open, and its note."""

    start: int
    end: int
    open_first: str  # the first piece's start tag (the one with the id)
    open_rest: str  # every further piece's start tag
    after: str  # raw HTML placed after the passage: the note (or its placeholder)


def highlight_block(block: Block, spans: list[Span]) -> None:
    """Wrap each span's text in marks and place its ``after`` HTML, all in one pass; the result always nests.

    Marks are the innermost elements: wherever the text enters or leaves emphasis, a link or
    code, or another passage begins or ends, the open marks are closed and opened again as
    further pieces. Overlapping passages nest by where they start (the earlier outside). A
    note goes right after its passage, or after the link the passage ends in (a note holds a
    button and links, which may not sit inside a link), and never inside any mark.
    """
    if not spans:
        return
    for offset in sorted({s.start for s in spans} | {s.end for s in spans}):
        _split_at(block, offset)
    tokens = block.tokens
    partner = _partners(tokens)
    # Where each note goes: after the token that ends its passage, or after the enclosing link.
    ends_at: dict[int, int] = {}  # text offset -> index of the last token of text before it
    offset = 0
    for index, token in enumerate(tokens):
        if token.kind == "text" and token.value:
            offset += len(token.value)
            ends_at[offset] = index
    notes_after: dict[int, list[Span]] = {}
    for span in sorted(spans, key=lambda s: (s.end, s.start)):
        index = ends_at[span.end]
        open_links = [i for i in range(index) if tokens[i].kind == "start" and tokens[i].name in INTERACTIVE_TAGS
                      and partner.get(i, len(tokens)) > index]
        notes_after.setdefault(partner[open_links[0]] if open_links else index, []).append(span)

    out: list[Token] = []
    opened: list[Span] = []  # the marks open now, outermost first
    started: set[int] = set()  # spans whose first piece is out (by id)

    def close_marks() -> None:
        out.extend(Token("end", "</mark>", "mark") for _ in opened)
        opened.clear()

    offset = 0
    for index, token in enumerate(tokens):
        if token.kind == "text" and token.value:
            wanted = sorted((s for s in spans if s.start <= offset < s.end), key=lambda s: (s.start, -s.end, id(s)))
            keep = 0
            while keep < len(opened) and keep < len(wanted) and opened[keep] is wanted[keep]:
                keep += 1
            out.extend(Token("end", "</mark>", "mark") for _ in opened[keep:])
            del opened[keep:]
            for span in wanted[keep:]:
                out.append(Token("start", span.open_rest if id(span) in started else span.open_first, "mark"))
                started.add(id(span))
                opened.append(span)
            out.append(token)
            offset += len(token.value)
        elif token.kind in ("start", "end", "raw"):
            close_marks()  # marks stay innermost: they reopen inside the next element's text
            out.append(token)
        else:
            out.append(token)
        for span in notes_after.get(index, ()):
            close_marks()
            out.append(Token("raw", span.after))
    close_marks()
    block.tokens = out


def _split_at(block: Block, offset: int) -> int:
    """Split the text token at a text offset; return the index of the first token at or after it."""
    seen = 0
    for index, token in enumerate(block.tokens):
        if token.kind != "text":
            continue
        if seen + len(token.value) > offset or (offset == seen and token.value):
            cut = offset - seen
            if cut == 0:
                return index
            head, tail = token.value[:cut], token.value[cut:]
            block.tokens[index : index + 1] = [Token("text", head), Token("text", tail)]
            return index + 1
        seen += len(token.value)
    return len(block.tokens)


def _partners(tokens: list[Token]) -> dict[int, int]:
    """Map each inline start tag's index to its end tag's index and back."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for index, token in enumerate(tokens):
        if token.kind == "start":
            stack.append(index)
        elif token.kind == "end":
            for depth in range(len(stack) - 1, -1, -1):
                if tokens[stack[depth]].name == token.name:
                    opener = stack[depth]
                    del stack[depth:]
                    pairs[opener], pairs[index] = index, opener
                    break
    return pairs

