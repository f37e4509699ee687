"""The ``coachcards`` program's entry point: signals and limits first, then the commands.

Ctrl-C in the first moments (while the command line loads) and SIGTERM at any time end the
run as Ctrl-C does later: no traceback, temporary files removed, earlier files intact. The
process gets its memory ceiling before any content is read. This module imports nothing at
load time, so the window before its handlers are in place is as short as it can be.
"""

from __future__ import annotations


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: temporary files removed, earlier files intact."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated()


def _redeliver(unraisable: object) -> None:
    """A stop that landed inside a callback Python cannot raise from (an import lock's weakref
    callback) is swallowed with an "Exception ignored" traceback; send it again instead, so it
    is raised in ordinary code and ends the run as any other Ctrl-C or SIGTERM."""
    import os
    import signal
    import sys

    error = getattr(unraisable, "exc_value", None)
    if isinstance(error, KeyboardInterrupt):
        os.kill(os.getpid(), signal.SIGTERM if isinstance(error, Terminated) else signal.SIGINT)
    else:
        sys.__unraisablehook__(unraisable)  # type: ignore[arg-type]  # only bugs reach here


def main() -> None:
    import sys

    try:
        import signal

        sys.unraisablehook = _redeliver
        signal.signal(signal.SIGTERM, _terminate)
        from generator.limits import cap_memory

        cap_memory()
        from generator.cli import app

        app()
    except KeyboardInterrupt as stop:
        sys.stderr.write("interrupted: no file was left half-written\n")
        sys.exit(143 if isinstance(stop, Terminated) else 130)
