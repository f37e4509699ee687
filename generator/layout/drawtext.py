"""Draw a plain paragraph by writing reportlab's own operators straight into the page.

Drawing a card is mostly drawing paragraphs, and reportlab's ``drawOn`` + ``drawPara`` does
much work that a plain paragraph does not need: it saves and restores the canvas's Python state
twice, makes a text object, sets colours through the colour-space machinery and formats every
line through general code (about half of drawing a card, measured). For the paragraphs this
project makes most (one run of text in one TrueType font, lines already broken into reportlab's
kind-0 structure, no background, border, underline, link or right-to-left wrapping, at most a
plain string bullet), :func:`draw_on` writes the very same operator strings, built the same way
(the same ``fp_str``, ``splitString``, subset names and escaping, in the same order, so font
subsets are assigned alike), and hands each text object to ``canvas.drawText`` as reportlab
does, so tagging (a list item's label and body) sees the same calls. Anything else returns
False before writing anything, and the caller draws with reportlab. ``tests/test_drawtext.py``
compares the two byte for byte; the library's PDFs are byte-identical with or without it.
"""

from __future__ import annotations

from typing import Any

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont

_LEFT, _CENTER, _RIGHT, _JUSTIFY = 0, 1, 2, 4  # reportlab's TA_ values


class _TextCode:
    """What ``canvas.drawText`` needs of a text object: its code, ``BT`` to ``ET``."""

    __slots__ = ("code",)

    def __init__(self, code: list[str]) -> None:
        self.code = code

    def getCode(self) -> str:
        self.code.append("ET")
        return " ".join(self.code)


def _color_ok(color: Any, canvas: Any) -> bool:
    """An RGB colour whose alpha sets no new graphics state (reportlab writes only ``rg``)."""
    if not isinstance(color, Color) or isinstance(color, CMYKColor):
        return False
    alpha = getattr(color, "alpha", None)
    if alpha is None:
        return True
    valid = isinstance(alpha, float | int) and 0 <= alpha <= 1
    return valid and alpha == canvas._extgstate.getValue("ca")


def _dynamic(font_name: str) -> bool:
    try:
        return bool(getattr(getFont(font_name), "_dynamicFont", False))  # a TrueType font
    except (KeyError, AttributeError):
        return False


def plain(paragraph: Any, canvas: Any) -> bool:
    """Whether drawPara would take only the steps :func:`draw_on` writes for this paragraph."""
    kept = paragraph.__dict__
    bl = kept.get("blPara")
    style = paragraph.style
    if (
        bl is None
        or getattr(bl, "kind", None) != 0
        or "_offsets" in kept
        or getattr(paragraph, "debug", 0)
    ):
        return False
    if getattr(paragraph, "_showBoundary", None) or not canvas.bottomup:
        return False
    if getattr(canvas, "_enforceColorSpace", None) is not None:
        return False
    if style.backColor or (
        getattr(style, "borderColor", None) and getattr(style, "borderWidth", None)
    ):
        return False
    auto = getattr(paragraph, "autoLeading", getattr(style, "autoLeading", ""))
    if auto in ("max", "min") or style.wordWrap or style.alignment not in (0, 1, 2, 4):
        return False
    if "preformatted" in type(paragraph).__name__.lower():
        return False
    if not bl.lines:
        return True  # drawPara draws nothing but a background (ruled out above)
    if getattr(bl, "us_lines", True) or getattr(bl, "link", True):
        return False
    if not _dynamic(bl.fontName) or not _color_ok(bl.textColor, canvas):
        return False
    bullet = paragraph.bulletText
    if bullet:
        if not isinstance(bullet, str) or style.bulletAnchor != "start":
            return False
        color = getattr(style, "bulletColor", style.textColor)
        if not _dynamic(style.bulletFontName) or not _color_ok(color, canvas):
            return False
    return True


class _Writer:
    """The text object's code and cursor, as reportlab's PDFTextObject keeps them."""

    def __init__(
        self, canvas: Any, x: float, y: float, font_name: str, size: float, leading: float
    ):
        self.canvas, self.doc = canvas, canvas._doc
        self.code = ["BT", f"1 0 0 1 {fp_str(x, y)} Tm"]
        self.font: Any = getFont(font_name)  # a TTFont (plain() checked): stubs say Font
        self.subset = -1
        self.font_ops = f"{fp_str(size)} Tf {fp_str(leading)} TL"

    def text(self, text: str) -> str:
        """PDFTextObject._formatText for a TrueType font."""
        font, doc, out = self.font, self.doc, []
        escape = self.canvas._escape
        for subset, chunk in _split(font, text, doc):
            if subset != self.subset:
                out.append(f"{font.getSubsetInternalName(subset, doc)} {self.font_ops}")
                self.subset = subset
            out.append(f"({escape(chunk)}) Tj")
        return " ".join(out)

    def x_pos(self, dx: float) -> None:
        """reportlab's setXPos and moveCursor(dx, 0), which merges with a ``Td`` just before."""
        if not (dx > 1e-6 or dx < -1e-6):
            return
        code, dy = self.code, 0.0
        if code[-1].endswith(" Td"):
            last = code[-1].split()
            if len(last) == 3:
                del code[-1]
            else:
                code[-1] = "".join(last[:-4])
            dx += float(last[-3])
            dy -= float(last[-2])
        code.append(f"{fp_str(dx, -dy)} Td")

    def line(self, offset: float, extra: float, words: list[str], align: int, last: bool) -> None:
        """One line as _leftDrawParaLine and its centre, right and justify siblings write it."""
        text = " ".join(words)
        code = self.code
        if align == _JUSTIFY:
            simple = (-1e-8 < extra <= 1e-8) or (last and extra > -1e-8)
        else:
            simple = extra > -1e-8
        if not simple:
            spaces = len(words) + text.count("\xa0") - 1
            simple = spaces <= 0
        if align == _CENTER:
            move = offset + 0.5 * extra if simple else offset
        elif align == _RIGHT:
            move = offset + extra if simple else offset
        else:
            move = offset
        early = align in (_LEFT, _JUSTIFY)  # these move before setting the word space
        if early:
            self.x_pos(move)
        if not simple:
            code.append(f"{fp_str(extra / float(spaces))} Tw")
        if not early:
            self.x_pos(move)
        code.append(self.text(text) + " T*")
        if not simple:
            code.append(f"{fp_str(0)} Tw")
        self.x_pos(-move)


class _Codes(dict[int, str]):
    """A character's code in a font's first subset of one document, as ``str.translate`` reads
    it; a character it does not hold yet (not yet assigned, or not in the first subset) is
    noted, and the text goes to ``splitString``."""

    missing = False

    def __missing__(self, key: int) -> str:
        self.missing = True
        raise LookupError(key)


def _split(font: Any, text: str, doc: Any) -> list[tuple[int, bytes]]:
    """``font.splitString(text, doc)``, without its loop over every character once they all
    have their codes in the first subset (the common case after a document's first lines).

    Codes never change once reportlab assigns them, so the table only grows; it is kept with
    the state's own ``assignments`` dict, so a state copied for another document
    (layout/packet_seed.py) starts its own.
    """
    state = font.state.get(doc)
    kept = getattr(state, "_coachcards_codes", None)
    if state is None or not text:
        chunks: list[tuple[int, bytes]] = font.splitString(text, doc)
        return chunks
    if kept is None or kept[0] is not state.assignments:
        kept = state._coachcards_codes = (state.assignments, _Codes())
    table = kept[1]
    table.missing = False
    coded = text.translate(table)
    if not table.missing:
        return [(0, coded.encode("latin-1"))]
    chunks = font.splitString(text, doc)
    assignments = state.assignments
    for char in set(text):
        code = ord(char)
        number = assignments.get(32 if code == 0xA0 else code)  # reportlab's nbsp rule
        if number is not None and number < 256:
            table[code] = chr(number)
    return chunks


def _fill(color: Any, canvas: Any) -> str:
    """The operator setFillColor writes for an RGB colour (after _color_ok)."""
    if getattr(color, "alpha", None) is not None:
        canvas._doc.ensureMinPdfVersion("transparency")
    return f"{fp_str(color.red, color.green, color.blue)} rg"


def _bullet(canvas: Any, offset: float, y: float, text: str, style: Any) -> float:
    """reportlab's _drawBullet for a plain string anchored at its start."""
    y += getattr(style, "bulletOffsetY", 0)
    name, size = style.bulletFontName, style.bulletFontSize
    writer = _Writer(canvas, style.bulletIndent, y, name, size, size * 1.2)
    writer.code.append(_fill(getattr(style, "bulletColor", style.textColor), canvas))
    end = style.bulletIndent + canvas.stringWidth(text, name, size)
    writer.code.append(writer.text(text))
    canvas.drawText(_TextCode(writer.code))
    return max(offset, end + size * 0.6 - style.leftIndent)


def draw_on(paragraph: Any, canvas: Any, x: float, y: float, sw: float = 0) -> bool:
    """Flowable.drawOn + Paragraph.drawPara for a :func:`plain` paragraph; False otherwise."""
    if not plain(paragraph, canvas):
        return False
    x = paragraph._hAlignAdjust(x, sw)
    code = canvas._code
    code.append("q")
    code.append(f"{fp_str(1, 0, 0, 1, x, y)} cm")
    lines = paragraph.blPara.lines
    if lines:
        _draw_para(paragraph, canvas, lines)
    canvas._code.append("Q")
    return True


def _draw_para(paragraph: Any, canvas: Any, lines: list[Any]) -> None:
    style, bl = paragraph.style, paragraph.blPara
    canvas._code.append("q")
    align, count = style.alignment, len(lines)
    offset = style.firstLineIndent + 0
    if rl_config.paraFontSizeHeightOffset:
        top = paragraph.height - bl.fontSize
    else:
        top = paragraph.height - getattr(bl, "ascent", bl.fontSize)
    if paragraph.bulletText:
        offset = _bullet(canvas, offset, top, paragraph.bulletText, style)
    canvas._code.append(_fill(bl.textColor, canvas))
    writer = _Writer(canvas, style.leftIndent, top, bl.fontName, bl.fontSize, style.leading)
    plain_last = not getattr(paragraph, "_JustifyLast", False)
    words_last = style.justifyLastLine
    for index, (extra, words) in enumerate(lines):
        last = plain_last and index == count - 1
        if last and words_last and len(words) > words_last:
            last = False
        writer.line(offset if index == 0 else 0, extra, words, align, last)
    canvas.drawText(_TextCode(writer.code))
    canvas._code.append("Q")
