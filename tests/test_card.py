"""Cue cards: one page at every size, everything inside the margins, nothing below the minimum."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from conftest import (
    MM,
    SEED_MD,
    assert_glyphs_inside,
    chars,
    page_texts,
    run,
    squash,
    write_exercise,
)

from generator.content.loader import load_exercise
from generator.layout.theme import load_theme

SIZES = ["a5", "a6", "a4", "letter", "4x6", "5x8"]
THEME = load_theme()


def _card(content: Path, out: Path, *args: object, slug: str = "weighted-one-leg-hip-thrust"):
    return run("card", slug, "--content", content, "-o", out, *args)


@pytest.mark.parametrize("landscape", [False, True])
@pytest.mark.parametrize("size", SIZES)
def test_seed_card_is_one_page_at_every_size(
    library: Path, tmp_path: Path, size: str, landscape: bool
) -> None:
    out = tmp_path / "card.pdf"
    result = _card(library, out, "--size", size, *(["--landscape"] if landscape else []))
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 1
    width_mm, height_mm = THEME.pages_mm[size]
    if landscape:
        width_mm, height_mm = height_mm, width_mm
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(width_mm * MM, abs=0.01)
    assert float(box.height) == pytest.approx(height_mm * MM, abs=0.01)

    exercise = load_exercise(SEED_MD)
    text = squash(page_texts(out)[0])
    assert squash(exercise.name.value) in text
    for step in exercise.items("instructions"):  # the seed has no Cues: the steps are the cues
        assert squash(step.value) in text

    margin = THEME.card.margin_pt(box.width, box.height)
    assert_glyphs_inside(out, margin=float(margin))
    minimum = THEME.card.body_pt[size]["min"]
    sizes = [c["size"] for _, c in chars(out)]
    assert min(sizes) >= minimum - 0.01
    title_size = max(c["size"] for _, c in chars(out) if c["text"] == "W")
    assert title_size >= max(sizes) - 0.01, "the exercise name is the largest type on the card"


CROWDED = """
---
name: Crowded Press
muscles:
  primary: [chest]
equipment: [barbell]
---

## Instructions

{steps}
"""


def test_a_card_that_cannot_fit_is_refused_with_what_to_cut(tmp_path: Path) -> None:
    steps = "\n".join(
        f"- Step {n}: " + "keep the bar path over the mid-foot " * 6 for n in range(40)
    )
    write_exercise(tmp_path, "crowded-press", CROWDED.format(steps=steps))
    out = tmp_path / "card.pdf"
    result = _card(tmp_path, out, slug="crowded-press")
    assert result.exit_code == 1
    path = tmp_path / "exercises" / "crowded-press.md"
    message = result.stderr.strip()
    assert message.startswith(f"{path}:8: crowded-press: the card does not fit on one A5 page ")
    assert "even at the 8 pt minimum: it is " in message
    assert "mm too tall (" in message and "% over)" in message
    assert "add a '## Cues' section with short cues" in message
    assert not out.exists()


def test_own_cues_and_mistakes_are_used_and_marked_differently(tmp_path: Path) -> None:
    write_exercise(
        tmp_path,
        "goblet-squat",
        """
        ---
        name: Goblet Squat
        muscles:
          primary: [quads, glutes]
          secondary: [core]
        equipment: [kettlebell]
        ---

        ## Instructions

        - Hold the bell at your chest and sit between your heels.

        ## Cues

        - Elbows inside knees
        - Chest proud

        ## Common Mistakes

        - Heels lifting off the floor
        """,
    )
    out = tmp_path / "card.pdf"
    assert _card(tmp_path, out, slug="goblet-squat").exit_code == 0
    text = page_texts(out)[0]
    for piece in [
        "Goblet Squat",
        "Targets quads, glutes",
        "also core",
        "Equipment kettlebell",
        "1Elbows inside knees",
        "2Chest proud",
        "AVOID",
        "×Heels lifting off the floor",
    ]:
        assert squash(piece) in squash(text), piece
    assert "sit between your heels" not in text, "the card shows the cues, not the steps"
    fonts = {c["fontname"] for _, c in chars(out) if c["text"] == "×"}
    assert all("Bold" in f for f in fonts)


def test_long_unbroken_words_stay_on_the_card(tmp_path: Path) -> None:
    word = "Hip" + "p" * 397
    write_exercise(
        tmp_path,
        "wordy",
        f"""
        ---
        name: {word}
        ---

        ## Instructions

        - {word}
        """,
    )
    out = tmp_path / "card.pdf"
    assert _card(tmp_path, out, slug="wordy").exit_code == 0
    assert len(pypdf.PdfReader(out).pages) == 1
    assert_glyphs_inside(out, margin=10 * MM)
