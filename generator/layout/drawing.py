"""One drawing alone on a small page: the picture of an exercise in a list (the web page's).

The drawing goes through the same reader as cards and handouts (images.load_image), so a
drawing that would be refused on a card is refused here too, and nothing in it is handed to a
browser as SVG.
"""

from __future__ import annotations

import io
from pathlib import Path

from generator.layout.document import new_canvas
from generator.layout.images import ImageRow, load_image
from generator.layout.info import DocInfo
from generator.layout.pages import Page

HEIGHT = 144.0  # points; the page's width follows the drawing's proportions


def render_drawing(path: Path, title: str) -> bytes:
    _, width, height = load_image(path)
    page_width = max(1.0, min(4 * HEIGHT, HEIGHT * width / height))
    page = Page("drawing", page_width, HEIGHT, False)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, page, DocInfo(title, "coachcards", title, (), "en"))
    row = ImageRow([path], HEIGHT, 0.0)
    row.wrap(page_width, HEIGHT)
    row.drawOn(canvas, 0, 0)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
