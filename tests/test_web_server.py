"""`coachcards serve` as a coach starts it, and the render pool's limits."""

from __future__ import annotations

import asyncio
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import ROOT
from web_helpers import die, echo, hog, spin

from generator.web.pool import MAX_WAITING, Busy, RenderPool, Stopped, Superseded

COACHCARDS = Path(sys.executable).with_name("coachcards")


def start(*args: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [str(COACHCARDS), "serve", "--no-browser", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.\d:(\d+)/", line)
    assert found, line + (process.stderr.read() if process.stderr else "")
    return process, found.group(0)


def test_serve_prints_its_address_answers_and_stops_cleanly_on_ctrl_c() -> None:
    process, address = start()
    try:
        with urllib.request.urlopen(address, timeout=60) as answer:
            assert answer.status == 200
            assert b"Search exercises" in answer.read()
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "coachcards serve: stopped" in out
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


def test_serve_on_a_port_in_use_says_so() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run(
            [str(COACHCARDS), "serve", "--no-browser", "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stderr.startswith(f"127.0.0.1:{port}: cannot listen: ")
    assert "Traceback" not in result.stderr


def test_serve_with_an_unknown_theme_says_so_before_starting() -> None:
    result = subprocess.run(
        [str(COACHCARDS), "serve", "--no-browser", "--theme", "nosuch"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("--theme"), result.stderr
    assert "nosuch" in result.stderr and "Traceback" not in result.stderr
    assert "http://" not in result.stdout


def test_another_address_only_when_asked_and_with_a_warning(tmp_path: Path) -> None:
    # 127.0.0.2 is still this machine (the loopback range): no port is opened to the network
    process, address = start("--host", "127.0.0.2")
    try:
        assert address.startswith("http://127.0.0.2:")
        with urllib.request.urlopen(address, timeout=60) as answer:
            assert answer.status == 200
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert err.startswith("warning: listening on 127.0.0.2: other computers on the network")
    for args, message in (
        (["--port", "70000"], "--port: port must be from 0 to 65535"),
        (["--content", str(tmp_path)], "no 'exercises' folder here"),
    ):
        result = subprocess.run(
            [str(COACHCARDS), "serve", "--no-browser", *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 1 and message in result.stderr


def test_the_pool_refuses_work_beyond_its_queue_and_drops_stale_previews() -> None:
    release = threading.Event()

    def blocked() -> str:
        release.wait(30)
        return "done"

    async def scenario() -> None:
        with ThreadPoolExecutor(1) as threads:
            pool = RenderPool(1, threads)
            first = asyncio.ensure_future(pool.run(blocked))
            await asyncio.sleep(0.05)
            stale = asyncio.ensure_future(pool.run(blocked, lane="preview"))
            fresh = asyncio.ensure_future(pool.run(blocked, lane="preview"))
            waiting = [asyncio.ensure_future(pool.run(blocked)) for _ in range(MAX_WAITING - 2)]
            await asyncio.sleep(0.05)
            with pytest.raises(Busy):
                await pool.run(blocked)
            release.set()
            assert await first == "done"
            with pytest.raises(Superseded):
                await stale
            assert await fresh == "done"
            assert await asyncio.gather(*waiting) == ["done"] * (MAX_WAITING - 2)
            assert pool.waiting == 0

    asyncio.run(scenario())


def test_a_runaway_render_is_stopped_with_a_message_and_the_pool_goes_on() -> None:
    """Workers have the CLI's bounds: a time limit per task, the memory ceiling, and a worker
    that dies is replaced; every time the next render works."""

    async def scenario() -> None:
        pool = RenderPool(1, seconds=2)
        try:
            assert await pool.run(echo, "warm") == "warm"
            for task, message in (
                (spin, "stopped: making this took longer than 2 s"),
                (hog, "stopped: making this needed more than 4 GiB of memory"),
                (die, "stopped: the render's worker ended unexpectedly"),
            ):
                with pytest.raises(Stopped) as stopped:
                    await pool.run(task)
                assert str(stopped.value).startswith(message)
                assert await pool.run(echo, "next") == "next"
        finally:
            pool.close()

    asyncio.run(scenario())


def test_a_stopped_preview_is_shown_as_a_problem_not_a_server_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from starlette.testclient import TestClient
    from web_helpers import form, make_content

    from generator.web import engine
    from generator.web.app import create_app
    from generator.web.guard import allowed_hosts
    from generator.web.server import build

    def runaway(*args: object) -> None:
        raise MemoryError

    monkeypatch.setattr(engine, "preview", runaway)
    site = build(make_content(tmp_path / "content"), None, None, content_given=True)
    site.hosts = allowed_hosts("127.0.0.1", 8765)
    own = "http://127.0.0.1:8765"
    with ThreadPoolExecutor(1) as threads:
        app = create_app(site, RenderPool(1, threads))
        with TestClient(app, base_url=own, headers={"origin": own}) as client:
            answer = client.post("/api/preview", json={"program": form()})
            assert answer.status_code == 422
            assert "needed more than 4 GiB of memory" in answer.json()["error"]
            assert client.get("/api/search", params={"q": "squat"}).status_code == 200
