"""The clients CSV for ``coachcards packets``: a name per row, and optional overrides.

Columns: ``client`` (required), then any of ``<exercise-slug>.load`` and ``<exercise-slug>.notes``
to give that client their own load or notes for that exercise.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.content.text import clean, read_text
from generator.content.writer import slugify
from generator.errors import CoachcardsError, Problem

_OVERRIDE = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)\.(load|notes)$")
MAX_ROWS = 10_000


@dataclass(frozen=True)
class ClientRow:
    line: int
    name: str
    overrides: dict[str, dict[str, str]]
    file_stem: str


def parse_override(column: str, slugs: list[str]) -> tuple[tuple[str, str] | None, str]:
    """A column name as (exercise slug, load|notes), or None and what is wrong with it."""
    match = _OVERRIDE.match(column)
    if not match:
        return None, f"unknown column '{column}'; use client, <exercise>.load or <exercise>.notes"
    if match.group(1) not in slugs:
        return None, f"column '{column}': the program has no exercise '{match.group(1)}'"
    return (match.group(1), match.group(2)), ""


def _checked(reader: Any, path: Path) -> Iterator[list[str]]:
    """The CSV's rows; a row the csv module refuses is an error with its line, not a traceback.

    (A cell over 131,072 characters, for one.)
    """
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            why = str(exc)
            if "field limit" in why:
                why = f"a cell is longer than {csv.field_size_limit():,} characters"
            raise CoachcardsError.single(
                path, f"cannot read this CSV: {why}", reader.line_num
            ) from None
        yield row


def read_clients(path: Path, slugs: list[str]) -> tuple[list[ClientRow], list[Problem]]:
    """Good rows, and a problem for each bad one (the good ones still build)."""
    text = read_text(path)
    reader = csv.reader(io.StringIO(text))
    rows_read = _checked(reader, path)
    header = next(rows_read, None)
    if not header:
        raise CoachcardsError.single(path, "the file is empty; the first line names the columns")
    header = [h.strip() for h in header]
    if "client" not in header:
        raise CoachcardsError.single(path, "no 'client' column in the first line", 1)
    problems: list[Problem] = []
    columns: dict[int, tuple[str, str]] = {}
    for index, name in enumerate(header):
        if name == "client":
            continue
        parsed, message = parse_override(name, slugs)
        if parsed is None:
            problems.append(Problem(str(path), 1, message))
        else:
            columns[index] = parsed
    if problems:
        raise CoachcardsError(problems)
    rows: list[ClientRow] = []
    used: dict[str, int] = {}
    taken: set[str] = set()
    for cells in rows_read:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            problems.append(
                Problem(str(path), line, f"more than {MAX_ROWS} clients; split the file")
            )
            break
        if len(cells) != len(header):
            problems.append(
                Problem(str(path), line, f"{len(cells)} cells, but the header has {len(header)}")
            )
            continue
        name, issues = clean(cells[header.index("client")].strip())
        if not name:
            issues = [*issues, "the client's name is empty"]
        if issues:
            problems += [Problem(str(path), line, issue) for issue in issues]
            continue
        overrides: dict[str, dict[str, str]] = {}
        for index, (slug, field) in columns.items():
            value = cells[index].strip()
            if value:
                overrides.setdefault(slug, {})[field] = value
        base = slugify(name) or "client"
        stem, count = base, used.get(base, 0)
        while stem in taken:  # two clients of the same name never share a file
            count += 1
            stem = f"{base}-{count + 1}"
        used[base] = count
        taken.add(stem)
        rows.append(ClientRow(line, name, overrides, stem))
    return rows, problems
