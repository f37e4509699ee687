"""A client's packet as one reportlab document: packet pages laid out, exercise pages as forms.

The story is cover, contents, schedule, handouts, cards, log. Packet pages come from templates
as blocks and are laid out by the same flow code as handouts; handout and card pages are forms
drawn once per process (layout/packet_forms.py). Every page gets the packet's footer (from the
footer template), with the credit of the drawings on the pages that show them.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable, PageBreak, Spacer
from reportlab.platypus.doctemplate import LayoutError

from generator.errors import CoachcardsError
from generator.layout import column, packet_splice, stack
from generator.layout.column import Placed
from generator.layout.document import body_frame, canvas_maker, doc_template
from generator.layout.flow import Assets, StyleBook, flowables, split_pinned, text_paragraph
from generator.layout.fonts import FontSet
from generator.layout.handout import page_book
from generator.layout.info import DocInfo
from generator.layout.packet_canvas import (
    Anchor,
    FormPage,
    Outline,
    PacketState,
    Replay,
    cover_effects,
    packet_canvas,
)
from generator.layout.packet_forms import FormLibrary
from generator.layout.packet_shared import SharedPages, share_fonts
from generator.layout.packet_splice import Skeleton, font_state
from generator.layout.packet_tags import StaticPages, prepare
from generator.layout.pages import Page
from generator.layout.tagging import Tagger, artifact
from generator.layout.theme import MM, Theme
from generator.render.blocks import Block, plain

FOOTER_LINES = 2  # what every packet page keeps free at its foot; a longer footer is refused
NARROW_FOOTER_LINES = 3  # on pages narrower than NARROW_MM (A6, 4x6) the credit line wraps
NARROW_MM = 130.0


@dataclass(frozen=True)
class Inserted:
    """An exercise's pre-rendered pages (handout or card) as forms, and their drawings' credit."""

    kind: str  # "handout" or "card"
    slug: str
    name: str
    forms: tuple[str, ...]
    credit: str | None  # printed in the footer of every page that shows a drawing
    drawn: frozenset[int]  # which of its pages (0-based) show drawings


@dataclass(frozen=True)
class Geometry:
    """Where text may go on a packet page: the same for packet pages, handouts and cards."""

    page: Page
    margin: float
    width: float
    bottom: float  # the frame's bottom: above the footer and its gap
    footer_height: float

    @property
    def footer_lines(self) -> int:
        return NARROW_FOOTER_LINES if self.page.width < NARROW_MM * MM else FOOTER_LINES


def geometry(theme: Theme, fonts: FontSet, page: Page) -> tuple[StyleBook, Geometry]:
    book, margin, width = page_book(theme, fonts, page)
    style = book.paragraph("body", "footer")
    lines = NARROW_FOOTER_LINES if page.width < NARROW_MM * MM else FOOTER_LINES
    footer_height = style.leading * lines
    bottom = margin + footer_height + book.em(theme.handout.footer_gap_em)
    return book, Geometry(page, margin, width, bottom, footer_height)


@dataclass
class PacketPages:
    """The packet pages as their templates wrote them (None: not in this packet)."""

    cover: list[Block]
    shared: SharedPages  # contents, schedule and log, laid out once per variant
    outline: list[tuple[str, str, int]]  # (title, key, level): the PDF's bookmarks


def render_packet_pdf(
    pages: PacketPages,
    inserted: list[Inserted],
    footer: Callable[[str | None], list[Block]],
    library: FormLibrary,
    theme: Theme,
    fonts: FontSet,
    page: Page,
    info: DocInfo,
    source: str,
    statics: list[StaticPages] | None = None,
    font_seed: tuple[tuple[str, str], ...] = (),
    skeleton: Skeleton | None = None,
    cut: list[Skeleton | None] | None = None,
) -> bytes:
    """The packet: packet pages laid out, exercise pages placed, a footer on every page.

    With ``statics`` (the tagged handouts' and cards' pages) the packet is a tagged PDF. With
    ``skeleton`` (its variant's, layout/packet_splice.py) only the cover is laid out and the
    name's objects are spliced in, unless the splice would differ from the whole packet
    (then it is made whole). With ``cut``, the whole packet's skeleton is appended to it.
    """
    footers_by_credit = [
        footer(credit) for credit in sorted({None, *(d.credit for d in inserted)}, key=str)
    ]
    # the characters this document lays out (the shared pages are laid out on their own)
    fonts = fonts.for_document(
        fonts.language, [b for part in [pages.cover, *footers_by_credit] for b in part]
    )
    book, where = _kept_geometry(theme, fonts, page)
    assets = Assets(logo=theme.brand.logo)

    def cover_story() -> list[Flowable]:
        story: list[Flowable] = [Outline(pages.outline), Anchor(["cover"])]
        story.append(Spacer(0, book.em(book.spec("cover").get("space_before", 0))))  # theme's
        return story + flowables(pages.cover, book, assets=assets)

    def whole_story() -> list[Flowable]:
        story = cover_story()
        for key in ("contents", "schedule"):
            if key in pages.shared.parts:
                story += [PageBreak(), Anchor([key]), *pages.shared.story(key)]
        for kind in ("handout", "card"):
            documents = [d for d in inserted if d.kind == kind]
            for number, document in enumerate(documents):
                keys = [f"{kind}-{document.slug}"] + ([f"{kind}s"] if number == 0 else [])
                for index, form in enumerate(document.forms):
                    story.append(PageBreak())
                    if index == 0:
                        story.append(Anchor(keys))
                    credit = document.credit if index in document.drawn else None
                    story.append(FormPage(library, form, credit, kind == "card", first=index == 0))
        if "log" in pages.shared.parts:
            story += [PageBreak(), Anchor(["log"]), *pages.shared.story("log")]
        return story

    footers: dict[str | None, tuple[list[Placed], str, float]] = {}

    def footer_parts(credit: str | None) -> tuple[list[Placed], str, float]:
        if credit not in footers:
            _, pinned = split_pinned(footer(credit), ("footer", "page-number"))
            label = " ".join(
                plain(b.spans) for b in pinned.get("page-number", []) if hasattr(b, "spans")
            )
            label_style = book.paragraph("body", "page-number")
            widest = label.replace("{page}", "9999").replace("{pages}", "9999")
            label_width = _label_width(widest, label_style, fonts) + book.em(1)
            items = stack.flatten(flowables(pinned.get("footer", []), book, "footer"))
            placed = column.measure(items, where.width - label_width)  # drawn as measured
            height = column.height(placed)
            if height > where.footer_height + 0.5:
                raise CoachcardsError.single(
                    source,
                    f"the packet's footer needs {height:.0f} pt but pages keep "
                    f"{where.footer_height:.0f} pt ({where.footer_lines} lines): shorten the "
                    "client's name, the program's title or the theme's footer",
                )
            footers[credit] = (placed, label, label_width)
        return footers[credit]

    for credit in {None, *(d.credit for d in inserted)}:
        footer_parts(credit)  # a footer that cannot fit is refused before anything is drawn
    label_style = book.paragraph("body", "page-number")
    label_style.alignment = 2

    label_font = (label_style.fontName, label_style.fontSize)
    credits = sorted({d.credit for d in inserted if d.credit})

    def draw_footer(canvas: Any, number: int, total: int, credit: str | None) -> None:
        with artifact(canvas):  # running footers are Artifacts when the packet is tagged
            _draw_footer(canvas, number, total, credit)

    def _draw_footer(canvas: Any, number: int, total: int, credit: str | None) -> None:
        """The footer's fixed part is a form, drawn once per packet; the page number is text."""
        placed, label, label_width = footer_parts(credit)
        top = where.margin + where.footer_height
        rtl = fonts.rtl  # right to left: the footer on the right, the page number on the left
        name = f"ccfooter{credits.index(credit) + 1 if credit else 0}"
        if not canvas.hasForm(name):
            canvas.beginForm(name)
            canvas.setStrokeColor(book.color("muted"))
            canvas.setLineWidth(0.4)
            rule_y = top + (where.bottom - top) / 2
            canvas.line(where.margin, rule_y, where.margin + where.width, rule_y)
            left = where.margin + (label_width if rtl else 0.0)
            for at in placed:  # as stack.draw does, without measuring again
                at.item.drawOn(canvas, left, top - at.bottom)
            canvas.endForm()
        canvas.doForm(name)
        if label:
            text = label.replace("{page}", str(number)).replace("{pages}", str(total))
            if fonts.needs_shaping(text):  # a label in Hebrew, Arabic, CJK: shaped, mirrored
                number_label = text_paragraph(text, label_style, fonts)
                _, height = number_label.wrap(label_width, where.footer_height)
                x = where.margin if rtl else where.margin + where.width - label_width
                number_label.drawOn(canvas, x, top - height)
                return
            canvas.setFont(*label_font)
            canvas.setFillColor(label_style.textColor)
            baseline = top - label_style.fontSize
            canvas.drawRightString(where.margin + where.width, baseline, text)

    seed = font_seed
    if skeleton is not None:  # the cover alone; its objects spliced into the skeleton
        replay = skeleton.replay()
        tagger = Tagger() if statics is not None else None
        cover = cover_story()
        _build(
            source,
            cover,
            page,
            where,
            info,
            fonts,
            tagger,
            PacketState(),
            draw_footer,
            seed,
            replay,
        )
        spliced = skeleton.fill(replay, tagger)
        if spliced is not None:
            return spliced
    tagger = Tagger() if statics is not None else None
    if tagger is not None and statics is not None:
        prepare(tagger, statics)
        pages.shared.attach(tagger)
    made: dict[str, Any] = {}

    def before_save(canvas: Any) -> None:
        document = canvas._doc
        if cut is not None:  # the fonts' codes, before the handouts' fonts replace them
            made.update(
                document=document, fonts=font_state(document), effects=cover_effects(canvas)
            )
        share_fonts(document, seed, library)

    state = PacketState()
    story = whole_story()
    data = _build(
        source, story, page, where, info, fonts, tagger, state, draw_footer, seed, None, before_save
    )
    if cut is not None:
        document = made["document"]
        total = len(document.Pages.pages)
        fonts_made = made["fonts"]
        cut.append(
            packet_splice.cut(data, document, state, total, fonts_made, made["effects"], tagger)
        )
    return data


def _build(
    source: str,
    story: list[Flowable],
    page: Page,
    where: Geometry,
    info: DocInfo,
    fonts: FontSet,
    tagger: Tagger | None,
    state: PacketState,
    draw_footer: Callable[[Any, int, int, str | None], None],
    seed: tuple[tuple[str, str], ...],
    replay: Replay | None,
    before_save: Callable[[Any], None] | None = None,
) -> bytes:
    """Lay ``story`` out and draw it on a packet canvas (which writes it, unless replaying)."""
    buffer = io.BytesIO()
    frame = body_frame(page, where.margin, where.bottom)
    template = doc_template(buffer, page, frame, info, font=fonts.regular)
    try:
        canvas = packet_canvas(
            state, draw_footer, seed=seed, before_save=before_save, replay=replay
        )
        template.build(story, canvasmaker=canvas_maker(tagger, canvas))
    except LayoutError as exc:
        raise CoachcardsError.single(source, f"the packet cannot be laid out: {exc}") from None
    return buffer.getvalue()


_geometries: dict[tuple[Any, ...], tuple[Theme, StyleBook, Geometry]] = {}
LINE_BREAKS = frozenset({0x0A})  # in a document's characters, never drawn from a font


def _kept_geometry(theme: Theme, fonts: FontSet, page: Page) -> tuple[StyleBook, Geometry]:
    """The packet's styles and geometry, made once for every client whose text the main font
    draws whole, unshaped, left to right (nearly all). A style depends on the
    theme and the fonts' names; the characters a document holds matter only to script fonts
    (cut to them, shaped), which such text never reaches. Other documents get their own."""
    drawn = (fonts.chars or frozenset()) - LINE_BREAKS
    if not drawn or not drawn <= fonts.covered or fonts.needs_shaping("".join(map(chr, drawn))):
        return geometry(theme, fonts, page)  # right to left, shaped or script text
    names = (fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic, fonts.language)
    key = (id(theme), id(fonts.scripts), names, page)
    kept = _geometries.get(key)
    if kept is None or kept[0] is not theme:
        if len(_geometries) >= 16:
            _geometries.clear()
        book, where = geometry(theme, dataclasses.replace(fonts, chars=None), page)
        kept = _geometries[key] = (theme, book, where)
    return kept[1], kept[2]


_label_widths: dict[tuple[Any, ...], float] = {}


def _label_width(text: str, style: Any, fonts: FontSet) -> float:
    """The page-number label's widest width: the same for every client, so kept (text its
    style's font draws whole, unshaped: then its width is that font's widths, nothing else)."""
    if fonts.needs_shaping(text) or not fonts.covered.issuperset(map(ord, text)):
        return _one_line_width(text_paragraph(text, style, fonts))  # shaped or a fallback font
    key = (
        text,
        style.fontName,
        style.fontSize,
        style.leading,
        style.leftIndent,
        style.rightIndent,
        style.firstLineIndent,
    )
    if key not in _label_widths:
        if len(_label_widths) > 64:
            _label_widths.clear()
        _label_widths[key] = _one_line_width(text_paragraph(text, style, fonts))
    return _label_widths[key]


def _one_line_width(flowable: Any) -> float:
    """The width of a one-line paragraph's text (shaped or not)."""
    flowable.wrap(1e6, 1e6)
    return float(max(flowable.getActualLineWidths0(), default=0.0))
