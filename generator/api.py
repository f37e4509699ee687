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
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Executor, Future
from contextvars import ContextVar
from dataclasses import dataclass, field
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
BATCH = 25  # at most this many clients of one variant per task (see _batches)
IN_FLIGHT_PER_WORKER = 2  # batches queued per worker: memory stays flat with the client count


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
        _path(templates), size, None, landscape, profile, grey, _theme(theme), untagged
    )
    return _renderer(options).card(_exercise(exercise, content))


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

    options = Options(_path(templates), None, size, landscape, None, grey, _theme(theme), untagged)
    return _renderer(options).handout(_exercise(exercise, content))


def render_drawing(exercise: PathLike | Exercise, *, content: PathLike | None = None) -> bytes:
    """The exercise's first drawing alone on a small page, as PDF bytes (b"" if it has none).

    For lists of exercises (the web page's thumbnails): the drawing goes through the same
    checked image reader as cards, so nothing a card would refuse reaches a browser.
    """
    from generator.layout.drawing import render_drawing as draw

    loaded = _exercise(exercise, content)
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
    folder = _content(content)
    # a path, or a Program by identity (it lives as long as the task that holds it)
    ref = os.fspath(program) if isinstance(program, str | os.PathLike) else id(program)
    loaded = _per_task(("program", ref, folder), lambda: _program(program, folder))
    if client is not None:
        at = source or (_where(program), None)
        name, overrides = _client(client, loaded, at)
        loaded = loaded.for_client(name, overrides, at)
    loaded = _units(loaded, units, named)
    options = _packet_options(templates, theme, size, grey, untagged, named)
    key = ("maker", ref, folder, options)
    return _per_task(key, lambda: _maker(loaded, folder, options)).make(loaded)


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
    folder = _content(options.get("content"))
    options["content"] = str(folder.resolve())  # a worker elsewhere may have another cwd
    loaded = _program(program, folder)
    _units(
        loaded, options.get("units"), options.get("named")
    )  # a bad unit is one problem, before any work
    rows, problems = read_clients(Path(clients_csv), loaded.slugs())
    report = PacketsReport(failed=list(problems))
    out = Path(out_dir)
    ref: Any = str(Path(program).resolve()) if isinstance(program, str | os.PathLike) else program
    csv_path = str(clients_csv)
    jobs = [(row.line, row.name, row.overrides, row.file_stem, csv_path) for row in rows]
    batches = _batches(jobs, os.cpu_count() or 1)
    _maker_for(loaded, folder, options)  # problems with the exercises stop the run here
    done = 0
    written: list[tuple[int, Path]] = []
    failures: list[tuple[int, Problem]] = []
    for batch, results in _run(batches, ref, options, executor):
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


class InlineExecutor(Executor):
    """Runs each task at once, in the calling process: no pool, no pickling (``--jobs 1``)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed over through the future, as a pool does
            future.set_exception(exc)
        return future


Job = tuple[int, str, dict[str, dict[str, str]], str, str]  # line, name, overrides, stem, csv


def _render_batch(
    program: Any, batch: list[Job], options: dict[str, Any]
) -> list[tuple[bytes | None, list[Problem]]]:
    """A worker's task: a few clients' packets, or each one's problems. Module level: picklable."""
    results: list[tuple[bytes | None, list[Problem]]] = []
    token = _batch_stamps.set({})  # files are looked at once per task (see _stamp)
    try:
        for line, name, overrides, _, csv_path in batch:
            row = {"client": name, **_flat(overrides)}
            try:
                packet = render_packet(program, row, source=(csv_path, line), **options)
                results.append((packet, []))
            except CoachcardsError as error:
                results.append((None, error.problems))
    finally:
        _batch_stamps.reset(token)
    return results


def _batches(jobs: list[Job], workers: int) -> list[list[Job]]:
    """Tasks of clients who share a variant (the same loads and notes), in CSV order within.

    A worker lays a variant's contents, schedule and log out once and splices each next client
    into its first packet (layout/packet_splice.py), so a variant's clients go to one worker
    together: up to BATCH in a task, a large variant in nearly even tasks (a few workers may
    then share it). Deterministic: variants in the order their first client appears.
    """
    groups: dict[str, list[Job]] = {}
    for job in jobs:
        groups.setdefault(repr(sorted(job[2].items())), []).append(job)
    batches: list[list[Job]] = []
    size = max(1, min(BATCH, -(-len(jobs) // max(1, 2 * workers))))  # every worker kept busy
    for group in groups.values():
        count = -(-len(group) // size)
        step = -(-len(group) // count)
        batches += [group[i : i + step] for i in range(0, len(group), step)]
    return batches


def _flat(overrides: dict[str, dict[str, str]]) -> dict[str, str]:
    return {
        f"{slug}.{key}": value
        for slug, values in overrides.items()
        for key, value in values.items()
    }


def _run(
    batches: list[list[Job]], program: Any, options: dict[str, Any], executor: Executor | None
) -> Iterator[tuple[list[Job], list[tuple[bytes | None, list[Problem]]]]]:
    """Results in submission order, with a bounded number of batches in flight."""
    clients = sum(len(b) for b in batches)
    workers = os.cpu_count() or 1
    if executor is None and (workers <= 1 or clients < 8):
        for batch in batches:
            yield batch, _render_batch(program, batch, options)
        return
    own = executor is None
    if executor is None:
        from concurrent.futures import ProcessPoolExecutor

        executor = ProcessPoolExecutor(workers, initializer=_worker_start)
    limit = IN_FLIGHT_PER_WORKER * max(1, getattr(executor, "_max_workers", workers))
    pending: OrderedDict[int, tuple[list[Job], Future[Any]]] = OrderedDict()
    try:
        for index, batch in enumerate(batches):
            pending[index] = (batch, executor.submit(_render_batch, program, batch, options))
            while len(pending) >= limit:
                _, (first, future) = pending.popitem(last=False)
                yield first, future.result()
        while pending:
            _, (first, future) = pending.popitem(last=False)
            yield first, future.result()
    finally:
        for _, future in pending.values():
            future.cancel()
        if own:
            executor.shutdown(wait=True, cancel_futures=True)


WORKER_GC_THRESHOLD = 5000  # a worker's young-object collections (Python's default: 700)


def _worker_start() -> None:
    """A pool worker's garbage collector: what it was forked with (the program's set-up, kept
    for every task) is frozen out of collections, and young objects are collected every 5,000
    allocations instead of 700. A packet makes tens of thousands of short-lived objects; this
    halves the collector's time (about 8% of a packet's CPU). Cycles are still collected, every
    few packets, so memory stays flat."""
    import gc

    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])


# --- per-process caches -------------------------------------------------------------------------

_cache: OrderedDict[object, Any] = OrderedDict()


def _cached(key: object, make: Callable[[], Any]) -> Any:
    """A bounded per-process cache, filled on first use (never inherited state to rely on)."""
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    value = make()
    _cache[key] = value
    while len(_cache) > CACHE_KEPT * 4:
        _cache.popitem(last=False)
    return value


_batch_stamps: ContextVar[dict[tuple[Path | None, ...], tuple[object, ...]] | None] = ContextVar(
    "batch_stamps", default=None
)


def _stamp(*paths: Path | None) -> tuple[object, ...]:
    """What says a file or folder changed: its size and modification time (folders: each file).

    Within one task of :func:`render_packets` (a batch of clients) each is read once: the run
    checked the files when it started, and a program's seventy-odd files need not be looked at
    again for each of 25 clients.
    """
    kept = _batch_stamps.get()
    if kept is None:
        return _stamp_now(paths)
    if paths not in kept:
        kept[paths] = _stamp_now(paths)
    return kept[paths]


def _per_task(key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
    """``make()``, once per task of :func:`render_packets` (as files are looked at once per
    task, see _stamp): its clients share the program and its set-up, found once, not per client.
    Outside a task, made each time (each call looks at the files again)."""
    kept: Any = _batch_stamps.get()
    if kept is None:
        return make()
    if key not in kept:
        kept[key] = make()
    return kept[key]


def _stamp_now(paths: tuple[Path | None, ...]) -> tuple[object, ...]:
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


def _renderer(options: Any) -> Renderer:
    from generator.pipeline import Renderer

    theme = Path(options.theme) if options.theme and Path(options.theme).suffix else None
    key = ("renderer", options, _stamp(options.templates_dir, theme))
    return _cached(key, lambda: Renderer(options))


def _packet_options(
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
        _path(templates),
        handout_size=size,
        grey=grey,
        theme=_theme(theme),
        untagged=untagged,
        sources=sources,
    )


def _maker(program: Program, folder: Path, options: Any) -> PacketMaker:
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
    cached = _cache.get(key)
    if cached is not None:
        stamp, maker = cached
        if _stamp(*maker.sources(), options.templates_dir, theme) == stamp:
            _cache.move_to_end(key)
            return maker
    maker = PacketMaker(program, folder, options)
    _cached(key, lambda: None)  # keeps the cache bounded
    _cache[key] = (_stamp(*maker.sources(), options.templates_dir, theme), maker)
    return maker


def _maker_for(program: Program, folder: Path, options: dict[str, Any]) -> PacketMaker:
    loaded = _units(program, options.get("units"), options.get("named"))
    packet_options = _packet_options(
        options.get("templates"),
        options.get("theme"),
        options.get("size"),
        options.get("grey", False),
        options.get("untagged", False),
        options.get("named"),
    )
    return _maker(loaded, folder, packet_options)


def _program(program: PathLike | Program, folder: Path) -> Program:
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
        _stamp(path),
        listing and listing.st_mtime_ns,
    )

    def load() -> Program:
        slugs = sorted(p.stem for p in exercises.glob("*.md"))
        return load_program(path, slugs)

    return _cached(key, load)


def _client(
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


def _units(program: Program, units: str | None, named: Mapping[str, str] | None = None) -> Program:
    if units not in (None, "kg", "lb"):
        where = (named or {}).get("units", "argument 'units'")
        raise CoachcardsError.single(where, f"units must be kg or lb, not '{units}'")
    return program.in_units(units)


def _exercise(exercise: PathLike | Exercise, content: PathLike | None) -> Exercise:
    from generator.content.loader import find_exercise, load_exercise
    from generator.content.model import Exercise

    if isinstance(exercise, Exercise):
        return exercise
    path = find_exercise(os.fspath(exercise), _content(content))
    key = ("exercise", str(path.resolve()), _stamp(path))
    return _cached(key, lambda: load_exercise(path))


def _content(content: PathLike | None) -> Path:
    from generator.paths import default_content

    return Path(content) if content is not None else default_content()


def _path(value: PathLike | None) -> Path | None:
    return Path(value) if value is not None else None


def _theme(value: str | os.PathLike[str] | None) -> str | None:
    return os.fspath(value) if value is not None else None


def _where(program: PathLike | Program) -> str:
    from generator.program.model import Program

    return str(program.path) if isinstance(program, Program) else os.fspath(program)


__all__ = [
    "InlineExecutor",
    "PacketsReport",
    "render_card",
    "render_drawing",
    "render_handout",
    "render_packet",
    "render_packets",
]
