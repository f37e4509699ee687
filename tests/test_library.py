"""The starter library: the Everkinetic importer, images, QR codes, list, and the build."""

from __future__ import annotations

import os
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from conftest import DATA, MM, ROOT, assert_glyphs_inside, page_texts, run, squash, write_exercise

from generator.build import build_library
from generator.content.loader import load_exercise

EVERKINETIC = DATA / "everkinetic" / "exercises.json"
CREDIT = "Everkinetic (everkinetic.com), CC BY-SA 4.0"


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    result = run("import", "--format", "everkinetic", EVERKINETIC, "--to", content / "exercises")
    assert result.exit_code == 0, result.output
    return content


def test_everkinetic_quirks_are_cleaned_and_nothing_else_is_lost(imported: Path) -> None:
    neck = load_exercise(imported / "exercises" / "static-neck-flexion-extension.md")
    assert [p.value for p in neck.intro] == [
        "An exercise to either build or warm-up front and back neck strength."
    ]
    assert [s.value for s in neck.items("instructions")] == [
        "Stand or sit with your head in neutral position.",  # no-break space, primer repeat gone
        "Press your head against your hands & hold.",
    ]
    assert neck.attribution is not None and neck.attribution.value == CREDIT
    assert [t.value for t in neck.images] == [
        "images/everkinetic/0001-relaxation.svg",
        "images/everkinetic/0001-tension.svg",
    ]
    assert all(p.is_file() for p in neck.image_paths)

    flys = load_exercise(imported / "exercises" / "flat-bench-cable-flys.md")
    assert [s.value for s in flys.items("instructions")] == [
        "Lie on flat bench between two cable towers.",
        "Pull the cables together.",
    ]
    assert [s.value for s in flys.items("tips")] == [
        "Breathe out as you pull.",
        "Keep your hips on the bench.",
    ]
    assert [t.value for t in flys.tags] == ["isolation", "compound"]
    assert [t.value for t in flys.secondary_muscles] == ["deltoid"]

    twin = load_exercise(imported / "exercises" / "static-neck-flexion-extension-2.md")
    assert [s.value for s in twin.items("instructions")] == ["Hold still."]


def test_imported_exercises_credit_everkinetic_on_every_page(
    imported: Path, tmp_path: Path
) -> None:
    for kind in ("card", "handout"):
        out = tmp_path / f"{kind}.pdf"
        result = run(kind, "static-neck-flexion-extension", "--content", imported, "-o", out)
        assert result.exit_code == 0, result.output
        for text in page_texts(out):
            assert CREDIT in text


def test_drawings_sit_side_by_side_undistorted_inside_the_margins(tmp_path: Path) -> None:
    from PIL import Image

    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    Image.new("RGB", (300, 200), "grey").save(content / "images" / "start.png")
    Image.new("RGB", (300, 200), "black").save(content / "images" / "end.jpg")
    write_exercise(
        content,
        "photo-row",
        """
        ---
        name: Photo Row
        images: [images/start.png, images/end.jpg]
        ---

        ## Instructions

        - Row the handle to your ribs.
        """,
    )
    for kind in ("card", "handout"):
        out = tmp_path / f"{kind}.pdf"
        assert run(kind, "photo-row", "--content", content, "-o", out).exit_code == 0
        with pdfplumber.open(out) as pdf:
            page = pdf.pages[0]
            images = sorted(page.images, key=lambda i: i["x0"])
            assert len(images) == 2
            for image in images:
                width, height = image["x1"] - image["x0"], image["bottom"] - image["top"]
                assert width / height == pytest.approx(1.5, rel=0.01)
                assert image["x0"] >= 9 * MM and image["x1"] <= page.width - 9 * MM
            assert images[0]["x1"] < images[1]["x0"]
            assert images[0]["top"] == pytest.approx(images[1]["top"])
            words = page.extract_words()
            text_top = min(w["top"] for w in words if w["text"] == "Row")
            assert images[0]["bottom"] < max(w["top"] for w in words if w["text"] == "handle")
            assert text_top < images[0]["top"], "the name stays above the drawings"


@pytest.mark.parametrize(
    ("image", "message"),
    [
        ("../secret.svg", "image '../secret.svg' must not use '..' to leave the content folder"),
        ("/etc/passwd.png", "image '/etc/passwd.png' must be a path inside the content folder"),
        ("C:/pics/a.png", "image 'C:/pics/a.png' must be a path inside the content folder"),
        ("images/notes.txt", "image 'images/notes.txt' must be one of: .svg, .png, .jpg, .jpeg"),
        ("images/missing.svg", "image 'images/missing.svg' not found in"),
        ("images/link.svg", "image 'images/link.svg' leads outside the content folder"),
    ],
)
def test_image_paths_stay_inside_the_content_folder(
    tmp_path: Path, image: str, message: str
) -> None:
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    outside = tmp_path / "outside.svg"
    outside.write_text("<svg/>", encoding="utf-8")
    (content / "images" / "link.svg").symlink_to(outside)
    path = write_exercise(
        content, "peek", f"---\nname: Peek\nimages: ['{image}']\n---\n\n## Instructions\n\n- Go.\n"
    )
    result = run("validate", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:3: {message}")


def test_a_video_link_gets_a_qr_code_and_its_address_on_card_and_handout(tmp_path: Path) -> None:
    url = "https://example.com/videos/goblet-squat?t=12&lang=en"
    write_exercise(
        tmp_path,
        "goblet",
        f"---\nname: Goblet\nvideo: '{url}'\nattribution: Coach Ana\n---\n\n"
        "## Instructions\n\n- Squat.\n",
    )
    for kind in ("card", "handout"):
        out = tmp_path / f"{kind}.pdf"
        assert run(kind, "goblet", "--content", tmp_path, "-o", out).exit_code == 0
        text = squash(page_texts(out)[0])
        if kind == "card":  # a short label under the code, never the address over lines
            assert "example.com" in text and "videos" not in text
        else:
            assert squash(url) in text
        assert len(pypdf.PdfReader(out).pages) == 1
        assert_glyphs_inside(out, margin=9 * MM)
        annotations = pypdf.PdfReader(out).pages[0].get("/Annots")
        assert annotations is None, "content never adds a link"


def test_a_bad_video_address_is_refused(tmp_path: Path) -> None:
    path = write_exercise(
        tmp_path, "x", "---\nname: X\nvideo: javascript:alert(1)\n---\n\n## Instructions\n\n- Go.\n"
    )
    result = run("validate", path)
    assert (
        result.stderr.strip() == f"{path}:3: video must be a full https:// address with no spaces"
    )


def test_list_filters_by_tag_muscle_and_equipment(imported: Path) -> None:
    everything = run("list", "--content", imported)
    assert everything.exit_code == 0
    assert everything.stdout.splitlines()[0].split() == [
        "slug",
        "name",
        "muscles",
        "equipment",
        "tags",
    ]
    assert everything.stdout.strip().endswith("3 exercise(s)")
    chest = run("list", "--content", imported, "--muscle", "PECTORAL")
    assert "flat-bench-cable-flys" in chest.stdout and "static-neck" not in chest.stdout
    assert (
        run("list", "--content", imported, "--tag", "isometric")
        .stdout.strip()
        .endswith("2 exercise(s)")
    )
    assert (
        run("list", "--content", imported, "--equipment", "kettlebell")
        .stdout.strip()
        .endswith("0 exercise(s)")
    )


def test_a_rebuild_skips_what_has_not_changed(imported: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run("build", "--content", imported, "--out", out)
    assert "built 6 file(s), skipped 0 unchanged exercise(s), 0 failed" in first.stdout
    card = out / "cards" / "flat-bench-cable-flys.pdf"
    stamp = card.stat().st_mtime_ns
    again = run("build", "--content", imported, "--out", out)
    assert "built 0 file(s), skipped 3 unchanged exercise(s), 0 failed" in again.stdout
    assert card.stat().st_mtime_ns == stamp

    source = imported / "exercises" / "flat-bench-cable-flys.md"
    source.write_text(source.read_text().replace("Pull the cables", "Hug the cables"))
    changed = run("build", "--content", imported, "--out", out)
    assert "built 2 file(s), skipped 2 unchanged exercise(s), 0 failed" in changed.stdout
    assert "Hug the cables" in page_texts(card)[0]

    card.unlink()
    assert "built 2 file(s)" in run("build", "--content", imported, "--out", out).stdout
    other = run("build", "--content", imported, "--out", out, "--card-size", "a6")
    assert "built 6 file(s)" in other.stdout, "other options make other PDFs"


def test_a_parallel_build_writes_the_same_bytes_as_a_serial_one(
    imported: Path, tmp_path: Path
) -> None:
    many = tmp_path / "many"
    (many / "exercises").mkdir(parents=True)
    for n in range(10):
        write_exercise(
            many, f"drill-{n}", f"---\nname: Drill {n}\n---\n\n## Instructions\n\n- Go {n}.\n"
        )
    serial = build_library(many, tmp_path / "serial", workers=1)
    parallel = build_library(many, tmp_path / "parallel", workers=2)
    assert not serial.failed and not parallel.failed
    for path in serial.built:
        twin = tmp_path / "parallel" / path.relative_to(tmp_path / "serial")
        assert twin.read_bytes() == path.read_bytes()


@pytest.mark.skipif(os.environ.get("COACHCARDS_SKIP_LIBRARY") == "1", reason="asked to skip")
def test_every_exercise_in_the_built_in_library_gives_a_card_and_a_handout(tmp_path: Path) -> None:
    report = build_library(ROOT / "content", tmp_path)
    assert report.failed == {}
    cards = sorted((tmp_path / "cards").glob("*.pdf"))
    assert len(cards) == len(list((ROOT / "content" / "exercises").glob("*.md"))) >= 290
    for card in cards:
        assert len(pypdf.PdfReader(card).pages) == 1, card.name
