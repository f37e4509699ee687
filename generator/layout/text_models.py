"""The fit model of a paragraph: its height at any body size and width, as a real one wraps.

Part of the fit step's model of a card (layout/measuring.py, which says why there is one). A
plain paragraph keeps its words and breaks them with ``paragraphs.greedy``, the real
paragraph's own rule, at the sizes ``StyleBook.numbers`` gives; a paragraph of several styles
is one line whenever ``paragraphs.one_line_width`` says so, and otherwise is wrapped for real
only when earlier measurements do not settle its line count.
"""

from __future__ import annotations

from types import SimpleNamespace

from reportlab.platypus import Flowable
from reportlab.rl_config import _FUZZ  # narrower than this, a paragraph cannot be placed

from generator.layout import stack
from generator.layout.flow import StyleBook
from generator.layout.paragraphs import (
    Paragraph,
    _words_of,
    bullet_room,
    greedy,
    line_widths,
    one_line_width,
    parsed_paragraph,
    runs_of,
    strip,
)


class Model(Flowable):
    """A stand-in that place.py measures like the flowable it models; ``at`` sets the size."""

    wide_lines = 0

    def at(self, book: StyleBook) -> None:
        raise NotImplementedError

    def draw(self) -> None:  # pragma: no cover - a model is measured, never drawn
        raise AssertionError("a measuring model was drawn")


class TextModel(Model):
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


class PlainModel(TextModel):
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

    def at(self, book: StyleBook) -> None:
        super().at(book)
        style = self.style
        style.leftIndent = self.numbers["leftIndent"]
        style.bulletFontSize = self.numbers["bulletFontSize"]
        self.bullet_room = bullet_room(self.bullet, style)  # the real paragraph's own rule

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if available_width < _FUZZ:
            return 0, 0x7FFFFFFF
        known = self.known.get((self.size, available_width))
        if known is not None:
            found, self.wide_lines = known
        else:
            widths = line_widths(self.style, available_width)  # as the real paragraph's
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


class StyledModel(TextModel):
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
        # its words, to tell without wrapping when it is one line (most band lines always are)
        flat = not paragraph.style.firstLineIndent and not paragraph.style.rightIndent
        self.runs = runs_of(paragraph) if self.by_ratio and flat else None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        assert self.book is not None
        size, width = self.book.body_pt, available_width
        known = self.known.get((size, width))
        if known is not None:
            self.wide_lines = known[1]
            return width, known[0]
        runs = self.runs
        if (
            runs is not None
            and width >= _FUZZ
            and one_line_width(runs, self.numbers["fontSize"]) <= width
        ):
            self.wide_lines = 0  # one line, as reportlab's breakLines would find
            self.known[size, width] = self.leading, 0
            return width, self.leading
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
