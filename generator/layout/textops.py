"""PDF text operators exactly as reportlab 5.1's text object writes them, for drawtext.py.

``Writer`` is the part of ``PDFTextObject`` a paragraph uses (``BT``, the origin, fonts by
subset, strings, ``Td`` moves merged as ``moveCursor`` merges them, word spacing), writing the
same strings built the same way (``fp_str``, subset names, escaping). ``split`` is
``TTFont.splitString`` without its loop over every character once the characters have their
codes; ``bullet`` is ``_drawBullet`` for a plain string. drawtext.py and drawfrags.py check
first that a paragraph needs nothing else.
"""

from __future__ import annotations

import itertools
from typing import Any

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont


class TextCode:
    """What ``canvas.drawText`` needs of a text object: its code, ``BT`` to ``ET``."""

    __slots__ = ("code",)

    def __init__(self, code: list[str]) -> None:
        self.code = code

    def getCode(self) -> str:
        self.code.append("ET")
        return " ".join(self.code)


def color_ok(color: Any, canvas: Any) -> bool:
    """An RGB colour whose alpha sets no new graphics state (reportlab writes only ``rg``)."""
    if not isinstance(color, Color) or isinstance(color, CMYKColor):
        return False
    alpha = getattr(color, "alpha", None)
    if alpha is None:
        return True
    valid = isinstance(alpha, float | int) and 0 <= alpha <= 1
    return valid and alpha == canvas._extgstate.getValue("ca")


def dynamic(font_name: str) -> bool:
    try:
        return bool(getattr(getFont(font_name), "_dynamicFont", False))  # a TrueType font
    except (KeyError, AttributeError):
        return False


class Writer:
    """A text object's code and state, as reportlab's PDFTextObject keeps them."""

    def __init__(self, canvas: Any, x: float, y: float) -> None:
        self.canvas, self.doc = canvas, canvas._doc
        self.code = ["BT", f"1 0 0 1 {fp_str(x, y)} Tm"]
        self.font: Any = None  # a TTFont (checked by the caller): the stubs say Font
        self.font_name: str | None = None
        self.size: float | None = None
        self.leading: float | None = None
        self.subset = -1
        self._ops: str | None = None

    def set_font(self, name: str, size: float, leading: float | None = None) -> None:
        """setFont (leading given) or _setFont: a TrueType font writes nothing until used."""
        self.font_name, self.size, self.font = name, size, getFont(name)
        if leading is not None:
            self.leading = leading
        self.subset, self._ops = -1, None

    def set_leading(self, leading: float) -> None:
        self.leading, self._ops = leading, None
        self.code.append(f"{fp_str(leading)} TL")

    def text(self, text: str) -> str:
        """PDFTextObject._formatText for a TrueType font."""
        font, doc, out = self.font, self.doc, []
        escape = self.canvas._escape
        for subset, chunk in split(font, text, doc):
            if subset != self.subset:
                if self._ops is None:
                    self._ops = font_ops(self.size, self.leading)
                out.append(f"{font.getSubsetInternalName(subset, doc)} {self._ops}")
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

    def word_space(self, space: float) -> None:
        self.code.append(f"{fp_str(space)} Tw")


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


def split(font: Any, text: str, doc: Any) -> list[tuple[int, bytes]]:
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


def fill(color: Any, canvas: Any) -> str:
    """The operator setFillColor writes for an RGB colour (after color_ok)."""
    if getattr(color, "alpha", None) is not None:
        canvas._doc.ensureMinPdfVersion("transparency")
    rgb = (color.red, color.green, color.blue)
    found = _FILLS.get(rgb)
    if found is None:
        if len(_FILLS) > 1024:
            _FILLS.clear()
        found = _FILLS[rgb] = f"{fp_str(rgb)} rg"
    return found


_FILLS: dict[tuple[float, float, float], str] = {}  # the few colours a theme has, formatted
_FONT_OPS: dict[tuple[Any, Any], str] = {}  # (size, leading) -> "size Tf leading TL"


def font_ops(size: Any, leading: Any) -> str:
    """reportlab's ``f"{fp_str(size)} Tf {fp_str(leading)} TL"``, made once a pair."""
    found = _FONT_OPS.get((size, leading))
    if found is None:
        if len(_FONT_OPS) > 4096:
            _FONT_OPS.clear()
        found = _FONT_OPS[size, leading] = f"{fp_str(size)} Tf {fp_str(leading)} TL"
    return found


def bullet(canvas: Any, offset: float, y: float, text: str, style: Any) -> float:
    """reportlab's _drawBullet for a plain string anchored at its start."""
    y += getattr(style, "bulletOffsetY", 0)
    name, size = style.bulletFontName, style.bulletFontSize
    writer = Writer(canvas, style.bulletIndent, y)
    writer.set_font(name, size, size * 1.2)
    writer.code.append(fill(getattr(style, "bulletColor", style.textColor), canvas))
    end = style.bulletIndent + canvas.stringWidth(text, name, size)
    writer.code.append(writer.text(text))
    canvas.drawText(TextCode(writer.code))
    return max(offset, end + size * 0.6 - style.leftIndent)


def begin(paragraph: Any, canvas: Any, head: Any) -> tuple[float, float]:
    """Paragraph.drawPara's opening, for either kind of lines: save the graphics state, and
    give the first line's offset and the top baseline (``head`` carries the first line's
    size and ascent: the lines' structure for one run, the first line for several); a bullet
    is drawn here."""
    style = paragraph.style
    canvas._code.append("q")
    offset = style.firstLineIndent + 0
    if rl_config.paraFontSizeHeightOffset:
        top = paragraph.height - head.fontSize
    else:
        top = paragraph.height - getattr(head, "ascent", head.fontSize)
    if paragraph.bulletText:
        offset = bullet(canvas, offset, top, paragraph.bulletText, style)
    return offset, top
