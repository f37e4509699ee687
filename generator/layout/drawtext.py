"""Draw a plain paragraph by writing reportlab's own operators straight into the page.

Drawing a card is mostly drawing paragraphs, and reportlab's ``drawOn`` + ``drawPara`` does
much work that a plain paragraph does not need: it saves and restores the canvas's Python state
twice, makes a text object, sets colours through the colour-space machinery and formats every
line through general code (about half of drawing a card, measured). For the paragraphs this
project makes (runs of text in TrueType fonts with RGB colours, no background, border,
underline, link, rise, inline image or right-to-left wrapping, at most a plain string bullet),
:func:`draw_on` writes the very same operator strings, built the same way (layout/textops.py:
the same ``fp_str``, subset codes, subset names and escaping, in the same order, so font
subsets are assigned alike), and hands each text object to ``canvas.drawText`` as reportlab
does, so tagging (a list item's label and body) sees the same calls. One run's lines
(reportlab's kind 0) are drawn here, lines of several runs (kind 1) by layout/drawfrags.py.
Anything else returns False before writing anything, and the caller draws with reportlab.
``tests/test_drawtext.py`` compares the two byte for byte; the library's PDFs are
byte-identical with or without it.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

from generator.layout import drawfrags
from generator.layout.textops import TextCode, Writer, begin, color_ok, dynamic, fill

_LEFT, _CENTER, _RIGHT, _JUSTIFY = 0, 1, 2, 4  # reportlab's TA_ values


def plain(paragraph: Any, canvas: Any) -> bool:
    """Whether drawPara would take only the steps :func:`draw_on` writes for this paragraph."""
    kept = paragraph.__dict__
    bl = kept.get("blPara")
    style = paragraph.style
    kind = getattr(bl, "kind", None)
    if kind not in (0, 1) or "_offsets" in kept or getattr(paragraph, "debug", False):
        return False
    if not isinstance(canvas, Canvas):  # a canvas of reportlab's, whose internals we write
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
    if kind == 1:
        runs_plain = not style.endDots and drawfrags.plain_lines(bl.lines, style.alignment, canvas)
    else:
        features = getattr(bl, "us_lines", True) or getattr(bl, "link", True)
        runs_plain = not features and dynamic(bl.fontName) and color_ok(bl.textColor, canvas)
    if not runs_plain:
        return False
    mark = paragraph.bulletText
    if mark:
        if not isinstance(mark, str) or style.bulletAnchor != "start":
            return False
        color = getattr(style, "bulletColor", style.textColor)
        if not dynamic(style.bulletFontName) or not color_ok(color, canvas):
            return False
    return True


def _line(
    writer: Writer, offset: float, extra: float, words: list[str], align: int, last: bool
) -> None:
    """One line as _leftDrawParaLine and its centre, right and justify siblings write it."""
    text = " ".join(words)
    code = writer.code
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
        writer.x_pos(move)
    if not simple:
        code.append(f"{fp_str(extra / float(spaces))} Tw")
    if not early:
        writer.x_pos(move)
    code.append(writer.text(text) + " T*")
    if not simple:
        code.append(f"{fp_str(0)} Tw")
    writer.x_pos(-move)


def draw_on(paragraph: Any, canvas: Any, x: float, y: float, sw: float = 0) -> bool:
    """Flowable.drawOn + Paragraph.drawPara for a :func:`plain` paragraph; False otherwise."""
    if not plain(paragraph, canvas):
        return False
    x = paragraph._hAlignAdjust(x, sw)
    code = canvas._code
    code.append("q")
    code.append(f"1 0 0 1 {fp_str(x, y)} cm")  # fp_str(1, 0, 0, 1, x, y), as translate
    lines = paragraph.blPara.lines
    if lines:
        (_draw_para if paragraph.blPara.kind == 0 else drawfrags.draw_para)(
            paragraph, canvas, lines
        )
    canvas._code.append("Q")
    return True


def _draw_para(paragraph: Any, canvas: Any, lines: list[Any]) -> None:
    style, bl = paragraph.style, paragraph.blPara
    align, count = style.alignment, len(lines)
    offset, top = begin(paragraph, canvas, bl)
    canvas._code.append(fill(bl.textColor, canvas))
    writer = Writer(canvas, style.leftIndent, top)
    writer.set_font(bl.fontName, bl.fontSize, style.leading)
    plain_last = not getattr(paragraph, "_JustifyLast", False)
    words_last = style.justifyLastLine
    for index, (extra, words) in enumerate(lines):
        last = plain_last and index == count - 1
        if last and words_last and len(words) > words_last:
            last = False
        _line(writer, offset if index == 0 else 0, extra, words, align, last)
    canvas.drawText(TextCode(writer.code))
    canvas._code.append("Q")
