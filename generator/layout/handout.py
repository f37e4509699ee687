"""A handout: as many pages as the content needs, with a running footer and Page X of Y.

Headings keep with what follows them and each question stays with its answer (KeepTogether),
so nothing is stranded at the foot of a page. The total page count is only known at the end,
so the footers are drawn when the canvas is saved (the usual numbered-canvas recipe). Tagged
by default: the footers are Artifacts, every block an element of the structure tree.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
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


def page_book(
    theme: Theme, fonts: FontSet, page: Page, scale: float = 1.0
) -> tuple[StyleBook, float, float]:
    """Styles, margin and text width for a handout-like page (handouts, packet pages)."""
    doc = theme.handout
    body_pt = float(doc.body_pt.get(page.name) or doc.body_pt["letter"]) * scale
    margin = doc.margin_pt(page.width, page.height)
    return StyleBook(doc, theme, fonts, body_pt), margin, page.width - 2 * margin


# A last page this full or less, per full page before it, may be saved. At 90% type a page holds
# about 1.23 pages of text in theory; headings kept with what follows, drawings and breaks leave
# less: on the library's handouts no last page fuller than 18% came back at A5 and Letter.
NEARLY_EMPTY = 0.18


def may_save_a_page(pages: int, last_fill: float) -> bool:
    """Whether a document of ``pages`` whose last page is ``last_fill`` full is worth laying out
    again smaller: the one rule for handouts on their own and in packets."""
    return pages > 1 and last_fill <= NEARLY_EMPTY * (pages - 1)


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
    """The handout PDF; without ``running_footer`` its foot is left blank for a packet's own.

    A handout whose last page would hold only a few lines is set a little smaller (at the
    theme's ``shrink_to_save_page`` share of its size) when that saves the page: a coach should
    not print a sheet for one sentence. One smaller size, not a search: handouts of a library
    come in two sizes at most, and it costs one more layout only where a last page is nearly
    empty. Footers keep their size.
    """

    def layout(scale: float) -> Laid:
        book, margin, width = page_book(theme, fonts, page, scale)
        foot = page_book(theme, fonts, page)[0] if scale != 1.0 else book  # footers keep their size
        flowing, pinned = split_pinned(blocks, ("footer", "page-number"))
        drawings_height = book.em(book.spec("drawings").get("max_height", 15))
        assets = Assets(images, drawings_height, theme.brand.logo, alt.images, alt.logo, alt.qr)
        story = flowables(flowing, book, assets=assets)
        label = " ".join(
            plain(b.spans) for b in pinned.get("page-number", []) if hasattr(b, "spans")
        )
        label_style = foot.paragraph("body", "page-number")
        label_style.alignment = 2  # right
        widest_label = label.replace("{page}", "999").replace("{pages}", "999")
        label_width = _width(text_paragraph(widest_label, label_style, fonts)) + foot.em(1.0)
        label_width = label_width if label else 0.0
        rtl = fonts.rtl  # right to left: the footer on the right, the page number on the left
        footer = stack.flatten(flowables(pinned.get("footer", []), foot, "footer"))
        footer_width = width - label_width
        footer_height = max(stack.height(footer, footer_width), label_style.leading if label else 0)
        gap = foot.em(theme.handout.footer_gap_em)
        bottom = margin + footer_height + gap

        def draw_footer(canvas: Canvas, number: int, total: int) -> None:
            if not running_footer:
                return
            with artifact(canvas):
                _draw_footer(canvas, number, total)

        def _draw_footer(canvas: Canvas, number: int, total: int) -> None:
            canvas.saveState()
            canvas.setStrokeColor(foot.color("muted"))
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
        last: Any = document.frame  # where the text ended on the last page (private, unstubbed)
        used = (last._y2 - last._y) / max(last._y2 - last._y1, 1e-6)
        return Laid(buffer.getvalue(), document.page, used)

    laid = layout(1.0)
    floor = theme.handout.shrink_to_save_page  # 0.5 to 1, checked where the theme says it
    if floor >= 1.0 or not may_save_a_page(laid.pages, laid.last_fill):
        return laid.data
    smaller = layout(floor)  # one size for every handout that saves a page: one more layout
    return (smaller if smaller.pages < laid.pages else laid).data


@dataclass(frozen=True)
class Laid:
    data: bytes
    pages: int
    last_fill: float  # share of the last page's text area used


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
