"""How long one long paragraph takes to lay out: the figure the paragraph cap is set from.

A content paragraph is capped (generator/content/text.py MAX_TEXT_CHARS) so that no input can
make reportlab's line breaking take minutes; the cap should refuse no real write-up. This
times one paragraph of 2,000, 20,000, 50,000 and 100,000 characters of ordinary words:

- ``reportlab N``: the baseline, the same paragraph as one reportlab Paragraph wrapped and split
  into Letter-sized frames until it is all placed (the work any reportlab tool must do);
- ``handout N``: a whole coachcards handout whose intro is that paragraph (template, checkpoint,
  layout, PDF bytes), in-process, fonts and templates loaded once as in a build worker.

CPU time, round-robin (bench/harness.py), min/median/max. The cap is raised for the run only,
so the paragraphs beyond it can be timed.

Usage: python bench/bench_limits.py [ROUNDS]
"""

from __future__ import annotations

import random
import sys
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

from harness import Variant, compare, report

from generator.content import text as content_text
from generator.content.loader import load_exercise
from generator.pipeline import Renderer

SIZES = (2_000, 20_000, 50_000, 100_000)
SENTENCE = (
    "the bar stays over the middle of the foot while the hips and knees bend together and "
    "breathing is steady through the whole set keep the chest up brace before each repetition"
)
WORDS = tuple(SENTENCE.split())


def words(count: int, seed: int = 7) -> str:
    """About ``count`` characters of ordinary words, the same every run."""
    pick = random.Random(seed)
    out: list[str] = []
    length = 0
    while length < count:
        word = pick.choice(WORDS)
        out.append(word)
        length += len(word) + 1
    return " ".join(out)[: count - 1].rstrip() + "."


def reportlab_paragraph(text: str, fonts: tuple[str, str]) -> int:
    """Lay the paragraph out as reportlab alone would: wrap, split page by page, draw."""
    import io

    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph

    style = ParagraphStyle("body", fontName=fonts[0], fontSize=10.5, leading=15)
    width, height = LETTER[0] - 100, LETTER[1] - 100
    canvas = Canvas(io.BytesIO(), pagesize=LETTER, invariant=1)
    pending: list[Any] = [Paragraph(text, style)]
    pages = 0
    while pending:
        part = pending.pop()
        _, needed = part.wrap(width, height)
        if needed <= height:
            part.drawOn(canvas, 50, 50 + height - needed)
        else:
            first, *rest = part.split(width, height)
            first.wrap(width, height)
            first.drawOn(canvas, 50, 50)
            pending.extend(reversed(rest))
        canvas.showPage()
        pages += 1
    canvas.save()
    return pages


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    content_text.MAX_TEXT_CHARS = 2 * max(SIZES)  # only for this run: time beyond the cap
    renderer = Renderer()
    fonts = (renderer.fonts.regular, renderer.fonts.name("bold"))
    variants = []
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            paragraph = words(size)
            path = Path(folder) / f"long-{size}.md"
            path.write_text(
                f"---\nname: Long {size}\n---\n\n{paragraph}\n\n## Instructions\n\n- Go.\n",
                encoding="utf-8",
            )
            exercise = load_exercise(path)
            variants.append(
                Variant(f"reportlab {size:,}", partial(reportlab_paragraph, paragraph, fonts))
            )
            variants.append(Variant(f"handout {size:,}", partial(renderer.handout, exercise)))
        timings = compare(variants, rounds=rounds, repeat=1)
    print(report(timings, baseline="reportlab 2,000"))
    for size in SIZES:
        ours = timings[f"handout {size:,}"].median
        base = timings[f"reportlab {size:,}"].median
        print(
            f"{size:>7,} characters: handout {ours * 1000:8.1f} ms, {ours / base:5.2f}x reportlab"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
