"""A cue card: exactly one page, type as large as fits, never below the profile's minimum.

The theme's layout (regions.py) says where each region goes; this module sorts the template's
blocks into regions, builds each region's flowables at a candidate body size, lets place.py
arrange them, and searches for the largest size at which nothing overflows.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from generator.errors import CoachcardsError, Problem
from generator.layout import stack
from generator.layout.card_parts import region_flowables, sort_blocks
from generator.layout.fit import STEP_PT, largest_fit
from generator.layout.flow import NO_ALT_TEXTS, AltTexts, StyleBook
from generator.layout.fonts import FontSet
from generator.layout.info import DocInfo
from generator.layout.measuring import CardModel
from generator.layout.pages import Page
from generator.layout.place import Arrangement, Placed, arrange, draw_region
from generator.layout.regions import Layout
from generator.layout.theme import MM, Theme
from generator.render.blocks import Block, Region

# Among the layout's give-way steps, take the most generous one whose text is at most this share
# smaller than the best the card can do: on a large card, drawings a third of the page tall
# teach more than cues at 26 pt instead of 22.
TEXT_TRADE = 0.15


class CardTooFull(CoachcardsError):
    """The content does not fit one page at the minimum size; carries the numbers for advice."""

    def __init__(
        self, source: str, page: Page, min_pt: float, over_pt: float, needed_pt: float
    ) -> None:
        self.page, self.min_pt = page, min_pt
        self.over_pt, self.needed_pt = over_pt, needed_pt
        over_mm = over_pt / MM
        percent = 100 * over_pt / max(needed_pt - over_pt, 1)
        message = (
            f"the card does not fit {page.where} even at the {min_pt:g} pt minimum: "
            f"it is {over_mm:.0f} mm too tall ({percent:.0f}% over)"
        )
        super().__init__([Problem(source, None, message)])

    @property
    def over_fraction(self) -> float:
        return self.over_pt / self.needed_pt


@dataclass
class CardLayout:
    size: float
    placed: list[Placed]
    overflow: float
    wide_lines: int
    book: StyleBook = field(repr=False)
    page: Page = field(repr=False)
    margin: float = 0.0
    layout: str = ""
    slack: float = 0.0  # room left on the page (guides the fit search, layout/fit.py)

    @property
    def fits(self) -> bool:
        return fits_page(self.overflow, self.wide_lines)

    @property
    def items(self) -> list[Flowable]:
        return [item for placed in self.placed for item in placed.items]


def card_layout_for(theme: Theme, page: Page) -> Layout:
    return theme.card_layout(page.name, page.landscape)


def fit_card(
    blocks: list[Block],
    page: Page,
    theme: Theme,
    fonts: FontSet,
    source: str,
    images: tuple[Path, ...] = (),
    alt: AltTexts = NO_ALT_TEXTS,
    at_most: float | None = None,
    compact: bool = False,
) -> CardLayout:
    """The largest type that fits one page (no larger than ``at_most``, for a set of cards).

    ``compact`` stops at the largest size the card takes with every region at its most compact
    step: the size a set of cards is measured by. A card of a set (``at_most``) then keeps
    exactly the set's size and takes the most generous steps (largest drawings) that fit at it.

    Regions named ``optional`` (and ``qa``) may be left out, last first, when everything does not
    fit; a ``more`` region is shown only then, to say where the rest is.
    """
    dropped = False
    while True:
        shown = [b for b in blocks if dropped or not (isinstance(b, Region) and b.name == "more")]
        try:
            return _fit(shown, page, theme, fonts, source, images, alt, at_most, compact)
        except CardTooFull:
            droppable = [
                i
                for i, b in enumerate(blocks)
                if isinstance(b, Region) and b.name in ("qa", "optional")
            ]
            if not droppable:
                raise
            blocks = blocks[: droppable[-1]] + blocks[droppable[-1] + 1 :]
            dropped = True


class Fitting:
    """One card's fit, set up: its range of sizes, its box, its layout's steps, and two ways to
    measure it at a size: for real (``real``) or on the model of its regions (``modelled``)."""

    def __init__(
        self,
        blocks: list[Block],
        page: Page,
        theme: Theme,
        fonts: FontSet,
        images: tuple[Path, ...],
        alt: AltTexts,
        at_most: float | None,
    ) -> None:
        self.page, self.theme, self.fonts, self.images, self.alt = page, theme, fonts, images, alt
        doc = theme.card
        limits = doc.body_pt.get(page.name) or doc.body_pt["a5"]
        self.low, self.high = float(limits["min"]), float(limits["max"])
        if at_most is not None:
            self.high = max(self.low, min(self.high, at_most))
        self.margin = margin = doc.margin_pt(page.width, page.height)
        self.box = (margin, page.height - margin, page.width - 2 * margin, page.height - 2 * margin)
        self.room = page.height - 2 * margin
        self.layout = card_layout_for(theme, page)
        self.regions = sort_blocks(blocks, self.layout)
        shown = {name for name in self.regions if name != "drawings" or images}
        self.ladder = self.layout.ladder(shown)
        self.ratios: dict[tuple[str, str | None], tuple[float, ...]] = {}  # shared by its books
        book = self.book(self.high)
        self.model = CardModel(
            self.rebuild(self.regions, book, self.ladder[-1]), self.regions, book, self.rebuild
        )

    def book(self, size: float) -> StyleBook:
        return StyleBook(
            self.theme.card, self.theme, self.fonts, size, min_pt=self.low, ratios=self.ratios
        )

    def rebuild(
        self, blocks: dict[str, list[Block]], book: StyleBook, steps: dict[str, int]
    ) -> dict[str, list[Flowable]]:
        """Regions' real flowables at the book's size."""
        return region_flowables(blocks, self.layout, book, self.images, steps, self.alt)

    def arranged(
        self, contents: dict[str, list[Flowable]], size: float, steps: dict[str, int]
    ) -> tuple[Arrangement, int]:
        """The regions placed on the card, and how many lines run wider than their measure."""
        done = arrange(self.layout.root, contents, self.box, size, steps, self.fonts.rtl)
        return done, stack.overflowing_lines([i for p in done.placed for i in p.items])

    def real(self, steps: dict[str, int]) -> Callable[[float], CardLayout]:
        def measure(size: float) -> CardLayout:
            book = self.book(size)
            done, wide = self.arranged(self.rebuild(self.regions, book, steps), size, steps)
            return CardLayout(
                size,
                done.placed,
                done.overflow,
                wide,
                book,
                self.page,
                self.margin,
                self.layout.name,
                done.slack,
            )

        return measure

    def modelled(self, steps: dict[str, int]) -> Callable[[float], Estimate]:
        def measure(size: float) -> Estimate:
            contents = self.model.contents(self.book(size), steps)
            done, wide = self.arranged(contents, size, steps)
            return Estimate(size, done.overflow, wide, done.slack)

        return measure


def _fit(
    blocks: list[Block],
    page: Page,
    theme: Theme,
    fonts: FontSet,
    source: str,
    images: tuple[Path, ...],
    alt: AltTexts,
    at_most: float | None,
    compact: bool = False,
) -> CardLayout:
    card = Fitting(blocks, page, theme, fonts, images, alt, at_most)
    low, high, ladder, room = card.low, card.high, card.ladder, card.room
    # the search runs on the model of the regions (measuring.py); the answer is laid out for real
    fits, estimate, steps = _search(card.modelled, ladder, low, high, room, at_most, compact)
    best = card.real(steps)(estimate.size if fits else low)
    if fits != best.fits:  # the model erred (never seen): search with real layouts instead
        fits, best, _ = _search(card.real, ladder, low, high, room, at_most, compact)
    if not fits:
        needed = room + best.overflow
        raise CardTooFull(source, page, low, max(best.overflow, 0.0), needed)
    if min(best.book.sizes_used()) < low - 1e-6:
        raise AssertionError("a card style fell below the minimum size")  # a bug, not content
    return best


@dataclass
class Estimate:
    """A card measured on its model: what the fit search needs to know."""

    size: float
    overflow: float
    wide_lines: int
    slack: float

    @property
    def fits(self) -> bool:
        return fits_page(self.overflow, self.wide_lines)


def fits_page(overflow: float, wide_lines: int) -> bool:
    """The one rule of a card that fits: nothing runs past its box, no line past its measure."""
    return overflow <= 0.01 and wide_lines == 0


M = TypeVar("M", CardLayout, Estimate)


def _search(
    measurer: Callable[[dict[str, int]], Callable[[float], M]],
    ladder: list[dict[str, int]],
    low: float,
    high: float,
    room: float,
    at_most: float | None,
    compact: bool,
) -> tuple[bool, M, dict[str, int]]:
    """The largest size that fits with every give-way region at its most compact step, then the
    most generous steps worth their text size: (it fits, at what, with which steps)."""
    fits, best = largest_fit(measurer(ladder[-1]), low, high, room=room)
    if not fits or compact:
        return fits, best, ladder[-1]
    # Larger drawings are worth a little smaller text: take the most generous step whose text
    # still fits within TEXT_TRADE of the best size. A card of a set keeps the set's size.
    trade = STEP_PT * round(best.size * TEXT_TRADE / STEP_PT)
    floor = best.size if at_most is not None else max(low, best.size - trade)
    for steps in ladder[:-1]:
        measure = measurer(steps)
        at_floor = measure(floor)  # one measurement rules a step in or out
        if at_floor.fits:
            return True, largest_fit(measure, floor, best.size, at_floor, room)[1], steps
    return True, best, ladder[-1]


def write_card(layout: CardLayout, info: DocInfo, bleed: float = 0.0, tagged: bool = True) -> bytes:
    """A one-page PDF of a fitted card; with bleed, the page grows and says where to trim.

    A tagged PDF (PDF/UA) unless ``tagged`` is false.
    """
    from generator.layout.document import new_canvas
    from generator.layout.pages import Page
    from generator.layout.tagging import Tagger

    page = layout.page
    buffer = io.BytesIO()
    boxes = {}
    paper = page
    if bleed:
        paper = Page(page.name, page.width + 2 * bleed, page.height + 2 * bleed, page.landscape)
        boxes = {
            "trimBox": (bleed, bleed, bleed + page.width, bleed + page.height),
            "bleedBox": (0, 0, paper.width, paper.height),
        }
    tagger = Tagger() if tagged else None
    font = layout.book.fonts.regular
    canvas = new_canvas(buffer, paper, info, font=font, tagger=tagger, **boxes)
    draw_card(canvas, layout, bleed, bleed)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def draw_card(canvas: Canvas, layout: CardLayout, x: float, y: float) -> None:
    """Draw a fitted card with its lower-left corner at (x, y): on its own page or a sheet."""
    for placed in layout.placed:
        draw_region(canvas, placed, x, y)
