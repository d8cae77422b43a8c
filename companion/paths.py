"""Reading paths: ordered walks through the articles, set in companion.yml (``paths:``).

A path has an id, a title, an introduction and its steps; each step reads an article (its slug)
or one claim in it (``<slug>#<note id>``), with a line of guidance. :func:`load_paths` checks
each path's own fields as the notes files' are checked; once every article is loaded,
:func:`check_paths` checks that each step names one. The pages: ``paths/`` lists the paths,
``paths/<id>/`` walks one, and an article opened from a step shows where it is in its path
(:func:`steps_at`).
"""

from __future__ import annotations

import dataclasses

from . import model
from .load import check_fields
from .model import Corpus, PathStep, ReadingPath
from .problems import Problems, quoted, unknown_claim
from .yamlload import YamlList, YamlMap

MIN_STEPS = 2  # a path of one step is a link, not a path
RESERVED_ID = "index"  # paths/index.md lists the paths


def load_paths(settings: YamlMap | None, problems: Problems) -> tuple[ReadingPath, ...]:
    """The reading paths of companion.yml (``settings``, from ``policy.read_companion_file``), each checked on its own."""
    value = settings.get("paths") if settings is not None else None
    if value is None:
        return ()
    if not isinstance(value, YamlList):
        problems.error(settings.at("paths"), "'paths' must be a list of reading paths")
        return ()
    paths, seen = [], {}
    for item, loc in zip(value, value.item_loc, strict=True):
        if not isinstance(item, YamlMap):
            problems.error(loc, "each reading path must be a mapping with 'id', 'title', 'introduction' and 'steps'")
            continue
        fields = check_fields(item, model.PATH_FIELDS, "a reading path", problems)
        path_id = fields.get("id")
        if path_id is not None and not model.NOTE_ID_RE.match(path_id):
            problems.error(item.at("id"), f"invalid path id '{quoted(path_id)}': use lowercase letters a-z, digits and single hyphens")
        elif path_id == RESERVED_ID:
            problems.error(item.at("id"), f"the path id '{RESERVED_ID}' is reserved: paths/{RESERVED_ID}.md is the list of paths")
        elif path_id in seen:
            problems.error(item.at("id"), f"duplicate path id '{path_id}' (first used on line {seen[path_id]})")
        elif path_id is not None:
            seen[path_id] = item.at("id").line
        steps = _steps(fields.get("steps"), problems)
        if "steps" in fields and len(fields["steps"]) < MIN_STEPS:
            problems.error(item.at("steps"), f"a reading path needs at least {MIN_STEPS} steps; this one has {len(fields['steps'])}")
        # A path with mistakes is kept all the same (the build stops on any error), so that
        # check_paths still reports, in the same run, the steps that name no article or note.
        if path_id is not None and "title" in fields and "introduction" in fields:
            paths.append(ReadingPath(path_id, fields["title"], fields["introduction"], steps, item.loc))
    return tuple(paths)


def _steps(value: YamlList | None, problems: Problems) -> tuple[PathStep, ...]:
    steps = []
    for item, loc in zip(value or (), value.item_loc if value else (), strict=True):
        if not isinstance(item, YamlMap):
            problems.error(loc, "each step must be a mapping with 'read' and 'guidance'")
            continue
        fields = check_fields(item, model.PATH_STEP_FIELDS, "a path step", problems)
        read = fields.get("read")
        if read is None:
            continue
        if model.SLUG_RE.match(read):
            slug, note_id = read, None
        elif model.CLAIM_RE.match(read):
            slug, note_id = read.split("#")
        else:
            problems.error(item.at("read"), f"'read': '{quoted(read)}' is neither an article nor a claim; "
                                            "write <article slug> or <article slug>#<note id>")
            continue
        if "guidance" in fields:
            steps.append(PathStep(slug, note_id, fields["guidance"], item.at("read")))
    return tuple(steps)


def check_paths(corpus: Corpus, paths: tuple[ReadingPath, ...], problems: Problems) -> None:
    """Every step reads an article of the corpus, or a note of one."""
    notes = {a.slug: {n.id for n in a.notes} for a in corpus.articles}
    for path in paths:
        for step in path.steps:
            if step.note_id is None and step.slug in corpus.broken_articles:
                continue
            if step.note_id is not None and corpus.is_broken(step.slug, step.note_id) \
                    and step.note_id not in notes.get(step.slug, ()):
                continue  # that article or note has errors of its own, reported where they are
            message = unknown_claim("read", step.slug, step.note_id, notes)
            if message:
                problems.error(step.loc, message)


@dataclasses.dataclass(frozen=True)
class StepHere:
    """Where an article stands in a path: the path, its step number (from 1), and the steps either side."""

    path: ReadingPath
    number: int
    previous: PathStep | None
    next: PathStep | None

    @property
    def step(self) -> PathStep:
        return self.path.steps[self.number - 1]


def steps_at(paths: tuple[ReadingPath, ...], slug: str) -> tuple[StepHere, ...]:
    """Every step of every path that reads the article ``slug``, in path order, then step order."""
    return tuple(StepHere(path, number, path.steps[number - 2] if number > 1 else None,
                          path.steps[number] if number < len(path.steps) else None)
                 for path in paths for number, step in enumerate(path.steps, start=1) if step.slug == slug)


def step_href(path: ReadingPath, number: int, base: str) -> str:
    """The address of step ``number`` of ``path`` from a page at ``base`` ("../../" from an article):
    the article, told which step it is (for its path bar), at the claim when the step reads one."""
    step = path.steps[number - 1]
    return f"{base}articles/{step.slug}/?path={path.id}&step={number}" + (f"#{step.note_id}" if step.note_id else "")
