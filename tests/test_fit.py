"""The fit search finds exactly what measuring every quarter point would find."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from generator.layout.fit import STEP_PT, largest_fit


@dataclass
class Probe:
    size: float
    fits: bool


@pytest.mark.parametrize("limit", [7.0, 7.25, 9.6, 13.0, 17.99, 18.0, 22.0])
def test_bisection_matches_a_full_scan(limit: float) -> None:
    measured: list[float] = []

    def measure(size: float) -> Probe:
        measured.append(size)
        return Probe(size, size <= limit + 1e-9)

    fits, found = largest_fit(measure, 8.0, 22.0)
    scan = [8.0 + i * STEP_PT for i in range(57) if 8.0 + i * STEP_PT <= limit + 1e-9]
    if not scan:
        assert not fits and found.size == 8.0
    else:
        assert fits and found.size == scan[-1]
    assert len(measured) <= 8


def test_an_empty_range_answers_from_one_measurement() -> None:
    fits, found = largest_fit(lambda s: Probe(s, False), 10.0, 10.0)
    assert not fits and found.size == 10.0


@dataclass
class Card:
    """A card whose needed height is a staircase: it grows with the size, jumping where a
    line rewraps, plus a part that does not grow (drawings)."""

    size: float
    room: float
    fixed: float
    per_pt: float
    jump_at: float

    @property
    def need(self) -> float:
        return self.fixed + self.per_pt * self.size + (40.0 if self.size > self.jump_at else 0.0)

    @property
    def fits(self) -> bool:
        return self.need <= self.room + 0.01

    @property
    def overflow(self) -> float:
        return max(self.need - self.room, 0.0)

    @property
    def slack(self) -> float:
        return max(self.room - self.need, 0.0)


@pytest.mark.parametrize("fixed", [0.0, 150.0, 300.0])
@pytest.mark.parametrize("per_pt", [12.0, 20.0, 31.0])
@pytest.mark.parametrize("jump_at", [9.0, 14.1, 19.6, 30.0])
def test_the_guided_search_finds_what_a_full_scan_finds_in_fewer_measurements(
    fixed: float, per_pt: float, jump_at: float
) -> None:
    room = 500.0
    measured: list[float] = []

    def measure(size: float) -> Card:
        measured.append(size)
        return Card(size, room, fixed, per_pt, jump_at)

    fits, found = largest_fit(measure, 8.0, 22.0, room=room)
    sizes = [8.0 + i * STEP_PT for i in range(57)]
    scan = [s for s in sizes if Card(s, room, fixed, per_pt, jump_at).fits]
    if not scan:
        assert not fits and found.size == 8.0
    else:
        assert fits and found.size == scan[-1]
    assert len(measured) <= 8, measured
    assert len(set(measured)) == len(measured), "no size is measured twice"


def test_a_straight_line_is_found_in_four_measurements() -> None:
    measured: list[float] = []

    def measure(size: float) -> Card:
        measured.append(size)
        return Card(size, 500.0, 100.0, 25.0, 99.0)  # fits up to 16.0 pt

    fits, found = largest_fit(measure, 8.0, 22.0, room=500.0)
    assert fits and found.size == 16.0
    assert len(measured) <= 4, measured  # bisection takes seven
