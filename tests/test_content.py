"""Content files: the format reads as documented, and every bad input has an exact message."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, run

from generator.content.loader import load_exercise

INVALID = sorted((DATA / "invalid").glob("*.md"))


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_each_bad_file_gives_its_exact_messages(path: Path) -> None:
    expected = (
        path.with_suffix(".expected").read_text(encoding="utf-8").replace("{path}", str(path))
    )
    result = run("validate", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == expected


def test_every_problem_in_a_file_is_reported_at_once() -> None:
    result = run("validate", DATA / "invalid" / "many-problems.md")
    lines = result.stderr.splitlines()
    assert len(lines) == 7
    assert [int(line.split(":")[1]) for line in lines] == sorted(
        int(line.split(":")[1]) for line in lines
    )


def test_validate_checks_a_whole_folder_and_names_each_file(tmp_path: Path) -> None:
    (tmp_path / "exercises").mkdir()
    for name in ("no-name.md", "no-instructions.md"):
        (tmp_path / "exercises" / name).write_bytes((DATA / "invalid" / name).read_bytes())
    (tmp_path / "exercises" / "everything.md").write_bytes(
        (DATA / "valid" / "everything.md").read_bytes()
    )
    result = run("validate", tmp_path)
    assert result.exit_code == 1
    assert sorted(line.split(":")[0] for line in result.stderr.splitlines()) == [
        str(tmp_path / "exercises" / "no-instructions.md"),
        str(tmp_path / "exercises" / "no-name.md"),
    ]


def test_validate_reports_ok_for_good_content() -> None:
    result = run("validate", DATA / "valid" / "everything.md")
    assert result.exit_code == 0
    assert result.stdout.strip() == "1 exercise(s) and 0 program(s) OK"


def test_a_missing_path_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    result = run("validate", tmp_path / "nope")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{tmp_path / 'nope'}: no such file or folder"


def test_the_documented_format_reads_back_exactly() -> None:
    exercise = load_exercise(DATA / "valid" / "everything.md")
    assert exercise.name.value == "Goblet Squat"
    assert [t.value for t in exercise.primary_muscles] == ["quads", "glutes"]
    assert [t.value for t in exercise.secondary_muscles] == ["core"]
    assert exercise.level is not None and exercise.level.value == "beginner"
    assert [p.value for p in exercise.intro] == [
        "Hold one bell at your chest and squat between your heels.\n"
        "This sentence starts after a line break.",
        "- This line is text, not a list item.",
    ]
    assert [s.value for s in exercise.items("instructions")] == [
        "Hold the bell at your chest.",
        "Sit down between your heels, keeping your chest proud.",
    ]
    assert [s.value for s in exercise.items("cues")] == ["Elbows inside knees", "Chest proud"]
    assert [s.value for s in exercise.items("tips")] == ["Use a box to learn the depth."]
    assert [s.value for s in exercise.items("mistakes")] == ["Heels lifting"]
    faq = exercise.section("faq")
    assert faq is not None and faq.heading.value == "Frequently Asked Questions"  # as printed
    assert [a.value for a in faq.questions[0].answer] == [
        "As deep as you can keep a neutral back.",
        "A second paragraph of the same answer.",
    ]
    assert exercise.items("instructions")[1].line == 24


def test_text_is_nfc_normalised(tmp_path: Path) -> None:
    path = tmp_path / "cafe.md"
    path.write_text("---\nname: Cafe\u0301 Squat\n---\n\n## Instructions\n\n- Squat.\n", "utf-8")
    assert load_exercise(path).name.value == "Caf\u00e9 Squat"


def test_an_overlong_paragraph_is_refused_with_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    path.write_text(
        "---\nname: Long\n---\n\n" + "word " * 4001 + "\n\n## Instructions\n\n- Go.\n", "utf-8"
    )
    result = run("validate", path)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{path}:5: this text is 20004 characters long; the limit is 20000: "
        "split it into shorter paragraphs or items"
    )
