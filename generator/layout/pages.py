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

    @property
    def where(self) -> str:
        """Where a card is drawn, for messages: 'on one A6 page'."""
        return f"on one {self.label} page"

    @property
    def larger(self) -> str:
        """What else a coach can do when a card does not fit here ('' for a card's own page)."""
        return ""


@dataclass(frozen=True)
class TextArea(Page):
    """A packet page's text area, where the packet draws a cue card (with its cut marks).

    Its name and landscape are the packet page's; a card refused here is refused for the
    packet's page size, so the message names the packet, the box and the other way out.
    """

    @property
    def where(self) -> str:
        size = f"{self.width / MM:.0f} × {self.height / MM:.0f} mm"
        article = "an" if self.label[0] in "AEIOU8" else "a"
        return (
            f"in the text area of {article} {self.label} packet page ({size}: the page less its "
            "margins, footer and the card's cut marks)"
        )

    @property
    def larger(self) -> str:
        return "or make the packet at a larger --size, or leave 'cards' out of its include:"


def page(theme: Theme, name: str, landscape: bool = False, source: str = "page size") -> Page:
    """``source`` says where the name came from (``--paper``, ``argument 'size'``, the theme's
    default), so a problem names that, not a flag the user never typed."""
    key = name.lower()
    if key not in theme.pages_mm:
        known = ", ".join(theme.pages_mm)
        raise CoachcardsError.single(source, f"unknown page size '{name}'; choose one of {known}")
    width, height = (v * MM for v in theme.pages_mm[key])
    if landscape:
        width, height = height, width
    return Page(key, width, height, landscape)
