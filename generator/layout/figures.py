"""The card's pictures: drawings that fill their region, and a QR code with a one-line label.

Drawings are laid out in a row or a column, whichever makes them larger in the box the layout
gives them, each under its caption ("Start", "Finish"). The QR code prints a short label (the
site's name, or "Video") on one line under it, never the address broken over several lines.
"""

from __future__ import annotations

import hashlib
import zlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from generator.layout.images import VectorOps, load_image
from generator.layout.place import Filler
from generator.layout.tagging import Element, marked

if TYPE_CHECKING:
    from generator.layout.shaping import ScriptParagraph

Caption: TypeAlias = "Paragraph | ScriptParagraph"  # a shaped caption: right to left, CJK


class DrawingGrid(Filler):
    """Images at one height in a row (or one width in a column), centred in the box."""

    def __init__(
        self,
        paths: list[Path],
        captions: list[Caption | None],
        gap: float,
        alts: list[str] | None = None,
        rtl: bool = False,
    ) -> None:
        super().__init__()
        self.rtl = rtl  # right to left: a row starts at the right (the start drawing first)
        self.images = [load_image(p) for p in paths]
        texts = alts or []
        # each drawing is a Figure of the tagged PDF, with its alt text (or its file's name)
        self.figures = [
            Element("Figure", alt=texts[i] if i < len(texts) else p.stem)
            for i, p in enumerate(paths)
        ]
        self.captions, self.gap = captions, gap
        self.caption_height = 0.0
        self._rooms: dict[float, float] = {}

    def _caption_room(self, width: float) -> float:
        """The tallest caption at ``width``, kept per width: the grid is planned at two or three
        widths every time it is wrapped (to be placed, then to be drawn), and its captions
        never change, so each is wrapped once a width."""
        room = self._rooms.get(width)
        if room is None:
            heights = [c.wrap(width, 1e6)[1] for c in self.captions if c is not None]
            room = self._rooms[width] = max(heights, default=0.0)
        return room

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, self.box_height
        self._plan()
        return self.width, self.height

    def _plan(self) -> None:
        """Choose the row or the column that draws the images larger."""
        count = len(self.images)
        aspects = [w / h for _, w, h in self.images]
        best: tuple[float, str, float] = (-1.0, "row", 0.0)
        for mode in ("row", "column"):
            if mode == "row":
                cell = (self.width - self.gap * (count - 1)) / count
                caption = self._caption_room(cell)
                height = min(
                    self.height - caption, (self.width - self.gap * (count - 1)) / sum(aspects)
                )
                area = sum(height * height * a for a in aspects)
            else:
                caption = self._caption_room(self.width)
                each = (self.height - (caption + self.gap) * count + self.gap) / count
                height = min(each, min(self.width / a for a in aspects))
                area = sum(height * height * a for a in aspects)
            if height > 0 and area > best[0]:
                best = (area, mode, height)
        _, self.mode, self.image_height = best
        self.image_height = max(self.image_height, 0.0)
        self.caption_height = self._caption_room(
            self.width if self.mode == "column" else self.width / max(count, 1)
        )
        widths = [self.image_height * a for a in aspects]
        if self.mode == "row":
            total = sum(widths) + self.gap * (count - 1)
            self.content_width = total
        else:
            self.content_width = max(widths, default=0.0)

    def draw(self) -> None:
        count = len(self.images)
        widths = [self.image_height * w / h for _, w, h in self.images]
        cell_h = self.image_height + self.caption_height
        if self.mode == "row":
            total = sum(widths) + self.gap * (count - 1)
            x = (self.width - total) / 2
            top = self.height - max((self.height - cell_h) / 2, 0.0)
            order = list(reversed(range(count))) if self.rtl else list(range(count))
            lefts = [0.0] * count
            for index in order:
                lefts[index] = x
                x += widths[index] + self.gap
            for index in range(count):  # drawn (and tagged) in reading order: start first
                self._cell(index, lefts[index], top, widths[index])
        else:
            total = cell_h * count + self.gap * (count - 1)
            top = self.height - max((self.height - total) / 2, 0.0)
            for index, width in enumerate(widths):
                self._cell(index, (self.width - width) / 2, top, width)
                top -= cell_h + self.gap

    def _cell(self, index: int, x: float, top: float, width: float) -> None:
        """One drawing, its top-left at (x, top), and its caption under it."""
        image, w, h = self.images[index]
        bottom = top - self.image_height
        with marked(self.canv, self.figures[index]):
            _draw_image(self.canv, image, w, h, x, bottom, width, self.image_height)
        caption = self.captions[index] if index < len(self.captions) else None
        if caption is not None:
            line = self.caption_width(caption)
            # a shaped caption (layout/shaping) aligns itself: give it its own width to centre
            _, height = caption.wrap(
                max(width, line) if isinstance(caption, Paragraph) else line, 1e6
            )
            used = max(caption.getActualLineWidths0() or [0.0])
            caption.drawOn(self.canv, x + (width - used) / 2, bottom - height)

    @staticmethod
    def caption_width(caption: Caption) -> float:
        """The caption's width on one line (a shaped one measures its own glyphs)."""
        if isinstance(caption, Paragraph):
            text = caption.getPlainText()
            return stringWidth(text, caption.style.fontName, caption.style.fontSize) + 1.0
        caption.wrap(1e6, 1e6)
        return max(caption.getActualLineWidths0() or [0.0]) + 1.0


def _draw_image(
    canvas: Any, image: Any, w: float, h: float, x: float, y: float, width: float, height: float
) -> None:
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(x, y, width, height)
    canvas.clipPath(clip, stroke=0, fill=0)
    if isinstance(image, VectorOps | Drawing):
        canvas.translate(x, y)
        canvas.scale(width / w, height / h)
        if isinstance(image, VectorOps):
            canvas.doForm(_vector_form(canvas, image.operators, w, h))
        else:
            renderPDF.draw(image, canvas, 0, 0)
    else:
        canvas.drawImage(image, x, y, width, height, mask="auto")
    canvas.restoreState()


@lru_cache(maxsize=256)
def _qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """The code's modules, encoded once per address and process: reportlab's encoder takes
    about 16 ms, and the same code was encoded again for every drawing of it (a card and its
    handout in one build, a server rendering the same card again)."""
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.make()
    count = code.getModuleCount()
    return tuple(tuple(bool(code.isDark(row, col)) for col in range(count)) for row in range(count))


@lru_cache(maxsize=256)
def _compressed(operators: str) -> tuple[str, bytes]:
    """A drawing's operators compressed once per process, and a name from their digest."""
    data = operators.encode("latin-1")
    return "D" + hashlib.sha256(data).hexdigest()[:20], zlib.compress(data)


def _vector_form(canvas: Any, operators: str, width: float, height: float) -> str:
    """The drawing as a form XObject of this PDF whose stream is already compressed.

    Appended to the page's own stream, every card compressed every drawing again (a third of
    a card's time, measured); a form with a ready FlateDecode stream is written as it is.
    """
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream

    name, data = _compressed(operators)
    if not canvas.hasForm(name):
        header = PDFDictionary(
            {
                "Type": PDFName("XObject"),
                "Subtype": PDFName("Form"),
                "BBox": PDFArray([0, 0, width, height]),
                "Resources": PDFDictionary({}),
                "Filter": PDFArray([PDFName("FlateDecode")]),
            }
        )
        canvas._doc.addForm(name, PDFStream(header, data))
    return name


class QrCode(Flowable):
    """A QR code ``size`` points square, with its label on one line underneath."""

    def __init__(
        self, url: str, size: float, label: Caption | None, figure: Element | None = None
    ) -> None:
        super().__init__()
        self.url, self.size, self.label = url, size, label
        self.figure = figure or Element("Figure", alt=f"QR code: {url}")
        self.min_width = DrawingGrid.caption_width(label) if label is not None else 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.side = min(self.size, available_width)
        self.label_height = 0.0
        self.label_width = 0.0
        if self.label is not None:
            self.label_width = DrawingGrid.caption_width(self.label)
            wrap_width = max(self.label_width, self.side)
            if not isinstance(self.label, Paragraph):  # shaped: it aligns itself
                wrap_width = self.label_width
            _, self.label_height = self.label.wrap(wrap_width, available_height)
        # the label stays on one line: wider than the region, it counts as a line too wide
        self.wide_lines = 1 if self.label_width > available_width + 0.5 else 0
        self.content_width = max(self.side, min(self.label_width, available_width))
        self.width, self.height = self.content_width, self.side + self.label_height
        return self.width, self.height

    def draw(self) -> None:
        with marked(self.canv, self.figure):
            draw_qr(self.canv, self.url, (self.width - self.side) / 2, self.label_height, self.side)
        if self.label is not None:
            used = max(self.label.getActualLineWidths0() or [0.0])
            self.label.drawOn(self.canv, (self.width - used) / 2, 0)


def draw_qr(canvas: Any, url: str, x: float, y: float, side: float) -> None:
    """The code as filled squares, one rectangle per run of dark modules.

    Drawn directly rather than through reportlab's graphics renderer, which sets its default
    font (Helvetica) and so declares a font the page never uses.
    """
    matrix = _qr_matrix(url)
    quiet = 2  # modules of white around the code, inside ``side``
    module = side / (len(matrix) + 2 * quiet)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for row, cells in enumerate(matrix):
        top = y + side - (quiet + row) * module
        col = 0
        while col < len(cells):
            if not cells[col]:
                col += 1
                continue
            start = col
            while col < len(cells) and cells[col]:
                col += 1
            path.rect(x + (quiet + start) * module, top - module, (col - start) * module, module)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
