"""The reading companion: turns opinion articles plus maintainers' notes into an annotated MkDocs site.

The pipeline has five stages, one module each, run strictly in this order:

1. ``load``    – read ``articles/*.md`` and their ``*.notes.yml`` sidecars into frozen models,
                 recording the file and line every value came from;
2. ``anchor``  – find each note's quote in the article text (exact first, fuzzy only on failure);
3. ``render``  – turn the checked models into Markdown pages and static assets, in memory;
4. ``writer``  – write only the files whose content changed, never touching files it did not create;
5. ``cli``     – the command line: ``build``, ``check``, ``serve`` and ``import``.

Every stage reports problems as :class:`companion.problems.Problem` values instead of raising,
so that one run reports everything; nothing is written while any error is known.
"""
