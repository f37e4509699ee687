"""How fast is a build, against drawing the same text with reportlab's canvas directly?

Both run in this process, on the same exercises, so the ratio holds on any machine. The
baseline wraps and draws the text with no templates, no fitting and no styling: the floor of
what any PDF tool built on reportlab can cost. Usage: python bench/bench_build.py [CONTENT]
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

from generator.content.loader import exercise_files, load_exercise
from generator.paths import builtin_content
from generator.pipeline import Renderer


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


def _row(label: str, seconds: float, count: int, base: float) -> None:
    rate = count / seconds if seconds else float("inf")
    print(f"{label:<20} {seconds:7.3f} s {rate:9.1f} per s {seconds / base:6.2f}x baseline")


def main() -> int:
    content = Path(sys.argv[1]) if len(sys.argv) > 1 else builtin_content()
    files, _ = exercise_files([content])
    exercises = [load_exercise(path) for path in files]
    renderer = Renderer()  # loads fonts and templates once, as a build does

    start = time.perf_counter()
    for exercise in exercises:
        baseline([t.value for t in exercise.texts()], renderer.fonts.regular)
    base = time.perf_counter() - start

    start = time.perf_counter()
    for exercise in exercises:
        renderer.card(exercise)
    cards = time.perf_counter() - start

    start = time.perf_counter()
    for exercise in exercises:
        renderer.handout(exercise)
    handouts = time.perf_counter() - start

    n = len(exercises)
    print(f"exercises: {n}")
    _row("baseline (canvas)", base, n, base)
    _row("cards (fitted)", cards, n, base)
    _row("handouts", handouts, n, base)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
