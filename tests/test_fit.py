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
