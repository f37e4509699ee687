"""Sheets: cards imposed N-up on paper at 100%, with crop marks, bleed and duplex backs.

As many cards as fit, in whichever paper orientation holds more. The paper left over becomes
margins, and gutters only when marks fit in them. Crop marks are 5 mm long, keep 5 mm from the
paper's edge (office printers cannot print nearer) and never touch a card or its bleed; a mark
without that room is left out, and when a cut line has none left the sheet says how to cut
(in halves or quarters).

Backs are for duplex printing flipped on the long edge of the sheet as it is laid out: on a
portrait sheet a back mirrors left-to-right, on a landscape sheet top-to-bottom, so every back
lands behind its own front.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from generator.errors import CoachcardsError
from generator.layout.card import CardLayout, draw_card
from generator.layout.document import new_canvas
from generator.layout.info import DocInfo
from generator.layout.pages import Page
from generator.layout.tagging import Tagger
from generator.layout.theme import MM

GUTTER = 16 * MM
MARK_OFFSET = 2 * MM  # gap between a card's bleed edge and its mark
MARK_LENGTH = 5 * MM  # a mark is this long or left out: a shorter one is hard to cut to
PAPER_CLEAR = 5 * MM  # office printers cannot print nearer the paper's edge than this
MARK_WIDTH = 0.25


@dataclass(frozen=True)
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Imposition:
    paper: Page
    card: Page
    cols: int
    rows: int
    bleed: float
    slots: tuple[Rect, ...]  # card trim boxes, top row first, left to right

    @property
    def per_sheet(self) -> int:
        return len(self.slots)

    def back_slot(self, index: int) -> Rect:
        """Where the back of the card in slot ``index`` goes, for a long-edge flip."""
        row, col = divmod(index, self.cols)
        if self.paper.width <= self.paper.height:
            col = self.cols - 1 - col
        else:
            row = self.rows - 1 - row
        return self.slots[row * self.cols + col]

    @property
    def trim(self) -> Rect:
        return Rect(
            min(s.x0 for s in self.slots),
            min(s.y0 for s in self.slots),
            max(s.x1 for s in self.slots),
            max(s.y1 for s in self.slots),
        )


def impose(paper: Page, card: Page, bleed: float = 0.0, source: str = "card size") -> Imposition:
    """Cards on the paper, as many as fit; ``source`` names where the card size came from."""
    width, height = card.width + 2 * bleed, card.height + 2 * bleed
    options = []
    for landscape in (False, True):
        sheet_w, sheet_h = (paper.height, paper.width) if landscape else (paper.width, paper.height)
        cols = math.floor((sheet_w + 1e-6) / width)
        rows = math.floor((sheet_h + 1e-6) / height)
        spare = min(sheet_w - cols * width, sheet_h - rows * height)
        options.append((cols * rows, spare, landscape, cols, rows, sheet_w, sheet_h))
    count, _, landscape, cols, rows, sheet_w, sheet_h = max(options)
    if count == 0:
        raise CoachcardsError.single(
            source, f"a {card.label} card does not fit on {paper.label} paper"
        )
    gutter_x, margin_x = _spread(sheet_w, width, cols)
    gutter_y, margin_y = _spread(sheet_h, height, rows)
    slots = []
    for row in range(rows):
        for col in range(cols):
            x0 = margin_x + bleed + col * (width + gutter_x)
            y1 = sheet_h - margin_y - bleed - row * (height + gutter_y)
            slots.append(Rect(x0, y1 - card.height, x0 + card.width, y1))
    sheet = Page(paper.name, sheet_w, sheet_h, landscape)
    return Imposition(sheet, card, cols, rows, bleed, tuple(slots))


def _spread(room: float, size: float, count: int) -> tuple[float, float]:
    """Gutter between cards and margin outside them, from the paper left over."""
    spare = room - count * size
    # A gutter too narrow for marks on both sides only takes paper from the margins, where
    # the marks go: then the cards meet, and one cut serves both.
    fits_marks = spare / (count + 1) >= 2 * (MARK_OFFSET + MARK_LENGTH)
    gutter = min(GUTTER, spare / (count + 1)) if count > 1 and fits_marks else 0.0
    return gutter, (spare - (count - 1) * gutter) / 2


def crop_marks(imposition: Imposition) -> list[tuple[float, float, float, float]]:
    """Mark segments at every card corner, pointing away from the card, in free paper only."""
    bleed = imposition.bleed
    blocked = [
        Rect(s.x0 - bleed, s.y0 - bleed, s.x1 + bleed, s.y1 + bleed) for s in imposition.slots
    ]
    paper = imposition.paper
    marks = []
    for slot in imposition.slots:
        for x, y, dx, dy in (
            (slot.x0, slot.y0, -1, 0),
            (slot.x0, slot.y0, 0, -1),
            (slot.x1, slot.y0, 1, 0),
            (slot.x1, slot.y0, 0, -1),
            (slot.x0, slot.y1, -1, 0),
            (slot.x0, slot.y1, 0, 1),
            (slot.x1, slot.y1, 1, 0),
            (slot.x1, slot.y1, 0, 1),
        ):
            start = bleed + MARK_OFFSET
            end = start + MARK_LENGTH
            # the whole mark keeps PAPER_CLEAR from every paper edge ...
            points = [(x + dx * start, y + dy * start), (x + dx * end, y + dy * end)]
            if not all(_clear_of_edges(px, py, paper) for px, py in points):
                continue
            # ... and a gap from every card's bleed box, touching ones included
            if any(_crosses(rect, x, y, dx, dy, end + 0.5 * MM) for rect in blocked):
                continue
            marks.append((*points[0], *points[1]))
    return marks


def _clear_of_edges(x: float, y: float, paper: Page) -> bool:
    return (
        PAPER_CLEAR - 1e-6 <= x <= paper.width - PAPER_CLEAR + 1e-6
        and PAPER_CLEAR - 1e-6 <= y <= paper.height - PAPER_CLEAR + 1e-6
    )


def _crosses(rect: Rect, x: float, y: float, dx: int, dy: int, reach: float) -> bool:
    """Whether a mark leaving (x, y) in direction (dx, dy) for ``reach`` meets ``rect``."""
    if dx:
        if not rect.y0 - 1e-6 <= y <= rect.y1 + 1e-6:
            return False
        gap = (x - rect.x1) if dx < 0 else (rect.x0 - x)
    else:
        if not rect.x0 - 1e-6 <= x <= rect.x1 + 1e-6:
            return False
        gap = (y - rect.y1) if dy < 0 else (rect.y0 - y)
    return -1e-6 <= gap < reach


def marks_note(imposition: Imposition) -> str | None:
    """What to tell the person printing when some cut line has no crop mark."""
    marks = crop_marks(imposition)
    marked_x = {round(x0, 3) for x0, _, x1, _ in marks if abs(x0 - x1) < 1e-6}
    marked_y = {round(y0, 3) for _, y0, _, y1 in marks if abs(y0 - y1) < 1e-6}
    cut_x = {round(v, 3) for s in imposition.slots for v in (s.x0, s.x1)}
    cut_y = {round(v, 3) for s in imposition.slots for v in (s.y0, s.y1)}
    if cut_x <= marked_x and cut_y <= marked_y:
        return None
    count = imposition.per_sheet
    how = {2: "cut the sheet in half", 4: "cut the sheet in quarters"}.get(
        count, "cut along the card edges"
    )
    return (
        f"no room for crop marks on every cut of {imposition.paper.label} paper with "
        f"{imposition.card.label} cards (marks are {MARK_LENGTH / MM:g} mm long and keep "
        f"{PAPER_CLEAR / MM:g} mm from the paper edge): {how}"
    )


def render_sheets(
    fronts: Sequence[CardLayout],
    imposition: Imposition,
    info: DocInfo,
    backs: Sequence[CardLayout] | None = None,
    tagged: bool = True,
) -> bytes:
    """The sheets; tagged, each card is a section of its own, crop marks are Artifacts."""
    paper, bleed = imposition.paper, imposition.bleed
    trim = imposition.trim
    boxes = {}
    if bleed:
        boxes = {
            "trimBox": (trim.x0, trim.y0, trim.x1, trim.y1),
            "bleedBox": (trim.x0 - bleed, trim.y0 - bleed, trim.x1 + bleed, trim.y1 + bleed),
        }
    buffer = io.BytesIO()
    tagger = Tagger() if tagged else None
    font = fronts[0].book.fonts.regular if fronts else None
    canvas = new_canvas(buffer, paper, info, font=font, tagger=tagger, **boxes)
    marks = crop_marks(imposition)
    per = imposition.per_sheet
    for start in range(0, len(fronts), per):
        for index, layout in enumerate(fronts[start : start + per]):
            slot = imposition.slots[index]
            _draw_section(canvas, tagger, layout, slot)
        _draw_marks(canvas, marks)
        canvas.showPage()
        if backs is not None:
            for index, layout in enumerate(backs[start : start + per]):
                slot = imposition.back_slot(index)
                _draw_section(canvas, tagger, layout, slot)
            canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_section(canvas: Canvas, tagger: Tagger | None, layout: CardLayout, slot: Rect) -> None:
    if tagger is None:
        draw_card(canvas, layout, slot.x0, slot.y0)
        return
    with tagger.section():
        draw_card(canvas, layout, slot.x0, slot.y0)


def _draw_marks(canvas: Canvas, marks: list[tuple[float, float, float, float]]) -> None:
    canvas.saveState()
    canvas.setLineWidth(MARK_WIDTH)
    canvas.setStrokeColorRGB(0, 0, 0)
    for x0, y0, x1, y1 in marks:
        canvas.line(x0, y0, x1, y1)
    canvas.restoreState()
