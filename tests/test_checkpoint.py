"""The one text checkpoint: program, CSV, template, labels and theme text, each with path:line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pytest
from conftest import DATA, ROOT, run

from generator.checkpoint import Checked, Checkpoint, Sourced
from generator.layout.fonts import load_fonts
from generator.layout.theme import load_theme
from generator.render.blocks import Span, parse

PROGRAM = DATA / "programs" / "two-days.yaml"
LIBRARY = ROOT / "content"


def _program(tmp_path: Path, old: str, new: str) -> Path:
    text = PROGRAM.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "program.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_client_name_the_font_cannot_draw_is_refused_at_its_line(tmp_path: Path) -> None:
    program = _program(tmp_path, "client: Zoë Ångström", "client: Snow ☃")
    out = tmp_path / "p.pdf"
    result = run("packet", program, "--content", LIBRARY, "-o", out)
    assert result.exit_code == 1
    assert f"{program}:2: 'client': characters the font cannot draw: " in result.stderr
    assert "'☃' (U+2603" in result.stderr
    assert not out.exists()


def test_a_program_note_with_a_missing_glyph_names_its_line(tmp_path: Path) -> None:
    program = _program(tmp_path, "notes: Slow down", "notes: Slow ☃ down")
    result = run("packet", program, "--content", LIBRARY, "-o", tmp_path / "p.pdf")
    assert result.exit_code == 1
    assert f"{program}:11: 'notes': characters the font cannot draw: '☃'" in result.stderr


def _clients(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "clients.csv"
    path.write_text("client,pull-ups.notes\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_csv_cells_pass_the_checkpoint_with_the_csv_line(tmp_path: Path) -> None:
    clients = _clients(
        tmp_path,
        [
            "Ana,Keep the core tight",
            "Ben,Ring \a the bell",
            "Cleo,right\u202eto left",
            "Dan," + "long " * 600,
            "Snow ☃,fine",
        ],
    )
    out = tmp_path / "packets"
    result = run("packets", PROGRAM, "--clients", clients, "--out", out, "--content", LIBRARY)
    assert result.exit_code == 1, result.output
    err = result.stderr
    assert f"{clients}:3: Ben: 'pull-ups.notes': control character U+0007" in err
    assert f"{clients}:4: Cleo: 'pull-ups.notes': invisible character U+202E" in err
    assert f"{clients}:5: Dan: 'pull-ups.notes': this text is 2999 characters long" in err
    assert f"{clients}:6: Snow ☃: client: characters the font cannot draw: " in err
    assert "LayoutError" not in result.output and str(PROGRAM) not in err
    assert [p.name for p in out.glob("*.pdf")] == ["ana.pdf"]
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(out / "ana.pdf").pages)
    assert "Keep the core tight" in text


def test_template_literal_text_is_blamed_on_the_template_line(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    card = (ROOT / "templates" / "card.md.j2").read_text(encoding="utf-8")
    (templates / "card.md.j2").write_text(card + "\nKeep ☃ warm\n", encoding="utf-8")
    line = len(card.splitlines()) + 2
    out = tmp_path / "c.pdf"
    result = run("card", "pull-ups", "--content", LIBRARY, "--templates", templates, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{templates / 'card.md.j2'}:{line}: characters the font cannot draw: '☃' (U+2603 SNOWMAN)"
    )


def test_a_label_the_font_cannot_draw_is_blamed_on_the_labels_file(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates" / "labels", templates / "labels")
    en = templates / "labels" / "en.yaml"
    en.write_text(
        en.read_text(encoding="utf-8").replace("targets: Targets", "targets: Targets ☃"),
        encoding="utf-8",
    )
    line = next(n for n, t in enumerate(en.read_text().splitlines(), 1) if "☃" in t)
    result = run(
        "card", "pull-ups", "--content", LIBRARY, "--templates", templates, "-o", tmp_path / "x.pdf"
    )
    assert result.exit_code == 1
    assert f"{en}:{line}: characters the font cannot draw: '☃'" in result.stderr


def test_theme_brand_text_is_blamed_on_the_theme_line(tmp_path: Path) -> None:
    theme = tmp_path / "theme.yaml"
    theme.write_text("extends: default\nbrand:\n  gym: North ☃ Gym\n", encoding="utf-8")
    result = run(
        "handout", "pull-ups", "--content", LIBRARY, "--theme", theme, "-o", tmp_path / "x.pdf"
    )
    assert result.exit_code == 1
    assert f"{theme}:3: characters the font cannot draw: '☃'" in result.stderr


def test_the_layout_takes_only_checked_text() -> None:
    with pytest.raises(TypeError, match="checkpoint"):
        Span("not checked")  # type: ignore[arg-type]  # the point: unchecked text is refused
    assert Span(Checked("ok")).text == "ok"
    assert isinstance(Checked("ab") + "c", str) and not isinstance(Checked("ab") + "c", Checked)


def test_parse_seals_every_span_and_maps_narrow_spaces_the_font_lacks() -> None:
    fonts = load_fonts(load_theme(None).fonts)
    checkpoint = Checkpoint(fonts)
    blocks = parse("# Titre\n\nRepos\u202f: 2 min **fort**\n", lambda s: checkpoint.seal(s, ()))
    spans = [s for b in blocks for s in getattr(b, "spans", ())]
    assert spans and all(isinstance(s.text, Checked) for s in spans)
    expected = "\u202f" if 0x202F in fonts.covered else "\u00a0"
    assert spans[1].text == f"Repos{expected}: 2 min "
    problems = checkpoint.problems([Sourced("a\u202fb", "x.md", 3)])
    assert problems == []
