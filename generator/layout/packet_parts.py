"""The parts of a packet's frame: contents, schedule tables, log grids, and the footer.

Tables use plain strings where nothing wraps (a log has hundreds of cells) and Paragraphs where
text may wrap or link (exercise names, notes).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from generator.layout.document import body_frame, doc_template
from generator.layout.flow import StyleBook
from generator.layout.fonts import FontSet
from generator.layout.handout import page_book
from generator.layout.pages import Page
from generator.layout.theme import Theme
from generator.program.model import Day, Program

LOG_WEEKS_PER_TABLE = 6


@dataclass(frozen=True)
class Inserted:
    """An exercise's pre-rendered document (handout or card) and how many pages it has."""

    slug: str
    name: str
    pages: int


def render_log(
    program: Program,
    names: dict[str, str],
    page: Page,
    theme: Theme,
    fonts: FontSet,
    labels: dict[str, str],
) -> bytes:
    """The training log pages, with the packet's margins and room for its footer."""
    book, margin, width = page_book(theme, fonts, page)
    footer_height = book.em(2.5)
    items: list[Flowable] = [heading(labels["log"], book)]
    for day in program.days:
        title = day.name if not day.week else f"{day.week} · {day.name}"
        for entry in day.entries:
            items.append(
                log_grid(
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


def heading(text: str, book: StyleBook) -> Paragraph:
    return Paragraph(xml_escape(text), book.paragraph("h2"))


def contents(
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
    body, bold = book.paragraph("body"), book.paragraph("h3")
    column = book.em(30)
    table_rows = []
    commands: list[tuple[Any, ...]] = [
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TEXTCOLOR", (0, 0), (-1, -1), body.textColor),
    ]
    for row, (text, key, indent) in enumerate(rows):
        style = bold if indent == 0 else body
        number = str(numbers.get(key, "")) if numbers else "999"
        table_rows.append([cell(text, style, column), number])
        commands.append(("FONT", (0, row), (-1, row), style.fontName, style.fontSize))
        commands.append(("LEFTPADDING", (0, row), (0, row), 6 + indent * book.em(1.5)))
    table = Table(table_rows, colWidths=["88%", "12%"], hAlign="LEFT")
    table.setStyle(commands)
    return [heading(labels["contents"], book), table]


def cell(text: str | None, style: ParagraphStyle, width: float) -> str | Paragraph:
    """Plain text where it fits on one line (fast to lay out), a Paragraph where it must wrap."""
    text = text or ""
    fits = stringWidth(text, style.fontName, style.fontSize) <= width - 6
    return text if fits and "\n" not in text else Paragraph(xml_escape(text), style)


def day_table(
    program: Program,
    day: Day,
    mark: Flowable,
    labels: dict[str, str],
    book: StyleBook,
    width: float,
    linked: set[str],
    handouts: list[Inserted],
) -> Flowable:
    small = book.paragraph("body", "table")
    bold = book.paragraph("h3", "table")
    widths = [width * f for f in (0.30, 0.12, 0.12, 0.10, 0.10, 0.26)]
    keys = ("exercise", "sets_reps", "load", "tempo", "rest", "notes_heading")
    rows: list[list[str | Paragraph]] = [
        [cell(labels[k], bold, w) for k, w in zip(keys, widths, strict=True)]
    ]
    for entry in day.entries:
        name = xml_escape(names_of(handouts, entry.slug))
        if entry.slug in linked:
            accent = book.theme.color("accent")
            name = f'<a href="#handout-{entry.slug}" color="{accent}">{name}</a>'
        sets_reps = " × ".join(str(v) for v in (entry.sets, entry.reps) if v is not None)
        load = entry.load
        if load and load.replace(".", "", 1).isdigit():
            load = f"{load} {program.units}"
        values = (sets_reps, load, entry.tempo, entry.rest, entry.notes)
        rows.append(
            [
                Paragraph(name, small),
                *(cell(v, small, w) for v, w in zip(values, widths[1:], strict=True)),
            ]
        )
    title = day.name if not day.week else f"{day.week} · {day.name}"
    table = Table(rows, colWidths=widths, repeatRows=1)
    grid = book.color("muted")
    table.setStyle(
        [
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, book.color("accent")),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, grid),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONT", (0, 0), (-1, 0), bold.fontName, bold.fontSize, bold.leading),
            ("FONT", (0, 1), (-1, -1), small.fontName, small.fontSize, small.leading),
            ("TEXTCOLOR", (0, 0), (-1, -1), small.textColor),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
    )
    heading = Paragraph(xml_escape(title), book.paragraph("h3"))
    return KeepTogether([mark, heading, Spacer(0, 2), table, Spacer(0, book.em(1.0))])


def log_grid(
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


def footer(
    canvas: Canvas,
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
    canvas.saveState()
    canvas.setStrokeColor(HexColor(book.theme.color("muted")))
    canvas.setLineWidth(0.4)
    canvas.line(margin, margin + book.em(1.6), margin + width, margin + book.em(1.6))
    left.drawOn(canvas, margin, margin + book.em(1.2) - height)
    right = Paragraph(xml_escape(label), style)
    right.wrap(label_width, book.em(3))
    canvas.setFont(style.fontName, style.fontSize)
    canvas.setFillColor(style.textColor)
    canvas.drawRightString(margin + width, margin + book.em(1.2) - style.fontSize, label)
    canvas.restoreState()
