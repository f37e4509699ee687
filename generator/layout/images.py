"""Drawings and photos on the page, and the QR code for a video link.

Images scale uniformly to a shared height (never distorted), are centred, and are clipped to
their own box, so a drawing can never spill over text. Files are read and checked in
``layout/drawings`` (safe SVG subset, PNG and JPEG only, a cache bounded by bytes), so a card
and a handout of the same exercise convert each file once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, Paragraph

from generator.layout import drawings
from generator.layout.drawings import VectorOps
from generator.layout.tagging import Element, marked


def load_image(path: Path) -> tuple[Any, float, float]:
    """(image, width, height), loaded and checked once per process (layout/drawings)."""
    loaded = drawings.load(path)
    return loaded.image, loaded.width, loaded.height


class ImageRow(Flowable):
    """Images side by side at one height, no taller than ``max_height``.

    Each image is a Figure of the structure tree with its alt text (from ``alts``).
    """

    def __init__(
        self,
        paths: list[Path],
        max_height: float,
        gap: float,
        align: str = "center",
        alts: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.align = align
        self.images = [load_image(p) for p in paths]
        self.max_height, self.gap = max_height, gap
        texts = alts or []
        self.figures = [
            Element("Figure", alt=texts[i] if i < len(texts) else p.stem)
            for i, p in enumerate(paths)
        ]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        aspect_sum = sum(w / h for _, w, h in self.images)
        room = available_width - self.gap * (len(self.images) - 1)
        self.row_height = max(0.0, min(self.max_height, room / aspect_sum))
        self.width, self.height = available_width, self.row_height
        return available_width, self.row_height

    def draw(self) -> None:
        canvas = self.canv
        widths = [w * self.row_height / h for _, w, h in self.images]
        spare = self.width - sum(widths) - self.gap * (len(widths) - 1)
        x = spare / 2 if self.align == "center" else 0.0
        for (image, w, h), width, figure in zip(self.images, widths, self.figures, strict=True):
            with marked(canvas, figure):
                self._draw_image(image, w, h, x, width)
            x += width + self.gap

    def _draw_image(self, image: Any, w: float, h: float, x: float, width: float) -> None:
        canvas = self.canv
        canvas.saveState()
        clip = canvas.beginPath()
        clip.rect(x, 0, width, self.row_height)
        canvas.clipPath(clip, stroke=0, fill=0)
        if isinstance(image, VectorOps | Drawing):
            canvas.translate(x, 0)
            canvas.scale(width / w, self.row_height / h)
            if isinstance(image, VectorOps):
                canvas._code.append(image.operators)  # type: ignore[attr-defined]  # private
            else:
                renderPDF.draw(image, canvas, 0, 0)
        else:
            canvas.drawImage(image, x, 0, width, self.row_height, mask="auto")
        canvas.restoreState()


class QrBlock(Flowable):
    """A QR code for a link, with the link printed under it so it works without a phone.

    The code is a Figure (its alt says where it leads); the caption is tagged on its own.
    """

    def __init__(
        self, url: str, size: float, caption: Paragraph, figure: Element | None = None
    ) -> None:
        super().__init__()
        self.url, self.size, self.caption = url, size, caption
        self.figure = figure or Element("Figure", alt=f"QR code: {url}")

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.block_width = min(self.size, available_width)
        _, caption_height = self.caption.wrap(self.block_width, available_height)
        self.caption_height = caption_height
        self.width, self.height = self.block_width, self.block_width + caption_height
        return self.width, self.height

    def draw(self) -> None:
        from generator.layout.figures import draw_qr

        with marked(self.canv, self.figure):
            draw_qr(self.canv, self.url, 0, self.caption_height, self.block_width)
        self.caption.drawOn(self.canv, 0, 0)


class SideBySide(Flowable):
    """A column of flowables on the left and one block on the right, bottoms aligned."""

    def __init__(self, left: list[Flowable], right: Flowable, gap: float) -> None:
        super().__init__()
        self.left, self.right, self.gap = left, right, gap

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        from generator.layout import stack

        right_width, right_height = self.right.wrap(available_width / 3, available_height)
        self.left_width = available_width - right_width - self.gap
        left_height = stack.height(self.left, self.left_width)
        self.width, self.height = available_width, max(left_height, right_height)
        self.right_width, self.left_height = right_width, left_height
        return self.width, self.height

    def draw(self) -> None:
        from generator.layout import stack

        stack.draw(self.canv, self.left, 0, self.left_height, self.left_width)
        self.right.drawOn(self.canv, self.width - self.right_width, 0)
