"""The one way a file may name another file, and the one way a file may name a thing by name.

Content, themes, programs and datasets come from strangers. When one of them names a file (an
image, a logo, a font, a theme it extends, a dataset's drawing), the name is resolved with
symlinks followed and the result must lie inside the folder it is allowed to read; a name that
leads outside is refused with the same words whether or not the outside file exists, so content
cannot probe the disk. Names that select code or files by convention (a language's labels, a
font package) are checked against a pattern or the installed set, never joined or imported raw.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any

_DRIVE = re.compile(r"^[A-Za-z]:")
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")


class Refused(Exception):
    """Why a named file may not be read; the caller adds ``path:line``."""


class Missing(Refused):
    """The name is acceptable, but no such file is inside the folder."""


def inside(
    root: Path,
    name: str,
    kind: str,
    place: str,
    suffixes: tuple[str, ...] = (),
    base: Path | None = None,
    missing: str = "{kind} '{name}' not found in {root}",
    folder: bool = False,
) -> Path:
    """``name`` (relative to ``base``, by default ``root``) as a real path inside ``root``.

    ``kind`` says what is named ("image", "logo"); ``place`` names the root for the message
    ("the content folder"). The checks run in an order that never depends on what exists
    outside ``root``.
    """
    text = str(name)
    posix = relative_name(text, kind, place, suffixes)
    real_root = root.resolve()
    try:
        target = ((base or root) / Path(*posix.parts)).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        raise Refused(f"{kind} '{text}' leads outside {place}") from None
    if not target.is_relative_to(real_root):
        raise Refused(f"{kind} '{text}' leads outside {place}")
    exists = target.is_dir() if folder else target.is_file()
    if not exists:
        raise Missing(missing.format(kind=kind, name=text, root=root, path=target))
    return target


def relative_name(
    text: str, kind: str, place: str, suffixes: tuple[str, ...] = ()
) -> PurePosixPath:
    """The checks a name passes before any folder is looked at: relative, no '..', its type."""
    if not text.strip() or "\x00" in text:
        raise Refused(f"{kind} '{text}' is not a file name")
    posix = PurePosixPath(text.replace("\\", "/"))
    if posix.is_absolute() or _DRIVE.match(text) or text.startswith(("/", "\\")) or ":" in text:
        raise Refused(f"{kind} '{text}' must be a path inside {place}")
    if ".." in posix.parts:
        raise Refused(f"{kind} '{text}' must not use '..' to leave {place}")
    if suffixes and posix.suffix.lower() not in suffixes:
        raise Refused(f"{kind} '{text}' must be one of: {', '.join(suffixes)}")
    return posix


_installed: dict[str, list[Any]] | None = None


def _distributions(wanted: str, fresh: bool) -> list[Any]:
    """The installed distributions named ``wanted`` (normalised), in ``sys.path`` order.

    Reading every distribution's metadata takes about 0.1 s, and a theme names up to ten font
    packages: the index is read once per process, and again when a name is not found there
    (``fresh``), so a package installed since is still found.
    """
    from importlib import metadata

    global _installed
    if _installed is None or fresh:
        index: dict[str, list[Any]] = {}
        for dist in metadata.distributions():
            name = (dist.metadata.get_all("Name") or [""])[0]
            index.setdefault(re.sub(r"[-_.]+", "_", name).lower(), []).append(dist)
        _installed = index
    return _installed.get(wanted, [])


def script_font_package(name: str) -> Path:
    """The folder of an installed font distribution a theme names for a script.

    As for :func:`font_package`, nothing is imported: only ``fontpkg-*`` distributions and the
    ``justmytype-intl-*`` font packs (Noto CJK) are considered, found by their file lists.
    """

    wanted = re.sub(r"[-_.]+", "_", name).lower()
    if not re.fullmatch(r"(fontpkg|justmytype_intl)_[a-z0-9_]+", wanted):
        raise Refused(f"font package '{name}' is not a fontpkg-* or justmytype-intl-* package")
    for fresh in (False, True):
        for dist in _distributions(wanted, fresh):
            folder = Path(str(dist.locate_file(wanted)))
            if folder.is_dir():
                return folder.resolve()
    raise Refused(
        f"font package '{name}' is not installed (pip install {wanted.replace('_', '-')})"
    )


def language(code: str) -> str:
    """A language code usable in a file name: ``en`` or ``pt-BR``, nothing else."""
    if not LANGUAGE.match(code):
        raise Refused(f"language '{code}' is not a code like 'en' or 'pt-BR'")
    return code


def font_package(name: str) -> Path:
    """The ``files`` folder of an installed ``fontpkg-*`` distribution, found without importing.

    A theme names its font package; importing an arbitrary module name would run its code, so
    only installed distributions whose name starts with ``fontpkg-`` are considered, and their
    folder is located from the distribution's own file list.
    """

    wanted = re.sub(r"[-_.]+", "_", name).lower()
    if not re.fullmatch(r"fontpkg_[a-z0-9_]+", wanted):
        raise Refused(f"font package '{name}' is not a fontpkg-* package")
    for fresh in (False, True):
        for dist in _distributions(wanted, fresh):
            folder = Path(str(dist.locate_file(f"{wanted}/files")))
            if folder.is_dir():
                return folder.resolve()
    raise Refused(
        f"font package '{name}' is not installed (pip install {wanted.replace('_', '-')})"
    )
