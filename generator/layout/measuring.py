"""The fit step's model of a card: every region's height at any body size, without building it.

The fit search (layout/fit.py) measures a card at about eight body sizes. Building every
region's flowables again and wrapping them at each size was most of a card's cost. Yet most of
what a card holds changes with the size in a way known in advance, so the regions are built
once, at one size, and modelled:

- a plain paragraph (one font: titles, cues, most lines) keeps its words; their widths at one
  point are read once, and its lines at any size are broken by ``paragraphs.greedy``, the
  function the real paragraph breaks its lines with, in sizes from ``StyleBook.numbers``, the
  numbers its style is made of;
- a paragraph of several styles ("**Targets** glutes") is one line wherever its one line's
  width (``paragraphs.one_line_width``, reportlab's sums) fits the measure, and is otherwise
  made and wrapped at a size only when its number of lines is not known already: a larger
  size in a narrower measure never takes fewer lines, so two measurements that agree settle
  every size and measure between them (the paragraph models are in layout/text_models.py);
- a tinted or ruled box is the real ``Box`` around the models of its children; a title rule
  and the drawings' spacing grow in proportion to the size.

Heights are remembered by body size and width for the whole search: the steps it tries at one
size (smaller drawings, a smaller QR code) place most text at the same widths again.

A region holding anything else (a QR code, write-in fields, a logo, text shaped for its script)
is built for real at each size, as before. The placement is the real one (place.arrange). The
search runs on the model; the size it finds is then laid out for real, once, and that is what
is drawn. If the real layout does not fit where the model said it would, card.py searches
again with real layouts: a model error can cost time, never a card.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable

from generator.layout.figures import DrawingGrid
from generator.layout.flow import StyleBook
from generator.layout.paragraphs import Paragraph, _simple
from generator.layout.place import Filler
from generator.layout.shapes import Balanced, Box, Rule
from generator.layout.text_models import Model, PlainModel, StyledModel
from generator.render.blocks import Block

Rebuild = Callable[[dict[str, list[Block]], StyleBook, dict[str, int]], dict[str, list[Flowable]]]


class _Boxed(Model):
    """A tinted or ruled region: the real Box, at this size, around its children's models."""

    def __init__(self, box: Box, children: list[Model]) -> None:
        super().__init__()
        self.children, self.spec, self.color = children, box.spec, box.color
        self.box = box
        self.known: dict[tuple[float, float], tuple[float, int]] = {}
        self.boxes: dict[float, Box] = {}  # by body size

    def at(self, book: StyleBook) -> None:
        for child in self.children:
            child.at(book)
        size = book.body_pt
        found = self.boxes.get(size)
        if found is None:
            found = self.boxes[size] = Box(list(self.children), self.spec, size, self.color)
        self.box = found
        self.spaceBefore, self.spaceAfter = self.box.spaceBefore, self.box.spaceAfter

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        key = (self.box.em, available_width)
        if key not in self.known:
            height = self.box.wrap(available_width, available_height)[1]
            self.known[key] = height, sum(child.wide_lines for child in self.children)
        height, self.wide_lines = self.known[key]
        return available_width, height


class _Scaled(Model):
    """A flowable of a fixed height in em (a title rule): it grows in proportion."""

    def __init__(self, item: Flowable, size: float) -> None:
        super().__init__()
        self.size = size
        self.height0 = item.wrap(1e6, 1e6)[1]
        self.before0, self.after0 = item.getSpaceBefore(), item.getSpaceAfter()

    def at(self, book: StyleBook) -> None:
        scale = book.body_pt / self.size
        self.used = self.height0 * scale
        self.spaceBefore, self.spaceAfter = self.before0 * scale, self.after0 * scale

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, self.used


class _Filled(Model, Filler):
    """The drawings: they fill the box place.py gives them; their spacing is in em."""

    def __init__(self, item: DrawingGrid, size: float) -> None:
        super().__init__()
        self.size = size
        self.before0, self.after0 = item.getSpaceBefore(), item.getSpaceAfter()

    def at(self, book: StyleBook) -> None:
        scale = book.body_pt / self.size
        self.spaceBefore, self.spaceAfter = self.before0 * scale, self.after0 * scale
        self.box_height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, self.box_height


def _model(item: Flowable, book: StyleBook) -> Model | None:
    """The model of a flowable built with ``book``, or None if it has none."""
    if isinstance(item, Balanced):  # a balanced title has its greedy lines' height
        item = item.paragraph
    if isinstance(item, Paragraph):
        key = book.key_of(item.style)
        if key is None:
            return None
        if _simple(item) and item.frags[0].fontSize == item.style.fontSize:  # one run of text
            return PlainModel(item, key)
        return StyledModel(item, key) if item.markup is not None else None
    if isinstance(item, Box):
        children = [_model(child, book) for child in item.children]
        models = [child for child in children if child is not None]
        return _Boxed(item, models) if len(models) == len(children) else None
    if isinstance(item, Rule):
        return _Scaled(item, book.body_pt)
    if isinstance(item, DrawingGrid):
        return _Filled(item, book.body_pt)
    return None


class CardModel:
    """A card's regions, modelled from their flowables at one size (``book``'s).

    ``rebuild`` builds regions for real at another size (card_parts.region_flowables): for the
    regions that have no model, at every size measured.
    """

    def __init__(
        self,
        built: dict[str, list[Flowable]],
        blocks: dict[str, list[Block]],
        book: StyleBook,
        rebuild: Rebuild,
    ) -> None:
        self.models: dict[str, list[Model]] = {}
        self.rebuilt: dict[str, list[Block]] = {}
        self.rebuild = rebuild
        for name, items in built.items():
            models = [_model(item, book) for item in items]
            if all(model is not None for model in models):
                self.models[name] = [model for model in models if model is not None]
            else:
                self.rebuilt[name] = blocks[name]

    def contents(self, book: StyleBook, steps: dict[str, int]) -> dict[str, list[Flowable]]:
        """Every region's stand-ins (or real flowables) at ``book``'s size."""
        out: dict[str, list[Flowable]] = {}
        for name, models in self.models.items():
            for model in models:
                model.at(book)
            out[name] = list(models)
        if self.rebuilt:
            out.update(self.rebuild(self.rebuilt, book, steps))
        return out
