"""Load, check and render everything in memory: the "gather all data first" half of a build."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .links import resolve_links
from .load import get_corpus
from .model import Corpus
from .problems import Problems
from .render import get_outputs, render_corpus
from .siteconfig import get_site_config
from .timeline import check_timeline, get_entries


@dataclasses.dataclass(frozen=True)
class Gathered:
    """The result of reading and checking: the corpus, its rendered pages and every problem."""

    corpus: Corpus
    outputs: dict[str, bytes]
    problems: Problems


def gather(root: Path) -> Gathered:
    """Read ``articles/``, anchor every note and render every page; write nothing."""
    problems = Problems()
    corpus = get_corpus(root, problems)
    links = resolve_links(corpus, problems)
    check_timeline(corpus, problems)
    rendered = render_corpus(corpus, links, problems)
    site = get_site_config(root)
    outputs = get_outputs(corpus, rendered, links, get_entries(corpus), site) if not problems.errors else {}
    return Gathered(corpus, outputs, problems)
