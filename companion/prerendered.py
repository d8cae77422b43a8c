"""A Python-Markdown extension that hands our pre-rendered HTML to the page untouched.

The generator renders every page's content itself (untrusted text is escaped there) and
writes it into ``docs/`` between two marker comments::

    <!-- rc:html -->
    <article>…</article>
    <!-- /rc:html -->

Any Markdown renderer passes that HTML through as a raw block, so ``docs/`` stays portable.
But a raw block is parsed again and again on its way: MkDocs scans it for anchor ids and
Python-Markdown's ``html_block`` preprocessor parses it into its stash, each in pure Python,
and on an article page with twenty notes that costs more than rendering the rest of the page.
This extension, registered in ``mkdocs.yml``, puts the marked HTML into the stash directly,
before those passes run: the output is the same, only faster. Nothing else is touched.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import markdown
from markdown.preprocessors import Preprocessor

OPEN = "<!-- rc:html -->"
CLOSE = "<!-- /rc:html -->"
# Above MkDocs' raw-HTML anchor scan (21) and Python-Markdown's html_block (20), below the
# whitespace normalizer (30), whose tab expansion both of them would also have seen.
PRIORITY = 25
# A child of MkDocs' logger, so that `mkdocs serve` prints it like its own INFO lines.
log = logging.getLogger("mkdocs.companion")
SERVE_NOTICE = ("mkdocs serve shows docs/ as it is and does not regenerate it from articles/; "
                "run build_site.py serve (or companion serve) for that")
_noticed = False


def wrap(html: str) -> str:
    """Mark ``html`` as pre-rendered; the markers are HTML comments, harmless anywhere."""
    return f"{OPEN}\n{html.strip()}\n{CLOSE}\n"


class PrerenderedPreprocessor(Preprocessor):
    """Replace each marked range of lines with one placeholder for the stashed HTML."""

    def run(self, lines: list[str]) -> list[str]:  # noqa: D102 - Python-Markdown's API
        if OPEN not in lines:
            return lines
        out: list[str] = []
        index = 0
        while index < len(lines):
            if lines[index] == OPEN:
                try:
                    end = lines.index(CLOSE, index + 1)
                except ValueError:  # an unclosed marker: leave the rest to the ordinary passes
                    out.extend(lines[index:])
                    break
                placeholder = self.md.htmlStash.store("\n".join(lines[index : end + 1]))
                out.extend(["", placeholder, ""])
                index = end + 1
            else:
                out.append(lines[index])
                index += 1
        return out


class PrerenderedExtension(markdown.Extension):
    """Register :class:`PrerenderedPreprocessor` (``markdown_extensions: [companion.prerendered]``)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        md.preprocessors.register(PrerenderedPreprocessor(md), "rc_prerendered", PRIORITY)


def makeExtension(**kwargs) -> PrerenderedExtension:  # noqa: N802 - the name Python-Markdown looks up
    """The entry point Python-Markdown calls for ``companion.prerendered``."""
    global _noticed
    # Called once per page: the notice is decided once per process, from sys.argv alone, which
    # costs nothing measurable (README, "Start your own companion"). No plugin is needed.
    if not _noticed:
        _noticed = True
        if is_plain_mkdocs_serve(sys.argv):
            log.info(SERVE_NOTICE)
    return PrerenderedExtension(**kwargs)


def is_plain_mkdocs_serve(argv: list[str]) -> bool:
    """Whether this process is ``mkdocs serve`` itself (not build_site.py's preview, which regenerates)."""
    program = Path(argv[0]).as_posix() if argv else ""
    if not (Path(program).name == "mkdocs" or program.endswith("mkdocs/__main__.py")):
        return False
    words = [arg for arg in argv[1:] if not arg.startswith("-")]
    return bool(words) and words[0] == "serve"
