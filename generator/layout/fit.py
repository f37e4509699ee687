"""The fit step: the largest body size, within the theme's range, at which a page holds it all.

KeepInFrame's shrink mode has no floor and its truncate mode hides text that stays in the
file, so the search is ours: measure with reportlab's own wrap at each candidate size, in
quarter points, by bisection (layout height only grows with type size).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar


class Measured(Protocol):
    @property
    def fits(self) -> bool: ...


M = TypeVar("M", bound=Measured)
STEP_PT = 0.25


def largest_fit(measure: Callable[[float], M], low: float, high: float) -> tuple[bool, M]:
    """Measure at the largest fitting size; if even ``low`` does not fit, that measurement."""
    steps = round((high - low) / STEP_PT)
    at_low = measure(low)
    if not at_low.fits:
        return False, at_low
    best, lo, hi = at_low, 0, steps
    while lo < hi:
        middle = (lo + hi + 1) // 2
        attempt = measure(low + middle * STEP_PT)
        if attempt.fits:
            best, lo = attempt, middle
        else:
            hi = middle - 1
    return True, best
