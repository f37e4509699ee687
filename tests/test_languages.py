"""Labels for many languages, English with one warning for the rest, and writing-system marks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import ROOT, page_texts, run, write_exercise

LABELS = ROOT / "templates" / "labels"
SHIPPED = ["it", "pt", "pt-BR", "nl", "pl", "cs", "sv", "tr", "el", "ru", "uk"]
NAME = {
    "it": "Squat con manubrio",
    "pt": "Agachamento",
    "pt-BR": "Agachamento",
    "nl": "Squat",
    "pl": "Przysiad",
    "cs": "Dřep",
    "sv": "Knäböj",
    "tr": "Çömelme",
    "el": "Κάθισμα",
    "ru": "Приседание",
    "uk": "Присідання",
}


def _exercise(folder: Path, language: str, name: str, step: str = "Go.") -> None:
    write_exercise(
        folder,
        "drill",
        f"---\nname: {name}\nlanguage: {language}\nequipment: [x]\n---\n\n"
        f"## Instructions\n\n- {step}\n",
    )


@pytest.mark.parametrize("language", SHIPPED)
def test_each_shipped_language_has_every_label_and_prints(tmp_path: Path, language: str) -> None:
    english = yaml.safe_load((LABELS / "en.yaml").read_text(encoding="utf-8"))
    own = yaml.safe_load((LABELS / f"{language}.yaml").read_text(encoding="utf-8"))
    assert set(own) == set(english), "every key of en.yaml, and no other"
    assert all(isinstance(v, str) and v.strip() for v in own.values())
    assert len(own["months"].split()) == 12
    assert "{page}" in own["page_of"] and "{pages}" in own["page_of"]
    _exercise(tmp_path, language, NAME[language])
    out = tmp_path / "h.pdf"
    result = run("handout", "drill", "--content", tmp_path, "-o", out)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
    text = page_texts(out)[0]
    assert own["equipment"] in text
    assert own["page_of"].split("{")[0].strip() in text


def test_an_unknown_language_prints_english_labels_with_one_warning(tmp_path: Path) -> None:
    for n, language in enumerate(["ga", "ga", "eo"]):
        write_exercise(
            tmp_path,
            f"drill-{n}",
            f"---\nname: Drill {n}\nlanguage: {language}\nequipment: [x]\n---\n\n"
            "## Instructions\n\n- Go.\n",
        )
    out = tmp_path / "out"
    result = run("build", "--content", tmp_path, "--out", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning")]
    assert warnings == [
        "warning: no labels for language 'eo': English labels are printed (add labels/eo.yaml "
        "to a --templates folder to translate them)",
        "warning: no labels for language 'ga': English labels are printed (add labels/ga.yaml "
        "to a --templates folder to translate them)",
    ]
    assert "Equipment" in page_texts(out / "handouts" / "drill-0.pdf")[0]
    assert "site-packages" not in result.output and "labels folder" not in result.output
    checked = run("validate", tmp_path)
    assert checked.exit_code == 0 and checked.stderr.count("warning: no labels") == 2


def test_a_user_labels_file_changes_one_word_and_keeps_the_rest(tmp_path: Path) -> None:
    _exercise(tmp_path, "de", "Kniebeuge")
    templates = tmp_path / "templates"
    (templates / "labels").mkdir(parents=True)
    (templates / "labels" / "de.yaml").write_text("equipment: Ausrüstung\n", encoding="utf-8")
    (templates / "labels" / "en.yaml").write_text("equipment: Kit\n", encoding="utf-8")
    out = tmp_path / "h.pdf"
    result = run("handout", "drill", "--content", tmp_path, "--templates", templates, "-o", out)
    assert result.exit_code == 0, result.output
    text = page_texts(out)[0]
    assert "Ausrüstung" in text and "Seite 1 von 1" in text and "Kit" not in text


def test_a_narrow_no_break_space_prints(tmp_path: Path) -> None:
    _exercise(tmp_path, "fr", "Squat", "Repos\u202f: 2 minutes\u202f!")
    out = tmp_path / "h.pdf"
    result = run("handout", "drill", "--content", tmp_path, "-o", out)
    assert result.exit_code == 0, result.output
    assert "Repos" in page_texts(out)[0] and "2 minutes" in page_texts(out)[0]


def test_persian_zwnj_is_not_called_junk(tmp_path: Path) -> None:
    """Persian is laid out now (tests/test_scripts.py); its ZWNJ is writing, kept."""
    _exercise(tmp_path, "fa", "Squat", "می\u200cخواهم")
    result = run("handout", "drill", "--content", tmp_path, "-o", tmp_path / "h.pdf")
    assert result.exit_code == 0, result.output
    assert "invisible character" not in result.stderr


def test_packet_and_packets_warn_like_build_for_a_language_without_labels(
    tmp_path: Path,
) -> None:
    """The packet's own language and its exercises': the same one line per language as build."""
    write_exercise(
        tmp_path,
        "drill",
        "---\nname: Drill\nlanguage: ga\n---\n\n## Instructions\n\n- Go.\n",
    )
    program = tmp_path / "program.yaml"
    program.write_text(
        "title: Drills\nclient: Ana\nlanguage: eo\ndays:\n  - name: Day A\n"
        "    exercises: [drill]\n",
        encoding="utf-8",
    )
    clients = tmp_path / "clients.csv"
    clients.write_text("client\nAna\nBen\n", encoding="utf-8")
    expected = [
        f"warning: no labels for language '{code}': English labels are printed (add "
        f"labels/{code}.yaml to a --templates folder to translate them)"
        for code in ("eo", "ga")
    ]
    one = run("packet", program, "--content", tmp_path, "-o", tmp_path / "ana.pdf")
    assert one.exit_code == 0, one.output
    assert [line for line in one.stderr.splitlines() if line.startswith("warning")] == expected
    many = run(
        "packets", program, "--clients", clients, "--content", tmp_path, "--out",
        tmp_path / "packets", "--jobs", "1",
    )  # fmt: skip
    assert many.exit_code == 0, many.output
    assert [line for line in many.stderr.splitlines() if line.startswith("warning")] == expected
