"""Program files (YAML), read strictly: every problem at once, as ``path:line: message``."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path
from typing import Any

from generator import safepath
from generator.checkpoint import Sourced
from generator.content import yamlstrict
from generator.content.text import clean, read_text
from generator.errors import Problems
from generator.program.model import DEFAULT_PARTS, PARTS, Day, Entry, Program

KEYS = (
    "title",
    "client",
    "coach",
    "gym",
    "start",
    "units",
    "weeks",
    "days",
    "include",
    "notes",
    "language",
)
ENTRY_KEYS = ("exercise", "sets", "reps", "load", "tempo", "rest", "notes")
MAX_TEXT = 200


class _Reading(Problems):
    """The file's problems, and every text it gives the page, with its line (for the checkpoint)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.texts: list[Sourced] = []


def load_program(path: Path, known_slugs: list[str]) -> Program:
    problems = _Reading(path)
    text = read_text(path)
    tree, yaml_problems = yamlstrict.parse(text, str(path))
    problems.extend(yaml_problems)
    if tree is None and yaml_problems:
        problems.raise_if_any()
    program = _read(tree, path, known_slugs, problems)
    problems.raise_if_any()
    assert program is not None
    return program


def _read(tree: Any, path: Path, known: list[str], problems: _Reading) -> Program | None:
    if not isinstance(tree, yamlstrict.YMap):
        problems.add(1, "a program is a set of 'key: value' lines (title:, client:, days:, ...)")
        return None
    line = tree.key_lines.get
    for key in tree:
        if key not in KEYS:
            problems.add(line(key), f"unknown key '{key}'; known keys: {', '.join(KEYS)}")
    for key in ("title", "client", "days"):
        if key not in tree:
            problems.add(1, f"missing '{key}:'")
    title = _text(tree, "title", problems)
    client = _text(tree, "client", problems)
    for key, value in (("title", title), ("client", client)):
        said = any(p.line == line(key) for p in problems.items)  # e.g. "must be text"
        if key in tree and value is None and not said:
            problems.add(line(key), f"'{key}:' is empty; write the {key} after the colon")
    units = _text(tree, "units", problems) or "kg"
    if units not in ("kg", "lb"):
        problems.add(line("units"), f"units must be kg or lb, not '{units}'")
    start = None
    if "start" in tree:
        raw = tree["start"]
        try:
            start = date.fromisoformat(str(raw))
        except ValueError:
            problems.add(line("start"), f"start must be a date like 2026-12-01, not '{raw}'")
        else:
            if not 1900 <= start.year <= 2200:  # weeks are added to it: year 9999 overflows
                problems.add(line("start"), f"start {raw} is not a year between 1900 and 2200")
                start = None
    parts: tuple[str, ...] = DEFAULT_PARTS
    if "include" in tree:
        wanted = tree["include"]
        if not isinstance(wanted, list) or not all(isinstance(p, str) for p in wanted):
            problems.add(line("include"), f"include is a list of: {', '.join(PARTS)}")
        else:
            for part in wanted:
                if part not in PARTS:
                    problems.add(
                        line("include"),
                        f"include: unknown part '{part}'; parts: {', '.join(PARTS)}",
                    )
            parts = tuple(p for p in PARTS if p in wanted)
    days, weeks_from_days = _days(tree.get("days"), line("days") or 1, known, problems)
    weeks = weeks_from_days
    if "weeks" in tree:
        value = tree["weeks"]
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 52:
            problems.add(line("weeks"), "weeks must be a whole number from 1 to 52")
        elif weeks_from_days > 1 and value != weeks_from_days:
            problems.add(
                line("weeks"), f"weeks says {value} but days are written as {weeks_from_days} weeks"
            )
        else:
            weeks = value
    if problems or title is None or client is None:
        return None
    return Program(
        path=path,
        title=title,
        client=client,
        coach=_text(tree, "coach", problems),
        start=start,
        units=units,
        weeks=max(weeks, 1),
        days=tuple(days),
        parts=parts,
        gym=_text(tree, "gym", problems),
        notes=_text(tree, "notes", problems, 1000),
        language=_language(tree, problems),
        texts=tuple(problems.texts),  # last: the calls above add to it
    )


def _language(tree: Any, problems: _Reading) -> str:
    """A language code: it names a labels file, so nothing but a code like 'en' or 'pt-BR'."""
    code = _text(tree, "language", problems) or "en"
    try:
        return safepath.language(code)
    except safepath.Refused as why:
        problems.add(tree.key_lines["language"], str(why))
        return "en"


def _text(mapping: Any, key: str, problems: _Reading, limit: int = MAX_TEXT) -> str | None:
    if key not in mapping or mapping[key] is None:
        return None
    value = mapping[key]
    line = mapping.key_lines[key]
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        problems.add(line, f"'{key}' must be text")
        return None
    text, issues = clean(str(value).strip())
    for issue in issues:
        problems.add(line, f"'{key}': {issue}")
    if len(text) > limit:
        problems.add(line, f"'{key}' is longer than {limit} characters")
    elif text and not issues:
        problems.texts.append(Sourced(text, problems.path, line, f"'{key}'", limit))
    return text or None


def _days(value: Any, line: int, known: list[str], problems: _Reading) -> tuple[list[Day], int]:
    """Days, written as a list of days or as a list of weeks each with its days."""
    if not isinstance(value, yamlstrict.YSeq) or not value:
        problems.add(line, "days must be a list of days, each with a name and exercises")
        return [], 1
    if all(isinstance(item, yamlstrict.YMap) and "week" in item for item in value):
        days: list[Day] = []
        for item in value:
            week = _text(item, "week", problems)
            for key in item:
                if key not in ("week", "days"):
                    problems.add(item.key_lines[key], f"unknown key '{key}' in a week")
            found, _ = _days(
                item.get("days"), item.key_lines.get("days", item.line), known, problems
            )
            days += [Day(d.name, d.entries, week) for d in found]
        return days, len(value)
    days = []
    for number, item in enumerate(value, start=1):
        at = value.item_lines[number - 1]
        if not isinstance(item, yamlstrict.YMap):
            problems.add(at, "a day has 'name:' and 'exercises:'")
            continue
        for key in item:
            if key not in ("name", "exercises"):
                problems.add(item.key_lines[key], f"unknown key '{key}' in a day")
        name = _text(item, "name", problems) or f"Day {number}"
        entries = item.get("exercises")
        if not isinstance(entries, yamlstrict.YSeq) or not entries:
            problems.add(item.key_lines.get("exercises", at), f"{name}: 'exercises' must be a list")
            continue
        days.append(
            Day(
                name,
                tuple(
                    e
                    for e in (
                        _entry(entry, entries.item_lines[i], known, problems)
                        for i, entry in enumerate(entries)
                    )
                    if e is not None
                ),
            )
        )
    return days, 1


def _entry(item: Any, line: int, known: list[str], problems: _Reading) -> Entry | None:
    if isinstance(item, str):
        item = yamlstrict.YMap({"exercise": item})
        item.key_lines = {"exercise": line}
        item.line = line
    if not isinstance(item, yamlstrict.YMap) or "exercise" not in item:
        problems.add(line, "an exercise entry needs 'exercise: <slug>'")
        return None
    for key in item:
        if key not in ENTRY_KEYS:
            problems.add(
                item.key_lines[key], f"unknown key '{key}'; an entry has: {', '.join(ENTRY_KEYS)}"
            )
    slug = str(item["exercise"])
    at = item.key_lines["exercise"]
    if slug not in known:
        close = difflib.get_close_matches(slug, known, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        problems.add(at, f"unknown exercise '{slug}'{hint}")
    sets = item.get("sets")
    if sets is not None and (
        isinstance(sets, bool) or not isinstance(sets, int) or not 1 <= sets <= 20
    ):
        problems.add(item.key_lines["sets"], "sets must be a whole number from 1 to 20")
        sets = None
    reps = item.get("reps")
    if reps is not None:
        if isinstance(reps, bool) or not isinstance(reps, int | str):
            problems.add(item.key_lines["reps"], "reps is a number, a range like 8-12, or text")
        elif isinstance(reps, int) and not 1 <= reps <= 500:
            problems.add(item.key_lines["reps"], "reps must be from 1 to 500")
    values = {k: _text(item, k, problems) for k in ("reps", "load", "tempo", "rest", "notes")}
    return Entry(slug=slug, line=at, sets=sets, **values)
