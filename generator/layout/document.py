"""Every PDF starts here, so all of them are made alike.

Deterministic (reportlab's invariant mode), compressed, with title, author, subject, keywords
and language set, and asking printers not to scale the page. Canvases start in the theme's own
(embedded) font, so no unused, unembedded Helvetica is declared; with a tagger they record
marked content for the structure tree (layout/tagging.py).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.frames import Frame

from generator.layout.info import DocInfo
from generator.layout.pages import Page
from generator.layout.tagging import TaggedCanvas, Tagger


def new_canvas(
    buffer: io.BytesIO,
    page: Page,
    info: DocInfo,
    font: str | None = None,
    *,
    tagger: Tagger | None = None,
    **boxes: Any,
) -> Canvas:
    """A canvas whose initial font is ``font`` (a font the page uses), so that reportlab does
    not declare its default Helvetica, unused and unembedded, on every page; with ``tagger``
    it records marked content for the structure tree."""
    canvas = canvas_maker(tagger)(
        buffer,
        pagesize=(page.width, page.height),
        invariant=1,
        pageCompression=1,
        lang=info.lang,
        initialFontName=font,
        **boxes,
    )
    info.apply(canvas)
    canvas.setViewerPreference("PrintScaling", "None")
    return canvas


def canvas_maker(
    tagger: Tagger | None, base: type[TaggedCanvas] = TaggedCanvas
) -> Callable[..., TaggedCanvas]:
    """A canvas factory (for ``BaseDocTemplate.build``) whose canvases report to ``tagger``."""

    def make(*args: Any, **kwargs: Any) -> TaggedCanvas:
        canvas = base(*args, **kwargs)
        canvas.tagger = tagger
        return canvas

    return make


def body_frame(page: Page, margin: float, bottom: float) -> Frame:
    """The text area: the page inside its margins, above ``bottom`` (room for a footer)."""
    return Frame(
        margin,
        bottom,
        page.width - 2 * margin,
        page.height - margin - bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


def doc_template(
    buffer: io.BytesIO,
    page: Page,
    frame: Frame,
    info: DocInfo | None = None,
    on_page: Callable[[Canvas, BaseDocTemplate], None] | None = None,
    font: str | None = None,
) -> BaseDocTemplate:
    """A doc template; build it with ``canvasmaker=canvas_maker(tagger)`` to tag it."""
    details: dict[str, Any] = {}
    if info is not None:
        details = {
            "title": info.title,
            "author": info.author,
            "subject": info.subject,
            "keywords": list(info.keywords),
            "creator": info.creator,
            "lang": info.lang,
        }
    template = (
        PageTemplate("page", [frame], onPage=on_page) if on_page else PageTemplate("page", [frame])
    )
    if font is not None:
        details["initialFontName"] = font  # no unused Helvetica declared (see new_canvas)
    return BaseDocTemplate(
        buffer,
        pagesize=(page.width, page.height),
        pageTemplates=[template],
        invariant=1,
        pageCompression=1,
        **details,
    )
