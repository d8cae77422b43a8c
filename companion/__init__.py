"""The reading companion: turns opinion articles plus maintainers' notes into an annotated MkDocs site.

A build has two phases, like MkDocs': first everything is read and checked in memory, then,
only when there is no error, files are written. Seven stages, one module each, in this order
(README, "Layout", has a row for every module):

1. ``load``      – read ``articles/*.md`` and their ``*.notes.yml`` sidecars (through ``yamlload``)
                   into frozen models (``model``), recording the file and line every value came from;
2. ``anchor``    – find each note's quote in the article body that ``safe_markdown`` rendered
                   (exact first, fuzzy only on failure), block by block (``htmltext``);
3. ``render``    – each article's page in two phases (``placing`` marks the notes' places in
                   the body, ``render`` fills them), then the corpus pages (``aggregates``: cross-links
                   from ``links``, the timeline, the search index, the exports), all in memory, with
                   the templates of ``pages``;
                   ``pipeline`` runs stages 1–3 and the editorial policy (``policy``) article by
                   article over worker processes (``parallel``), with a cache (``cache``);
4. ``writer``    – write into ``docs/`` only the files whose content changed, never touching
                   files it did not create;
5. ``sitebuild`` – render ``docs/`` into ``site/`` with MkDocs or Zensical, redoing only what
                   changed (``prerendered`` hands our HTML to MkDocs untouched);
6. ``build``     – the transaction around 1–5: staging folders, the swap into ``docs/`` and
                   ``site/``, the record of what was built; it returns a result, never prints;
7. ``cli``       – the command line, the only module that prints: ``build``, ``check``,
                   ``generate``, ``serve`` (the preview, ``serve``), ``import`` (``importer``),
                   ``new`` (``scaffold``) and ``schemas`` (``schemas``).

``inputs`` declares every input of a build and what a change to it invalidates; ``siteconfig``
reads the few settings of ``mkdocs.yml`` the generator needs; ``dates`` parses dates of any
precision. Every stage reports problems as :class:`companion.problems.Problem` values instead
of raising, so that one run reports everything; nothing is written while any error is known.
"""
