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

import itertools
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
    """The codes a font's state in one document has given characters in its first subset, as
    ``str.translate`` reads them (code point -> the one-byte code), caught up with reportlab's
    ``assignments`` as they grow (a dict only ever appended to, so only new entries are read).
    """

    def __init__(self, assignments: dict[int, int]) -> None:
        super().__init__()
        self.source, self.known, self.chars = assignments, 0, set[str]()

    def catch_up(self) -> None:
        assignments = self.source
        for code, number in itertools.islice(assignments.items(), self.known, None):
            if number < 256:
                self[code] = chr(number)
                self.chars.add(chr(code))
                if code == 32:  # reportlab draws a no-break space as the space's code
                    self[0xA0] = chr(number)
                    self.chars.add("\xa0")
        self.known = len(assignments)


_FRESH: dict[int, tuple[Any, dict[int, int], _Codes]] = {}  # id(font) -> its smallest state


def _fresh_table(font: Any, assignments: dict[int, int]) -> _Codes:
    """A table for a state: copied from the font's smallest state seen when they are equal
    (every new document starts with the same ASCII codes), otherwise read afresh."""
    table = _Codes(assignments)
    kept = _FRESH.get(id(font))
    if kept is not None and kept[0] is font and kept[1] == assignments:
        table.update(kept[2])
        table.chars, table.known = set(kept[2].chars), kept[2].known
        return table
    table.catch_up()
    if kept is None or kept[0] is not font or len(assignments) < len(kept[1]):
        _FRESH[id(font)] = (font, dict(assignments), table)
        table = _fresh_table(font, assignments)  # the kept one stays as it is
    return table


def _split(font: Any, text: str, doc: Any) -> list[tuple[int, bytes]]:
    """``font.splitString(text, doc)``, without its loop over every character when they all
    have their codes in the first subset already (ASCII has them from the start).

    The table is kept with the state's own ``assignments`` dict, so a state copied for another
    document (layout/packet_seed.py) starts its own.
    """
    state = font.state.get(doc)
    if state is None or not text:
        chunks: list[tuple[int, bytes]] = font.splitString(text, doc)
        return chunks
    table = getattr(state, "_coachcards_codes", None)
    if table is None or table.source is not state.assignments:
        table = state._coachcards_codes = _fresh_table(font, state.assignments)
    if table.known != len(table.source):
        table.catch_up()
    if set(text) <= table.chars:
        return [(0, text.translate(table).encode("latin-1"))]
    chunks = font.splitString(text, doc)  # codes new characters
    table.catch_up()
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
