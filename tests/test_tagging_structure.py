"""Tagged PDF, continued: right-to-left and CJK trees, alt text per language, tables split over
pages, and the packet outline against the headings. Read back from real PDFs."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from conftest import ROOT, squash
from tagged_pdf import Tagged, mcid_texts, structure
from test_tagging import _with_images, assert_fully_tagged, make

SCRIPTS = Path(__file__).parent / "data" / "scripts"
LANGUAGES = ["zh", "ja", "ko", "ar", "he", "fa"]
RTL = {"ar", "he", "fa"}


def _source(language: str) -> tuple[str, str, list[str]]:
    """The fixture's name, intro paragraph and list items, as written (logical order)."""
    text = (SCRIPTS / "exercises" / f"squat-{language}.md").read_text(encoding="utf-8")
    _, front, body = text.split("---", 2)
    name = re.search(r"(?m)^name: (.*)$", front)
    assert name is not None
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    items = [line[2:] for line in lines if line.startswith("- ")]
    intro = next(line for line in lines if not line.startswith(("- ", "#")))
    return name.group(1), intro, items


def _letters(text: str) -> list[str]:
    """The characters of a text, order aside (glyphs of a right-to-left line are drawn in
    visual order, mirrored brackets swapped): what a drawn element and its words share."""
    mirrored = str.maketrans("()[]（）", "))]])）")
    return sorted(unicodedata.normalize("NFKC", squash(text)).translate(mirrored))


@pytest.mark.parametrize("kind", ["handout", "card"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_rtl_and_cjk_trees_read_as_written(tmp_path: Path, language: str, kind: str):
    path = make(tmp_path, kind, f"squat-{language}", "--content", SCRIPTS)
    assert_fully_tagged(path)
    name, intro, items = _source(language)
    document = structure(path)

    def logical(element: Tagged) -> str:
        """What a screen reader is given: ActualText where the glyphs are in visual order."""
        return element.actual if element.actual is not None else element.text

    leaves = [e for e in document.walk() if e.marks]
    for element in leaves:
        if language in RTL and element.role in ("H1", "H2", "P", "LBody"):
            # right-to-left text carries its words as written, and they are what is drawn
            assert element.actual, (element.role, element.text)
            assert _letters(element.actual) == _letters(element.text), element.actual
        elif language not in RTL:
            assert element.actual is None  # drawn in logical order: the text itself
    assert squash(logical(leaves[0])) == squash(name) and leaves[0].role == "H1"
    bodies = [squash(logical(e)) for e in leaves if e.role == "LBody"]
    labels = [e for e in leaves if e.role == "Lbl"]
    if kind == "handout":  # every item, in order; the intro as its own paragraph
        assert bodies == [squash(item) for item in items]
        assert squash(intro) in [squash(logical(e)) for e in leaves if e.role == "P"]
    else:  # a card keeps cues and mistakes, in order
        assert bodies and all(b in [squash(i) for i in items] for b in bodies)
        assert bodies == [b for b in (squash(i) for i in items) if b in bodies]
    assert len(labels) == len(bodies)  # each item: its number or bullet, then its words
    for item in (e for e in document.walk() if e.role == "LI"):
        assert [c.role for c in item.children] == ["Lbl", "LBody"]


@pytest.mark.parametrize(
    ("language", "start", "end", "qr"),
    [
        (
            "zh",
            "Kniebeuge，起始姿势",
            "Kniebeuge，结束姿势",
            "链接到 https://example.com/squat 的二维码",
        ),
        (
            "ar",
            "Kniebeuge، وضعية البداية",
            "Kniebeuge، وضعية النهاية",
            "رمز QR يؤدي إلى https://example.com/squat",
        ),
    ],
)
def test_card_figure_alt_text_is_in_the_exercise_language(
    tmp_path: Path, language: str, start: str, end: str, qr: str
):
    images = ["  - images/0122-relaxation.svg", "  - images/0122-tension.svg"]
    folder = _with_images(tmp_path, images, language)
    path = make(tmp_path, "card", "squat", "--content", folder)
    assert_fully_tagged(path)
    alts = [e.alt for e in structure(path).walk() if e.role == "Figure"]
    assert sorted(alts) == sorted([start, end, qr])  # type: ignore[type-var]
    assert alts.index(start) < alts.index(end)


def _long_day(tmp_path: Path, count: int) -> Path:
    slugs = sorted(p.stem for p in (ROOT / "content" / "exercises").glob("*.md"))[:count]
    lines = ["title: Long Day", "client: Ana", "weeks: 1", "include: [cover, schedule]"]
    lines += ["days:", "  - name: Everything", "    exercises:"]
    for slug in slugs:
        lines += [f"      - exercise: {slug}", "        sets: 3", "        reps: 10"]
    program = tmp_path / "long-day.yaml"
    program.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return program


def test_a_table_split_over_pages_is_one_table_with_its_header_read_once(tmp_path: Path):
    program = _long_day(tmp_path, 40)  # at A6: the day's table runs over three pages
    path = make(tmp_path, "packet", program, "--content", ROOT / "content", "--size", "a6")
    assert_fully_tagged(path)
    tables = [e for e in structure(path).walk() if e.role == "Table"]
    assert len(tables) == 1
    table = tables[0]
    pages = sorted({page for e in table.walk() for page, _ in e.marks})
    assert len(pages) == 3
    header, *rows = table.children
    assert [c.role for c in header.children] == ["TH", "TH"]
    assert len(rows) == 40 and all([c.role for c in r.children] == ["TD", "TD"] for r in rows)
    assert len([e for e in table.walk() if e.role == "TH"]) == 2  # the header, tagged once
    # the header repeated at the top of each continued page is drawn, as an Artifact
    _, untagged = mcid_texts(path)
    for page in pages[1:]:
        drawn = "".join(c["text"] for c in untagged if c["page"] == page)
        assert squash(header.all_text()) in squash(drawn)
        assert all(c.get("tag") == "Artifact" for c in untagged if c["page"] == page)


def test_blank_table_cells_are_cells_so_columns_stay_aligned(tmp_path: Path):
    program = ROOT / "content" / "programs" / "lower-body-strength.yaml"
    path = make(tmp_path, "packet", program)
    for table in (e for e in structure(path).walk() if e.role == "Table"):
        header = table.children[0]
        columns = sum(int(c.attributes.get("ColSpan", 1)) for c in header.children)
        for row in table.children[1:]:
            if row.children[0].role == "TH" and len(row.children) < columns:
                continue  # a second header row under spanning headers
            assert len(row.children) == columns, [c.text for c in row.children]


def _outline(items: list[pikepdf.OutlineItem], depth: int = 0) -> list[tuple[int, Any]]:
    found = []
    for item in items:
        found.append((depth, item))
        found += _outline(item.children, depth + 1)
    return found


def test_packet_outline_entries_are_headings_on_their_pages_or_group_them(tmp_path: Path):
    text = (ROOT / "content" / "programs" / "lower-body-strength.yaml").read_text()
    program = tmp_path / "with-cards.yaml"
    parts = "include: [cover, contents, schedule, handouts, cards, log]"
    program.write_text(re.sub(r"(?m)^include: .*$", parts, text))
    path = make(tmp_path, "packet", program, "--content", ROOT / "content")
    headings: dict[str, set[int]] = {}
    for element in structure(path).walk():
        if re.fullmatch(r"H\d?", element.role):
            headings.setdefault(squash(element.text), set()).update(p for p, _ in element.marks)
    pdf = pikepdf.open(path)
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    with pdf.open_outline() as outline:
        entries = _outline(outline.root)
        grouping = 0
        for _, item in entries:
            destination = item.destination
            if destination is None and item.action is not None:
                destination = item.action.get("/D")
            assert isinstance(destination, pikepdf.Array), item.title  # no entry points nowhere
            page = pages[destination[0].objgen]
            if squash(item.title) in headings:  # a heading: the page it is on
                assert page in headings[squash(item.title)], item.title
            else:  # a group (handouts, cards): it leads to its first entry's page
                assert item.children, f"{item.title!r} is neither a heading nor a group"
                first = item.children[0].destination
                assert first is not None and pages[first[0].objgen] == page
                grouping += 1
        assert grouping == 2 and len(entries) > 10
