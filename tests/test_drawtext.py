"""The plain-paragraph drawing path (layout/drawtext.py) writes exactly what reportlab writes.

Each case draws the same paragraphs on two canvases, once through ``drawtext.draw_on`` and once
through reportlab's own ``drawOn``/``drawPara``, and compares every operator and the saved PDFs
byte for byte (font subsets included): sizes, alignments, leadings, indents, colours, bullets,
tagged list items, and text with ``(``, ``)``, ``\\``, non-breaking spaces and non-Latin letters.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.styles import ParagraphStyle

from generator.layout import drawtext
from generator.layout.fonts import load_fonts
from generator.layout.paragraphs import Paragraph, parsed_paragraph
from generator.layout.tagging import Element, TaggedCanvas, Tagger, tag
from generator.layout.theme import load_theme

FONTS = load_fonts(load_theme(None).fonts)
CANVAS: Any = TaggedCanvas  # its stubs type initialFontName as a float
TEXTS = [
    "Drive through the heel and squeeze at the top",
    "Keep (ribs) down \\ chin tucked (hold 2 s) \\(",
    "Überkreuz café naïve — 3×8 @ 60\xa0kg, élan",
    "Привет мир αβγ δ ŁódŹ żółć",
    "Brace, breathe in, lower under control for three seconds, pause an inch above the floor, "
    "then press back up without letting the hips rise before the shoulders do",
    "Supercalifragilisticexpialidocious-and-then-some-more-letters short words after it",
    "   ",
]


def _style(size: float, align: Any, leading: float, **more: Any) -> ParagraphStyle:
    return ParagraphStyle(
        "test",
        fontName=more.pop("font", FONTS.regular),
        fontSize=size,
        leading=size * leading,
        alignment=align,
        bulletFontName=more.pop("bullet_font", FONTS.regular),
        bulletFontSize=more.pop("bullet_size", size),
        bulletIndent=0,
        splitLongWords=1,
        spaceShrinkage=0,
        **more,
    )


def _draw(paragraphs: list[Any], fast: bool, tagged: bool) -> tuple[list[list[str]], bytes, int]:
    """Draw every paragraph; the operators each added, the PDF, how many took the fast path."""
    buffer = io.BytesIO()
    canvas: Any = CANVAS(buffer, invariant=1, pageCompression=0, initialFontName=FONTS.regular)
    canvas.tagger = Tagger() if tagged else None
    pieces, fast_count = [], 0
    for index, paragraph in enumerate(paragraphs):
        start = len(canvas._code)
        x, y = 20.0 + index % 3 * 0.3, 700.0 - 40 * (index % 15)
        if fast and drawtext.draw_on(paragraph, canvas, x, y):
            fast_count += 1
        else:
            super(Paragraph, paragraph).drawOn(canvas, x, y)  # reportlab's own, for both sides
        pieces.append(canvas._code[start:])
        if index % 15 == 14:
            canvas.showPage()
    canvas.showPage()
    canvas.save()
    return pieces, buffer.getvalue(), fast_count


def _same(make: Any, widths: list[float], tagged: bool = False) -> tuple[int, int]:
    """Draw the paragraphs ``make()`` gives, wrapped at ``widths``, both ways; compare. Returns
    how many took the fast path, and how many had reportlab's kind-0 (one-style) lines."""
    sides, kind0 = [], 0
    for fast in (True, False):
        paragraphs = make()
        for paragraph, width in zip(paragraphs, widths * len(paragraphs), strict=False):
            paragraph.wrap(width, 1e6)
        kind0 = sum(1 for p in paragraphs if p.blPara.kind == 0)
        sides.append(_draw(paragraphs, fast, tagged))
    (ours, our_pdf, fast_count), (theirs, their_pdf, _) = sides
    for index, (mine, reportlab) in enumerate(zip(ours, theirs, strict=True)):
        assert mine == reportlab, f"paragraph {index}"
    assert our_pdf == their_pdf
    return fast_count, kind0


@pytest.mark.parametrize("align", [0, 1, 2, 4])
@pytest.mark.parametrize("size", [7.0, 11.5, 23.75])
def test_plain_paragraphs_draw_as_reportlab_draws_them(align: int, size: float) -> None:
    def make() -> list[Any]:
        out = []
        for leading, shrink in ((1.0, 0.0), (1.37, 0.0), (1.2, 0.3)):  # shrunk: overfull lines
            for indent in (0.0, 9.5):
                style = _style(size, align, leading, leftIndent=indent, firstLineIndent=indent / 2)
                style.spaceShrinkage = shrink
                style.textColor = HexColor("#c0392b") if indent else HexColor("#222222")
                out += [Paragraph(escape(text), style) for text in TEXTS]
        return out

    fast, kind0 = _same(make, [90.0, 173.3, 402.0])
    assert fast == kind0 > 20  # every paragraph but a long word split over lines (kind 1)


@pytest.mark.parametrize("bullet", ["•", "12.", "(a)\\"])
@pytest.mark.parametrize("tagged", [False, True])
def test_list_items_with_bullets_draw_as_reportlab_draws_them(bullet: str, tagged: bool) -> None:
    def make() -> list[Any]:
        out = []
        group = Element("L")
        for align in (0, 4):
            for size in (8.0, 14.25):
                style = _style(
                    size,
                    align,
                    1.25,
                    leftIndent=size * 1.4,
                    bullet_font=FONTS.name("bold"),
                    bullet_size=size * 0.9,
                )
                style.bulletColor = HexColor("#2a6f97")
                for text in TEXTS:
                    made = parsed_paragraph(escape(text), style, bullet)
                    out.append(tag(made, Element("LI", parent=group)) if tagged else made)
        return out

    fast, kind0 = _same(make, [120.0, 333.0], tagged)
    assert fast == kind0 > 20


def test_text_past_a_fonts_first_subset_draws_as_reportlab_draws_it() -> None:
    """Over 256 different characters: codes in a second subset font, and the switch back."""
    from reportlab.pdfbase.pdfmetrics import getFont

    face: Any = getattr(getFont(FONTS.regular), "face")  # noqa: B009  (unstubbed)
    chars = [chr(c) for c in sorted(face.charToGlyph) if c > 0x20 and chr(c).isalpha()][:420]
    words = ["".join(chars[i : i + 7]) for i in range(0, len(chars), 7)]
    texts = [escape(" ".join(words[i : i + 12])) for i in range(0, len(words), 12)]
    texts += [escape("Plain café (again) \\ and " + chars[-1] + chars[3])] * 2

    def make() -> list[Any]:
        return [Paragraph(text, _style(9.0, 0, 1.2)) for text in texts]

    assert len(chars) > 300
    fast, kind0 = _same(make, [260.0])
    assert fast == kind0 == len(texts)


MIXED = [
    "<b>Targets</b> glutes · also hamstrings, adductors (and the \\ odd one)",
    "<b>Equipment</b> barbell",
    "Keep the <i>ribs</i> down, <b>brace</b> and <b><i>breathe</i></b> out at the top",
    '<font color="#c0392b">Avoid</font> letting the knees cave in; 60\xa0kg <b>max</b>',
    '<font size="14">Big</font> then small <font size="7">tiny</font> words again and again',
    "<b>Überkreuz</b> café naïve — Привет <i>мир</i> αβγ",
    "<b>Supercalifragilisticexpialidocious-and-then-some-more</b> letters",
]


@pytest.mark.parametrize("align", [0, 1, 2, 4])
@pytest.mark.parametrize("bullet", [None, "•"])
def test_paragraphs_of_several_styles_draw_as_reportlab_draws_them(
    align: int, bullet: str | None
) -> None:
    """reportlab's kind-1 lines (fragments), drawn by layout/drawfrags.py."""

    def make() -> list[Any]:
        out = []
        for size, indent, shrink in ((8.5, 0.0, 0.0), (13.2, 11.0, 0.0), (10.0, 0.0, 0.3)):
            style = _style(size, align, 1.3, leftIndent=indent, firstLineIndent=indent / 2)
            style.textColor, style.spaceShrinkage = HexColor("#15202b"), shrink  # overfull
            out += [Paragraph(text, style, bulletText=bullet) for text in MIXED]
        return out

    fast, _ = _same(make, [70.0, 181.0, 420.0])
    assert fast == len(make())  # every one of them, kind 1 or not


def test_what_it_does_not_know_goes_to_reportlab_unchanged() -> None:
    """Links, underlines, rises, a background, a translucent colour, autoLeading: reportlab's."""

    def make() -> list[Any]:
        style = _style(10, 0, 1.2)
        translucent = _style(10, 0, 1.2)
        translucent.textColor = Color(0.2, 0.3, 0.4, alpha=0.5)
        tinted = _style(10, 0, 1.2, backColor=HexColor("#eeeeee"))
        auto = _style(10, 0, 1.2, autoLeading="max")
        return [
            Paragraph('See <a href="https://example.org">the site</a>', style),
            Paragraph("An <u>underlined</u> word", style),
            Paragraph("E = mc<super>2</super>", style),
            Paragraph('A <font backColor="#ffff00">marked</font> word', style),
            Paragraph("A faint <b>word</b>", translucent),
            Paragraph("Plain text on a tint", tinted),
            Paragraph("Plain text, half seen", translucent),
            Paragraph("Plain text, auto leading", auto),
            Paragraph("<b>Sets</b> 3 × 8 (hold), after them all", style),
            Paragraph("Plain text after them all", style),
        ]

    assert _same(make, [150.0])[0] == 2  # only the last two


def test_plain_runs_take_the_fast_path_and_a_link_does_not() -> None:
    canvas: Any = CANVAS(io.BytesIO(), invariant=1, initialFontName=FONTS.regular)
    plain: Any = Paragraph("Drive through the heel", _style(12, 0, 1.25))
    mixed: Any = Paragraph("<b>Drive</b> through the heel", _style(12, 0, 1.25))
    link: Any = Paragraph('<a href="https://example.org">Drive</a> on', _style(12, 0, 1.25))
    for paragraph in (plain, mixed, link):
        paragraph.wrap(200, 1e6)
    assert drawtext.plain(plain, canvas) and plain.blPara.kind == 0
    assert drawtext.plain(mixed, canvas) and mixed.blPara.kind == 1
    assert not drawtext.plain(link, canvas)
    assert not drawtext.plain(plain, object())  # not a reportlab canvas: its own drawOn


WORDS = ["Drive", "(heel)", "\\", "café", "Привет", "3×8", "60\xa0kg", "αβγ", "—", "x" * 30]


@settings(max_examples=120, deadline=None, derandomize=True)
@given(
    words=st.lists(
        st.tuples(st.sampled_from(WORDS), st.sampled_from(["", "b", "i", "br"])),
        min_size=0,
        max_size=30,
    ),
    size=st.floats(6, 30).map(lambda v: round(v * 4) / 4),
    width=st.floats(30, 400),
    align=st.sampled_from([0, 1, 2, 4]),
    bullet=st.sampled_from([None, "•", "12."]),
    shrink=st.sampled_from([0.0, 0.2]),
)
def test_any_paragraph_draws_as_reportlab_draws_it(
    words: list[tuple[str, str]],
    size: float,
    width: float,
    align: int,
    bullet: str | None,
    shrink: float,
) -> None:
    marked = {"": "{}", "b": "<b>{}</b>", "i": "<i>{}</i>", "br": "{}<br/>"}  # br: a line break
    text = " ".join(marked[tag].format(escape(word)) for word, tag in words)

    def make() -> list[Any]:
        style = _style(size, align, 1.25, leftIndent=size, bullet_size=size * 0.9)
        style.spaceShrinkage = shrink
        return [Paragraph(text, style, bulletText=bullet) for _ in range(2)]

    fast, _ = _same(make, [width])
    assert fast == 2
