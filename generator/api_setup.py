"""The API's per-process set-up: what generator.api keeps between calls, and when it is stale.

Templates, theme, fonts, programs, exercises and each program's packet set-up (its handouts
and cards rendered once) are kept per process in one bounded cache, keyed on the stamps (size,
modification time) of the files they were made from: an edited exercise, template or program
is seen by the next call. Within one task of ``render_packets`` (a batch of clients) files are
looked at once and the program is found once (``batch_stamps``).
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import CoachcardsError, Problem

if TYPE_CHECKING:
    from generator.content.model import Exercise
    from generator.packet import PacketMaker
    from generator.pipeline import Renderer
    from generator.program.model import Program

PathLike = str | os.PathLike[str]
CACHE_KEPT = 8  # set-ups kept per process (a server may see a few themes and sizes)

cache: OrderedDict[object, Any] = OrderedDict()


def cached(key: object, make: Callable[[], Any]) -> Any:
    """A bounded per-process cache, filled on first use (never inherited state to rely on)."""
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    value = make()
    cache[key] = value
    while len(cache) > CACHE_KEPT * 4:
        cache.popitem(last=False)
    return value


batch_stamps: ContextVar[dict[tuple[Path | None, ...], tuple[object, ...]] | None] = ContextVar(
    "batch_stamps", default=None
)


def stamp(*paths: Path | None) -> tuple[object, ...]:
    """What says a file or folder changed: its size and modification time (folders: each file).

    Within one task of :func:`render_packets` (a batch of clients) each is read once: the run
    checked the files when it started, and a program's seventy-odd files need not be looked at
    again for each of 25 clients.
    """
    kept = batch_stamps.get()
    if kept is None:
        return stamp_now(paths)
    if paths not in kept:
        kept[paths] = stamp_now(paths)
    return kept[paths]


def per_task(key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
    """``make()``, once per task of :func:`render_packets` (as files are looked at once per
    task, see stamp): its clients share the program and its set-up, found once, not per client.
    Outside a task, made each time (each call looks at the files again)."""
    kept: Any = batch_stamps.get()
    if kept is None:
        return make()
    if key not in kept:
        kept[key] = make()
    return kept[key]


def stamp_now(paths: tuple[Path | None, ...]) -> tuple[object, ...]:
    stamps: list[object] = []
    for path in paths:
        if path is None:
            continue
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file():
                    info = child.stat()
                    stamps.append((str(child), info.st_mtime_ns, info.st_size))
        elif path.exists():
            info = path.stat()
            stamps.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(stamps)


def renderer_for(options: Any) -> Renderer:
    from generator.pipeline import Renderer

    theme = Path(options.theme) if options.theme and Path(options.theme).suffix else None
    key = ("renderer", options, stamp(options.templates_dir, theme))
    return cached(key, lambda: Renderer(options))


def options_for_packets(
    templates: PathLike | None,
    theme: str | None,
    size: str | None,
    grey: bool,
    untagged: bool = False,
    named: Mapping[str, str] | None = None,
) -> Any:
    from generator.pipeline import Options

    fields = {"size": "handout_size"}  # this API's argument -> the option it sets
    sources = tuple(sorted((fields.get(k, k), v) for k, v in (named or {}).items()))
    return Options(
        optional_path(templates),
        handout_size=size,
        grey=grey,
        theme=theme_name(theme),
        untagged=untagged,
        sources=sources,
    )


def packet_maker(program: Program, folder: Path, options: Any) -> PacketMaker:
    """The program's shared pages, made once per process and remade when a file they use changes."""
    from generator.packet import PacketMaker

    key = (
        "packet",
        str(folder.resolve()),
        tuple(program.slugs()),
        program.parts,
        program.language,
        options,
    )
    theme = Path(options.theme) if options.theme and Path(options.theme).suffix else None
    found = cache.get(key)
    if found is not None:
        made_at, maker = found
        if stamp(*maker.sources(), options.templates_dir, theme) == made_at:
            cache.move_to_end(key)
            return maker
    maker = PacketMaker(program, folder, options)
    cached(key, lambda: None)  # keeps the cache bounded
    cache[key] = (stamp(*maker.sources(), options.templates_dir, theme), maker)
    return maker


def packet_maker_for(program: Program, folder: Path, options: dict[str, Any]) -> PacketMaker:
    loaded = in_units(program, options.get("units"), options.get("named"))
    packet_options = options_for_packets(
        options.get("templates"),
        options.get("theme"),
        options.get("size"),
        options.get("grey", False),
        options.get("untagged", False),
        options.get("named"),
    )
    return packet_maker(loaded, folder, packet_options)


def loaded_program(program: PathLike | Program, folder: Path) -> Program:
    from generator.program.loader import load_program
    from generator.program.model import Program

    if isinstance(program, Program):
        return program
    path = Path(program)
    exercises = folder / "exercises"
    listing = exercises.stat() if exercises.is_dir() else None  # changes as files come and go
    key = (
        "program",
        str(path.resolve()),
        str(folder.resolve()),
        stamp(path),
        listing and listing.st_mtime_ns,
    )

    def load() -> Program:
        slugs = sorted(p.stem for p in exercises.glob("*.md"))
        return load_program(path, slugs)

    return cached(key, load)


def client_row(
    client: str | Mapping[str, str], program: Program, at: tuple[str, int | None]
) -> tuple[str, dict[str, dict[str, str]]]:
    """A name, or a CSV row as a mapping, checked as ``coachcards packets`` checks its CSV."""
    from generator.content.text import clean
    from generator.program.clients import parse_override

    if isinstance(client, str):
        client = {"client": client}
    problems: list[Problem] = []
    name, issues = clean(str(client.get("client") or "").strip())
    if not name:
        issues = [*issues, "the client's name is empty"]
    where, line = at
    problems += [Problem(where, line, f"client: {issue}") for issue in issues]
    overrides: dict[str, dict[str, str]] = {}
    slugs = program.slugs()
    for column, value in client.items():
        if column == "client":
            continue
        parsed, message = parse_override(column, slugs)
        if parsed is None:
            problems.append(Problem(where, line, message))
        elif str(value or "").strip():
            slug, kind = parsed
            overrides.setdefault(slug, {})[kind] = str(value).strip()
    if problems:
        raise CoachcardsError(problems)
    return name, overrides


def in_units(
    program: Program, units: str | None, named: Mapping[str, str] | None = None
) -> Program:
    if units not in (None, "kg", "lb"):
        where = (named or {}).get("units", "argument 'units'")
        raise CoachcardsError.single(where, f"units must be kg or lb, not '{units}'")
    return program.in_units(units)


def loaded_exercise(exercise: PathLike | Exercise, content: PathLike | None) -> Exercise:
    from generator.content.loader import find_exercise, load_exercise
    from generator.content.model import Exercise

    if isinstance(exercise, Exercise):
        return exercise
    path = find_exercise(os.fspath(exercise), content_folder(content))
    key = ("exercise", str(path.resolve()), stamp(path))
    return cached(key, lambda: load_exercise(path))


def content_folder(content: PathLike | None) -> Path:
    from generator.paths import default_content

    return Path(content) if content is not None else default_content()


def optional_path(value: PathLike | None) -> Path | None:
    return Path(value) if value is not None else None


def theme_name(value: str | os.PathLike[str] | None) -> str | None:
    return os.fspath(value) if value is not None else None


def program_source(program: PathLike | Program) -> str:
    from generator.program.model import Program

    return str(program.path) if isinstance(program, Program) else os.fspath(program)
