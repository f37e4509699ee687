"""Page sizes by name, in points, portrait or landscape."""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import CoachcardsError
from generator.layout.theme import MM, Theme


@dataclass(frozen=True)
class Page:
    name: str
    width: float
    height: float
    landscape: bool

    @property
    def label(self) -> str:
        base = self.name.upper() if self.name[0] == "a" else self.name.capitalize()
        return f"{base} landscape" if self.landscape else base


def page(theme: Theme, name: str, landscape: bool = False) -> Page:
    key = name.lower()
    if key not in theme.pages_mm:
        known = ", ".join(theme.pages_mm)
        raise CoachcardsError.single("--size", f"unknown page size '{name}'; choose one of {known}")
    width, height = (v * MM for v in theme.pages_mm[key])
    if landscape:
        width, height = height, width
    return Page(key, width, height, landscape)
