"""Fonts reportlab cannot read are made into static TrueType files, once, and cached.

The CJK fonts of some packages are CFF-outline OpenType (.otf); reportlab reads only TrueType
outlines. These tests make a small CFF font with fontTools' FontBuilder (cubic outlines) and
check that the converted file is TrueType that reportlab embeds, with the same glyphs, the
same advances and the same shapes, and that the cache answers a second time without work.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTFont

from generator.layout import fontcache

ADVANCES = {".notdef": 500, "space": 250, "A": 600, "B": 640, "O": 700}


def _charstring(name: str, width: int) -> object:
    pen = T2CharStringPen(width, None)
    if name in ("A", "B", ".notdef"):
        pen.moveTo((50, 0))
        pen.lineTo((width - 50, 0))
        pen.lineTo((width // 2, 700))
        pen.closePath()
    if name in ("B", "O"):  # cubic curves: what the conversion must turn into quadratics
        pen.moveTo((100, 350))
        pen.curveTo((100, 550), (width - 100, 550), (width - 100, 350))
        pen.curveTo((width - 100, 150), (100, 150), (100, 350))
        pen.closePath()
    return pen.getCharString()


def make_cff_font(path: Path) -> None:
    builder = FontBuilder(1000, isTTF=False)
    order = list(ADVANCES)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap({0x20: "space", 0x41: "A", 0x42: "B", 0x4F: "O"})
    builder.setupCFF(
        "TestCFF-Regular",
        {"FullName": "Test CFF Regular"},
        {name: _charstring(name, width) for name, width in ADVANCES.items()},
        {},
    )
    # left side bearings of 0 that disagree with the outlines: CFF draws outlines where they
    # are, TrueType where the bearing says, so the conversion must not trust them
    builder.setupHorizontalMetrics({name: (width, 0) for name, width in ADVANCES.items()})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Test CFF", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    builder.save(str(path))


def _bounds(font: TTFont, name: str) -> tuple[float, ...] | None:
    glyphs = font.getGlyphSet()
    pen = BoundsPen(glyphs)
    glyphs[name].draw(pen)
    return pen.bounds


@pytest.fixture
def cff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COACHCARDS_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "TestCFF-Regular.otf"
    make_cff_font(path)
    return path


def test_a_cff_font_becomes_truetype_with_the_same_glyphs(cff: Path) -> None:
    source = TTFont(str(cff))
    assert "CFF " in source and fontcache.needs_conversion(cff)
    converted = fontcache.static_font(cff, {})
    assert converted != cff and converted.parent == fontcache.cache_dir()
    font = TTFont(str(converted))
    assert font.sfntVersion == "\x00\x01\x00\x00"
    assert "glyf" in font and "CFF " not in font and not fontcache.needs_conversion(converted)
    assert font.getGlyphOrder() == source.getGlyphOrder()
    assert font.getBestCmap() == source.getBestCmap()
    for name, width in ADVANCES.items():
        assert font["hmtx"][name][0] == width
        expected, got = _bounds(source, name), _bounds(font, name)
        if expected is None:
            assert got is None  # the space stays empty
            continue
        assert got is not None
        assert all(abs(a - b) <= 2 for a, b in zip(expected, got, strict=True)), name
        assert font["hmtx"][name][1] == font["glyf"][name].xMin
    glyph = font["glyf"]["O"]
    assert glyph.numberOfContours == 1 and len(glyph.coordinates) > 4  # curves, in quadratics


def test_reportlab_embeds_the_converted_font(cff: Path) -> None:
    from reportlab.pdfbase.ttfonts import TTFont as ReportlabFont

    converted = fontcache.static_font(cff, {})
    font = ReportlabFont("cc-test-cff", str(converted))
    assert font.stringWidth("AB O", 10) == pytest.approx((600 + 640 + 250 + 700) / 100)
    assert font.face.charToGlyph[ord("B")] == TTFont(str(cff)).getGlyphID("B")


def test_the_second_use_reads_the_cache(cff: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = fontcache.static_font(cff, {})
    stamp = first.stat().st_mtime_ns

    def no_work(*args: object) -> None:
        raise AssertionError("converted again")

    monkeypatch.setattr(fontcache, "_write_instance", no_work)
    assert fontcache.static_font(cff, {}) == first
    assert first.stat().st_mtime_ns == stamp
