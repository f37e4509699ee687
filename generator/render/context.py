"""What templates see: plain strings, lists and namespaces, never the model objects.

Handing templates plain data keeps the sandbox's surface small and lets a coach's template use
``{{ step }}`` without knowing about line numbers. Namespaces, not dicts, so
``section.items`` is the list and not ``dict.items``.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from generator.content.model import Exercise, Text


def _strings(texts: tuple[Text, ...]) -> list[str]:
    return [t.value for t in texts]


def _maybe(text: Text | None) -> str | None:
    return text.value if text is not None else None


def exercise_context(exercise: Exercise) -> SimpleNamespace:
    sections = []
    for section in exercise.sections:
        sections.append(
            SimpleNamespace(
                kind=section.kind,
                heading=section.heading.value,
                items=_strings(section.items),
                questions=[
                    SimpleNamespace(question=qa.question.value, answer=_strings(qa.answer))
                    for qa in section.questions
                ],
            )
        )
    cues = exercise.items("cues")
    faq = exercise.section("faq")
    fields: dict[str, Any] = {
        "slug": exercise.slug,
        "name": exercise.name.value,
        "intro": _strings(exercise.intro),
        "sections": sections,
        "instructions": _strings(exercise.items("instructions")),
        "tips": _strings(exercise.items("tips")),
        "mistakes": _strings(exercise.items("mistakes")),
        "cues": _strings(cues or exercise.items("instructions")),
        "cues_from_instructions": not cues,
        "primary_muscles": _strings(exercise.primary_muscles),
        "secondary_muscles": _strings(exercise.secondary_muscles),
        "equipment": _strings(exercise.equipment),
        "tags": _strings(exercise.tags),
        "level": _maybe(exercise.level),
        "video": _maybe(exercise.video),
        "video_site": video_site(exercise.video.value) if exercise.video else None,
        "attribution": _maybe(exercise.attribution),
        "source": _maybe(exercise.source),
        "language": exercise.language,
        "images": [t.value for t in exercise.images],
        "fields": _strings(exercise.fields),
        "faq": [
            SimpleNamespace(question=qa.question.value, answer=_strings(qa.answer))
            for qa in (faq.questions if faq else ())
        ],
    }
    return SimpleNamespace(**fields)


_SITES = {"youtube.com": "YouTube", "youtu.be": "YouTube", "vimeo.com": "Vimeo"}


def video_site(url: str) -> str | None:
    """A short name for a video's site, to print under its QR code ("YouTube"), if short."""
    from urllib.parse import urlsplit

    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return None
    host = host.removeprefix("www.").removeprefix("m.")
    if host in _SITES:
        return _SITES[host]
    return host if host and len(host) <= 22 else None
