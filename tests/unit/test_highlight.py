"""Overlapping highlights over emphasis, links and code are always well-formed, and each holds its quote.

Hypothesis writes paragraphs with inline formatting and lays several passages over them, nested or
overlapping, as notes on one paragraph do; every layout must give HTML whose tags nest without
repair, whose marks for each note hold exactly that note's text, and whose notes sit outside
every mark and every link.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion import safe_markdown
from companion.htmltext import VOID_TAGS, Document, Span, highlight_block

WORDS = st.sampled_from(["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"])


@st.composite
def paragraphs(draw) -> str:
    """A paragraph of words, some runs in *emphasis*, **strong**, a [link](…) or `code`, possibly nested."""
    parts = []
    for _ in range(draw(st.integers(3, 9))):
        words = " ".join(draw(st.lists(WORDS, min_size=1, max_size=4)))
        style = draw(st.sampled_from(["plain", "plain", "em", "strong", "link", "code", "em-link"]))
        parts.append({"plain": words, "em": f"*{words}*", "strong": f"**{words}**", "code": f"`{words}`",
                      "link": f"[{words}](https://example.org/x)", "em-link": f"*a [{words}](https://example.org/y) b*",
                      }[style])
    return " ".join(parts) + "."


@st.composite
def layouts(draw):
    """A paragraph and two to five ranges of its text, each on word boundaries."""
    source = draw(paragraphs())
    block = Document(safe_markdown.render_document(source)).blocks[0]
    text = block.text
    bounds = sorted({0, len(text)} | {m.start() for m in re.finditer(r"\b\w", text)} | {m.end() for m in re.finditer(r"\w\b", text)})
    ranges = []
    for _ in range(draw(st.integers(2, 5))):
        start = draw(st.sampled_from(bounds[:-1]))
        end = draw(st.sampled_from([b for b in bounds if b > start]))
        ranges.append((start, end))
    return source, ranges


_TAG = re.compile(r"<!--.*?-->|<(/?)([a-z0-9]+)[^>]*>", re.S)


def _nesting_problems(markup: str) -> list[str]:
    """Where the tags do not nest: an end tag that closes something other than the last open element."""
    stack, problems = [], []
    for match in _TAG.finditer(markup):
        closing, name = match.group(1), match.group(2)
        if not name or name in VOID_TAGS:
            continue
        if not closing:
            stack.append(name)
        elif not stack or stack[-1] != name:
            problems.append(f"</{name}> closes {stack[-1] if stack else 'nothing'} at {match.start()}")
            break
        else:
            stack.pop()
    return problems + [f"unclosed {name}" for name in stack]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layouts())
def test_overlapping_highlights_nest_and_hold_their_quotes(layout):
    source, ranges = layout
    document = Document(safe_markdown.render_document(source))
    block = document.blocks[0]
    text = block.text
    highlight_block(block, [Span(start, end, f'<mark class="rc-claim" id="n{i}" data-note="n{i}">',
                                 f'<mark class="rc-claim rc-claim-cont" data-note="n{i}">',
                                 f'<span class="rc-note" data-note="n{i}">N</span>') for i, (start, end) in enumerate(ranges)])
    markup = document.html()
    assert _nesting_problems(markup) == [], markup
    soup = BeautifulSoup(markup, "html.parser")
    for i, (start, end) in enumerate(ranges):
        note = soup.select_one(f'span.rc-note[data-note="n{i}"]')
        assert not [p.name for p in note.parents if p.name in ("mark", "a")], markup
        pieces = soup.select(f'mark[data-note="n{i}"]')
        outermost = [m for m in pieces if not any(p in pieces for p in m.parents)]
        assert "".join(m.get_text() for m in outermost) == text[start:end], (markup, i)
        assert len(soup.select(f"mark#n{i}")) == 1 and pieces[0].get("id") == f"n{i}"
