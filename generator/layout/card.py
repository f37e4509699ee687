"""A cue card: exactly one page, type as large as fits, never below the profile's minimum."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from generator.errors import CoachcardsError, Problem
from generator.layout import stack
from generator.layout.fit import largest_fit
from generator.layout.flow import (
    NO_ALT_TEXTS,
    AltTexts,
    Assets,
    StyleBook,
    flowables,
    qr_block,
    split_pinned,
)
from generator.layout.fonts import FontSet
from generator.layout.images import SideBySide
from generator.layout.info import DocInfo
from generator.layout.pages import Page
from generator.layout.theme import MM, Theme
from generator.render.blocks import Block, Region

PINNED = ("footer", "qr")
# Among drawing sizes, take the largest whose text is at most this much smaller than the best.
TEXT_TRADE_PT = 1.0


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
            f"the card does not fit on one {page.label} page even at the {min_pt:g} pt minimum: "
            f"it is {over_mm:.0f} mm too tall ({percent:.0f}% over)"
        )
        super().__init__([Problem(source, None, message)])

    @property
    def over_fraction(self) -> float:
        return self.over_pt / self.needed_pt


@dataclass
class CardLayout:
    size: float
    body: list[Flowable]
    footer: list[Flowable]
    body_height: float
    available: float
    footer_height: float
    wide_lines: int
    book: StyleBook = field(repr=False)
    page: Page = field(repr=False)
    margin: float = 0.0

    @property
    def fits(self) -> bool:
        return self.body_height <= self.available and self.wide_lines == 0


def fit_card(
    blocks: list[Block],
    page: Page,
    theme: Theme,
    fonts: FontSet,
    source: str,
    images: tuple[Path, ...] = (),
    alt: AltTexts = NO_ALT_TEXTS,
) -> CardLayout:
    """The largest type that fits one page.

    Regions named ``optional`` (and ``qa``) may be left out, last first, when everything does not
    fit; a ``more`` region is shown only then, to say where the rest is.
    """
    dropped = False
    while True:
        shown = [b for b in blocks if dropped or not (isinstance(b, Region) and b.name == "more")]
        try:
            return _fit(shown, page, theme, fonts, source, images, alt)
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


def _fit(
    blocks: list[Block],
    page: Page,
    theme: Theme,
    fonts: FontSet,
    source: str,
    images: tuple[Path, ...],
    alt: AltTexts,
) -> CardLayout:
    doc = theme.card
    limits = doc.body_pt.get(page.name) or doc.body_pt["a5"]
    low, high = float(limits["min"]), float(limits["max"])
    margin = doc.margin_pt(page.width, page.height)
    width = page.width - 2 * margin
    flowing, pinned = split_pinned(blocks, PINNED)

    def measurer(share: float) -> Callable[[float], CardLayout]:
        height = share * (page.height - 2 * margin)
        assets = Assets(images, height, theme.brand.logo, alt.images, alt.logo, alt.qr)

        def measure(size: float) -> CardLayout:
            book = StyleBook(doc, theme, fonts, size, min_pt=low)
            body = stack.flatten(flowables(flowing, book, assets=assets))
            footer = _footer(pinned, book, alt.qr)
            footer_height = stack.height(footer, width)
            gap = book.em(doc.footer_gap_em) if footer else 0.0
            available = page.height - 2 * margin - footer_height - gap
            body_height = stack.height(body, width)
            wide = stack.overflowing_lines(body + footer)
            return CardLayout(
                size, body, footer, body_height, available, footer_height, wide, book, page, margin
            )

        return measure

    shares = sorted(doc.drawing_shares) if images else [0.0]
    fits, layout = largest_fit(measurer(shares[0]), low, high)
    if not fits:
        over = layout.body_height - layout.available
        raise CardTooFull(source, page, low, max(over, 0.0), layout.body_height)
    # Larger drawings are worth a little smaller text: take the largest drawing share whose
    # text still fits within TEXT_TRADE_PT of the best size.
    floor = max(low, layout.size - TEXT_TRADE_PT)
    for share in reversed(shares[1:]):
        measure = measurer(share)
        at_floor = measure(floor)  # one measurement rules a drawing size in or out
        if at_floor.fits:
            layout = largest_fit(measure, floor, layout.size, at_floor)[1]
            break
    if min(layout.book.sizes_used()) < low - 1e-6:
        raise AssertionError("a card style fell below the minimum size")  # a bug, not content
    return layout


def write_card(layout: CardLayout, info: DocInfo, tagged: bool = True) -> bytes:
    """A one-page PDF of a fitted card (a tagged PDF unless ``tagged`` is false)."""
    from generator.layout.document import new_canvas
    from generator.layout.tagging import Tagger

    buffer = io.BytesIO()
    tagger = Tagger() if tagged else None
    canvas = new_canvas(buffer, layout.page, info, font=layout.book.fonts.regular, tagger=tagger)
    draw_card(canvas, layout, 0, 0)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _footer(pinned: dict[str, list[Block]], book: StyleBook, qr_alt: str) -> list[Flowable]:
    """Small print at the foot of the card, with the video's QR code at the right."""
    footer = stack.flatten(flowables(pinned.get("footer", []), book, "footer"))
    if not pinned.get("qr"):
        return footer
    qr = qr_block(Region("qr", pinned["qr"]), book, qr_alt)
    return [SideBySide(footer, qr, book.em(1.0))]


def draw_card(canvas: Canvas, layout: CardLayout, x: float, y: float) -> None:
    """Draw a fitted card with its lower-left corner at (x, y): on its own page or a sheet."""
    page, margin = layout.page, layout.margin
    width = page.width - 2 * margin
    stack.draw(canvas, layout.body, x + margin, y + page.height - margin, width)
    if layout.footer:
        stack.draw(canvas, layout.footer, x + margin, y + margin + layout.footer_height, width)
