"""Questions for discussion: what each question's ``about`` names, once every link is known.

A question lives in one article's notes file. Each id in its ``about`` names either a note of
that article or a link with one end in it; either way the question is about a passage of this
article, where the page puts a marker that leads to the question. A question about a link is
also shown beside that pair on the disagreements page.
"""

from __future__ import annotations

import dataclasses

from .model import Article, Corpus, Link, Question
from .problems import Problems, did_you_mean, quoted


@dataclasses.dataclass(frozen=True)
class PlacedQuestion:
    """A question with its number on the page, the passages (note ids) it is about and the links it names."""

    number: int
    question: Question
    note_ids: tuple[str, ...]
    links: tuple[Link, ...]

    @property
    def link_ids(self) -> tuple[str, ...]:
        """The ids of the links the question is about."""
        return tuple(link.id for link in self.links)

    @property
    def anchor(self) -> str:
        """The element id of the question on its article's page."""
        return f"question_{self.number}"


def named_link_ends(links: list[Link]) -> dict[str, dict[str, tuple[str, Link]]]:
    """For each article slug: the id of each named link with an end there → (the note id of that end, the link)."""
    ends: dict[str, dict[str, tuple[str, Link]]] = {}
    for link in links:
        if link.id:
            for slug, note_id in link.ends:
                ends.setdefault(slug, {})[link.id] = (note_id, link)
    return ends


def place_questions(article: Article, links_at: dict[str, tuple[str, Link]]) -> tuple[PlacedQuestion, ...]:
    """The article's questions in file order, each with the passages it is about; unknown ids are left out.

    ``links_at`` is this article's entry of :func:`named_link_ends`. Ids were checked by :func:`check_questions`.
    """
    notes = {n.id for n in article.notes}
    placed = []
    for number, question in enumerate(article.questions, start=1):
        note_ids, about_links = [], []
        for ref in question.about:
            if ref.id in notes:
                note_ids.append(ref.id)
            elif ref.id in links_at:
                note_id, link = links_at[ref.id]
                note_ids.append(note_id)
                about_links.append(link)
        placed.append(PlacedQuestion(number, question, tuple(dict.fromkeys(note_ids)), tuple(about_links)))
    return tuple(placed)


def check_questions(corpus: Corpus, links: list[Link], problems: Problems) -> None:
    """Every ``about`` id names a note of the question's article or a link with an end there, once per question."""
    declared = {link.id: link for link in corpus.links if link.id}  # valid or not: a broken one has its own error
    valid = {link.id for link in links if link.id}
    named = named_link_ends(links)
    for article in corpus.articles:
        notes = {n.id for n in article.notes}
        links_at = named.get(article.slug, {})
        where = article.notes_path or f"articles/{article.slug}.notes.yml"
        for question in article.questions:
            seen: set[str] = set()
            for ref in question.about:
                if ref.id in seen:
                    problems.error(ref.loc, f"'{ref.id}' is listed twice in this question's 'about'")
                    continue
                seen.add(ref.id)
                if ref.id in notes or ref.id in links_at or article.has_broken_note(ref.id):
                    continue
                if ref.id in declared and ref.id not in valid:
                    continue
                if ref.id in declared:
                    link = declared[ref.id]
                    ends = " and ".join(f"{slug}#{note_id}" for slug, note_id in link.ends)
                    problems.error(ref.loc, f"link '{ref.id}' joins {ends}, not a passage of this article; "
                                   "ask the question in the notes file of one of those two articles")
                    continue
                problems.error(ref.loc, f"'about': '{quoted(ref.id)}' is neither a note in {where} nor a link with an end "
                               f"in this article{did_you_mean(ref.id, notes | set(links_at))}")
