"""Blocks to reportlab flowables, styled by role and region from the theme."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape as xml_escape

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether

from generator.layout.fonts import FontSet
from generator.layout.images import ImageRow, QrBlock
from generator.layout.paragraphs import Paragraph, parsed_paragraph
from generator.layout.shapes import Box, FieldLines, Rule
from generator.layout.tagging import Element, tag
from generator.layout.theme import DocTheme, Theme
from generator.render.blocks import Block, Heading, Inline, ListBlock, Para, Region, Table, plain

if TYPE_CHECKING:
    from generator.layout.shaping import ScriptParagraph


@dataclass(frozen=True)
class AltTexts:
    """What each picture shows, in the document's language: images in order, logo, QR code."""

    images: tuple[str, ...] = ()
    logo: str = "Logo"
    qr: str = "QR code: {url}"


NO_ALT_TEXTS = AltTexts()


@dataclass(frozen=True)
class Assets:
    """What the page shows besides text: the exercise's images, at most this tall.

    The alt texts say what each picture shows, for the structure tree: one per image, the
    logo's, and the QR code's (``{url}`` is replaced by the address).
    """

    images: tuple[Path, ...] = ()
    image_height: float = 0.0
    logo: Path | None = None
    alts: tuple[str, ...] = ()
    logo_alt: str = "Logo"
    qr_alt: str = "QR code: {url}"


class StyleBook:
    """ParagraphStyles for one body size; sizes never go below ``min_pt``.

    ``ratios`` may be shared by the books of one document at different sizes (the fit step
    makes one a candidate size): a style's numbers in em are read from the theme once.
    """

    def __init__(
        self,
        doc: DocTheme,
        theme: Theme,
        fonts: FontSet,
        body_pt: float,
        min_pt: float = 0.0,
        ratios: dict[tuple[str, str | None], tuple[float, ...]] | None = None,
    ) -> None:
        self.doc, self.theme, self.fonts = doc, theme, fonts
        self.body_pt, self.min_pt = body_pt, min_pt
        self._cache: dict[tuple[str, str | None], ParagraphStyle] = {}
        self._numbers: dict[tuple[str, str | None], dict[str, float]] = {}
        self._ratios = {} if ratios is None else ratios

    def em(self, value: Any) -> float:
        return float(value or 0) * self.body_pt

    def size(self, ratio: Any) -> float:
        return max(self.min_pt, float(ratio or 1.0) * self.body_pt)

    def color(self, name: str) -> Any:
        return _hex_color(self.theme.color(name))

    def spec(self, role: str, region: str | None = None) -> dict[str, Any]:
        return self.doc.style(role, region)

    def numbers(self, role: str, region: str | None = None) -> dict[str, float]:
        """The style's sizes at this body size: what its ParagraphStyle is made of, and all
        the fit step's model of a paragraph needs (layout/measuring.py)."""
        key = (role, region)
        found = self._numbers.get(key)
        if found is None:
            ratios = self._ratios.get(key)
            if ratios is None:
                spec = self.spec(role, region) or self.spec("body")
                ratios = self._ratios[key] = (
                    float(spec.get("size", 1.0) or 1.0),
                    float(spec.get("leading", 1.25)),
                    float(spec.get("space_before") or 0),
                    float(spec.get("space_after") or 0),
                    float(spec.get("indent") or 0),
                    float(spec.get("bullet_size", spec.get("size", 1.0)) or 1.0),
                )
            size_ratio, leading, before, after, indent, bullet = ratios
            size = self.size(size_ratio)
            found = self._numbers[key] = {
                "fontSize": size,
                "leading": size * leading,
                "spaceBefore": self.em(before),
                "spaceAfter": self.em(after),
                "leftIndent": self.em(indent),
                "bulletFontSize": self.size(bullet),
            }
        return found

    def paragraph(self, role: str, region: str | None = None) -> ParagraphStyle:
        key = (role, region)
        if key not in self._cache:
            spec = self.spec(role, region) or self.spec("body")
            sizes = self.numbers(role, region)
            style = ParagraphStyle(
                f"{region}.{role}",
                fontName=self.fonts.name(spec.get("font", "regular")),
                textColor=self.color(spec.get("color", "ink")),
                keepWithNext=1 if spec.get("keep_with_next") else 0,
                bulletFontName=self.fonts.name(spec.get("bullet_font", "regular")),
                bulletIndent=0,
                splitLongWords=1,
                spaceShrinkage=0,  # reportlab lets lines overrun 5% unless told not to
                allowWidows=0,
                allowOrphans=0,
                fontSize=sizes["fontSize"],
                leading=sizes["leading"],
                spaceBefore=sizes["spaceBefore"],
                spaceAfter=sizes["spaceAfter"],
                leftIndent=sizes["leftIndent"],
                bulletFontSize=sizes["bulletFontSize"],
            )
            style.bulletColor = self.color(spec.get("bullet_color", spec.get("color", "ink")))
            self._cache[key] = style
        return self._cache[key]

    def key_of(self, style: ParagraphStyle) -> tuple[str, str | None] | None:
        """The (role, region) this book made ``style`` for, or None if it did not make it."""
        return next((key for key, made in self._cache.items() if made is style), None)

    def sizes_used(self) -> list[float]:
        return [s.fontSize for s in self._cache.values()] + [
            s.bulletFontSize for s in self._cache.values()
        ]


@lru_cache(maxsize=256)
def _hex_color(value: str) -> Any:
    """A theme colour, parsed once: the fit step styles a card at a dozen sizes."""
    return HexColor(value)


def markup(spans: Inline, upper: bool = False) -> str:
    """reportlab paragraph markup in which every character of the text is literal."""
    parts = []
    for span in spans:
        text = xml_escape(span.text.upper() if upper else span.text).replace("\n", "<br/>")
        if span.bold:
            text = f"<b>{text}</b>"
        if span.italic:
            text = f"<i>{text}</i>"
        parts.append(text)
    return "".join(parts)


def paragraph(
    spans: Inline,
    style: ParagraphStyle,
    fonts: FontSet,
    bullet: str | None = None,
    upper: bool = False,
) -> Paragraph | ScriptParagraph:
    """The one place paragraphs are made: reportlab's own for text it draws right, otherwise
    one laid out by layout/shaping (right-to-left text, CJK, fonts per script)."""
    if fonts.needs_shaping("".join(span.text for span in spans)):
        from generator.layout.shaping import from_spans

        return from_spans(spans, style, fonts, bullet, upper)
    return parsed_paragraph(markup(spans, upper), style, bullet)


def text_paragraph(text: str, style: ParagraphStyle, fonts: FontSet) -> Paragraph | ScriptParagraph:
    """A paragraph of checked text a layout filled in (a page number in its label)."""
    if fonts.needs_shaping(text):
        from generator.layout.shaping import ScriptParagraph

        return ScriptParagraph(text, [False] * len(text), style, fonts)
    return Paragraph(xml_escape(text), style)


def split_pinned(
    blocks: list[Block], names: tuple[str, ...]
) -> tuple[list[Block], dict[str, list[Block]]]:
    """Separate regions drawn at fixed places (footer, page number) from the flowing blocks."""
    flowing: list[Block] = []
    pinned: dict[str, list[Block]] = {}
    for block in blocks:
        if isinstance(block, Region) and block.name in names:
            pinned.setdefault(block.name, []).extend(block.blocks)
        else:
            flowing.append(block)
    return flowing, pinned


def flowables(
    blocks: list[Block],
    book: StyleBook,
    region: str | None = None,
    assets: Assets = Assets(),
    toc: Element | None = None,
) -> list[Flowable]:
    out: list[Flowable] = []
    toc = toc or Element("TOC")  # the contents lines, in whichever regions they are, are one TOC
    for block in blocks:
        if isinstance(block, Region) and block.name == "drawings":
            if assets.images and assets.image_height > 0:
                alts = [*assets.alts, *(["Drawing"] * len(assets.images))][: len(assets.images)]
                row = ImageRow(list(assets.images), assets.image_height, book.em(1.0), alts=alts)
                row.spaceAfter = book.em(book.spec("drawings").get("space_after", 0.8))
                out.append(row)
            continue
        if isinstance(block, Region) and block.name == "logo":
            if assets.logo is not None:
                spec = book.spec("logo")
                height = book.em(spec.get("max_height", 2.2))
                row = ImageRow([assets.logo], height, 0, "left", alts=[assets.logo_alt])
                row.spaceAfter = book.em(spec.get("space_after", 0.5))
                out.append(row)
            continue
        if isinstance(block, Region) and block.name == "qr":
            out.append(qr_block(block, book, assets.qr_alt))
            continue
        if isinstance(block, Table):
            from generator.layout.table import table_flowable

            out.append(table_flowable(block, book, region))
            continue
        if isinstance(block, Para) and region and region.startswith("contents"):
            out.append(contents_line(block, book, region, toc))
            continue
        if isinstance(block, Heading) and block.anchor:
            from generator.layout.packet_canvas import Anchor

            out.append(Anchor([block.anchor]))
        if isinstance(block, Heading):
            role = {1: "title", 2: "h2"}.get(block.level, "h3")
            upper = bool(book.spec(role, region).get("upper"))
            heading = paragraph(block.spans, book.paragraph(role, region), book.fonts, upper=upper)
            out.append(tag(heading, Element(f"H{min(block.level, 6)}")))
            if block.level == 1 and book.spec("title_rule"):
                rule = book.spec("title_rule")
                width = book.em(rule.get("width", 0.15))
                out.append(
                    Rule(
                        book.theme.color(rule.get("color", "accent")),
                        width,
                        book.em(rule.get("space_after")),
                    )
                )
        elif isinstance(block, Para):
            text = paragraph(block.spans, book.paragraph("body", region), book.fonts)
            out.append(tag(text, Element("P")))
        elif isinstance(block, ListBlock) and region == "fields":
            spec = book.spec("item", "fields")
            style = book.paragraph("item", "fields")
            labels = [tag(paragraph(i, style, book.fonts), Element("P")) for i in block.items]
            rule = book.color(spec.get("rule", "muted"))  # the rules stay Artifacts
            out.append(FieldLines(labels, rule, max(0.5, book.body_pt / 20), book.em(0.6)))
        elif isinstance(block, ListBlock):
            style = book.paragraph("item", region)
            bullet = str(book.spec("item", region).get("bullet", "•"))
            group = Element("L", attributes={"O": "List", "ListNumbering": "Decimal"})
            if not (block.ordered or bullet == "number"):
                group.attributes["ListNumbering"] = "Disc" if bullet == "•" else "None"
            for index, item in enumerate(block.items):
                mark = str(block.start + index) if block.ordered or bullet == "number" else bullet
                item_paragraph = paragraph(item, style, book.fonts, mark)
                out.append(tag(item_paragraph, Element("LI", group)))
        elif isinstance(block, Region):
            children = flowables(block.blocks, book, block.name, assets, toc)
            container = book.spec(block.name)
            if container.get("fill") or container.get("rule"):
                out.append(Box(children, container, book.body_pt, book.color))
            elif block.name == "qa" or container.get("keep_together"):
                out.append(KeepTogether(children))
            else:
                out.extend(children)
    return _bind_headings(out)


def contents_line(block: Para, book: StyleBook, region: str, toc: Element) -> Flowable:
    """A contents entry: its text, leaders, and the page of the place it links to.

    Tagged as a TOCI of the contents' TOC, holding the entry as a Link (tied to its annotation).
    """
    from generator.layout.packet_canvas import TocLine

    style = book.paragraph("body", region)
    key = next((s.link for s in block.spans if s.link), None)
    item = Element("TOCI", toc)
    if key is None:
        return tag(paragraph(block.spans, style, book.fonts), Element("P", item))
    entry = tag(
        paragraph(block.spans, style, book.fonts), Element("Link", item, alt=plain(block.spans))
    )
    return TocLine(entry, key, style, 0.0)


def _bind_headings(items: list[Flowable]) -> list[Flowable]:
    """Keep a heading with a following KeepTogether group.

    reportlab's keepWithNext will not group a flowable with a KeepTogether, so a heading
    right before a question-and-answer group could be stranded at the foot of a page.
    """
    out: list[Flowable] = []
    for item in items:
        previous = out[-1] if out else None
        if isinstance(item, KeepTogether) and previous is not None and previous.getKeepWithNext():
            out[-1] = KeepTogether([previous, *item._content])  # type: ignore[attr-defined]  # private
        else:
            out.append(item)
    return out


def qr_block(region: Region, book: StyleBook, alt: str = "QR code: {url}") -> QrBlock:
    url = " ".join(plain(b.spans) for b in region.blocks if isinstance(b, Para)).strip()
    caption = tag(Paragraph(xml_escape(url), book.paragraph("body", "qr")), Element("P"))
    size = book.em(book.spec("qr").get("size", 5.0))
    block = QrBlock(url, size, caption, Element("Figure", alt=alt.replace("{url}", url)))
    block.spaceBefore = book.em(book.spec("qr").get("space_before", 0))
    block.spaceAfter = book.em(book.spec("qr").get("space_after", 0))
    return block


def texts(blocks: list[Block]) -> list[str]:
    """All text in the blocks, for the glyph check."""
    found: list[str] = []
    for block in blocks:
        if isinstance(block, Heading | Para):
            found.extend(span.text for span in block.spans)
        elif isinstance(block, ListBlock):
            found.extend(span.text for item in block.items for span in item)
        elif isinstance(block, Region):
            found.extend(texts(block.blocks))
        elif isinstance(block, Table):
            cells: list[Inline | None] = [c for row in block.header for c in row]
            cells += [c for row in block.rows for c in row]
            found.extend(span.text for cell in cells if cell for span in cell)
    return found
