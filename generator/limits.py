"""A wall-clock limit for work that content or templates could make endless.

SIGALRM is the one way to interrupt pure-Python work (a template's nested loops, a layout)
without a second process. It works only in the main thread; elsewhere the limit is not armed and
other caps (output size, text length) still bound the work.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class TimeLimitExceeded(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    armed = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if not armed or seconds <= 0:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeLimitExceeded()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
