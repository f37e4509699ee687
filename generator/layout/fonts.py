"""Embedded TrueType fonts, and the check that every character has a glyph before layout.

reportlab draws a character its font lacks as a box or nothing; both lose the coach's text
without a word. So coverage is checked first, against the font's own character map.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from generator import safepath
from generator.errors import CoachcardsError

FONT_TYPES = (".ttf", ".otf")

_WHITESPACE = {"\n", " "}


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str
    italic: str
    bold_italic: str
    covered: frozenset[int]

    def name(self, weight: str) -> str:
        return {
            "regular": self.regular,
            "bold": self.bold,
            "italic": self.italic,
            "bold_italic": self.bold_italic,
        }.get(weight, self.regular)

    def missing(self, text: str) -> list[str]:
        return sorted({c for c in text if ord(c) not in self.covered and c not in _WHITESPACE})


_registered: dict[tuple[tuple[str, str], ...], FontSet] = {}


def font_folder(spec: dict[str, str]) -> Path:
    """A theme's font folder (already confined by the theme) or its installed fontpkg-* package."""
    if spec.get("folder"):
        return Path(spec["folder"])
    try:
        return safepath.font_package(spec.get("package", ""))
    except safepath.Refused as why:
        raise CoachcardsError.single("theme", str(why)) from None


def load_fonts(spec: dict[str, str]) -> FontSet:
    key = tuple(sorted(spec.items()))
    if key in _registered:
        return _registered[key]
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

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
            font = TTFont(name, str(file))
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
    fonts = FontSet(covered=covered or frozenset(), **names)
    _registered[key] = fonts
    return fonts
