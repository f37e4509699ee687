"""generator.api: pure functions returning bytes, usable from any executor."""

from __future__ import annotations

import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from io import BytesIO
from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
import pytest
from conftest import DATA, ROOT, run

from generator import api, api_setup
from generator.errors import CoachcardsError

PROGRAM = DATA / "programs" / "two-days.yaml"
LIBRARY = ROOT / "content"


def _clients(tmp_path: Path) -> Path:
    clients = tmp_path / "clients.csv"
    clients.write_text("client,barbell-squat.load\nAna Díaz,70\n,50\nBen Ode,\n", encoding="utf-8")
    return clients


def test_spawn_pool_files_are_byte_identical_to_the_cli(tmp_path: Path) -> None:
    clients = _clients(tmp_path)
    by_cli = tmp_path / "cli"
    result = run("packets", PROGRAM, "--clients", clients, "--out", by_cli, "--content", LIBRARY)
    assert result.exit_code == 1  # the empty name on line 3
    spawn = multiprocessing.get_context("spawn")  # no state inherited from this process
    with ProcessPoolExecutor(2, mp_context=spawn) as pool:
        report = api.render_packets(
            PROGRAM, clients, tmp_path / "api", executor=pool, content=LIBRARY
        )
    assert [p.name for p in report.written] == ["ana-diaz.pdf", "ben-ode.pdf"]
    assert [(p.line, p.message) for p in report.failed] == [(3, "the client's name is empty")]
    for path in report.written:
        assert path.read_bytes() == (by_cli / path.name).read_bytes(), path.name
    assert "70 kg" in pypdf.PdfReader(report.written[0]).pages[2].extract_text()


def test_render_packet_takes_a_csv_row_and_matches_the_pool(tmp_path: Path) -> None:
    with ThreadPoolExecutor(2) as pool:
        report = api.render_packets(
            str(PROGRAM), _clients(tmp_path), tmp_path, executor=pool, content=str(LIBRARY)
        )
    row = {"client": "Ana Díaz", "barbell-squat.load": "70"}
    data = api.render_packet(PROGRAM, row, content=LIBRARY)
    assert data == report.written[0].read_bytes()
    assert data.startswith(b"%PDF-")


def test_a_packets_bytes_do_not_depend_on_what_the_process_made_before() -> None:
    # contents, schedule and log are laid out once per variant and kept: a client's packet must
    # be the same whether its variant was kept, made fresh, or made after other variants
    program = LIBRARY / "programs" / "lower-body-strength.yaml"
    rows = [
        {"client": "Ana Díaz", "barbell-squat.load": "70"},
        {"client": "Ben Ode", "barbell-squat.load": "72", "barbell-squat.notes": "Ωmega grip"},
        {"client": "Zoë Ångström"},
    ]
    first = [api.render_packet(program, row, content=LIBRARY) for row in rows]
    api_setup.cache.clear()  # a fresh process: every set-up made again, in another order
    again = [api.render_packet(program, row, content=LIBRARY) for row in reversed(rows)]
    assert again[::-1] == first
    assert [api.render_packet(program, row, content=LIBRARY) for row in rows] == first
    texts = [" ".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(d)).pages) for d in first]
    assert "70 kg" in texts[0] and "72 kg" in texts[1] and "Ωmega grip" in texts[1]
    assert "Zoë Ångström" in texts[2]
    # the handouts, the shared pages and the cover use one subset of each face: two font files
    reader = pypdf.PdfReader(BytesIO(first[0]))
    files = {
        id(descriptor.get_object()["/FontFile2"].get_object())
        for page in reader.pages
        for font in _fonts_of(page)
        if (descriptor := font.get("/FontDescriptor")) is not None
    }
    assert len(files) == 2


def test_a_spliced_packet_is_the_packet_made_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    # the next client of a variant gets the first one's packet with its own cover, footers and
    # information spliced in (layout/packet_splice.py): byte for byte the packet made whole
    from generator.layout.packet_splice import Skeleton

    program = LIBRARY / "programs" / "lower-body-strength.yaml"
    spliced: list[bool] = []
    fill = Skeleton.fill

    def counted(self: Skeleton, replay: Any, tagger: Any) -> bytes | None:
        made = fill(self, replay, tagger)
        spliced.append(made is not None)
        return made

    monkeypatch.setattr(Skeleton, "fill", counted)
    names = [
        "Ana Díaz",
        "Jo",
        "O'Brien (the 2nd) & <co> {{ x }}",
        "Zoë Ångström-Øster Wolfeschlegelsteinhausen",
        "Łukasz Żółć",  # letters the handouts' fonts lack: a subset of the packet's own
        "李小龙",
    ]
    api.render_packet(
        program, {"client": "First Client", "barbell-squat.load": "61"}, content=LIBRARY
    )
    packets = [
        api.render_packet(program, {"client": name, "barbell-squat.load": "61"}, content=LIBRARY)
        for name in names
    ]
    assert spliced[:4] == [True] * 4  # the splice was used, not only the whole packet
    for name, data in zip(names, packets, strict=True):
        api_setup.cache.clear()  # a fresh process: this client is its variant's first, made whole
        row = {"client": name, "barbell-squat.load": "61"}
        assert api.render_packet(program, row, content=LIBRARY) == data, name
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(packets[3])).pages)
    assert "Zoë Ångström-Øster" in text and "First Client" not in text


def _fonts_of(page: Any) -> list[Any]:
    """Every font a page uses, its own and its forms' (handouts and shared pages)."""
    found = []
    resources = [page.get("/Resources")]
    while resources:
        resource = resources.pop()
        if resource is None:
            continue
        resource = resource.get_object()
        found += [f.get_object() for f in (resource.get("/Font") or {}).values()]
        for xobject in (resource.get("/XObject") or {}).values():
            resources.append(xobject.get_object().get("/Resources"))
    return found


def test_bad_input_is_a_picklable_coachcards_error(tmp_path: Path) -> None:
    with pytest.raises(CoachcardsError) as caught:
        api.render_packet(PROGRAM, {"client": "", "deadlift.load": "9"}, content=LIBRARY)
    messages = [p.message for p in caught.value.problems]
    assert "client: the client's name is empty" in messages
    assert "column 'deadlift.load': the program has no exercise 'deadlift'" in messages
    again = pickle.loads(pickle.dumps(caught.value))
    assert again.problems == caught.value.problems
    with pytest.raises(CoachcardsError, match="units must be kg or lb"):
        api.render_packet(PROGRAM, "Ana", content=LIBRARY, units="stone")
    with pytest.raises(TypeError, match="colour"):
        api.render_packets(PROGRAM, _clients(tmp_path), tmp_path, colour=True)


def test_cards_and_handouts_match_the_cli(tmp_path: Path) -> None:
    card = tmp_path / "card.pdf"
    assert run("card", "pull-ups", "--content", LIBRARY, "--size", "a6", "-o", card).exit_code == 0
    assert api.render_card("pull-ups", content=LIBRARY, size="a6") == card.read_bytes()
    handout = tmp_path / "handout.pdf"
    result = run("handout", "barbell-squat", "--content", LIBRARY, "-o", handout)
    assert result.exit_code == 0
    path = LIBRARY / "exercises" / "barbell-squat.md"
    assert api.render_handout(path) == handout.read_bytes()


def test_an_edited_exercise_is_seen_by_the_next_call(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "exercises").mkdir(parents=True)
    source = (LIBRARY / "exercises" / "pull-ups.md").read_text(encoding="utf-8")
    path = content / "exercises" / "pull-ups.md"
    path.write_text(source, encoding="utf-8")
    drawings = content / "images" / "everkinetic"
    drawings.mkdir(parents=True)
    for name in ("0087-relaxation.svg", "0087-tension.svg"):
        (drawings / name).write_bytes((LIBRARY / "images" / "everkinetic" / name).read_bytes())
    first = api.render_handout("pull-ups", content=content)
    path.write_text(source.replace("## Instructions", "Edited intro.\n\n## Instructions", 1))
    second = api.render_handout("pull-ups", content=content)
    assert first != second
    assert "Edited intro." in "".join(
        p.extract_text() for p in pypdf.PdfReader(BytesIO(second)).pages
    )


def test_packets_take_units_and_grey_like_packet(tmp_path: Path) -> None:
    clients = tmp_path / "clients.csv"
    clients.write_text("client,barbell-squat.load\nAna Díaz,100\nBen Ode,\n", encoding="utf-8")
    out = tmp_path / "packets"
    result = run(
        "packets",
        PROGRAM,
        "--clients",
        clients,
        "--out",
        out,
        "--content",
        LIBRARY,
        "--units",
        "lb",
        "--grey",
    )
    assert result.exit_code == 0, result.output
    single = tmp_path / "ana.pdf"
    assert (
        run(
            "packet", PROGRAM, "--content", LIBRARY, "--units", "lb", "--grey", "-o", single
        ).exit_code
        == 0
    )
    ana = out / "ana-diaz.pdf"
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(ana).pages[:3])
    assert "220 lb" in text and " kg" not in text  # 100 kg, converted
    with pdfplumber.open(ana) as pdf:  # no colour anywhere: every fill and stroke is grey
        colours = {tuple(c.get("non_stroking_color") or ()) for p in pdf.pages[:3] for c in p.chars}
    assert all(len(c) <= 1 or len(set(c)) == 1 for c in colours), colours
