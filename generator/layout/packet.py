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
from xml.sax.saxutils import escape as xml_escape

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table
from reportlab.platypus.doctemplate import LayoutError

from generator.errors import CoachcardsError
from generator.layout.document import body_frame, doc_template
from generator.layout.flow import Assets, StyleBook, flowables
from generator.layout.fonts import FontSet
from generator.layout.info import DocInfo
from generator.layout.pages import Page
from generator.layout.theme import MM, Theme
from generator.program.model import Program
from generator.render.blocks import Block

LOG_WEEKS_PER_TABLE = 6


@dataclass(frozen=True)
class Inserted:
    """An exercise's pre-rendered document (handout or card) and how many pages it has."""

    slug: str
    name: str
    pages: int


@dataclass
class Plan:
    """Where each inserted page goes: (kind, slug, page of that document, page of the packet)."""

    inserts: list[tuple[str, str, int, int]]
    total: int


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
        self.canv._packet_pages.append(self.canv.getPageNumber())  # type: ignore[attr-defined]


_first_pass: dict[str, tuple[dict[str, int], int]] = {}


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
    doc = theme.handout
    body_pt = float(doc.body_pt.get(page.name) or doc.body_pt["letter"])
    book = StyleBook(doc, theme, fonts, body_pt)
    margin = doc.margin_pt(page.width, page.height)
    width = page.width - 2 * margin
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
            items += _contents(program, handouts, cards, labels, book, contents_numbers)
        if "schedule" in program.parts:
            items.append(PageBreak())
            anchor("schedule", ["schedule"], [(labels["schedule"], "schedule", 1)])
            items.append(_heading(labels["schedule"], book))
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
                items.append(_day_table(program, day, mark, labels, book, width, linked, handouts))
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

        def on_page(canvas: object, document: object) -> None:
            canvas._packet_pages = pages  # type: ignore[attr-defined]
            canvas.setViewerPreference("PrintScaling", "None")  # type: ignore[attr-defined]
            number = canvas.getPageNumber()  # type: ignore[attr-defined]
            _footer(canvas, number, total, program, labels, book, margin, width)

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
        _first_pass[key] = (dict(zip(order, pages, strict=True)), total)
    numbers, total = _first_pass[key]
    data, order, pages, total = build(numbers, total)
    numbers = dict(zip(order, pages, strict=True))
    inserts = []
    for kind, inserted in (("handout", handouts), ("card", cards), ("log", [log] if log else [])):
        for document in inserted:
            first = numbers[f"{kind}:{document.slug}"]
            inserts += [(kind, document.slug, i, first - 1 + i) for i in range(document.pages)]
    return data, Plan(inserts, total)


def render_log(
    program: Program,
    names: dict[str, str],
    page: Page,
    theme: Theme,
    fonts: FontSet,
    labels: dict[str, str],
) -> bytes:
    """The training log pages, with the packet's margins and room for its footer."""
    doc = theme.handout
    body_pt = float(doc.body_pt.get(page.name) or doc.body_pt["letter"])
    book = StyleBook(doc, theme, fonts, body_pt)
    margin = doc.margin_pt(page.width, page.height)
    width = page.width - 2 * margin
    footer_height = book.em(2.5)
    items: list[Flowable] = [_heading(labels["log"], book)]
    for day in program.days:
        title = day.name if not day.week else f"{day.week} · {day.name}"
        for entry in day.entries:
            items.append(
                _log(
                    program,
                    title,
                    names.get(entry.slug, entry.slug),
                    entry.sets,
                    labels,
                    book,
                    width,
                )
            )
    buffer = io.BytesIO()
    document = doc_template(buffer, page, body_frame(page, margin, margin + footer_height))
    document.build(items)
    return buffer.getvalue()


def names_of(documents: list[Inserted], slug: str, default: str = "") -> str:
    return next((d.name for d in documents if d.slug == slug), default or slug)


def _heading(text: str, book: StyleBook) -> Paragraph:
    return Paragraph(xml_escape(text), book.paragraph("h2"))


def _contents(
    program: Program,
    handouts: list[Inserted],
    cards: list[Inserted],
    labels: dict[str, str],
    book: StyleBook,
    numbers: dict[str, int],
) -> list[Flowable]:
    rows: list[tuple[str, str, int]] = []  # (label, anchor, indent)
    if "schedule" in program.parts:
        rows.append((labels["schedule"], "schedule", 0))
        rows += [(d.name, f"day{n}", 1) for n, d in enumerate(program.days, start=1)]
    for kind, inserted in (("handouts", handouts), ("cards", cards)):
        if inserted:
            rows.append((labels[kind], f"{kind[:-1]}:{inserted[0].slug}", 0))
            rows += [(d.name, f"{kind[:-1]}:{d.slug}", 1) for d in inserted]
    if "log" in program.parts:
        rows.append((labels["log"], "log:log", 0))
    body = book.paragraph("body")
    table_rows = []
    for text, key, indent in rows:
        style = book.paragraph("h3") if indent == 0 else body
        number = str(numbers.get(key, "")) if numbers else "999"
        table_rows.append(
            [Paragraph(("&nbsp;" * 4 * indent) + xml_escape(text), style), Paragraph(number, style)]
        )
    table = Table(table_rows, colWidths=["88%", "12%"])
    table.setStyle([("ALIGN", (1, 0), (1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    return [_heading(labels["contents"], book), table]


def _cell(text: str | None, style: object) -> Paragraph:
    return Paragraph(xml_escape(text or ""), style)  # type: ignore[arg-type]


def _day_table(
    program: Program,
    day: object,
    mark: Anchor,
    labels: dict[str, str],
    book: StyleBook,
    width: float,
    linked: set[str],
    handouts: list[Inserted],
) -> Flowable:
    small = book.paragraph("body", "table")
    bold = book.paragraph("h3", "table")
    header = [
        _cell(labels[k], bold)
        for k in ("exercise", "sets_reps", "load", "tempo", "rest", "notes_heading")
    ]
    rows = [header]
    for entry in day.entries:  # type: ignore[attr-defined]
        name = xml_escape(names_of(handouts, entry.slug))
        if entry.slug in linked:
            accent = book.theme.color("accent")
            name = f'<a href="#handout-{entry.slug}" color="{accent}">{name}</a>'
        sets_reps = " × ".join(str(v) for v in (entry.sets, entry.reps) if v is not None)
        load = entry.load
        if load and load.replace(".", "", 1).isdigit():
            load = f"{load} {program.units}"
        rows.append(
            [
                Paragraph(name, small),
                _cell(sets_reps, small),
                _cell(load, small),
                _cell(entry.tempo, small),
                _cell(entry.rest, small),
                _cell(entry.notes, small),
            ]
        )
    title = day.name if not day.week else f"{day.week} · {day.name}"  # type: ignore[attr-defined]
    widths = [width * f for f in (0.30, 0.12, 0.12, 0.10, 0.10, 0.26)]
    table = Table(rows, colWidths=widths, repeatRows=1)
    grid = book.color("muted")
    table.setStyle(
        [
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, book.color("accent")),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, grid),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
    )
    heading = Paragraph(xml_escape(title), book.paragraph("h3"))
    return KeepTogether([mark, heading, Spacer(0, 2), table, Spacer(0, book.em(1.0))])


def _log(
    program: Program,
    day: str,
    name: str,
    sets: int | None,
    labels: dict[str, str],
    book: StyleBook,
    width: float,
) -> Flowable:
    """A grid to fill in by pen: a row per set, and per week a cell for load and one for reps."""
    small = book.paragraph("body", "table")
    bold = book.paragraph("h3", "table")
    count = sets or 3
    parts: list[Flowable] = [
        Paragraph(f"{xml_escape(name)} · {xml_escape(day)}", book.paragraph("h3"))
    ]
    for first in range(1, program.weeks + 1, LOG_WEEKS_PER_TABLE):
        weeks = list(range(first, min(program.weeks, first + LOG_WEEKS_PER_TABLE - 1) + 1))
        # plain strings, not Paragraphs: a log has hundreds of cells and none of them wraps
        top = [labels["set"]]
        sub = [""]
        for week in weeks:
            top += [f"{labels['week']} {week}", ""]
            sub += [program.units, labels["reps"]]
        rows = [top, sub] + [[str(n)] + [""] * (2 * len(weeks)) for n in range(1, count + 1)]
        set_width = width * 0.08
        cell = (width - set_width) / (2 * LOG_WEEKS_PER_TABLE)
        table = Table(
            rows,
            colWidths=[set_width] + [cell] * (2 * len(weeks)),
            rowHeights=[None, None] + [book.em(2.2)] * count,
            repeatRows=2,
            hAlign="LEFT",
        )
        spans = [("SPAN", (1 + 2 * i, 0), (2 + 2 * i, 0)) for i in range(len(weeks))]
        table.setStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, book.color("muted")),
                ("BACKGROUND", (0, 0), (-1, 1), book.color("band")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONT", (0, 0), (-1, 0), bold.fontName, bold.fontSize),
                ("FONT", (0, 1), (-1, -1), small.fontName, small.fontSize),
                ("TEXTCOLOR", (0, 0), (-1, -1), small.textColor),
                *spans,
            ]
        )
        parts += [table, Spacer(0, book.em(0.6))]
    parts.append(Spacer(0, book.em(0.8)))
    return KeepTogether(parts)


def _footer(
    canvas: object,
    number: int,
    total: int,
    program: Program,
    labels: dict[str, str],
    book: StyleBook,
    margin: float,
    width: float,
) -> None:
    style = book.paragraph("body", "footer")
    text = f"{program.client} · {program.title}"
    label = labels["page_of"].replace("{page}", str(number)).replace("{pages}", str(total))
    label_width = stringWidth(label, style.fontName, style.fontSize) + book.em(1)
    left = Paragraph(xml_escape(text), style)
    _, height = left.wrap(width - label_width, book.em(3))
    canvas.saveState()  # type: ignore[attr-defined]
    canvas.setStrokeColor(HexColor(book.theme.color("muted")))  # type: ignore[attr-defined]
    canvas.setLineWidth(0.4)  # type: ignore[attr-defined]
    canvas.line(margin, margin + book.em(1.6), margin + width, margin + book.em(1.6))  # type: ignore[attr-defined]
    left.drawOn(canvas, margin, margin + book.em(1.2) - height)
    right = Paragraph(xml_escape(label), style)
    right.wrap(label_width, book.em(3))
    canvas.setFont(style.fontName, style.fontSize)  # type: ignore[attr-defined]
    canvas.setFillColor(style.textColor)  # type: ignore[attr-defined]
    canvas.drawRightString(margin + width, margin + book.em(1.2) - style.fontSize, label)  # type: ignore[attr-defined]
    canvas.restoreState()  # type: ignore[attr-defined]


__all__ = ["MM", "Inserted", "Plan", "render_frame"]
