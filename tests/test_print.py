"""Print production: sheets, crop marks, bleed boxes, duplex backs, wall profile, grey, preview."""
# pypdf objects are untyped dictionaries (PdfObject | None); a wrong key fails at run time.
# mypy: disable-error-code="index,union-attr"

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from conftest import MM, ROOT, chars, page_texts, run, squash, write_exercise

from generator.layout.pages import page
from generator.layout.sheet import impose
from generator.layout.theme import load_theme

LIBRARY = ROOT / "content"
THEME = load_theme()
SLUGS = [
    "pull-ups",
    "barbell-squat",
    "lying-squat",
    "weighted-one-leg-hip-thrust",
    "front-squat-with-barbell",
    "ab-rollout-with-barbell",
    "hack-squat-machine",
    "barbell-lunges",
    "air-bike",
]


def _sheet(tmp_path: Path, *args: object, slugs: list[str] = SLUGS) -> Path:
    out = tmp_path / "sheet.pdf"
    result = run("sheet", *slugs, "--content", LIBRARY, "-o", out, *args)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize(
    ("paper", "card", "per_sheet"),
    [
        ("a4", "a5", 2),
        ("a4", "a6", 4),
        ("letter", "5x8", 2),
        ("letter", "4x6", 2),
        ("a3", "a5", 4),
        ("a3", "a6", 8),
        ("tabloid", "5x8", 4),
    ],
)
def test_as_many_cards_as_fit_per_sheet(
    tmp_path: Path, paper: str, card: str, per_sheet: int
) -> None:
    slugs = SLUGS[: per_sheet + 1]
    out = _sheet(tmp_path, "--paper", paper, "--card-size", card, slugs=slugs)
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 2
    width, height = (v * MM for v in THEME.pages_mm[paper])
    box = reader.pages[0].mediabox
    assert sorted([float(box.width), float(box.height)]) == pytest.approx(sorted([width, height]))
    texts = page_texts(out)
    names = [t.split("\n", 1)[0] for t in texts]  # noqa: F841 - kept for the failure message
    from generator.content.loader import load_exercise

    exercises = [load_exercise(LIBRARY / "exercises" / f"{s}.md") for s in slugs]
    first, second = squash(texts[0]), squash(texts[1])
    for exercise in exercises[:per_sheet]:
        assert squash(exercise.name.value) in first
        for cue in exercise.items("cues") or exercise.items("instructions"):
            assert squash(cue.value) in first
    assert squash(exercises[-1].name.value) in second
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/PrintScaling"] == "/None"


def _card_rects(paper: str, card: str, bleed_mm: float = 0.0) -> list[tuple[float, ...]]:
    imposition = impose(page(THEME, paper), page(THEME, card), bleed_mm * MM)
    return [(s.x0, s.y0, s.x1, s.y1) for s in imposition.slots]


@pytest.mark.parametrize(
    ("paper", "card", "bleed"),
    [
        ("letter", "5x8", 0),
        ("tabloid", "5x8", 0),
        ("tabloid", "5x8", 2),
        ("a4", "a6", 2),
        ("a4", "a6", 0),
    ],
)
def test_crop_marks_lie_outside_every_card(
    tmp_path: Path, paper: str, card: str, bleed: float
) -> None:
    out = _sheet(tmp_path, "--paper", paper, "--card-size", card, "--bleed", bleed)
    rects = _card_rects(paper, card, bleed)
    with pdfplumber.open(out) as pdf:
        sheet = pdf.pages[0]
        lines = [
            (ln["x0"], sheet.height - ln["y1"], ln["x1"], sheet.height - ln["y0"])
            for ln in sheet.lines
        ]
    if (paper, card) == ("a4", "a6") and bleed == 0:
        assert lines == [], "cards that tile the paper leave no room for marks"
    elif (paper, card) == ("tabloid", "5x8") and bleed == 0:
        assert len(lines) >= 4 * len(rects)
    paper_box = pypdf.PdfReader(out).pages[0].mediabox
    for x0, y0, x1, y1 in lines:
        assert max(x1 - x0, y1 - y0) >= 5 * MM - 0.01, "marks at least 5 mm long"
        assert min(x0, y0) >= 5 * MM - 0.01, "at least 5 mm from the paper edge"
        assert float(paper_box.width) - x1 >= 5 * MM - 0.01
        assert float(paper_box.height) - y1 >= 5 * MM - 0.01
    for x0, y0, x1, y1 in lines:
        for rx0, ry0, rx1, ry1 in rects:
            overlaps = x0 < rx1 - 0.01 and x1 > rx0 + 0.01 and y0 < ry1 - 0.01 and y1 > ry0 + 0.01
            touches_inside = rx0 < x0 < rx1 and ry0 < y0 < ry1
            assert not overlaps and not touches_inside, ((x0, y0, x1, y1), (rx0, ry0, rx1, ry1))


@pytest.mark.parametrize(
    ("paper", "card", "advice"), [("letter", "5x8", "in half"), ("a4", "a6", "in quarters")]
)
def test_a_sheet_without_room_for_marks_says_how_to_cut(
    tmp_path: Path, paper: str, card: str, advice: str
) -> None:
    out = tmp_path / "sheet.pdf"
    result = run(
        "sheet", *SLUGS[:2], "--content", LIBRARY, "-o", out, "--paper", paper, "--card-size", card
    )
    assert result.exit_code == 0, result.output
    assert "no room for crop marks" in result.output
    assert f"cut the sheet {advice}" in result.output
    roomy = run(
        "sheet",
        *SLUGS[:2],
        "--content",
        LIBRARY,
        "-o",
        out,
        "--paper",
        "tabloid",
        "--card-size",
        "5x8",
    )
    assert roomy.exit_code == 0 and "no room" not in roomy.output


def test_bleed_sets_trim_and_bleed_boxes(tmp_path: Path) -> None:
    out = _sheet(tmp_path, "--paper", "letter", "--card-size", "5x8", "--bleed", "3")
    first = pypdf.PdfReader(out).pages[0]
    rects = _card_rects("letter", "5x8", 3)
    trim = [
        min(r[0] for r in rects),
        min(r[1] for r in rects),
        max(r[2] for r in rects),
        max(r[3] for r in rects),
    ]
    assert [float(v) for v in first.trimbox] == pytest.approx(trim)
    bleed = [trim[0] - 3 * MM, trim[1] - 3 * MM, trim[2] + 3 * MM, trim[3] + 3 * MM]
    assert [float(v) for v in first.bleedbox] == pytest.approx(bleed)
    assert float(first.mediabox.width) >= 2 * 127 * MM + 6 * MM


def _name_positions(
    pdf_page: pdfplumber.page.Page, names: list[str]
) -> dict[str, tuple[float, float]]:
    words = pdf_page.extract_words()
    found = {}
    for name in names:
        first_word = name.split()[0]
        hits = [w for w in words if w["text"] == first_word]
        found[name] = (min(w["x0"] for w in hits), min(w["top"] for w in hits))
    return found


@pytest.mark.parametrize(
    ("paper", "card", "mirrored"), [("a4", "a6", "columns"), ("a3", "a6", "rows")]
)
def test_backs_land_behind_their_fronts_on_a_long_edge_flip(
    tmp_path: Path, paper: str, card: str, mirrored: str
) -> None:
    names = ["Pull Ups", "Barbell Squat", "Lying Squat", "Weighted One Leg Hip Thrust"]
    out = _sheet(tmp_path, "--paper", paper, "--card-size", card, "--backs", slugs=SLUGS[:4])
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 2
        front = _name_positions(pdf.pages[0], names)
        back = _name_positions(pdf.pages[1], names)
        width, height = pdf.pages[0].width, pdf.pages[0].height
    imposition = impose(page(THEME, paper), page(THEME, card))
    cols, rows = imposition.cols, imposition.rows

    def slot(x: float, top: float) -> tuple[int, int]:
        return int(top // (height / rows)), int(x // (width / cols))

    for name in names:
        front_row, front_col = slot(*front[name])
        back_row, back_col = slot(*back[name])
        if mirrored == "columns":  # portrait sheet: flipped left to right
            assert (back_row, back_col) == (front_row, cols - 1 - front_col), name
        else:  # landscape sheet: flipped top to bottom
            assert (back_row, back_col) == (rows - 1 - front_row, front_col), name


def test_wall_cards_use_big_type_and_at_most_five_cues(tmp_path: Path) -> None:
    cues = "\n".join(f"- Cue number {n} stays short" for n in range(1, 8))
    write_exercise(
        tmp_path,
        "many-cues",
        "---\nname: Wall Squat\n---\n\n## Instructions\n\n- Squat.\n\n## Cues\n\n" + cues,
    )
    out = tmp_path / "wall.pdf"
    result = run(
        "card", "many-cues", "--content", tmp_path, "--size", "a4", "--profile", "wall", "-o", out
    )
    assert result.exit_code == 0, result.output
    sizes = [c["size"] for _, c in chars(out)]
    assert min(sizes) >= 20 - 0.01
    title = [c["size"] for _, c in chars(out) if c["text"] == "W"]
    assert max(title) >= 48
    text = page_texts(out)[0]
    assert "Cue number 5" in text and "Cue number 6" not in text
    assert "More steps in the handout" in text
    colours = re.findall(
        rb"([\d.]+) ([\d.]+) ([\d.]+) rg", pypdf.PdfReader(out).pages[0].get_contents().get_data()
    )
    assert {c for c in colours} <= {(b"0", b"0", b"0"), (b"1", b"1", b"1")}, "black on white"


def test_a_wall_card_that_cannot_reach_the_minimum_is_refused(tmp_path: Path) -> None:
    long_cue = "keep the bar over the middle of the foot and the chest proud " * 9
    write_exercise(
        tmp_path,
        "wordy",
        "---\nname: Wordy\n---\n\n## Instructions\n\n- Lift.\n\n## Cues\n\n"
        + "\n".join(f"- {long_cue}" for _ in range(5))
        + "\n",
    )
    out = tmp_path / "wall.pdf"
    result = run(
        "card", "wordy", "--content", tmp_path, "--size", "a5", "--profile", "wall", "-o", out
    )
    assert result.exit_code == 1
    assert "does not fit on one A5 page even at the 14 pt minimum" in result.stderr
    assert not out.exists()


def test_write_in_fields_print_labels_with_lines(tmp_path: Path) -> None:
    fields = "fields: [Seat height, Pin, Band colour]"
    write_exercise(
        tmp_path,
        "leg-press",
        f"---\nname: Leg Press\n{fields}\n---\n\n## Instructions\n\n- Press.\n",
    )
    out = tmp_path / "card.pdf"
    assert run("card", "leg-press", "--content", tmp_path, "-o", out).exit_code == 0
    text = page_texts(out)[0]
    for label in ("Seat height", "Pin", "Band colour"):
        assert label in text
    with pdfplumber.open(out) as pdf:
        rules = [ln for ln in pdf.pages[0].lines if abs(ln["y0"] - ln["y1"]) < 0.01]
        assert len(rules) == 3
        assert all(ln["x1"] - ln["x0"] > 100 for ln in rules)


def test_grey_prints_no_colour(tmp_path: Path) -> None:
    out = tmp_path / "grey.pdf"
    assert run("card", "pull-ups", "--content", LIBRARY, "--grey", "-o", out).exit_code == 0
    stream = pypdf.PdfReader(out).pages[0].get_contents().get_data()
    for r, g, b in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) rg", stream):
        assert r == g == b, (r, g, b)
    colour = tmp_path / "colour.pdf"
    assert run("card", "pull-ups", "--content", LIBRARY, "-o", colour).exit_code == 0
    stream = pypdf.PdfReader(colour).pages[0].get_contents().get_data()
    assert any(r != g for r, g, _ in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) rg", stream))


def test_preview_writes_a_png_per_page_and_refuses_non_pdfs(tmp_path: Path) -> None:
    out = _sheet(tmp_path, "--card-size", "a6", slugs=SLUGS[:5])
    result = run("preview", out, "--out", tmp_path / "png")
    assert result.exit_code == 0
    pngs = sorted((tmp_path / "png").glob("*.png"))
    assert [p.name for p in pngs] == ["sheet-p1.png", "sheet-p2.png"]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)
    fake = tmp_path / "fake.pdf"
    fake.write_text("hello", encoding="utf-8")
    bad = run("preview", fake)
    assert bad.exit_code == 1 and bad.stderr.strip() == f"{fake}: not a PDF file"


def test_a_card_too_big_for_the_paper_is_refused(tmp_path: Path) -> None:
    result = run(
        "sheet",
        "pull-ups",
        "--content",
        LIBRARY,
        "--paper",
        "a4",
        "--card-size",
        "a3",
        "-o",
        tmp_path / "x.pdf",
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == "--card-size: a A3 card does not fit on A4 paper"


def test_a_sheet_by_muscle_takes_every_matching_exercise(tmp_path: Path) -> None:
    out = tmp_path / "glutes.pdf"
    result = run(
        "sheet", "--muscle", "glutaeus", "--content", LIBRARY, "--card-size", "a6", "-o", out
    )
    assert result.exit_code == 0, result.output
    found = re.search(r"\((\d+) card", result.stdout)
    assert found is not None, result.stdout
    count = int(found.group(1))
    assert count >= 10
    assert len(pypdf.PdfReader(out).pages) == -(-count // 4)
