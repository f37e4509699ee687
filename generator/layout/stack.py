"""Measure and draw a column of flowables by hand, for pages that must not overflow.

Frame.addFromList silently leaves behind what does not fit; a card cannot afford that, so cards
stack their flowables here, after the fit step has measured that everything fits.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph

from generator.layout import column
from generator.layout.shapes import Balanced, Box


def flatten(items: list[Flowable]) -> list[Flowable]:
    out: list[Flowable] = []
    for item in items:
        if isinstance(item, KeepTogether):
            out.extend(flatten(list(item._content)))  # type: ignore[attr-defined]  # private, unstubbed
        else:
            out.append(item)
    return out


def height(items: list[Flowable], width: float) -> float:
    """Height of the column, spacing included, as :func:`draw` will lay it out."""
    return column.total(items, width)


def overflowing_lines(items: list[Flowable]) -> int:
    """Lines wider than their paragraph's measure (after wrap); should be none."""
    count = 0
    for item in items:
        if isinstance(item, Box):
            count += overflowing_lines(item.children)
        elif isinstance(item, Balanced):
            count += overflowing_lines([item.paragraph])
        elif hasattr(item, "wide_lines"):  # a flowable that measures itself (a QR label)
            count += int(item.wide_lines)
        elif isinstance(item, Paragraph) and getattr(item, "width", None):
            # reportlab reports each line as (wrap width - unused space), indents included,
            # so a line overflows exactly when it is wider than the wrap width
            count += sum(1 for w in item.getActualLineWidths0() if w > item.width + 0.5)
    return count


def draw(canvas: Canvas, items: list[Flowable], x: float, top: float, width: float) -> float:
    """Draw the column from ``top`` down; returns the y where it ended."""
    placed = column.measure(items, width)
    for at in placed:
        at.item.drawOn(canvas, x, top - at.bottom)
    return top - column.height(placed)
