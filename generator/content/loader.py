"""Read exercise files into validated Exercises, reporting every problem in a file at once."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from generator import safepath
from generator.content import frontmatter, yamlstrict
from generator.content.body import BodyReader
from generator.content.model import Exercise, Text
from generator.content.text import MAX_IMAGE_BYTES, MAX_IMAGES, read_text
from generator.errors import CoachcardsError, Problem, Problems

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def load_exercise(path: Path) -> Exercise:
    problems = Problems(path)
    text = read_text(path)
    exercise = parse_exercise(text, path, problems, content_root_of(path))
    problems.raise_if_any()
    assert exercise is not None
    return exercise


IMAGE_TYPES = (".svg", ".png", ".jpg", ".jpeg")


def content_root_of(path: Path) -> Path:
    """Images are named relative to the content folder: the one above ``exercises/``.

    The folder the exercise is listed in counts, not where a symlinked exercise file points,
    so a link cannot move the image root to another tree.
    """
    return Path(os.path.abspath(path)).parent.parent


def parse_exercise(
    text: str, path: Path, problems: Problems, content_root: Path | None = None
) -> Exercise | None:
    """Check one exercise file's text; with ``content_root``, its images must exist there."""
    lines = [
        _without_controls(line, number, problems)
        for number, line in enumerate(lines_of(text), start=1)
    ]
    slug = path.stem
    if not SLUG.match(slug):
        problems.add(None, f"file name '{path.name}' must be a slug like 'goblet-squat.md'")
    if not lines or lines[0].strip() != "---":
        problems.add(1, "the file must start with '---' and front matter (name: ...)")
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        problems.add(1, "front matter is not closed: add a line '---' after it")
        return None
    meta, yaml_problems = yamlstrict.parse("\n".join(lines[1:end]), str(path), first_line=2)
    problems.extend(yaml_problems)
    fields = frontmatter.read(meta, 1, problems.add) if not yaml_problems or meta else {}
    body_lines = [(number + 1, line) for number, line in enumerate(lines) if number > end]
    language = fields.get("language", "en")
    intro, sections = BodyReader(problems.add, language).read(body_lines)
    if not any(s.kind == "instructions" for s in sections):
        problems.add(end + 1, "no '## Instructions' section: an exercise needs at least one step")
    images = fields.get("images", ())
    if len(images) > MAX_IMAGES:
        problems.add(images[MAX_IMAGES].line, f"at most {MAX_IMAGES} images per exercise")
        images = images[:MAX_IMAGES]
    image_paths = tuple(_image_path(image, content_root, problems) for image in images)
    if problems or "name" not in fields:
        return None
    return Exercise(
        slug=slug,
        path=path,
        intro=intro,
        sections=sections,
        image_paths=tuple(p for p in image_paths if p is not None),
        **fields,
    )


def _image_path(image: Text, root: Path | None, problems: Problems) -> Path | None:
    """An image inside the content folder, or a problem: no absolute paths, no way out."""
    try:
        if root is None:  # no folder yet (an importer's check): the name's rules only
            safepath.relative_name(image.value, "image", _PLACE, IMAGE_TYPES)
            return None
        resolved = safepath.inside(root, image.value, "image", _PLACE, IMAGE_TYPES)
    except safepath.Refused as why:
        problems.add(image.line, str(why))
        return None
    if resolved.stat().st_size > MAX_IMAGE_BYTES:
        problems.add(image.line, f"image '{image}' is over {MAX_IMAGE_BYTES // 2**20} MiB")
        return None
    return resolved


_PLACE = "the content folder"


def lines_of(text: str) -> list[str]:
    """The file's lines, split at LF (or CR LF) only.

    VT, FF, U+001C-U+001E, U+0085, U+2028 and U+2029 are characters to refuse where they
    stand, not line breaks that would shift every later line number (as str.splitlines does).
    """
    lines = text.replace("\r\n", "\n").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def _without_controls(line: str, number: int, problems: Problems) -> str:
    """Report control characters (and line separators) once, by line, then read on without them."""
    found = sorted({c for c in line if unicodedata.category(c) in ("Cc", "Zl", "Zp") and c != "\t"})
    for char in found:
        problems.add(number, f"control character U+{ord(char):04X} is not allowed")
    return "".join(c for c in line if c not in found) if found else line


def exercise_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders to their exercise files; a path that is neither is a problem."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            folder = path / "exercises" if (path / "exercises").is_dir() else path
            found.extend(sorted(folder.glob("*.md")))
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem(str(path), None, "no such file or folder"))
    return found, problems


def load_all(paths: list[Path]) -> tuple[list[Exercise], list[Problem]]:
    """Every exercise that loads, and every problem of those that do not."""
    files, problems = exercise_files(paths)
    exercises = []
    for path in files:
        try:
            exercises.append(load_exercise(path))
        except CoachcardsError as error:
            problems.extend(error.problems)
    return exercises, problems


def find_exercise(ref: str, content_dir: Path) -> Path:
    """An exercise named by slug (looked up in the content folder) or by path."""
    as_path = Path(ref)
    if ref.endswith(".md") or as_path.is_file():
        if not as_path.is_file():
            raise CoachcardsError.single(ref, "no such file")
        return as_path
    candidate = content_dir / "exercises" / f"{ref}.md"
    if candidate.is_file():
        return candidate
    import difflib

    slugs = [p.stem for p in (content_dir / "exercises").glob("*.md")]
    close = difflib.get_close_matches(ref, slugs, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise CoachcardsError.single(content_dir / "exercises", f"no exercise '{ref}'{hint}")
