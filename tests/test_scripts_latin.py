"""Latin-only documents pay nothing for other scripts: no fontTools, no harfbuzz, same answers.

The script checks run for every paragraph; their fast path (ranges of code points in pure
Python) must agree with fontTools' script tables everywhere it answers, and must keep a Latin
build from importing the libraries that right-to-left and CJK text need.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

from conftest import ROOT

from generator.layout import scripts

LATIN = """\
---
name: Farmer’s Carry — “Heavy” Walk
muscles:
  primary: [forearms, trapezius]
equipment: [dumbbell]
---

Walk 20–30 m × 3 sets… keep the shoulders “packed”; 90° elbows ‘never’ bent. Café au lait, naïve.

## Instructions

- Pick up the dumbbells — one in each hand.
- Walk tall • short steps • 2–3 min rest.

## Cues

- Crush the handles – “tall spine”.
"""


def test_a_latin_build_imports_neither_fonttools_nor_harfbuzz(tmp_path: Path) -> None:
    """Curly quotes, dashes, ×, ° and … are signs of Latin text: answered without fontTools."""
    exercise = tmp_path / "exercises" / "farmers-carry.md"
    exercise.parent.mkdir()
    exercise.write_text(LATIN, encoding="utf-8")
    code = textwrap.dedent(
        f"""
        import sys
        from generator.cli import app
        for command in ("card", "handout"):
            try:
                app([command, {str(exercise)!r}, "-o", {str(tmp_path)!r} + "/" + command + ".pdf"])
            except SystemExit as stop:
                assert not stop.code, stop.code
        loaded = {{m.split(".")[0] for m in sys.modules}}
        heavy = sorted(loaded & {{"fontTools", "uharfbuzz", "bidi"}})
        print("heavy:", heavy)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "card.pdf").is_file() and (tmp_path / "handout.pdf").is_file()
    assert "heavy: []" in result.stdout, result.stdout


def test_reportlab_alone_is_kept_from_harfbuzz() -> None:
    """Only reportlab's own optional import is refused: layout/shaping still gets uharfbuzz."""
    code = (
        "import generator.layout\n"
        "import reportlab.pdfbase.ttfonts as ttfonts\n"
        "import uharfbuzz\n"
        "print(ttfonts.uharfbuzz is None, hasattr(uharfbuzz, 'shape'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.split() == ["True", "True"]


def test_the_fast_ranges_agree_with_fonttools() -> None:
    """Every code point answered by the ranges is Latin, Greek, Cyrillic, common, inherited
    or unassigned by fontTools' own tables, and the first one past each range is not."""
    from fontTools import unicodedata as ftud

    simple = scripts.SIMPLE_SCRIPTS
    for low, high in scripts._SIMPLE_RANGES:
        for code in range(low, high + 1):
            char = chr(code)
            assert scripts.is_simple_code_point(code)
            assert ftud.script(char) in simple or unicodedata.category(char) == "Cn", hex(code)
    for outside in (0x2EA, 0x3E2, 0x530, 0x2800, 0x2C80, 0x3000, 0x05D0, 0x0627, 0xFB1D):
        assert not scripts.is_simple_code_point(outside), hex(outside)


def test_the_fast_path_gives_the_same_answers_as_the_tables() -> None:
    covered = frozenset(range(0x20, 0x250)) | frozenset(range(0x2000, 0x2070))
    assert not scripts.needs_shaping("Farmer’s carry — 20–30 m × 3…", covered, rtl=False)
    assert scripts.needs_shaping("plain text", covered, rtl=True)  # right to left: always
    assert scripts.needs_shaping("squat スクワット", covered, rtl=False)
    assert scripts.needs_shaping("arrow → not in the font", covered, rtl=False)
    assert scripts.needs_shaping("bar 杠铃", covered, rtl=False)
    assert scripts.unsupported_scripts("Farmer’s carry — “heavy” Ωμέγα Жим ①") == []
    assert scripts.unsupported_scripts("ⲁ Coptic, ⠃ Braille, ա Armenian") == [
        "Armenian",
        "Braille",
        "Coptic",
    ]
    assert scripts.unsupported_scripts("सूर्य नमस्कार") == ["Devanagari"]
