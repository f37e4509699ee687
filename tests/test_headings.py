"""Section headings in the exercise's language: read in that language or English, printed in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, page_texts, run, write_exercise

from generator.content.headings import HEADINGS, KINDS, printed
from generator.content.loader import load_exercise

LABELS = ROOT / "templates" / "labels"

SPANISH = """---
name: Sentadilla goblet
language: es
---

Una sentadilla con la pesa en el pecho.

## {instructions}

- Sujeta la pesa contra el pecho.
- Baja entre los talones.

## {cues}

- Codos dentro de las rodillas

## {tips}

- Respira arriba.

## {mistakes}

- Talones que se levantan

## {faq}

### ¿Cuánto peso?

El que puedas controlar.
"""

ENGLISH = dict(
    instructions="Instructions",
    cues="Cues",
    tips="Tips & Tricks",
    mistakes="Common Mistakes",
    faq="Frequently Asked Questions",
)
OWN = dict(
    instructions="Instrucciones",
    cues="Claves",
    tips="Consejos",
    mistakes="Errores comunes",
    faq="Preguntas frecuentes",
)


@pytest.mark.parametrize("written", [OWN, ENGLISH], ids=["spanish-headings", "english-headings"])
def test_a_spanish_handout_prints_spanish_headings_however_the_file_wrote_them(
    tmp_path: Path, written: dict[str, str]
) -> None:
    write_exercise(tmp_path, "goblet", SPANISH.format(**written))
    out = tmp_path / "handout.pdf"
    result = run("handout", "goblet", "--content", tmp_path, "-o", out)
    assert result.exit_code == 0, result.output
    text = " ".join(page_texts(out))
    for heading in ("Instrucciones", "Claves", "Consejos", "Errores comunes"):
        assert heading.casefold() in text.casefold()
    assert "Preguntas frecuentes" in text
    for english in ("Instructions", "Tips & Tricks", "Common Mistakes", "Frequently Asked"):
        assert english.casefold() not in text.casefold()
    assert "Página 1 de 1" in text


def test_a_heading_in_another_language_says_which_language_to_declare(tmp_path: Path) -> None:
    path = write_exercise(
        tmp_path, "x", "---\nname: X\n---\n\n## Instrucciones\n\n- Go.\n\n## Anleitung\n\n- Go.\n"
    )
    result = run("validate", path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:] == [
        f"{path}:5: '## Instrucciones' is a Spanish heading: add 'language: es' to the front "
        "matter, or write '## Instructions'",
        f"{path}:9: '## Anleitung' is a German heading: add 'language: de' to the front "
        "matter, or write '## Instructions'",
    ]


def test_an_unknown_heading_lists_the_headings_of_the_language_and_english(tmp_path: Path) -> None:
    path = write_exercise(
        tmp_path, "x", "---\nname: X\nlanguage: fr\n---\n\n## Étapes\n\n- Go.\n\n## Échauffement\n"
    )
    result = run("validate", path)
    assert result.stderr.strip() == (
        f"{path}:10: unknown section '## Échauffement'; known sections: Instructions, Repères, "
        "Conseils, Erreurs fréquentes, Questions fréquentes, Instructions, Cues, Tips & Tricks, "
        "Common Mistakes, Frequently Asked Questions"
    )
    ok = write_exercise(
        tmp_path, "y", "---\nname: Why\nlanguage: fr-CA\n---\n\n## Étapes\n\n- Go.\n"
    )
    assert load_exercise(ok).sections[0].heading.value == "Instructions"


@pytest.mark.parametrize("language", sorted(p.stem for p in LABELS.glob("*.yaml")))
def test_every_language_with_labels_has_its_own_headings(language: str) -> None:
    language = language.split("-")[0]  # pt-BR's headings are Portuguese
    assert language in HEADINGS, f"add {language} headings to generator/content/headings.py"
    assert set(HEADINGS[language]) == set(KINDS)
    # the printed words differ from one kind to the next, so a reader can tell them apart
    assert len({printed(kind, language).casefold() for kind in KINDS}) == len(KINDS)


@pytest.mark.parametrize("language", sorted(HEADINGS))
def test_each_language_reads_its_own_headings_and_the_english_ones(
    tmp_path: Path, language: str
) -> None:
    body = "\n".join(
        f"## {HEADINGS[language][kind][-1] if i % 2 else ENGLISH[kind]}\n\n"
        + ("### Q?\n\nA.\n" if kind == "faq" else "- item\n")
        for i, kind in enumerate(KINDS)
    )
    path = write_exercise(tmp_path, "x", f"---\nname: Ex\nlanguage: {language}\n---\n\n{body}")
    exercise = load_exercise(path)
    assert [s.kind for s in exercise.sections] == list(KINDS)
    assert [s.heading.value for s in exercise.sections] == [
        printed(kind, language) for kind in KINDS
    ]


def test_the_content_format_doc_lists_every_languages_headings() -> None:
    doc = (ROOT / "docs" / "content-format.md").read_text(encoding="utf-8")
    for table in HEADINGS.values():
        for names in table.values():
            assert f"`## {names[0]}`" in doc, names[0]
