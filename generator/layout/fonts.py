"""Embedded TrueType fonts, and the check that every character has a glyph before layout.

reportlab draws a character its font lacks as a box or nothing; both lose the coach's text
without a word. So coverage is checked first, against the font's own character map.
"""

from __future__ import annotations

import dataclasses
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import safepath
from generator.errors import CoachcardsError
from generator.layout.scripts import (
    ScriptFonts,
    is_rtl_language,
    needs_shaping,
    script_fonts,
)

if TYPE_CHECKING:
    from generator.render.blocks import Block

FONT_TYPES = (".ttf", ".otf")

# Drawn as nothing, never from a font: line breaks, and the joiners Persian needs (ZWNJ
# keeps two letters apart inside one word; ZWJ joins them).
_WHITESPACE = {"\n", " ", "\u200c", "\u200d"}
# Characters a layout writes into a document's text (page numbers into "Page {page} of ...").
FILLED_IN = "0123456789"


@dataclass(frozen=True)
class FontSet:
    """The theme's main font in four styles, its fonts per script, and the document's language.

    One FontSet is loaded per theme; ``for_language`` gives each document its own view, so the
    layout knows the direction and which regional CJK font to use.
    """

    regular: str
    bold: str
    italic: str
    bold_italic: str
    covered: frozenset[int]
    scripts: ScriptFonts | None = None
    language: str = "en"
    chars: frozenset[int] | None = None  # every character the document draws, when known

    @property
    def rtl(self) -> bool:
        return is_rtl_language(self.language)

    def for_language(self, language: str) -> FontSet:
        return dataclasses.replace(self, language=language, chars=None)

    def for_document(self, language: str, blocks: Iterable[Block]) -> FontSet:
        """The view for one document: its language, and the characters its blocks hold (every
        string a document draws comes from its checked blocks), so that a CJK font is cut to
        those characters only (layout/fontcache)."""
        chars = set(map(ord, "".join(block_texts(blocks))))  # one pass in C, not per char
        chars |= {ord(c) for c in FILLED_IN}
        return dataclasses.replace(self, language=language, chars=frozenset(chars))

    def with_texts(self, texts: Iterable[str]) -> FontSet:
        """This view with more characters (a packet's frame pages and footers)."""
        more = {ord(c) for text in texts for c in text}
        return dataclasses.replace(self, chars=(self.chars or frozenset()) | more)

    def name(self, weight: str) -> str:
        return {
            "regular": self.regular,
            "bold": self.bold,
            "italic": self.italic,
            "bold_italic": self.bold_italic,
        }.get(weight, self.regular)

    def weight_of(self, font_name: str) -> str:
        for weight in ("bold_italic", "bold", "italic", "regular"):
            if self.name(weight) == font_name:
                return weight
        return "regular"

    def needs_shaping(self, text: str) -> bool:
        """True when reportlab's plain paragraph cannot draw ``text`` right (see scripts)."""
        return needs_shaping(text, self.covered, self.rtl)

    def missing(self, text: str) -> list[str]:
        """Characters neither the main font nor a script font of the theme can draw."""
        out = set()
        for char in set(text):
            if ord(char) in self.covered or char in _WHITESPACE:
                continue
            if self.scripts is None or self.scripts.font_for(char, self.language) is None:
                out.add(char)
        return sorted(out)


def block_texts(blocks: Iterable[Block]) -> Iterator[str]:
    """Every string of ``blocks``, at any depth (regions, lists, tables)."""
    from generator.render.blocks import Heading, ListBlock, Para, Region, Table

    for block in blocks:
        if isinstance(block, Heading | Para):
            yield from (span.text for span in block.spans)
            yield from (span.text.upper() for span in block.spans)  # a style may set capitals
        elif isinstance(block, ListBlock):
            yield from (span.text for item in block.items for span in item)
        elif isinstance(block, Region):
            yield from block_texts(block.blocks)
        elif isinstance(block, Table):
            for header in block.header:
                yield from (span.text for cell in header if cell for span in cell)
            for row in block.rows:
                yield from (span.text for cell in row for span in cell)


_registered: dict[tuple[tuple[str, str], ...], FontSet] = {}


def font_folder(spec: dict[str, Any]) -> Path:
    """A theme's font folder (already confined by the theme) or its installed fontpkg-* package."""
    if spec.get("folder"):
        return Path(spec["folder"])
    try:
        return safepath.font_package(spec.get("package", ""))
    except safepath.Refused as why:
        raise CoachcardsError.single("theme", str(why)) from None


def load_fonts(spec: dict[str, Any]) -> FontSet:
    key = tuple(sorted((k, str(v)) for k, v in spec.items()))
    if key in _registered:
        return _registered[key]
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError

    from generator.layout.glyphfont import ShapedTTFont

    folder = font_folder(spec)
    names = {}
    covered: frozenset[int] | None = None
    for weight in ("regular", "bold", "italic", "bold_italic"):
        file_name = spec.get(weight, spec["regular"])
        try:
            file = safepath.inside(folder, file_name, "font file", "the font folder", FONT_TYPES)
        except safepath.Refused as why:
            raise CoachcardsError.single("theme", str(why)) from None
        name = f"cc-{file.stem}"
        try:
            font = ShapedTTFont(name, str(file))
        except (OSError, TTFError, ValueError, IndexError, KeyError, struct.error) as exc:
            raise CoachcardsError.single(
                file, f"cannot use font: {exc or 'damaged file'}"
            ) from None
        pdfmetrics.registerFont(font)
        names[weight] = name
        chars = frozenset(font.face.charToGlyph)
        covered = chars if covered is None else covered & chars
    pdfmetrics.registerFontFamily(
        names["regular"],
        normal=names["regular"],
        bold=names["bold"],
        italic=names["italic"],
        boldItalic=names["bold_italic"],
    )
    fonts = FontSet(
        names["regular"],
        names["bold"],
        names["italic"],
        names["bold_italic"],
        covered=covered or frozenset(),
        scripts=script_fonts(spec.get("scripts") or {}),
    )
    _registered[key] = fonts
    return fonts
