"""`coachcards list`: muscles in plain or anatomical words, and a hint when nothing matches."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run, write_exercise

from generator.content.vocabulary import parts, plain_name


@pytest.fixture
def small(tmp_path: Path) -> Path:
    for slug, muscles, equipment, tags in (
        (
            "hip-thrust",
            "{primary: [glutes (gluteus maximus)], secondary: [hamstrings]}",
            "[barbell]",
            "[compound]",
        ),
        ("leg-curl", "{primary: [hamstrings (biceps femoris)]}", "[machine]", "[isolation]"),
        (
            "curl",
            "{primary: [biceps (biceps brachii)], secondary: [forearms]}",
            "[dumbbell]",
            "[isolation]",
        ),
        (
            "old-squat",
            "{primary: [quadriceps], secondary: [glutaeus maximus]}",
            "[barbell]",
            "[compound]",
        ),
        (
            "face-pull",
            "{primary: [shoulders (rear deltoid)], secondary: [upper back]}",
            "[cable]",
            "[isolation]",
        ),
        ("back-extension", "{primary: [lower back (erector spinae)]}", "[bench]", "[isolation]"),
    ):
        write_exercise(
            tmp_path,
            slug,
            f"---\nname: {slug}\nmuscles: {muscles}\nequipment: {equipment}\ntags: {tags}\n"
            "---\n\n## Instructions\n\n- Go.\n",
        )
    return tmp_path


def _slugs(content: Path, *args: str) -> list[str]:
    result = run("list", "--content", content, *args)
    assert result.exit_code == 0, result.output
    return [line.split()[0] for line in result.stdout.splitlines()[2:-1]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("glutes", ["hip-thrust", "old-squat"]),  # plain label, and an anatomical one
        ("gluteus maximus", ["hip-thrust", "old-squat"]),
        ("glut", ["hip-thrust", "old-squat"]),
        ("quads", ["old-squat"]),
        ("Quadriceps", ["old-squat"]),
        ("hamstrings", ["hip-thrust", "leg-curl"]),
        ("ischiocrural", ["hip-thrust", "leg-curl"]),
        ("biceps", ["curl"]),  # not the leg curl's 'biceps femoris'
        ("biceps femoris", ["hip-thrust", "leg-curl"]),  # one of the hamstrings
        ("rear deltoid", ["face-pull"]),
        ("deltoid", ["face-pull"]),
        ("back", ["back-extension", "face-pull"]),
        ("lower back", ["back-extension"]),
        ("trapezius", ["face-pull"]),
        ("forearms", ["curl"]),
        ("arms", ["curl"]),
    ],
)
def test_muscles_match_in_plain_or_anatomical_words(
    small: Path, query: str, expected: list[str]
) -> None:
    assert _slugs(small, "--muscle", query) == expected


def test_equipment_and_tags_match_the_start_of_a_word(small: Path) -> None:
    assert _slugs(small, "--equipment", "dumb") == ["curl"]
    assert _slugs(small, "--tag", "compound") == ["hip-thrust", "old-squat"]
    assert _slugs(small, "--tag", "compound", "--muscle", "quads") == ["old-squat"]
    assert _slugs(small, "--tag", "pound") == []


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (("--muscle", "glutez"), "no exercise matches --muscle 'glutez'; did you mean 'glutes'?"),
        (("--muscle", "hamstring"), None),  # a prefix is a match, not a miss
        (
            ("--equipment", "dumbell"),
            "no exercise matches --equipment 'dumbell'; did you mean 'dumbbell'?",
        ),
        (("--tag", "compund"), "no exercise matches --tag 'compund'; did you mean 'compound'?"),
        (("--muscle", "zzz"), "no exercise matches --muscle 'zzz'\n"),
    ],
)
def test_a_search_with_no_result_lists_the_names_and_the_closest_one(
    small: Path, args: tuple[str, str], hint: str | None
) -> None:
    result = run("list", "--content", small, *args)
    assert result.exit_code == 0
    if hint is None:
        assert result.stderr == ""
        return
    assert result.stdout.strip().endswith("0 exercise(s)")
    assert result.stderr.startswith(hint)
    if args[0] == "--muscle":
        assert (
            "muscles in the library: biceps, forearms, glutes, hamstrings, lower back"
            in result.stderr
        )
    if args[0] == "--equipment":
        assert "equipment in the library: barbell, bench, cable, dumbbell, machine" in result.stderr


def test_filters_that_each_match_but_not_together_say_so(small: Path) -> None:
    result = run("list", "--content", small, "--muscle", "biceps", "--tag", "compound")
    assert result.stderr.strip() == "no exercise matches all of these filters together; try fewer"


def test_a_sheet_by_a_muscle_nobody_works_names_the_closest(small: Path, tmp_path: Path) -> None:
    result = run("sheet", "--muscle", "glutez", "--content", small, "-o", tmp_path / "s.pdf")
    assert result.exit_code == 1
    assert "did you mean 'glutes'?" in result.stderr
    assert not (tmp_path / "s.pdf").exists()


def test_labels_split_into_plain_and_anatomical_names() -> None:
    assert parts("calves (soleus)") == ("calves", "soleus")
    assert parts("upper back") == ("upper back",)
    assert plain_name("shoulders (front deltoid)") == "shoulders"
    assert plain_name("latissimus dorsi") == "lats"
    assert plain_name("core") is None  # too vague to stand for one muscle group
    assert plain_name("elbows") is None
