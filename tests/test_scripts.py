"""Chinese, Japanese, Korean, Arabic, Hebrew and Persian exercises, read back from real PDFs.

The references are independent of the layout code: uharfbuzz shapes each drawn run's text
with the same font file, python-bidi orders each line, pypdfium2 extracts the text.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import uharfbuzz as hb
from bidi import algorithm
from conftest import run
from pdfglyphs import Block, blocks, outline, source_font

from generator.layout.linebreak import NO_END, NO_START, break_opportunities

FIXTURES = Path(__file__).parent / "data" / "scripts"
LANGUAGES = ["zh", "ja", "ko", "ar", "he", "fa"]
RTL = ["ar", "he", "fa"]


def source(language: str) -> str:
    return (FIXTURES / "exercises" / f"squat-{language}.md").read_text(encoding="utf-8")


def items(language: str) -> list[str]:
    """The exercise's list items and paragraphs, as written."""
    body = source(language).split("---", 2)[2]
    lines = [line.strip() for line in body.splitlines()]
    return [re.sub(r"^- ", "", line) for line in lines if line and not line.startswith("#")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    out = tmp_path_factory.mktemp("scripts")
    made = {}
    for language in LANGUAGES:
        for kind in ("card", "handout"):
            target = out / f"{language}-{kind}.pdf"
            result = run(kind, f"squat-{language}", "--content", FIXTURES, "-o", target)
            assert result.exit_code == 0, result.output
            made[(language, kind)] = target
    return made


def extracted(path: Path) -> str:
    """Text as pypdfium2 gives it: logical order, right-to-left runs put back (bidi-aware)."""
    document = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["card", "handout"])
def test_every_glyph_drawn_is_a_real_glyph_of_an_embedded_font(
    built: dict[tuple[str, str], Path], language: str, kind: str
) -> None:
    drawn = [g for page in blocks(built[(language, kind)]) for b in page for g in b.glyphs]
    assert len(drawn) > 100
    assert all(g.gid != 0 and g.name != ".notdef" for g in drawn)
    fonts = {g.font.split("-")[0] for g in drawn}
    expected = {"ar": "IBMPlexSansArabic", "fa": "IBMPlexSansArabic", "he": "Heebo"}
    expected |= {"zh": "NotoSansSC", "ja": "NotoSansJP", "ko": "NotoSansKR"}
    assert expected[language] in fonts and "FiraSans" in fonts  # Latin stays in the main font


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["card", "handout"])
def test_the_text_extracts_as_written(
    built: dict[tuple[str, str], Path], language: str, kind: str
) -> None:
    text = extracted(built[(language, kind)])
    joined = re.sub(r"\s+", "", text)
    shown = items(language) if kind == "handout" else items(language)[-5:]
    for item in shown:  # pdfium drops the zero-width ZWNJ from its text; see the test below
        if language in RTL and any(unicodedata.bidirectional(c) == "L" for c in item):
            continue  # pdfium's own bidi misorders Latin runs inside RTL lines: see below
        assert re.sub(r"[\s\u200c]+", "", item) in joined, item
    if language in ("zh", "ja"):  # lines join with nothing: no space invented, none lost
        unbroken = re.sub(r"\r?\n", "", text)
        for item in shown:
            assert item in unbroken, item
    if language == "fa":  # ZWNJ kept in the PDF's own text ('سرینی‌ها', 'پاشنه‌ها')
        drawn = [g.text for page in blocks(built[(language, kind)]) for b in page for g in b.glyphs]
        assert "\u200c" in drawn


def test_zwnj_keeps_persian_letters_apart() -> None:
    """With ZWNJ, the letters either side take their unjoined forms (not the joined ones)."""
    from generator.layout.fonts import load_fonts
    from generator.layout.shaping import shape
    from generator.layout.theme import load_theme

    fonts = load_fonts(load_theme(None).fonts).for_language("fa")
    found = fonts.scripts.font_for("ه", "fa") if fonts.scripts else None
    assert found is not None
    name = found.font_name("regular")
    joined = [g.gid for _, g in shape(name, "پنجهها", True, "fa")]
    apart = [g.gid for _, g in shape(name, "پنجه\u200cها", True, "fa")]
    assert joined != [gid for gid in apart if gid in joined] or len(apart) != len(joined)
    assert [g.text for _, g in shape(name, "پنجه\u200cها", True, "fa")].count("\u200c") == 1


@pytest.mark.parametrize("language", ["zh", "ja"])
def test_no_cjk_line_starts_with_closing_punctuation(
    built: dict[tuple[str, str], Path], language: str
) -> None:
    lines = [line.strip() for line in extracted(built[(language, "handout")]).splitlines()]
    assert len(lines) > 10
    assert not [line for line in lines if line and line[0] in NO_START]
    assert not [line for line in lines if line and line[-1] in NO_END]


def test_kinsoku_and_korean_break_opportunities() -> None:
    text = "太ももが床と平行になるまで、ゆっくりしゃがみます。"
    breaks = break_opportunities(text, "ja")
    assert not breaks[text.index("、")] and not breaks[text.index("。")]
    assert not breaks[text.index("っ")] and not breaks[text.index("ゃ")]  # small kana
    assert breaks[1]  # between two ideographs/kana
    korean = "발뒤꿈치로 바닥을 민다."
    opportunities = [k for k, ok in enumerate(break_opportunities(korean, "ko")) if ok]
    assert opportunities == [korean.index("바"), korean.index("민")]
    latin_in_cjk = "先用轻重量开始：3 x 10 次"
    breaks = break_opportunities(latin_in_cjk, "zh")
    assert not breaks[latin_in_cjk.index("0")]  # never inside a number


def _shape(path: Path, text: str, rtl: bool, language: str) -> list[int]:
    face = hb.Face(hb.Blob(path.read_bytes()))
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.language = language
    hb.shape(hb.Font(face), buffer)
    return [info.codepoint for info in buffer.glyph_infos]


def _lines(page: list[Block]) -> list[list[Block]]:
    rows: dict[float, list[Block]] = {}
    for block in page:
        if block.glyphs:
            rows.setdefault(round(block.y, 1), []).append(block)
    return [sorted(row, key=lambda b: b.x) for _, row in sorted(rows.items(), reverse=True)]


@pytest.mark.parametrize("language", RTL)
@pytest.mark.parametrize("kind", ["card", "handout"])
def test_rtl_glyphs_equal_harfbuzz_shaping_line_by_line(
    built: dict[tuple[str, str], Path], language: str, kind: str
) -> None:
    """Each drawn run's glyphs are uharfbuzz's shaping of its text with the same font file,
    and each line's runs stand in python-bidi's display order of the extracted line."""
    from fontTools.ttLib import TTFont

    path = built[(language, kind)]
    document = pdfium.PdfDocument(str(path))
    paragraphs = _template_paragraphs(language, kind)
    checked = 0
    for number, page in enumerate(blocks(path)):
        logical_lines = document[number].get_textpage().get_text_range().splitlines()
        lines = _lines(page)
        assert len(lines) == len(logical_lines)
        for line, logical_line in zip(lines, logical_lines, strict=True):
            if not any(g.text.strip() for b in line for g in b.glyphs):
                continue
            visual = ""
            seams = []
            for block in line:
                seams.append(len(visual))
                if not block.shaped:
                    continue  # the list number or bullet, drawn apart at the right
                seen = "".join(g.text for g in block.glyphs)  # the run as it reads, visually
                rtl = any(unicodedata.bidirectional(c) in ("R", "AL") for c in seen)
                logical = "".join(_mirror(c) for c in reversed(seen)) if rtl else seen
                font_file = source_font(block.glyphs[0].font)
                reference = TTFont(str(font_file))
                order = reference.getGlyphOrder()
                expected = _shape(font_file, logical, rtl, language)
                assert len(expected) == len(block.glyphs), logical
                for gid, glyph in zip(expected, block.glyphs, strict=True):
                    assert outline(reference, order[gid]) == outline(glyph.subset, glyph.name)
                visual += seen
                checked += 1
            # Some piece of what was written, shown by python-bidi, is exactly what was drawn
            # (or two such pieces side by side: a handout's footer and its page number).
            assert _written_as(visual, paragraphs) or any(
                _written_as(visual[:k], paragraphs) and _written_as(visual[k:], paragraphs)
                for k in seams[1:]
            ), (visual, logical_line)
    document.close()
    assert checked > 10


def _template_paragraphs(language: str, kind: str) -> list[str]:
    """Every paragraph the template gives the layout for this exercise, in logical order."""
    from generator.content.loader import load_exercise
    from generator.pipeline import Renderer
    from generator.render.blocks import Heading, ListBlock, Para, Region

    exercise = load_exercise(FIXTURES / "exercises" / f"squat-{language}.md")
    found: list[str] = []

    def walk(items: list[object]) -> None:
        for block in items:
            if isinstance(block, Heading | Para):
                found.append("".join(span.text for span in block.spans))
            elif isinstance(block, ListBlock):
                found.extend("".join(span.text for span in item) for item in block.items)
            elif isinstance(block, Region):
                walk(list(block.blocks))

    walk(list(Renderer()._blocks(f"{kind}.md.j2", exercise)))
    return [p.replace("{page}", "1").replace("{pages}", "1") for p in found]


def _written_as(visual: str, paragraphs: list[str]) -> bool:
    """True when a run of whole words of some paragraph is displayed by python-bidi as
    ``visual`` (spaces aside): the line is a true piece of the text, in bidi order."""
    target = _squash(visual)
    for paragraph in paragraphs:
        for line in paragraph.split("\n"):
            starts = [0] + [m.end() for m in re.finditer(r" +", line)]
            ends = [m.start() for m in re.finditer(r" +", line)] + [len(line)]
            for i in starts:
                for j in ends:
                    piece = line[i:j]
                    if j > i and len(_squash(piece)) == len(target):
                        shown = str(algorithm.get_display(piece, base_dir="R"))
                        if _squash(shown) == target:
                            return True
    return False


def _squash(text: str) -> str:
    return re.sub(r"[\s\u200c]+", "", text)


def _mirror(char: str) -> str:
    from bidi.mirror import MIRRORED

    return str(MIRRORED.get(char, char))


def test_rtl_layout_is_mirrored(built: dict[tuple[str, str], Path]) -> None:
    """Lines end at the right margin; the cue numbers stand to the right of the cues."""
    document = pdfium.PdfDocument(str(built[("ar", "card")]))
    page = document[0]
    width = page.get_width()
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    number = text.index("1")
    box = textpage.get_charbox(number)
    cue = text.index("الصدر")
    cue_box = textpage.get_charbox(cue)
    assert box[0] > cue_box[2]  # the number is right of the cue's first letter
    assert box[2] > width * 0.85
    document.close()
