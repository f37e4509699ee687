"""Drawing shaped glyphs by ID, with text that still extracts as the coach wrote it.

reportlab's fonts map characters to glyphs through the font's cmap, but a shaped line is a
list of glyph IDs: Arabic initial, medial and final forms and ligatures have no character of
their own. Each (glyph, source text) pair gets a private code point in the face (as reportlab's
own shaping does), and this font writes a ToUnicode map that turns those codes back into the
source text (a lam-alef ligature into lam and alef), so copy, search and screen readers get the
real words. Glyph 0 (.notdef, the box) is never drawn: it is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from generator.layout.tagging import text_piece

_PUA_FIRST, _PUA_LAST = 0xF0000, 0xFFFFD  # supplementary private use: never in a cmap here
SUBSETS_KEPT = 64  # font subsets kept per face (20-40 KiB each)


@dataclass(frozen=True)
class Glyph:
    """One positioned glyph in thousandths of the font size."""

    gid: int
    text: str  # the source characters this glyph stands for ("" for a second glyph of one)
    advance: float
    dx: float = 0.0
    dy: float = 0.0


class ShapedTTFont(TTFont):
    """A TrueType font that can also show glyphs chosen by a shaper."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self._codes: dict[tuple[int, str], str] = {}
        self._texts: dict[int, str] = {}
        self._next = _PUA_FIRST
        self._subsets: dict[tuple[int, ...], bytes] = {}
        face: Any = self.face
        make = face.makeSubset
        kept = self._subsets

        def subset_of(codes: list[int]) -> bytes:
            """reportlab's subset of these codes, made once per process: a library's cards
            use a handful of subsets (11 for its 304 cards), and making one is half a
            millisecond of Python. A code never changes its glyph, so the bytes are the same."""
            key = tuple(codes)
            found = kept.get(key)
            if found is None:
                found = make(codes)
                if len(kept) < SUBSETS_KEPT:
                    kept[key] = found
            return found

        face.makeSubset = subset_of

    def code_for(self, gid: int, text: str) -> str:
        """A character that reportlab's subsetting maps to ``gid``, remembering ``text``."""
        face: Any = self.face
        if len(text) == 1 and face.charToGlyph.get(ord(text)) == gid:
            return text
        key = (gid, text)
        if key not in self._codes:
            if self._next > _PUA_LAST:
                raise ValueError(f"too many shaped glyphs in font {self.fontName}")
            code = self._next
            self._next += 1
            face.charToGlyph[code] = gid
            face.charWidths[code] = face._pdfScale(face.hmetrics[gid][0])
            self._codes[key] = chr(code)
            self._texts[code] = text
        return self._codes[key]

    def width_of(self, gid: int) -> float:
        face: Any = self.face
        return float(face._pdfScale(face.hmetrics[gid][0]))

    def addObjects(self, doc: Any) -> None:
        from reportlab.pdfbase.ttfonts import SUBSETN

        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state else []
        super().addObjects(doc)
        for number, subset in enumerate(subsets):
            if not any(code in self._texts for code in subset):
                continue  # plain text: reportlab's own map is right
            base = b"".join((SUBSETN(number), b"+", self.face.name, self.face.subfontNameX))
            name = base.decode("pdfdoc")
            doc.idToObject[f"toUnicodeCMap:{name}"].content = to_unicode_cmap(
                name, subset, self._texts
            )


def to_unicode_cmap(name: str, subset: list[int], texts: dict[int, str]) -> str:
    """A ToUnicode CMap in which shaped codes map to the text they came from."""
    entries = []
    for index, code in enumerate(subset):
        text = texts.get(code, chr(code))
        hex_text = text.encode("utf-16-be").hex().upper()  # "" for a glyph's second part
        entries.append(f"<{index:02X}> <{hex_text}>")
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
            f"/CMapName /{name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(entries)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


_registered: dict[str, str] = {}


def register(name: str, path: Any) -> str:
    """Register ``path`` under ``name`` with reportlab once per process."""
    key = f"{name}|{path}"
    if key not in _registered:
        pdfmetrics.registerFont(ShapedTTFont(name, str(path)))
        _registered[key] = name
    return _registered[key]


def draw_glyphs(
    canvas: Any, font_name: str, size: float, x: float, y: float, glyphs: list[Glyph]
) -> None:
    """Show ``glyphs`` left to right from (x, y), each where the shaper placed it.

    A glyph the shaper raises or lowers (an Arabic shadda or tanween, Hebrew points) is shown
    as invisible text on the baseline, so extractors keep it in its line and in its place, and
    drawn visibly as its outline where it belongs: a text rise would make pdfium start a new
    line at the mark.
    """
    font = pdfmetrics.getFont(font_name)
    assert isinstance(font, ShapedTTFont)
    doc = canvas._doc
    chars = "".join(font.code_for(g.gid, g.text) for g in glyphs)
    code = [f"BT 1 0 0 1 {fp_str(x)} {fp_str(y)} Tm"]
    index = 0
    pen = 0.0
    raised: list[tuple[Glyph, float]] = []
    for subset, chunk in font.splitString(chars, doc):
        code.append(f"{font.getSubsetInternalName(subset, doc)} {fp_str(size)} Tf")
        parts: list[str] = []
        for byte in chunk:
            glyph = glyphs[index]
            index += 1
            hidden = bool(glyph.dy)
            if hidden:
                _flush(code, parts)
                code.append("3 Tr")
                raised.append((glyph, pen + glyph.dx))
            width = font.width_of(glyph.gid)
            dx = 0.0 if hidden else glyph.dx  # the text copy of a mark stays at the pen
            if dx:
                parts.append(fp_str(-dx))
            parts.append(f"({canvas._escape(bytes((byte,)))})")
            after = dx + width - glyph.advance
            if abs(after) > 1e-6:
                parts.append(fp_str(after))
            if hidden:
                _flush(code, parts)
                code.append("0 Tr")
            pen += glyph.advance
        _flush(code, parts)
    code.append("ET")
    with text_piece(canvas):  # a list item's body is its LBody (layout/tagging.py)
        canvas._code.append(" ".join(code))
    for glyph, at in raised:
        _draw_outline(
            canvas, font, glyph.gid, x + at * size / 1000, y + glyph.dy * size / 1000, size
        )


def _flush(code: list[str], parts: list[str]) -> None:
    if parts:
        code.append(f"[{' '.join(parts)}] TJ")
        parts.clear()


_outlines: dict[str, Any] = {}


def _draw_outline(
    canvas: Any, font: ShapedTTFont, gid: int, x: float, y: float, size: float
) -> None:
    import io

    from fontTools.pens.basePen import BasePen
    from fontTools.ttLib import TTFont as FontFile

    if font.fontName not in _outlines:
        face: Any = font.face
        _outlines[font.fontName] = FontFile(io.BytesIO(face._ttf_data), lazy=True)
    source = _outlines[font.fontName]
    scale = size / source["head"].unitsPerEm
    path = canvas.beginPath()

    class CanvasPen(BasePen):
        def _moveTo(self, p: tuple[float, float]) -> None:
            path.moveTo(x + p[0] * scale, y + p[1] * scale)

        def _lineTo(self, p: tuple[float, float]) -> None:
            path.lineTo(x + p[0] * scale, y + p[1] * scale)

        def _curveToOne(self, a: Any, b: Any, c: Any) -> None:
            path.curveTo(*(v for p in (a, b, c) for v in (x + p[0] * scale, y + p[1] * scale)))

        def _closePath(self) -> None:
            path.close()

    glyph_set = source.getGlyphSet()
    glyph_set[source.getGlyphOrder()[gid]].draw(CanvasPen(glyph_set))
    canvas.drawPath(path, stroke=0, fill=1)
