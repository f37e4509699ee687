"""Which exercises a command prints: named ones, and those a --tag/--muscle filter finds.

Out of the CLI so the rule is written once and tested as a function (``sheet`` uses it):

- each exercise once, in the order first chosen: ``sheet pull-ups --muscle lats`` names
  pull-ups and finds it again;
- a named exercise (slug, file or folder) that does not load is an error: the coach asked for
  it;
- a broken file the filter only passed by is reported as a warning and skipped: an unrelated
  typo in the library must not stop a sheet of the exercises that are fine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.content.catalog import matching, no_match_hint
from generator.content.loader import find_exercise, load_all, load_exercise
from generator.content.model import Exercise
from generator.errors import CoachcardsError, Problem


@dataclass
class Selection:
    """The chosen exercises; ``problems`` refuse the command, ``skipped`` are only reported."""

    exercises: list[Exercise] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)

    def add(self, exercises: list[Exercise]) -> None:
        seen = {_key(e) for e in self.exercises}
        for exercise in exercises:
            if _key(exercise) not in seen:
                seen.add(_key(exercise))
                self.exercises.append(exercise)


def select_exercises(
    refs: list[str],
    content: Path,
    tag: str | None = None,
    muscle: str | None = None,
    where: str = "sheet",
) -> Selection:
    """The exercises ``refs`` name (slugs, .md files, folders) and those ``tag``/``muscle``
    find in ``content``, each once. ``where`` names the command in a problem of its own."""
    chosen = Selection()
    for ref in refs:
        if Path(ref).is_dir():
            found, problems = load_all([Path(ref)])
            chosen.add(found)
            chosen.problems += problems
            continue
        try:
            chosen.add([load_exercise(find_exercise(ref, content))])
        except CoachcardsError as error:
            chosen.problems += error.problems
    if tag or muscle:
        library, broken = load_all([content])
        found = matching(library, tag=tag, muscle=muscle)
        if not found:
            chosen.problems.append(
                Problem(where, None, no_match_hint(library, tag=tag, muscle=muscle))
            )
        chosen.add(found)
        chosen.skipped += [p for p in broken if p not in chosen.problems]
    if not refs and not (tag or muscle):
        message = "no exercises chosen: name some, or use --tag/--muscle"
        chosen.problems.append(Problem(where, None, message))
    return chosen


def _key(exercise: Exercise) -> Path:
    return exercise.path.resolve()
