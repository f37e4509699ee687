"""The cycle collector waits while a document is made, and only then (generator/collector.py)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest
from conftest import ROOT

from generator import collector
from generator.content.loader import load_exercise
from generator.pipeline import Renderer


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_a_card_is_made_with_the_collector_waiting_and_leaves_it_running(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator.layout import card

    seen: list[bool] = []
    draw = card.draw_card

    def drawing(*args: object) -> None:
        seen.append(gc.isenabled())
        draw(*args)  # type: ignore[arg-type]  # card.draw_card's own arguments, passed on

    monkeypatch.setattr(card, "draw_card", drawing)
    exercise = load_exercise(ROOT / "content" / "exercises" / "barbell-squat.md")
    assert Renderer().card(exercise).startswith(b"%PDF")
    assert seen == [False]
    assert gc.isenabled()


def test_a_refused_card_leaves_the_collector_running() -> None:
    from generator.errors import CoachcardsError
    from generator.pipeline import Options

    exercise = load_exercise(ROOT / "content" / "exercises" / "incline-flys-twist.md")
    with pytest.raises(CoachcardsError):  # a wall card without cues is refused
        Renderer(Options(profile="wall", card_size="a4")).card(exercise)
    assert gc.isenabled()


def test_nested_and_concurrent_documents_pause_it_once() -> None:
    with collector.paused():
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer document is still being made
    assert gc.isenabled()
    inside = threading.Barrier(2)
    done = threading.Event()
    states: list[bool] = []

    def other() -> None:
        with collector.paused():
            inside.wait()
            done.wait()
        states.append(gc.isenabled())

    thread = threading.Thread(target=other)
    thread.start()
    with collector.paused():
        inside.wait()
    states.append(gc.isenabled())  # the other thread's document is not made yet
    done.set()
    thread.join()
    assert states == [False, True]


def test_a_collector_the_host_switched_off_stays_off() -> None:
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()
