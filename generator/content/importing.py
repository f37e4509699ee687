"""``coachcards import``: turn source files into content files, all or nothing per file."""

from __future__ import annotations

from pathlib import Path

from generator.content.importers.seed_text import read_seed
from generator.content.loader import parse_exercise
from generator.content.writer import slugify, to_markdown
from generator.errors import Problem, Problems
from generator.output import write_atomic


def import_files(
    sources: list[Path], target: Path, force: bool = False
) -> tuple[list[Path], list[Problem]]:
    written: list[Path] = []
    problems: list[Problem] = []
    for source in sources:
        found = Problems(source)
        try:
            data = source.read_bytes()
        except OSError as exc:
            problems.append(Problem(str(source), None, f"cannot read: {exc.strerror or exc}"))
            continue
        draft = read_seed(source, data, found)
        if draft is None:
            problems.extend(found.items)
            continue
        slug = slugify(draft.name) or slugify(source.stem)
        if not slug:
            found.add(1, "cannot make a file name from the exercise name; rename the file")
            problems.extend(found.items)
            continue
        destination = target / f"{slug}.md"
        if destination.exists() and not force:
            problems.append(
                Problem(str(source), None, f"{destination} exists; use --force to replace it")
            )
            continue
        markdown = to_markdown(draft)
        check = Problems(destination)
        parse_exercise(markdown, destination, check)  # what we write must read back
        if check:
            problems.extend(found.items + check.items)
            continue
        write_atomic(destination, markdown.encode("utf-8"))
        written.append(destination)
    return written, problems
