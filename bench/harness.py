"""One way to time things in bench/: CPU time, round-robin, several rounds, min/median/max.

Why round-robin: on a shared 2-core machine the load changes from second to second. Timing
variant A for ten seconds and then variant B for ten seconds puts the noise into the ratio.
Running A, B, C, A, B, C, ... puts both sides under the same conditions, and the ratio of
medians taken over rounds is stable to a few percent where one-shot wall-clock ratios moved 3x.

Why CPU time (``time.process_time``): it counts this process's work and not time spent waiting
for the other core's tenant. Wall time is printed where it is the figure a person waits for
(a whole build across worker processes), and then says so.

Usage::

    from harness import Variant, compare, report   # scripts run as python bench/NAME.py
    results = compare([Variant("baseline", fn0), Variant("card", fn1)], rounds=7, repeat=5)
    print(report(results, baseline="baseline"))
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Variant:
    """A named piece of work; ``run`` does one unit of it (one card, one packet...)."""

    name: str
    run: Callable[[], object]


@dataclass
class Timing:
    """Per-round CPU seconds for one unit of a variant's work."""

    name: str
    rounds: list[float] = field(default_factory=list)

    @property
    def min(self) -> float:
        return min(self.rounds)

    @property
    def median(self) -> float:
        return statistics.median(self.rounds)

    @property
    def max(self) -> float:
        return max(self.rounds)


def _cpu_per_unit(run: Callable[[], object], repeat: int) -> float:
    gc.collect()
    start = time.process_time()
    for _ in range(repeat):
        run()
    return (time.process_time() - start) / repeat


def compare(variants: list[Variant], rounds: int = 7, repeat: int = 5) -> dict[str, Timing]:
    """Run every variant once to warm caches, then ``rounds`` round-robin passes of ``repeat``."""
    for variant in variants:
        variant.run()
    timings = {v.name: Timing(v.name) for v in variants}
    for round_index in range(rounds):
        # Alternate the order so that neither side is always first after a context switch.
        order = variants if round_index % 2 == 0 else list(reversed(variants))
        for variant in order:
            timings[variant.name].rounds.append(_cpu_per_unit(variant.run, repeat))
    return timings


def report(timings: dict[str, Timing], baseline: str | None = None, unit: str = "ms") -> str:
    """A table of min/median/max per unit, and each variant's median ratio to the baseline."""
    scale = {"ms": 1000.0, "s": 1.0, "us": 1_000_000.0}[unit]
    lines = [f"{'variant':<28} {'min':>9} {'median':>9} {'max':>9}  ratio (median)"]
    base = timings[baseline].median if baseline else None
    for timing in timings.values():
        ratio = f"{timing.median / base:6.2f}x" if base else ""
        lines.append(
            f"{timing.name:<28} {timing.min * scale:8.2f}{unit[0]} "
            f"{timing.median * scale:8.2f}{unit[0]} {timing.max * scale:8.2f}{unit[0]}  {ratio}"
        )
    rounds = len(next(iter(timings.values())).rounds)
    lines.append(f"(CPU time per unit, {rounds} round-robin rounds)")
    return "\n".join(lines)
