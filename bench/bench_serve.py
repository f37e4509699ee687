"""The web page's preview: how long after a change the coach sees the new pages.

Two figures for the shipped 8-exercise program (content/programs/lower-body-strength.yaml):

1. CPU per change, round-robin against ``api.render_packet`` (the packet without the page):
   the page's whole task for a change (form -> program file -> packet -> its first two pages
   as images, all the work a change costs), the same task as session 2 did it (tagged packet,
   Pillow's PNG encoder), and one page image on its own.
2. Wall time through a real ``coachcards serve`` on loopback, warm: a change is a POST of the
   program, then the first two page images, fetched at once as the browser does. Two kinds of
   change: a new client name (on the cover and in every footer: every page changes) and new
   reps for one exercise (the schedule and log change; the cover and contents do not). The
   target is 300 ms.

Usage: python bench/bench_serve.py [CHANGES]
"""

from __future__ import annotations

import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from harness import Variant, compare, report

from generator import api
from generator.paths import builtin_content
from generator.web import engine
from generator.web.programs import entry_count, to_yaml

TARGET_MS = 300
CONTENT = builtin_content()
PROGRAM = CONTENT / "programs" / "lower-body-strength.yaml"


def showcase_form() -> dict[str, object]:
    """The shipped program as the page's form, read the way Open reads it."""
    form, outcome = engine.program_form(
        PROGRAM.read_text(encoding="utf-8"), PROGRAM.name, str(CONTENT)
    )
    assert form is not None, outcome.problems
    return form | {"theme": "default", "size": ""}


def one_image(pdf: bytes) -> None:
    engine._pngs.clear()  # a page this worker has not drawn before
    engine.page_image(pdf, 0)


def cpu_figures(form: dict[str, object]) -> None:
    settings = engine.Settings(str(CONTENT))
    counter = iter(range(10**9))
    folder = Path(tempfile.mkdtemp(prefix="bench-serve-"))

    def renamed() -> dict[str, object]:
        return form | {"client": f"Client {next(counter)}"}

    def baseline() -> None:
        path = folder / "program.yaml"
        path.write_text(to_yaml(renamed()).text, encoding="utf-8")
        api.render_packet(path, content=CONTENT)

    def page_task() -> None:
        outcome = engine.preview(to_yaml(renamed()).text, "program.yaml", settings)
        assert len(outcome.images) == engine.FIRST_PAGES, outcome.problems

    def session_2_task() -> None:
        """How session 2 made a preview: the tagged packet, Pillow's PNG of each first page."""
        import io

        import pypdfium2

        outcome = engine.packet(to_yaml(renamed()).text, "program.yaml", settings)
        document = pypdfium2.PdfDocument(outcome.data)
        for number in range(engine.FIRST_PAGES):
            page = document[number]
            image = page.render(scale=engine.PREVIEW_WIDTH / page.get_width()).to_pil()
            image.save(io.BytesIO(), format="PNG", compress_level=1)
        document.close()

    pdf = engine.packet(to_yaml(form).text, "program.yaml", settings).data
    variants = [
        Variant("api.render_packet (baseline)", baseline),
        Variant("page: a change (+2 images)", page_task),
        Variant("before: session 2's task", session_2_task),
        Variant("page: one page image", lambda: one_image(pdf)),
    ]
    print(report(compare(variants, rounds=5, repeat=3), baseline="api.render_packet (baseline)"))


def renamed(form: dict[str, object], number: int) -> dict[str, object]:
    return form | {"client": f"Client {number}"}


def new_reps(form: dict[str, object], number: int) -> dict[str, object]:
    """The first exercise's reps changed (every change differs from the last)."""
    program = json.loads(json.dumps(form))
    program["weeks"][0]["days"][0]["entries"][0]["reps"] = str(1 + number % 20)
    return program


def wall_figures(form: dict[str, object], changes: int) -> dict[str, list[float]]:
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--no-browser"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    address = re.search(r"http://[\d.]+:\d+/", server.stdout.readline())
    assert address, "serve printed no address"
    base = address.group(0).rstrip("/")
    kinds = {"new client name": renamed, "new reps": new_reps}
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    try:
        with ThreadPoolExecutor(2) as browser:
            for number in range(2 * changes + 4):  # the first four warm the workers
                kind = list(kinds)[number % 2]
                body = json.dumps({"program": kinds[kind](form, number)}).encode()
                request = urllib.request.Request(
                    f"{base}/api/preview",
                    data=body,
                    headers={"content-type": "application/json", "origin": base},
                )
                start = time.perf_counter()
                with urllib.request.urlopen(request, timeout=120) as answer:
                    preview = json.loads(answer.read())
                assert not preview["problems"], preview["problems"]
                urls = [f"{base}/preview/{preview['token']}/{n}.png" for n in (1, 2)]
                list(browser.map(lambda url: urllib.request.urlopen(url, timeout=120).read(), urls))
                if number >= 4:
                    times[kind].append(time.perf_counter() - start)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(60)
    return times


def main() -> int:
    changes = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    form = showcase_form()
    print(f"program: {PROGRAM.name}, {entry_count(form)} exercises")
    cpu_figures(form)
    before = os.getloadavg()[0]
    times = wall_figures(form, changes)
    load = os.getloadavg()[0]
    print(
        f"load average: {before:.1f} before, {load:.1f} after the run, on {os.cpu_count()} "
        "cores (others' work too)"
    )
    print(f"change -> preview with its first two pages (wall, warm), target {TARGET_MS} ms:")
    for kind, seconds in times.items():
        ms = sorted(t * 1000 for t in seconds)
        print(
            f"  {kind:16s} ({len(ms)} changes): min {ms[0]:.0f} ms  "
            f"median {statistics.median(ms):.0f} ms  max {ms[-1]:.0f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
