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


def read_everkinetic(
    path: Path, data: bytes, problems: Problems
) -> list[tuple[str, Draft, list[Path]]]:
    """(slug, draft, drawing files) for every record; problems name the record."""
    try:
        records = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.add(getattr(exc, "lineno", None), f"not Everkinetic JSON: {exc}")
        return []
    if not isinstance(records, list):
        problems.add(1, "not Everkinetic JSON: expected a list of exercises")
        return []
    out: list[tuple[str, Draft, list[Path]]] = []
    seen: dict[str, int] = {}
    for index, record in enumerate(records):
        where = f"record {index + 1}"
        if not isinstance(record, dict) or not record.get("title"):
            problems.add(None, f"{where}: no title")
            continue
        steps, tips = _steps_and_tips(record)
        if not steps:
            problems.add(None, f"{where} ({record.get('title')}): no steps")
            continue
        slug = slugify(str(record.get("name") or record["title"]))
        seen[slug] = seen.get(slug, 0) + 1
        if seen[slug] > 1:
            slug = f"{slug}-{seen[slug]}"
        drawings = [path.parent / str(svg) for svg in record.get("svg") or []]
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
