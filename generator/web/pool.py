"""Renders run in worker processes, a few at a time, so the page never waits on the event loop.

A render takes tens or hundreds of milliseconds of CPU; done on the event loop it would freeze
every other request (search, thumbnails) while it runs. The workers are started with ``spawn``
(no state inherited from a server that already runs threads) and ignore Ctrl-C, which the
server handles by shutting them down itself. At most ``workers`` renders run at once and at
most ``MAX_WAITING`` wait; beyond that the page is told the server is busy, never queued for
minutes.

Workers have the command line's bounds: the same address-space ceiling (``cap_memory``) and a
time limit on every task, so a runaway render ends in a message the page shows. A worker that
dies anyway (killed, or a crash in a C library) does not take the page down: the pool is
started again and the request that was running is told what happened.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import signal
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from generator.limits import DOCUMENT_SECONDS, MEMORY_BYTES

MAX_WAITING = 8
TASK_SECONDS = DOCUMENT_SECONDS  # a packet, card or page image: as long as one CLI document
T = TypeVar("T")


class Busy(Exception):
    """Too many renders are already waiting."""


class Superseded(Exception):
    """A newer preview was asked for before this one started: its answer would be stale."""


class Stopped(Exception):
    """A render was stopped (too long, too much memory, its worker died): what the page says."""


def _worker_start() -> None:
    """Ctrl-C is the server's to handle; memory is capped as for every CLI worker."""
    from generator.limits import cap_memory

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    cap_memory()


def _bounded(seconds: float, fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` in a worker, within ``seconds`` and the memory ceiling."""
    from generator.limits import TimeLimitExceeded, time_limit

    limit = None
    try:
        with time_limit(seconds) as limit:
            return fn(*args)
    except TimeLimitExceeded as exc:
        if exc.limit is not limit:
            raise
        raise Stopped(f"stopped: making this took longer than {seconds:g} s") from None
    except MemoryError:
        gib = MEMORY_BYTES // 1024**3
        raise Stopped(f"stopped: making this needed more than {gib} GiB of memory") from None


class RenderPool:
    def __init__(
        self, workers: int, executor: Executor | None = None, seconds: float = TASK_SECONDS
    ) -> None:
        self.workers = max(1, workers)
        self.seconds = seconds
        self.executor = executor or self._start()
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
                executor = self.executor
                try:
                    return await loop.run_in_executor(executor, _bounded, self.seconds, fn, *args)
                except BrokenProcessPool:
                    self._restart(executor)
                    raise Stopped(
                        "stopped: the render's worker ended unexpectedly (out of memory?); "
                        "the server started a new one, try again"
                    ) from None
        finally:
            if queued:  # cancelled while waiting (the page went away)
                self.waiting -= 1

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_start,
        )

    def _restart(self, broken: Executor) -> None:
        """A new pool in place of a broken one (once, however many renders saw it break)."""
        if self.executor is broken:
            broken.shutdown(wait=False, cancel_futures=True)
            self.executor = self._start()

    def close(self) -> None:
        """Stop at once: renders write nothing, so a worker cut off mid-render loses nothing."""
        # the pool's own processes (no public handle): an injected executor has none
        workers = list((getattr(self.executor, "_processes", None) or {}).values())
        self.executor.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(10)
