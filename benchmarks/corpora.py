"""Corpora for the benchmark and the scale tests, written with every field the format has.

Two kinds:

- :func:`write_synthetic`: N generated articles. Every article uses every field of the front
  matter, the notes file, notes, links, corrections, unchecked claims, sources and the timeline, and every
  note kind, verdict, outcome and link type; every text is unique. Bodies carry headings,
  emphasis, links, lists and block quotes, and some quotes cross emphasis, as real ones do.
- :func:`write_replicated`: the shipped articles copied N/5 times, with unique titles, note
  texts and event titles, every field kept and links and timeline claims remapped.

``tests/build/test_benchmark.py`` fails when a field of the loader's tables
(``companion.model.FILE_FORMATS``) is missing from a synthetic corpus, so a new field cannot
escape the benchmark.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import yaml

from companion.model import LINK_TYPES, NOTE_KINDS, OUTCOMES, VERDICTS

PROJECT = Path(__file__).resolve().parent.parent
KINDS = NOTE_KINDS  # the vocabularies come from the model, so a new outcome is exercised at once
NOTES_PER_ARTICLE = 20
EVENTS_PER_ARTICLE = 5


def copy_site_files(root: Path) -> None:
    """mkdocs.yml, theme overrides and the hand-written pages, as a new project needs them."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    # The editorial policy, every rule set; not the reading paths, which name the shipped articles.
    policy = yaml.safe_load((PROJECT / "companion.yml").read_text(encoding="utf-8"))["policy"]
    (root / "companion.yml").write_text(yaml.safe_dump({"policy": policy}, sort_keys=False), encoding="utf-8")
    if (PROJECT / "overrides").exists():
        shutil.copytree(PROJECT / "overrides", root / "overrides", dirs_exist_ok=True)
    for page in ("index.md", "about.md", "guide.md"):
        if (PROJECT / "docs" / page).exists():
            shutil.copy(PROJECT / "docs" / page, root / "docs" / page)


def _vocabulary(rng: random.Random) -> list[str]:
    """Pronounceable made-up words: enough variety that five-word quotes are unique."""
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    return ["".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(1, 4)))
            for _ in range(20000)]


class _Body:
    """An article body as Markdown, and the plain text of each block (what quotes match)."""

    def __init__(self, rng: random.Random, words: list[str], size: int = 10_000) -> None:
        self.markdown: list[str] = []
        self.blocks: list[str] = []  # plain text of paragraphs, list items and quotes
        total, index = 0, 0
        while total < size:
            if index % 4 == 0:
                heading = " ".join(rng.choice(words) for _ in range(3)).capitalize()
                self.markdown.append(f"## {heading}")
            kind = ("list" if index % 7 == 3 else "quote" if index % 7 == 5 else "paragraph")
            if kind == "list":
                items = [self._sentence(rng, words) for _ in range(3)]
                self.markdown.append("\n".join(f"- {md}" for md, _ in items))
                self.blocks.extend(text for _, text in items)
            else:
                sentences = [self._sentence(rng, words) for _ in range(rng.randint(3, 6))]
                md, text = " ".join(s[0] for s in sentences), " ".join(s[1] for s in sentences)
                self.markdown.append(("> " if kind == "quote" else "") + md)
                self.blocks.append(text)
                total += len(text)
            index += 1

    @staticmethod
    def _sentence(rng: random.Random, words: list[str]) -> tuple[str, str]:
        """One sentence as Markdown (with emphasis, strong or a link on a run of words) and as text."""
        chosen = [rng.choice(words) for _ in range(rng.randint(8, 20))]
        chosen[0] = chosen[0].capitalize()
        md = list(chosen)
        start = rng.randrange(0, len(chosen) - 3)
        end = start + rng.randint(1, 3)
        style = rng.choice(["*{}*", "**{}**", "[{}](https://example.org/ref/" + chosen[start].lower() + ")"])
        md[start:end] = [style.format(" ".join(chosen[start:end]))]
        return " ".join(md) + ".", " ".join(chosen) + "."

    @property
    def text(self) -> str:
        """Every block's text, one per line (quotes never cross blocks)."""
        return "\n".join(self.blocks)


def _pick_quotes(rng: random.Random, body: _Body, count: int) -> list[tuple[str, str, str]]:
    """(quote, prefix, suffix): five-word runs that occur once in the article, never overlapping."""
    picked: list[tuple[str, str, str]] = []
    while len(picked) < count:
        words = rng.choice(body.blocks).split()
        start = rng.randrange(0, len(words) - 5)
        quote = " ".join(words[start:start + 5]).strip(".")
        prefix = " ".join(words[max(0, start - 2):start]) + " " if start else ""
        after = words[start + 5:start + 7]
        suffix = " " + " ".join(after) if after and not words[start + 4].endswith(".") else ""
        if body.text.count(quote) == 1 and all(quote not in q and q not in quote for q, _, _ in picked):
            picked.append((quote, prefix, suffix))
    return picked


def _unique(rng: random.Random, words: list[str], n: int = 6) -> str:
    return " ".join(rng.choice(words) for _ in range(n))


def _date(year: int, month: int, day: int, precision: int) -> str:
    return [f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}"][precision]


def write_synthetic(root: Path, n: int, seed: int = 7) -> dict[str, str]:
    """A corpus of ``n`` articles using every field; returns each article's plain Markdown body by slug."""
    rng = random.Random(seed)
    words = _vocabulary(rng)
    copy_site_files(root)
    bodies, events = {}, []
    for i in range(n):
        slug = f"article-{i:05d}"
        body = _Body(rng, words)
        markdown_body = "\n\n".join(body.markdown) + "\n"
        bodies[slug] = markdown_body
        year, month, day = 2000 + i % 20, 1 + i % 12, 1 + i % 20
        published = _date(year, month, day, i % 3)
        author = "null" if i % 13 == 0 else f"Author {i % 40}"
        (root / "articles" / f"{slug}.md").write_text(
            "---\n"
            f"title: \"Synthetic article {i}: {_unique(rng, words, 4)}\"\n"
            f"author: {author}\n"
            f"outlet: Outlet {i % 7}\n"
            f"published: {published}\n"
            f"url: https://example.org/articles/{i}\n"
            "republished:\n"
            f"  - {{outlet: Mirror {i % 5}, date: {year + 1}-{month:02d}, url: 'https://mirror.example.org/{i}'}}\n"
            f"summary: |\n  Article {i} argues that {_unique(rng, words)}. It expects *{_unique(rng, words, 3)}*.\n"
            f"provenance: |\n  **Outlet.** Established from [the outlet's page](https://example.org/about/{i % 7}); "
            f"{_unique(rng, words)}.\n"
            "provenance_sources:\n"
            f"  - title: Provenance source {i} {_unique(rng, words, 3)}\n"
            f"    publisher: Publisher {i % 9}\n    date: {year}-{month:02d}\n"
            f"    url: https://example.org/provenance/{i}\n"
            "key_claims: [n0, n1, n2]\n"
            "language: en\n"
            f"---\n\n{markdown_body}",
            encoding="utf-8")
        notes = []
        picked = _pick_quotes(rng, body, NOTES_PER_ARTICLE + 1)  # the last one is left unchecked
        for j, (quote, prefix, suffix) in enumerate(picked[:NOTES_PER_ARTICLE]):
            entry = f"  - id: n{j}\n    quote: \"{quote}\"\n"
            if prefix and j % 4 == 1:
                entry += f"    prefix: \"{prefix}\"\n"
            if suffix and j % 4 == 2:
                entry += f"    suffix: \"{suffix}\"\n"
            if j == NOTES_PER_ARTICLE - 1:  # a bare anchor: a link endpoint with no note of its own
                notes.append(entry)
                continue
            kind = KINDS[j % 5]
            entry += f"    kind: {kind}\n"
            if kind == "fact-check":
                entry += f"    verdict: {VERDICTS[(i + j // 5) % len(VERDICTS)]}\n"
            if kind == "prediction":
                outcome = OUTCOMES[(i + j // 5) % len(OUTCOMES)]
                entry += f"    outcome: {outcome}\n"
                if outcome != "pending":
                    entry += f"    resolved: {year + 2}-{month:02d}-{day:02d}\n"
            entry += (f"    note: |\n      Note {j} of article {i} on *{quote.split()[0]}*: {_unique(rng, words)}, "
                      f"see [the record](https://example.org/{i}/{j}).\n"
                      f"    sources:\n      - title: Source {i}-{j} {_unique(rng, words, 3)}\n"
                      f"        publisher: Publisher {j % 9}\n        date: {year}-{month:02d}\n"
                      f"        url: https://example.org/s/{i}/{j}\n        accessed: 2026-{1 + j % 12:02d}\n"
                      f"        archive_url: https://web.archive.org/web/{year}/https://example.org/s/{i}/{j}\n"
                      + ("        reports_later_events: true\n" if kind == "prediction" else "")
                      + ("    language: en-GB\n" if kind == "definition" else ""))
            notes.append(entry)
        links = "".join(
            f"  - id: link-{i}-{k}\n    from: n{k}\n    to: article-{(i + k + 1) % n:05d}#n{NOTES_PER_ARTICLE - 1 - k}\n"
            f"    type: {LINK_TYPES[k]}\n" + (f"    topic: topic-{i % 10}\n" if k != 2 else "")
            + f"    note: |\n      Why claim {k} of article {i} relates: {_unique(rng, words)}.\n"
            for k in range(3)) if n > 3 else ""
        corrections = (f"  - date: {year + 3}-{month:02d}\n    note: |\n      Corrected note 3 of article {i}: "
                       f"{_unique(rng, words)}.\n    notes: [n3]\n")
        quote, prefix, suffix = picked[-1]
        unchecked = (f"  - quote: \"{quote}\"\n" + (f"    prefix: \"{prefix}\"\n" if prefix else "")
                     + (f"    suffix: \"{suffix}\"\n" if suffix else "")
                     + f"    reason: \"not checkable: {_unique(rng, words, 4)}\"\n")
        # Three questions: about a note, about the first link (when there are links) and about the whole article.
        questions = (f"  - question: What would *test* claim 1 of article {i}? {_unique(rng, words)}?\n"
                     "    about: [n1]\n"
                     + (f"  - question: Which of the two claims of link {i}-0 holds up better?\n    about: [link-{i}-0]\n"
                        if n > 3 else f"  - question: How would you check claim 2 of article {i}?\n    about: [n2]\n")
                     + f"  - question: Who is article {i} written for?\n")
        (root / "articles" / f"{slug}.notes.yml").write_text(
            "# yaml-language-server: $schema=../schemas/notes.schema.json\nnotes:\n" + "".join(notes)
            + (f"links:\n{links}" if links else "") + f"corrections:\n{corrections}"
            + f"unchecked:\n{unchecked}" + f"questions:\n{questions}" + f"reviewed: {year + 3}-{month:02d}\n",
            encoding="utf-8")
        for k in range(EVENTS_PER_ARTICLE):
            when = (f"    start: {year}-{month:02d}\n    end: {year}-{min(12, month + 1):02d}\n" if k == 4
                    else f"    date: {_date(year, month, 1 + k * 5, 2 - k % 3)}\n")
            events.append(f"  - id: e{i}-{k}\n{when}" + ("    approximate: true\n" if k == 3 else "")
                          + f"    title: Event {k} of article {i}, {_unique(rng, words, 4)}\n"
                          + (f"    note: |\n      What happened: {_unique(rng, words)}.\n" if k % 2 == 0 else "")
                          + f"    sources:\n      - {{title: Event source {i}-{k}, publisher: Wire {k}, "
                            f"date: {year}-{month:02d}, url: 'https://example.org/e/{i}/{k}'}}\n"
                          + f"    claims: ['{slug}#n{k * 4}']\n")
    (root / "articles" / "timeline.yml").write_text(
        "# yaml-language-server: $schema=../schemas/timeline.schema.json\nevents:\n" + "".join(events), encoding="utf-8")
    # A reading path per ten articles: five steps, whole articles and claims in turn.
    _add_paths(root, [{"id": f"path-{p}", "title": f"Path {p}: {_unique(rng, words, 3)}",
                       "introduction": f"Articles {p * 10} to {p * 10 + 4}, *in turn*.",
                       "steps": [{"read": f"article-{p * 10 + s:05d}" + (f"#n{s}" if s % 2 else ""),
                                  "guidance": f"What does article {p * 10 + s} claim?"} for s in range(5)]}
                      for p in range(n // 10)] if n >= 10 else [])
    return bodies


def _add_paths(root: Path, paths: list[dict]) -> None:
    """Add reading paths to the corpus's companion.yml (beside the policy that copy_site_files wrote)."""
    if paths:
        settings = yaml.safe_load((root / "companion.yml").read_text(encoding="utf-8"))
        (root / "companion.yml").write_text(_dump({**settings, "paths": paths}), encoding="utf-8")


def write_replicated(root: Path, n: int, source: Path = PROJECT / "articles") -> dict[str, str]:
    """The shipped articles copied until there are ``n``, with unique texts; returns bodies by slug."""
    copy_site_files(root)
    originals = sorted(p.name.removesuffix(".md") for p in source.glob("*.md"))
    slugs = [s for s in originals if (source / f"{s}.notes.yml").exists()] or originals
    copies = -(-n // len(slugs))
    bodies = {}
    timeline_path = source / "timeline.yml"
    events = (yaml.safe_load(timeline_path.read_text(encoding="utf-8")) or {}).get("events") or [] \
        if timeline_path.exists() else []
    events_out = []
    # Link ids name a link across the companion, so each copy renames its own (and the questions about them).
    declared = {slug: {link["id"] for link in (yaml.safe_load((source / f"{slug}.notes.yml").read_text(encoding="utf-8"))
                                               or {}).get("links") or [] if "id" in link} for slug in slugs}
    link_ids = set().union(*declared.values())
    for k in range(copies):
        # The last copy may be partial: its claims on articles it lacks point at the first copy,
        # and its questions about links that only an article it lacks declares are about nothing there.
        in_copy = slugs[: n - k * len(slugs)]
        here = set().union(*(declared[s] for s in in_copy))
        remap = {s: f"{s}-r{k}" if s in in_copy else f"{s}-r0" for s in slugs}
        for slug in in_copy:
            new = remap[slug]
            text = (source / f"{slug}.md").read_text(encoding="utf-8")
            text = re.sub(r"(?m)^title: (.*)$", lambda m, k=k: f"title: {_suffix_title(m.group(1), k)}", text, count=1)
            (root / "articles" / f"{new}.md").write_text(text, encoding="utf-8")
            bodies[new] = text.split("\n---\n", 1)[1]
            notes = yaml.safe_load((source / f"{slug}.notes.yml").read_text(encoding="utf-8")) or {}
            for note in notes.get("notes") or []:
                if isinstance(note.get("note"), str):  # unique note texts: each names its copy
                    note["note"] = f"{note['note'].rstrip()} (Copy {k}.)"
            for link in notes.get("links") or []:
                link["to"] = _remap_claim(link["to"], remap)
                if "id" in link:
                    link["id"] = f"{link['id']}-r{k}"
            for question in notes.get("questions") or []:
                if "about" in question:
                    question["about"] = [f"{i}-r{k}" if i in link_ids else i for i in question["about"]
                                         if i not in link_ids or i in here]
            (root / "articles" / f"{new}.notes.yml").write_text(_dump(notes), encoding="utf-8")
        for event in events:
            copied = {**event, "id": f"{event['id']}-r{k}", "title": f"{event['title']} (copy {k})"}
            if "claims" in event:
                copied["claims"] = [_remap_claim(claim, remap) for claim in event["claims"]]
            events_out.append(copied)
    (root / "articles" / "timeline.yml").write_text(_dump({"events": events_out}), encoding="utf-8")
    # The shipped reading paths, once per copy that holds every article they read.
    shipped = (yaml.safe_load((PROJECT / "companion.yml").read_text(encoding="utf-8")) or {}).get("paths") or []
    _add_paths(root, [{**path, "id": f"{path['id']}-r{k}", "title": f"{path['title']} (copy {k})",
                       "steps": [{**step, "read": _remap_claim(step["read"], {s: f"{s}-r{k}" for s in slugs})}
                                 for step in path["steps"]]}
                      for k in range(n // len(slugs)) for path in shipped
                      if all(step["read"].split("#")[0] in slugs for step in path["steps"])])
    return bodies


class _NoAliases(yaml.SafeDumper):
    """The loader refuses YAML aliases: write every value out."""

    def ignore_aliases(self, data):
        return True


def _dump(data) -> str:
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=100)


def _remap_claim(claim: str, remap: dict[str, str]) -> str:
    """``<slug>#<note id>`` (or a bare ``<slug>``) pointed at the same copy's article."""
    slug, hash_, note = claim.partition("#")
    return f"{remap.get(slug, slug)}{hash_}{note}"


def _suffix_title(title: str, k: int) -> str:
    """A YAML scalar title with " (copy k)" added, keeping its quoting."""
    title = title.strip()
    if title[:1] in "\"'" and title[-1:] == title[:1]:
        return f"{title[:-1]} (copy {k}){title[-1]}"
    return f"{title} (copy {k})"
