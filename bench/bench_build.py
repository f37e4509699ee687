"""Build speed against a plain reportlab baseline run in the same process.

Prints, for the library in CONTENT (default: the built-in one):
- a baseline: the same text drawn with reportlab's canvas directly, wrapped with simpleSplit,
  with no templates, no fitting and no styling (the card's text for cards, all text for
  handouts): the floor of what any tool built on reportlab pays;
- cards and handouts rendered one after another in this process, and their ratio to it;
- a full ``build`` with one worker per core, and a rebuild with nothing changed.

Usage: python bench/bench_build.py [CONTENT]   (or: make bench)
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generator.build import build_library
from generator.content.loader import exercise_files, load_exercise
from generator.content.model import Exercise
from generator.paths import builtin_content
from generator.pipeline import Renderer


def card_text(exercise: Exercise) -> list[str]:
    cues = exercise.items("cues") or exercise.items("instructions")
    parts = [exercise.name, *exercise.primary_muscles, *exercise.equipment, *cues]
    parts += [*exercise.items("mistakes")] + (
        [exercise.attribution] if exercise.attribution else []
    )
    return [t.value for t in parts]


def baseline(texts: list[str], font: str) -> bytes:
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A5, invariant=1)
    y = A5[1] - 30
    for text in texts:
        for line in simpleSplit(text, font, 10, A5[0] - 60):
            if y < 30:
                canvas.showPage()
                y = A5[1] - 30
            canvas.setFont(font, 10)
            canvas.drawString(30, y, line)
            y -= 12
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def row(label: str, seconds: float, count: int, unit: str, base: float | None = None) -> None:
    ratio = f"{seconds / base:6.2f}x baseline" if base else ""
    print(f"{label:<28} {seconds:7.2f} s {count / seconds:8.1f} {unit}/s  {ratio}")


def main() -> int:
    content = Path(sys.argv[1]) if len(sys.argv) > 1 else builtin_content()
    files, _ = exercise_files([content])
    exercises = [load_exercise(path) for path in files]
    n = len(exercises)
    print(f"{n} exercises, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as out:  # first, while no cache in this process is warm
        full = timed(lambda: build_library(content, Path(out)))
        again = timed(lambda: build_library(content, Path(out)))
    row("full build (all cores)", full, 2 * n, "PDFs")
    print(f"{'rebuild, nothing changed':<28} {again:7.2f} s")

    renderer = Renderer()  # fonts and templates load once, as in a build worker
    font = renderer.fonts.regular
    base_cards = timed(lambda: [baseline(card_text(e), font) for e in exercises])
    base_all = timed(lambda: [baseline([t.value for t in e.texts()], font) for e in exercises])
    cards = timed(lambda: [renderer.card(e) for e in exercises])
    handouts = timed(lambda: [renderer.handout(e) for e in exercises])
    row("baseline, card text", base_cards, n, "cards")
    row("cards (one process)", cards, n, "cards", base_cards)
    row("baseline, all text", base_all, n, "docs")
    row("handouts (one process)", handouts, n, "handouts", base_all)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
