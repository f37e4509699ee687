"""``coachcards list``: the library as a plain-text table, filtered by tag, muscle or equipment."""

from __future__ import annotations

from generator.content import vocabulary
from generator.content.model import Exercise, Text


def _has(values: tuple[Text, ...], wanted: str | None) -> bool:
    if wanted is None:
        return True
    return any(vocabulary.word_match(wanted, v.value) for v in values)


def _works(muscles: tuple[Text, ...], wanted: str | None) -> bool:
    """Either vocabulary: the label itself ('shoulders (rear deltoid)'), or its plain name."""
    if wanted is None:
        return True
    plain = vocabulary.plain_names_for(wanted)
    exact = " ".join(wanted.casefold().split()) in vocabulary.MUSCLES
    for muscle in muscles:
        by_plain = vocabulary.plain_name(muscle.value) in plain
        if exact:  # 'biceps' means the biceps, not the hamstrings' 'biceps femoris'
            if by_plain:
                return True
            continue
        labels = vocabulary.parts(muscle.value)
        if by_plain or any(vocabulary.word_match(wanted, part) for part in labels):
            return True
    return False


def matching(
    exercises: list[Exercise],
    tag: str | None = None,
    muscle: str | None = None,
    equipment: str | None = None,
) -> list[Exercise]:
    """Filters match the start of a word, ignoring case: --muscle glut finds 'glutes'.

    Muscles match in plain words or anatomical ones: --muscle quadriceps finds 'quads'.
    """
    return [
        e
        for e in exercises
        if _has(e.tags, tag)
        and _works(e.primary_muscles + e.secondary_muscles, muscle)
        and _has(e.equipment, equipment)
    ]


def no_match_hint(
    exercises: list[Exercise],
    tag: str | None = None,
    muscle: str | None = None,
    equipment: str | None = None,
) -> str:
    """Why a search found nothing: the names that exist, and the closest to what was typed."""
    import difflib

    hints = []
    for option, wanted, values, kind in (
        ("--muscle", muscle, _muscle_names(exercises), "muscles"),
        ("--equipment", equipment, _names(exercises, "equipment"), "equipment"),
        ("--tag", tag, _names(exercises, "tags"), "tags"),
    ):
        if wanted is None or matching(exercises, **{option[2:]: wanted}):
            continue
        candidates = list(values)
        if option == "--muscle":  # a plain name that finds something is a fine suggestion
            candidates += [p for p in vocabulary.MUSCLES if matching(exercises, muscle=p)]
        close = difflib.get_close_matches(
            wanted.casefold(), list(dict.fromkeys(candidates)), n=3, cutoff=0.6
        )
        guess = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        hints.append(
            f"no exercise matches {option} '{wanted}'{guess}\n"
            f"  {kind} in the library: {', '.join(values) or '(none)'}"
        )
    if not hints:
        hints.append("no exercise matches all of these filters together; try fewer")
    return "\n".join(hints)


def _names(exercises: list[Exercise], attribute: str) -> list[str]:
    return sorted({t.value.casefold() for e in exercises for t in getattr(e, attribute)})


def _muscle_names(exercises: list[Exercise]) -> list[str]:
    """Plain names first (what people search for), then anatomical labels as written."""
    labels = {
        part.casefold()
        for e in exercises
        for t in e.primary_muscles + e.secondary_muscles
        for part in vocabulary.parts(t.value)
    }
    plain = sorted(label for label in labels if label in vocabulary.MUSCLES)
    return plain + sorted(labels - set(plain))


def table(exercises: list[Exercise]) -> str:
    columns = ("slug", "name", "muscles", "equipment", "tags")
    rows = [
        (
            e.slug,
            e.name.value,
            ", ".join(t.value for t in e.primary_muscles + e.secondary_muscles),
            ", ".join(t.value for t in e.equipment),
            ", ".join(t.value for t in e.tags),
        )
        for e in sorted(exercises, key=lambda e: e.slug)
    ]
    widths = [min(40, max([len(c)] + [len(r[i]) for r in rows])) for i, c in enumerate(columns)]

    def line(cells: tuple[str, ...]) -> str:
        clipped = [
            c if len(c) <= w else c[: w - 1] + "…" for c, w in zip(cells, widths, strict=True)
        ]
        return "  ".join(c.ljust(w) for c, w in zip(clipped, widths, strict=True)).rstrip()

    out = [line(columns), line(tuple("-" * w for w in widths))]
    out += [line(row) for row in rows]
    out.append(f"{len(rows)} exercise(s)")
    return "\n".join(out) + "\n"
