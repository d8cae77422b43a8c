"""Resolve the cross-links between claims, once every article and its notes are loaded.

A link is declared once, in either article's notes file, and shows on both ends. This stage
checks that both ends exist (with "did you mean" for a near miss), that the two claims are in
different articles, and that no pair of claims is linked twice, in either direction.
"""

from __future__ import annotations

import dataclasses

from .model import Corpus, Link
from .problems import Problems, did_you_mean
from .vocabulary import LINK_END_LABELS, QUALIFIER_LABEL


@dataclasses.dataclass(frozen=True)
class LinkEnd:
    """A link seen from one of its claims: the other claim, and how it relates to this one."""

    link: Link
    here: tuple[str, str]
    there: tuple[str, str]

    @property
    def label(self) -> str:
        """"Contradicted by", "Supported by", "Qualified by" or (at the qualifying claim) "Qualifies"."""
        if self.link.type == "qualifies" and self.here == (self.link.source, self.link.from_id):
            return QUALIFIER_LABEL
        return LINK_END_LABELS[self.link.type]


def resolve_links(corpus: Corpus, problems: Problems) -> list[Link]:
    """The links whose ends both exist; every broken or repeated link is reported."""
    notes = {a.slug: {n.id for n in a.notes} for a in corpus.articles}
    seen: dict[frozenset, Link] = {}
    ids: dict[str, Link] = {}
    valid = []
    by_slug = {a.slug: a for a in corpus.articles}
    for link in corpus.links:
        # A claim that exists but failed its own checks is not reported again here.
        if link.from_id not in notes[link.source] and by_slug[link.source].has_broken_note(link.from_id):
            continue
        if link.to_slug in corpus.broken_articles or (
                link.to_slug in by_slug and link.to_id not in notes[link.to_slug]
                and by_slug[link.to_slug].has_broken_note(link.to_id)):
            continue
        if link.from_id not in notes[link.source]:
            problems.error(link.at("from"), f"'from': no note '{link.from_id}' in articles/{link.source}.notes.yml"
                           f"{did_you_mean(link.from_id, notes[link.source])}")
            continue
        if link.to_slug not in notes:
            problems.error(link.at("to"), f"'to': no article '{link.to_slug}'{did_you_mean(link.to_slug, notes)}")
            continue
        if link.to_id not in notes[link.to_slug]:
            problems.error(link.at("to"), f"'to': no note '{link.to_id}' in articles/{link.to_slug}.notes.yml"
                           f"{did_you_mean(link.to_id, notes[link.to_slug])}")
            continue
        if link.to_slug == link.source:
            problems.error(link.at("to"), f"a link joins claims in two different articles; '{link.from_id}' and "
                           f"'{link.to_id}' are both in {link.source}")
            continue
        pair = frozenset(link.ends)
        if pair in seen:
            first = seen[pair]
            problems.error(link.loc, f"these two claims are already linked at {first.loc.path}:{first.loc.line}; "
                           "declare a link once, in either article")
            continue
        if link.id is not None and not _id_is_free(link, ids, notes, problems):
            continue
        seen[pair] = link
        valid.append(link)
    return valid


def _id_is_free(link: Link, ids: dict[str, Link], notes: dict[str, set[str]], problems: Problems) -> bool:
    """A link's id names it across the companion: it is used once and is no note id at either end.

    A question's ``about`` names notes and links alike, so an id that is both would be ambiguous.
    """
    if link.id in ids:
        first = ids[link.id]
        problems.error(link.at("id"), f"duplicate link id '{link.id}' (first used at {first.loc.path}:{first.loc.line})")
        return False
    clash = next((slug for slug, _ in link.ends if link.id in notes[slug]), None)
    if clash is not None:
        problems.error(link.at("id"), f"link id '{link.id}' is also a note id in articles/{clash}.notes.yml; "
                       "give the link another id")
        return False
    ids[link.id] = link
    return True


def pair_anchor(link: Link) -> str:
    """The element id of a link's pair on the disagreements page, unique per pair of claims."""
    return f"link-{link.source}--{link.from_id}--{link.to_slug}--{link.to_id}"


def ends_by_article(links: list[Link]) -> dict[str, dict[str, list[LinkEnd]]]:
    """For each article slug and each of its claims (note ids), the links seen from that claim."""
    ends: dict[str, dict[str, list[LinkEnd]]] = {}
    for link in links:
        a, b = link.ends
        ends.setdefault(a[0], {}).setdefault(a[1], []).append(LinkEnd(link, a, b))
        ends.setdefault(b[0], {}).setdefault(b[1], []).append(LinkEnd(link, b, a))
    return ends
