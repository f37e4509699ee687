"""The parts of a packet's frame: contents, schedule tables, log grids, and the footer.

Tables use plain strings where nothing wraps (a log has hundreds of cells) and Paragraphs where
text may wrap or link (exercise names, notes).
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape as xml_escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from generator.layout.flow import StyleBook, text_paragraph
from generator.program.model import Day, Program

LOG_WEEKS_PER_TABLE = 6


def heading(text: str, book: StyleBook) -> Flowable:
    return text_paragraph(text, book.paragraph("h2"), book.fonts)


def sections_for(
    program: Program, names: dict[str, str], inserted: list[Any], labels: dict[str, str]
) -> tuple[list[tuple[str, str, int]], Any]:
    """The outline's section entries, and a function making the packet pages' flowables."""
    from generator.layout.packet import Sections
    from generator.layout.packet_canvas import Anchor, TocLine

    outline = [(program.title, "cover", 0)]
    if "contents" in program.parts:
        outline.append((labels["contents"], "contents", 1))
    if "schedule" in program.parts:
        outline.append((labels["schedule"], "schedule", 1))
    kinds = [k for k in ("handout", "card") if any(d.kind == k for d in inserted)]
    outline += [(labels[f"{k}s"], f"{k}s", 0) for k in kinds]
    if "log" in program.parts:
        outline.append((labels["log"], "log", 0))
    linked = {d.slug for d in inserted if d.kind == "handout"}

    def make(state: Any, book: StyleBook, where: Any, cover: Any) -> Any:
        width = where.width
        contents: list[Flowable] | None = None
        if "contents" in program.parts:
            rows: list[tuple[str, str, int]] = []
            if "schedule" in program.parts:
                rows.append((labels["schedule"], "schedule", 0))
                rows += [(_day_title(d), f"day{n}", 1) for n, d in enumerate(program.days, 1)]
            for kind in kinds:
                rows.append((labels[f"{kind}s"], f"{kind}s", 0))
                rows += [(d.name, f"{kind}-{d.slug}", 1) for d in inserted if d.kind == kind]
            if "log" in program.parts:
                rows.append((labels["log"], "log", 0))
            contents = [heading(labels["contents"], book)]
            for text, key, level in rows:
                style = book.paragraph("h3" if level == 0 else "body", "contents")
                contents.append(
                    TocLine(
                        text_paragraph(text, style, book.fonts),
                        key,
                        state,
                        style,
                        book.em(1.5) * level,
                    )
                )
        schedule: list[Flowable] | None = None
        if "schedule" in program.parts:
            schedule = [heading(labels["schedule"], book)]
            for number, day in enumerate(program.days, start=1):
                entries = [(_day_title(day), f"day{number}", 1)]
                entries += [
                    (names.get(e.slug, e.slug), f"handout-{e.slug}", 2)
                    for e in day.entries
                    if e.slug in linked
                ]
                mark = Anchor(state, [f"day{number}"], entries)
                schedule.append(day_table(program, day, mark, labels, book, width, linked, names))
        log: list[Flowable] | None = None
        if "log" in program.parts:
            log = [heading(labels["log"], book)]
            for day in program.days:
                for entry in day.entries:
                    log.append(
                        log_grid(
                            program,
                            _day_title(day),
                            names.get(entry.slug, entry.slug),
                            entry.sets,
                            labels,
                            book,
                            width,
                        )
                    )
        return Sections(cover, contents, schedule, log)

    return outline, make


def _day_title(day: Any) -> str:
    return day.name if not day.week else f"{day.week} · {day.name}"


def cell(
    text: str | None, style: ParagraphStyle, width: float, fonts: Any = None
) -> str | Flowable:
    """Plain text where it fits on one line (fast to lay out), a Paragraph where it must wrap
    or where its script needs shaping (layout/shaping)."""
    text = text or ""
    if fonts is not None and fonts.needs_shaping(text):
        return text_paragraph(text, style, fonts)
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
    names: dict[str, str],
) -> Flowable:
    small = book.paragraph("body", "table")
    bold = book.paragraph("h3", "table")
    widths = [width * f for f in (0.30, 0.12, 0.12, 0.10, 0.10, 0.26)]
    keys = ("exercise", "sets_reps", "load", "tempo", "rest", "notes_heading")
    rows: list[list[str | Flowable]] = [
        [cell(labels[k], bold, w, book.fonts) for k, w in zip(keys, widths, strict=True)]
    ]
    for entry in day.entries:
        plain_name = names.get(entry.slug, entry.slug)
        name = xml_escape(plain_name)
        if entry.slug in linked and not book.fonts.needs_shaping(plain_name):
            accent = book.theme.color("accent")
            name = f'<a href="#handout-{entry.slug}" color="{accent}">{name}</a>'
        sets_reps = " × ".join(str(v) for v in (entry.sets, entry.reps) if v is not None)
        load = entry.load
        if load and load.replace(".", "", 1).isdigit():
            load = f"{load} {program.units}"
        values = (sets_reps, load, entry.tempo, entry.rest, entry.notes)
        shaped = book.fonts.needs_shaping(plain_name)
        first: list[str | Flowable] = [
            text_paragraph(plain_name, small, book.fonts) if shaped else Paragraph(name, small)
        ]
        rows.append(
            first + [cell(v, small, w, book.fonts) for v, w in zip(values, widths[1:], strict=True)]
        )
    title = _day_title(day)
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
    heading = text_paragraph(title, book.paragraph("h3"), book.fonts)
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
    parts: list[Flowable] = [text_paragraph(f"{name} · {day}", book.paragraph("h3"), book.fonts)]
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
