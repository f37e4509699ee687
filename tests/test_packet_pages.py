"""A packet's pages as a client gets them, at every page size, read back from the PDF."""
# pypdf objects are untyped dictionaries (PdfObject | None); a wrong key fails at run time.
# mypy: disable-error-code="index,union-attr"

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from conftest import DATA, ROOT, assert_glyphs_inside, run

LIBRARY = ROOT / "content"
PLAIN_DAYS = DATA / "programs" / "two-days.yaml"  # days repeated for 3 weeks, no cards
WEEKS = LIBRARY / "programs" / "upper-body-basics.yaml"  # weeks of days, with cue cards
SHIPPED = LIBRARY / "programs" / "lower-body-strength.yaml"
SIZES = ("letter", "a4", "a5", "a6")
FOOTER_TEXT = (
    "Zoë Ångström · Two Day Test Alex Morgan Upper Body Basics "
    "Adapted from Everkinetic (everkinetic.com), CC BY-SA 4.0"
)
FOOTER_WORDS = set(re.findall(r"\S+", FOOTER_TEXT))


@pytest.fixture(scope="module")
def packets(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    out = tmp_path_factory.mktemp("packets")
    made = {}
    for name, program in (("plain", PLAIN_DAYS), ("weeks", WEEKS)):
        for size in SIZES:
            target = out / f"{name}-{size}.pdf"
            result = run("packet", program, "--content", LIBRARY, "--size", size, "-o", target)
            assert result.exit_code == 0, result.output
            made[(name, size)] = target
    return made


def _footer_rule(page: pdfplumber.page.Page) -> float:
    """The top of the footer: the lowest rule that spans the text width."""
    wide = [line for line in page.lines if line["x1"] - line["x0"] > page.width * 0.6]
    return max(line["top"] for line in wide)


@pytest.mark.parametrize("name", ["plain", "weeks"])
@pytest.mark.parametrize("size", SIZES)
def test_every_glyph_is_on_the_page_and_no_footer_covers_content(
    packets: dict[tuple[str, str], Path], name: str, size: str
) -> None:
    path = packets[(name, size)]
    assert_glyphs_inside(path, margin=5.0)
    with pdfplumber.open(path) as pdf:
        total = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            rule = _footer_rule(page)
            below = page.crop((0, rule, page.width, page.height)).extract_text()
            above = [c for c in page.chars if c["bottom"] > rule - 0.5 and c["top"] < rule]
            assert not above, (number, "".join(c["text"] for c in above))
            # below the rule is the footer and nothing else
            footer = re.sub(r"Page \d+ of \d+", "", below).replace("\n", " ")
            assert f"Page {number} of {total}" in below, number
            assert set(footer.split()) <= FOOTER_WORDS, (number, footer)


@pytest.mark.parametrize("name", ["plain", "weeks"])
def test_the_drawings_credit_is_on_every_page_that_shows_a_drawing(
    packets: dict[tuple[str, str], Path], name: str
) -> None:
    with pdfplumber.open(packets[(name, "a5")]) as pdf:
        drawn = [p for p in pdf.pages if len(p.curves) + len(p.rects) > 40 and not p.find_tables()]
        assert len(drawn) >= 2
        for page in drawn:
            assert "CC BY-SA 4.0" in page.extract_text(), page.page_number


def test_cards_in_a_packet_are_whole_inside_the_text_area(
    packets: dict[tuple[str, str], Path],
) -> None:
    for size in SIZES:
        with pdfplumber.open(packets[("weeks", size)]) as pdf:
            cards = [p for p in pdf.pages if _is_card(p)]
            assert len(cards) == 2, size
            for page in cards:  # the card and its cut marks sit above the footer, on the page
                rule = _footer_rule(page)
                marks = _marks(page)
                assert max(m["bottom"] for m in marks) < rule, size
                assert min(m["x0"] for m in marks) > 0 and max(m["x1"] for m in marks) < page.width
                card_text = [c for c in page.chars if c["bottom"] < rule]
                assert len(card_text) > 100  # the whole card, not a placeholder


@pytest.mark.parametrize("size", SIZES)
def test_the_logs_notes_column_has_room_to_write_in(
    packets: dict[tuple[str, str], Path], size: str
) -> None:
    with pdfplumber.open(packets[("plain", size)]) as pdf:
        start = next(i for i, p in enumerate(pdf.pages) if "Training log" in p.extract_text())
        tables = [t for p in pdf.pages[start:] for t in p.find_tables()]
        assert tables
        for table in tables:  # a week's group has two columns; notes gets the most room
            widths = [cell[2] - cell[0] for cell in table.rows[-1].cells if cell]
            assert widths[-1] >= 0.2 * sum(widths), (size, widths)
            assert widths[-1] == max(widths), (size, widths)
            assert widths[0] < min(widths[1:]), (size, widths)  # set numbers: no room wasted


def _marks(page: pdfplumber.page.Page) -> list[dict]:
    return [
        line
        for line in page.lines
        if 8 <= max(abs(line["x1"] - line["x0"]), abs(line["bottom"] - line["top"])) <= 10
    ]


def _is_card(page: pdfplumber.page.Page) -> bool:
    """A card page has cut marks: short hairlines at its corners."""
    return len(_marks(page)) == 8


def test_a_program_in_weeks_logs_each_day_in_its_own_week_only(
    packets: dict[tuple[str, str], Path],
) -> None:
    with pdfplumber.open(packets[("weeks", "letter")]) as pdf:
        start = next(i for i, p in enumerate(pdf.pages) if "Training log" in p.extract_text())
        text = " ".join(p.extract_text() for p in pdf.pages[start:])
        tables = [t.extract() for p in pdf.pages[start:] for t in p.find_tables()]
    assert len(tables) == 4  # two exercises on the Push day of each of two weeks
    headers = [[c for c in table[0] if c and c.startswith("Week")] for table in tables]
    assert headers == [["Week 1"], ["Week 1"], ["Week 2"], ["Week 2"]]
    assert [c for c in tables[0][1] if c] == ["Reps"]  # pull-ups: bodyweight, no load column
    assert [c for c in tables[1][1] if c] == ["lb", "Reps"]
    assert "3 × 10-12 @ 20 lb" in text and "3 × 12 @ 25 lb" in text


def test_the_theme_brand_is_in_every_footer_and_on_the_cover(tmp_path: Path) -> None:
    out = tmp_path / "branded.pdf"
    theme = DATA / "themes" / "gym.yaml"
    result = run("packet", PLAIN_DAYS, "--content", LIBRARY, "--theme", theme, "-o", out)
    assert result.exit_code == 0, result.output
    with pdfplumber.open(out) as pdf:
        for page in pdf.pages:
            below = page.crop((0, _footer_rule(page), page.width, page.height)).extract_text()
            assert "Northside Strength · northside.example" in below, page.page_number
        cover = pdf.pages[0]
        assert "Northside Strength" in cover.extract_text()
        assert cover.images, "the theme's logo is on the cover"


def test_the_cover_shows_the_client_large_and_dates_in_the_packets_language(
    tmp_path: Path,
) -> None:
    program = tmp_path / "es.yaml"
    text = PLAIN_DAYS.read_text(encoding="utf-8")
    program.write_text(text.replace("weeks: 3", "weeks: 3\nlanguage: es"), encoding="utf-8")
    out = tmp_path / "es.pdf"
    assert run("packet", program, "--content", LIBRARY, "-o", out).exit_code == 0
    with pdfplumber.open(out) as pdf:
        cover = pdf.pages[0]
        text = cover.extract_text()
        sizes: dict[str, float] = {}
        for c in cover.chars:
            sizes[c["text"]] = max(sizes.get(c["text"], 0.0), c["size"])
    assert "7 diciembre 2026 – 27 diciembre 2026" in text
    body = min(c for c in sizes.values())
    assert sizes["Z"] >= 3 * body  # the client's name is the largest text on the cover


def test_the_shipped_program_is_small_with_each_font_subset_once(tmp_path: Path) -> None:
    out = tmp_path / "jordan.pdf"
    assert run("packet", SHIPPED, "--content", LIBRARY, "-o", out).exit_code == 0
    untagged = tmp_path / "jordan-untagged.pdf"
    assert run("packet", SHIPPED, "--content", LIBRARY, "--untagged", "-o", untagged).exit_code == 0
    assert untagged.stat().st_size <= 220 * 1024
    # tagged, every table cell is a structure element; they sit compressed in object streams:
    # 9 KiB over the untagged packet (202 KiB against 192), within the same budget
    # (docs/accessibility.md)
    assert out.stat().st_size <= 220 * 1024
    reader = pypdf.PdfReader(out)
    fonts = []
    for number in range(1, len(reader.xref_objStm) + 2000):
        try:
            found = reader.get_object(number)
        except Exception:  # numbers past the end
            break
        if hasattr(found, "get") and found.get("/Length1"):
            fonts.append(hashlib.sha256(found.get_data()).hexdigest())
    assert fonts and len(fonts) == len(set(fonts))


def test_program_text_is_data_in_packet_pages(tmp_path: Path) -> None:
    program = tmp_path / "hostile.yaml"
    text = PLAIN_DAYS.read_text(encoding="utf-8")
    hostile = 'notes: "[see](#log) | a | b | {id=x} <b>&amp;"'
    program.write_text(text.replace("weeks: 3", "weeks: 3\n" + hostile), encoding="utf-8")
    out = tmp_path / "hostile.pdf"
    assert run("packet", program, "--content", LIBRARY, "-o", out).exit_code == 0
    reader = pypdf.PdfReader(out)
    assert "[see](#log) | a | b | {id=x} <b>&amp;" in reader.pages[0].extract_text()
    assert "/Annots" not in reader.pages[0]  # no link was made from the notes


def test_a_card_refused_in_a_packet_names_the_packet_page_and_what_to_cut(tmp_path: Path) -> None:
    # this card fits its own A6 card page, but not an A6 packet page's text area (margins,
    # footer and cut marks take their share): the message must say so, not "one A6 page"
    slug = "kneeling-triceps-extension-with-cable"
    card = run("card", slug, "--content", LIBRARY, "--size", "a6", "-o", tmp_path / "c.pdf")
    assert card.exit_code == 0, card.output
    program = tmp_path / "cards.yaml"
    program.write_text(
        "title: Cards\nclient: Kim\ninclude: [cover, cards]\ndays:\n"
        f"  - name: Day\n    exercises:\n      - {{exercise: {slug}, sets: 3, reps: 8}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "cards.pdf"
    result = run("packet", program, "--content", LIBRARY, "--size", "a6", "-o", out)
    assert result.exit_code == 1 and not out.exists()
    message = " ".join(result.output.split())
    assert f"exercises/{slug}.md:" in message
    assert "in the text area of an A6 packet page" in message
    assert "one A6 page" not in message
    assert "too tall" in message and "words" in message  # what to cut, in words
    assert "larger --size" in message
    # the same card at A5 goes in whole
    assert run("packet", program, "--content", LIBRARY, "--size", "a5", "-o", out).exit_code == 0


@pytest.mark.parametrize("size", ["a5", "a6"])
def test_the_log_header_wraps_a_long_exercise_name_inside_the_text_area(
    tmp_path: Path, size: str
) -> None:
    slug = "standing-one-arm-curl-over-incline-bench-with-dumbbell"
    program = tmp_path / "long.yaml"
    program.write_text(
        "title: Long Names\nclient: Kim\nweeks: 4\ninclude: [log]\ndays:\n"
        "  - name: Upper body pulling and curling day\n    exercises:\n"
        f"      - {{exercise: {slug}, sets: 3, reps: 8-10 each arm, load: 12.5,"
        " tempo: 3-1-1, rest: 90 s}\n",
        encoding="utf-8",
    )
    out = tmp_path / "long.pdf"
    result = run("packet", program, "--content", LIBRARY, "--size", size, "-o", out)
    assert result.exit_code == 0, result.output
    assert_glyphs_inside(out, margin=5.0)
    with pdfplumber.open(out) as pdf:
        page = next(p for p in pdf.pages if "Training log" in p.extract_text())
        rule = _footer_rule(page)
        text_left = min(line["x0"] for line in page.lines if line["x1"] - line["x0"] > 100)
        text_right = max(line["x1"] for line in page.lines if line["x1"] - line["x0"] > 100)
        body = [c for c in page.chars if c["bottom"] < rule]
        for char in body:  # every glyph inside the text width, none under the footer rule
            assert text_left - 0.5 <= char["x0"] and char["x1"] <= text_right + 0.5, char["text"]
        heading = [c for c in body if c["fontname"].endswith("Bold") and c["size"] >= 8]
        lines = sorted({round(c["top"]) for c in heading})
        assert len(lines) >= 3  # "Training log", then the long name on two lines or more
        assert "Standing One Arm Curl" in page.extract_text()
        table = page.find_tables()[0]
        x0, top, x1, bottom = table.bbox
        in_rows = [c for c in body if c["top"] >= top and c["bottom"] <= bottom]
        assert in_rows and all(x0 <= c["x0"] and c["x1"] <= x1 for c in in_rows)
        for row in table.rows:  # every header and body cell's text inside its cell
            for cell in row.cells:
                if cell is None:
                    continue
                inside = page.within_bbox(cell).chars
                near = page.crop(
                    (cell[0] - 2, cell[1], min(cell[2] + 2, page.width), cell[3])
                ).chars
                assert len(near) == len(inside), (size, [c["text"] for c in near])
        words = page.extract_words()
        for a in words:  # no two words printed over each other
            for b in words:
                if a is not b:
                    overlap_x = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                    overlap_y = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                    assert overlap_x <= 0.5 or overlap_y <= 0.5, (a["text"], b["text"])


def test_the_shipped_program_prints_on_narrow_pages_with_its_credit_in_the_footer(
    tmp_path: Path,
) -> None:
    # at A6 and 4x6 the credit line wraps: narrow pages keep three footer lines, not two
    out = tmp_path / "narrow.pdf"
    result = run("packet", SHIPPED, "--content", LIBRARY, "--size", "4x6", "-o", out)
    assert result.exit_code == 0, result.output
    assert_glyphs_inside(out, margin=5.0)
    with pdfplumber.open(out) as pdf:
        drawn = [p for p in pdf.pages if len(p.curves) + len(p.rects) > 40 and not p.find_tables()]
        assert drawn
        for page in drawn:
            rule = _footer_rule(page)
            footer = " ".join(page.crop((0, rule, page.width, page.height)).extract_text().split())
            assert "CC BY-SA 4.0" in footer and "Northside Strength" in footer
