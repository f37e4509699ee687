"""Embedded TrueType fonts, and the check that every character has a glyph before layout.

reportlab draws a character its font lacks as a box or nothing; both lose the coach's text
without a word. So coverage is checked first, against the font's own character map.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from generator.errors import CoachcardsError

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
    if spec.get("folder"):
        return Path(spec["folder"])
    package = spec.get("package", "")
    if "/" in package or package.startswith("."):
        return Path(package)
    try:
        module = importlib.import_module(package)
    except ImportError:
        raise CoachcardsError.single(
            "theme", f"font package '{package}' is not installed"
        ) from None
    return Path(module.__file__ or "").parent / "files"


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
        file = folder / spec.get(weight, spec["regular"])
        name = f"cc-{file.stem}"
        try:
            font = TTFont(name, str(file))
        except (OSError, TTFError) as exc:
            raise CoachcardsError.single(file, f"cannot use font: {exc}") from None
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
