"""Paragraphs in any supported script: font per character, line breaking, bidi, shaping.

reportlab's Paragraph draws one character after another from the cmap, left to right, and
breaks lines only at spaces. That is right for Latin, Greek and Cyrillic, and wrong for Arabic
(letters join, ligatures form, marks stack, lines run right to left), Hebrew, and Chinese and
Japanese (no spaces between words; some punctuation may not start a line). This flowable
does what those need, in the order the Unicode rules give:

1. each character gets a font (the theme's main font, else its font for the script);
2. bidi embedding levels for the whole paragraph (python-bidi, UAX #9);
3. line breaking in logical order (spaces; between CJK characters, except where kinsoku
   forbids: no line starts with closing punctuation or ends with opening punctuation);
4. per line: trailing spaces to the base level, runs reordered into visual order (rule L2);
5. each run shaped by uharfbuzz in its direction and drawn by glyph ID (layout/glyphfont).

Right-to-left paragraphs are right-aligned, with the list number or bullet on the right.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from generator.layout.bidiorder import bidi_levels, visual_order
from generator.layout.glyphfont import Glyph, draw_glyphs
from generator.layout.linebreak import break_opportunities
from generator.layout.scripts import SHAPED_SCRIPTS, script_of

_SPACES = {" ", "\u3000"}


@dataclass(frozen=True)
class Piece:
    """A run of a line in visual order: one font, one direction."""

    font: str
    glyphs: tuple[Glyph, ...]
    width: float  # in thousandths of the font size


@dataclass(frozen=True)
class Line:
    pieces: tuple[Piece, ...]
    width: float  # points


class ScriptParagraph(Flowable):
    """A paragraph laid out by the rules of its scripts (see the module's docstring)."""

    def __init__(
        self,
        text: str,
        bold: list[bool],
        style: ParagraphStyle,
        fonts: Any,
        bullet: str | None = None,
        lines: list[tuple[int, int]] | None = None,
        setup: Any = None,
    ) -> None:
        super().__init__()
        self.text, self.bold, self.style, self.fonts, self.bullet = text, bold, style, fonts, bullet
        self.rtl = fonts.rtl
        self._setup = setup or _Setup(text, bold, style, fonts)
        self._fixed = lines
        self._lines: list[tuple[int, int]] = lines or []
        self.width = self.height = 0.0

    # -- the Flowable interface, as reportlab's Paragraph answers it --
    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        measure = availWidth - self.style.leftIndent - self.style.rightIndent
        if self._fixed is None:
            self._lines = self._setup.break_lines(max(measure, 1.0), self.style.fontSize)
        self.height = len(self._lines) * self.style.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        fit = int((availHeight + 1e-6) // self.style.leading)
        total = len(self._lines)
        if fit >= total:
            return [self]
        if total > 1 and fit == total - 1 and fit > 1:
            fit -= 1  # no widow: never leave one line alone at the top of the next page
        if fit < min(2, total):
            # no orphan either, and no piece without a line (split again and again, it filled
            # memory with empty pieces): the paragraph goes whole to the next page
            return []
        first = ScriptParagraph(
            self.text,
            self.bold,
            self.style,
            self.fonts,
            self.bullet,
            self._lines[:fit],
            self._setup,
        )
        rest = ScriptParagraph(
            self.text, self.bold, self.style, self.fonts, None, self._lines[fit:], self._setup
        )
        rest.style = _no_space_before(self.style)
        first.style = _no_space_after(self.style)
        return [first, rest]

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)

    def getKeepWithNext(self) -> bool:
        return bool(getattr(self.style, "keepWithNext", 0))

    def getActualLineWidths0(self) -> list[float]:
        size = self.style.fontSize
        indent = self.style.leftIndent  # as reportlab's Paragraph counts them
        return [indent + self._setup.line(a, b).width * size / 1000 for a, b in self._lines]

    def plain_text(self) -> str:
        return self.text

    def draw(self) -> None:
        canvas = self.canv
        style = self.style
        size = style.fontSize
        canvas.saveState()
        canvas.setFillColor(style.textColor)
        y = self.height - size
        for number, (start, end) in enumerate(self._lines):
            if number == 0 and self.bullet:  # first: a tagged list item's label is its Lbl
                self._draw_bullet(y)
                canvas.setFillColor(style.textColor)  # the bullet may have its own colour
            line = self._setup.line(start, end)
            width = line.width * size / 1000
            if self.rtl:
                x = self.width - style.leftIndent - width
            elif getattr(style, "alignment", 0) == 2:
                x = self.width - style.rightIndent - width
            elif getattr(style, "alignment", 0) == 1:
                x = style.leftIndent + (self.width - style.leftIndent - width) / 2
            else:
                x = style.leftIndent
            for piece in line.pieces:
                draw_glyphs(canvas, piece.font, size, x, y, list(piece.glyphs))
                x += piece.width * size / 1000
            y -= style.leading
        canvas.restoreState()

    def _draw_bullet(self, y: float) -> None:
        style, canvas = self.style, self.canv
        canvas.setFont(style.bulletFontName, style.bulletFontSize)
        canvas.setFillColor(getattr(style, "bulletColor", style.textColor))
        bullet = str(self.bullet)
        if self.rtl:
            canvas.drawRightString(self.width - style.bulletIndent, y, bullet)
        else:
            canvas.drawString(style.bulletIndent, y, bullet)


def _no_space_before(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}.rest", parent=style, spaceBefore=0)


def _no_space_after(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}.first", parent=style, spaceAfter=0, keepWithNext=0)


class _Setup:
    """What does not depend on the measure: fonts, levels, advances, break opportunities."""

    def __init__(self, text: str, bold: list[bool], style: ParagraphStyle, fonts: Any) -> None:
        self.text = text
        self.language = fonts.language
        weight = fonts.weight_of(style.fontName)
        self.fonts = assign_fonts(text, [b or weight == "bold" for b in bold], fonts, weight)
        self.levels = bidi_levels(text, fonts.rtl)
        self.base = 1 if fonts.rtl else 0
        self.advances = self._advances()
        self.breaks = break_opportunities(text, self.language)
        self._lines: dict[tuple[int, int], Line] = {}

    def _advances(self) -> list[float]:
        """Each character's advance in thousandths of the size (a cluster's on its first)."""
        advances = [0.0] * len(self.text)
        for start, end in _runs(self.text, self.fonts, self.levels):
            if self.text[start] == "\n":
                continue
            glyphs = shape(
                self.fonts[start], self.text[start:end], self.levels[start] % 2 == 1, self.language
            )
            for cluster, glyph in glyphs:
                advances[start + cluster] += glyph.advance
        return advances

    def break_lines(self, measure: float, size: float) -> list[tuple[int, int]]:
        limit = measure * 1000 / size
        lines: list[tuple[int, int]] = []
        text, adv = self.text, self.advances
        start, width, last_break = 0, 0.0, -1
        index = 0
        while index < len(text):
            char = text[index]
            if char == "\n":
                lines.append((start, index))
                start, width, last_break = index + 1, 0.0, -1
                index += 1
                continue
            if char not in _SPACES and width + adv[index] > limit and index > start:
                # a word wider than the line is broken between characters
                cut = last_break if last_break > start else _grapheme_cut(text, start, index)
                lines.append((start, cut))
                start, width, last_break = cut, 0.0, -1
                index = cut
                continue
            width += adv[index]
            if index + 1 < len(text) and self.breaks[index + 1]:
                last_break = index + 1
            index += 1
        lines.append((start, len(text)))
        return lines

    def line(self, start: int, end: int) -> Line:
        key = (start, end)
        if key not in self._lines:
            self._lines[key] = self._make_line(start, end)
        return self._lines[key]

    def _make_line(self, start: int, end: int) -> Line:
        text = self.text
        while end > start and text[end - 1] in _SPACES:
            end -= 1  # trailing spaces are not drawn (rule L1 puts them at the line's end)
        levels = self.levels[start:end]
        order = visual_order(levels)
        pieces = []
        total = 0.0
        for run in _visual_runs([start + i for i in order], self.fonts, self.levels):
            low, high = min(run), max(run) + 1
            rtl = self.levels[low] % 2 == 1
            glyphs = tuple(g for _, g in shape(self.fonts[low], text[low:high], rtl, self.language))
            width = sum(g.advance for g in glyphs)
            pieces.append(Piece(self.fonts[low], glyphs, width))
            total += width
        return Line(tuple(pieces), total)


def _grapheme_cut(text: str, start: int, index: int) -> int:
    cut = index
    while cut > start + 1 and (
        unicodedata.category(text[cut])[0] == "M" or text[cut] in "\u200c\u200d"
    ):
        cut -= 1
    return cut


def _runs(text: str, fonts: list[str], levels: list[int]) -> list[tuple[int, int]]:
    """Runs of one font and level in logical order; a line break is a run of its own."""
    runs: list[tuple[int, int]] = []
    for i in range(len(text)):
        if text[i] == "\n" or (runs and text[runs[-1][0]] == "\n"):
            runs.append((i, i + 1))
        elif runs and fonts[i] == fonts[runs[-1][0]] and levels[i] == levels[runs[-1][0]]:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def _visual_runs(order: list[int], fonts: list[str], levels: list[int]) -> list[list[int]]:
    """Group characters in visual order into runs of one font, level and logical adjacency."""
    runs: list[list[int]] = []
    for i in order:
        if runs:
            last = runs[-1][-1]
            step = -1 if levels[i] % 2 else 1
            if fonts[i] == fonts[last] and levels[i] == levels[last] and i == last + step:
                runs[-1].append(i)
                continue
        runs.append([i])
    return runs


def assign_fonts(text: str, bold: list[bool], fonts: Any, weight: str) -> list[str]:
    """A reportlab font name per character: script fonts for their scripts, the main font for
    Latin; spaces, digits and punctuation stay in the font of the run they sit in."""
    base_names = {w: fonts.name(w) for w in ("regular", "bold", "italic", "bold_italic")}
    italic = weight in ("italic", "bold_italic")
    chosen: list[str | None] = [None] * len(text)
    covers: dict[str, frozenset[int]] = {}
    # the document's characters, for fonts cut per document; a text outside them (never, as
    # every drawn string comes from the document's blocks) gets the whole font
    chars = fonts.chars
    if chars is not None and not {ord(c) for c in text} <= chars:
        chars = None

    def base(i: int) -> str:
        key = ("bold" if bold[i] else "regular") + ("_italic" if italic else "")
        key = "bold_italic" if key == "bold_italic" else key.replace("regular_italic", "italic")
        return base_names[key]

    def script_font(i: int) -> str | None:
        found = fonts.scripts.font_for(text[i], fonts.language) if fonts.scripts else None
        if found is None:
            return None
        name = str(found.font_name("bold" if bold[i] else "regular", chars))
        covers[name] = found.covered
        return name

    for i, char in enumerate(text):
        code = script_of(char)
        if code in ("Zyyy", "Zinh") or char == "\n":
            continue
        if ord(char) in fonts.covered and code not in SHAPED_SCRIPTS:
            chosen[i] = base(i)
        else:
            chosen[i] = script_font(i) or base(i)
    for i, char in enumerate(text):  # neutrals: the font around them, if it has the glyph
        if chosen[i] is not None:
            continue
        neighbours = [str(chosen[j]) for j in (i - 1, i + 1) if 0 <= j < len(text) and chosen[j]]
        for name in neighbours:
            if ord(char) in covers.get(name, fonts.covered) or char == "\n":
                chosen[i] = name
                break
        else:
            chosen[i] = base(i) if ord(char) in fonts.covered else (script_font(i) or base(i))
    return [str(name) for name in chosen]


_shaped: dict[tuple[str, str, bool, str], list[tuple[int, Glyph]]] = {}
_hb_fonts: dict[str, Any] = {}


def shape(font_name: str, text: str, rtl: bool, language: str) -> list[tuple[int, Glyph]]:
    """(cluster, glyph) pairs in visual order, advances in thousandths of the size."""
    key = (font_name, text, rtl, language)
    if key in _shaped:
        return _shaped[key]
    import uharfbuzz as hb
    from bidi.mirror import MIRRORED

    if font_name not in _hb_fonts:
        registered: Any = pdfmetrics.getFont(font_name)
        face = registered.face
        _hb_fonts[font_name] = (hb.Font(hb.Face(hb.Blob(face._ttf_data))), face.unitsPerEm)
    hb_font, upem = _hb_fonts[font_name]
    buffer = hb.Buffer()
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.language = language
    hb.shape(hb_font, buffer)
    scale = 1000 / upem
    clusters = [*sorted({info.cluster for info in buffer.glyph_infos}), len(text)]
    following = {c: clusters[n + 1] for n, c in enumerate(clusters[:-1])}
    given: set[int] = set()
    out = []
    for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        if info.codepoint == 0:
            raise ValueError(f"font {font_name} has no glyph for {text!r}")  # checked before
        cluster = info.cluster
        source = "" if cluster in given else text[cluster : following[cluster]]
        if rtl:  # as the visual string reads: bidi-aware extractors turn it back to logical
            source = "".join(MIRRORED.get(c, c) for c in reversed(source))
        given.add(cluster)
        glyph = Glyph(
            info.codepoint,
            source,
            pos.x_advance * scale,
            pos.x_offset * scale,
            pos.y_offset * scale,
        )
        out.append((cluster, glyph))
    if len(_shaped) > 20000:
        _shaped.clear()
    _shaped[key] = out
    return out


def from_spans(
    spans: Any, style: ParagraphStyle, fonts: Any, bullet: str | None, upper: bool = False
) -> ScriptParagraph:
    """A ScriptParagraph from the block markup's spans (bold is kept; italic has no meaning
    in most of these scripts and is drawn upright)."""
    parts = [str(span.text).upper() if upper else str(span.text) for span in spans]
    text = "".join(parts)
    bold = [bool(span.bold) for span, part in zip(spans, parts, strict=True) for _ in part]
    return ScriptParagraph(text, bold, style, fonts, bullet)
