"""What tagging costs: the same cards, handouts, sheet and packet, tagged and --untagged.

The issue's budget is 15% of render time. Each variant renders a fixed sample of exercises
(spread over the library, with and without drawings) in this process, after a warm-up, so the
ratio is tagging's own cost: marked content while drawing, and the structure tree and object
streams written at save. Packets are made for a different client each time (as a clients CSV
run does), so nothing one client's packet keeps is reused for the same client only.

Usage: python bench/bench_tagging.py [ROUNDS]
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable
from pathlib import Path

from harness import Variant, compare, report

from generator.api import render_packet
from generator.content.loader import exercise_files, load_exercise
from generator.content.model import Exercise
from generator.paths import builtin_content
from generator.pipeline import Options, Renderer

SAMPLE = 12
CLIENTS = ("Jordan Alvarez", "Sam Lee", "Marie-Claire Dubois-Fontaine", "Ana Ruiz")


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    files, _ = exercise_files([builtin_content()])
    step = max(1, len(files) // SAMPLE)
    exercises = [load_exercise(path) for path in files[::step][:SAMPLE]]
    tagged, untagged = Renderer(Options()), Renderer(Options(untagged=True))
    print(f"{len(exercises)} exercises per unit")
    for kind in ("card", "handout"):
        variants = [
            Variant(f"{kind}s untagged", _all(untagged, kind, exercises)),
            Variant(f"{kind}s tagged", _all(tagged, kind, exercises)),
        ]
        print(report(compare(variants, rounds=rounds, repeat=1), baseline=variants[0].name))
    sheet = [
        Variant("sheet untagged", lambda: untagged.sheet(exercises, "a4")),
        Variant("sheet tagged", lambda: tagged.sheet(exercises, "a4")),
    ]
    print(report(compare(sheet, rounds=rounds, repeat=1), baseline="sheet untagged"))
    program = builtin_content() / "programs" / "lower-body-strength.yaml"
    packet = [
        Variant("packet untagged", _clients(program, untagged=True)),
        Variant("packet tagged", _clients(program, untagged=False)),
    ]
    print(report(compare(packet, rounds=rounds, repeat=1), baseline="packet untagged"))
    return 0


def _clients(program: Path, untagged: bool) -> Callable[[], None]:
    """One unit of work: the next client's packet (names differ, as in a clients CSV run)."""
    names = itertools.cycle(CLIENTS)

    def run() -> None:
        render_packet(program, next(names), untagged=untagged)

    return run


def _all(renderer: Renderer, kind: str, exercises: list[Exercise]) -> Callable[[], None]:
    """One unit of work: every sampled exercise's card or handout."""
    render = renderer.card if kind == "card" else renderer.handout

    def run() -> None:
        for exercise in exercises:
            render(exercise)

    return run


if __name__ == "__main__":
    raise SystemExit(main())
