"""Tagged PDF: the canvas and the flowables that tell a Tagger (layout/tagging.py) what they draw.

A :class:`TaggedCanvas` tells its tagger where pages end, marks a list item's text objects one
by one and writes the structure tree when saved. :func:`tag` gives any flowable its structure
element without changing what the layout sees of it. Without a tagger both draw exactly as
reportlab does (``--untagged``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from reportlab.pdfgen.canvas import Canvas

if TYPE_CHECKING:
    from generator.layout.tagging import Element, Tagger

F = TypeVar("F")


class TaggedCanvas(Canvas):
    """A canvas that tells its tagger where pages end and which text objects a list item has."""

    tagger: Tagger | None = None

    def showPage(self) -> None:
        if self.tagger is not None:
            self.tagger.close_page(self)
        super().showPage()

    def save(self) -> None:
        tagger = self.tagger
        if tagger is not None and tagger.write:
            from generator.layout import structure

            if self._code:  # type: ignore[attr-defined]  # reportlab's page buffer: the last page
                self.showPage()
            structure.write(self, tagger)
        super().save()

    def drawText(self, aTextObject: Any) -> None:
        tagger = self.tagger
        if tagger is None or tagger._item is None:  # not a list item's text
            super().drawText(aTextObject)
            return
        begun = tagger.begin_piece(self)  # text_piece, as plain calls: every item's text
        try:
            super().drawText(aTextObject)
        finally:
            if begun:
                tagger._end(self)


_tagged_classes: dict[type, type] = {}


def tag(flowable: F, element: Element) -> F:
    """Give a flowable its structure element; it stays an instance of its own class.

    The flowable's class is swapped for a subclass (made once per class) whose ``drawOn``
    marks the content and whose ``split`` hands the element to the pieces, so isinstance
    checks in the layout keep working and a paragraph split over pages stays one element.
    """
    cls = type(flowable)
    if cls not in _tagged_classes.values():
        if cls not in _tagged_classes:
            _tagged_classes[cls] = type(f"Tagged{cls.__name__}", (_TaggedMixin, cls), {})
        flowable.__class__ = _tagged_classes[cls]
    setattr(flowable, "element", element)  # noqa: B010  # any flowable class: not typed
    return flowable


class _TaggedMixin:
    element: Element

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        tagger = getattr(canvas, "tagger", None)
        if tagger is None:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]  # mixed into a Flowable
            return
        label = bool(getattr(self, "bulletText", None) or getattr(self, "bullet", None))
        rtl = getattr(self, "rtl", False)  # a shaped right-to-left paragraph: its logical text
        actual = getattr(self, "text", None) if rtl else None
        entered = tagger.enter(canvas, self.element, label, actual)
        try:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]  # mixed into a Flowable
        finally:
            tagger.leave(canvas, entered)

    def split(self, available_width: float, available_height: float) -> list[Any]:
        parts = super().split(available_width, available_height)  # type: ignore[misc]  # mixin
        for part in parts:
            if getattr(part, "element", None) is None:
                tag(part, self.element)
        return parts


__all__ = ["TaggedCanvas", "tag"]
