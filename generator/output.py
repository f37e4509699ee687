"""Atomic writes: a reader sees the old file or the new one, never half of one.

The bytes are complete in memory before anything touches disk; they go to a temporary file in
the target's own folder (so the rename cannot cross file systems), are flushed to disk, then
renamed over the target. Any failure, Ctrl-C included, removes the temporary file and leaves an
earlier good file as it was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from generator.errors import CoachcardsError


def write_atomic(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as exc:
        raise CoachcardsError.single(path, f"cannot write: {exc.strerror or exc}") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise CoachcardsError.single(path, f"cannot write: {exc.strerror or exc}") from None
        raise
