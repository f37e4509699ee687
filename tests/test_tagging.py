"""Tagged PDF (PDF/UA-1): every document kind, read back through its structure tree."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT, run, squash, write_exercise
from tagged_pdf import fonts, mcid_texts, parent_tree_ok, pdfua_findings, structure

from generator.content.loader import load_exercise

SEED = "weighted-one-leg-hip-thrust"
SQUAT_IMAGES = ["0122-relaxation.svg", "0122-tension.svg"]


def make(tmp_path: Path, *args: object) -> Path:
    out = tmp_path / f"{args[0]}-{len(list(tmp_path.iterdir()))}.pdf"
    result = run(*args, "-o", out)
    assert result.exit_code == 0, result.output
    return out


def assert_fully_tagged(path: Path) -> None:
    """No pdfua finding, every character tagged or Artifact, only embedded fonts."""
    assert pdfua_findings(path) == []
    _, untagged = mcid_texts(path)
    assert all(c.get("tag") == "Artifact" for c in untagged), {c["tag"] for c in untagged}
    assert parent_tree_ok(path)
    declared = fonts(path)
    assert declared and all(embedded for _, embedded in declared), declared
    assert not any("Helvetica" in name for name, _ in declared)
    pdf = pikepdf.open(path)
    assert bool(pdf.Root.MarkInfo.Marked)
    assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
    assert str(pdf.Root.Lang)
    with pdf.open_metadata() as meta:
        assert meta.get("pdfuaid:part") == "1"
        assert meta.get("dc:title")
    assert all(page.obj.Tabs == "/S" for page in pdf.pages)


def test_seed_handout_reads_in_order_through_its_structure_tree(library: Path, tmp_path: Path):
    path = make(tmp_path, "handout", SEED, "--content", library)
    assert_fully_tagged(path)
    exercise = load_exercise(library / "exercises" / f"{SEED}.md")
    expected = [exercise.name.value, *(p.value for p in exercise.intro)]
    items = 0
    for section in exercise.sections:
        expected.append(section.heading.value)
        for number, item in enumerate(section.items, start=1):
            expected += [str(number) if section.kind == "instructions" else "•", item.value]
            items += 1
        for qa in section.questions:
            expected += [qa.question.value, *(a.value for a in qa.answer)]
    document = structure(path)
    leaves = [e for e in document.walk() if e.marks]
    assert [squash(e.text) for e in leaves] == [squash(t) for t in expected]
    assert [e.role for e in leaves[:3]] == ["H1", "P", "P"]
    assert len([e for e in document.walk() if e.role == "LI"]) == items == 16
    steps = next(e for e in document.walk() if e.role == "L")
    assert [c.role for c in steps.children[0].children] == ["Lbl", "LBody"]
    headings = [(e.role, e.text) for e in leaves if e.role.startswith("H")]
    assert headings[:2] == [("H1", exercise.name.value), ("H2", "Instructions")]
    assert ("H3", exercise.sections[-1].questions[0].question.value) in headings
    # the document's own text, artifacts (footers, page numbers) aside, in reading order
    texts, _ = mcid_texts(path)
    assert squash("".join(texts.values())) == squash(document.all_text())


def test_a_paragraph_split_over_pages_stays_one_element(tmp_path: Path):
    long = " ".join(f"Sentence number {n} of a long intro." for n in range(50))
    write_exercise(
        tmp_path,
        "long-intro",
        f"""
        ---
        name: Long Intro
        ---

        {long}

        ## Instructions

        - Stand up.
        """,
    )
    path = make(tmp_path, "handout", "long-intro", "--content", tmp_path, "--size", "a6")
    assert_fully_tagged(path)
    paragraphs = [e for e in structure(path).walk() if e.role == "P"]
    assert len(paragraphs) == 1
    assert len({page for page, _ in paragraphs[0].marks}) >= 2
    assert squash(paragraphs[0].text) == squash(long)


def test_card_figures_have_alt_text_from_name_and_position(tmp_path: Path):
    path = make(tmp_path, "card", "barbell-squat")
    assert_fully_tagged(path)
    document = structure(path)
    figures = [e.alt for e in document.walk() if e.role == "Figure"]
    assert figures == ["Barbell Squat, start position", "Barbell Squat, end position"]
    assert document.children[0].role == "H1" and document.children[0].text == "Barbell Squat"


def _with_images(tmp_path: Path, images: list[str], language: str = "en") -> Path:
    folder = tmp_path / "content"
    (folder / "images").mkdir(parents=True)
    for name in SQUAT_IMAGES:
        shutil.copy(ROOT / "content" / "images" / "everkinetic" / name, folder / "images" / name)
    lines = [
        "---",
        "name: Kniebeuge",
        f"language: {language}",
        "video: https://example.com/squat",
        "images:",
        *images,
        "---",
        "",
        "## Instructions",
        "",
        "- Stand up.",
    ]
    write_exercise(folder, "squat", "\n".join(lines) + "\n")
    return folder


def test_own_alt_text_wins_and_generated_alt_is_in_the_exercise_language(tmp_path: Path):
    images = [
        "  - images/0122-relaxation.svg",
        "  - path: images/0122-tension.svg",
        "    alt: Standing tall, bar on the upper back",
    ]
    folder = _with_images(tmp_path, images, "de")
    for kind in ("card", "handout"):
        path = make(tmp_path, kind, "squat", "--content", folder)
        assert_fully_tagged(path)
        alts = [e.alt for e in structure(path).walk() if e.role == "Figure"]
        drawings = ["Kniebeuge, Ausgangsposition", "Standing tall, bar on the upper back"]
        qr = ["QR-Code, der zu https://example.com/squat führt"]
        # reading order is the page's: the card's QR sits beside the title, above the drawings
        assert alts == (qr + drawings if kind == "card" else drawings + qr)


def test_image_alt_keys_are_checked_with_their_line(tmp_path: Path):
    folder = _with_images(tmp_path, ["  - path: images/0122-tension.svg", "    atl: typo"])
    result = run("validate", folder / "exercises" / "squat.md")
    assert result.exit_code == 1
    assert "squat.md:7: unknown key 'images.atl'" in result.output


def test_sheet_with_backs_is_one_section_per_card_side(tmp_path: Path):
    path = make(tmp_path, "sheet", "barbell-squat", SEED, "--backs", "--paper", "a4")
    assert_fully_tagged(path)
    document = structure(path)
    sections = [e for e in document.children if e.role == "Sect"]
    assert len(sections) >= 2
    assert sections[0].children[0].role == "H1"
    assert sections[0].children[0].text == "Barbell Squat"


@pytest.mark.parametrize("kind", ["card", "handout"])
def test_same_input_gives_the_same_bytes(tmp_path: Path, kind: str):
    first = make(tmp_path, kind, "barbell-squat")
    second = make(tmp_path, kind, "barbell-squat")
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("kind", ["card", "handout", "sheet"])
def test_untagged_has_no_structure_but_the_same_text_and_embedded_fonts_only(
    tmp_path: Path, kind: str
):
    tagged = make(tmp_path, kind, "barbell-squat")
    plain = make(tmp_path, kind, "barbell-squat", "--untagged")
    pdf = pikepdf.open(plain)
    assert "/StructTreeRoot" not in pdf.Root and "/MarkInfo" not in pdf.Root
    assert b"BDC" not in b"".join(page.Contents.read_bytes() for page in pdf.pages)
    assert all(embedded for _, embedded in fonts(plain))
    assert not any("Helvetica" in name for name, _ in fonts(plain))
    with pdfplumber_text(tagged) as a, pdfplumber_text(plain) as b:
        assert a == b


def _program_with_cards(tmp_path: Path) -> Path:
    text = (ROOT / "content" / "programs" / "lower-body-strength.yaml").read_text()
    parts = "include: [cover, contents, schedule, handouts, cards, log]"
    program = tmp_path / "with-cards.yaml"
    program.write_text(re.sub(r"(?m)^include: .*$", parts, text))
    return program


def test_packet_is_one_tagged_document_in_page_order(tmp_path: Path):
    program = _program_with_cards(tmp_path)
    path = make(tmp_path, "packet", program, "--content", ROOT / "content")
    assert_fully_tagged(path)
    document = structure(path)
    first_heading = next(e for e in document.children if e.role.startswith("H"))
    assert first_heading.role == "H1"  # the cover's program title
    assert first_heading.text == "Lower Body Strength, Block 1"
    assert len([e for e in document.walk() if e.role == "TOC"]) == 1
    sections = [e for e in document.children if e.role == "Sect"]
    names = [squash(s.children[0].text) for s in sections]
    assert len(sections) == 16 and names[:8] == names[8:]  # eight handouts, then eight cards
    assert all(s.children[0].role == "H1" for s in sections)
    # the tagged texts in tree order are the text of the pages, in page order
    texts, _ = mcid_texts(path)
    assert squash(document.all_text()) == squash("".join(texts.values()))
    # tables: header cells with Scope, links tied to their annotations
    tables = [e for e in document.walk() if e.role == "Table"]
    assert tables and all(
        cell.attributes.get("Scope") in ("Column", "Row")
        for table in tables
        for row in table.children
        for cell in row.children
        if cell.role == "TH"
    )
    schedule = tables[0]
    assert [c.role for c in schedule.children[0].children] == ["TH"] * 6
    assert schedule.children[1].children[0].children[0].role == "Link"
    pdf = pikepdf.open(path)
    links = [a for page in pdf.pages for a in page.obj.get("/Annots", []) if a.Subtype == "/Link"]
    assert links and all(str(a.Contents) and "/StructParent" in a for a in links)
    with pdf.open_outline() as outline:
        titles = [item.title for item in _outline(outline.root)]
    headings = {e.text for e in document.walk() if e.role in ("H1", "H2", "H3")}
    grouping = {"Exercise handouts", "Cue cards"}
    assert set(titles) - grouping <= headings, set(titles) - grouping - headings


def test_packet_log_grid_has_spanning_week_headers_and_blank_cells(tmp_path: Path):
    program = ROOT / "content" / "programs" / "lower-body-strength.yaml"
    path = make(tmp_path, "packet", program)
    document = structure(path)
    log = [e for e in document.walk() if e.role == "Table"][2]  # after the two days
    header, _, first = log.children[:3]
    assert [c.role for c in header.children][:2] == ["TH", "TH"]
    assert header.children[1].attributes.get("ColSpan") == "2"
    assert all(c.attributes.get("Scope") == "Column" for c in header.children)
    assert first.children[0].role == "TD" and first.children[0].text == "1"
    # a body row has a cell for every column, written in or blank
    assert len({len(row.children) for row in log.children[2:]}) == 1


def test_untagged_packet(tmp_path: Path):
    program = ROOT / "content" / "programs" / "lower-body-strength.yaml"
    path = make(tmp_path, "packet", program, "--untagged")
    pdf = pikepdf.open(path)
    assert "/StructTreeRoot" not in pdf.Root
    assert all(embedded for _, embedded in fonts(path))


def test_same_packet_same_bytes(tmp_path: Path):
    program = ROOT / "content" / "programs" / "lower-body-strength.yaml"
    assert make(tmp_path, "packet", program).read_bytes() == (
        make(tmp_path, "packet", program).read_bytes()
    )


def _outline(items: list[pikepdf.OutlineItem]) -> list[pikepdf.OutlineItem]:
    found = []
    for item in items:
        found.append(item)
        found += _outline(item.children)
    return found


class pdfplumber_text:
    """The text of every page, for comparing a tagged and an untagged file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> list[str]:
        import pdfplumber

        self.pdf = pdfplumber.open(self.path)
        return [page.extract_text() for page in self.pdf.pages]

    def __exit__(self, *exc: object) -> None:
        self.pdf.close()
