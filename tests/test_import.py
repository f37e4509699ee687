"""The seed importer: lossless, exact headings, refuses what it cannot import."""

from __future__ import annotations

from pathlib import Path

from conftest import SEED, SEED_MD, run

from generator.content.loader import load_exercise


def test_import_reproduces_the_committed_seed_file(tmp_path: Path) -> None:
    result = run("import", SEED, "--to", tmp_path)
    assert result.exit_code == 0, result.output
    written = tmp_path / "weighted-one-leg-hip-thrust.md"
    assert written.read_text(encoding="utf-8") == SEED_MD.read_text(encoding="utf-8")


def test_imported_seed_keeps_every_line_in_its_section(library: Path) -> None:
    exercise = load_exercise(library / "exercises" / "weighted-one-leg-hip-thrust.md")
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert exercise.name.value == lines[0]
    assert [p.value for p in exercise.intro] == lines[1:5]
    assert [s.value for s in exercise.items("instructions")] == [x[2:] for x in lines[6:14]]
    assert [s.value for s in exercise.items("tips")] == [x[2:] for x in lines[15:23]]
    faq = exercise.section("faq")
    assert faq is not None
    pairs = [(q.question.value, [a.value for a in q.answer]) for q in faq.questions]
    assert pairs == [(lines[i], [lines[i + 1]]) for i in range(24, len(lines), 2)]


def test_a_name_that_starts_with_a_heading_word_is_still_the_name(tmp_path: Path) -> None:
    source = tmp_path / "rows.txt"
    source.write_text(
        "Instructions for Rowing\nA row.\nInstructions\n- Pull.\nTips & Tricks\n- Breathe.\n",
        encoding="utf-8",
    )
    result = run("import", source, "--to", tmp_path / "out")
    assert result.exit_code == 0, result.output
    exercise = load_exercise(tmp_path / "out" / "instructions-for-rowing.md")
    assert exercise.name.value == "Instructions for Rowing"
    assert [p.value for p in exercise.intro] == ["A row."]


def test_text_that_looks_like_markup_survives_import(tmp_path: Path) -> None:
    source = tmp_path / "odd.txt"
    source.write_text(
        "Odd Press\n- not a list\n# not a heading\n1. not numbered\nInstructions\n- Press *up*.\n",
        encoding="utf-8",
    )
    assert run("import", source, "--to", tmp_path / "out").exit_code == 0
    exercise = load_exercise(tmp_path / "out" / "odd-press.md")
    assert [p.value for p in exercise.intro] == [
        "- not a list",
        "# not a heading",
        "1. not numbered",
    ]
    assert exercise.items("instructions")[0].value == "Press *up*."


def test_backslashes_survive_import_wherever_they_are(tmp_path: Path) -> None:
    source = tmp_path / "slash.txt"
    lines = ["Slash Row \\", "Ends in one \\", "Instructions", "- ends in two \\\\", "- mid \\ dle"]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run("import", source, "--to", tmp_path / "out").exit_code == 0
    exercise = load_exercise(tmp_path / "out" / "slash-row.md")
    assert exercise.name.value == "Slash Row \\"
    assert [p.value for p in exercise.intro] == ["Ends in one \\"]
    assert [s.value for s in exercise.items("instructions")] == ["ends in two \\\\", "mid \\ dle"]


def test_refused_files_name_the_file_and_write_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Curl\nInstructions\n- Curl the bar caf\xe9.\n".encode("latin-1"))
    no_steps = tmp_path / "nosteps.txt"
    no_steps.write_text("Plank\nHold still.\nTips & Tricks\n- Breathe.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("import", empty, binary, latin1, no_steps, "--to", out)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{empty}: the file is empty",
        f"{binary}: not a text file (it contains NUL bytes)",
        f"{latin1}: not UTF-8 text (byte 0xE9 on line 3)",
        f"{no_steps}: no 'Instructions' heading line: nothing to import as steps",
    ]
    assert not out.exists() or not any(out.iterdir())


def test_a_question_without_an_answer_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "q.txt"
    source.write_text(
        "Curl\nInstructions\n- Curl.\nFrequently Asked Questions\nWhy?\nBecause.\nHow?\n",
        encoding="utf-8",
    )
    result = run("import", source, "--to", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{source}:7: question 'How?' has no answer line"


def test_import_does_not_overwrite_without_force(tmp_path: Path) -> None:
    assert run("import", SEED, "--to", tmp_path).exit_code == 0
    target = tmp_path / "weighted-one-leg-hip-thrust.md"
    target.write_text(target.read_text() + "\nedited by the coach\n")
    result = run("import", SEED, "--to", tmp_path)
    assert result.exit_code == 1
    assert "exists; use --force" in result.stderr
    assert target.read_text().endswith("edited by the coach\n")
    assert run("import", SEED, "--to", tmp_path, "--force").exit_code == 0
    assert not target.read_text().endswith("edited by the coach\n")


def test_every_section_of_the_format_imports_under_its_heading(tmp_path: Path) -> None:
    source = tmp_path / "row.txt"
    source.write_text(
        "Ring Row\nA row under rings.\nInstructions\n- Hang.\n- Pull.\nCues\n- Chest up.\n"
        "- Squeeze.\nTips & Tricks\n- Walk the feet in.\nCommon Mistakes\n- Shrugging.\n"
        "- Sagging hips.\nFrequently Asked Questions\nHow high?\nChest to rings.\n",
        encoding="utf-8",
    )
    result = run("import", source, "--to", tmp_path / "out")
    assert result.exit_code == 0, result.output
    exercise = load_exercise(tmp_path / "out" / "ring-row.md")
    assert [s.value for s in exercise.items("instructions")] == ["Hang.", "Pull."]
    assert [s.value for s in exercise.items("cues")] == ["Chest up.", "Squeeze."]
    assert [s.value for s in exercise.items("tips")] == ["Walk the feet in."]
    assert [s.value for s in exercise.items("mistakes")] == ["Shrugging.", "Sagging hips."]
    faq = exercise.section("faq")
    assert faq is not None and faq.questions[0].question.value == "How high?"


def test_an_empty_item_is_refused_at_its_line(tmp_path: Path) -> None:
    source = tmp_path / "row.txt"
    source.write_text(
        "Ring Row\nInstructions\n- Hang.\n- \n- Pull.\nCommon Mistakes\n-\n", encoding="utf-8"
    )
    result = run("import", source, "--to", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{source}:4: an empty '- ' item under 'Instructions'",
        f"{source}:7: an empty '- ' item under 'Common Mistakes'",
    ]
    assert not (tmp_path / "out" / "ring-row.md").exists()
