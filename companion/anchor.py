"""Stage 2: find the passage each note quotes, the way a W3C TextQuoteSelector is resolved.

Matching is exact after normalizing what maintainers cannot easily type: runs of whitespace,
typographic quotes and apostrophes, and dashes. Exact matching is a plain substring search;
the fuzzy search that proposes "did you mean …" and re-anchors after an article edit runs
only for a quote that has no exact match, so a clean corpus never pays for it.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import re

from rapidfuzz import fuzz

from .model import Article, Note
from .problems import PASSAGE_LIMIT, Problems, quoted

_CHAR_MAP = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "«": '"', "»": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
})
_WHITESPACE_RUN = re.compile(r"\s+")
REANCHOR_RATIO = 0.9  # at least this similar: re-anchor with a warning; below: an error
SUGGEST_RATIO = 0.6   # at least this similar: name the passage in "did you mean …" (below, letters shared by chance)


@dataclasses.dataclass(frozen=True)
class Normalized:
    """Normalized text and, for each of its characters, the index of the original character."""

    text: str
    source: str  # the text after folding quotes and dashes, before folding whitespace

    @functools.cached_property
    def origin(self) -> tuple[int, ...]:
        """Index in the original text of each normalized character; computed only for a match."""
        origin: list[int] = []
        position = 0
        for run in _WHITESPACE_RUN.finditer(self.source):
            origin.extend(range(position, run.start() + 1))  # a run keeps its first character
            position = run.end()
        origin.extend(range(position, len(self.source)))
        return tuple(origin)


def normalize(text: str) -> Normalized:
    """Fold quotes and dashes to ASCII and whitespace runs to one space, remembering positions."""
    mapped = text.translate(_CHAR_MAP)
    return Normalized(_WHITESPACE_RUN.sub(" ", mapped), mapped)


def _fold(text: str) -> str:
    return normalize(text).text


@dataclasses.dataclass(frozen=True)
class Anchor:
    """Where a note's quote sits: a block of the rendered article and a range of its text."""

    note: Note
    block: int
    start: int
    end: int
    text: str  # the passage as it stands in the article


@dataclasses.dataclass(frozen=True)
class _Candidate:
    block: int
    start: int  # in normalized text
    end: int


def anchor_notes(article: Article, block_texts: list[str], problems: Problems) -> list[Anchor]:
    """Anchor every note of ``article`` in its rendered blocks; report misses and ambiguities."""
    blocks = _Blocks([normalize(text) for text in block_texts])
    anchors = []
    for note in article.notes:
        anchor = _anchor(article, note, block_texts, blocks, problems)
        if anchor is not None:
            anchors.append(anchor)
    return anchors


def anchor_unchecked(article: Article, block_texts: list[str], problems: Problems) -> list[Anchor]:
    """Find the passage of every `unchecked:` entry, as notes are found: an entry whose quote is
    not in the article (or is in it several times) is an error, with "did you mean" for a near miss.
    """
    blocks = _Blocks([normalize(text) for text in block_texts])
    return [anchor for entry in article.unchecked
            if (anchor := _anchor(article, entry, block_texts, blocks, problems)) is not None]


class _Blocks:
    """All normalized blocks in one string, so that a quote is looked up with one search.

    Blocks are joined with a newline, which normalized text never contains, so a match can
    never cross from one block into the next.
    """

    def __init__(self, normalized: list[Normalized]) -> None:
        self.normalized = normalized
        self.joined = "\n".join(n.text for n in normalized)
        self.starts = list(itertools.accumulate((len(n.text) + 1 for n in normalized[:-1]), initial=0))

    def find_all(self, quote: str) -> list[_Candidate]:
        """Every place ``quote`` occurs, as (block, start, end) in that block's normalized text."""
        found = []
        for position in _find_all(self.joined, quote):
            block = bisect.bisect_right(self.starts, position) - 1
            start = position - self.starts[block]
            found.append(_Candidate(block, start, start + len(quote)))
        return found


def _anchor(article: Article, note: Note, texts: list[str], blocks: _Blocks, problems: Problems) -> Anchor | None:
    normalized = blocks.normalized
    quote = _fold(note.quote).strip()
    prefix, suffix = _fold(note.prefix), _fold(note.suffix)
    found = blocks.find_all(quote)
    matches = [c for c in found if normalized[c.block].text[: c.start].endswith(prefix)
               and normalized[c.block].text[c.end :].startswith(suffix)]
    if len(matches) == 1:
        return _make_anchor(note, matches[0], texts, normalized)
    if len(matches) > 1:
        places = "; ".join(_describe_place(texts[c.block], normalized[c.block], c, c.block) for c in matches)
        problems.error(note.at("quote"), f"quote '{quoted(note.quote, PASSAGE_LIMIT)}' matches {len(matches)} places in {article.path}: {places}. "
                       "Add a 'prefix' or 'suffix' to pick one")
        return None
    if found:
        context = "; ".join(_describe_place(texts[c.block], normalized[c.block], c, c.block) for c in found)
        problems.error(note.at("quote"), f"quote '{quoted(note.quote, PASSAGE_LIMIT)}' is in {article.path}, but not with this prefix and suffix; "
                       f"it stands at: {context}")
        return None
    if quote in blocks.joined.replace("\n", " "):
        problems.error(note.at("quote"), f"quote '{quoted(note.quote, PASSAGE_LIMIT)}' crosses a paragraph boundary in {article.path}; "
                       "a quote must lie within one paragraph")
        return None
    best = _closest(quote, normalized)
    if best is not None and best[0] >= REANCHOR_RATIO:
        ratio, candidate = best
        anchor = _make_anchor(note, candidate, texts, normalized)
        problems.warning(note.at("quote"), f"quote '{quoted(note.quote, PASSAGE_LIMIT)}' no longer matches {article.path} exactly; re-anchored to the "
                         f"closest passage ({ratio:.0%} similar). Replace the quote with: '{anchor.text}'")
        return anchor
    hint = ""
    if best is not None and best[0] >= SUGGEST_RATIO:
        hint = f"; did you mean '{quoted(_make_anchor(note, best[1], texts, normalized).text, PASSAGE_LIMIT)}'?"
    problems.error(note.at("quote"), f"quote '{quoted(note.quote, PASSAGE_LIMIT)}' is not in {article.path}{hint}")
    return None


def _find_all(haystack: str, needle: str):
    if not needle:
        return
    position = haystack.find(needle)
    while position != -1:
        yield position
        position = haystack.find(needle, position + 1)


def _make_anchor(note: Note, candidate: _Candidate, texts: list[str], normalized: list[Normalized]) -> Anchor:
    origin = normalized[candidate.block].origin
    start = origin[candidate.start]
    end = origin[candidate.end - 1] + 1
    return Anchor(note, candidate.block, start, end, texts[candidate.block][start:end])


def _describe_place(text: str, norm: Normalized, candidate: _Candidate, block: int) -> str:
    """Where a candidate stands, in the article's own words, with whole words of context."""
    start, end = norm.origin[candidate.start], norm.origin[candidate.end - 1] + 1
    before = " ".join(text[max(0, start - 30) : start].split(" ")[1:]) if start > 30 else text[:start]
    after = " ".join(text[end : end + 30].split(" ")[:-1]) if end + 30 < len(text) else text[end:]
    return f"paragraph {block + 1} ('…{before}[{text[start:end]}]{after}…')"


def _closest(quote: str, normalized: list[Normalized]) -> tuple[float, _Candidate] | None:
    """The most similar run of whole words in any block, and how similar it is (0 to 1).

    rapidfuzz finds the best-aligned substring of each block in time linear in the block's
    length (a sliding window over every start and length, as this did with difflib, took a
    minute on a 1 MB article); the match is then widened to whole words and scored again.
    """
    best: tuple[float, _Candidate] | None = None
    for block, norm in enumerate(normalized):
        text = norm.text
        cutoff = 100 * (best[0] if best else SUGGEST_RATIO)
        aligned = fuzz.partial_ratio_alignment(quote, text, score_cutoff=cutoff)
        if aligned is None:
            continue
        start, end = (aligned.dest_start, aligned.dest_end) if len(quote) <= len(text) else (0, len(text))
        candidate = _refine(quote, text, start, end)
        if best is None or candidate[0] > best[0]:
            best = (candidate[0], _Candidate(block, candidate[1], candidate[2]))
    return best if best and best[0] >= SUGGEST_RATIO else None


def _refine(quote: str, text: str, start: int, end: int) -> tuple[float, int, int]:
    """Widen an aligned range to whole words, then try one word more or less at each end; keep the most similar."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    first = max(0, next((i for i, (a, b) in enumerate(words) if b > start), len(words) - 1))
    last = next((i for i in range(len(words) - 1, -1, -1) if words[i][0] < end), first)
    best = (-1.0, 0, 0)
    for i in (first - 1, first, first + 1):
        for j in (last - 1, last, last + 1):
            if 0 <= i <= j < len(words):
                a, b = _trim(quote, text, words[i][0], words[j][1])
                ratio = fuzz.ratio(quote, text[a:b]) / 100
                if ratio > best[0]:
                    best = (ratio, a, b)
    return best


def _trim(quote: str, text: str, start: int, end: int) -> tuple[int, int]:
    """Words carry their punctuation; trim what the quote does not have at its edges."""
    while end > start + 1 and not text[end - 1].isalnum() and text[end - 1] != quote[-1]:
        end -= 1
    while start < end - 1 and not text[start].isalnum() and text[start] != quote[0]:
        start += 1
    return start, end
