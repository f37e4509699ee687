"""The page's program (a JSON form) written as a program file, and a program file read back.

The page never builds a Program itself: it writes the form as the YAML a coach could have typed,
and that text goes through the same strict loader as ``coachcards packet``. So the page reports
the CLI's words (``jordan-lee.yaml:14: sets must be a whole number from 1 to 20``), the
downloaded YAML is exactly what was rendered, and each line remembers which field wrote it so
a problem is shown next to that field.

Every value is written as a JSON string (a valid YAML double-quoted scalar), so nothing typed in
a field can add keys or lines; only numbers written as plain digits stay plain, as a coach
would type them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from generator.errors import Problem

PROGRAM_KEYS = ("title", "client", "coach", "gym", "start", "units", "language", "notes")
ENTRY_FIELDS = ("sets", "reps", "load", "tempo", "rest", "notes")
PARTS = ("cover", "contents", "schedule", "handouts", "cards", "log")
MAX_ENTRIES = 100
MAX_DAYS = 60
MAX_WEEKS = 52
MAX_FIELD = 2000

_WHOLE = re.compile(r"[0-9]{1,6}")
_DECIMAL = re.compile(r"[0-9]{1,6}(\.[0-9]{1,3})?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MISSING = re.compile(r"missing '(\w+):'")


class FormError(ValueError):
    """The request is not a program form at all (a bug or a hand-made request, not a typo)."""


@dataclass
class ProgramText:
    """A program file's text, and for each line the form field that wrote it."""

    text: str
    fields: dict[int, str] = field(default_factory=dict)

    def field_of(self, problem: Problem, filename: str) -> str:
        """The form field a loader problem belongs to ('' for the program as a whole)."""
        if problem.path != filename or problem.line is None:
            return ""
        missing = _MISSING.search(problem.message)
        if missing:
            return missing.group(1)
        return self.fields.get(problem.line, "")


def _scalar(value: str, plain: re.Pattern[str] | None = None) -> str:
    if plain is not None and plain.fullmatch(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _text(form: dict[str, Any], key: str) -> str:
    value = form.get(key, "")
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise FormError(f"'{key}' must be text")
    text = str(value).strip()
    if len(text) > MAX_FIELD:
        raise FormError(f"'{key}' is longer than {MAX_FIELD} characters")
    return text


def _list(form: dict[str, Any], key: str) -> list[Any]:
    value = form.get(key, [])
    if not isinstance(value, list):
        raise FormError(f"'{key}' must be a list")
    return value


def _map(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise FormError(f"{what} must be an object")
    return value


def entry_count(form: dict[str, Any]) -> int:
    return sum(
        len(_list(_map(day, "a day"), "entries"))
        for week in _list(form, "weeks")
        for day in _list(_map(week, "a week"), "days")
    )


def to_yaml(form: dict[str, Any], header: list[str] | None = None) -> ProgramText:
    """The form as a program file; raises FormError for a request no page would send."""
    form = _map(form, "the program")
    weeks = _list(form, "weeks")
    by_week = bool(form.get("by_week"))
    if not weeks or len(weeks) > MAX_WEEKS:
        raise FormError(f"a program has 1 to {MAX_WEEKS} weeks")
    if sum(len(_list(_map(w, "a week"), "days")) for w in weeks) > MAX_DAYS:
        raise FormError(f"a program has at most {MAX_DAYS} days")
    if entry_count(form) > MAX_ENTRIES:
        raise FormError(f"a program has at most {MAX_ENTRIES} exercises; split it in two")
    out = ProgramText("")
    lines: list[str] = []

    def emit(line: str, field_name: str = "") -> None:
        lines.append(line)
        if field_name:
            out.fields[len(lines)] = field_name

    for comment in header or []:
        emit(f"# {comment}".rstrip())
    for key in PROGRAM_KEYS:
        value = _text(form, key)
        if value:
            emit(f"{key}: {_scalar(value, _DATE if key == 'start' else None)}", key)
        if key == "start" and not by_week:
            log_weeks = _text(form, "log_weeks")
            if log_weeks:
                emit(f"weeks: {_scalar(log_weeks, _WHOLE)}", "log_weeks")
    parts = [str(p) for p in _list(form, "include")]
    emit(f"include: [{', '.join(_scalar(p, re.compile('[a-z]+')) for p in parts)}]", "include")
    emit("days:", "days")
    if by_week:
        for w, week in enumerate(weeks):
            week = _map(week, "a week")
            name = _text(week, "name") or f"Week {w + 1}"
            emit(f"  - week: {_scalar(name)}", f"w{w}.name")
            emit("    days:", f"w{w}.name")
            _days(week, w, "      ", emit)
    else:
        _days(_map(weeks[0], "a week"), 0, "  ", emit)
    out.text = "\n".join(lines) + "\n"
    return out


def _days(week: dict[str, Any], w: int, indent: str, emit: Any) -> None:
    for d, day in enumerate(_list(week, "days")):
        day = _map(day, "a day")
        emit(f"{indent}- name: {_scalar(_text(day, 'name') or f'Day {d + 1}')}", f"w{w}.d{d}.name")
        entries = _list(day, "entries")
        if not entries:
            emit(f"{indent}  exercises: []", f"w{w}.d{d}.name")
            continue
        emit(f"{indent}  exercises:", f"w{w}.d{d}.name")
        for e, entry in enumerate(entries):
            entry = _map(entry, "an exercise entry")
            at = f"w{w}.d{d}.e{e}"
            emit(f"{indent}    - exercise: {_scalar(_text(entry, 'exercise'))}", f"{at}.exercise")
            for key in ENTRY_FIELDS:
                value = _text(entry, key)
                if value:
                    plain = {"sets": _WHOLE, "reps": _WHOLE, "load": _DECIMAL}.get(key)
                    emit(f"{indent}      {key}: {_scalar(value, plain)}", f"{at}.{key}")


def to_form(program: Any) -> dict[str, Any]:
    """A loaded Program as the page's form (for Open); the inverse of to_yaml."""
    weeks: list[dict[str, Any]] = []
    by_week = any(day.week is not None for day in program.days)
    for day in program.days:
        if not weeks or (by_week and weeks[-1]["name"] != day.week):
            weeks.append({"name": day.week or "", "days": []})
        weeks[-1]["days"].append(
            {
                "name": day.name,
                "entries": [
                    {"exercise": entry.slug}
                    | {
                        key: "" if getattr(entry, key) is None else str(getattr(entry, key))
                        for key in ENTRY_FIELDS
                    }
                    for entry in day.entries
                ],
            }
        )
    form: dict[str, Any] = {
        key: "" if getattr(program, key) is None else str(getattr(program, key))
        for key in PROGRAM_KEYS
    }
    form |= {
        "include": list(program.parts),
        "by_week": by_week,
        "log_weeks": "" if by_week or program.weeks == 1 else str(program.weeks),
        "weeks": weeks or [{"name": "", "days": []}],
    }
    return form
