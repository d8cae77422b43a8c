"""The text of rendered HTML, block by block, and highlighting a range of it as valid HTML.

Python-Markdown's output is split into tokens. A *block* is the run of text and inline
elements between two block-level tags (a paragraph, a heading, a list item): quotes are
matched on a block's text and may not cross blocks. Wrapping a text range in ``<mark>`` has
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


def highlight(block: Block, start: int, end: int, open_first: str, open_rest: str, after: str) -> None:
    """Wrap ``block.text[start:end]`` in marks and insert ``after`` (raw HTML) at block level after it.

    ``open_first`` opens the first mark piece (the one with the id), ``open_rest`` the others;
    pieces are split wherever the range crosses the edge of an inline element, so nesting stays valid.
    ``after`` is placed right after the range, or after the link the range ends in, so that a note
    (which holds a button and links) is never nested inside a link.
    """
    first = _split_at(block, start)
    last = _split_at(block, end) - 1  # tokens first..last are exactly the range's text and tags
    tokens = block.tokens
    partner = _partners(tokens)
    out: list[Token] = tokens[:first]
    open_piece = False
    pieces = 0

    def open_mark():
        nonlocal open_piece, pieces
        out.append(Token("start", open_first if pieces == 0 else open_rest, "mark"))
        open_piece, pieces = True, pieces + 1

    def close_mark():
        nonlocal open_piece
        out.append(Token("end", "</mark>", "mark"))
        open_piece = False

    for index in range(first, last + 1):
        token = tokens[index]
        if token.kind == "raw":  # another note inserted earlier: it sits between pieces, never inside one
            if open_piece:
                close_mark()
            out.append(token)
            continue
        crossing = (token.kind == "start" and partner.get(index, len(tokens)) > last) or (
            token.kind == "end" and partner.get(index, -1) < first)
        if crossing:
            if open_piece:
                close_mark()
            out.append(token)
            continue
        if token.kind == "text" and token.value and not open_piece:
            open_mark()
        out.append(token)
    if open_piece:
        close_mark()
    # A button may not sit inside a link, so `after` goes after any link open at the end of the
    # range; inside emphasis it can stay right after the passage (CSS resets the note's style).
    open_at_end = [i for i in range(last + 1) if tokens[i].kind == "start" and partner.get(i, len(tokens)) > last]
    interactive = [i for i in open_at_end if tokens[i].name in INTERACTIVE_TAGS]
    position = partner[interactive[0]] + 1 if interactive else last + 1
    out.extend(tokens[last + 1 : position])
    # Another passage's highlight may still be open here: close it around the note and reopen it
    # as a continuation piece, so a note never sits inside any highlight.
    open_marks = [i for i in range(position) if tokens[i].kind == "start" and tokens[i].name == "mark"
                  and partner.get(i, len(tokens)) >= position]
    out.extend(Token("end", "</mark>", "mark") for _ in open_marks)
    out.append(Token("raw", after))
    out.extend(Token("start", _continuation(tokens[i].value), "mark") for i in open_marks)
    out.extend(tokens[position:])
    block.tokens = out


def _continuation(start_tag: str) -> str:
    """The start tag of a further piece of a highlight: no id, and the class rc-claim-cont."""
    tag = re.sub(r'\s+id="[^"]*"', "", start_tag)
    return tag if "rc-claim-cont" in tag else tag.replace('class="rc-claim', 'class="rc-claim rc-claim-cont', 1)


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


_WS = re.compile(r"\s+")
