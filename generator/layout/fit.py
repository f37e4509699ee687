"""The fit step: the largest body size, within the theme's range, at which a page holds it all.

KeepInFrame's shrink mode has no floor and its truncate mode hides text that stays in the
file, so the search is ours: measure with reportlab's own wrap at candidate sizes in quarter
points. Height only grows with type size, so after measuring both ends of the range (the top
often fits; the bottom decides a refusal) a bisection finds the answer. Interpolating on the
room left was tried and measured no faster: line breaks make it a staircase, not a curve.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar


class Measured(Protocol):
    @property
    def fits(self) -> bool: ...


M = TypeVar("M", bound=Measured)
STEP_PT = 0.25


def largest_fit(
    measure: Callable[[float], M], low: float, high: float, at_low: M | None = None
) -> tuple[bool, M]:
    """Measure at the largest fitting size; if even ``low`` does not fit, that measurement.

    ``at_low`` is a measurement at ``low`` the caller already has, so it is not taken twice.
    """
    top = measure(high)
    if top.fits:
        return True, top
    steps = round((high - low) / STEP_PT)
    if steps <= 0:
        return False, top
    bottom = at_low if at_low is not None else measure(low)
    if not bottom.fits:
        return False, bottom
    best, lo, hi = bottom, 0, steps  # lo fits, hi does not
    while hi - lo > 1:
        middle = (lo + hi) // 2
        attempt = measure(low + middle * STEP_PT)
        if attempt.fits:
            best, lo = attempt, middle
        else:
            hi = middle
    return True, best
