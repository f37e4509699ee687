"""Bounds on work that content or templates could make endless or huge.

Time: SIGALRM is the one way to interrupt pure-Python work (a template's nested loops, a layout)
without a second process. Limits nest: each ``time_limit`` adds a deadline, the timer is always
armed for the earliest one, and leaving an inner limit re-arms the outer one (an inner limit
must never disarm the build's limit for the rest of the layout). Each limit raises its own
``TimeLimitExceeded``, so a template's limit does not swallow the build's. Only the main thread
can be interrupted; elsewhere the other caps (output size, text length, memory) still bound the
work.

Memory: ``cap_memory`` sets an address-space ceiling on the process (build workers, and the
command line itself), so a runaway allocation ends in MemoryError, reported, not in swapping.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

DOCUMENT_SECONDS = 60.0
MEMORY_BYTES = 4 * 1024**3


class TimeLimitExceeded(Exception):
    def __init__(self, limit: Limit) -> None:
        super().__init__(f"still running after {limit.seconds:g} s")
        self.limit = limit


class Limit:
    """One armed deadline; ``exc.limit is limit`` tells whose time ran out."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds


_active: list[Limit] = []
_previous_handler: Any = None


def _expire(signum: int, frame: object) -> None:
    now = time.monotonic()
    due = [limit for limit in _active if limit.deadline <= now + 1e-3]
    if not due:  # woken early (a limit was left meanwhile): wait for the next one
        _arm()
        return
    raise TimeLimitExceeded(min(due, key=lambda limit: limit.deadline))


def _arm() -> None:
    if not _active:
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    remaining = min(limit.deadline for limit in _active) - time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, max(remaining, 1e-4))


@contextmanager
def time_limit(seconds: float) -> Iterator[Limit]:
    """Raise TimeLimitExceeded (carrying this limit) if the block runs over ``seconds``."""
    global _previous_handler
    limit = Limit(seconds)
    armed = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if not armed or seconds <= 0:
        yield limit
        return
    if not _active:
        _previous_handler = signal.signal(signal.SIGALRM, _expire)
    _active.append(limit)
    _arm()
    try:
        yield limit
    finally:
        _active.remove(limit)
        if _active:
            _arm()  # the outer limit keeps its own deadline (fires at once if already past)
        else:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, _previous_handler)


def cap_memory(limit: int = MEMORY_BYTES) -> None:
    """An address-space ceiling for this process (never raised above what it already is)."""
    try:
        import resource
    except ImportError:  # not on this platform
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    if soft == resource.RLIM_INFINITY or soft > wanted:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
