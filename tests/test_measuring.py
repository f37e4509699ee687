"""The fit step's model of a card (layout/measuring.py) measures what the real layout measures.

The fit search runs on the model and lays only its answer out for real, so the model must agree
with real layouts at every size, step and layout; where it does not, the card must still come
out right (card.py then searches with real layouts).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, write_exercise

from generator.content.loader import exercise_files, load_exercise
from generator.errors import CoachcardsError
from generator.layout import card
from generator.pipeline import Options, Renderer

CONFIGS: list[dict[str, Any]] = [
    {},
    {"card_size": "a6"},
    {"card_size": "a4", "landscape": True},
    {"profile": "wall", "card_size": "a4"},
    {"card_size": "4x6", "landscape": True},
    {"card_size": "letter"},
]
VIDEO = "https://www.youtube.com/watch?v=eGo4IYlbE5g"
IMAGES = "images: [../../content/images/everkinetic/0087-relaxation.svg]"


def _library(step: int) -> list[Any]:
    files, _ = exercise_files([ROOT / "content"])
    return [load_exercise(path) for path in files[::step]]


def _odd_ones(folder: Path) -> list[Any]:
    """A video (its QR region is built for real at each size), Arabic (shaped text), a
    word wider than a pocket card's line, and markup-like text."""
    texts = {
        "video": f"name: Pull Ups\nvideo: {VIDEO}\n",
        "arabic": "name: تمرين الضغط\nlanguage: ar\n",
        "long-word": "name: Supercalifragilisticexpialidocious Hip Thrust Variation\n",
        "markup": "name: Push & <b>Press</b> {{ x }}\n",
    }
    found = []
    for slug, head in texts.items():
        body = "## Instructions\n\n- Lie back on the bench & brace.\n- Push up <slowly>.\n\n"
        body += "## Cues\n\n- Drive through the heel & squeeze\n- Ribs down, <chin> tucked\n"
        body += "- Pause for two seconds at the top\n"
        path = write_exercise(folder, slug, f"---\n{head}---\n\n{body}")
        found.append(load_exercise(path))
    return found


@pytest.fixture
def fittings(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[card.Fitting]]:
    """Every card fit set up while the test runs."""
    made: list[card.Fitting] = []
    original = card.Fitting.__init__

    def record(self: card.Fitting, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(card.Fitting, "__init__", record)
    yield made


def _agree(fitting: card.Fitting) -> int:
    """Compare the model with the real layout at sizes across the range and every step."""
    compared = 0
    span = fitting.high - fitting.low
    for steps in fitting.ladder:
        for share in (0.0, 0.3, 0.55, 0.8, 1.0):
            size = fitting.low + round(span * share * 4) / 4
            real = fitting.real(steps)(size)
            estimate = fitting.modelled(steps)(size)
            where = f"{fitting.layout.name} at {size} pt, steps {steps}"
            assert estimate.fits == real.fits, where
            assert estimate.overflow == pytest.approx(real.overflow, abs=1e-6), where
            assert estimate.slack == pytest.approx(real.slack, abs=1e-6), where
            assert estimate.wide_lines == real.wide_lines, where
            compared += 1
    return compared


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: "-".join(map(str, c.values())) or "a5")
def test_the_model_measures_what_the_real_layout_measures(
    config: dict[str, Any], fittings: list[card.Fitting], tmp_path: Path
) -> None:
    renderer = Renderer(Options(**config))
    compared, fitted, exercises = 0, 0, [*_library(23), *_odd_ones(tmp_path)]
    for exercise in exercises:
        fittings.clear()
        with contextlib.suppress(CoachcardsError):  # a refused card is measured all the same
            renderer.card_layout(exercise)
        for fitting in fittings:
            compared, fitted = compared + _agree(fitting), fitted + 1
    assert fitted >= len(exercises) // 2 and compared >= 5 * fitted  # a wall card needs cues


def test_regions_without_a_model_are_built_for_real(
    fittings: list[card.Fitting], tmp_path: Path
) -> None:
    renderer = Renderer(Options())
    for exercise in _odd_ones(tmp_path)[:2]:
        renderer.card_layout(exercise)
    video, arabic = fittings[0], fittings[-1]
    assert "qr" in video.model.rebuilt and {"title", "cues"} <= set(video.model.models)
    assert arabic.model.rebuilt  # shaped right-to-left text is measured by its own code


def test_a_card_is_laid_out_for_real_once(monkeypatch: pytest.MonkeyPatch) -> None:
    real = card.Fitting.real
    count = [0]

    def counted(self: card.Fitting, steps: dict[str, int]) -> Any:
        measure = real(self, steps)

        def measured(size: float) -> card.CardLayout:
            count[0] += 1
            return measure(size)

        return measured

    monkeypatch.setattr(card.Fitting, "real", counted)
    renderer = Renderer(Options())
    exercises = [e for e in _library(5) if len(e.image_paths) == 2][:10]
    for exercise in exercises:
        renderer.card_layout(exercise)
    assert count[0] == len(exercises)


def test_a_model_that_errs_costs_time_never_the_card(monkeypatch: pytest.MonkeyPatch) -> None:
    renderer = Renderer(Options())
    exercises = [e for e in _library(11) if len(e.image_paths) == 2][:4]
    right = [renderer.card_layout(e) for e in exercises]

    def always_fits(self: card.Fitting, steps: dict[str, int]) -> Any:
        return lambda size: card.Estimate(size, 0.0, 0, 1.0)  # a model that is always wrong

    monkeypatch.setattr(card.Fitting, "modelled", always_fits)
    for exercise, expected in zip(exercises, right, strict=True):
        got = renderer.card_layout(exercise)
        assert got.fits and got.size == expected.size
        assert [p.height for p in got.placed] == [p.height for p in expected.placed]
