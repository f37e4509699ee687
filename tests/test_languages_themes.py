"""Any language on the page (labels, scripts, units), and the gym's own look (themes)."""
# pypdf objects are untyped dictionaries (PdfObject | None); a wrong key fails at run time.
# mypy: disable-error-code="index,union-attr"

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdf
import pytest
from conftest import DATA, ROOT, page_texts, run, squash, write_exercise

from generator.content import yamlstrict

LABELS = ROOT / "templates" / "labels"
THEMES = DATA / "themes"
LIBRARY = ROOT / "content"


def _keys(path: Path) -> set[str]:
    data, problems = yamlstrict.parse(path.read_text(encoding="utf-8"), str(path))
    assert not problems
    return set(data)


@pytest.mark.parametrize("language", ["es", "de", "fr"])
def test_every_language_has_every_label(language: str) -> None:
    assert _keys(LABELS / f"{language}.yaml") == _keys(LABELS / "en.yaml")


def test_an_exercise_in_german_gets_german_labels_and_metadata(tmp_path: Path) -> None:
    write_exercise(
        tmp_path,
        "kniebeuge",
        "---\nname: Kniebeuge mit Langhantel\nlanguage: de\nmuscles: {primary: [Gesäß]}\n---\n\n"
        "Eine Grundübung für Beine und Gesäß.\n\n## Anleitung\n\n"
        "## Instructions\n\n- Füße schulterbreit, Knie über die Zehen.\n\n"
        "## Common Mistakes\n\n- Rundrücken\n",
    )
    content = tmp_path
    path = content / "exercises" / "kniebeuge.md"
    path.write_text(path.read_text(encoding="utf-8").replace("## Anleitung\n\n", ""), "utf-8")
    card, handout = tmp_path / "card.pdf", tmp_path / "handout.pdf"
    assert run("card", "kniebeuge", "--content", content, "-o", card).exit_code == 0
    assert run("handout", "kniebeuge", "--content", content, "-o", handout).exit_code == 0
    card_text = page_texts(card)[0]
    assert "Zielmuskeln" in card_text and "VERMEIDEN" in card_text
    assert "Seite 1 von 1" in page_texts(handout)[0]
    for pdf in (card, handout):
        assert pypdf.PdfReader(pdf).trailer["/Root"]["/Lang"] == "de"


SCRIPTS = {
    "fr": "Écartez les pieds, gardez le dos droit : c’est « facile » à l’œil.",
    "de": "Größe, Übung, Rücken: gerade halten. Straße & Maß.",
    "pl": "Zachowaj łokcie blisko; żółć, źdźbło, Łódź.",
    "el": "Κρατήστε την πλάτη ίσια και αναπνεύστε αργά.",
    "ru": "Держите спину прямо, дышите медленно. Ёлка.",
}


@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_text_in_each_script_comes_back_exactly(tmp_path: Path, language: str) -> None:
    text = SCRIPTS[language]
    write_exercise(
        tmp_path, "x", f"---\nname: '{text[:20]}'\n---\n\n{text}\n\n## Instructions\n\n- {text}\n"
    )
    for kind in ("card", "handout"):
        out = tmp_path / f"{kind}.pdf"
        result = run(kind, "x", "--content", tmp_path, "-o", out)
        assert result.exit_code == 0, result.output
        assert text in " ".join(page_texts(out)[0].split())


def test_a_line_break_in_the_content_stays_a_line_break(tmp_path: Path) -> None:
    write_exercise(
        tmp_path,
        "x",
        "---\nname: X\n---\n\nFirst line  \nSecond line\n\n## Instructions\n\n- Go.\n",
    )
    out = tmp_path / "h.pdf"
    assert run("handout", "x", "--content", tmp_path, "-o", out).exit_code == 0
    assert "First line\nSecond line" in page_texts(out)[0]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "कंधे पीछे रखें",
            "the Devanagari script: coachcards cannot draw it yet (it shapes Latin, Greek, "
            "Cyrillic, Arabic, Hebrew, Chinese, Japanese and Korean)",
        ),
        ("ยืดหลังให้ตรง", "the Thai script: coachcards cannot draw it yet"),
        ("Push hard 💪", "characters the font cannot draw: '💪' (U+1F4AA FLEXED BICEPS)"),
    ],
)
def test_text_no_font_or_shaper_can_draw_is_refused_by_name(
    tmp_path: Path, text: str, reason: str
) -> None:
    path = write_exercise(tmp_path, "x", f"---\nname: X\n---\n\n## Instructions\n\n- {text}\n")
    out = tmp_path / "c.pdf"
    result = run("card", "x", "--content", tmp_path, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:7: ")
    assert reason in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("theme", ["default", "plain"])
def test_a_card_renders_in_each_built_in_theme(tmp_path: Path, theme: str) -> None:
    out = tmp_path / "card.pdf"
    result = run("card", "pull-ups", "--content", LIBRARY, "--theme", theme, "-o", out)
    assert result.exit_code == 0, result.output
    assert len(pypdf.PdfReader(out).pages) == 1
    stream = pypdf.PdfReader(out).pages[0].get_contents().get_data()
    coloured = b".043137 .372549 .345098 rg" in stream  # the default theme teal accent
    assert coloured == (theme == "default")


def test_a_theme_that_extends_another_inherits_and_places_the_brand(tmp_path: Path) -> None:
    theme = THEMES / "gym.yaml"
    card = tmp_path / "card.pdf"
    assert (
        run("card", "pull-ups", "--content", LIBRARY, "--theme", theme, "-o", card).exit_code == 0
    )
    text = page_texts(card)[0]
    credit = "Northside Strength · northside.example · Adapted from Everkinetic"
    assert squash(credit) in squash(text)
    stream = pypdf.PdfReader(card).pages[0].get_contents().get_data()
    assert b".478431 .121569 .360784 rg" in stream, "its own accent"
    assert b"0 0 0 rg" in stream, "black ink inherited from plain"
    with pdfplumber.open(card) as pdf:
        logos = [i for i in pdf.pages[0].images if i["srcsize"] == (240, 80)]
        assert len(logos) == 1
        assert logos[0]["top"] < min(
            w["top"] for w in pdf.pages[0].extract_words() if w["text"] == "Pull"
        )
    program = DATA / "programs" / "two-days.yaml"
    packet = tmp_path / "packet.pdf"
    result = run("packet", program, "--content", LIBRARY, "--theme", theme, "-o", packet)
    assert result.exit_code == 0, result.output
    assert "Northside Strength" in page_texts(packet)[0]


def test_bad_theme_values_are_reported_with_file_and_line(tmp_path: Path) -> None:
    theme = THEMES / "broken.yaml"
    result = run(
        "card", "pull-ups", "--content", LIBRARY, "--theme", theme, "-o", tmp_path / "c.pdf"
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{theme}:3: colour 'accent' must be written #rrggbb, not 'teal'",
        f"{theme}:4: colour 'ink' must be written #rrggbb, not '#12345'",
        f"{theme}:6: logo 'missing.png' not found next to the theme ({THEMES / 'missing.png'})",
        f"{theme}:7: unknown key 'motto'; known: footer, gym, logo",
        f"{theme}:10: unknown key 'colour' (did you mean 'color'?)",
        f"{theme}:11: unknown key 'fontz' (did you mean 'fonts'?)",
    ]


def test_themes_that_extend_each_other_in_a_circle_are_refused(tmp_path: Path) -> None:
    result = run("card", "pull-ups", "--content", LIBRARY, "--theme", THEMES / "loop-a.yaml")
    assert result.exit_code == 1
    assert "themes extend each other in a circle: loop-a.yaml -> loop-b.yaml -> loop-a.yaml" in (
        result.stderr
    )


def test_packet_loads_convert_between_kg_and_lb(tmp_path: Path) -> None:
    program = DATA / "programs" / "two-days.yaml"
    out = tmp_path / "lb.pdf"
    assert run("packet", program, "--content", LIBRARY, "--units", "lb", "-o", out).exit_code == 0
    schedule = next(t for t in page_texts(out) if "Sets × reps" in t)
    assert "22 lb" in schedule and "132 lb" in schedule and " kg" not in schedule


def test_a_theme_typo_at_any_depth_names_its_line_and_the_nearest_key(tmp_path: Path) -> None:
    """Every section's keys come from one schema: a typo anywhere (a colour, a margin, a role,
    a region, a layout entry, a script, a profile's colours) is reported at its line, all at
    once; names the theme's own styles use, and regions of the coach's templates, are fine."""
    theme = tmp_path / "typos.yaml"
    theme.write_text(
        "extends: default\n"
        "colors:\n"
        "  acent: '#112233'\n"  # 3
        "  brick: '#aa3311'\n"  # used by a style below: a new colour, not a typo
        "card:\n"
        "  margin_mn: 5\n"  # 6
        "  body_pt:\n"
        "    a55: {min: 7, max: 9}\n"  # 8
        "  styles:\n"
        "    titel: {size: 2}\n"  # 10
        "    cuse.item: {size: 1}\n"  # 11
        "    cues.itme: {size: 1}\n"  # 12
        "    warmup.item: {color: brick, colr: ink}\n"  # 13: own region fine, 'colr' not
        "  layouts:\n"
        "    portrait:\n"
        "      rows:\n"
        "        - columns: [{region: title, wdth: 0.3}]\n"  # 17
        "fonts:\n"
        "  scripts:\n"
        "    arabik: []\n"  # 20
        "profiles:\n"
        "  wall:\n"
        "    colors: {inc: '#000000'}\n"  # 23
        "brand: {gymm: Northside}\n",  # 24
        encoding="utf-8",
    )
    result = run("validate", "--content", LIBRARY, "--theme", theme)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{theme}:3: unknown key 'acent' (did you mean 'accent'?)",
        f"{theme}:6: unknown key 'margin_mn' (did you mean 'margin_mm'?)",
        f"{theme}:8: unknown page size 'a55' (did you mean 'a5'?)",
        f"{theme}:10: unknown key 'titel' (did you mean 'title'?)",
        f"{theme}:11: unknown region 'cuse' (did you mean 'cues'?)",
        f"{theme}:12: unknown role 'itme' (did you mean 'item'?) in style 'cues.itme'",
        f"{theme}:13: unknown key 'colr' (did you mean 'color'?)",
        f"{theme}:17: unknown key 'wdth' (did you mean 'width'?)",
        f"{theme}:20: unknown script 'arabik' (did you mean 'arabic'?)",
        f"{theme}:23: unknown colour 'inc' (did you mean 'ink'?)",
        f"{theme}:24: unknown key 'gymm' (did you mean 'gym'?)",
    ]
    fixed = theme.read_text(encoding="utf-8")
    for typo, right in [
        ("  acent: '#112233'\n", ""),
        ("margin_mn: 5", "margin_mm: {ratio: 0.05, min: 5}"),
        ("a55", "a5"),
        ("titel", "title"),
        ("cuse.item", "cues.h2"),
        ("itme", "item"),
        (", colr: ink", ""),
        (", wdth: 0.3", ""),
        ("arabik: []", "arabic: []"),
        ("inc:", "ink:"),
        ("gymm", "gym"),
    ]:
        fixed = fixed.replace(typo, right)
    theme.write_text(fixed, encoding="utf-8")
    result = run(
        "card", "pull-ups", "--content", LIBRARY, "--theme", theme, "-o", tmp_path / "c.pdf"
    )
    assert result.exit_code == 0, result.output
