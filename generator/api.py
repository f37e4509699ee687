"""The Python API: cards, handouts and packets as bytes, for scripts, servers and any executor.

Every function here is pure in the way a task queue needs: its arguments are plain data or paths
(picklable, nothing open), its result is the PDF's bytes, and it writes nothing. The expensive
set-up (templates, theme, fonts, each exercise's handout rendered once) is cached per process,
filled on first use, so it works the same in a forked worker, a ``spawn`` worker, a Dask or Ray
worker or a Celery task; a cached entry is keyed on the inputs' file stamps, so editing an
exercise, a template or a program is seen by the next call (a long-running server is never stale).

Only :func:`render_packets` writes files, and it does so in the caller, atomically, so a worker
on another machine never needs the output folder. Problems raise
:class:`generator.errors.CoachcardsError` (a list of ``path:line: message``), which pickles.

    from generator.api import render_packet, render_packets
    pdf = render_packet("content/programs/lower-body-strength.yaml", "Jordan Lee")
    report = render_packets("program.yaml", "clients.csv", "out/packets")
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import api_pool as pool
from generator import api_setup as setup
from generator.api_pool import InlineExecutor
from generator.api_setup import PathLike
from generator.errors import Problem

if TYPE_CHECKING:
    from generator.content.model import Exercise
    from generator.program.model import Program


# --- cards and handouts -------------------------------------------------------------------------


def render_card(
    exercise: PathLike | Exercise,
    *,
    content: PathLike | None = None,
    templates: PathLike | None = None,
    theme: str | None = None,
    size: str | None = None,
    landscape: bool = False,
    profile: str | None = None,
    grey: bool = False,
    untagged: bool = False,
) -> bytes:
    """One exercise's cue card as PDF bytes (a tagged PDF unless ``untagged``).

    ``exercise`` is a slug (looked up in ``content``), a path to its ``.md`` file, or a loaded
    Exercise. ``theme`` is a built-in theme's name or a theme file; ``size`` a page size name.
    """
    from generator.pipeline import Options

    options = Options(
        setup.optional_path(templates),
        size,
        None,
        landscape,
        profile,
        grey,
        setup.theme_name(theme),
        untagged,
    )
    return setup.renderer_for(options).card(setup.loaded_exercise(exercise, content))


def render_handout(
    exercise: PathLike | Exercise,
    *,
    content: PathLike | None = None,
    templates: PathLike | None = None,
    theme: str | None = None,
    size: str | None = None,
    landscape: bool = False,
    grey: bool = False,
    untagged: bool = False,
) -> bytes:
    """One exercise's handout (every sentence, as many pages as it needs) as PDF bytes."""
    from generator.pipeline import Options

    options = Options(
        setup.optional_path(templates),
        None,
        size,
        landscape,
        None,
        grey,
        setup.theme_name(theme),
        untagged,
    )
    return setup.renderer_for(options).handout(setup.loaded_exercise(exercise, content))


def render_drawing(exercise: PathLike | Exercise, *, content: PathLike | None = None) -> bytes:
    """The exercise's first drawing alone on a small page, as PDF bytes (b"" if it has none).

    For lists of exercises (the web page's thumbnails): the drawing goes through the same
    checked image reader as cards, so nothing a card would refuse reaches a browser.
    """
    from generator.layout.drawing import render_drawing as draw

    loaded = setup.loaded_exercise(exercise, content)
    if not loaded.image_paths:
        return b""
    return draw(loaded.image_paths[0], loaded.name.value)


# --- packets ------------------------------------------------------------------------------------


def render_packet(
    program: PathLike | Program,
    client: str | Mapping[str, str] | None = None,
    *,
    content: PathLike | None = None,
    templates: PathLike | None = None,
    theme: str | None = None,
    size: str | None = None,
    units: str | None = None,
    grey: bool = False,
    source: tuple[str, int | None] | None = None,
    untagged: bool = False,
    named: Mapping[str, str] | None = None,
) -> bytes:
    """One client's program packet as PDF bytes (a tagged PDF unless ``untagged``).

    ``program`` is a program file (YAML) or a loaded Program. ``client`` is None (the program's
    own ``client:``), a name, or one row of a clients CSV as a mapping (``client`` plus any
    ``<exercise>.load`` / ``<exercise>.notes`` columns), as ``csv.DictReader`` gives it.
    ``units`` (``kg`` or ``lb``) converts loads written as plain numbers. ``source`` is where
    ``client`` came from (a clients CSV's path and line): its problems are reported there.
    ``named`` says how a problem names where ``size``/``theme``/``units`` came from (the CLI
    passes ``{"size": "--size", ...}``); by default, as this function's argument.
    """
    folder = setup.content_folder(content)
    # a path, or a Program by identity (it lives as long as the task that holds it)
    ref = os.fspath(program) if isinstance(program, str | os.PathLike) else id(program)
    loaded = setup.per_task(("program", ref, folder), lambda: setup.loaded_program(program, folder))
    if client is not None:
        at = source or (setup.program_source(program), None)
        name, overrides = setup.client_row(client, loaded, at)
        loaded = loaded.for_client(name, overrides, at)
    loaded = setup.in_units(loaded, units, named)
    options = setup.options_for_packets(templates, theme, size, grey, untagged, named)
    key = ("maker", ref, folder, options)
    return setup.per_task(key, lambda: setup.packet_maker(loaded, folder, options)).make(loaded)


@dataclass
class PacketsReport:
    """What :func:`render_packets` did: the files written (in CSV order) and every problem."""

    written: list[Path] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)

    @property
    def failed_rows(self) -> int:
        """How many CSV rows (or whole-run problems) failed."""
        return len({(p.path, p.line) for p in self.failed})


def render_packets(
    program: PathLike | Program,
    clients_csv: PathLike,
    out_dir: PathLike,
    *,
    executor: Executor | None = None,
    progress: Callable[[int, int], None] | None = None,
    **options: Any,
) -> PacketsReport:
    """A packet per client row of ``clients_csv``, written atomically into ``out_dir``.

    ``options`` are :func:`render_packet`'s keywords (content, templates, theme, size, units,
    grey, untagged). Rendering goes to ``executor``: any ``concurrent.futures.Executor`` (Dask's
    ``Client.get_executor()``, Ray's, a thread pool); by default a process pool with a worker per
    core, or this process when there are only a few clients. Workers receive plain data (the
    program's path or Program, the client's name and overrides, the options) and return bytes;
    files are written here, so the workers need no access to ``out_dir``. A bad row is reported
    in the result and the other rows are still written; whole-run problems (a bad program file,
    a missing exercise) raise CoachcardsError before anything is written.
    """
    from generator.program.clients import read_clients

    known = {"content", "templates", "theme", "size", "units", "grey", "untagged", "named"}
    unknown = set(options) - known
    if unknown:
        raise TypeError(f"render_packets() got unknown options: {', '.join(sorted(unknown))}")
    folder = setup.content_folder(options.get("content"))
    options["content"] = str(folder.resolve())  # a worker elsewhere may have another cwd
    loaded = setup.loaded_program(program, folder)
    setup.in_units(
        loaded, options.get("units"), options.get("named")
    )  # a bad unit is one problem, before any work
    rows, problems = read_clients(Path(clients_csv), loaded.slugs())
    report = PacketsReport(failed=list(problems))
    out = Path(out_dir)
    ref: Any = str(Path(program).resolve()) if isinstance(program, str | os.PathLike) else program
    csv_path = str(clients_csv)
    jobs = [(row.line, row.name, row.overrides, row.file_stem, csv_path) for row in rows]
    batches = pool.batches_by_variant(jobs, os.cpu_count() or 1)
    setup.packet_maker_for(loaded, folder, options)  # problems with the exercises stop the run here
    done = 0
    written: list[tuple[int, Path]] = []
    failures: list[tuple[int, Problem]] = []
    for batch, results in pool.run_batches(batches, ref, options, executor):
        for (line, name, _, stem, _), (data, row_problems) in zip(batch, results, strict=True):
            if data is not None:
                from generator.output import write_atomic

                target = out / f"{stem}.pdf"
                written.append((line, write_atomic(target, data)))
            failures += [
                (line, Problem(p.path, p.line or line, f"{name}: {p.message}"))
                for p in row_problems
            ]
            done += 1
            if progress:
                progress(done, len(jobs))
    # tasks went by variant: the report lists files and problems in CSV order
    report.written = [path for _, path in sorted(written, key=lambda item: item[0])]
    report.failed += [problem for _, problem in sorted(failures, key=lambda item: item[0])]
    return report


__all__ = [
    "InlineExecutor",
    "PacketsReport",
    "render_card",
    "render_drawing",
    "render_handout",
    "render_packet",
    "render_packets",
]
