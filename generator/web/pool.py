"""Renders run in worker processes, a few at a time, so the page never waits on the event loop.

A render takes tens or hundreds of milliseconds of CPU; done on the event loop it would freeze
every other request (search, thumbnails) while it runs. The workers are started with ``spawn``
(no state inherited from a server that already runs threads) and ignore Ctrl-C, which the
server handles by shutting them down itself. At most ``workers`` renders run at once and at
most ``MAX_WAITING`` wait; beyond that the page is told the server is busy, never queued for
minutes.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import signal
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any, TypeVar

MAX_WAITING = 8
T = TypeVar("T")


class Busy(Exception):
    """Too many renders are already waiting."""


class Superseded(Exception):
    """A newer preview was asked for before this one started: its answer would be stale."""


def _quiet_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class RenderPool:
    def __init__(self, workers: int, executor: Executor | None = None) -> None:
        self.workers = max(1, workers)
        self.executor = executor or ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_quiet_worker,
        )
        self.running = asyncio.Semaphore(self.workers)
        self.waiting = 0
        self.latest: dict[str, int] = {}

    async def run(self, fn: Callable[..., T], *args: Any, lane: str | None = None) -> T:
        """``fn(*args)`` in a worker. With a ``lane``, a call that a newer call in the same lane
        overtook while it waited is dropped (Superseded) instead of rendering a stale preview."""
        ticket = 0
        if lane is not None:
            ticket = self.latest.get(lane, 0) + 1
            self.latest[lane] = ticket
        if self.waiting >= MAX_WAITING:
            raise Busy
        self.waiting += 1
        queued = True
        try:
            async with self.running:
                self.waiting -= 1
                queued = False
                if lane is not None and self.latest[lane] != ticket:
                    raise Superseded
                loop = asyncio.get_running_loop()
                return await loop.run_in_executor(self.executor, fn, *args)
        finally:
            if queued:  # cancelled while waiting (the page went away)
                self.waiting -= 1

    def close(self) -> None:
        """Stop at once: renders write nothing, so a worker cut off mid-render loses nothing."""
        # the pool's own processes (no public handle): an injected executor has none
        workers = list((getattr(self.executor, "_processes", None) or {}).values())
        self.executor.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(10)
