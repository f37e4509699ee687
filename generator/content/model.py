"""The validated exercise: every piece of text keeps the line it came from.

Lines travel with the text so that problems found late (a character no font can draw, a card
that cannot fit) can still point at the place in the file a coach has to change.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

SectionKind = Literal["instructions", "cues", "tips", "mistakes", "faq"]


@dataclass(frozen=True)
class Text:
    value: str
    line: int

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Question:
    question: Text
    answer: tuple[Text, ...]


@dataclass(frozen=True)
class Section:
    kind: SectionKind
    heading: Text
    items: tuple[Text, ...] = ()
    questions: tuple[Question, ...] = ()


@dataclass(frozen=True)
class Exercise:
    slug: str
    path: Path
    name: Text
    intro: tuple[Text, ...]
    sections: tuple[Section, ...]
    primary_muscles: tuple[Text, ...] = ()
    secondary_muscles: tuple[Text, ...] = ()
    equipment: tuple[Text, ...] = ()
    tags: tuple[Text, ...] = ()
    level: Text | None = None
    video: Text | None = None
    attribution: Text | None = None
    source: Text | None = None
    language: str = "en"
    images: tuple[Text, ...] = ()
    image_alts: tuple[Text | None, ...] = ()  # per image; None: made from name and position
    fields: tuple[Text, ...] = ()
    changes: tuple[Text, ...] = ()  # what was changed from the source (kept, never printed)
    image_paths: tuple[Path, ...] = ()

    def section(self, kind: SectionKind) -> Section | None:
        return next((s for s in self.sections if s.kind == kind), None)

    def items(self, kind: SectionKind) -> tuple[Text, ...]:
        found = self.section(kind)
        return found.items if found else ()

    def texts(self) -> Iterator[Text]:
        """Every piece of text that can reach a page, for checks that must see all of it."""
        yield self.name
        groups = (
            self.primary_muscles,
            self.secondary_muscles,
            self.equipment,
            self.tags,
            self.fields,
        )
        for group in groups:
            yield from group
        yield from (alt for alt in self.image_alts if alt is not None)
        for single in (self.level, self.video, self.attribution, self.source):
            if single is not None:
                yield single
        yield from self.intro
        for section in self.sections:
            yield section.heading
            yield from section.items
            for qa in section.questions:
                yield qa.question
                yield from qa.answer
