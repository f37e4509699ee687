"""What other scripts cost: cutting fonts once, then each card, and that Latin pays nothing.

Prints:
- first use: CPU seconds to cut a static instance from each variable font into an empty
  cache (one run each: it is the once-per-machine cost), then the cached lookup (hash check
  and reportlab parsing the file) round-robin;
- cards in Arabic, Hebrew, Persian, Chinese, Japanese and Korean against the same exercise
  in English, rendered in this process (fonts warm);
- Latin-only cards with the script hook as it is against the hook switched off (the code
  path before right-to-left and CJK support): the ratio should be 1.00.

Usage: python bench/bench_scripts.py   (or: make bench). The first run on a machine cuts the
CJK fonts (15-35 s of CPU per weight); later runs read them from the cache.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from harness import Variant, compare, report

from generator.content.loader import load_exercise
from generator.layout import fonts as fonts_module
from generator.layout.fontcache import static_font
from generator.paths import builtin_content
from generator.pipeline import Renderer

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "scripts" / "exercises"


def first_use() -> None:
    """Cut each script font once into an empty cache; then time the cached lookups."""
    renderer = Renderer()
    scripts = renderer.fonts.scripts
    assert scripts is not None
    picks = [(key, fonts[-1]) for key, fonts in scripts.lists.items()]
    picks = [(k, f) for k, f in picks if k in ("arabic", "hebrew", "japanese")]
    print("first use (cut a static instance, one run, CPU seconds):")
    with tempfile.TemporaryDirectory() as folder:
        old = os.environ.get("COACHCARDS_CACHE")
        os.environ["COACHCARDS_CACHE"] = folder
        try:
            for key, font in picks:
                start = time.process_time()
                static_font(font.files["regular"], font.axes.get("regular", {}))
                print(
                    f"  {key:<10} {font.files['regular'].name:<34} "
                    f"{time.process_time() - start:7.2f} s"
                )
            variants = []
            for key, font in picks:

                def cached(font: Any = font) -> object:
                    from reportlab.pdfbase.ttfonts import TTFont

                    fontcache_digests.clear()  # a new process: the hash is taken again
                    path = static_font(font.files["regular"], font.axes.get("regular", {}))
                    return TTFont("bench", str(path))

                variants.append(Variant(f"cached {key}", cached))
            print(report(compare(variants, rounds=3, repeat=1), unit="ms"))
        finally:
            if old is None:
                os.environ.pop("COACHCARDS_CACHE", None)
            else:
                os.environ["COACHCARDS_CACHE"] = old


def card_of(renderer: Renderer, exercise: Any) -> Callable[[], object]:
    return lambda: renderer.card(exercise)


def cards() -> None:
    renderer = Renderer()
    english = load_exercise(builtin_content() / "exercises" / "barbell-full-squat.md")
    variants = [Variant("card en (baseline)", lambda: renderer.card(english))]
    for language in ("ar", "he", "fa", "zh", "ja", "ko"):
        exercise = load_exercise(FIXTURES / f"squat-{language}.md")
        variants.append(Variant(f"card {language}", card_of(renderer, exercise)))
    print("cards, fonts warm (CPU per card):")
    print(report(compare(variants, rounds=5, repeat=3), baseline="card en (baseline)"))


def latin_unchanged() -> None:
    renderer = Renderer()
    folder = builtin_content() / "exercises"
    exercises = [load_exercise(p) for p in sorted(folder.glob("*.md"))[:12]]
    real = fonts_module.FontSet.needs_shaping

    def with_hook() -> None:
        for exercise in exercises:
            renderer.card(exercise)

    def without_hook() -> None:
        fonts_module.FontSet.needs_shaping = lambda self, text: False  # type: ignore[method-assign]  # the hook off, as before
        try:
            for exercise in exercises:
                renderer.card(exercise)
        finally:
            fonts_module.FontSet.needs_shaping = real  # type: ignore[method-assign]  # the hook off, as before

    print("Latin-only cards, 12 of the library (CPU per 12 cards):")
    timings = compare(
        [Variant("hook off (before)", without_hook), Variant("hook on", with_hook)],
        rounds=5,
        repeat=1,
    )
    print(report(timings, baseline="hook off (before)"))
    heavy = sorted(m for m in ("uharfbuzz", "bidi", "fontTools") if m in sys.modules)
    print(f"modules a Latin-only run imported for scripts: {heavy or 'none'}")


if __name__ == "__main__":
    from generator.layout.fontcache import _digests as fontcache_digests

    latin_unchanged()
    first_use()
    cards()
