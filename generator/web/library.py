"""The exercise library as the page searches it: loaded once, matched like ``coachcards list``.

A search word matches an exercise when it is part of its name, or when ``coachcards list``
would match it as a muscle, a piece of equipment or a tag (``content.catalog.matching``, the
one matcher, so the page and the CLI never disagree). Every word must match.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.content.catalog import matching
from generator.content.model import Exercise
from generator.errors import Problem

MAX_RESULTS = 60
MAX_QUERY = 200


class Library:
    """The exercises of one folder, read again when a file in it is added, removed or edited
    (a coach may fix an exercise while the page is open; the page never shows a stale one)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._stamp: tuple[object, ...] = ()
        self._exercises: dict[str, Exercise] = {}
        self._labels: dict[str, str] = {}
        self._problems: list[Problem] = []

    @classmethod
    def load(cls, folder: Path) -> Library:
        library = cls(folder)
        library._fresh()
        return library

    def _fresh(self) -> None:
        from generator.content.loader import load_all

        files, stamps = [], []
        for path in sorted((self.folder / "exercises").glob("*.md")):
            try:
                info = path.stat()
            except OSError:  # removed while we looked
                continue
            files.append(path)
            stamps.append((path.name, info.st_mtime_ns, info.st_size))
        stamp = tuple(stamps)
        if stamp == self._stamp:
            return
        exercises, problems = load_all(files)
        ordered = sorted(exercises, key=lambda e: e.name.value.casefold())
        self._exercises, self._problems = {e.slug: e for e in ordered}, problems
        self._labels = labels(ordered)
        self._stamp = stamp

    @property
    def exercises(self) -> dict[str, Exercise]:
        self._fresh()
        return self._exercises

    @property
    def problems(self) -> list[Problem]:
        self._fresh()
        return self._problems

    def search(self, query: str) -> tuple[list[dict[str, Any]], int]:
        """The best matches first (name starts with the query, then name contains it)."""
        words = query[:MAX_QUERY].casefold().split()
        phrase = " ".join(words)
        found = [
            e
            for e in self.exercises.values()
            if _matches(e, phrase) or all(_matches(e, w) for w in words)
        ]

        def rank(exercise: Exercise) -> int:
            name = exercise.name.value.casefold()
            return 0 if name.startswith(phrase) else 1 if phrase in name else 2

        found.sort(key=rank)  # stable: alphabetical within each rank
        return [row(e, self._labels[e.slug]) for e in found[:MAX_RESULTS]], len(found)

    def hint(self, query: str) -> str:
        """For a search that found nothing: the closest muscle, equipment or tag names."""
        from generator.content.catalog import no_match_hint

        wanted = " ".join(query[:MAX_QUERY].split())
        exercises = list(self.exercises.values())
        for kind in ("muscle", "equipment", "tag"):
            found = re.search(r"did you mean (.*)\?", no_match_hint(exercises, **{kind: wanted}))
            if found:
                return f"did you mean {found.group(1)}?"
        return ""

    def name(self, slug: str) -> str:
        """The exercise as the page names it: unique in the library (see :func:`labels`)."""
        self._fresh()
        return self._labels.get(slug, slug)


def labels(exercises: list[Exercise]) -> dict[str, str]:
    """A name per exercise that no other exercise has, for buttons and the plan ("Add Pull
    Down: Underhand (cable)"): the name itself when it is unique, else the name with its
    equipment, else with its file name. A coach's own folder may well hold two "Squat"s."""
    by_name: dict[str, list[Exercise]] = {}
    for exercise in exercises:
        by_name.setdefault(exercise.name.value.casefold(), []).append(exercise)
    named: dict[str, str] = {}
    for same in by_name.values():
        if len(same) == 1:
            named[same[0].slug] = same[0].name.value
            continue
        kits = [", ".join(t.value for t in e.equipment) for e in same]
        for exercise, kit in zip(same, kits, strict=True):
            unique = kit and kits.count(kit) == 1
            named[exercise.slug] = f"{exercise.name.value} ({kit if unique else exercise.slug})"
    return named


def _matches(exercise: Exercise, word: str) -> bool:
    if word in exercise.name.value.casefold() or word in exercise.slug:
        return True
    return any(matching([exercise], **{kind: word}) for kind in ("muscle", "equipment", "tag"))


def row(exercise: Exercise, name: str) -> dict[str, Any]:
    return {
        "slug": exercise.slug,
        "name": name,
        "muscles": [t.value for t in exercise.primary_muscles],
        "equipment": [t.value for t in exercise.equipment],
        "tags": [t.value for t in exercise.tags],
        "drawing": bool(exercise.image_paths),
    }
