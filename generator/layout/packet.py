"""The per-client frame of a program packet, drawn with reportlab.

Every page of the packet is here: cover, contents, schedule, log, and placeholder pages where
the exercises' handouts and cards will be laid over (see generator/packet.py). The frame carries
what differs per client and what must point across the packet: the running footer with the
client's name and Page X of Y, the outline (Program > Day > Exercise; Handouts > Exercise), and
the schedule's links to each handout.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak
from reportlab.platypus.doctemplate import LayoutError

from generator.errors import CoachcardsError
from generator.layout.document import body_frame, doc_template
from generator.layout.flow import Assets, flowables
from generator.layout.fonts import FontSet
from generator.layout.handout import page_book
from generator.layout.info import DocInfo
from generator.layout.packet_parts import Inserted, contents, day_table, footer, heading, names_of
from generator.layout.pages import Page
from generator.layout.theme import Theme
from generator.program.model import Program
from generator.render.blocks import Block


@dataclass
class Plan:
    """Where each inserted page goes: (kind, slug, page of that document, page of the packet)."""

    inserts: list[tuple[str, str, int, int]]


class Anchor(Flowable):
    """An invisible mark: bookmarks keys here and adds outline entries at this point."""

    def __init__(self, keys: list[str], outline: list[tuple[str, str, int]]) -> None:
        super().__init__()
        self.keys, self.outline = keys, outline

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        for key in self.keys:
            self.canv.bookmarkHorizontal(key, 0, 0)
        for title, key, level in self.outline:
            self.canv.addOutlineEntry(title, key, level, closed=level > 0)
        self.canv._packet_pages.append(self.canv.getPageNumber())  # type: ignore[attr-defined]  # set in on_page


_first_pass: dict[str, tuple[dict[str, int], int]] = {}
FIRST_PASS_KEPT = 256  # layouts kept; clients with their own loads each make one


def render_frame(
    program: Program,
    cover: list[Block],
    handouts: list[Inserted],
    cards: list[Inserted],
    page: Page,
    theme: Theme,
    fonts: FontSet,
    labels: dict[str, str],
    info: DocInfo,
    log: Inserted | None = None,
) -> tuple[bytes, Plan]:
    book, margin, width = page_book(theme, fonts, page)
    footer_height = book.em(2.5)

    def story(contents_numbers: dict[str, int]) -> tuple[list[Flowable], list[str]]:
        items: list[Flowable] = []
        order: list[str] = []  # what each Anchor marks, in document order

        def anchor(what: str, keys: list[str], outline: list[tuple[str, str, int]]) -> None:
            items.append(Anchor(keys, outline))
            order.append(what)

        anchor("cover", ["cover"], [(program.title, "cover", 0)])
        items += flowables(cover, book, assets=Assets(logo=theme.brand.logo))
        if "contents" in program.parts:
            items.append(PageBreak())
            anchor("contents", ["contents"], [(labels["contents"], "contents", 1)])
            items += contents(program, handouts, cards, labels, book, contents_numbers)
        if "schedule" in program.parts:
            items.append(PageBreak())
            anchor("schedule", ["schedule"], [(labels["schedule"], "schedule", 1)])
            items.append(heading(labels["schedule"], book))
            linked = {h.slug for h in handouts}
            for number, day in enumerate(program.days, start=1):
                outline = [
                    (day.name if not day.week else f"{day.week}: {day.name}", f"day{number}", 1)
                ]
                outline += [
                    (names_of(handouts, e.slug), f"day{number}-{i}", 2)
                    for i, e in enumerate(day.entries)
                    if e.slug in linked
                ]
                mark = Anchor([f"day{number}"], outline)
                order.append(f"day{number}")
                items.append(day_table(program, day, mark, labels, book, width, linked, handouts))
        for kind, inserted in (("handout", handouts), ("card", cards)):
            if not inserted:
                continue
            section = labels["handouts" if kind == "handout" else "cards"]
            for index, document in enumerate(inserted):
                items.append(PageBreak())
                keys = [f"{kind}-{document.slug}"]
                if kind == "handout":  # the day outline entries land here too
                    keys += [
                        f"day{n}-{i}"
                        for n, day in enumerate(program.days, start=1)
                        for i, e in enumerate(day.entries)
                        if e.slug == document.slug
                    ]
                outline = [(section, f"{kind}s", 0)] if index == 0 else []
                outline.append((document.name, f"{kind}-{document.slug}", 1))
                if index == 0:
                    keys.append(f"{kind}s")
                anchor(f"{kind}:{document.slug}", keys, outline)
                for _ in range(document.pages - 1):
                    items.append(PageBreak())
                    anchor(f"{kind}:{document.slug}:more", [], [])
        if log is not None:  # the log is the same for every client: drawn once, laid over
            items.append(PageBreak())
            anchor("log:log", ["log"], [(labels["log"], "log", 0)])
            for _ in range(log.pages - 1):
                items.append(PageBreak())
                anchor("log:log:more", [], [])
        return items, order

    def build(
        contents_numbers: dict[str, int], total: int
    ) -> tuple[bytes, list[str], list[int], int]:
        items, order = story(contents_numbers)
        buffer = io.BytesIO()
        pages: list[int] = []

        def on_page(canvas: Canvas, document: object) -> None:
            canvas._packet_pages = pages  # type: ignore[attr-defined]  # read by _Anchor.draw
            canvas.setViewerPreference("PrintScaling", "None")
            number = canvas.getPageNumber()
            footer(canvas, number, total, program, labels, book, margin, width)

        frame = body_frame(page, margin, margin + footer_height)
        document = doc_template(buffer, page, frame, info, on_page)
        try:
            document.build(items)
        except LayoutError as exc:
            raise CoachcardsError.single(
                program.path, f"the packet cannot be laid out: {exc}"
            ) from None
        return buffer.getvalue(), order, pages, document.page

    # The first pass finds the page of every section and the page count; the second prints
    # them in the contents and the footers. Page objects exist as pages are drawn, so bookmarks,
    # links and outline entries made while drawing point at the right pages.
    # Clients of one program share its layout, so the first pass is kept under a key of
    # everything that can move a page break (the client's name only reaches the footers and the
    # cover, which is a page of its own).
    key = repr(
        (
            program.title,
            program.coach,
            program.gym,
            program.notes,
            program.weeks,
            program.units,
            program.parts,
            program.days,
            page,
            handouts,
            cards,
            sorted(labels.items()),
        )
    )
    if key not in _first_pass:
        _, order, pages, total = build({}, 999)
        if len(_first_pass) >= FIRST_PASS_KEPT:  # memory must not grow with the clients
            del _first_pass[next(iter(_first_pass))]
        _first_pass[key] = (dict(zip(order, pages, strict=True)), total)
    numbers, total = _first_pass[key]
    data, order, pages, total = build(numbers, total)
    numbers = dict(zip(order, pages, strict=True))
    inserts = []
    for kind, inserted in (("handout", handouts), ("card", cards), ("log", [log] if log else [])):
        for document in inserted:
            first = numbers[f"{kind}:{document.slug}"]
            inserts += [(kind, document.slug, i, first - 1 + i) for i in range(document.pages)]
    return data, Plan(inserts)


__all__ = ["Inserted", "Plan", "render_frame"]
