"""Python's cycle collector waits while a document is made.

A card's flowables, styles and fit model (tens of thousands of small objects) all live until
the card is written. Python's cycle collector runs every 700 new objects and scans the young
ones that are still alive, so it scanned a card's working set again and again: about 1 ms of a
14 ms card, measured, where the plain reportlab baseline of ``make bench`` pays nothing. While
a document is made the collector waits; what the document leaves behind is freed by reference
counting as ever, and its few cycles (about 700 objects a card) at the collector's next run.

The pause is counted, so documents made at once in several threads pause it once and the last
one to finish starts it again; a collector the host program had switched off stays off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0  # documents being made now
_we_disabled = False  # whether the first of them switched the collector off


@contextmanager
def paused() -> Iterator[None]:
    """The cycle collector waits inside; it runs again when the last document is made."""
    global _paused, _we_disabled
    with _lock:
        if _paused == 0:
            _we_disabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _we_disabled:
                gc.enable()
