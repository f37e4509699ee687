"""The page in a real browser: a coach's first program, start to download, by mouse and keyboard.

Headless Chromium driven by Playwright's Python package, using the system's Chromium (Debian:
``apt-get install chromium``); Playwright downloads no browser. Without a Chromium the test is
skipped and says so. With ``COACHCARDS_SCREENSHOT=1`` it also refreshes the README's picture of
the page (docs/images/web-page.png).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from conftest import ROOT
from web_helpers import make_content

CHROMIUM = next(
    (
        found
        for found in (
            os.environ.get("COACHCARDS_CHROMIUM"),
            shutil.which("chromium"),
            shutil.which("chromium-browser"),
            shutil.which("google-chrome"),
        )
        if found
    ),
    None,
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium on this machine: install it (Debian: apt-get install chromium) "
    "to run the browser test",
)
COACHCARDS = Path(sys.executable).with_name("coachcards")
SCREENSHOT = ROOT / "docs" / "images" / "web-page.png"


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_content(tmp_path_factory.mktemp("browser") / "content", whole_library=True)


@pytest.fixture(scope="module")
def address(content: Path) -> Iterator[str]:
    process = subprocess.Popen(
        [str(COACHCARDS), "serve", "--no-browser", "--content", str(content)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+/", line)
    try:
        assert found, line
        yield found.group(0)
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, err


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, address: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    # axe is injected as a script, which the page's own policy (script-src 'self') refuses
    context = browser.new_context(
        viewport={"width": 1440, "height": 1000},
        accept_downloads=True,
        bypass_csp="axe" in request.node.name,
    )
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.goto(address)
    yield opened
    context.close()
    assert errors == [], errors


def _preview_settled(page: Any) -> None:
    """The preview of the latest change is shown: the page marks #pages busy from the change
    on (not from the request), so old pages are never taken for new ones."""
    page.wait_for_function(
        """() => {
            const pages = document.querySelector('#pages');
            const images = [...pages.querySelectorAll('img')].slice(0, 4);
            return !pages.hasAttribute('aria-busy') && images.length > 0
                && images.every((image) => image.complete && image.naturalWidth > 0);
        }""",
        timeout=120_000,
    )


def _search(page: Any, text: str) -> None:
    """Type a search and wait for its own results (#results is busy until they are shown)."""
    page.get_by_label("Search exercises").fill(text)
    page.wait_for_function(
        "() => !document.querySelector('#results').hasAttribute('aria-busy')", timeout=60_000
    )


def _days(page: Any) -> list[str]:
    return [
        str(name)
        for name in page.locator("section.day").evaluate_all(
            "days => days.map((day) => day.getAttribute('aria-label'))"
        )
    ]


def _focused(page: Any) -> str:
    return str(page.evaluate("document.activeElement.getAttribute('aria-label')"))


def test_a_coach_builds_a_program_previews_and_downloads_it(
    page: Any, content: Path, tmp_path: Path
) -> None:
    _search(page, "squat")
    page.get_by_role("button", name="Add Barbell Squat").click()
    page.get_by_role("heading", name="Barbell Squat").wait_for()
    page.get_by_role("button", name="Add Squats: Dumbbells", exact=True).click()
    page.get_by_role("heading", name="Squats: Dumbbells").wait_for()
    page.get_by_label("Sets", exact=True).nth(0).fill("4")
    page.get_by_label("Reps", exact=True).nth(0).fill("6-8")
    page.get_by_label("Sets", exact=True).nth(1).fill("3")
    page.get_by_label("Reps", exact=True).nth(1).fill("12")

    # a second day, named, with an exercise, then moved before the first one from the keyboard
    page.get_by_role("button", name="Add a day").click()
    page.get_by_label("Day name").nth(1).fill("Pull day")
    page.get_by_label("Add to").select_option("0.1")
    _search(page, "pull ups")
    page.get_by_role("button", name="Add Pull Ups", exact=True).click()
    page.get_by_role("heading", name="Pull Ups").wait_for()
    assert _days(page) == ["Day 1", "Pull day"]
    page.get_by_role("button", name="Move Pull day up").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('section.day').ariaLabel === 'Pull day'")
    assert _days(page) == ["Pull day", "Day 1"]
    assert _focused(page) == "Move Pull day down"  # "up" is off at the top: focus stays near
    assert page.get_by_role("button", name="Move Pull day up").is_disabled()
    # and an exercise within its day
    page.get_by_role("button", name="Move Barbell Squat down").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => [...document.querySelectorAll('section.day')][1].querySelector('h3')"
        ".textContent === 'Squats: Dumbbells'"
    )
    assert _focused(page) == "Move Barbell Squat up"
    with page.expect_response(
        lambda answer: (
            answer.url.endswith("/api/preview") and "Ana D" in (answer.request.post_data or "")
        )
    ):
        page.get_by_label("Client", exact=True).fill("Ana Díaz")
    _preview_settled(page)
    shown = page.locator("#page-count").inner_text()
    pages = int(shown.split()[0])
    assert page.locator("#pages img").count() == pages
    assert page.locator(".error:visible").count() == 0

    page.wait_for_function(  # the library's thumbnails too, for the picture
        "() => [...document.querySelectorAll('#results img')]"
        ".every((image) => image.complete && image.naturalWidth > 0)",
        timeout=60_000,
    )
    page.evaluate("window.scrollTo(0, 0)")
    if os.environ.get("COACHCARDS_SCREENSHOT"):
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))
    else:
        page.screenshot(path=str(tmp_path / "web-page.png"))

    with page.expect_download() as packet_download:
        page.get_by_role("button", name="Download packet").click()
    packet = tmp_path / "packet.pdf"
    packet_download.value.save_as(packet)
    assert packet_download.value.suggested_filename == "ana-diaz.pdf"
    reader = pypdf.PdfReader(packet)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Ana Díaz" in text and "Barbell Squat" in text and "Squats: Dumbbells" in text
    assert "Pull Ups" in text
    assert len(reader.pages) == pages

    with page.expect_download() as program_download:
        page.get_by_role("button", name="Download program").click()
    program = tmp_path / program_download.value.suggested_filename
    program_download.value.save_as(program)
    assert program.name == "ana-diaz.yaml"
    text = program.read_text(encoding="utf-8")
    assert text.index('"Pull day"') < text.index('"Day 1"')  # the order the coach moved to
    assert text.index("squats-using-dumbbells") < text.index("barbell-squat")
    made = tmp_path / "from-cli.pdf"
    result = subprocess.run(
        [str(COACHCARDS), "packet", str(program), "--content", str(content), "-o", str(made)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert made.read_bytes() == packet.read_bytes()


def test_problems_show_next_to_their_field_and_a_refused_card_with_its_advice(page: Any) -> None:
    _search(page, "pull")
    page.get_by_role("button", name=re.compile("^Add Pull")).first.click()
    page.get_by_label("Client", exact=True).fill("Ben")
    page.get_by_label("Sets", exact=True).nth(0).fill("forty")
    error = page.locator("[id='err-w0.d0.e0.sets']")
    error.wait_for(state="visible", timeout=120_000)
    assert re.fullmatch(
        r"ben\.yaml:\d+: sets must be a whole number from 1 to 20", error.inner_text()
    )
    assert page.get_by_label("Sets", exact=True).nth(0).get_attribute("aria-invalid") == "true"

    _search(page, "crowded")
    page.get_by_role("button", name="Download card: Crowded Press").click()
    refusal = page.locator(".result .errors li").first
    refusal.wait_for(timeout=120_000)
    assert refusal.inner_text().startswith("Refused: ")
    assert "the card does not fit on one A5 page" in refusal.inner_text()


def test_the_page_works_from_the_keyboard_and_passes_axe(page: Any) -> None:
    page.get_by_label("Search exercises").focus()
    page.keyboard.type("plank")
    page.get_by_role("button", name="Add Plank Hold").wait_for()
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label')") == "Add Plank Hold":
            break
    else:
        pytest.fail("Tab never reached the Add button")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Plank Hold").wait_for()
    page.get_by_role("button", name="Remove Plank Hold").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Plank Hold").wait_for(state="detached")

    axe = pytest.importorskip("axe_playwright_python")
    page.add_script_tag(path=str(Path(axe.__file__).with_name("axe.min.js")))
    _search(page, "pull down")
    add_names = page.locator("#results button[aria-label^='Add ']").evaluate_all(
        "buttons => buttons.map((b) => b.getAttribute('aria-label'))"
    )
    assert "Add Pull Down: Underhand (Close Grip)" in add_names
    assert len(add_names) == len(set(add_names)) > 3  # every Add button has its own name
    _search(page, "squat")
    page.get_by_role("button", name="Add Barbell Squat").click()
    page.get_by_role("heading", name="Barbell Squat").wait_for()
    page.get_by_role("button", name="Add a day").click()  # the days' move buttons are checked too
    page.get_by_role("button", name="Move Day 2 up").wait_for()
    results = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'best-practice']})"
    )
    problems = [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in results["violations"]
    ]
    assert problems == []
    assert len(results["passes"]) > 20
