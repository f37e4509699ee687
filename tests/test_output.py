"""Output: byte-identical on rerun, metadata set, and writes that never leave half a file."""
# pypdf objects are untyped dictionaries (PdfObject | None); a wrong key fails at run time.
# mypy: disable-error-code="index,union-attr"

from __future__ import annotations

import os
from pathlib import Path

import pypdf
import pytest
from conftest import DATA, run, write_exercise

from generator.output import Terminated

SLUG = "weighted-one-leg-hip-thrust"


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.pdf"))}


def test_the_same_input_gives_byte_identical_pdfs(library: Path, tmp_path: Path) -> None:
    assert run("build", "--content", library, "--out", tmp_path / "one").exit_code == 0
    assert run("build", "--content", library, "--out", tmp_path / "two").exit_code == 0
    first, second = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert sorted(first) == [f"cards/{SLUG}.pdf", f"handouts/{SLUG}.pdf"]
    assert first == second


def test_pdfs_carry_title_author_subject_keywords_and_language(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "exercises").mkdir(parents=True)
    source = DATA / "valid" / "everything.md"
    (content / "exercises" / "goblet-squat.md").write_bytes(source.read_bytes())
    for kind in ("card", "handout"):
        out = tmp_path / f"{kind}.pdf"
        assert run(kind, "goblet-squat", "--content", content, "-o", out).exit_code == 0
        reader = pypdf.PdfReader(out)
        meta = reader.metadata
        assert meta is not None
        assert meta.title == "Goblet Squat"
        assert meta.author == "Coach Ana, CC BY 4.0"
        assert meta.subject in ("Cue card: Goblet Squat", "Exercise handout: Goblet Squat")
        assert str(meta["/Keywords"]) == "quads, glutes, kettlebell, legs, squat"
        assert str(meta["/Creator"]).startswith("coachcards ")
        assert reader.trailer["/Root"]["/Lang"] == "en"


def test_a_failed_card_leaves_the_earlier_good_file_untouched(
    library: Path, tmp_path: Path
) -> None:
    out = tmp_path / "card.pdf"
    assert run("card", SLUG, "--content", library, "-o", out).exit_code == 0
    good = out.read_bytes()
    steps = "\n".join(f"- Step {n}: " + "brace and breathe out slowly " * 8 for n in range(60))
    write_exercise(library, SLUG, f"---\nname: Crowded\n---\n\n## Instructions\n\n{steps}\n")
    result = run("card", SLUG, "--content", library, "-o", out)
    assert result.exit_code == 1
    assert out.read_bytes() == good
    assert os.listdir(tmp_path).count("card.pdf") == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(
    ("failure", "exit_code", "message"),
    [
        (KeyboardInterrupt(), 130, "interrupted: no file was left half-written"),
        (Terminated(), 143, "interrupted: no file was left half-written"),
        (OSError(28, "No space left on device"), 1, "cannot write: No space left on device"),
    ],
)
def test_an_interrupted_or_failed_write_keeps_the_old_file(
    library: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failure: BaseException,
    exit_code: int,
    message: str,
) -> None:
    out = tmp_path / "card.pdf"
    out.write_bytes(b"%PDF- an earlier good card")

    def fail(fd: int) -> None:
        raise failure

    monkeypatch.setattr("generator.output.os.fsync", fail)
    result = run("card", SLUG, "--content", library, "-o", out)
    assert result.exit_code == exit_code
    assert message in result.stderr
    assert out.read_bytes() == b"%PDF- an earlier good card"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["card.pdf", "content"]


def test_build_goes_on_past_a_bad_exercise_and_exits_1(library: Path, tmp_path: Path) -> None:
    (library / "exercises" / "broken.md").write_text("---\nname: Broken\n---\n", "utf-8")
    out = tmp_path / "out"
    result = run("build", "--content", library, "--out", out)
    assert result.exit_code == 1
    assert sorted(_files(out)) == [f"cards/{SLUG}.pdf", f"handouts/{SLUG}.pdf"]
    assert f"{library / 'exercises' / 'broken.md'}:3: no '## Instructions' section" in result.stderr
    assert "built 2 file(s)" in result.stdout and "1 failed" in result.stdout
