"""What other scripts cost: cutting fonts once, then each card, and that Latin pays nothing.

Prints:
- first use: CPU seconds to cut a static instance from each variable font into an empty
  cache (one run each: it is the once-per-machine cost), then the cached lookup (hash check
  and reportlab parsing the file) round-robin;
- cards in Arabic, Hebrew, Persian, Chinese, Japanese and Korean against the same exercise
  in English, rendered in this process (fonts warm);
- Latin-only cards as they are against the same cards with the script machinery bypassed (the
  code path before right-to-left and CJK support): the ratio should be 1.00, and the run
  imports neither fontTools nor uharfbuzz;
- one Latin card in a fresh process, against the same with uharfbuzz and fontTools imported
  (what a Latin run paid before it was kept away from them).

Usage: python bench/bench_scripts.py   (or: make bench). A CJK font is cut to each document's
characters (about a second per weight); whole, it would take 15-35 s of CPU per weight.
"""

from __future__ import annotations

import contextlib
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from harness import Timing, Variant, compare, report

from generator import checkpoint as checkpoint_module
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
    # a CJK font is cut to the characters of the document (here the Japanese fixture's)
    text = (FIXTURES / "squat-ja.md").read_text(encoding="utf-8")
    chars = {key: (frozenset(map(ord, text)) & f.covered if f.large else None) for key, f in picks}
    print(
        "first use (cut a static instance, one run, CPU seconds; CJK: one document's characters):"
    )
    with tempfile.TemporaryDirectory() as folder:
        old = os.environ.get("COACHCARDS_CACHE")
        os.environ["COACHCARDS_CACHE"] = folder
        try:
            for key, font in picks:
                start = time.process_time()
                static_font(font.files["regular"], font.axes.get("regular", {}), chars[key])
                print(
                    f"  {key:<10} {font.files['regular'].name:<34} "
                    f"{time.process_time() - start:7.2f} s"
                )
            variants = []
            for key, font in picks:

                def cached(font: Any = font, wanted: Any = chars[key]) -> object:
                    from reportlab.pdfbase.ttfonts import TTFont

                    fontcache_digests.clear()  # a new process: the hash is taken again
                    path = static_font(font.files["regular"], font.axes.get("regular", {}), wanted)
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


def library() -> list[Any]:
    folder = builtin_content() / "exercises"
    return [load_exercise(p) for p in sorted(folder.glob("*.md"))]


def english_squat(exercises: list[Any]) -> Any:
    """The library's plainest barbell squat (the fixtures translate a back squat), chosen by
    what the exercise is, not by a file name that the library may rename."""

    def is_barbell_squat(exercise: Any) -> bool:
        name = str(exercise.name).lower()
        gear = " ".join(str(g).lower() for g in exercise.equipment)
        return "squat" in name and "barbell" in f"{name} {gear}"

    squats = [e for e in exercises if is_barbell_squat(e)] or exercises
    return min(squats, key=lambda e: (len(str(e.name)), e.slug))


def cards() -> None:
    renderer = Renderer()
    english = english_squat(library())
    variants = [Variant(f"card en ({english.slug})", lambda: renderer.card(english))]
    for language in ("ar", "he", "fa", "zh", "ja", "ko"):
        exercise = load_exercise(FIXTURES / f"squat-{language}.md")
        variants.append(Variant(f"card {language}", card_of(renderer, exercise)))
    print("cards, fonts warm (CPU per card):")
    print(report(compare(variants, rounds=5, repeat=3), baseline=variants[0].name))


@contextlib.contextmanager
def scripts_bypassed() -> Iterator[None]:
    """The code path before right-to-left and CJK support: no paragraph asks whether it needs
    shaping, the checkpoint looks for no unsupported script, no document collects its
    characters for fonts cut per document."""
    patches: dict[tuple[object, str], object] = {
        (fonts_module.FontSet, "needs_shaping"): lambda self, text: False,
        (checkpoint_module, "unshaped_scripts"): lambda text: [],
        (fonts_module.FontSet, "for_document"): lambda self, language, blocks: self.for_language(
            language
        ),
    }
    saved = {key: getattr(*key) for key in patches}
    for (owner, name), value in patches.items():
        setattr(owner, name, value)
    try:
        yield
    finally:
        for (owner, name), value in saved.items():
            setattr(owner, name, value)


def latin_unchanged() -> None:
    """The same 12 Latin cards with the script machinery bypassed and as it is, round-robin."""
    renderer = Renderer()
    exercises = [e for e in library() if e.language == "en"][:12]

    def today() -> None:
        for exercise in exercises:
            renderer.card(exercise)

    def bypassed() -> None:
        with scripts_bypassed():
            today()

    print("Latin-only cards, 12 of the library (CPU per 12 cards):")
    timings = compare(
        [Variant("scripts bypassed (before)", bypassed), Variant("today", today)],
        rounds=7,
        repeat=1,
    )
    print(report(timings, baseline="scripts bypassed (before)"))
    heavy = sorted(m for m in ("uharfbuzz", "bidi", "fontTools") if m in sys.modules)
    print(f"modules a Latin-only run imported for scripts: {heavy or 'none'}")


ONE_CARD = (
    "import sys\n"
    "{preload}"
    "from generator.content.loader import load_exercise\n"
    "from generator.pipeline import Renderer\n"
    "from pathlib import Path\n"
    "Renderer().card(load_exercise(Path(sys.argv[1])))\n"
)


def latin_process() -> None:
    """One Latin card in a fresh process, as ``coachcards card`` makes it: today against the
    same work that also imports uharfbuzz and fontTools' script tables, as main did before
    Latin text was kept away from them. Child CPU time, round-robin."""
    exercise = str(english_squat(library()).path)
    variants = {
        "fresh process, today": ONE_CARD.format(preload=""),
        "... + harfbuzz, fontTools": ONE_CARD.format(
            preload="import uharfbuzz, fontTools.unicodedata\n"
        ),
    }
    timings = {name: Timing(name) for name in variants}
    for round_index in range(7):
        names = list(variants) if round_index % 2 == 0 else list(reversed(variants))
        for name in names:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([sys.executable, "-c", variants[name], exercise], check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            timings[name].rounds.append(cpu)
    print("one Latin card in a fresh process (child CPU per process):")
    print(report(timings, baseline="fresh process, today"))


if __name__ == "__main__":
    from generator.layout.fontcache import _digests as fontcache_digests

    latin_unchanged()
    latin_process()
    first_use()
    cards()
