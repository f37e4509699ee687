"""Two small flowables the themes need: a rule under a title, and a box around a region."""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable

from generator.layout import column
from generator.layout.paragraphs import line_count


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


def _is_paper(color: Any) -> bool:
    """A fill the colour of the paper (white) draws nothing."""
    return bool(color.red >= 0.999 and color.green >= 0.999 and color.blue >= 0.999)


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
        if spec.get("fill") and _is_paper(color(spec["fill"])):
            spec = {k: v for k, v in spec.items() if k not in ("fill", "padding")}
            spec["padding"] = 0.0  # a white tint is no tint: no padding kept for it either
            self.spec = spec
        self.padding = float(spec.get("padding", 0.5)) * em
        self.rule_width = float(spec.get("rule_width", 0.15)) * em if spec.get("rule") else 0.0
        self.spaceBefore = float(spec.get("space_before", 0)) * em
        self.spaceAfter = float(spec.get("space_after", 0)) * em
        self._placed: list[column.Placed] = []

    @property
    def rtl(self) -> bool:
        """Right-to-left content: the side rule goes on the right, where lines start."""
        return any(getattr(child, "rtl", False) for child in self.children)

    def _inset(self) -> tuple[float, float]:
        """Left and right insets of the children."""
        if self.spec.get("fill"):
            return self.padding, self.padding
        if self.rtl:
            return 0.0, self.rule_width + self.padding
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
            x = self.width - self.rule_width if self.rtl else 0.0
            canvas.rect(x, 0, self.rule_width, self.height, stroke=0, fill=1)
        left, _ = self._inset()
        for at in self._placed:
            at.item.drawOn(canvas, left, self.height - self._vertical() - at.bottom)


class FieldLines(Flowable):
    """Labelled blank lines to write on, every rule starting at one left edge.

    The label column is as wide as the widest label (at most 60% of the measure), so the rules
    line up like a form instead of starting wherever each label happens to end.
    """

    def __init__(self, labels: list[Any], color: Any, thickness: float, gap: float) -> None:
        super().__init__()
        self.labels, self.color, self.thickness, self.gap = labels, color, thickness, gap
        self.spaceBefore = labels[0].getSpaceBefore() if labels else 0.0
        self.spaceAfter = labels[-1].getSpaceAfter() if labels else 0.0

    def _between(self, index: int) -> float:
        return self.labels[index].getSpaceBefore() if index else 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.heights = [lb.wrap(available_width * 0.6, available_height)[1] for lb in self.labels]
        widths = [max(lb.getActualLineWidths0() or [0.0]) for lb in self.labels]
        self.column = max(widths, default=0.0)
        self.width = available_width
        gaps = [
            max(self.labels[i - 1].getSpaceAfter(), self._between(i))
            for i in range(1, len(self.labels))
        ]
        self.gaps = [0.0, *gaps]
        self.height = sum(self.heights) + sum(gaps)
        return self.width, self.height

    def draw(self) -> None:
        top = self.height
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.thickness)
        for label, height, gap in zip(self.labels, self.heights, self.gaps, strict=True):
            top -= gap + height
            rtl = getattr(label, "rtl", False)  # right to left: labels on the right
            label.drawOn(self.canv, self.width - label.width if rtl else 0, top)
            style = label.style
            baseline = top + height - style.leading + (style.leading - style.fontSize) / 2
            y = max(baseline, top)
            if rtl:
                self.canv.line(0, y, self.width - self.column - self.gap, y)
            else:
                self.canv.line(self.column + self.gap, y, self.width, y)


class Balanced(Flowable):
    """A paragraph whose lines are of even length: as narrow as it can be in as few lines.

    reportlab fills each line greedily, which leaves "Weighted One Leg Hip / Thrust"; the
    narrowest measure that keeps the same number of lines gives "Weighted One Leg / Hip Thrust".
    """

    def __init__(self, paragraph: Any) -> None:
        super().__init__()
        self.paragraph = paragraph
        self.spaceBefore = paragraph.getSpaceBefore()
        self.spaceAfter = paragraph.getSpaceAfter()
        self._wrapped: tuple[float, float] | None = None
        self._balanced: float | None = None  # the width the lines were balanced for
        self._lines = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """The height of reportlab's greedy lines: balancing keeps their number, so the fit
        step measures a title with one wrap, and the lines are balanced only to be drawn."""
        if self._wrapped and self._wrapped[0] == available_width:
            self.width = available_width
            return available_width, self._wrapped[1]
        _, height = self.paragraph.wrap(available_width, available_height)
        self.measure = available_width
        self.width = available_width
        self._wrapped = (available_width, height)
        self._balanced = None
        self._lines = len(self.paragraph.blPara.lines)
        return available_width, height

    def balance(self) -> None:
        """Wrap the paragraph at the narrowest measure that keeps the number of lines.

        The bisection counts lines on the paragraph's kept word widths (``line_count``): one
        real wrap, at the answer, instead of eleven."""
        if self._wrapped is None or self._balanced == self._wrapped[0]:
            return
        available_width, height = self._wrapped
        paragraph, lines = self.paragraph, self._lines
        measure = available_width
        if lines > 1:
            low, high = available_width / lines * 0.9, available_width
            for _ in range(10):
                middle = (low + high) / 2
                count = line_count(paragraph, middle)  # on the kept word widths: no wrap
                if count is None:
                    paragraph.wrap(middle, height)
                    count = len(paragraph.blPara.lines)
                if count > lines:
                    low = middle
                else:
                    high = middle
            measure = high
        paragraph.wrap(measure, height)
        self.measure = measure
        self._balanced = available_width

    def getActualLineWidths0(self) -> list[float]:
        self.balance()
        return list(self.paragraph.getActualLineWidths0())

    @property
    def style(self) -> Any:
        return self.paragraph.style

    def draw(self) -> None:
        self.balance()
        self.paragraph.drawOn(self.canv, 0, 0)
