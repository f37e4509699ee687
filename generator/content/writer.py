"""Write an exercise as a content file (front matter + Markdown body), for the importers.

What an importer writes must read back as exactly the same text, so any line that the body
reader would take as markup is written with a leading backslash.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

_MARKUP_START = re.compile(r"^(#|[-*+](\s|$)|\d{1,3}[.)](\s|$)|\\|---)")


@dataclass
class Draft:
    """An exercise as an importer sees it: plain strings, before validation."""

    name: str
    intro: list[str] = field(default_factory=list)
    instructions: list[str] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    tips: list[str] = field(default_factory=list)
    mistakes: list[str] = field(default_factory=list)
    faq: list[tuple[str, list[str]]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    headings: dict[str, str] = field(default_factory=dict)


def slugify(text: str) -> str:
    """The package's one slug: file names for exercises, clients and packets.

    Letters are transliterated (anyascii), never dropped: ``Иван Петров`` is ``ivan-petrov``,
    ``Straße`` is ``strasse``; apostrophes vanish so ``Fly’s`` stays ``flys``.
    """
    from anyascii import anyascii

    ascii_text = anyascii(unicodedata.normalize("NFC", text)).replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _line(text: str) -> str:
    text = _end(" ".join(text.split()))
    return "\\" + text if _MARKUP_START.match(text) else text


def _end(text: str) -> str:
    """Double trailing backslashes: at a line's end the reader takes them in pairs."""
    trailing = len(text) - len(text.rstrip("\\"))
    return text + "\\" * trailing


def to_markdown(draft: Draft) -> str:
    meta = {"name": draft.name, **draft.meta}
    out = ["---"]
    for key, value in meta.items():  # one key at a time: lists inline, the rest as blocks
        flow = None if isinstance(value, list | dict) else False
        dumped = yaml.safe_dump(
            {key: value}, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=flow
        )
        out.append(dumped.rstrip("\n"))
    out += ["---", ""]
    for paragraph in draft.intro:
        out += [_line(paragraph), ""]
    for key, default, items in (
        ("instructions", "Instructions", draft.instructions),
        ("cues", "Cues", draft.cues),
        ("tips", "Tips & Tricks", draft.tips),
        ("mistakes", "Common Mistakes", draft.mistakes),
    ):
        if items:
            out += [f"## {draft.headings.get(key, default)}", ""]
            out += [f"- {_end(' '.join(item.split()))}" for item in items]
            out.append("")
    if draft.faq:
        out += [f"## {draft.headings.get('faq', 'Frequently Asked Questions')}", ""]
        for question, answers in draft.faq:
            out += [f"### {_end(' '.join(question.split()))}", ""]
            for answer in answers:
                out += [_line(answer), ""]
    return "\n".join(out).rstrip("\n") + "\n"
