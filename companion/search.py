"""The search index: every note, claim and timeline event as its own result, in small files.

A browser search that downloads the whole site before the first query does not scale (the
theme's built-in index is one JSON file that grows with the corpus). This index is split so
that a query loads only what it needs, and its files are built from the checked corpus in
memory, so no page is parsed again to make it:

- ``meta.json``: the number of records and, for every filter, its values (from the data)
  with their counts; a few kilobytes whatever the corpus size;
- ``t/<prefix>.json``: the terms that start with a prefix, each with its postings: record
  ids (delta-coded, base 36) and a weight (1–9, BM25 quantized). Prefixes grow (one letter,
  then two, …) until each file is at most ``SHARD_BYTES``, so a common prefix is split finely
  and a rare one is not; ``meta.json`` lists them, and a term is in the file of its longest
  listed prefix;
- ``f/<filter>/<n>.json``: the records that have one filter value (delta-coded);
- ``r/<n>.json``: ``CHUNK`` records at a time: what a result shows (address, kind, verdict
  or outcome, title, byline, excerpt).

A query for two words in a corpus of 2,000 articles loads ``meta.json``, two term files and
the record chunks of the first results (README, "Search"). The browser side is
``assets/companion/search.js``.

Why not Pagefind, the established tool: with one record per note (50,000 at 2,000 articles)
it took 28 s to index and write (its Python API waits 0.1 s per record), and its metadata
file alone was 244 KB; indexing the article pages instead gives one result per page, not
per note, and no filters per note. Measured figures are in README "Search".
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import unicodedata
from collections import Counter
from typing import TYPE_CHECKING

from .model import Article, Corpus
from .vocabulary import not_named

if TYPE_CHECKING:  # only for annotations: the search index is made from entries, not from the timeline
    from .timeline import Entry

INDEX_DIR = "search-index"  # under docs/
CHUNK = 25  # records per chunk file: a page of results touches a few small files
SHARD_BYTES = 12_000  # a term file is split by a longer prefix beyond this
# A word in most records tells them apart least: it keeps its best-weighted postings only, so
# that no query downloads a list that grows with the corpus. The count it shows is then a floor.
MAX_POSTINGS = 2_000
MAX_PREFIX = 12
EXCERPT_CHARS = 220
FILTERS = ("kind", "verdict", "outcome", "author", "outlet", "year")
# Words too common to tell results apart; leaving them out keeps the term files small.
STOPWORDS = frozenset("""
a an and are as at be but by for from had has have he her his i if in into is it its not of on or our she so
than that the their them then there these they this those to was we were which who will with would you
""".split())
_WORD = re.compile(r"[a-z0-9]+")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_POSSESSIVE = re.compile(r"['\u2019]s\b")
BM25_K1, BM25_B = 1.2, 0.75


def terms(text: str) -> list[str]:
    """The index terms of a text: lowercase, accents removed, stop words dropped, a plural ``s`` stripped.

    The browser applies the same rules to a query (search.js ``terms``); a test keeps them equal.
    """
    folded = text.lower()
    if not folded.isascii():
        folded = _COMBINING.sub("", unicodedata.normalize("NFKD", folded))
    return [stem(word) for word in _WORD.findall(_POSSESSIVE.sub("", folded)) if word not in STOPWORDS]


def stem(word: str) -> str:
    """A light English stemmer: "sanctions" and "sanction" are one term, "crisis" stays itself."""
    if len(word) > 3 and word[-1] == "s" and word[-2:] not in ("ss", "us", "is"):
        return word[:-1]
    return word


@dataclasses.dataclass(frozen=True)
class Record:
    """One search result: where it leads, what it shows, what it is found by and filtered on."""

    url: str  # from the site root
    kind: str  # a note kind, "claim" (the article's own words) or "event"
    badge: str  # the verdict or outcome in words, or ""
    title: str
    byline: str
    text: str  # what is searched
    filters: tuple[tuple[str, str], ...]
    excerpt: str | None = None  # what the result quotes, when it is not the start of ``text``


def get_records(corpus: Corpus, rendered: dict, entries: list[Entry], labels: dict[str, dict[str, str]]) -> list[Record]:
    """Every claim and note of every article (in reading order) and every timeline event."""
    records = []
    for article in sorted(corpus.articles, key=lambda a: (a.published.sort_key, a.slug)):
        base = _article_filters(article)
        byline = f"{article.byline}, {article.outlet_name}, {article.published.display()}"
        for anchor in rendered[article.slug].anchors:
            note, url = anchor.note, f"articles/{article.slug}/#{anchor.note.id}"
            records.append(Record(url, "claim", "", article.title, byline, anchor.text, base + (("kind", "claim"),)))
            if note.text:
                badge = labels["verdict"].get(note.verdict or "", "") or labels["outcome"].get(note.outcome or "", "")
                found = base + (("kind", note.kind),)
                found += (("verdict", note.verdict),) if note.verdict else ()
                found += (("outcome", note.outcome),) if note.outcome else ()
                records.append(Record(url, note.kind, badge, article.title, byline,
                                      f"{_plain(note.text)} (On: “{anchor.text}”)", found))
    for entry in entries:
        if entry.type == "event":
            note = _plain(entry.note or "")
            records.append(Record(f"timeline/#{entry.id}", "event", "", entry.title, entry.start.display(),
                                  f"{entry.title}. {note}".strip(), (("kind", "event"), ("year", str(entry.start.year))),
                                  excerpt=note))
    return records


def _article_filters(article: Article) -> tuple[tuple[str, str], ...]:
    return (("author", article.byline), ("outlet", article.outlet or not_named("outlet", start=True)),
            ("year", str(article.published.year)))


def _plain(markdown_text: str) -> str:
    """Markdown as it reads: link targets, emphasis marks and line breaks removed."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)
    return re.sub(r"\s+", " ", re.sub(r"[*_`]", "", text)).strip()


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_SMALL = [a + b for a in ("",) + tuple(_DIGITS[1:]) for b in _DIGITS]  # 0 … 1295: most gaps are small


def _b36(number: int) -> str:
    if number < len(_SMALL):
        return _SMALL[number]
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = _DIGITS[rest] + out
    return out


def _deltas(ids: list[int]) -> str:
    """Sorted ids as base-36 gaps, comma-separated: "3,a,1" for 3, 13, 14."""
    return ",".join(_b36(b - a) for a, b in zip([0] + ids, ids, strict=False))


def filter_values(records: list[Record]) -> dict[str, list[tuple[str, int]]]:
    """Each filter's values with their counts, in a stable order (years newest first, the rest by name)."""
    counts: dict[str, Counter] = {name: Counter() for name in FILTERS}
    for record in records:
        for name, value in record.filters:
            counts[name][value] += 1
    ordered = {}
    for name, counter in counts.items():
        key = (lambda item: -int(item[0])) if name == "year" else (lambda item: item[0].lower())
        ordered[name] = sorted(counter.items(), key=key)
    return ordered


def index_files(records: list[Record], labels: dict[str, dict[str, str]]) -> dict[str, str]:
    """The files of the index, by path under docs/, as JSON text."""
    files: dict[str, str] = {}
    postings: dict[str, list[tuple[int, int]]] = {}
    lengths = []
    for record_id, record in enumerate(records):
        words = terms(record.text)
        lengths.append(len(words))
        for term, count in Counter(words).items():
            postings.setdefault(term, []).append((record_id, count))
    average = (sum(lengths) / len(lengths)) if lengths else 1.0
    encoded = {}
    total = len(records)
    # BM25's length normalization, per record: k1 * (1 - b + b * length / average length).
    norms = [BM25_K1 * (1 - BM25_B + BM25_B * length / average) for length in lengths]
    for term, found in postings.items():
        idf = math.log(1 + (total - len(found) + 0.5) / (len(found) + 0.5)) * (BM25_K1 + 1)
        scored = [(idf * count / (count + norms[i]), i) for i, count in found]
        if len(scored) > MAX_POSTINGS:
            scored = sorted(sorted(scored, key=lambda item: (-item[0], item[1]))[:MAX_POSTINGS], key=lambda item: item[1])
        encoded[term] = f"{_deltas([i for _, i in scored])}|{_quantize([w for w, _ in scored])}"
    shards = _shards(sorted(encoded.items()))
    for prefix, found in shards.items():
        files[f"{INDEX_DIR}/t/{prefix}.json"] = json.dumps(dict(found), separators=(",", ":"))
    values = filter_values(records)
    by_value = {(name, value): [] for name, items in values.items() for value, _ in items}
    for record_id, record in enumerate(records):
        for pair in record.filters:
            by_value[pair].append(record_id)
    facets = {}
    for name, items in values.items():
        facets[name] = [[value, count, _label(name, value, labels)] for value, count in items]
        for number, (value, _) in enumerate(items):
            files[f"{INDEX_DIR}/f/{name}/{number}.json"] = json.dumps(_deltas(by_value[(name, value)]))
    for start in range(0, total, CHUNK):
        chunk = [[r.url, r.kind, r.badge, r.title, r.byline, _excerpt(r.text if r.excerpt is None else r.excerpt)]
                 for r in records[start:start + CHUNK]]
        files[f"{INDEX_DIR}/r/{start // CHUNK}.json"] = json.dumps(chunk, ensure_ascii=False, separators=(",", ":"))
    files[f"{INDEX_DIR}/meta.json"] = json.dumps(
        {"version": 1, "records": total, "chunk": CHUNK, "shards": sorted(shards), "filters": facets,
         "stopwords": sorted(STOPWORDS)}, ensure_ascii=False, separators=(",", ":"))
    return files


def _shards(items: list[tuple[str, str]], prefix: str = "") -> dict[str, list[tuple[str, str]]]:
    """Group sorted (term, postings) pairs by prefix, splitting a group by one more character while it is too big.

    A term equal to a split prefix stays in that prefix's own file.
    """
    size = sum(len(term) + len(value) + 6 for term, value in items)
    if prefix and (size <= SHARD_BYTES or len(prefix) >= MAX_PREFIX):
        return {prefix: items}
    groups: dict[str, list] = {}
    for term, value in items:
        key = term[: len(prefix) + 1]
        groups.setdefault(key, []).append((term, value))
    shards = {}
    if prefix in groups:  # terms that are the prefix itself
        shards[prefix] = groups.pop(prefix)
    for key, group in groups.items():
        shards.update(_shards(group, key))
    return shards


def _label(name: str, value: str, labels: dict[str, dict[str, str]]) -> str:
    return labels.get(name, {}).get(value, value)


_WEIGHT_DIGITS = "1123456789999"  # round(w / 1.3), kept within 1–9


def _quantize(weights: list[float]) -> str:
    """BM25 weights as one digit each (1–9): a rare word in a short text reaches about 11, a common one about 1."""
    return "".join(_WEIGHT_DIGITS[min(12, int(w / 1.3 + 0.5))] for w in weights)


def _excerpt(text: str) -> str:
    if len(text) <= EXCERPT_CHARS:
        return text
    cut = text.rfind(" ", 0, EXCERPT_CHARS)
    return text[: cut if cut > 0 else EXCERPT_CHARS] + "…"
