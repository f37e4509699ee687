"""The card's regions as flowables: one small function per kind of region.

``sort_blocks`` puts each of the template's blocks in the layout region it belongs to (the
name heading in ``title``, a ``::: band`` in ``band``...; anything the layout does not place
goes to its ``rest`` region, so nothing a template prints is lost). ``region_flowables`` builds
every region at one body size.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportlab.platypus import Flowable, Paragraph

from generator.layout import stack
from generator.layout.figures import Caption, DrawingGrid, QrCode
from generator.layout.flow import (
    NO_ALT_TEXTS,
    AltTexts,
    Assets,
    StyleBook,
    flowables,
    markup,
    paragraph,
)
from generator.layout.regions import REGIONS, Layout
from generator.layout.shapes import Balanced
from generator.layout.tagging import Element, tag
from generator.render.blocks import Block, Heading, Para, Region, plain


def sort_blocks(blocks: list[Block], layout: Layout) -> dict[str, list[Block]]:
    placed = set(layout.root.regions())
    out: dict[str, list[Block]] = {}
    for block in blocks:
        if isinstance(block, Heading) and block.level == 1:
            name = "title"
        elif isinstance(block, Region) and block.name in REGIONS:
            name = block.name
        else:
            name = layout.rest
        if name in layout.omit:
            continue
        if name not in placed:
            name = layout.rest
        out.setdefault(name, []).append(block)
    return out


def region_flowables(
    regions: dict[str, list[Block]],
    layout: Layout,
    book: StyleBook,
    images: tuple[Path, ...],
    steps: dict[str, int],
    alt: AltTexts = NO_ALT_TEXTS,
) -> dict[str, list[Flowable]]:
    """Every region's flowables at the book's body size; ``alt`` says what each picture shows
    (the Figures of the tagged PDF)."""
    out: dict[str, list[Flowable]] = {}
    for name, blocks in regions.items():
        build = _BUILDERS.get(name, _text)
        out[name] = build(blocks, book, _Context(layout, images, steps, alt))
    return out


class _Context:
    def __init__(
        self, layout: Layout, images: tuple[Path, ...], steps: dict[str, int], alt: AltTexts
    ) -> None:
        self.layout, self.images, self.steps, self.alt = layout, images, steps, alt

    def size_em(self, region: str, default: float) -> float:
        for entry in self.layout.root.entries():
            if entry.kind == "region" and entry.region == region and entry.sizes:
                return entry.sizes[min(self.steps.get(region, 0), len(entry.sizes) - 1)]
        return default


def _text(blocks: list[Block], book: StyleBook, _: _Context) -> list[Flowable]:
    return stack.flatten(flowables(blocks, book))


def _logo(blocks: list[Block], book: StyleBook, context: _Context) -> list[Flowable]:
    assets = Assets(logo=book.theme.brand.logo, logo_alt=context.alt.logo)
    return stack.flatten(flowables(blocks, book, assets=assets))


def _title(blocks: list[Block], book: StyleBook, _: _Context) -> list[Flowable]:
    """The name, in lines of balanced length ("Weighted One Leg / Hip Thrust")."""
    items = stack.flatten(flowables(blocks, book))
    return [Balanced(i) if isinstance(i, Paragraph) else i for i in items]


def _drawings(blocks: list[Block], book: StyleBook, context: _Context) -> list[Flowable]:
    """The exercise's drawings; the region's paragraphs are captions, first and last image."""
    if not context.images:
        return []
    style = book.paragraph("body", "drawings")
    texts = [
        b.spans
        for r in blocks
        if isinstance(r, Region)
        for b in r.blocks
        if isinstance(b, Para) and markup(b.spans)
    ]
    count = len(context.images)
    captions: list[Caption | None] = [None] * count
    if count > 1 and texts:
        # through flow.paragraph, so that a caption in Arabic or Japanese is shaped
        captions[0] = tag(paragraph(texts[0], style, book.fonts), Element("P"))
        captions[-1] = tag(paragraph(texts[-1], style, book.fonts), Element("P"))
    grid = DrawingGrid(
        list(context.images),
        captions,
        book.em(1.0),
        list(context.alt.images),
        rtl=book.fonts.rtl,
    )
    grid.spaceAfter = book.em(book.spec("drawings").get("space_after", 0.8))
    return [grid]


def _qr(blocks: list[Block], book: StyleBook, context: _Context) -> list[Flowable]:
    """The video's QR code, labelled on one line with its site's name (or "Video")."""
    paras = [b for r in blocks if isinstance(r, Region) for b in r.blocks if isinstance(b, Para)]
    if not paras:
        return []
    url = plain(paras[0].spans).strip()
    label = None
    if len(paras) > 1:
        style = book.paragraph("body", "qr")
        label = tag(paragraph(paras[1].spans, style, book.fonts), Element("P"))
    size = book.em(context.size_em("qr", float(book.spec("qr").get("size", 4.0))))
    figure = Element("Figure", alt=context.alt.qr.replace("{url}", url))
    return [QrCode(url, size, label, figure)]


_BUILDERS: dict[str, Callable[[list[Block], StyleBook, _Context], list[Flowable]]] = {
    "logo": _logo,
    "title": _title,
    "drawings": _drawings,
    "qr": _qr,
}
