"""A handout: as many pages as the content needs, with a running footer and Page X of Y.

Headings keep with what follows them and each question stays with its answer (KeepTogether),
so nothing is stranded at the foot of a page. The total page count is only known at the end,
so the footers are drawn when the canvas is saved (the usual numbered-canvas recipe). Tagged
by default: the footers are Artifacts, every block an element of the structure tree.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.doctemplate import LayoutError

from generator.errors import CoachcardsError
from generator.layout import stack
from generator.layout.document import body_frame, canvas_maker, doc_template
from generator.layout.flow import (
    NO_ALT_TEXTS,
    AltTexts,
    Assets,
    StyleBook,
    flowables,
    split_pinned,
    text_paragraph,
)
from generator.layout.fonts import FontSet
from generator.layout.info import DocInfo
from generator.layout.pages import Page
from generator.layout.tagging import TaggedCanvas, Tagger, artifact
from generator.layout.theme import Theme
from generator.render.blocks import Block, plain


def page_book(theme: Theme, fonts: FontSet, page: Page) -> tuple[StyleBook, float, float]:
    """Styles, margin and text width for a handout-like page (handouts, packet pages)."""
    doc = theme.handout
    body_pt = float(doc.body_pt.get(page.name) or doc.body_pt["letter"])
    margin = doc.margin_pt(page.width, page.height)
    return StyleBook(doc, theme, fonts, body_pt), margin, page.width - 2 * margin


def render_handout(
    blocks: list[Block],
    page: Page,
    theme: Theme,
    fonts: FontSet,
    info: DocInfo,
    source: str,
    images: tuple[Path, ...] = (),
    running_footer: bool = True,
    alt: AltTexts = NO_ALT_TEXTS,
    tagged: bool = True,
) -> bytes:
    """The handout PDF; without ``running_footer`` its foot is left blank for a packet's own."""
    book, margin, width = page_book(theme, fonts, page)
    flowing, pinned = split_pinned(blocks, ("footer", "page-number"))
    drawings_height = book.em(book.spec("drawings").get("max_height", 15))
    assets = Assets(images, drawings_height, theme.brand.logo, alt.images, alt.logo, alt.qr)
    story = flowables(flowing, book, assets=assets)
    label = " ".join(plain(b.spans) for b in pinned.get("page-number", []) if hasattr(b, "spans"))
    label_style = book.paragraph("body", "page-number")
    label_style.alignment = 2  # right
    widest_label = label.replace("{page}", "999").replace("{pages}", "999")
    label_width = _width(text_paragraph(widest_label, label_style, fonts)) + book.em(1.0)
    label_width = label_width if label else 0.0
    rtl = fonts.rtl  # right to left: the footer on the right, the page number on the left
    footer = stack.flatten(flowables(pinned.get("footer", []), book, "footer"))
    footer_width = width - label_width
    footer_height = max(stack.height(footer, footer_width), label_style.leading if label else 0)
    gap = book.em(theme.handout.footer_gap_em)
    bottom = margin + footer_height + gap

    def draw_footer(canvas: Canvas, number: int, total: int) -> None:
        if not running_footer:
            return
        with artifact(canvas):
            _draw_footer(canvas, number, total)

    def _draw_footer(canvas: Canvas, number: int, total: int) -> None:
        canvas.saveState()
        canvas.setStrokeColor(book.color("muted"))
        canvas.setLineWidth(0.4)
        rule_y = margin + footer_height + gap / 2
        canvas.line(margin, rule_y, margin + width, rule_y)
        footer_x = margin + (label_width if rtl else 0.0)
        stack.draw(canvas, footer, footer_x, margin + footer_height, footer_width)
        if label:
            text = label.replace("{page}", str(number)).replace("{pages}", str(total))
            number_label = text_paragraph(text, label_style, fonts)
            _, height = number_label.wrap(label_width, footer_height)
            label_x = margin if rtl else margin + width - label_width
            number_label.drawOn(canvas, label_x, margin + footer_height - height)
        canvas.restoreState()

    buffer = io.BytesIO()
    frame = body_frame(page, margin, bottom)
    document = doc_template(buffer, page, frame, info, font=fonts.regular)
    tagger = Tagger() if tagged else None
    try:
        document.build(story, canvasmaker=canvas_maker(tagger, numbered_canvas(draw_footer)))
    except LayoutError as exc:
        raise CoachcardsError.single(source, f"the handout cannot be laid out: {exc}") from None
    return buffer.getvalue()


def _width(flowable: Any) -> float:
    """The width of a one-line paragraph's text."""
    flowable.wrap(1e6, 1e6)
    return float(max(flowable.getActualLineWidths0(), default=0.0))


def numbered_canvas(draw_footer: Callable[[Canvas, int, int], None]) -> type[TaggedCanvas]:
    """A canvas that draws every page's footer at the end, when the page count is known."""

    class NumberedCanvas(TaggedCanvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:  # Canvas's own signature
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self.setViewerPreference("PrintScaling", "None")

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's private page reset

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                draw_footer(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


__all__ = ["render_handout"]
