"""Tables from block markup: columns sized to their content, empty columns dropped, fast.

reportlab's Table takes fixed widths and costs a style lookup per cell; a packet's log has
hundreds of cells per client. This table measures each column (its longest line and its longest
word), gives columns their natural width when they fit and shares out the rest (or the shortfall)
by how much each column can use, draws one-line cells as plain strings and wraps only the cells
that must wrap. Header rows repeat on every page; a row never splits.

Tagged as Table / TR / TH (Scope Column, ColSpan where a header spans columns) / TD; a table
without header rows has its first column as row headers (Scope Row). A linked cell holds a Link.
Header rows repeated at the top of a continued table are Artifacts: they are read once.

Styled by the theme, per region: ``<region>.table`` (``fit: full|content``, ``drop_empty``,
``row_height`` in em, ``padding`` in em, ``last_share`` (the last column's least share of
the width, for a log's notes), ``first_natural`` (the first column gets none of the spare
width), ``grid``, ``rule``, ``header_fill``), and the text
styles ``<region>.th`` (header cells) and ``<region>.td`` (body cells).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from generator.layout.flow import StyleBook, markup, paragraph
from generator.layout.tagging import Element, artifact, marked, tag, tagger_of
from generator.render.blocks import JOINED, Inline, Table, plain


@dataclass
class _Cell:
    text: str
    spans: Inline
    span: int = 1  # columns this cell covers (header cells only)
    paragraph: Paragraph | None = None
    height: float = 0.0
    element: Element | None = None  # TH or TD


def table_flowable(table: Table, book: StyleBook, region: str | None) -> Flowable:
    spec = book.spec("table", region)
    keep = list(range(len((table.header or table.rows or [[]])[0])))
    if spec.get("drop_empty", True):  # a column with no body text goes, header and all
        keep = [c for c in keep if not table.rows or any(_text(r[c]) for r in table.rows)]
    header = [_header_row(row, keep) for row in table.header]
    rows = [[_Cell(_text(row[c]), _spans(row[c])) for c in keep] for row in table.rows]
    _elements(header, rows)
    return BlockTable(header, rows, book, region, spec)


def _elements(header: list[list[_Cell | None]], rows: list[list[_Cell]]) -> None:
    """Each cell's structure element: header cells are TH, the rest TD."""
    table = Element("Table")
    for row in header:
        tr = Element("TR", table)
        for cell in row:
            if cell is not None:
                attributes: dict[str, str | int] = {"O": "Table", "Scope": "Column"}
                if cell.span > 1:
                    attributes["ColSpan"] = cell.span
                cell.element = Element("TH", tr, attributes=attributes)
    for body_row in rows:
        tr = Element("TR", table)
        for column, body_cell in enumerate(body_row):
            if column == 0 and not header:
                scope: dict[str, str | int] = {"O": "Table", "Scope": "Row"}
                body_cell.element = Element("TH", tr, attributes=scope)
            else:
                body_cell.element = Element("TD", tr)


def _text(cell: Inline | None) -> str:
    return "" if cell is None or cell == JOINED else plain(cell).strip()


def _spans(cell: Inline | None) -> Inline:
    return () if cell is None or cell == JOINED else cell


def _header_row(row: list[Inline | None], keep: list[int]) -> list[_Cell | None]:
    out: list[_Cell | None] = []
    for column in keep:
        cell = row[column]
        if cell is None and out and any(c is not None for c in out):
            owner = next(c for c in reversed(out) if c is not None)
            owner.span += 1
            out.append(None)
        else:
            out.append(_Cell(_text(cell), _spans(cell)))
    return out


class BlockTable(Flowable):
    def __init__(
        self,
        header: list[list[_Cell | None]],
        rows: list[list[_Cell]],
        book: StyleBook,
        region: str | None,
        spec: dict[str, Any],
    ) -> None:
        super().__init__()
        self.header, self.rows, self.book, self.spec = header, rows, book, spec
        self.th = book.paragraph("th", region)
        self.td = book.paragraph("td", region)
        self.pad = book.em(spec.get("padding", 0.35))
        self.min_row = book.em(spec.get("row_height", 0))
        self.spaceBefore = book.em(spec.get("space_before", 0))
        self.spaceAfter = book.em(spec.get("space_after", 0.8))
        self.widths: list[float] = []
        self.rtl = bool(book.fonts.rtl)  # right to left: the first column on the right
        self._text: Any = None  # while drawing: the text object of the plain cells
        self._pending = False  # it holds text not drawn yet
        self.header_drawn = [False]  # shared by the pieces: a repeated header is an Artifact

    def _columns(self, available: float) -> list[float]:
        count = len((self.header or self.rows or [[]])[0])
        natural = [0.0] * count
        least = [0.0] * count
        for row, style in [(r, self.th) for r in self.header] + [(r, self.td) for r in self.rows]:
            for index, cell in enumerate(row):
                if cell is None or cell.span > 1 or not cell.text:
                    continue
                width = stringWidth(cell.text, style.fontName, style.fontSize)
                natural[index] = max(natural[index], width)
                longest = max((w for w in cell.text.split()), key=len, default="")
                least[index] = max(
                    least[index], stringWidth(longest, style.fontName, style.fontSize)
                )
        natural = [n + 2 * self.pad for n in natural]
        least = [min(n, w + 2 * self.pad) for n, w in zip(natural, least, strict=True)]
        total = sum(natural)
        if total <= available:
            if self.spec.get("fit", "content") != "full" or not total:
                return natural
            # the same to each (even cells to write in); a log's set numbers keep their width
            grow = list(
                range(1 if self.spec.get("first_natural") and len(natural) > 1 else 0, len(natural))
            )
            extra = (available - total) / len(grow)
            widths = [n + extra if index in grow else n for index, n in enumerate(natural)]
            return self._last_share(widths, least, available)
        room = available - sum(least)  # share what is left by how much each column wants
        wants = [n - w for n, w in zip(natural, least, strict=True)]
        if room <= 0 or not sum(wants):
            return [w * available / sum(least) for w in least]
        widths = [w + room * x / sum(wants) for w, x in zip(least, wants, strict=True)]
        return self._last_share(widths, least, available)

    def _last_share(self, widths: list[float], least: list[float], available: float) -> list[float]:
        """The last column (a log's notes) gets at least ``last_share`` of the width.

        Taken from the other columns in proportion to what they have above their least width,
        so no column drops below its longest word.
        """
        share = float(self.spec.get("last_share", 0))
        want = share * min(available, sum(widths)) - widths[-1]
        if len(widths) < 2 or want <= 0:
            return widths
        spare = [max(0.0, w - m) for w, m in zip(widths[:-1], least[:-1], strict=True)]
        give = min(want, sum(spare))
        if give <= 0:
            return widths
        rest = [w - give * s / sum(spare) for w, s in zip(widths[:-1], spare, strict=True)]
        return [*rest, widths[-1] + give]

    def _measure(self, row: list[Any], style: Any) -> float:
        height = 0.0
        column = 0
        for cell in row:
            if cell is None:  # covered by the spanning cell before it
                continue
            width = sum(self.widths[column : column + cell.span]) - 2 * self.pad
            column += cell.span
            needs_wrap = bool(cell.text) and (
                stringWidth(cell.text, style.fontName, style.fontSize) > width + 0.01
            )
            shaped = self.book.fonts.needs_shaping(cell.text)
            if shaped:  # right-to-left or CJK: laid out by layout/shaping (no link)
                cell.paragraph = paragraph(cell.spans, style, self.book.fonts)
                _, cell.height = cell.paragraph.wrap(width, 1e6)
            elif needs_wrap or any(s.link for s in cell.spans):
                text = markup(cell.spans)
                cell.paragraph = Paragraph(_links(text, cell.spans, self.book), style)
                if any(s.link for s in cell.spans) and cell.element is not None:
                    link = Element("Link", cell.element, alt=cell.text)
                    cell.paragraph = tag(cell.paragraph, link)  # it marks its own content
                _, cell.height = cell.paragraph.wrap(width, 1e6)
            else:
                cell.paragraph, cell.height = None, style.leading
            height = max(height, cell.height)
        return max(self.min_row, height + 2 * self.pad)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if not self.widths or abs(sum(self.widths) - available_width) > 0.5:
            self.widths = self._columns(available_width)
            self.header_heights = [self._measure(r, self.th) for r in self.header]
            self.row_heights = [self._measure(r, self.td) for r in self.rows]
        self.width = sum(self.widths)
        self.height = sum(self.header_heights) + sum(self.row_heights)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        room = available_height - sum(self.header_heights)
        count = 0
        while count < len(self.rows) and room >= self.row_heights[count]:
            room -= self.row_heights[count]
            count += 1
        if count == 0 or count == len(self.rows):
            return []  # nothing fits (the whole table moves on) or everything does
        first, rest = self._copy(self.rows[:count]), self._copy(self.rows[count:])
        first.spaceAfter = 0
        rest.spaceBefore = 0
        return [first, rest]

    def _copy(self, rows: list[list[_Cell]]) -> BlockTable:
        copy = BlockTable.__new__(BlockTable)
        copy.__dict__.update(self.__dict__)
        copy.__dict__.pop("_postponed", None)  # reportlab's mark that the whole table moved on:
        # a piece inheriting it is refused as "too large" where it just needs the next page
        copy.rows = rows
        copy.row_heights = [self.row_heights[self.rows.index(r)] for r in rows]
        return copy

    def draw(self) -> None:
        """Fills, then all plain text in one text object, then the whole grid as one path."""
        canvas = self.canv
        book, spec = self.book, self.spec
        every: list[list[Any]] = [*self.header, *self.rows]
        heights = [*self.header_heights, *self.row_heights]
        fill = spec.get("header_fill", "band")
        if fill and self.header:
            canvas.setFillColor(book.color(fill))
            top = sum(self.header_heights)
            canvas.rect(0, self.height - top, self.width, top, stroke=0, fill=1)
        tagger = tagger_of(canvas)
        self._text, self._pending = canvas.beginText(), False
        repeat = self.header_drawn[0]
        y = self.height
        for index, (row, height) in enumerate(zip(every, heights, strict=True)):
            header = index < len(self.header)
            style = self.th if header else self.td
            self._draw_row(row, y, style, tagger, repeat and header)
            y -= height
        self.header_drawn[0] = True
        self._flush(tagger)
        grid = canvas.beginPath()
        y = self.height
        columns = spec.get("columns", True)  # vertical lines, for grids written in by hand
        for row, height in zip(every, heights, strict=True):
            grid.moveTo(0, y)
            grid.lineTo(self.width, y)
            if columns:
                owners: list[int] = []  # which cell covers each column
                for index, cell in enumerate(row):
                    owners.append(owners[-1] if cell is None and owners else index)
                x = 0.0
                edge = self.width if self.rtl else 0.0
                grid.moveTo(edge, y)
                grid.lineTo(edge, y - height)
                for column, width in enumerate(self.widths):
                    x += width
                    if column == len(self.widths) - 1 or owners[column] != owners[column + 1]:
                        line_x = self.width - x if self.rtl else x
                        grid.moveTo(line_x, y)
                        grid.lineTo(line_x, y - height)
            y -= height
        grid.moveTo(0, y)
        grid.lineTo(self.width, y)
        canvas.setStrokeColor(book.color(spec.get("grid", "muted")))
        canvas.setLineWidth(float(spec.get("grid_width", 0.4)))
        canvas.drawPath(grid, stroke=1, fill=0)

    def _flush(self, tagger: Any) -> None:
        """Draw the plain cells' text object so far (tagged: their marks are inside it)."""
        if not self._pending:
            return
        if tagger is None:
            self.canv.drawText(self._text)
        else:
            with tagger.hole(self.canv):
                self.canv.drawText(self._text)
        self._text, self._pending = self.canv.beginText(), False

    def _draw_row(self, row: list[Any], top: float, style: Any, tagger: Any, repeat: bool) -> None:
        """One row: plain cells into one text object, wrapped cells drawn as paragraphs.

        Tagged, each cell is its TH or TD, marked inside the text object; a header row repeated
        on a continued page is an Artifact (it is read once). A paragraph cell ends the text
        object before it, so the content stream stays in reading order.
        """
        x = 0.0
        column = 0
        bold = self.book.fonts.name("bold")
        for cell in row:
            if cell is None:  # covered by the spanning cell before it
                continue
            width = sum(self.widths[column : column + cell.span])
            cell_x = self.width - x - width if self.rtl else x
            if cell.paragraph is not None:
                if tagger is not None:
                    self._flush(tagger)
                at = (self.canv, cell_x + self.pad, top - self.pad - cell.height)
                if tagger is not None and repeat:
                    with artifact(self.canv):
                        cell.paragraph.drawOn(*at)
                elif getattr(cell.paragraph, "element", None) is None:
                    with marked(self.canv, cell.element):
                        cell.paragraph.drawOn(*at)
                else:  # a link: it marks its own content
                    cell.paragraph.drawOn(*at)
            elif not cell.text:  # a blank cell is still its column's cell, with no content
                if tagger is not None and not repeat and cell.element is not None:
                    tagger.empty(cell.element)
            else:
                text = self._text
                marks = None
                if tagger is not None and repeat:
                    marks = ("/Artifact BMC", "EMC")
                elif tagger is not None and cell.element is not None:
                    marks = tagger.inline(self.canv, cell.element)
                if marks:
                    text._code.append(marks[0])
                font = style.fontName
                if cell.spans and all(s.bold for s in cell.spans):
                    font = bold
                text.setFont(font, style.fontSize)
                text.setFillColor(style.textColor)
                baseline = top - self.pad - style.fontSize
                left = cell_x + self.pad
                if cell.span > 1:
                    left = cell_x + (width - stringWidth(cell.text, font, style.fontSize)) / 2
                text.setTextOrigin(left, baseline)
                text.textOut(cell.text)
                self._pending = True
                if marks:
                    text._code.append(marks[1])
            x += width
            column += cell.span


def _links(text: str, spans: Inline, book: StyleBook) -> str:
    """Linked spans become links to their key in the same document, in the accent colour."""
    if not any(s.link for s in spans):
        return text
    accent = book.theme.color("accent")
    parts = []
    for span in spans:
        piece = markup((span,))
        if span.link:
            piece = f'<a href="#{span.link}" color="{accent}">{piece}</a>'
        parts.append(piece)
    return "".join(parts)
