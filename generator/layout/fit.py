"""The fit step: the largest body size, within the theme's range, at which a page holds it all.

KeepInFrame's shrink mode has no floor and its truncate mode hides text that stays in the
file, so the search is ours: measure with reportlab's own wrap at candidate sizes in quarter
points. Height only grows with type size, so the answer is the one quarter point that fits with
the next one up not fitting, and a bisection finds it in about eight measurements.

Each measurement costs a whole layout (3 ms a card), so the search is guided: everything on a
card is sized in ems, so the height a card needs grows at least in proportion to the type size
(faster when lines rewrap). A size that overflows by ``o`` points of a page ``room`` tall thus
says the answer lies at or above ``size * room / (room + o)``, usually within a step of it.
The search measures that guess and its neighbour, and falls back to bisection whenever a guess
lands outside the bracket, so it finds exactly what bisection finds (a test checks it against a
full scan) in three or four measurements instead of eight.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Protocol, TypeVar


class Measured(Protocol):
    @property
    def fits(self) -> bool: ...


M = TypeVar("M", bound=Measured)
STEP_PT = 0.25


def largest_fit(
    measure: Callable[[float], M],
    low: float,
    high: float,
    at_low: M | None = None,
    room: float | None = None,
) -> tuple[bool, M]:
    """Measure at the largest fitting size; if even ``low`` does not fit, that measurement.

    ``at_low`` is a measurement at ``low`` the caller already has, so it is not taken twice.
    ``room`` (the page height the content must fit in) lets a measurement's ``overflow`` guide
    the next guess; without it, or without an overflow, the search bisects.
    """
    top = measure(high)
    if top.fits:
        return True, top
    steps = round((high - low) / STEP_PT)
    if steps <= 0:
        return False, top
    found: dict[int, M] = {steps: top}
    lo, hi = -1, steps  # lo: the largest step known to fit (-1: none yet); hi: known not to
    if at_low is not None:
        if not at_low.fits:
            return False, at_low
        found[0], lo = at_low, 0

    model_guesses = 3  # then bisection: a poor model never costs more than three measurements

    def excess(step: int) -> float | None:
        """How far past the page (positive) or short of it (negative) the content reaches."""
        measured = found[step]
        if not measured.fits:
            over = float(getattr(measured, "overflow", 0.0))
            return over if over > 0 else None
        slack = float(getattr(measured, "slack", 0.0))
        return -slack if slack > 0 else None

    def guess() -> int:
        """The next step to measure: where the model puts the edge, else the middle."""
        nonlocal model_guesses
        middle = max(0, (lo + hi) // 2)
        if not room or not model_guesses:
            return middle
        model_guesses -= 1
        points = [(step, e) for step in sorted(found) if (e := excess(step)) is not None]
        below = [p for p in points if p[1] < 0]
        above = [p for p in points if p[1] > 0]
        if below and above:  # the line between the nearest points on either side of the edge
            (s1, e1), (s2, e2) = below[-1], above[0]
        elif len(above) >= 2:  # two overflows: a line that also knows what does not grow
            (s1, e1), (s2, e2) = above[0], above[1]
        elif above:  # one overflow: the content's height in proportion to the type size
            s1, e1 = above[0]
            size = (low + s1 * STEP_PT) * room / (room + e1)
            step = math.floor((size - low) / STEP_PT + 1e-9)
            return step if lo < step < hi else middle
        else:
            return middle
        if e2 == e1:
            return middle
        step = math.floor(s1 - e1 * (s2 - s1) / (e2 - e1) + 1e-9)
        return step if lo < step < hi else (lo + 1 if step <= lo < hi - 1 else middle)

    while hi - lo > 1:
        step = guess()
        attempt = found.get(step) or measure(low + step * STEP_PT)
        found[step] = attempt
        if attempt.fits:
            lo = step
        else:
            hi = step
    if lo < 0:
        return False, found[0]
    return True, found[lo]
