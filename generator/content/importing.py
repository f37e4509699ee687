"""``coachcards import``: turn source files into content files, all or nothing per exercise."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.content.importers.everkinetic import read_everkinetic
from generator.content.importers.seed_text import read_seed
from generator.content.loader import parse_exercise
from generator.content.writer import Draft, slugify, to_markdown
from generator.errors import Problem, Problems
from generator.output import write_atomic

Found = list[tuple[str, Draft, list[Path]]]


def _read_text(source: Path, data: bytes, problems: Problems) -> Found:
    draft = read_seed(source, data, problems)
    if draft is None:
        return []
    slug = slugify(draft.name) or slugify(source.stem)
    if not slug:
        problems.add(1, "cannot make a file name from the exercise name; rename the file")
        return []
    return [(slug, draft, [])]


READERS: dict[str, Callable[[Path, bytes, Problems], Found]] = {
    "text": _read_text,
    "everkinetic": read_everkinetic,
}


def import_files(
    sources: list[Path], target: Path, force: bool = False, fmt: str = "text"
) -> tuple[list[Path], list[Problem]]:
    """Write ``target/<slug>.md`` per exercise; drawings go to ``target/../images/...``."""
    if fmt not in READERS:
        known = ", ".join(READERS)
        return [], [Problem("--format", None, f"unknown format '{fmt}'; choose one of {known}")]
    written: list[Path] = []
    problems: list[Problem] = []
    for source in sources:
        found = Problems(source)
        try:
            data = source.read_bytes()
        except OSError as exc:
            problems.append(Problem(str(source), None, f"cannot read: {exc.strerror or exc}"))
            continue
        drafts = READERS[fmt](source, data, found)
        problems.extend(found.items)
        for slug, draft, drawings in drafts:
            written_now, refused = _write(source, target, slug, draft, drawings, force)
            written.extend(written_now)
            problems.extend(refused)
    return written, problems


def _write(
    source: Path, target: Path, slug: str, draft: Draft, drawings: list[Path], force: bool
) -> tuple[list[Path], list[Problem]]:
    destination = target / f"{slug}.md"
    if destination.exists() and not force:
        return [], [Problem(str(source), None, f"{destination} exists; use --force to replace it")]
    missing = [d for d in drawings if not d.is_file()]
    if missing:
        return [], [Problem(str(source), None, f"{slug}: drawing {missing[0]} not found")]
    markdown = to_markdown(draft)
    check = Problems(destination)
    parse_exercise(markdown, destination, check, content_root=None)  # it must read back
    if check:
        return [], check.items
    images = target.parent / "images" / "everkinetic"
    copies = {images / drawing.name: drawing.read_bytes() for drawing in drawings}
    if not force:  # another exercise's drawing of the same name is not silently replaced
        for copy, data in copies.items():
            if copy.exists() and (not copy.is_file() or copy.read_bytes() != data):
                message = f"{slug}: drawing {copy} exists and differs; use --force to replace it"
                return [], [Problem(str(source), None, message)]
    for copy, data in copies.items():
        write_atomic(copy, data)
    write_atomic(destination, markdown.encode("utf-8"))
    return [destination], []
