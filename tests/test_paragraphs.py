"""Our line breaking (layout/paragraphs.py) gives reportlab's lines, exactly, or leaves it to it.

The fit step wraps every paragraph at a dozen sizes, so coachcards breaks plain paragraphs
itself with word widths kept per font. These tests hold it to reportlab's own ``breakLines``:
the same words on the same lines with the same unused widths (floats compared exactly), for
any text, size, width and bullet, and the same state left on the paragraph.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as ReportlabParagraph

from generator.layout import paragraphs
from generator.layout.fonts import load_fonts
from generator.layout.paragraphs import Paragraph
from generator.layout.theme import load_theme

FONTS = load_fonts(load_theme(None).fonts)
WORDS = [
    "Hip",
    "Thrust",
    "drive",
    "through",
    "the",
    "heel;",
    "ribs",
    "down,",
    "chin",
    "tucked",
    "&",
    "squeeze",
    "<glutes>",
    "at",
    "the",
    "top",
    "{{",
    "hold",
    "}}",
    "2",
    "s.",
    "Überkreuz",
    "café",
    "naïve",
    "3×8",
    "@",
    "60",
    "kg",
    "—",
    "élan",
    "Supercalifragilisticexpialidocious-and-then-some-more-letters",
]


SIZES = st.floats(6, 40).map(lambda v: round(v * 4) / 4)  # quarter points, as the fit step
BULLETS = st.sampled_from([None, "•", "12."])


def _lines(blpara: Any) -> list[tuple[float, list[str]]]:
    if blpara.kind == 1:  # reportlab's structure for a split long word: fragments per line
        return [(line.extraSpace, [w.text for w in line.words]) for line in blpara.lines]
    return [(extra, list(words)) for extra, words in blpara.lines]


def _style(size: float, bold: bool, indent: float, shrink: float) -> ParagraphStyle:
    return ParagraphStyle(
        "test",
        fontName=FONTS.name("bold") if bold else FONTS.regular,
        fontSize=size,
        leading=size * 1.25,
        leftIndent=indent,
        bulletFontName=FONTS.regular,
        bulletFontSize=size,
        splitLongWords=1,
        spaceShrinkage=shrink,
    )


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=0, max_size=40),
    size=SIZES,
    width=st.floats(40, 600),
    bold=st.booleans(),
    bullet=BULLETS,
    indent=st.sampled_from([0.0, 9.5, 30.0]),
    shrink=st.sampled_from([0.0, 0.05]),
)
def test_our_lines_are_reportlabs_lines(
    words: list[str],
    size: float,
    width: float,
    bold: bool,
    bullet: str | None,
    indent: float,
    shrink: float,
) -> None:
    text = escape(" ".join(words))
    style = _style(size, bold, indent, shrink)
    ours: Any = Paragraph(text, style, bulletText=bullet)
    theirs: Any = ReportlabParagraph(text, style, bulletText=bullet)
    assert ours.wrap(width, 1e6) == theirs.wrap(width, 1e6)
    assert _lines(ours.blPara) == _lines(theirs.blPara)
    assert ours.blPara.kind == theirs.blPara.kind
    if ours.blPara.kind == 0:
        ascent, descent = ours.blPara.ascent, ours.blPara.descent
        assert (ascent, descent) == (theirs.blPara.ascent, theirs.blPara.descent)
    assert ours._wrapWidths == theirs._wrapWidths  # a bullet narrows the first line alike
    assert ours._width_max == theirs._width_max
    assert ours.getActualLineWidths0() == theirs.getActualLineWidths0()


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=0, max_size=24),
    size=SIZES,
    width=st.floats(20, 500),
    bold=st.booleans(),
    bullet=BULLETS,
    indent=st.sampled_from([0.0, 9.5]),
)
def test_line_count_is_the_number_of_lines_a_wrap_gives(
    words: list[str], size: float, width: float, bold: bool, bullet: str | None, indent: float
) -> None:
    """Balancing a title counts lines at ten measures without wrapping (layout/shapes.py)."""
    style = _style(size, bold, indent, 0.0)
    style.firstLineIndent = indent / 3
    paragraph: Any = Paragraph(escape(" ".join(words)), style, bulletText=bullet)
    counted = paragraphs.line_count(paragraph, width)
    paragraph.wrap(width, 1e6)
    if counted is None:  # only where our breakLines leaves the paragraph to reportlab's too
        assert paragraphs._greedy_lines(paragraph, list(paragraph._wrapWidths)) is None
    else:
        assert counted == len(paragraph.blPara.lines)


def test_line_count_leaves_what_it_cannot_count_to_a_wrap() -> None:
    style = _style(12, False, 0, 0)
    plain: Any = Paragraph("Drive through the heel", style)
    assert paragraphs.line_count(plain, 60) == 3
    plain.wrap(60, 1e6)
    assert len(plain.blPara.lines) == 3
    assert paragraphs.line_count(Paragraph("<b>Sets</b> 3 × 8", style), 200) is None
    assert paragraphs.line_count(ReportlabParagraph("Drive", style), 200) is None  # not ours


def test_the_plain_case_is_ours_and_the_rest_is_reportlabs() -> None:
    """The fast path really runs for plain text, and steps aside where reportlab differs."""
    style = _style(12, False, 0, 0)
    plain = Paragraph("Drive through the heel and squeeze at the top", style)
    assert paragraphs._greedy_lines(plain, [200.0, 200.0]) is not None
    long_word = Paragraph("Supercalifragilisticexpialidocious" * 3, style)
    assert paragraphs._greedy_lines(long_word, [100.0, 100.0]) is None  # reportlab splits it
    long_word.wrap(100, 1e6)
    assert all(w <= 100 + 1e-6 for w in long_word.getActualLineWidths0())
    mixed = Paragraph("<b>Sets</b> 3 × 8", style)
    assert paragraphs._greedy_lines(mixed, [200.0, 200.0]) is None  # two styles: reportlab
    soft = Paragraph("Hyphen\xadated", style)
    assert paragraphs._greedy_lines(soft, [200.0, 200.0]) is None
    empty: Any = Paragraph("   ", style)
    empty.wrap(100, 1e6)
    assert empty.blPara.lines == [] and empty.height == 0


def test_a_font_registered_again_under_its_name_is_measured_afresh() -> None:
    """A theme whose font file has the same name as another's (cc-<stem>) replaces it in
    reportlab's registry: widths kept for the old font must not break the new one's lines."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    fonts: list[Any] = [pdfmetrics.getFont(n) for n in (FONTS.regular, FONTS.name("bold"))]
    regular, bold = (font.face for font in fonts)
    text = " ".join(WORDS[:20]).replace("<", "").replace("&", "")
    for font in (regular, bold):
        pdfmetrics.registerFont(TTFont("cc-test-same-name", font.filename))
        style = ParagraphStyle("t", fontName="cc-test-same-name", fontSize=11, leading=13)
        ours: Any = Paragraph(text, style)
        theirs: Any = ReportlabParagraph(text, style)
        ours.wrap(150, 1e6)
        theirs.wrap(150, 1e6)
        assert _lines(ours.blPara) == _lines(theirs.blPara)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    runs=st.lists(
        st.tuples(st.booleans(), st.lists(st.sampled_from(WORDS), min_size=1, max_size=6)),
        min_size=1,
        max_size=5,
    ),
    glue=st.sampled_from(["", " "]),
    size=SIZES,
    width=st.floats(20, 600),
)
def test_a_paragraph_of_several_runs_is_one_line_exactly_when_one_line_width_says(
    runs: list[tuple[bool, list[str]]], glue: str, size: float, width: float
) -> None:
    # the fit model's shortcut for the band's "**Targets** glutes" lines (layout/measuring.py)
    markup = glue.join(
        f"<b>{escape(' '.join(words))}</b>" if bold else escape(" ".join(words))
        for bold, words in runs
    )
    made: Any = Paragraph(markup, _style(size, False, 0.0, 0.0))
    found = paragraphs.runs_of(made)
    assert found is not None
    made.wrap(width, 10_000)
    one_line = len(made.blPara.lines) == 1
    line = paragraphs.one_line_width(found, size)
    assert (line <= width) == one_line, (markup, size, width)
    if one_line:  # reportlab reports it as the measure less the room left: equal to rounding
        assert made.getActualLineWidths0() == [pytest.approx(line, rel=1e-12)]


def test_runs_are_refused_where_reportlab_breaks_another_way() -> None:
    style = _style(12, False, 0.0, 0.0)
    assert paragraphs.runs_of(Paragraph("<b>a</b> b<br/>c", style)) is None  # a forced break
    assert paragraphs.runs_of(Paragraph("<b>a</b> b\xadc", style)) is None  # a soft hyphen
    assert paragraphs.runs_of(Paragraph("<b>a</b> b", _style(12, False, 0.0, 0.05))) is None
    assert paragraphs.runs_of(Paragraph("<b>a</b> b", style)) is not None


def test_one_line_width_is_the_exact_edge_between_one_line_and_two() -> None:
    import math

    for size in (9.0, 17.75, 36.5):
        made: Any = Paragraph(
            "<b>Targets</b> glutes, hamstrings · <b>also</b> core", _style(size, False, 0.0, 0.0)
        )
        runs = paragraphs.runs_of(made)
        assert runs is not None
        line = paragraphs.one_line_width(runs, size)
        made.wrap(line, 10_000)
        assert len(made.blPara.lines) == 1
        made.wrap(math.nextafter(line, 0.0), 10_000)
        assert len(made.blPara.lines) == 2
