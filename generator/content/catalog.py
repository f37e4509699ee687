"""``coachcards list``: the library as a plain-text table, filtered by tag, muscle or equipment."""

from __future__ import annotations

from generator.content.model import Exercise, Text


def _has(values: tuple[Text, ...], wanted: str | None) -> bool:
    if wanted is None:
        return True
    wanted = wanted.casefold()
    return any(wanted in v.value.casefold() for v in values)


def matching(
    exercises: list[Exercise],
    tag: str | None = None,
    muscle: str | None = None,
    equipment: str | None = None,
) -> list[Exercise]:
    """Filters match part of a word, ignoring case: --muscle glut finds 'glutaeus maximus'."""
    return [
        e
        for e in exercises
        if _has(e.tags, tag)
        and _has(e.primary_muscles + e.secondary_muscles, muscle)
        and _has(e.equipment, equipment)
    ]


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
