"""Starting and stopping ``coachcards serve``: a socket on loopback, uvicorn, a render pool.

The socket is bound here (port 0 asks the system for a free one) so the address printed, the
address opened in the browser and the address the guard accepts are the same. Ctrl-C makes
uvicorn finish the requests it has, then the pool's workers are shut down; nothing is left
running.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import threading
import webbrowser
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from generator.web.guard import allowed_hosts
from generator.web.site import Site

WORKERS = 2
SHOWCASE = "lower-body-strength.yaml"  # rendered once at start so the first preview is warm


def build(content: Path, templates: Path | None, theme: str | None, content_given: bool) -> Site:
    from generator.web.library import Library

    return Site(content, templates, theme, Library.load(content), content_given)


def make_app(site: Site, workers: int = WORKERS, warm: bool = True) -> Any:
    """The guarded app with its pool, started and stopped with the app (its lifespan)."""
    from starlette.applications import Starlette

    from generator.web.app import create_app
    from generator.web.pool import RenderPool

    holder: dict[str, Any] = {}

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        pool = RenderPool(workers)
        holder["pool"] = pool
        holder["app"] = create_app(site, pool)
        warming = asyncio.ensure_future(_warm(site, pool)) if warm else None
        try:
            yield
        finally:
            if warming is not None:
                warming.cancel()
            pool.close()

    async def app(scope: dict[str, Any], receive: Callable[..., Any], send: Any) -> None:
        if scope["type"] == "lifespan":
            await Starlette(lifespan=lifespan)(scope, receive, send)
            return
        await holder["app"](scope, receive, send)

    return app


async def _warm(site: Site, pool: Any) -> None:
    from generator.paths import builtin_content
    from generator.web import engine

    example = builtin_content() / "programs" / SHOWCASE
    if not example.is_file():
        return
    text = example.read_text(encoding="utf-8")
    with contextlib.suppress(Exception):  # warming is a courtesy; a real request reports problems
        await asyncio.gather(
            *(pool.run(engine.warm, site.settings, text, SHOWCASE) for _ in range(pool.workers))
        )


def serve(
    site: Site,
    host: str,
    port: int,
    open_browser: bool,
    say: Callable[[str], None],
) -> None:
    import uvicorn

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(64)
    bound = sock.getsockname()[1]
    extra: set[str] = set()
    if host in ("0.0.0.0", "::"):
        name = socket.gethostname()
        extra = {name, *_addresses(name)}
    site.hosts = allowed_hosts(host, bound, extra)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    shown = f"[{shown}]" if ":" in shown else shown
    address = f"http://{shown}:{bound}/"
    config = uvicorn.Config(
        make_app(site, min(WORKERS, os.cpu_count() or 1)),
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=3,
    )
    server = uvicorn.Server(config)
    say(f"coachcards serve: {address}  (Ctrl-C to stop)")
    if open_browser:
        threading.Timer(0.5, webbrowser.open, (address,)).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn has shut down; Ctrl-C is how a coach stops the page
        pass
    finally:
        sock.close()
    say("coachcards serve: stopped")


def _addresses(name: str) -> set[str]:
    with contextlib.suppress(OSError):
        return set(socket.gethostbyname_ex(name)[2])
    return set()
