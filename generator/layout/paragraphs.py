"""Every paragraph of a card or handout is made here, from markup that parses once per process.

The fit step measures a card at about a dozen body sizes, and reportlab parses a paragraph's
markup each time one is made (a quarter of a card's time, measured). The parse depends on the
text and the style's fonts and colours, not on its size, so the parsed fragments are kept per
(text, fonts, colour) and set to the new size for each candidate. One place also makes it easy
to change how paragraphs are made (right-to-left shaping, tagging).

Line breaking is the other half of a measurement: reportlab measures every word with
``stringWidth`` at every size and width it is asked about. A word's width is its glyph widths'
sum times the size, so ``Paragraph.breakLines`` below keeps each word's sum per font and breaks
lines with the same greedy rule and the same floating-point arithmetic as reportlab 5.1
(``tests/test_paragraphs.py`` compares the two line by line). Anything it does not do the same
way (a word wider than the line, soft hyphens, several styles in one paragraph, shaping,
right-to-left or CJK wrapping, hyphenation) goes to reportlab's own ``breakLines``.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont
from reportlab.platypus import Paragraph as _ReportlabParagraph
from reportlab.platypus import paragraph as _reportlab_paragraph
from reportlab.rl_config import _FUZZ

from generator.layout import drawtext

MAX_KEPT = 4096
MAX_WIDTHS_KEPT = 100_000  # words measured per font (a few MiB); then the store starts over
MAX_TEXTS_KEPT = 20_000  # paragraphs' words kept per font; then the store starts over
_parsed: OrderedDict[tuple[Any, ...], tuple[list[Any], float]] = OrderedDict()
_SOFT_HYPHEN = "\xad"
# reportlab's own helpers, private and unstubbed: the same text splitting and bullet rule
_internals: Any = _reportlab_paragraph
_handleBulletWidth, _processed_frags = _internals._handleBulletWidth, _internals._processed_frags
_getFragWords, _HSFrag, _FK_TEXT = _internals._getFragWords, _internals._HSFrag, _internals._FK_TEXT
split, strip = _internals.split, _internals.strip


class Paragraph(_ReportlabParagraph):
    """reportlab's Paragraph with line breaking that measures each word once per font."""

    markup: str | None = None  # the markup it was made from, when parsed_paragraph made it

    def wrap(self, availWidth: Any, availHeight: Any) -> Any:
        """reportlab's wrap, kept for the last width: a card is wrapped to be placed and again
        to be drawn, at the same width (the height never depends on ``availHeight``)."""
        kept = self.__dict__
        if kept.get("_wrapped_at") == availWidth and "blPara" in kept:  # split drops blPara
            return availWidth, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return size

    def drawOn(self, canvas: Any, x: Any, y: Any, _sW: Any = 0) -> None:
        """reportlab's drawOn, written directly for a plain paragraph (layout/drawtext.py)."""
        if not drawtext.draw_on(self, canvas, x, y, _sW):
            super().drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]  # the stubs lack _sW

    def breakLines(self, width: Any) -> Any:
        lines = _greedy_lines(self, width)
        return lines if lines is not None else super().breakLines(width)


def _unit_widths_of(font_name: str) -> dict[str, float]:
    """The word widths kept for the font registered as ``font_name`` now: kept on the font's
    face, so a font registered again under the same name (another theme) starts afresh."""
    face = getattr(getFont(font_name), "face")  # noqa: B009  (a TrueType font's, unstubbed)
    kept: dict[str, float] | None = getattr(face, "_coachcards_unit_widths", None)
    if kept is None or len(kept) >= MAX_WIDTHS_KEPT:
        kept = {}
        face._coachcards_unit_widths = kept
    return kept


def _unit_width(word: str, font_name: str, kept: dict[str, float]) -> float:
    """``stringWidth(word, font, size) == _unit_width(word, font, kept) * size``, bit for bit.

    reportlab's accelerated TrueType width sums the integer glyph widths and returns
    ``sum * 0.001 * size``; keeping ``sum * 0.001`` gives the very same float for any size.
    """
    found = kept.get(word)
    if found is None:
        face = getattr(getFont(font_name), "face")  # noqa: B009
        widths, default = face.charWidths, face.defaultWidth
        found = kept[word] = sum(widths.get(ord(char), default) for char in word) * 0.001
    return found


def _simple(paragraph: _ReportlabParagraph) -> bool:
    """One plain run of text in a TrueType font, with none of the features breakLines adds
    (asked at every wrap: the answer is kept while the paragraph keeps its frags and style)."""
    frags, style = paragraph.frags, paragraph.style
    kept = paragraph.__dict__.get("_simple_for")
    if kept is not None and kept[0] is frags and kept[1] is style:
        return bool(kept[2])
    found = _is_simple(frags, style)
    paragraph._simple_for = (frags, style, found)  # type: ignore[attr-defined]  # ours
    return found


def _is_simple(frags: Any, style: Any) -> bool:
    if len(frags) != 1 or not hasattr(frags[0], "text") or _processed_frags(frags):
        return False
    frag = frags[0]
    if hasattr(frag, "cbDefn") or hasattr(frag, "backColor") or _SOFT_HYPHEN in frag.text:
        return False
    if style.endDots or style.wordWrap or getattr(style, "hyphenationLang", ""):
        return False
    if style.uriWasteReduce or style.embeddedHyphenation or getattr(style, "shaping", 0):
        return False
    return hasattr(getFont(frag.fontName), "face")  # a TrueType font: widths by glyph


def _greedy_lines(paragraph: _ReportlabParagraph, width: Any) -> Any:
    """reportlab's kind-0 line structure for a simple paragraph, or None to let it break."""
    if not _simple(paragraph):
        return None
    style, frag = paragraph.style, paragraph.frags[0]
    given = width if isinstance(width, list) else None
    max_widths = list(width) if isinstance(width, tuple | list) else [width]
    max_widths[0] += bullet_room(paragraph.bulletText, style)  # on a copy: we may give up
    font_name, font_size = frag.fontName, frag.fontSize
    ascent, descent = getAscentDescent(font_name, font_size)
    text = strip(frag.text)
    if not text:
        if given is not None:
            given[0] = max_widths[0]
        return _done(paragraph, frag, [], 0.0, ascent, descent)
    words, units, space = _words_of(paragraph, text, font_name)
    broken = greedy(units, space, font_size, max_widths, style.spaceShrinkage, style.splitLongWords)
    if broken is None:
        return None
    ends, widest = broken
    lines = [(unused, words[start:end]) for unused, start, end in ends]
    if given is not None:
        given[0] = max_widths[0]  # reportlab narrows the caller's first width for a bullet
    return _done(paragraph, frag, lines, widest, ascent, descent)


def line_count(paragraph: Any, available_width: float) -> int | None:
    """How many lines ``paragraph.wrap(available_width, ...)`` would give, without wrapping it
    (a title is balanced by bisecting its measure, layout/shapes.py); None: wrap it to know.

    The same widths as reportlab's wrap, the same bullet rule and the same ``greedy`` as
    :meth:`Paragraph.breakLines`, so the count is the one a real wrap gives.
    """
    if not isinstance(paragraph, Paragraph) or available_width < _FUZZ or not _simple(paragraph):
        return None
    style, frag = paragraph.style, paragraph.frags[0]
    max_widths = line_widths(style, available_width)
    max_widths[0] += bullet_room(paragraph.bulletText, style)
    text = strip(frag.text)
    if not text:
        return 0
    _, units, space = _words_of(paragraph, text, frag.fontName)
    broken = greedy(
        units, space, frag.fontSize, max_widths, style.spaceShrinkage, style.splitLongWords
    )
    return None if broken is None else len(broken[0])


def line_widths(style: Any, available_width: float) -> list[float]:
    """The first line's width and the others', as reportlab's ``Paragraph.wrap`` works them
    out (same operations, same floats); the bullet's room is taken from the first after."""
    indent = style.leftIndent
    first = available_width - (indent + style.firstLineIndent) - style.rightIndent
    return [first, available_width - indent - style.rightIndent]


def bullet_room(bullet: Any, style: Any) -> float:
    """What a bullet takes from a paragraph's first line (0.0 or less): reportlab's
    ``_handleBulletWidth`` rule, with a string bullet's width kept at one point for its font
    (the same float as ``stringWidth``), so a list item is not measured again at every size."""
    if not bullet:
        return 0.0
    name, size = style.bulletFontName, style.bulletFontSize
    kept = isinstance(bullet, str) and style.wordWrap != "RTL"
    if not (kept and hasattr(getFont(name), "face")):  # reportlab's own way
        widths = [0.0]
        _handleBulletWidth(bullet, style, widths)
        return float(widths[0])
    length = style.bulletIndent + _unit_width(bullet, name, _unit_widths_of(name)) * size
    length += 0.6 * size
    indent = style.leftIndent + style.firstLineIndent
    return 0.0 - (length - indent) if length > indent else 0.0


def _words_of(paragraph: Any, text: str, font_name: str) -> tuple[list[str], list[float], float]:
    """The paragraph's words and their widths at one point, kept on it (it is wrapped at
    several widths: to be placed, to be drawn, to balance a title's lines) and on its font's
    face by text: a card's paragraphs are made again at each size the fit step settles on, with
    the same words. The lists are shared: read them, never change them."""
    kept_words = paragraph.__dict__.get("_words")
    if kept_words is not None and kept_words[0] == (text, font_name):
        return kept_words[1]
    face = getattr(getFont(font_name), "face")  # noqa: B009  (a TrueType font's, unstubbed)
    texts: dict[str, Any] | None = getattr(face, "_coachcards_texts", None)
    if texts is None or len(texts) >= MAX_TEXTS_KEPT:
        texts = {}
        face._coachcards_texts = texts
    found = texts.get(text)
    if found is None:
        kept = _unit_widths_of(font_name)
        words = split(text)
        found = texts[text] = (
            words,
            [_unit_width(word, font_name, kept) for word in words],
            _unit_width(" ", font_name, kept),
        )
    paragraph._words = ((text, font_name), found)
    return found


def greedy(
    units: list[float],
    space_unit: float,
    font_size: float,
    max_widths: list[float],
    shrinkage: float = 0.0,
    split_long: Any = 1,
) -> tuple[list[tuple[float, int, int]], float] | None:
    """Lines of words as reportlab 5.1 fills them: (unused width, first word, end) of each line
    and the widest line's width; None where reportlab splits a word wider than the line.

    ``units`` are the words' widths at one point (``_unit_width``). The real paragraph above and
    the fit step's model of it (layout/measuring.py) both break lines here, so they agree.
    """
    space = space_unit * font_size
    shrink = shrinkage * space
    last = len(max_widths) - 1
    lines: list[tuple[float, int, int]] = []
    start = count = number = 0
    current, widest = -space, 0.0
    max_width = max_widths[0]  # always max_widths[min(number, last)], as reportlab reads it
    for index, unit in enumerate(units):
        word_width = unit * font_size
        new_width = current + space + word_width
        limit = max_width + shrink * count if shrink else max_width  # x + 0.0 is x
        if new_width <= limit:
            count += 1
            current = new_width
            continue
        if split_long and word_width > max_width:
            return None  # reportlab splits a word wider than the line: its way, not ours
        if not count:
            count, current = 1, new_width
            continue
        widest = max(widest, current)
        lines.append((max_width - current, start, index))
        start, count, current = index, 1, word_width
        number += 1
        max_width = max_widths[number if number < last else last]
    if count:
        widest = max(widest, current)
        lines.append((max_width - current, start, len(units)))
    return lines, widest


def runs_of(paragraph: Any) -> list[tuple[list[float], float]] | None:
    """A paragraph of several plain runs (the band's "**Targets** glutes") as its words: each
    word's pieces' widths at one point, and the width at one point of the space after it (0.0
    where none follows); None where reportlab's rule for such lines has more to it than
    :func:`one_line_width` follows (breaks, pictures, hyphenation, shrinking spaces)."""
    style, frags = paragraph.style, paragraph.frags
    if style.wordWrap or style.spaceShrinkage or getattr(style, "hyphenationLang", ""):
        return None
    if style.uriWasteReduce or style.embeddedHyphenation or getattr(style, "shaping", 0):
        return None
    if not frags or _processed_frags(frags):
        return None
    for frag in frags:
        if not hasattr(frag, "text") or hasattr(frag, "cbDefn") or hasattr(frag, "lineBreak"):
            return None
        if _SOFT_HYPHEN in frag.text or not hasattr(getFont(frag.fontName), "face"):
            return None
    runs: list[tuple[list[float], float]] = []
    for word in _getFragWords(frags):
        units = []
        for frag, text in word[1:]:
            if getattr(frag, "_fkind", _FK_TEXT) != _FK_TEXT:
                return None
            units.append(_unit_width(text, frag.fontName, _unit_widths_of(frag.fontName)))
        last = word[-1][0]
        space = _unit_width(" ", last.fontName, _unit_widths_of(last.fontName))
        runs.append((units, space if isinstance(word, _HSFrag) else 0.0))
    return runs


def one_line_width(runs: list[tuple[list[float], float]], font_size: float) -> float:
    """The width reportlab's breakLines gives the paragraph's line when all of it is one line,
    every run at ``font_size``: word widths summed piece by piece, each word after the first
    with the space after the word before it, in its order and floats. A paragraph is one line
    at a measure exactly when this is no wider than it."""
    current, space = 0.0, 0.0
    for units, space_after in runs:
        word = 0.0
        for unit in units:
            word += unit * font_size
        if word > 0:
            current = current + space + word
        space = space_after * font_size
    return current


def _done(
    paragraph: Any, frag: Any, lines: list[Any], widest: float, ascent: float, descent: float
) -> Any:
    """The state reportlab's breakLines leaves behind, and its result."""
    paragraph._width_max = widest
    paragraph.height = 0
    paragraph._splitLongWordCount = paragraph._hyphenations = 0
    return frag.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=frag.fontSize)


def parsed_paragraph(text: str, style: ParagraphStyle, bullet: str | None = None) -> Paragraph:
    """A Paragraph of ``text`` (reportlab markup, already escaped) in ``style``."""
    key = (text, style.fontName, style.textColor, style.name, bullet)
    found = _parsed.get(key)
    if found is None:
        made = Paragraph(text, style, bulletText=bullet)
        if all(getattr(f, "fontSize", style.fontSize) == style.fontSize for f in made.frags):
            _parsed[key] = (made.frags, style.fontSize)
            if len(_parsed) > MAX_KEPT:
                _parsed.popitem(last=False)
    else:
        sized = [f.clone(fontSize=style.fontSize) for f in found[0]]
        made = Paragraph(text, style, bulletText=bullet, frags=sized)
    made.markup = text  # to make it again at another size (layout/measuring.py)
    return made
