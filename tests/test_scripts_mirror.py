"""Right-to-left pages are mirrored: a card's columns, corners and drawings read from the right.

The card layouts in the theme are written left to right; for an Arabic, Hebrew or Persian
document the region placer reflects them, so the landscape card's drawings stand to the right
of its cues, the QR code moves to the left corner, and the start drawing comes first from the
right. Positions are read back from the PDF with pypdfium2 (bidi-aware: logical text).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import ROOT, assert_glyphs_inside, run
from pdfglyphs import blocks

FIXTURES = Path(__file__).parent / "data" / "scripts" / "exercises"
DRAWINGS = ["0122-relaxation.svg", "0122-tension.svg"]
ENGLISH = """---
name: Back Squat
language: en
---

## Instructions

- Stand with the bar on your upper back.

## Cues

- Chest up, back straight.
- Knees over toes.
"""


def content_with_drawings(folder: Path, language: str) -> Path:
    """The script fixture (or its English twin) with two squat drawings and a video."""
    (folder / "exercises").mkdir(parents=True)
    (folder / "images").mkdir()
    for name in DRAWINGS:
        shutil.copy(ROOT / "content" / "images" / "everkinetic" / name, folder / "images" / name)
    if language == "en":
        text = ENGLISH
    else:
        text = (FIXTURES / f"squat-{language}.md").read_text(encoding="utf-8")
    head, rest = text.split("\n", 1)
    extra = f"images: [images/{DRAWINGS[0]}, images/{DRAWINGS[1]}]\nvideo: https://example.com/v\n"
    (folder / "exercises" / f"squat-{language}.md").write_text(
        f"{head}\n{extra}{rest}", encoding="utf-8"
    )
    return folder


def boxes(path: Path, words: list[str]) -> dict[str, tuple[float, float]]:
    """Each word's horizontal extent (x0, x1) on page 1, found in the logical text."""
    document = pdfium.PdfDocument(str(path))
    try:
        page = document[0]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        found = {}
        for word in words:
            start = text.index(word)
            xs = [x for i in range(start, start + len(word)) for x in textpage.get_charbox(i)[0::2]]
            found[word] = (min(xs), max(xs))
        found["page"] = (0.0, page.get_width())
        return found
    finally:
        document.close()


@pytest.mark.parametrize(
    ("language", "start", "finish", "cue"),
    [
        ("ar", "البداية", "النهاية", "الصدر"),
        ("en", "Start", "Finish", "Chest"),
        ("ja", "スタート", "フィニッシュ", "胸を張り"),
    ],
)
def test_landscape_card_columns_are_mirrored_right_to_left(
    tmp_path: Path, language: str, start: str, finish: str, cue: str
) -> None:
    content = content_with_drawings(tmp_path / "content", language)
    target = tmp_path / f"{language}.pdf"
    result = run("card", f"squat-{language}", "--content", content, "--landscape", "-o", target)
    assert result.exit_code == 0, result.output
    assert_glyphs_inside(target)
    at = boxes(target, [start, finish, cue, "example.com"])
    middle = at["page"][1] / 2
    drawn = [g for page in blocks(target) for b in page for g in b.glyphs]
    assert drawn and all(g.gid != 0 for g in drawn)  # captions shaped: never a box
    if language != "ar":  # the layout as written: drawings left of the cues, QR top right
        assert at[start][1] < at[finish][0] < middle < at[cue][0]
        assert at["example.com"][0] > middle
    else:  # mirrored: drawings right of the cues, the start drawing first from the right
        assert at[cue][1] < middle < at[finish][0] < at[finish][1] < at[start][0]
        assert at["example.com"][1] < middle * 0.5


HEBREW_PROGRAM = """\
title: תוכנית כוח לרגליים
client: דנה לוי
coach: יוסי כהן
language: he
start: 2026-12-07
units: kg
include: [cover, contents, schedule, handouts, cards, log]
days:
  - week: שבוע 1
    days:
      - name: יום א
        exercises:
          - {exercise: squat-he, sets: 3, reps: 8, load: 60}
"""


def _words(path: Path, page_index: int) -> list[tuple[str, float, float]]:
    """(text, x0, x1) of each word of a page, from pdfplumber."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        page = pdf.pages[page_index]
        return [(w["text"], w["x0"], w["x1"]) for w in page.extract_words()]


def _find(words: list[tuple[str, float, float]], text: str) -> tuple[float, float]:
    """The extent of a word whose letters are ``text`` (read in either direction)."""
    for word, x0, x1 in words:
        if text in (word, word[::-1]):
            return x0, x1
    raise AssertionError(f"{text!r} not on the page: {[w for w, _, _ in words]}")


def test_a_hebrew_packet_reads_from_the_right(tmp_path: Path) -> None:
    """Cover, contents, schedule and log of a Hebrew program are right to left: text ends at
    the right margin, contents page numbers stand on the left, tables start on the right."""
    program = tmp_path / "he.yaml"
    program.write_text(HEBREW_PROGRAM, encoding="utf-8")
    target = tmp_path / "he.pdf"
    result = run("packet", program, "--content", FIXTURES.parent, "-o", target)
    assert result.exit_code == 0, result.output
    drawn = [g for page in blocks(target) for b in page for g in b.glyphs]
    assert drawn and all(g.gid != 0 for g in drawn)  # the footer's page label too: no box
    cover, contents, schedule = (_words(target, i) for i in range(3))
    import pdfplumber

    with pdfplumber.open(target) as pdf:
        width = float(pdf.pages[0].width)
        log = _words(target, len(pdf.pages) - 1)
    right, left = width * 0.75, width * 0.25
    assert _find(cover, "לוי")[1] > right  # the client's name, flush right
    assert _find(contents, "תוכן")[1] > right  # the heading
    schedule_entry = _find(contents, "זמנים")
    numbers = [x1 for word, _, x1 in contents if word.isdigit() and int(word) > 2]
    assert len(numbers) >= 4 and all(x1 < left for x1 in numbers)  # page numbers on the left
    assert schedule_entry[0] > left
    # the schedule's first column (exercise) is on the right, its load column left of it
    assert _find(schedule, "משקל")[1] < _find(schedule, "תרגיל")[0]
    assert _find(schedule, "תרגיל")[1] > right
    # the log's set column first from the right, notes last (on the left)
    assert _find(log, "הערות")[1] < _find(log, "סט")[0]
    assert _find(log, "הערות")[1] < width / 2 and _find(log, "סט")[1] > right
    # the footer: page number label on the left
    assert _find(contents, "עמוד")[1] < width / 2


def test_a_japanese_packet_uses_fonts_cut_to_its_characters(tmp_path: Path) -> None:
    """A CJK program's packet builds (its labels checked in its own language) and every CJK
    font it embeds was cut to the characters used, never the whole 17,000-glyph font."""
    from fontTools.ttLib import TTFont

    from generator.layout.fontcache import cache_dir

    program = tmp_path / "ja.yaml"
    text = HEBREW_PROGRAM.replace("language: he", "language: ja").replace("squat-he", "squat-ja")
    program.write_text(text.replace("דנה לוי", "山田 花子").replace("שבוע 1", "第1週"), "utf-8")
    target = tmp_path / "ja.pdf"
    result = run("packet", program, "--content", FIXTURES.parent, "-o", target)
    assert result.exit_code == 0, result.output
    drawn = [g for page in blocks(target) for b in page for g in b.glyphs]
    assert drawn and all(g.gid != 0 for g in drawn)
    used = {g.font.split("+")[-1] for g in drawn if g.font.split("+")[-1].startswith("NotoSansJP")}
    assert used
    for path in cache_dir().glob("NotoSansJP-*.ttf"):
        assert TTFont(str(path), lazy=True)["maxp"].numGlyphs < 2000, path.name
