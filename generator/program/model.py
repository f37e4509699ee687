"""A client's program: days of exercise entries, and what the packet includes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.checkpoint import Sourced

PARTS = ("cover", "contents", "schedule", "handouts", "cards", "log")
DEFAULT_PARTS = ("cover", "contents", "schedule", "handouts", "log")


@dataclass(frozen=True)
class Entry:
    slug: str
    line: int
    sets: int | None = None
    reps: str | None = None
    load: str | None = None
    tempo: str | None = None
    rest: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Day:
    name: str
    entries: tuple[Entry, ...]
    week: str | None = None  # the week's name when the program is written as weeks of days


@dataclass(frozen=True)
class Program:
    path: Path
    title: str
    client: str
    coach: str | None
    start: date | None
    units: str
    weeks: int
    days: tuple[Day, ...]
    parts: tuple[str, ...] = DEFAULT_PARTS
    gym: str | None = None
    notes: str | None = None
    language: str = "en"
    overrides: dict[str, dict[str, str]] = field(default_factory=dict)
    # every text the packet prints, with the file and line it came from (program or clients CSV)
    texts: tuple[Sourced, ...] = ()

    @property
    def end(self) -> date | None:
        return self.start + timedelta(weeks=self.weeks, days=-1) if self.start else None

    def slugs(self) -> list[str]:
        """Each exercise once, in order of first use."""
        return list(dict.fromkeys(e.slug for d in self.days for e in d.entries))

    def in_units(self, units: str | None) -> Program:
        """Loads written as plain numbers converted to kg or lb (rounded to 0.5 kg or 1 lb)."""
        if units is None or units == self.units:
            return self
        days = tuple(
            replace(
                day, entries=tuple(replace(e, load=_convert(e.load, units)) for e in day.entries)
            )
            for day in self.days
        )
        return replace(self, days=days, units=units)

    def for_client(
        self,
        client: str,
        overrides: dict[str, dict[str, str]],
        at: tuple[str, int | None] | None = None,
    ) -> Program:
        """The same program for another client, with their loads and notes where given.

        ``at`` is where the client came from (a clients CSV and its line); their texts are
        checked and reported there, not against the program file.
        """
        from generator.checkpoint import Sourced
        from generator.program.loader import MAX_TEXT

        path, line = at or (str(self.path), None)
        texts = [t for t in self.texts if t.what != "'client'"]
        texts.append(Sourced(client, path, line, "client", MAX_TEXT))
        for slug, values in overrides.items():
            for key, value in values.items():
                texts.append(Sourced(value, path, line, f"'{slug}.{key}'", MAX_TEXT))
        days = tuple(
            replace(
                day, entries=tuple(_override(e, overrides.get(e.slug, {})) for e in day.entries)
            )
            for day in self.days
        )
        return replace(self, client=client, days=days, overrides=overrides, texts=tuple(texts))


KG_PER_LB = 0.45359237
_PLAIN_NUMBER = re.compile(r"^-?[0-9]{1,6}(\.[0-9]{1,3})?$")


def _convert(load: str | None, units: str) -> str | None:
    """A plain-number load in the other unit; text such as "bodyweight" stays as written.

    Only plain decimals convert: "nan", "1e999", "inf" or "1_000" (which float() would take)
    stay as written rather than crash or print nonsense.
    """
    if load is None or not _PLAIN_NUMBER.match(load.strip()):
        return load
    value = float(load)
    if units == "lb":
        return f"{round(value / KG_PER_LB):g}"
    return f"{round(value * KG_PER_LB * 2) / 2:g}"


def _override(entry: Entry, values: dict[str, str]) -> Entry:
    changes: dict[str, Any] = {k: v for k, v in values.items() if k in ("load", "notes")}
    return replace(entry, **changes)
