"""Which exercises a sheet prints (generator/content/selection.py), and the CLI on top of it."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
from conftest import ROOT, run, write_exercise

from generator.content.selection import select_exercises

LIBRARY = ROOT / "content"


def test_a_named_exercise_the_filter_finds_again_is_chosen_once() -> None:
    chosen = select_exercises(["pull-ups"], LIBRARY, muscle="latissimus")
    assert chosen.problems == [] and chosen.skipped == []
    slugs = [e.path.stem for e in chosen.exercises]
    assert slugs[0] == "pull-ups", "named first, in the order given"
    assert len(slugs) > 1, "the filter found more than the named one"
    assert len(slugs) == len(set(slugs)), f"chosen twice: {slugs}"


def test_sheet_pull_ups_with_its_own_muscle_prints_each_card_once(tmp_path: Path) -> None:
    expected = len(select_exercises([], LIBRARY, muscle="latissimus").exercises)
    out = tmp_path / "lats.pdf"
    result = run(
        "sheet", "pull-ups", "--muscle", "latissimus", "--content", LIBRARY, "--card-size",
        "a6", "-o", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"({expected} card(s))" in result.stdout
    assert len(pypdf.PdfReader(out).pages) == -(-expected // 4), "four A6 cards a sheet"


def _library(tmp_path: Path) -> Path:
    """Two good exercises and one unrelated broken file."""
    content = tmp_path / "content"
    for slug, name, muscle in (("ring-row", "Ring Row", "lats"), ("curl", "Curl", "biceps")):
        write_exercise(
            content,
            slug,
            f"---\nname: {name}\nmuscles:\n  primary: [{muscle}]\n---\n\n"
            "## Instructions\n\n- Pull.\n",
        )
    write_exercise(
        content, "broken", "---\nname: Broken\nnmae: x\n---\n\n## Instructions\n\n- Go.\n"
    )
    return content


def test_a_broken_unrelated_file_is_reported_and_the_chosen_ones_build(tmp_path: Path) -> None:
    content = _library(tmp_path)
    broken = content / "exercises" / "broken.md"
    chosen = select_exercises([], content, muscle="lats")
    assert [e.path.stem for e in chosen.exercises] == ["ring-row"]
    assert chosen.problems == []
    assert [(p.path, p.line) for p in chosen.skipped] == [(str(broken), 3)]
    out = tmp_path / "sheet.pdf"
    result = run("sheet", "--muscle", "lats", "--content", content, "-o", out)
    assert result.exit_code == 0, result.output
    assert re.search(rf"^{re.escape(str(broken))}:3: unknown key 'nmae'", result.stderr, re.M)
    assert "1 file(s) of the library with problems (above) left out" in result.stderr
    assert "(1 card(s))" in result.stdout
    assert "Ring Row" in pypdf.PdfReader(out).pages[0].extract_text()


def test_a_named_broken_file_still_refuses_the_sheet(tmp_path: Path) -> None:
    content = _library(tmp_path)
    out = tmp_path / "sheet.pdf"
    result = run("sheet", "broken", "--muscle", "lats", "--content", content, "-o", out)
    assert result.exit_code == 1
    assert "broken.md:3: unknown key 'nmae'" in result.stderr
    assert not out.exists()
