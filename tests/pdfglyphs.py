"""Read back what a PDF draws, glyph by glyph: font, glyph outline, source text, position.

Independent of the layout code: it parses the content streams with pypdf, the embedded font
subsets with fontTools, and the ToUnicode maps by hand, so tests can compare the PDF with
uharfbuzz's own shaping and python-bidi's own ordering.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont
from pypdf.generic import ContentStream

from generator.layout.fontcache import cache_dir


@dataclass
class Drawn:
    """One glyph in the PDF."""

    font: str  # the embedded font's PostScript name, without the subset tag
    subset: TTFont
    name: str  # glyph name in the subset
    gid: int  # glyph ID in the subset (0 is .notdef)
    text: str  # what ToUnicode says it stands for
    x: float
    y: float


@dataclass
class Block:
    """The glyphs of one text object (BT ... ET), in the order they are drawn."""

    glyphs: list[Drawn]
    x: float
    y: float
    shaped: bool = False  # shown with TJ (the shaping layout); reportlab's own text uses Tj


def _cmap(font: pypdf.generic.DictionaryObject) -> dict[int, str]:
    stream = font.get("/ToUnicode")
    if stream is None:
        return {}
    data = stream.get_object().get_data().decode("latin-1")
    data = "".join(re.findall(r"beginbfchar(.*?)endbfchar", data, re.S))
    out = {}
    for code, target in re.findall(r"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]*)>", data):
        out[int(code, 16)] = bytes.fromhex(target).decode("utf-16-be")
    return out


def blocks(path: Path) -> list[list[Block]]:
    """Per page, every text object with its glyphs."""
    reader = pypdf.PdfReader(path)
    pages = []
    for page in reader.pages:
        resources: Any = page["/Resources"]
        fonts = resources.get_object().get("/Font", {})
        loaded: dict[str, tuple[str, Any, dict[int, str]]] = {}
        found: list[Block] = []
        current: Block | None = None
        font_key = None
        x = y = 0.0
        content = ContentStream(page.get_contents(), reader)
        ctm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        stack = []
        for operands, operator in content.operations:
            if operator == b"q":
                stack.append(ctm)
            elif operator == b"Q":
                ctm = stack.pop()
            elif operator == b"cm":
                a, b, c, d, e, f = (float(v) for v in operands)
                A, B, C, D, E, F = ctm
                ctm = (
                    a * A + b * C,
                    a * B + b * D,
                    c * A + d * C,
                    c * B + d * D,
                    e * A + f * C + E,
                    e * B + f * D + F,
                )
            elif operator == b"BT":
                current = Block([], 0.0, 0.0)
                found.append(current)
            elif operator in (b"Tm", b"Td") and current is not None:
                u, v = float(operands[-2]), float(operands[-1])
                x = ctm[0] * u + ctm[2] * v + ctm[4]
                y = ctm[1] * u + ctm[3] * v + ctm[5]
                if operator == b"Tm" or not current.glyphs:
                    current.x, current.y = x, y
            elif operator == b"Tf":
                font_key = str(operands[0])
                if font_key not in loaded:
                    loaded[font_key] = _load(fonts[font_key].get_object())
            elif operator in (b"Tj", b"TJ") and current is not None and font_key:
                current.shaped = current.shaped or operator == b"TJ"
                name, subset, cmap = loaded[font_key]
                assert subset is not None, f"text drawn in a font not embedded: {name}"
                parts = operands[0] if operator == b"TJ" else [operands[0]]
                order = subset.getGlyphOrder()
                table = subset["cmap"].tables[0].cmap  # reportlab writes one, codes 0-255
                for part in parts:
                    if isinstance(part, int | float | pypdf.generic.NumberObject):
                        continue
                    raw = part.original_bytes if hasattr(part, "original_bytes") else bytes(part)
                    for code in raw:
                        glyph = table.get(code, ".notdef")
                        current.glyphs.append(
                            Drawn(name, subset, glyph, order.index(glyph), cmap.get(code, ""), x, y)
                        )
        pages.append(found)
    return pages


def _load(font: pypdf.generic.DictionaryObject) -> tuple[str, Any, dict[int, str]]:
    name = str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1]
    if "/FontDescriptor" not in font:
        return name, None, {}  # reportlab's page-start default (Helvetica), never used for text
    descriptor: Any = font["/FontDescriptor"]
    descriptor = descriptor.get_object()
    data = descriptor["/FontFile2"].get_object().get_data()
    return name, TTFont(io.BytesIO(data)), _cmap(font)


def outline(font: TTFont, glyph: str) -> tuple[object, ...]:
    """The glyph's contours with components resolved, and its advance."""
    glyph_set = font.getGlyphSet()
    pen = DecomposingRecordingPen(glyph_set)
    glyph_set[glyph].draw(pen)
    return (tuple(pen.value), font["hmtx"][glyph][0])


def source_font(postscript: str) -> Path:
    """The font file reportlab embedded, found by its PostScript name."""
    import fontpkg_fira_sans
    import fontpkg_ibm_plex_sans_arabic

    candidates = [*cache_dir().glob("*.ttf")]
    for package in (fontpkg_fira_sans, fontpkg_ibm_plex_sans_arabic):
        candidates += (Path(package.__file__ or "").parent / "files").glob("*.ttf")
    for path in candidates:
        if path.stem.startswith(postscript.split("-")[0]):
            font = TTFont(str(path), lazy=True)
            if font["name"].getDebugName(6) == postscript:
                return path
    raise AssertionError(f"no font file named {postscript}")
