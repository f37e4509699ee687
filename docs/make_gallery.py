"""Render the README's pictures from real output: `make gallery` (needs the dev extras)."""

from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2

from generator.content.loader import load_exercise
from generator.paths import builtin_content
from generator.pipeline import Options, Renderer

IMAGES = Path(__file__).resolve().parent / "images"
SHOTS = [
    # (exercise slug, kind, page size, page index, image name)
    ("pull-ups", "card", "a5", 0, "card-drawings-a5.png"),
    ("weighted-one-leg-hip-thrust", "card", "a5", 0, "card-a5.png"),
    ("weighted-one-leg-hip-thrust", "card", "a6", 0, "card-a6.png"),
    ("weighted-one-leg-hip-thrust", "handout", "letter", 0, "handout-page1.png"),
]


def main() -> int:
    IMAGES.mkdir(exist_ok=True)
    exercises = builtin_content() / "exercises"
    for slug, kind, size, index, name in SHOTS:
        path = exercises / f"{slug}.md"
        if not path.exists():
            print(f"skipped {name}: no {path}")
            continue
        renderer = Renderer(Options(card_size=size, handout_size=size))
        exercise = load_exercise(path)
        data = renderer.card(exercise) if kind == "card" else renderer.handout(exercise)
        page = pypdfium2.PdfDocument(data)[index]
        scale = 900 / page.get_width() if kind == "handout" else 600 / page.get_width()
        page.render(scale=scale).to_pil().convert("L" if "--grey" in sys.argv else "RGB").save(
            IMAGES / name, optimize=True
        )
        print(f"wrote {IMAGES / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
