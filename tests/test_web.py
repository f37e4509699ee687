"""`coachcards serve`: every route through Starlette's test client, happy and hostile.

The app runs with its real process pool (one spawned worker) and renders through the public
API, so a downloaded packet is compared byte for byte with what the CLI makes from the
downloaded program file.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from conftest import run
from starlette.testclient import TestClient
from web_helpers import entry, form, make_content

from generator.web.guard import allowed_hosts
from generator.web.server import build, make_app

PORT = 8765
OWN = f"http://127.0.0.1:{PORT}"


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_content(tmp_path_factory.mktemp("web") / "content")


@pytest.fixture(scope="module")
def client(content: Path) -> Iterator[TestClient]:
    site = build(content, None, None, content_given=True)
    site.hosts = allowed_hosts("127.0.0.1", PORT)
    app = make_app(site, workers=1, warm=False)
    with TestClient(app, base_url=OWN, headers={"origin": OWN}) as test_client:
        yield test_client


def post(client: TestClient, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json=body)


# --- the page -----------------------------------------------------------------------------------


def test_the_page_names_its_controls_as_coaches_and_tests_expect(client: TestClient) -> None:
    answer = client.get("/")
    assert answer.status_code == 200
    html = answer.text
    for text in (
        '<label for="search">Search exercises</label>',
        '<label for="f-client">Client</label>',
        ">Download packet</button>",
        ">Download program</button>",
        ">Open program</label>",
    ):
        assert text in html
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_static_files_are_a_fixed_list(client: TestClient) -> None:
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert '<script type="module" src="/static/app.js">' in client.get("/").text
    assert client.get("/static/app.css").status_code == 200
    for name in ("page.html.j2", "..%2Fapp.py", "%2E%2E%2Fguard.py", "missing.js"):
        assert client.get(f"/static/{name}").status_code == 404


def test_the_script_is_small_es_modules_that_all_import_served_files(client: TestClient) -> None:
    """No build step: each module is served as written, imports only modules that are served,
    and stays small enough to read (about 300 lines at most)."""
    import re

    from generator.web.app import SCRIPTS

    folder = Path(__file__).parents[1] / "generator" / "web" / "static"
    assert sorted(p.name for p in folder.glob("*.js")) == sorted(SCRIPTS)
    reached, waiting = set(), ["app.js"]
    while waiting:
        name = waiting.pop()
        answer = client.get(f"/static/{name}")
        assert answer.status_code == 200, name
        assert answer.headers["content-type"].startswith("text/javascript")
        assert len(answer.text.splitlines()) <= 300, name
        reached.add(name)
        for imported in re.findall(r'^import .* from "\./([a-z]+\.js)";$', answer.text, re.M):
            if imported not in reached:
                waiting.append(imported)
    assert reached == set(SCRIPTS)  # every module is used


# --- search and thumbnails ----------------------------------------------------------------------


def test_search_matches_name_muscle_equipment_and_tag(client: TestClient) -> None:
    def slugs(query: str) -> list[str]:
        answer = client.get("/api/search", params={"q": query})
        assert answer.status_code == 200
        return [row["slug"] for row in answer.json()["results"]]

    assert slugs("squat")[:2] == ["barbell-squat", "squats-using-dumbbells"] or set(
        slugs("squat")
    ) == {"barbell-squat", "squats-using-dumbbells"}
    assert slugs("SQUAT dumbbells") == ["squats-using-dumbbells"]
    assert slugs("abs") == ["plank-hold"]  # a muscle
    assert "romanian-dead-lift" in slugs("barbell")  # equipment
    assert slugs("core") == ["plank-hold"]  # a tag
    assert slugs("zzz-nothing") == []
    missed = client.get("/api/search", params={"q": "dumbell"}).json()
    assert missed["total"] == 0 and "'dumbbell'" in missed["hint"]  # the library says dumbbell
    assert len(slugs("")) == 6
    rows = client.get("/api/search", params={"q": "plank"}).json()["results"]
    assert rows == [
        {
            "slug": "plank-hold",
            "name": "Plank Hold",
            "muscles": ["abs"],
            "equipment": [],
            "tags": ["core"],
            "drawing": False,
        }
    ]


def test_thumbnails_are_png_drawings_of_library_exercises_only(client: TestClient) -> None:
    answer = client.get("/thumb/barbell-squat.png")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "image/png"
    assert answer.content.startswith(b"\x89PNG")
    assert client.get("/thumb/barbell-squat.png").content == answer.content  # cached
    etag = answer.headers["etag"]
    again = client.get("/thumb/barbell-squat.png", headers={"if-none-match": etag})
    assert again.status_code == 304  # the browser's copy is still the drawing
    assert client.get("/thumb/plank-hold.png").status_code == 404  # no drawing
    for slug in ("nope", "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd"):
        assert client.get(f"/thumb/{slug}.png").status_code == 404


def test_an_edited_drawing_gets_a_new_thumbnail(client: TestClient, content: Path) -> None:
    """The thumbnail is kept by the drawing's bytes: same path and size, a new picture shows
    (and the browser's copy is not reused); the old picture is back when the file is."""
    import os

    from generator.content.loader import load_exercise

    drawing = load_exercise(content / "exercises" / "pull-ups.md").image_paths[0]
    before = client.get("/thumb/pull-ups.png")
    original = drawing.read_bytes()
    stat = drawing.stat()
    edited = original.replace(b'fill="#333"', b'fill="#C33"')  # the lines turn red
    assert edited != original and len(edited) == len(original)
    try:
        drawing.write_bytes(edited)
        os.utime(drawing, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # saved a second on
        after = client.get("/thumb/pull-ups.png", headers={"if-none-match": before.headers["etag"]})
        assert after.status_code == 200 and after.content.startswith(b"\x89PNG")
        assert after.content != before.content
        assert after.headers["etag"] != before.headers["etag"]
    finally:
        drawing.write_bytes(original)
        os.utime(drawing, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert client.get("/thumb/pull-ups.png").content == before.content


def test_every_add_button_of_the_built_in_library_has_its_own_name() -> None:
    from generator.paths import builtin_content
    from generator.web.library import Library

    library = Library.load(builtin_content())
    _, total = library.search("")
    names = [library.name(slug) for slug in library.exercises]
    assert len(names) == total > 300
    assert len(set(names)) == len(names), sorted(n for n in names if names.count(n) > 1)
    # no built-in exercise needs a suffix: the library has no two exercises of one name
    assert all(library.name(s) == e.name.value for s, e in library.exercises.items())
    assert library.name("underhand-pull-down") == "Pull Down: Underhand (Close Grip)"


def test_exercises_of_one_name_are_told_apart_by_equipment_then_file_name(
    client: TestClient, content: Path
) -> None:
    body = (
        "---\nname: Lat Pull\nmuscles:\n  primary: [lats]\n{kit}---\n\n## Instructions\n\n- Pull.\n"
    )
    files = {
        "lat-pull-cable": "equipment: [cable]\n",
        "lat-pull-band": "equipment: [band]\n",
        "lat-pull-cable-2": "equipment: [cable]\n",
    }
    for slug, kit in files.items():
        (content / "exercises" / f"{slug}.md").write_text(body.format(kit=kit), encoding="utf-8")
    try:
        found = client.get("/api/search", params={"q": "lat pull"}).json()["results"]
        assert sorted(r["name"] for r in found if r["slug"].startswith("lat-pull")) == [
            "Lat Pull (band)",
            "Lat Pull (lat-pull-cable)",
            "Lat Pull (lat-pull-cable-2)",
        ]
        entry_answer = post(client, "/api/entry", {"exercise": "lat-pull-band"}).json()
        assert entry_answer["name"] == "Lat Pull (band)"
    finally:
        for slug in files:
            (content / "exercises" / f"{slug}.md").unlink()


# --- adding, previewing, problems ----------------------------------------------------------------


def test_add_gives_an_entry_with_the_exercise_name(client: TestClient) -> None:
    [row] = client.get("/api/search", params={"q": "pull-ups"}).json()["results"]
    answer = post(client, "/api/entry", {"exercise": "pull-ups"})
    assert answer.status_code == 200
    assert answer.json() == {
        "entry": {
            "exercise": "pull-ups",
            "sets": "3",
            "reps": "10",
            "load": "",
            "tempo": "",
            "rest": "",
            "notes": "",
        },
        "name": row["name"],
    }
    refused = post(client, "/api/entry", {"exercise": "pull-up"})
    assert refused.status_code == 422
    assert refused.json()["error"] == "unknown exercise 'pull-up'; did you mean pull-ups?"


def test_preview_gives_the_page_count_and_page_images(client: TestClient) -> None:
    answer = post(client, "/api/preview", {"program": form()})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["problems"] == [] and body["pages"] >= 5
    first = client.get(f"/preview/{body['token']}/1.png")
    assert first.status_code == 200 and first.content.startswith(b"\x89PNG")
    last = client.get(f"/preview/{body['token']}/{body['pages']}.png")
    assert last.status_code == 200
    for number in (0, body["pages"] + 1, 10**9):
        assert client.get(f"/preview/{body['token']}/{number}.png").status_code == 404
    assert client.get("/preview/0123456789abcdef01234567/1.png").status_code == 404
    again = post(client, "/api/preview", {"program": form()}).json()
    assert again["token"] == body["token"]  # same program, same PDF


def test_the_preview_shows_the_downloads_pages_pixel_for_pixel(client: TestClient) -> None:
    """The preview is made untagged (quicker); tagging draws nothing, so its pages are the
    tagged download's pages, and the download keeps its structure tree."""
    import pypdfium2
    from PIL import Image

    from generator.web.engine import PREVIEW_WIDTH, page_image

    body = post(client, "/api/preview", {"program": form()}).json()
    download = client.post("/api/packet", json={"program": form()}).content
    reader = pypdf.PdfReader(io.BytesIO(download))
    assert "/StructTreeRoot" in reader.root_object
    assert len(reader.pages) == body["pages"]
    document = pypdfium2.PdfDocument(download)
    for number in (1, 2, body["pages"]):
        shown = client.get(f"/preview/{body['token']}/{number}.png").content
        assert shown == page_image(download, number - 1), number
        page = document[number - 1]
        drawn = page.render(scale=PREVIEW_WIDTH / page.get_width()).to_pil()
        assert Image.open(io.BytesIO(shown)).convert("RGB").tobytes() == drawn.tobytes()


def test_problems_come_back_in_the_clis_words_next_to_their_field(client: TestClient) -> None:
    day = {"name": "Day 1", "entries": [entry("barbell-squat", sets="four"), entry("pull-up")]}
    program = form(start="next monday", weeks=[{"name": "", "days": [day]}])
    body = post(client, "/api/preview", {"program": program}).json()
    problems = {p["field"]: p["text"] for p in body["problems"]}
    yaml_text = client.post("/api/program", json={"program": program}).text
    lines = yaml_text.splitlines()

    def line_of(start: str) -> int:
        return next(n for n, text in enumerate(lines, 1) if text.strip().startswith(start))

    assert problems["start"] == (
        f"ana-diaz.yaml:{line_of('start:')}: start must be a date like 2026-12-01, "
        "not 'next monday'"
    )
    assert problems["w0.d0.e0.sets"] == (
        f"ana-diaz.yaml:{line_of('sets:')}: sets must be a whole number from 1 to 20"
    )
    assert problems["w0.d0.e1.exercise"].endswith(
        "unknown exercise 'pull-up'; did you mean pull-ups?"
    )


def test_a_missing_client_is_shown_at_the_client_field(client: TestClient) -> None:
    body = post(client, "/api/preview", {"program": form(client="")}).json()
    assert [(p["field"], p["text"]) for p in body["problems"]] == [
        ("client", "program.yaml:1: missing 'client:'")
    ]


def test_typed_text_cannot_add_keys_to_the_program_file(client: TestClient) -> None:
    sneaky = 'Ana"\ninclude: [cards]\n# '
    yaml_text = client.post("/api/program", json={"program": form(client=sneaky)}).text
    assert sum(line.startswith("include:") for line in yaml_text.splitlines()) == 1
    assert sum(line.startswith("client:") for line in yaml_text.splitlines()) == 1


def test_a_card_that_cannot_fit_is_refused_with_its_advice(client: TestClient) -> None:
    answer = post(client, "/api/single", {"exercise": "crowded-press", "kind": "card"})
    assert answer.status_code == 422
    [problem] = answer.json()["problems"]
    assert problem["exercise"] == "crowded-press"
    assert "crowded-press: the card does not fit on one A5 page" in problem["text"]
    assert "add a '## Cues' section with short cues" in problem["text"]
    day = {"name": "Day 1", "entries": [entry("crowded-press", sets="3")]}
    include = ["cover", "schedule", "cards"]
    program = form(include=include, weeks=[{"name": "", "days": [day]}])
    body = post(client, "/api/preview", {"program": program}).json()
    assert [p["exercise"] for p in body["problems"]] == ["crowded-press"]
    assert "the card does not fit" in body["problems"][0]["text"]


# --- downloads ----------------------------------------------------------------------------------


def test_downloaded_packet_is_what_the_cli_makes_from_the_downloaded_program(
    client: TestClient, content: Path, tmp_path: Path
) -> None:
    program = form(size="a4")
    packet = client.post("/api/packet", json={"program": program})
    assert packet.status_code == 200, packet.text
    assert packet.headers["content-type"] == "application/pdf"
    assert packet.headers["content-disposition"] == 'attachment; filename="ana-diaz.pdf"'
    reader = pypdf.PdfReader(io.BytesIO(packet.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Ana Díaz" in text and "Barbell Squat" in text and "Pull" in text
    yaml_answer = client.post("/api/program", json={"program": program})
    assert yaml_answer.headers["content-disposition"] == 'attachment; filename="ana-diaz.yaml"'
    saved = tmp_path / "ana-diaz.yaml"
    saved.write_bytes(yaml_answer.content)
    assert f"#   coachcards packet ana-diaz.yaml --content {content} --size a4" in saved.read_text()
    out = tmp_path / "cli.pdf"
    result = run("packet", saved, "--content", content, "--size", "a4", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == packet.content


def test_single_card_and_handout_at_any_size_and_profile(client: TestClient) -> None:
    for body, pages in (
        ({"exercise": "barbell-squat", "kind": "card", "size": "a6"}, 1),
        ({"exercise": "plank-hold", "kind": "card", "profile": "wall", "size": "a4"}, 1),
        ({"exercise": "plank-hold", "kind": "card", "size": "5x8", "landscape": True}, 1),
        ({"exercise": "pull-ups", "kind": "handout", "size": "letter"}, None),
    ):
        answer = post(client, "/api/single", body)
        assert answer.status_code == 200, answer.text
        reader = pypdf.PdfReader(io.BytesIO(answer.content))
        if pages is not None:
            assert len(reader.pages) == pages
    card = post(client, "/api/single", {"exercise": "plank-hold", "kind": "card", "size": "a6"})
    box = pypdf.PdfReader(io.BytesIO(card.content)).pages[0].mediabox
    width, height = float(box.width), float(box.height)
    assert round(width / 72 * 25.4) == 105 and round(height / 72 * 25.4) == 148
    for bad in (
        {"exercise": "../../etc/passwd", "kind": "card"},
        {"exercise": "/etc/passwd.md", "kind": "handout"},
        {"exercise": "pull-ups", "kind": "sheet"},
        {"exercise": "pull-ups", "kind": "card", "profile": "poster"},
    ):
        assert post(client, "/api/single", bad).status_code == 422


# --- open ---------------------------------------------------------------------------------------


def test_open_reads_a_downloaded_program_back_into_the_same_form(client: TestClient) -> None:
    program = form(size="a5", theme="plain")
    text = client.post("/api/program", json={"program": program}).text
    answer = post(client, "/api/open", {"name": "ana-diaz.yaml", "text": text})
    assert answer.status_code == 200, answer.text
    opened = answer.json()["program"]
    assert opened["size"] == "a5" and opened["theme"] == "plain"
    again = client.post("/api/program", json={"program": opened}).text
    assert again == text


def test_days_and_exercises_keep_the_order_the_coach_moved_them_to(client: TestClient) -> None:
    """The page moves days and exercises in its form; the program file and the packet keep
    that order, and opening the file gives it back."""
    squat, pull = entry("barbell-squat", sets="4"), entry("pull-ups", sets="3")
    days = [
        {"name": "Pull day", "entries": [pull]},
        {"name": "Leg day", "entries": [entry("romanian-dead-lift"), squat]},
    ]
    program = form(weeks=[{"name": "Week 1", "days": days}])
    text = client.post("/api/program", json={"program": program}).text
    assert text.index('"Pull day"') < text.index('"Leg day"')
    assert text.index("romanian-dead-lift") < text.index("barbell-squat")
    opened = post(client, "/api/open", {"name": "x.yaml", "text": text}).json()["program"]
    assert [d["name"] for d in opened["weeks"][0]["days"]] == ["Pull day", "Leg day"]
    assert [e["exercise"] for e in opened["weeks"][0]["days"][1]["entries"]] == [
        "romanian-dead-lift",
        "barbell-squat",
    ]
    packet = client.post("/api/packet", json={"program": opened}).content
    schedule = pypdf.PdfReader(io.BytesIO(packet)).pages[2].extract_text()
    assert schedule.index("Pull day") < schedule.index("Leg day"), schedule


def test_open_weeks_of_days(client: TestClient) -> None:
    def week(name: str, sets: str) -> dict[str, Any]:
        return {"name": name, "days": [{"name": "Push", "entries": [entry("pull-ups", sets=sets)]}]}

    program = form(by_week=True, log_weeks="", weeks=[week("Week 1", "3"), week("Week 2", "4")])
    text = client.post("/api/program", json={"program": program}).text
    assert '  - week: "Week 2"' in text
    opened = post(client, "/api/open", {"name": "x.yaml", "text": text}).json()["program"]
    assert [w["name"] for w in opened["weeks"]] == ["Week 1", "Week 2"]
    assert opened["weeks"][1]["days"][0]["entries"][0]["sets"] == "4"
    assert post(client, "/api/preview", {"program": opened}).json()["problems"] == []


def test_open_reports_every_problem_with_the_files_own_name(client: TestClient) -> None:
    text = "title: T\nclient: C\nsets: NO\ndays:\n  - name: A\n    exercises: [pull-ups]\n"
    answer = post(client, "/api/open", {"name": "../../etc/old plan.yaml", "text": text})
    assert answer.status_code == 422
    problems = [p["text"] for p in answer.json()["problems"]]
    assert problems and all(p.startswith("old-plan.yaml:3: ") for p in problems)
    assert post(client, "/api/open", {"name": "x.yaml"}).status_code == 422


# --- the door -----------------------------------------------------------------------------------


def test_requests_for_another_host_are_refused(client: TestClient) -> None:
    for host in ("evil.example:8765", "127.0.0.1:9999", "localhost.evil.example"):
        assert client.get("/", headers={"host": host}).status_code == 421
    assert client.get("/", headers={"host": f"localhost:{PORT}"}).status_code == 200


def test_changes_only_from_the_page_itself(client: TestClient) -> None:
    body = json.dumps({"exercise": "pull-ups"})
    json_type = {"content-type": "application/json"}
    foreign = client.post(
        "/api/entry", content=body, headers={**json_type, "origin": "http://evil.example"}
    )
    assert foreign.status_code == 403
    assert client.get("/api/search", headers={"origin": "http://evil.example"}).status_code == 403
    bare = TestClient(client.app, base_url=OWN)
    assert bare.post("/api/entry", content=body, headers=json_type).status_code == 403
    as_form = client.post(
        "/api/entry", content="exercise=pull-ups", headers={"content-type": "text/plain"}
    )
    assert as_form.status_code == 415


def test_no_change_on_get_and_no_read_by_post(client: TestClient) -> None:
    for url in ("/api/entry", "/api/preview", "/api/packet", "/api/program", "/api/open"):
        assert client.get(url).status_code == 405
    assert client.post("/api/search", json={}).status_code == 405


def test_caps_on_size_and_exercises(client: TestClient) -> None:
    huge = {"program": form(notes="x" * 600_000)}
    assert client.post("/api/preview", json=huge).status_code == 413
    many = [entry("pull-ups", sets="3") for _ in range(101)]
    answer = post(client, "/api/preview", {"program": form(weeks=[{"days": [{"entries": many}]}])})
    assert answer.status_code == 422
    assert "at most 100 exercises" in answer.json()["error"]
    for broken in ("not json", "[1, 2]", '{"program": 3}'):
        sent = client.post(
            "/api/preview", content=broken, headers={"content-type": "application/json"}
        )
        assert sent.status_code == 400
    assert post(client, "/api/preview", {"program": {"weeks": "x"}}).status_code == 422


def test_an_exercise_added_or_edited_while_serving_is_found(
    client: TestClient, content: Path
) -> None:
    added = content / "exercises" / "wall-sit.md"
    added.write_text(
        "---\nname: Wall Sit\nmuscles:\n  primary: [quads]\n---\n\n"
        "## Instructions\n\n- Slide down the wall and hold.\n",
        encoding="utf-8",
    )
    try:
        found = client.get("/api/search", params={"q": "wall sit"}).json()["results"]
        assert [row["slug"] for row in found] == ["wall-sit"]
        assert post(client, "/api/entry", {"exercise": "wall-sit"}).status_code == 200
        added.write_text(added.read_text().replace("Wall Sit", "Wall Squat Hold"))
        found = client.get("/api/search", params={"q": "wall"}).json()["results"]
        assert [row["name"] for row in found] == ["Wall Squat Hold"]
    finally:
        added.unlink()
    assert client.get("/api/search", params={"q": "wall"}).json()["total"] == 0
