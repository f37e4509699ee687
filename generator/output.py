"""Atomic writes: a reader sees the old file or the new one, never half of one.

The bytes are complete in memory before anything touches disk; they go to a temporary file in
the target's own folder (so the rename cannot cross file systems), are flushed to disk, then
renamed over the target. Any failure, Ctrl-C or SIGTERM included, removes the temporary file
and leaves an earlier good file as it was.

Only regular files are written, and only over a file of the same kind: a PDF replaces a PDF, a
PNG a PNG. So ``-o`` naming a device, a folder or an input (the exercise's own ``.md``, a
program, a photo) is refused instead of destroying it. New files get the permissions the
umask gives (a 0600 habit stays private); a replaced file keeps its own.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import CoachcardsError
from generator.launch import Terminated

__all__ = ["Terminated", "folder_lock", "safe_name", "write_atomic"]

MAX_NAME_BYTES = 200  # file systems allow 255; leave room for suffixes and numbering
_KINDS = {b"%PDF-": "a PDF", b"\x89PNG\r\n\x1a\n": "a PNG image"}


def safe_name(path: Path) -> Path:
    """The path, its file name shortened (still unique) if a file system would refuse it."""
    name = path.name
    if len(name.encode("utf-8")) <= MAX_NAME_BYTES:
        return path
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    suffix = path.suffix if len(path.suffix) <= 10 else ""
    stem = name[: len(name) - len(suffix)]
    while len(f"{stem}-{digest}{suffix}".encode()) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return path.with_name(f"{stem.rstrip('-. ')}-{digest}{suffix}")


def check_target(path: Path, data: bytes) -> None:
    """Refuse to replace anything but a regular file of the kind about to be written."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise CoachcardsError.single(path, f"cannot write: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise CoachcardsError.single(path, "not a regular file: coachcards writes only files")
    for magic, kind in _KINDS.items():
        if data.startswith(magic):
            try:
                with path.open("rb") as existing:
                    same_kind = existing.read(len(magic)) == magic
            except OSError as exc:
                raise CoachcardsError.single(path, f"cannot write: {exc.strerror}") from None
            if not same_kind:
                raise CoachcardsError.single(
                    path, f"exists and is not {kind}: choose another output name (not replaced)"
                )


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` (its name shortened if too long); return the path written."""
    path = safe_name(path)
    check_target(path, data)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=".cc-", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise CoachcardsError.single(path, f"cannot write: {exc.strerror or exc}") from None
    temp = Path(temp_name)
    try:
        os.fchmod(handle, _mode_for(path))
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise CoachcardsError.single(path, f"cannot write: {exc.strerror or exc}") from None
        raise
    return path


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the output folder for one build at a time; a second build is refused, not mixed in."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = os.open(folder / ".coachcards.lock", os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise CoachcardsError.single(folder, f"cannot write: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CoachcardsError.single(
                folder, "another build is writing to this folder; wait for it to finish"
            ) from None
        yield
    finally:
        os.close(handle)  # closing releases the lock
