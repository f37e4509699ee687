"""Hand-stacked columns: one spacing rule, and a box that splits without losing a child."""

from __future__ import annotations

from pathlib import Path

from conftest import assert_in_order, body_text, run
from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable

from generator.layout import column, stack
from generator.layout.shapes import Box


class Solid(Flowable):
    """A fixed-size flowable that cannot split, like a one-line item with no orphans allowed."""

    def __init__(self, name: str, height: float, before: float, after: float) -> None:
        super().__init__()
        self.name, self.fixed = name, height
        self.spaceBefore, self.spaceAfter = before, after

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, self.fixed

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []


def _box(children: list[Flowable]) -> Box:
    return Box(children, {"fill": "#eeeeee", "padding": 0.5}, 10.0, HexColor)


def test_a_box_split_keeps_every_child_that_cannot_split() -> None:
    children: list[Flowable] = [Solid(f"c{i}", 20, 4, 6) for i in range(12)]
    parts = _box(children).split(200, 130)
    assert len(parts) == 2
    head, tail = parts
    assert isinstance(head, Box) and isinstance(tail, Box)
    assert head.children + tail.children == children
    assert head.wrap(200, 130)[1] <= 130  # what stays here fits here


def test_a_box_whose_first_child_does_not_fit_goes_whole_to_the_next_frame() -> None:
    box = _box([Solid("big", 300, 0, 0), Solid("small", 10, 0, 0)])
    assert box.split(200, 100) == []


def test_the_gap_rule_is_the_same_in_a_box_and_a_stack() -> None:
    items: list[Flowable] = [Solid("a", 10, 3, 8), Solid("b", 10, 12, 2), Solid("c", 10, 1, 0)]
    expected = 10 + max(8, 12) + 10 + max(2, 1) + 10
    assert stack.height(items, 100) == expected
    assert column.height(column.measure(items, 100)) == expected
    box = _box(items)
    assert box.wrap(100, 1000)[1] == expected + 2 * box.padding


def test_a_long_common_mistakes_list_keeps_every_item_across_pages(tmp_path: Path) -> None:
    items = [f"Mistake number {n} stays" for n in range(1, 61)]
    body = "\n".join(f"- {item}" for item in items)
    text = (
        "---\nname: Many Mistakes\nmuscles: {primary: [quadriceps]}\n---\n\n"
        f"## Instructions\n\n- Stand tall.\n\n## Common Mistakes\n\n{body}\n"
    )
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "many-mistakes.md").write_text(text, encoding="utf-8")
    out = tmp_path / "h.pdf"
    for size in ("a5", "a6", "letter"):
        result = run("handout", "many-mistakes", "--content", tmp_path, "--size", size, "-o", out)
        assert result.exit_code == 0, result.output
        text = body_text(out, "Many Mistakes")
        assert_in_order(["Stand tall.", *items], text)
        assert all(text.count(f"number {n} stays") == 1 for n in range(1, 61))
