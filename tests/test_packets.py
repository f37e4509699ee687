"""Program packets: navigation, footers, lossless handouts, log grids, strict programs, CSV runs."""
# pypdf objects are untyped dictionaries (PdfObject | None); a wrong key fails at run time.
# mypy: disable-error-code="index,union-attr"

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, cast

import pdfplumber
import pypdf
import pytest
from conftest import DATA, ROOT, run, squash

from generator.content.loader import load_exercise

PROGRAM = DATA / "programs" / "two-days.yaml"
LIBRARY = ROOT / "content"
CLIENT = "Zoë Ångström"


@pytest.fixture(scope="module")
def packet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("packet") / "packet.pdf"
    result = run("packet", PROGRAM, "--content", LIBRARY, "-o", out)
    assert result.exit_code == 0, result.output
    return out


def _outline(reader: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    found: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                page = reader.get_destination_page_number(item)
                assert page is not None, item.title
                found.append((depth, item.title, page))

    walk(reader.outline, 0)
    return found


def _handout_starts(reader: pypdf.PdfReader) -> dict[str, int]:
    outline = _outline(reader)
    start = next(i for i, (d, t, _) in enumerate(outline) if d == 0 and t == "Exercise handouts")
    return {t: page for d, t, page in outline[start + 1 :] if d == 1}


def test_the_outline_follows_the_program_and_matches_the_contents(packet: Path) -> None:
    reader = pypdf.PdfReader(packet)
    outline = _outline(reader)
    assert [(d, t) for d, t, _ in outline] == [
        (0, "Two Day Test"),
        (0, "Contents"),
        (0, "Schedule"),
        (1, "Day A"),
        (1, "Day B"),
        (0, "Exercise handouts"),
        (1, "Pull Ups"),
        (1, "Barbell Squat"),
        (1, "Weighted One Leg Hip Thrust"),
        (0, "Training log"),
    ]
    # the contents page lists the same entries, with the page each bookmark opens (1-based)
    with pdfplumber.open(packet) as pdf:  # in reading order: numbers are drawn last
        contents = pdf.pages[1].extract_text()
    lines = [line for line in contents.splitlines() if re.search(r"\d+$", line)]
    listed = [re.match(r"^(.*?)[ .…]*(\d+)$", line).groups() for line in lines]
    expected = [(t, str(page + 1)) for _, t, page in outline[2:]]
    assert [(t.strip(), n) for t, n in listed[: len(expected)]] == expected
    # and each contents entry is a link to that page
    ids = [p.indirect_reference.idnum for p in reader.pages]
    annotations = cast(list[Any], reader.pages[1]["/Annots"])
    targets = [ids.index(a.get_object()["/Dest"][0].idnum) for a in annotations]
    assert targets == [page for _, _, page in outline[2:]]


def test_every_schedule_link_lands_on_its_handout(packet: Path) -> None:
    reader = pypdf.PdfReader(packet)
    starts = _handout_starts(reader)
    ids = [p.indirect_reference.idnum for p in reader.pages]
    with pdfplumber.open(packet) as pdf:
        schedule = next(
            i for i, p in enumerate(pdf.pages) if "Sets × reps" in (p.extract_text() or "")
        )
        page = pdf.pages[schedule]
        links = []
        for annotation in cast(list, reader.pages[schedule]["/Annots"]):
            a = annotation.get_object()
            x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
            words = page.crop((x0, page.height - y1, x1, page.height - y0)).extract_text()
            links.append((words.replace("\n", " "), ids.index(a["/Dest"][0].idnum)))
    assert len(links) == 4
    for words, target in links:
        assert target == starts[words], words


def test_every_page_has_the_client_and_page_x_of_y(packet: Path) -> None:
    texts = [p.extract_text() for p in pypdf.PdfReader(packet).pages]
    for number, text in enumerate(texts, start=1):
        assert f"{CLIENT} · Two Day Test" in text, number
        assert len(re.findall(r"Page \d+ of \d+", text)) == 1, number
        assert f"Page {number} of {len(texts)}" in text, number
    labels = pypdf.PdfReader(packet).page_labels
    assert labels[0] == "Cover" and labels[1:] == [str(n) for n in range(2, len(texts) + 1)]


def test_each_handout_appears_exactly_once_and_whole(packet: Path) -> None:
    text = squash(" ".join(p.extract_text() for p in pypdf.PdfReader(packet).pages))
    for slug in ("pull-ups", "barbell-squat", "weighted-one-leg-hip-thrust"):
        exercise = load_exercise(LIBRARY / "exercises" / f"{slug}.md")
        for step in exercise.items("instructions"):
            assert text.count(squash(step.value)) == 1, step.value
        for paragraph in exercise.intro:
            assert text.count(squash(paragraph.value)) == 1


def test_the_log_has_the_prescription_and_a_column_group_per_week(packet: Path) -> None:
    grids = []
    with pdfplumber.open(packet) as pdf:
        start = next(
            i for i, p in enumerate(pdf.pages) if "Training log" in (p.extract_text() or "")
        )
        text = " ".join(p.extract_text() or "" for p in pdf.pages[start:])
        for page in pdf.pages[start:]:
            grids += page.find_tables()
    # the prescription is printed above each table: sets x reps @ load, rest
    assert "3 × 5 @ 10 kg · rest 2 min" in text and "4 × 6-8 @ 60 kg" in text
    assert "2 × 10 each side" in text
    # Day A: pull-ups 3 sets, squat 4; Day B: squat 2, hip thrust (no sets: 3 rows)
    assert len(grids) == 4
    for table, sets, load in zip(grids, [3, 4, 2, 3], [True, True, False, False], strict=True):
        rows = table.extract()
        assert len(rows) == 2 + sets
        assert [c for c in rows[0] if c] == ["Set", "Week 1", "Week 2", "Week 3", "Notes"]
        per_week = ["kg", "Reps"] if load else ["Reps"]  # a load column only where there is one
        assert [c for c in rows[1] if c] == per_week * 3
        assert len(rows[-1]) == 1 + len(per_week) * 3 + 1  # set, the weeks' cells, notes
        assert [r[0] for r in rows[2:]] == [str(n) for n in range(1, sets + 1)]
        assert all(cell in ("", None) for r in rows[2:] for cell in r[1:])


def test_a_packet_is_the_same_bytes_every_time(tmp_path: Path, packet: Path) -> None:
    again = tmp_path / "again.pdf"
    assert run("packet", PROGRAM, "--content", LIBRARY, "-o", again).exit_code == 0
    assert again.read_bytes() == packet.read_bytes()


def test_yaml_surprises_and_unknown_slugs_are_exact_errors() -> None:
    path = DATA / "programs" / "surprises.yaml"
    result = run("validate", path, "--content", LIBRARY)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:3: units must be kg or lb, not 'stone'",
        f"{path}:4: '010' is ambiguous: write a plain number, or quote it as text",
        f"{path}:4: weeks must be a whole number from 1 to 52",
        f"{path}:5: include: unknown part 'posters'; parts: cover, contents, schedule, handouts, "
        "cards, log",
        f"{path}:9: unknown exercise 'pull-up'; did you mean pull-ups, push-ups?",
        f"{path}:10: 'NO' is ambiguous: write true or false, or quote it as text",
        f"{path}:10: sets must be a whole number from 1 to 20",
        f"{path}:11: '1:30' would be read as a number: quote it, e.g. \"1:30\"",
        f"{path}:13: duplicate key 'reps' (first at line 12)",
        f"{path}:14: unknown key 'weight'; an entry has: exercise, sets, reps, load, tempo, "
        "rest, notes",
        f"{path}:16: Day 2: 'exercises' must be a list",
    ]


def test_an_empty_title_or_client_is_an_error_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text(
        'title: ""\nclient:\ndays:\n  - name: Day 1\n    exercises:\n      - exercise: air-bike\n',
        encoding="utf-8",
    )
    result = run("packet", path, "--content", LIBRARY, "-o", tmp_path / "p.pdf")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:1: 'title:' is empty; write the title after the colon",
        f"{path}:2: 'client:' is empty; write the client after the colon",
    ]
    assert not (tmp_path / "p.pdf").exists()


def test_packets_for_every_valid_csv_row(tmp_path: Path) -> None:
    clients = tmp_path / "clients.csv"
    clients.write_text(
        "client,barbell-squat.load,pull-ups.notes\n"
        "Ana Díaz,70,\n"
        ",50,\n"
        "Ben Ode,,Use the band\n"
        "Ana Díaz,75,\n"
        "Chen,80,extra,cell\n",
        encoding="utf-8",
    )
    out = tmp_path / "packets"
    result = run("packets", PROGRAM, "--clients", clients, "--out", out, "--content", LIBRARY)
    assert result.exit_code == 1
    assert sorted(p.name for p in out.glob("*.pdf")) == [
        "ana-diaz-2.pdf",
        "ana-diaz.pdf",
        "ben-ode.pdf",
    ]
    assert f"{clients}:3: the client's name is empty" in result.stderr
    assert f"{clients}:6: 4 cells, but the header has 3" in result.stderr
    assert "wrote 3 packet(s)" in result.stdout and "2 row(s) failed" in result.stdout
    first = " ".join(p.extract_text() for p in pypdf.PdfReader(out / "ana-diaz.pdf").pages[:4])
    second = " ".join(p.extract_text() for p in pypdf.PdfReader(out / "ana-diaz-2.pdf").pages[:4])
    assert "70 kg" in first and "75 kg" in second
    ben = " ".join(p.extract_text() for p in pypdf.PdfReader(out / "ben-ode.pdf").pages[:4])
    assert "Use the band" in ben and "Ben Ode" in ben


def test_a_csv_column_for_an_exercise_not_in_the_program_is_refused(tmp_path: Path) -> None:
    clients = tmp_path / "clients.csv"
    clients.write_text("client,deadlift.load,age\nAna,70,30\n", encoding="utf-8")
    result = run("packets", PROGRAM, "--clients", clients, "--out", tmp_path, "--content", LIBRARY)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{clients}:1: column 'deadlift.load': the program has no exercise 'deadlift'",
        f"{clients}:1: unknown column 'age'; use client, <exercise>.load or <exercise>.notes",
    ]


def test_the_example_programs_build(tmp_path: Path) -> None:
    for program in sorted((LIBRARY / "programs").glob("*.yaml")):
        out = tmp_path / f"{program.stem}.pdf"
        result = run("packet", program, "-o", out, "--content", LIBRARY)
        assert result.exit_code == 0, result.output
        assert re.search(r"Page 1 of \d+", pypdf.PdfReader(out).pages[0].extract_text())
