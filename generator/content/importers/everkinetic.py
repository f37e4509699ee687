"""The Everkinetic JSON dataset (CC BY-SA 4.0): records to drafts, drawings copied alongside.

The known quirks are cleaned without dropping text a reader needs: no-break spaces and
``&nbsp;`` become spaces, empty ``<h3>`` markers go, steps after an ``<h3>Tip</h3>`` marker
become tips (which is what they are), and a first step that only repeats the primer is dropped
because the primer already opens the handout.
"""

from __future__ import annotations

import difflib
import html
import json
import re
from pathlib import Path
from typing import Any

from generator import safepath
from generator.content.writer import Draft, slugify
from generator.errors import Problems

ATTRIBUTION = "Everkinetic (everkinetic.com), CC BY-SA 4.0"
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)[^>]*>")
_MARKER = re.compile(r"^<h\d>(.*?)</h\d>$", re.IGNORECASE)


def clean(text: str) -> str:
    text = html.unescape(text).replace("\u00a0", " ")
    return " ".join(_TAG.sub(" ", text).split())


def _steps_and_tips(record: dict[str, Any]) -> tuple[list[str], list[str]]:
    steps: list[str] = []
    tips = [clean(t) for t in record.get("tips") or [] if clean(t)]
    target = steps
    for raw in record.get("steps") or []:
        marker = _MARKER.match(html.unescape(raw).replace("\u00a0", " ").strip())
        if marker:
            if "tip" in marker.group(1).lower():
                target = tips
            continue
        text = clean(raw)
        if text:
            target.append(text)
    primer = clean(record.get("primer") or "")
    if steps and primer and _repeats(steps[0], primer):
        steps = steps[1:]
    return steps, tips


def _repeats(step: str, primer: str) -> bool:
    return difflib.SequenceMatcher(None, step.lower(), primer.lower()).ratio() >= 0.8


def _records(text: str, problems: Problems) -> list[tuple[int, Any]]:
    """The top-level list's items, each with the line it starts on (json keeps no lines)."""
    decoder = json.JSONDecoder()
    position = _skip(text, 0)
    if not text.startswith("[", position):
        problems.add(_line_at(text, position), "not Everkinetic JSON: expected a list of exercises")
        return []
    position = _skip(text, position + 1)
    records: list[tuple[int, Any]] = []
    if text.startswith("]", position):
        return records
    while True:
        line = _line_at(text, position)
        try:
            record, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            problems.add(exc.lineno, f"not Everkinetic JSON: {exc.msg}")
            return []
        except RecursionError:
            problems.add(line, "not Everkinetic JSON: nested too deeply")
            return []
        records.append((line, record))
        position = _skip(text, position)
        if text.startswith(",", position):
            position = _skip(text, position + 1)
            continue
        if text.startswith("]", position) and not text[position + 1 :].strip():
            return records
        problems.add(_line_at(text, position), "not Everkinetic JSON: expected ',' or ']'")
        return []


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


_TEXT_LISTS = ("steps", "tips", "primary", "secondary", "equipment", "svg")
_TEXT_FIELDS = ("id", "name", "title", "primer", "type")


def _malformed(record: Any) -> str | None:
    """What is wrong with a record's shape, before any of it is used."""
    if not isinstance(record, dict):
        return "must be an object with a title and steps"
    for key in _TEXT_FIELDS:
        value = record.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, str | int)):
            return f"'{key}' must be text"
    for key in _TEXT_LISTS:
        value = record.get(key)
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(v, str) for v in value)
        ):
            return f"'{key}' must be a list of texts"
    return None


def read_everkinetic(
    path: Path, data: bytes, problems: Problems
) -> list[tuple[str, Draft, list[Path]]]:
    """(slug, draft, drawing files) for every record; problems name the record and its line.

    Drawings are named relative to the dataset's folder and must resolve inside it.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.add(data[: exc.start].count(b"\n") + 1, "not UTF-8 text")
        return []
    out: list[tuple[str, Draft, list[Path]]] = []
    seen: dict[str, int] = {}
    for index, (line, record) in enumerate(_records(text, problems)):
        where = f"record {index + 1}"
        wrong = _malformed(record)
        if wrong:
            problems.add(line, f"{where}: {wrong}")
            continue
        if not record.get("title"):
            problems.add(line, f"{where}: no title")
            continue
        steps, tips = _steps_and_tips(record)
        if not steps:
            problems.add(line, f"{where} ({record.get('title')}): no steps")
            continue
        slug = slugify(str(record.get("name") or record["title"]))
        if not slug:
            problems.add(line, f"{where}: cannot make a file name from its name or title")
            continue
        seen[slug] = seen.get(slug, 0) + 1
        if seen[slug] > 1:
            slug = f"{slug}-{seen[slug]}"
        drawings: list[Path] = []
        for name in record.get("svg") or []:
            try:
                drawings.append(
                    safepath.inside(path.parent, name, "drawing", "the dataset's folder", (".svg",))
                )
            except safepath.Refused as why:
                problems.add(line, f"{where}: {why}")
        if len(drawings) != len(record.get("svg") or []):
            continue
        meta: dict[str, Any] = {}
        primary = [clean(m) for m in record.get("primary") or [] if clean(m)]
        secondary = [clean(m) for m in record.get("secondary") or [] if clean(m)]
        if primary or secondary:
            meta["muscles"] = {
                k: v for k, v in (("primary", primary), ("secondary", secondary)) if v
            }
        equipment = [clean(e) for e in record.get("equipment") or [] if clean(e)]
        if equipment:
            meta["equipment"] = equipment
        kinds = [clean(k) for k in str(record.get("type") or "").split(",") if clean(k)]
        if kinds:
            meta["tags"] = kinds
        if drawings:
            meta["images"] = [f"images/everkinetic/{d.name}" for d in drawings]
        meta["attribution"] = ATTRIBUTION
        meta["source"] = f"Everkinetic exercise data, record {record.get('id', index + 1)}"
        primer = clean(record.get("primer") or "")
        draft = Draft(
            name=clean(record["title"]),
            intro=[primer] if primer else [],
            instructions=steps,
            tips=tips,
            meta=meta,
        )
        out.append((slug, draft, drawings))
    return out
