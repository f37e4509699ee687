"""The web page's preview: how long after a change the coach sees the new pages.

Two figures for the shipped 8-exercise program (content/programs/lower-body-strength.yaml):

1. CPU per change, round-robin against ``api.render_packet`` (the packet without the page):
   the page's whole task for a change (form -> program file -> packet -> its first two pages
   as images, all the work a change costs) and one page image on its own.
2. Wall time through a real ``coachcards serve`` on loopback, warm: a change is a POST of the
   program with a new client name, then the first two page images, fetched at once as the
   browser does. The target is 300 ms.

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

    pdf = engine.packet(to_yaml(form).text, "program.yaml", settings).data
    variants = [
        Variant("api.render_packet (baseline)", baseline),
        Variant("page: a change (+2 images)", page_task),
        Variant("page: one page image", lambda: engine.page_image(pdf, 0)),
    ]
    print(report(compare(variants, rounds=5, repeat=3), baseline="api.render_packet (baseline)"))


def wall_figures(form: dict[str, object], changes: int) -> list[float]:
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--no-browser"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    address = re.search(r"http://[\d.]+:\d+/", server.stdout.readline())
    assert address, "serve printed no address"
    base = address.group(0).rstrip("/")
    times: list[float] = []
    try:
        with ThreadPoolExecutor(2) as browser:
            for number in range(changes + 3):  # the first three warm the workers
                body = json.dumps({"program": form | {"client": f"Client {number}"}}).encode()
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
                if number >= 3:
                    times.append(time.perf_counter() - start)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(60)
    return times


def main() -> int:
    changes = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    form = showcase_form()
    print(f"program: {PROGRAM.name}, {entry_count(form)} exercises")
    cpu_figures(form)
    times = wall_figures(form, changes)
    ms = sorted(t * 1000 for t in times)
    load = os.getloadavg()[0]
    print(f"load average during the run: {load:.1f} on {os.cpu_count()} cores (others' work too)")
    print(
        f"change -> preview with its first two pages (wall, warm, {len(ms)} changes): "
        f"min {ms[0]:.0f} ms  median {statistics.median(ms):.0f} ms  max {ms[-1]:.0f} ms  "
        f"target {TARGET_MS} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
