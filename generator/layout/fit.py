"""The fit step: the largest body size, within the theme's range, at which a page holds it all.

KeepInFrame's shrink mode has no floor and its truncate mode hides text that stays in the
file, so the search is ours: measure with reportlab's own wrap at candidate sizes in quarter
points. Height only grows with type size, so the answer is the one quarter point that fits with
the next one up not fitting, and a bisection finds it in about eight measurements.

Each measurement costs a whole layout (about 1 ms a card), so the search is guided. A card's
height grows with its type size a little faster than in proportion (lines get taller and
rewrap into more lines; drawings and rules do not grow): roughly as ``size ** p``. Every
measurement tells a height: the page's room plus the overflow, or the room less the slack.
The two heights nearest the page's edge give ``p`` (before there are two, ``p`` is 1.6) and the
size where the height meets the edge; the search measures there, or next to what it already
knows. It starts at 70% of the range, where most cards end, not at the top; a search that
already has a measurement at the bottom (the drawings trade in card.py) starts from that. A
guess outside the bracket of what is known is moved inside it, guesses that creep leap, and
after five guesses the search bisects, so it finds exactly what bisection finds (a test checks
it against a full scan). On the library's cards (every size and profile) it takes 3.4
measurements a search where bisection takes 5.5 and the proportional model of the previous
version took 5.1.
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
# How a card's height grows with its type size before two measurements tell: as size ** 1.6
# (lines get taller and rewrap into more lines; drawings and rules do not grow). Fitted on the
# library's cards at every size and profile: it takes the fewest measurements there.
GROWTH = 1.6
START = 0.7  # the first size measured, as a share of the range (the answer's usual place)


def largest_fit(
    measure: Callable[[float], M],
    low: float,
    high: float,
    at_low: M | None = None,
    room: float | None = None,
) -> tuple[bool, M]:
    """Measure at the largest fitting size; if even ``low`` does not fit, that measurement.

    ``at_low`` is a measurement at ``low`` the caller already has, so it is not taken twice.
    ``room`` (the page height the content must fit in) lets a measurement's overflow or slack
    guide the next guess; without it the search bisects from the top of the range.
    """
    steps = round((high - low) / STEP_PT)
    found: dict[int, M] = {}
    # lo: the largest step known to fit (-1: none yet); hi: the smallest known not to, where
    # steps + 1 (above the range) "does not fit" without a measurement
    if at_low is not None:
        if not at_low.fits or steps <= 0:
            return at_low.fits, at_low
        found[0], lo, hi = at_low, 0, steps + 1
    else:
        # without a guide, the top of the range; with one, where most cards end (a measurement
        # near the answer guides the next guess better than one at the top)
        first = round(steps * START) if room else steps
        found[first] = measure(low + first * STEP_PT)
        if found[first].fits:
            lo, hi = first, steps + 1
        else:
            lo, hi = -1, first
            if first == 0:
                return False, found[0]

    model_guesses = 5  # then bisection: a poor model never costs more than five measurements
    run = [0, 0]  # measurements in a row that fitted, that did not: a model that creeps

    def height(step: int) -> float | None:
        """The content's height at this step, as far as its measurement tells."""
        measured = found[step]
        if not measured.fits:
            over = float(getattr(measured, "overflow", 0.0))
            return room + over if room and over > 0 else None
        slack = float(getattr(measured, "slack", 0.0))
        return room - slack if room and 0 < slack < room else None

    def guess() -> int:
        """The next step to measure: where the model puts the edge, else the middle."""
        nonlocal model_guesses
        middle = min(max(0, (lo + hi) // 2), steps)
        if not room or not model_guesses:
            return middle
        model_guesses -= 1
        points = [(low + k * STEP_PT, h) for k in sorted(found) if (h := height(k)) is not None]
        if not points:
            return middle
        # the two measurements nearest the page's edge say how fast this card grows; the
        # nearest of them says where it crosses the edge
        near = sorted(sorted(points, key=lambda p: abs(p[1] - room))[:2])
        power = GROWTH
        if len(near) == 2:
            (s1, h1), (s2, h2) = near
            if h1 != h2:
                power = min(max(math.log(h2 / h1) / math.log(s2 / s1), 0.5), 4.0)
        size, need = min(near, key=lambda p: abs(p[1] - room))
        edge = size * (room / need) ** (1 / power)
        step = math.floor((edge - low) / STEP_PT + 1e-9)
        # a model that creeps towards the edge one step at a time is helped by leaps that
        # double with each measurement on the same side
        step = max(step, lo + 2 ** (run[0] - 1)) if run[0] > 2 else step
        step = min(step, hi - 2 ** (run[1] - 1)) if run[1] > 2 else step
        return min(max(step, lo + 1), hi - 1, steps)  # within what is not known yet

    while hi - lo > 1 and lo < steps:
        step = guess()
        attempt = found.get(step) or measure(low + step * STEP_PT)
        found[step] = attempt
        if attempt.fits:
            lo, run = step, [run[0] + 1, 0]
        else:
            hi, run = step, [0, run[1] + 1]
    if lo < 0:
        return False, found[0]
    return True, found[lo]
