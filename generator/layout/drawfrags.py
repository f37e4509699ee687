"""Draw a paragraph of several plain runs (reportlab's kind-1 lines) as reportlab writes it.

A card's facts band ("**Targets** glutes, hamstrings") is a paragraph of two styles, which
reportlab lays out as lines of fragments and draws through ``_putFragLine``: general code for
underlines, links, strike-through, inline images, rises and background colours, measuring
every fragment as it goes (a fifth of drawing a card for two such paragraphs, measured). When
every fragment is plain text in a TrueType font with an RGB colour and none of those features,
:func:`draw_para` writes the very same operators: each line moved and word-spaced as
``_leftDrawParaLineX`` and its centre, right and justify siblings do, the leading set once,
a font set where the fragment's font or size changes, a colour where it changes, the text with
``T*`` after the line's last fragment. drawtext.py decides (:func:`plain_lines`) and frames it;
``tests/test_drawtext.py`` compares it with reportlab byte for byte.
"""

from __future__ import annotations

from typing import Any

from generator.layout.textops import TextCode, Writer, begin, color_ok, dynamic, fill

_CENTER, _RIGHT, _JUSTIFY = 1, 2, 4  # reportlab's TA_ values


def plain_lines(lines: list[Any], align: int, canvas: Any) -> bool:
    """Every fragment of every line plain text that ``_putFragLine`` only writes out."""
    if not hasattr(lines[0], "fontSize"):
        return False
    for line in lines:
        if not (hasattr(line, "extraSpace") and hasattr(line, "wordCount")):
            return False
        if align == _JUSTIFY and not hasattr(line, "lineBreak"):
            return False
        for frag in getattr(line, "words", None) or ():
            if hasattr(frag, "cbDefn") or getattr(frag, "backColor", None):
                return False
            if getattr(frag, "rise", None) != 0 or not isinstance(getattr(frag, "text", 0), str):
                return False
            if getattr(frag, "us_lines", None) != [] or getattr(frag, "link", None) != []:
                return False
            if not dynamic(frag.fontName) or not color_ok(frag.textColor, canvas):
                return False
    return True


class _Line:
    """What the text object keeps between fragments and lines: the leading and the colour."""

    def __init__(self, writer: Writer, leading: float) -> None:
        self.writer, self.leading = writer, leading
        self.color: Any = None

    def put(self, line: Any) -> None:
        """_putFragLine for plain fragments."""
        writer = self.writer
        if writer.leading != self.leading:
            writer.set_leading(self.leading)
        words = line.words
        end = words[-1] if words else None
        code = writer.code
        for frag in words:
            if (writer.font_name, writer.size) != (frag.fontName, frag.fontSize):
                writer.set_font(frag.fontName, frag.fontSize)
            if self.color != frag.textColor:
                self.color = frag.textColor
                code.append(fill(frag.textColor, writer.canvas))
            code.append(writer.text(frag.text) + (" T*" if frag is end else ""))

    def draw(self, offset: float, line: Any, align: int, last: bool) -> None:
        """_leftDrawParaLineX, _centerDrawParaLineX, _rightDrawParaLineX or the justify one."""
        writer, extra = self.writer, line.extraSpace
        if align == _JUSTIFY:
            simple = line.lineBreak or (-1e-8 < extra <= 1e-8) or (last and extra > -1e-8)
        else:
            simple = extra > -1e-8 or getattr(line, "preformatted", False)
        if not simple:
            nbsp = sum(w.text.count("\xa0") for w in line.words if not hasattr(w, "cbDefn"))
            spaces = line.wordCount + nbsp - 1
            simple = spaces <= 0
        if align in (_CENTER, _RIGHT):
            move = offset + (0.5 if align == _CENTER else 1.0) * extra if simple else offset
            if simple:
                writer.x_pos(move)
                self.put(line)
            else:
                writer.word_space(extra / float(spaces))
                self.put(line)  # no move to ``move`` first: reportlab's own way, kept
                writer.word_space(0)
            writer.x_pos(-move)
            return
        writer.x_pos(offset)
        if simple:
            self.put(line)
        else:
            writer.word_space(extra / float(spaces))
            self.put(line)
            writer.word_space(0)
        writer.x_pos(-offset)


def draw_para(paragraph: Any, canvas: Any, lines: list[Any]) -> None:
    """Paragraph.drawPara's kind-1 branch for :func:`plain_lines` (inside drawtext's frame)."""
    style = paragraph.style
    align, count = style.alignment, len(lines)
    offset, top = begin(paragraph, canvas, lines[0])
    writer = Writer(canvas, style.leftIndent, top)
    state = _Line(writer, style.leading)
    plain_last = not getattr(paragraph, "_JustifyLast", False)
    words_last = style.justifyLastLine
    for index, line in enumerate(lines):
        last = plain_last and index == count - 1
        if last and words_last and line.wordCount > words_last:
            last = False
        state.draw(offset if index == 0 else 0, line, align, last)
    canvas.drawText(TextCode(writer.code))
    canvas._code.append("Q")
