"""The front matter schema: which keys an exercise may set, and what each must hold."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from generator.content.model import Text
from generator.content.text import clean
from generator.content.yamlstrict import YMap, YSeq

LEVELS = ("beginner", "intermediate", "advanced")
KEYS = (
    "name",
    "muscles",
    "equipment",
    "level",
    "tags",
    "video",
    "attribution",
    "source",
    "language",
    "images",
    "fields",
    "changes",
)
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")
_URL = re.compile(r"^https://[^\s<>\"]+$")

Report = Callable[[int, str], None]


def read(meta: Any, start_line: int, report: Report) -> dict[str, Any]:
    """Check the front matter and return the Exercise fields it sets."""
    if meta is None:
        report(start_line, "front matter is empty: it needs at least 'name:'")
        return {}
    if not isinstance(meta, YMap):
        report(start_line, "front matter must be a set of 'key: value' lines")
        return {}
    fields: dict[str, Any] = {}
    for key in meta:
        if key not in KEYS:
            report(meta.key_lines[key], f"unknown key '{key}'; known keys: {', '.join(KEYS)}")

    def line(key: str) -> int:
        return meta.key_lines.get(key, start_line)

    if "name" not in meta:
        report(start_line, "missing 'name:' (the exercise's name)")
    else:
        fields["name"] = _text(meta["name"], line("name"), "name", report)
    if "muscles" in meta:
        muscles = meta["muscles"]
        if not isinstance(muscles, YMap):
            report(line("muscles"), "'muscles' must have 'primary:' and/or 'secondary:' lists")
        else:
            for key in muscles:
                if key not in ("primary", "secondary"):
                    report(muscles.key_lines[key], f"unknown key 'muscles.{key}'")
            for key in ("primary", "secondary"):
                if key in muscles:
                    at = muscles.key_lines[key]
                    fields[f"{key}_muscles"] = _list(muscles[key], at, f"muscles.{key}", report)
    for key in ("equipment", "tags", "fields", "changes"):
        if key in meta:
            fields[key] = _list(meta[key], line(key), key, report)
    if "images" in meta:
        fields["images"], fields["image_alts"] = _images(meta["images"], line("images"), report)
    if "level" in meta:
        level = _text(meta["level"], line("level"), "level", report)
        if level is not None and level.value not in LEVELS:
            report(level.line, f"level '{level}' is not one of: {', '.join(LEVELS)}")
        fields["level"] = level
    if "video" in meta:
        video = _text(meta["video"], line("video"), "video", report)
        if video is not None and not _URL.match(video.value):
            report(video.line, "video must be a full https:// address with no spaces")
        fields["video"] = video
    for key in ("attribution", "source"):
        if key in meta:
            fields[key] = _text(meta[key], line(key), key, report)
    if "language" in meta:
        language = _text(meta["language"], line("language"), "language", report)
        if language is not None and not _LANGUAGE.match(language.value):
            report(language.line, f"language '{language}' is not a code like 'en' or 'pt-BR'")
        elif language is not None:
            fields["language"] = language.value
    return {k: v for k, v in fields.items() if v is not None}


def _text(value: Any, line: int, key: str, report: Report) -> Text | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        report(line, f"'{key}' must be text")
        return None
    text, problems = clean(str(value).strip())
    for message in problems:
        report(line, f"'{key}': {message}")
    if not text:
        report(line, f"'{key}' is empty")
        return None
    return Text(text, line)


def _list(value: Any, line: int, key: str, report: Report) -> tuple[Text, ...]:
    if value is None:  # "tags:" with nothing after it
        return ()
    if isinstance(value, str):
        value_list: list[Any] = [value]
        lines = [line]
    elif isinstance(value, YSeq):
        value_list, lines = list(value), value.item_lines
    else:
        report(line, f"'{key}' must be a list, e.g. [glutes, hamstrings]")
        return ()
    items = [_text(item, at, key, report) for item, at in zip(value_list, lines, strict=True)]
    return tuple(item for item in items if item is not None)


def _images(
    value: Any, line: int, report: Report
) -> tuple[tuple[Text, ...], tuple[Text | None, ...]]:
    """Image paths, each optionally with its alt text: ``- path: ...`` and ``alt: ...``.

    A plain entry is a path; its alt is made from the exercise's name and the image's position.
    """
    if not isinstance(value, YSeq):
        return _list(value, line, "images", report), ()
    paths: list[Text] = []
    alts: list[Text | None] = []
    for item, at in zip(value, value.item_lines, strict=True):
        if not isinstance(item, YMap):
            path = _text(item, at, "images", report)
            if path is not None:
                paths.append(path)
                alts.append(None)
            continue
        for key in item:
            if key not in ("path", "alt"):
                report(item.key_lines[key], f"unknown key 'images.{key}'; known keys: path, alt")
        if "path" not in item:
            report(at, "an image with 'alt:' needs 'path:' too")
            continue
        path = _text(item["path"], item.key_lines["path"], "images.path", report)
        alt = None
        if "alt" in item:
            alt = _text(item["alt"], item.key_lines["alt"], "images.alt", report)
        if path is not None:
            paths.append(path)
            alts.append(alt)
    return tuple(paths), tuple(alts)
