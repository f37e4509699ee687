"""Cards and handouts against a fair plain-reportlab baseline, timed in the same run.

The baseline does the work any tool built on reportlab must do for the same output: a canvas
with the same embedded TrueType fonts (the theme's font files, registered as reportlab's own
``TTFont``: a plain reportlab canvas, not coachcards' font class), the same text wrapped with
simpleSplit, and the same two drawings (the same PDF operators, converted once per process as
the real path does), saved as a compressed PDF. What coachcards keeps per process for the next
document (a drawing's compressed form, a font subset and its compressed bytes) is its own
design, as a library build uses it: its 304 cards need 11 distinct font subsets. "The same
text" is what the card prints, read back from it before timing starts: the exercise's words
and the template's labels ("Targets", "Avoid", "Start"), list numbers and bullets, the credit
line. What it leaves out is what coachcards adds: templates, the fit search, styling, the
layout's regions. So "card / baseline" is the price of the design, per card.

All variants run round-robin on CPU time (bench/harness.py): several rounds, min/median/max,
and each ratio is of medians from the same rounds. A full ``build`` (wall time, all cores) is
printed too with ``--build``: it is the figure a coach waits for, but it moves with the load of
the machine, so no ratio is taken from it.

Usage: python bench/bench_build.py [--build] [CONTENT]   (or: make bench)
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from harness import Variant, compare, report

from generator.content.loader import exercise_files, load_exercise
from generator.layout.images import VectorOps, load_image
from generator.paths import builtin_content
from generator.pipeline import Renderer

SAMPLE = 8  # exercises per unit of work, all with two drawings


def printed_text(pdf: bytes) -> list[str]:
    """The lines of text a PDF prints, in reading order (read once, outside the timing)."""
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(pdf)).pages
    return [line for page in pages for line in page.extract_text().splitlines() if line.strip()]


def plain_fonts(*names: str) -> tuple[str, str]:
    """The font files behind coachcards' registered fonts, registered again as reportlab's own
    TTFont: what a plain reportlab canvas embeds them with."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    plain = []
    for name in names:
        path = getattr(pdfmetrics.getFont(name), "face").filename  # noqa: B009  (unstubbed)
        pdfmetrics.registerFont(TTFont(f"plain-{name}", path))
        plain.append(f"plain-{name}")
    return plain[0], plain[1]


def baseline(texts: list[str], fonts: tuple[str, str], drawings: tuple[Path, ...]) -> bytes:
    """One document: text in the theme's embedded fonts, then the drawings, on A5 pages."""
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    regular, bold = fonts
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=A5,
        invariant=1,
        pageCompression=1,
        initialFontName=regular,  # type: ignore[arg-type]  # stubs say float; it takes a name
    )
    y = A5[1] - 30
    for index, text in enumerate(texts):
        font = bold if index == 0 else regular
        for line in simpleSplit(text, font, 10, A5[0] - 60):
            if y < 30:
                canvas.showPage()
                y = A5[1] - 30
            canvas.setFont(font, 10)
            canvas.drawString(30, y, line)
            y -= 12
    x = 30.0
    for path in drawings:
        image, width, height = load_image(path)  # converted once per process, as in coachcards
        canvas.saveState()
        canvas.translate(x, 40)
        canvas.scale(120 / width, 120 / height)
        if isinstance(image, VectorOps):
            canvas._code.append(image.operators)  # type: ignore[attr-defined]  # as images.py
        canvas.restoreState()
        x += 140
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def full_build(content: Path) -> None:
    from generator.build import build_library

    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        report_ = build_library(content, Path(out))
        full = time.perf_counter() - start
        start = time.perf_counter()
        build_library(content, Path(out))
        again = time.perf_counter() - start
    count = len(report_.built)
    print(f"full build, all cores (wall): {full:6.2f} s for {count} PDFs ({count / full:.1f}/s)")
    print(f"rebuild, nothing changed (wall): {again:6.2f} s")


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    content = Path(args[0]) if args else builtin_content()
    files, _ = exercise_files([content])
    exercises = [load_exercise(path) for path in files]
    sample = [e for e in exercises if len(e.image_paths) == 2][:SAMPLE]
    print(f"{len(exercises)} exercises, {os.cpu_count()} cores; sample: {len(sample)} cards")
    if "--build" in sys.argv:
        full_build(content)

    renderer = Renderer()  # fonts and templates load once, as in a build worker
    fonts = plain_fonts(renderer.fonts.regular, renderer.fonts.name("bold"))
    card_texts = [printed_text(renderer.card(e)) for e in sample]
    handout_texts = [printed_text(renderer.handout(e)) for e in sample]
    variants = [
        Variant(
            "baseline, card",
            lambda: [
                baseline(t, fonts, e.image_paths) for t, e in zip(card_texts, sample, strict=True)
            ],
        ),
        Variant("card", lambda: [renderer.card(e) for e in sample]),
        Variant(
            "baseline, handout",
            lambda: [
                baseline(t, fonts, e.image_paths)
                for t, e in zip(handout_texts, sample, strict=True)
            ],
        ),
        Variant("handout", lambda: [renderer.handout(e) for e in sample]),
    ]
    timings = compare(variants, rounds=15, repeat=1)  # this VM moves 15% between runs
    for timing in timings.values():  # per card, not per sample
        timing.rounds = [seconds / len(sample) for seconds in timing.rounds]
    print(report(timings))
    card = timings["card"].median / timings["baseline, card"].median
    handout = timings["handout"].median / timings["baseline, handout"].median
    print(f"card ratio to the fair canvas baseline:    {card:5.2f}x (target <= 1.5x)")
    print(f"handout ratio to the fair canvas baseline: {handout:5.2f}x")
    # each round's two sides ran one after the other, under the same load: their ratios
    for name in ("card", "handout"):
        paired = sorted(
            mine / theirs
            for mine, theirs in zip(
                timings[name].rounds, timings[f"baseline, {name}"].rounds, strict=True
            )
        )
        middle = statistics.median(paired)
        print(
            f"{name} / baseline in each round: min {paired[0]:.2f}x, "
            f"median {middle:.2f}x, max {paired[-1]:.2f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
