"""Builds never go stale, a refused card keeps its handout, validate refuses what build does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run, write_exercise

from generator import build

DRILL = "---\nname: Drill {n}\n---\n\n## Instructions\n\n- Go {n}.\n"
# more cues than any card holds at its minimum size: build refuses the card, keeps the handout
CROWDED = "---\nname: Crowded\n---\n\n## Instructions\n\n- Go.\n\n## Cues\n\n" + "".join(
    f"- Cue {n}: keep the ribs down and the heels heavy through the whole rep\n"
    for n in range(1, 41)
)


def _library(tmp_path: Path, **extra: str) -> Path:
    content = tmp_path / "content"
    for n in range(2):
        write_exercise(content, f"drill-{n}", DRILL.format(n=n))
    for slug, text in extra.items():
        write_exercise(content, slug, text)
    return content


def _themes(tmp_path: Path) -> Path:
    folder = tmp_path / "themes"
    folder.mkdir()
    (folder / "base.yaml").write_text('extends: default\ncolors: {accent: "#aa0000"}\n')
    (folder / "club.yaml").write_text("extends: base.yaml\nbrand: {gym: North Club}\n")
    return folder / "club.yaml"


def test_changing_a_parent_theme_rebuilds(tmp_path: Path) -> None:
    content, out, theme = _library(tmp_path), tmp_path / "out", _themes(tmp_path)
    first = run("build", "--content", content, "--out", out, "--theme", theme)
    assert "built 4 file(s), skipped 0" in first.stdout, first.output
    same = run("build", "--content", content, "--out", out, "--theme", theme)
    assert "built 0 file(s), skipped 2" in same.stdout
    base = theme.parent / "base.yaml"
    base.write_text(base.read_text().replace("#aa0000", "#0000aa"))
    again = run("build", "--content", content, "--out", out, "--theme", theme)
    assert "built 4 file(s), skipped 0" in again.stdout, "the parent theme changed"


def test_a_font_package_version_change_rebuilds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, out = _library(tmp_path), tmp_path / "out"
    assert "built 4" in run("build", "--content", content, "--out", out).stdout
    import reportlab

    monkeypatch.setattr(reportlab, "Version", "0.0-other")
    assert "built 4" in run("build", "--content", content, "--out", out).stdout


def test_a_no_change_rebuild_parses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, out = _library(tmp_path), tmp_path / "out"
    assert "built 4" in run("build", "--content", content, "--out", out).stdout

    def refuse(path: Path) -> None:
        raise AssertionError(f"parsed {path} although nothing changed")

    monkeypatch.setattr(build, "load_exercise", refuse)
    assert "skipped 2 unchanged" in run("build", "--content", content, "--out", out).stdout


def test_an_image_change_rebuilds_without_parsing_to_find_it(tmp_path: Path) -> None:
    content = tmp_path / "content"
    drawing = ROOT / "content" / "images" / "everkinetic"
    (content / "images").mkdir(parents=True)
    first_svg = sorted(drawing.glob("*.svg"))[0]
    shutil.copy(first_svg, content / "images" / "d.svg")
    write_exercise(
        content,
        "drawn",
        "---\nname: Drawn\nimages: [images/d.svg]\n---\n\n## Instructions\n\n- Go.\n",
    )
    out = tmp_path / "out"
    result = run("build", "--content", content, "--out", out)
    assert "built 2" in result.stdout, result.output
    shutil.copy(sorted(drawing.glob("*.svg"))[1], content / "images" / "d.svg")
    assert "built 2" in run("build", "--content", content, "--out", out).stdout


def test_a_refused_card_keeps_its_handout(tmp_path: Path) -> None:
    content, out = _library(tmp_path, crowded=CROWDED), tmp_path / "out"
    result = run("build", "--content", content, "--out", out)
    assert result.exit_code == 1
    assert "crowded.md" in result.stderr and "does not fit" in result.stderr
    assert (out / "handouts" / "crowded.pdf").is_file()
    assert not (out / "cards" / "crowded.pdf").exists()
    assert "built 5 file(s)" in result.stdout
    again = run("build", "--content", content, "--out", out)
    assert "does not fit" in again.stderr, "a half-built exercise is tried again, not skipped"


def test_validate_refuses_what_build_refuses_and_writes_nothing(tmp_path: Path) -> None:
    glyphs = "---\nname: Glyphs\n---\n\n## Instructions\n\n- Hold ☃ steady.\n"
    content = _library(tmp_path, crowded=CROWDED, glyphs=glyphs)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    checked = run("validate", content)
    assert checked.exit_code == 1
    assert sorted(p.name for p in tmp_path.rglob("*")) == before, "validate wrote nothing"
    built = run("build", "--content", content, "--out", tmp_path / "out")
    assert built.exit_code == 1
    assert set(checked.stderr.splitlines()) == set(built.stderr.splitlines())
    assert any("☃" in line and "glyphs.md:7" in line for line in checked.stderr.splitlines())


def test_validate_checks_the_fit_at_the_size_and_theme_given(tmp_path: Path) -> None:
    content = tmp_path / "content"
    line = "keeps the ribs down and the heels heavy all the way down"
    cues = "".join(f"- Cue {n} {line}\n" for n in range(1, 31))
    text = f"---\nname: Medium\n---\n\n## Instructions\n\n- Go.\n\n## Cues\n\n{cues}"
    write_exercise(content, "medium", text)
    assert run("validate", content).exit_code == 0
    small = run("validate", content, "--size", "a6")
    assert small.exit_code == 1 and "does not fit" in small.stderr
    bad = run("validate", content, "--theme", tmp_path / "none.yaml")
    assert bad.exit_code == 1 and "none.yaml" in bad.stderr
