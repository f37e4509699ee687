"""What packet templates see: the program as plain strings, lists and namespaces.

The cover, contents, schedule, log and footer templates all get the same context, so a coach's
template can reword or reorder any packet page. ``sections`` is also what the PDF's bookmarks
are made from, so the contents page and the bookmarks cannot disagree.
"""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace
from typing import Any

from generator.program.model import Day, Entry, Program

_NUMBER = re.compile(r"^\d+(\.\d+)?$")


def packet_context(
    program: Program,
    names: dict[str, str],
    kinds: dict[str, list[str]],
    labels: dict[str, str],
    brand: SimpleNamespace,
) -> dict[str, Any]:
    """``names``: slug -> exercise name; ``kinds``: "handout"/"card" -> slugs with those pages."""
    linked = set(kinds.get("handout", []))
    days = [_day(program, n, day, names, linked, labels) for n, day in enumerate(program.days, 1)]
    return {
        "program": SimpleNamespace(
            title=program.title,
            client=program.client,
            coach=program.coach,
            gym=brand.gym or program.gym,  # the theme's brand wins: its logo is on the page
            dates=_dates(program, labels),
            notes=program.notes,
            weeks=program.weeks,
            units=program.units,
            language=program.language,
        ),
        "labels": labels,
        "brand": brand,
        "days": days,
        "log": [item for day in days for item in day.log],
        "sections": sections(program, days, names, kinds, labels),
        "credit": None,
    }


def sections(
    program: Program,
    days: list[SimpleNamespace],
    names: dict[str, str],
    kinds: dict[str, list[str]],
    labels: dict[str, str],
) -> list[SimpleNamespace]:
    """The packet's parts in order, two levels deep: the contents page and the bookmarks."""
    found: list[SimpleNamespace] = []

    def add(title: str, key: str, level: int) -> None:
        found.append(SimpleNamespace(title=title, key=key, level=level))

    if "schedule" in program.parts:
        add(labels["schedule"], "schedule", 0)
        for day in days:
            add(day.title, day.key, 1)
    for kind in ("handout", "card"):
        slugs = kinds.get(kind, [])
        if slugs:
            add(labels[f"{kind}s"], f"{kind}s", 0)
            for slug in slugs:
                add(names[slug], f"{kind}-{slug}", 1)
    if "log" in program.parts:
        add(labels["log"], "log", 0)
    return found


def _day(
    program: Program,
    number: int,
    day: Day,
    names: dict[str, str],
    linked: set[str],
    labels: dict[str, str],
) -> SimpleNamespace:
    title = f"{day.week} · {day.name}" if day.week else day.name
    entries = [_entry(program, entry, names, linked, labels) for entry in day.entries]
    # A program written as weeks of days logs each day in its own week; otherwise every day is
    # repeated each week of the program, and its log has a column group per week.
    weeks = (
        [day.week] if day.week else [f"{labels['week']} {n}" for n in range(1, program.weeks + 1)]
    )
    log = [
        SimpleNamespace(
            name=entry.name,
            day=title,
            dose=entry.dose,
            tempo=entry.tempo,
            rest=entry.rest,
            weeks=weeks,
            load=entry.has_load,
            sets=entry.sets or 3,
        )
        for entry in entries
    ]
    return SimpleNamespace(
        key=f"day{number}", title=title, week=day.week, name=day.name, entries=entries, log=log
    )


def _entry(
    program: Program, entry: Entry, names: dict[str, str], linked: set[str], labels: dict[str, str]
) -> SimpleNamespace:
    load = entry.load
    if load and _NUMBER.match(load):
        load = f"{load} {program.units}"
    sets_reps = " × ".join(str(v) for v in (entry.sets, entry.reps) if v is not None)
    dose = f"{sets_reps} @ {load}" if sets_reps and load else sets_reps or load or ""
    return SimpleNamespace(
        slug=entry.slug,
        name=names.get(entry.slug, entry.slug),
        link=f"handout-{entry.slug}" if entry.slug in linked else None,
        sets=entry.sets,
        reps=entry.reps,
        sets_reps=sets_reps,
        load=load,
        has_load=bool(entry.load and any(c.isdigit() for c in entry.load)),
        dose=dose,
        tempo=entry.tempo,
        rest=entry.rest,
        notes=entry.notes,
    )


def _dates(program: Program, labels: dict[str, str]) -> str | None:
    if not (program.start and program.end):
        return None
    return f"{format_date(program.start, labels)} – {format_date(program.end, labels)}"


def format_date(day: date, labels: dict[str, str]) -> str:
    """A date in the packet's language (``months`` in its labels), day first; else ISO."""
    months = labels.get("months", "").split()
    if len(months) != 12:
        return day.isoformat()
    return f"{day.day} {months[day.month - 1]} {day.year}"
