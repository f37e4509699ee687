"""The fit step's model of a card: every region's height at any body size, without building it.

The fit search (layout/fit.py) measures a card at about eight body sizes. Building every
region's flowables again and wrapping them at each size was most of a card's cost. Yet most of
what a card holds changes with the size in a way known in advance, so the regions are built
once, at one size, and modelled:

- a plain paragraph (one font: titles, cues, most lines) keeps its words; their widths at one
  point are read once, and its lines at any size are broken by ``paragraphs.greedy``, the
  function the real paragraph breaks its lines with, in sizes from ``StyleBook.numbers``, the
  numbers its style is made of;
- a paragraph of several styles ("**Targets** glutes") is made and wrapped at a size only when
  its number of lines is not known already: a larger size in a narrower measure never takes
  fewer lines, so two measurements that agree settle every size and measure between them;
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
from types import SimpleNamespace

from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus import Flowable
from reportlab.rl_config import _FUZZ  # narrower than this, a paragraph cannot be placed

from generator.layout import stack
from generator.layout.figures import DrawingGrid
from generator.layout.flow import StyleBook
from generator.layout.paragraphs import (
    Paragraph,
    _handleBulletWidth,
    _simple,
    _unit_width,
    _unit_widths_of,
    _words_of,
    greedy,
    parsed_paragraph,
    strip,
)
from generator.layout.place import Filler
from generator.layout.shapes import Balanced, Box, Rule
from generator.render.blocks import Block

Rebuild = Callable[[dict[str, list[Block]], StyleBook, dict[str, int]], dict[str, list[Flowable]]]


class _Model(Flowable):
    """A stand-in that place.py measures like the flowable it models; ``at`` sets the size."""

    wide_lines = 0

    def at(self, book: StyleBook) -> None:
        raise NotImplementedError

    def draw(self) -> None:  # pragma: no cover - a model is measured, never drawn
        raise AssertionError("a measuring model was drawn")


class _Text(_Model):
    """What both paragraph models share: the style's name, the markup, the sizes at ``at``."""

    def __init__(self, paragraph: Paragraph, key: tuple[str, str | None]) -> None:
        super().__init__()
        self.role, self.region = key
        self.markup, self.bullet = paragraph.markup, paragraph.bulletText
        self.book: StyleBook | None = None
        self.leading = self.size = 0.0
        # heights and overlong lines by (body size, width), for the whole search: the steps it
        # tries at one size place the same text at the same widths
        self.known: dict[tuple[float, float], tuple[float, int]] = {}

    def at(self, book: StyleBook) -> None:
        numbers = book.numbers(self.role, self.region)
        self.book, self.numbers, self.size = book, numbers, book.body_pt
        self.leading = numbers["leading"]
        self.spaceBefore, self.spaceAfter = numbers["spaceBefore"], numbers["spaceAfter"]

    def real(self, width: float, height: float) -> tuple[float, int, int]:
        """Height, lines and overlong lines of the real paragraph at this size and width."""
        assert self.book is not None and self.markup is not None
        style = self.book.paragraph(self.role, self.region)
        made = parsed_paragraph(self.markup, style, self.bullet)
        _, used = made.wrap(width, height)
        lines = len(getattr(made, "blPara").lines)  # noqa: B009  (set by wrap, unstubbed)
        self.line_width = max(made.getActualLineWidths0() or [0.0])
        return used, lines, stack.overflowing_lines([made])


class _Plain(_Text):
    """A paragraph in one font: its lines broken here, as the real one breaks them."""

    def __init__(self, paragraph: Paragraph, key: tuple[str, str | None]) -> None:
        super().__init__(paragraph, key)
        frag, style = paragraph.frags[0], paragraph.style
        _, self.units, self.space = _words_of(paragraph, strip(frag.text), frag.fontName)
        self.shrinkage, self.split_long = style.spaceShrinkage, style.splitLongWords
        self.style = SimpleNamespace(
            bulletFontName=style.bulletFontName,
            bulletIndent=style.bulletIndent,
            firstLineIndent=style.firstLineIndent,
            rightIndent=style.rightIndent,
            wordWrap=style.wordWrap,
            leftIndent=0.0,
            bulletFontSize=0.0,
        )
        # a string bullet in a TrueType font: its width at one point, as words keep theirs
        self.bullet_unit: float | None = None
        if isinstance(self.bullet, str) and style.wordWrap != "RTL":
            font = getFont(style.bulletFontName)
            if hasattr(font, "face"):
                kept = _unit_widths_of(style.bulletFontName)
                self.bullet_unit = _unit_width(self.bullet, style.bulletFontName, kept)

    def at(self, book: StyleBook) -> None:
        super().at(book)
        style = self.style
        style.leftIndent = self.numbers["leftIndent"]
        style.bulletFontSize = size = self.numbers["bulletFontSize"]
        if not self.bullet:
            self.bullet_room = 0.0
        elif self.bullet_unit is not None:  # reportlab's _handleBulletWidth, on kept widths
            length = style.bulletIndent + self.bullet_unit * size + 0.6 * size
            indent = style.leftIndent + style.firstLineIndent
            self.bullet_room = 0.0 - (length - indent) if length > indent else 0.0
        else:
            bullet = [0.0]  # what the bullet takes from the first line: reportlab's rule
            _handleBulletWidth(self.bullet, style, bullet)
            self.bullet_room = bullet[0]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if available_width < _FUZZ:
            return 0, 0x7FFFFFFF
        known = self.known.get((self.size, available_width))
        if known is not None:
            found, self.wide_lines = known
        else:
            style = self.style  # Paragraph.wrap's widths, then breakLines' bullet rule
            first = available_width - (style.leftIndent + style.firstLineIndent)
            widths = [first - style.rightIndent, available_width - style.leftIndent]
            widths[1] -= style.rightIndent
            widths[0] += self.bullet_room  # 0.0 - x added is exactly x subtracted
            size = self.numbers["fontSize"]
            broken = greedy(self.units, self.space, size, widths, self.shrinkage, self.split_long)
            if not self.units:
                found = 0.0
            elif broken is None:  # a word wider than the line: reportlab's own way
                found, _, self.wide_lines = self.real(available_width, available_height)
            else:
                found = len(broken[0]) * self.leading
            self.known[self.size, available_width] = found, self.wide_lines
        return available_width, found


class _Styled(_Text):
    """A paragraph of several styles, made for real only when its line count is not known.

    More size in less width never takes fewer lines, so a line count measured at a smaller size
    and a wider measure and the same count at a larger size and a narrower one settle every
    size and measure between them. A paragraph whose every style is one size, without a bullet
    or an indent, breaks the same at any size for the same width per point of type, so its
    measurements are compared by that ratio too: a card's search then wraps it about twice.
    """

    def __init__(self, paragraph: Paragraph, key: tuple[str, str | None]) -> None:
        super().__init__(paragraph, key)
        size = paragraph.style.fontSize
        self.by_ratio = not self.bullet and not paragraph.style.leftIndent
        self.by_ratio &= all(getattr(f, "fontSize", size) == size for f in paragraph.frags)
        self.seen: list[tuple[float, float, float, int]] = []  # size, width, ratio, lines
        self.one_line = 0.0  # the width per point of type its one line takes (0: not known)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        assert self.book is not None
        size, width = self.book.body_pt, available_width
        known = self.known.get((size, width))
        if known is not None:
            self.wide_lines = known[1]
            return width, known[0]
        ratio = width / self.numbers["fontSize"] if self.by_ratio else 0.0
        fewest = [n for s, w, r, n in self.seen if (s <= size and w >= width) or r >= ratio > 0]
        most = [n for s, w, r, n in self.seen if (s >= size and w <= width) or 0 < r <= ratio]
        if self.one_line and ratio > self.one_line * (1 + 1e-9):
            found, self.wide_lines = self.leading, 0  # its line fits in more room per point
        elif width >= _FUZZ and fewest and most and max(fewest) == min(most):
            found, self.wide_lines = max(fewest) * self.leading, 0
        else:
            found, lines, self.wide_lines = self.real(width, available_height)
            if width >= _FUZZ and not self.wide_lines:
                self.seen.append((size, width, ratio, lines))
                if lines == 1 and ratio:
                    needs = self.line_width / self.numbers["fontSize"]
                    self.one_line = min(self.one_line or needs, needs)
        self.known[size, width] = found, self.wide_lines
        return width, found


class _Boxed(_Model):
    """A tinted or ruled region: the real Box, at this size, around its children's models."""

    def __init__(self, box: Box, children: list[_Model]) -> None:
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


class _Scaled(_Model):
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


class _Filled(_Model, Filler):
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


def _model(item: Flowable, book: StyleBook) -> _Model | None:
    """The model of a flowable built with ``book``, or None if it has none."""
    if isinstance(item, Balanced):  # a balanced title has its greedy lines' height
        item = item.paragraph
    if isinstance(item, Paragraph):
        key = book.key_of(item.style)
        if key is None:
            return None
        if _simple(item) and item.frags[0].fontSize == item.style.fontSize:  # one run of text
            return _Plain(item, key)
        return _Styled(item, key) if item.markup is not None else None
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
        self.models: dict[str, list[_Model]] = {}
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
