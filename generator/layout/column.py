"""A column of flowables, measured and placed by one rule, for every hand-stacked layout.

Cards (``stack``) and boxed regions (``shapes.Box``) both stack flowables by hand. They share
this helper so that the spacing rule is written once: between two flowables the gap is the
larger of the first one's space after and the second one's space before (as reportlab's frames
do), and nothing before the first.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable


def gap(previous: Flowable | None, item: Flowable) -> float:
    """The one spacing rule: max(space after the previous, space before this one)."""
    if previous is None:
        return 0.0
    return max(previous.getSpaceAfter(), item.getSpaceBefore())


@dataclass(frozen=True)
class Placed:
    item: Flowable
    top: float  # from the column's top down to the item's top
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.height


def measure(items: list[Flowable], width: float, available: float = 1e6) -> list[Placed]:
    """Wrap every item at ``width`` and place it below the one before."""
    placed: list[Placed] = []
    previous: Flowable | None = None
    y = 0.0
    for item in items:
        _, height = item.wrap(width, available)
        y += gap(previous, item)
        placed.append(Placed(item, y, height))
        y += height
        previous = item
    return placed


def height(placed: list[Placed]) -> float:
    return placed[-1].bottom if placed else 0.0


def total(items: list[Flowable], width: float, available: float = 1e6) -> float:
    """``height(measure(items, width))`` without placing: the fit step asks it at every size."""
    y = 0.0
    previous: Flowable | None = None
    for item in items:
        _, item_height = item.wrap(width, available)
        if previous is not None:  # the one spacing rule (gap), inlined: a hot loop
            y += max(previous.getSpaceAfter(), item.getSpaceBefore())
        y += item_height
        previous = item
    return y


def split(
    items: list[Flowable], width: float, room: float
) -> tuple[list[Flowable], list[Flowable]]:
    """The items that fit in ``room`` and the rest, splitting the first that does not fit.

    An item that cannot split goes whole to the rest: nothing is ever dropped.
    """
    for index, at in enumerate(measure(items, width, room)):
        if at.bottom <= room:
            continue
        left = room - at.top
        parts = at.item.split(width, left) if left > 0 else []
        if len(parts) < 2:
            return items[:index], items[index:]
        return [*items[:index], parts[0]], [*parts[1:], *items[index + 1 :]]
    return items, []
