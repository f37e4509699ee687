"""The pages every packet of a run shares, each kind rendered once into one PDF.

All handouts go into one document (and all cards into another) so that each font subset exists
once; the packet draws their pages as forms. Handouts are laid out with the packet's page, margins
and footer room, so a page sits in a packet exactly as laid out and no footer covers it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from reportlab.platypus import Flowable, PageBreak
from reportlab.platypus.doctemplate import LayoutError

from generator.errors import CoachcardsError
from generator.layout.document import body_frame, canvas_maker, doc_template, new_canvas
from generator.layout.flow import NO_ALT_TEXTS, AltTexts, Assets, StyleBook, flowables, split_pinned
from generator.layout.handout import may_save_a_page
from generator.layout.images import ImageRow
from generator.layout.info import DocInfo
from generator.layout.packet_shared import FontSeed, seeded
from generator.layout.tagging import TaggedCanvas, Tagger, tagger_of
from generator.render.blocks import Block

T = TypeVar("T")


class _Mark(Flowable):
    """Records the page it lands on."""

    def __init__(self, record: Callable[[int], None]) -> None:
        super().__init__()
        self.record = record

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.record(self.canv.getPageNumber())
        tagger = tagger_of(self.canv)
        if tagger is not None:  # the next document of this PDF: a section of its own
            tagger.open_section()


class _End(Flowable):
    """Records the room left in the frame where a handout ends (how full its last page is)."""

    def __init__(self, record: Callable[[float], None]) -> None:
        super().__init__()
        self.record, self.room = record, 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.room = available_height  # the frame calls wrap just before it draws
        return 0, 0

    def draw(self) -> None:
        self.record(self.room)


class _Recorded(Flowable):
    """A drawing row that records the page it is drawn on (for the credit in the footer)."""

    def __init__(self, inner: Flowable, record: Callable[[int], None]) -> None:
        super().__init__()
        self.inner, self.record = inner, record

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(available_width, available_height)
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.inner.getSpaceAfter())

    def draw(self) -> None:
        self.record(self.canv.getPageNumber())
        self.inner.drawOn(self.canv, 0, 0)


def render_handouts(
    handouts: list[tuple[list[Block], tuple[Path, ...], str]],
    book: StyleBook,
    page: Any,
    margin: float,
    bottom: float,
    logo: Path | None,
    alts: list[AltTexts] | None = None,
    tagger: Tagger | None = None,
    seed: FontSeed = (),
    books: list[StyleBook] | None = None,
) -> Handouts:
    """One PDF of every handout; for each: (first page, page count, pages with drawings), 0-based.

    ``handouts`` holds each exercise's blocks, drawings and source path (for messages); with a
    ``tagger``, each handout is a section of its structure (see layout/packet_tags.py). ``seed``
    gives characters their codes first (the packet's shared pages need them too); the third
    result is every subset font's characters in code order, for the shared pages to start from.
    ``books`` styles each handout (by default all in ``book``): see :func:`saving_pages`.
    """
    starts: list[int] = []
    rooms: list[float] = []
    drawn: list[set[int]] = [set() for _ in handouts]
    story: list[Flowable] = []
    for number, (blocks, images, _) in enumerate(handouts):
        own = books[number] if books else book
        drawings_height = own.em(own.spec("drawings").get("max_height", 15))
        flowing, _ = split_pinned(blocks, ("footer", "page-number"))  # the packet has its own
        alt = alts[number] if alts else NO_ALT_TEXTS
        assets = Assets(images, drawings_height, logo, alt.images, alt.logo, alt.qr)
        items = flowables(flowing, own, assets=assets)
        record: Callable[[int], None] = drawn[number].add
        items = [
            _Recorded(item, record) if isinstance(item, ImageRow) and images else item
            for item in items
        ]
        if number:
            story.append(PageBreak())
        story += [_Mark(starts.append), *items, _End(rooms.append)]
    buffer = io.BytesIO()
    info = DocInfo("handouts", "coachcards", "", (), "en")
    frame = body_frame(page, margin, bottom)
    document = doc_template(buffer, page, frame, info, font=book.fonts.regular)
    try:
        document.build(story, canvasmaker=canvas_maker(tagger, seeded(TaggedCanvas, seed)))
    except LayoutError as exc:
        sources = ", ".join(source for _, _, source in handouts)
        raise CoachcardsError.single(sources, f"a handout cannot be laid out: {exc}") from None
    fonts: FontSeed = document.canv.font_seed  # type: ignore[attr-defined]  # our canvas
    total = document.page
    ends = [*starts[1:], total + 1]
    ranges = [
        (start - 1, end - start, frozenset(p - start for p in pages))
        for start, end, pages in zip(starts, ends, drawn, strict=True)
    ]
    height = frame._aH  # type: ignore[attr-defined]  # the frame's text height, unstubbed
    fills = [1.0 - room / height for room in rooms]
    return Handouts(buffer.getvalue(), ranges, fonts, fills)


@dataclass(frozen=True)
class Handouts:
    """The handouts' PDF, each one's (first page, pages, pages with drawings), the font seed
    for the shared pages, and how full each one's last page is (a share of the frame)."""

    data: bytes
    ranges: list[tuple[int, int, frozenset[int]]]
    fonts: FontSeed
    fills: list[float]


def saving_pages(
    render: Callable[[list[StyleBook] | None], tuple[Handouts, T]], book: StyleBook
) -> tuple[Handouts, T]:
    """The handouts laid out by ``render`` (given a book per handout, or None for ``book``),
    with the rule of layout/handout.py on the packet's page: a handout whose last page is
    nearly empty is set at the theme's ``shrink_to_save_page`` share of the size where that
    saves the page. One more layout when some last page is nearly empty, rarely two.
    """
    first = render(None)
    floor = book.doc.shrink_to_save_page
    if floor >= 1.0:
        return first
    smaller = StyleBook(book.doc, book.theme, book.fonts, book.body_pt * floor)
    books = [
        smaller if may_save_a_page(count, fill) else book
        for (_, count, _), fill in zip(first[0].ranges, first[0].fills, strict=True)
    ]
    while any(b is smaller for b in books):
        again = render(books)
        kept = [  # the smaller size only where it saved a page
            b if b is smaller and new[1] < old[1] else book
            for b, old, new in zip(books, first[0].ranges, again[0].ranges, strict=True)
        ]
        if kept == books:
            return again
        books = kept
    return first


def render_cards(layouts: list[Any], page: Any, tagger: Tagger | None = None) -> bytes:
    """One PDF of fitted cards, a card a page (with a ``tagger``, a section each)."""
    from generator.layout.card import draw_card

    buffer = io.BytesIO()
    info = DocInfo("cards", "coachcards", "", (), "en")
    font = layouts[0].book.fonts.regular if layouts else None
    canvas = new_canvas(buffer, page, info, font=font, tagger=tagger)
    for layout in layouts:
        if tagger is not None:
            tagger.open_section()
        draw_card(canvas, layout, 0, 0)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
