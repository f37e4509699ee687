"""What a build's PDFs depend on, as hashes: the no-change check reads bytes, never parses.

An exercise is current when the hash of its file and its images over the shared inputs
(templates, the theme chain, logo, fonts, options, library versions) matches the manifest of the
last build and its PDFs exist. The manifest also keeps each card's own best type size, so that a
build's shared type scale can be worked out without fitting unchanged cards again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from generator import __version__
from generator.pipeline import Options

MANIFEST = ".coachcards-build.json"


def hash_files(digest: hashlib._Hash, files: list[Path]) -> None:
    for path in files:
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())


def shared_fingerprint(options: Options) -> str:
    """What every exercise's PDFs depend on: templates, theme chain, logo, fonts, versions."""
    digest = hashlib.sha256(__version__.encode())
    digest.update(repr(sorted(asdict(options).items())).encode())
    files, versions = inputs(options)
    digest.update(repr(versions).encode())
    hash_files(digest, files)
    return digest.hexdigest()


def inputs(options: Options) -> tuple[list[Path], list[str]]:
    """Every file the PDFs depend on besides the exercise, and the versions of the libraries
    and font packages that draw them. The theme loader says which theme files it read."""
    from importlib import metadata

    import reportlab

    from generator.layout.theme import load_theme
    from generator.paths import builtin_templates

    folders = [f for f in (options.templates_dir, builtin_templates()) if f is not None]
    found = [p for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()]
    theme = load_theme(options.theme)
    found += [*theme.files, *([theme.brand.logo] if theme.brand.logo else [])]
    versions = [f"reportlab {reportlab.Version}"]
    fonts = theme.fonts
    if fonts.get("folder"):
        folder = Path(fonts["folder"])
        found += sorted(p for p in folder.rglob("*") if p.is_file())
    if fonts.get("package"):
        try:
            versions.append(f"{fonts['package']} {metadata.version(fonts['package'])}")
        except metadata.PackageNotFoundError:
            versions.append(f"{fonts['package']} missing")  # the build reports it
    return found, versions


def fingerprint(data: bytes, images: list[Path], shared: str) -> str | None:
    """The exercise file's bytes and its images' bytes over the shared inputs; None if an image
    is gone (then it must be rebuilt, and fails with a clear message)."""
    digest = hashlib.sha256(shared.encode())
    digest.update(data)
    try:
        hash_files(digest, images)
    except OSError:
        return None
    return digest.hexdigest()


def file_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""  # rebuilt, and the render reports why it cannot be read


def read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """The last build's fingerprints; anything unexpected counts as no build at all."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        str(slug): entry
        for slug, entry in data.items()
        if isinstance(entry, dict)
        and isinstance(entry.get("fingerprint"), str)
        and isinstance(entry.get("images"), list)
        and all(isinstance(p, str) for p in entry["images"])
    }
