"""Two small flowables the themes need: a rule under a title, and a box around a region."""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Paragraph

from generator.layout import column


class Rule(Flowable):
    """A horizontal line as wide as the frame."""

    def __init__(self, color: str, thickness: float, space_after: float) -> None:
        super().__init__()
        self.color, self.thickness = color, thickness
        self.spaceAfter = space_after

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.thickness

    def draw(self) -> None:
        self.canv.setFillColor(HexColor(self.color))
        self.canv.rect(0, 0, self.width, self.thickness, stroke=0, fill=1)


class Box(Flowable):
    """Children stacked inside padding, on a tinted fill or beside a left rule.

    It splits between its children (or inside a child that can split), so a long region in a
    handout runs on to the next page instead of being dropped.
    """

    def __init__(
        self, children: list[Flowable], spec: dict[str, Any], em: float, color: Any
    ) -> None:
        super().__init__()
        self.children = children
        self.spec, self.em, self.color = spec, em, color
        self.padding = float(spec.get("padding", 0.5)) * em
        self.rule_width = float(spec.get("rule_width", 0.15)) * em if spec.get("rule") else 0.0
        self.spaceBefore = float(spec.get("space_before", 0)) * em
        self.spaceAfter = float(spec.get("space_after", 0)) * em
        self._placed: list[column.Placed] = []

    def _inset(self) -> tuple[float, float]:
        """Left and right insets of the children."""
        if self.spec.get("fill"):
            return self.padding, self.padding
        return self.rule_width + self.padding, 0.0

    def _vertical(self) -> float:
        return self.padding if self.spec.get("fill") else 0.2 * self.em

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        left, right = self._inset()
        self._placed = column.measure(self.children, available_width - left - right)
        self.width = available_width
        self.height = column.height(self._placed) + self._vertical() * 2
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """The children that fit here in one box, the rest in another; never fewer children."""
        left, right = self._inset()
        room = available_height - self._vertical() * 2
        head, tail = column.split(self.children, available_width - left - right, room)
        if not tail:
            return [self]
        if not head:
            return []  # nothing fits here: reportlab moves the whole box to the next frame
        return [self._copy(head), self._copy(tail)]

    def _copy(self, children: list[Flowable]) -> Box:
        return Box(children, self.spec, self.em, self.color)

    def draw(self) -> None:
        canvas = self.canv
        if self.spec.get("fill"):
            canvas.setFillColor(self.color(self.spec["fill"]))
            canvas.roundRect(0, 0, self.width, self.height, 0.25 * self.em, stroke=0, fill=1)
        elif self.spec.get("rule"):
            canvas.setFillColor(self.color(self.spec["rule"]))
            canvas.rect(0, 0, self.rule_width, self.height, stroke=0, fill=1)
        left, _ = self._inset()
        for at in self._placed:
            at.item.drawOn(canvas, left, self.height - self._vertical() - at.bottom)


class FieldLine(Flowable):
    """A labelled blank line to write on: "Seat height ______________"."""

    def __init__(self, label: Paragraph, color: Any, thickness: float, gap: float) -> None:
        super().__init__()
        self.label, self.color, self.thickness, self.gap = label, color, thickness, gap
        self.spaceBefore = label.getSpaceBefore()
        self.spaceAfter = label.getSpaceAfter()

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.label_width, self.label_height = self.label.wrap(
            available_width * 0.6, available_height
        )
        self.label_width = min(self.label_width, max(self.label.getActualLineWidths0()))
        self.width, self.height = available_width, self.label_height
        return self.width, self.height

    def draw(self) -> None:
        self.label.drawOn(self.canv, 0, 0)
        style = self.label.style
        baseline = self.label_height - style.leading + (style.leading - style.fontSize) / 2
        baseline = max(baseline, 0.0)
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(self.label_width + self.gap, baseline, self.width, baseline)
