"""``coachcards build``: every exercise's card and handout, in parallel, skipping what is current.

Cards of one build share one type scale, as a set pinned on one wall should: the largest body
size every card can take. So a build runs in two passes over one pool of workers. The first
writes each changed exercise's handout and fits its card alone, returning the card's own best
size; the scale is the smallest of those sizes over the whole library (unchanged exercises keep
theirs in the manifest, so they are not fitted again). The second pass writes every card that is
not already at that scale. With ``--fit each`` a card is written at its own size in the first
pass. A refused card never costs the handout, and a failure is reported for that exercise while
the build goes on. Whether an exercise changed is decided from bytes (generator/fingerprint.py).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content.loader import exercise_files, load_exercise
from generator.errors import CoachcardsError, Problem
from generator.fingerprint import (
    MANIFEST,
    file_bytes,
    fingerprint,
    read_manifest,
    shared_fingerprint,
)
from generator.limits import MEMORY_BYTES, TimeLimitExceeded, cap_memory, time_limit
from generator.output import folder_lock, write_atomic
from generator.pipeline import Options, Renderer, check_options

EXERCISE_SECONDS = 60.0
SMALL_BUILD = 8  # below this many exercises, worker start-up costs more than it saves


@dataclass
class BuildReport:
    built: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, list[Problem]] = field(default_factory=dict)
    fallbacks: set[str] = field(default_factory=set)  # languages printed with English labels
    scale: float | None = None  # the body size every card of the build shares (None: each own)


@dataclass(frozen=True)
class _Job:
    path: Path
    out: Path
    shared: str  # the fingerprint of what every exercise depends on
    dry: bool = False  # validate: render and check everything, write nothing
    card_at: float | None = None  # second pass: write only the card, at this body size


@dataclass
class _Result:
    stem: str  # the file's name, the manifest's key
    slug: str
    fingerprint: str = ""
    images: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fallbacks: set[str] = field(default_factory=set)
    own_scale: float | None = None  # the card's best size alone; None when it was refused


_worker: Renderer | None = None


def _start_worker(options: Options) -> None:
    global _worker
    _worker = Renderer(options)


def _start_pool_worker(options: Options) -> None:
    """A worker process: its own renderer, and a memory ceiling so one file cannot take all."""
    cap_memory()
    _start_worker(options)


def _render(job: _Job) -> _Result:
    """First pass: the handout and the card's own fit (written too with ``--fit each``); second
    pass (``card_at``): the card at the set's scale. Each document fails on its own."""
    assert _worker is not None
    worker = _worker
    result = _Result(job.path.stem, job.path.stem)
    limit = None
    try:
        with time_limit(EXERCISE_SECONDS) as limit:
            data = job.path.read_bytes()
            exercise = load_exercise(job.path)
            result.slug = exercise.slug
            result.images = [str(p) for p in exercise.image_paths]
            result.fingerprint = fingerprint(data, list(exercise.image_paths), job.shared) or ""

            def card() -> bytes | None:
                if job.card_at is not None or worker.options.fit_each:
                    return worker.card(exercise, at_most=job.card_at)
                result.own_scale = worker.card_scale(exercise)
                return None

            kinds: list[tuple[str, Callable[[], bytes | None]]] = [("cards", card)]
            if job.card_at is None:
                kinds.append(("handouts", lambda: worker.handout(exercise)))
            for kind, make in kinds:
                try:
                    pdf = make()
                except CoachcardsError as error:
                    result.problems += error.problems
                    continue
                if pdf is not None:
                    target = job.out / kind / f"{exercise.slug}.pdf"
                    result.written.append(target if job.dry else write_atomic(target, pdf))
    except CoachcardsError as error:
        result.problems += error.problems
    except OSError as exc:
        result.problems.append(Problem(str(job.path), None, f"cannot read: {exc.strerror}"))
    except TimeLimitExceeded as exc:
        if exc.limit is not limit:
            raise
        message = f"stopped: rendering took longer than {EXERCISE_SECONDS:g} s"
        result.problems.append(Problem(str(job.path), None, message))
    except MemoryError:
        message = f"stopped: rendering needed more than {MEMORY_BYTES // 1024**3} GiB of memory"
        result.problems.append(Problem(str(job.path), None, message))
    result.fallbacks = set(worker.templates.fallbacks)
    return result


Runner = Callable[[list[_Job]], Iterator[_Result]]


@contextmanager
def _workers(options: Options, workers: int) -> Iterator[Runner]:
    """Run jobs in this process when there are few, else in one pool kept for both passes
    (started when first needed: fonts and templates load once per worker)."""
    pool: Executor | None = None
    here = False  # this process's renderer is made afresh for each build (templates may change)

    def run(jobs: list[_Job]) -> Iterator[_Result]:
        nonlocal pool, here
        if workers <= 1 or len(jobs) < SMALL_BUILD:
            if not here:
                _start_worker(options)
                here = True
            return map(_render, jobs)
        if pool is None:
            pool = ProcessPoolExecutor(workers, initializer=_start_pool_worker, initargs=(options,))
        return pool.map(_render, jobs, chunksize=4)

    try:
        yield run
    except BaseException:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        raise
    if pool is not None:
        pool.shutdown()


def build_library(
    content: Path,
    out: Path,
    options: Options | None = None,
    workers: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> BuildReport:
    """Build what changed (validate checks the same way: :func:`check_exercises`).

    Whether an exercise changed is decided from bytes alone (its file, the images its last build
    used, the shared inputs), never by parsing it: an unchanged file names the same images.
    """
    options = options or Options()
    check_options(options)
    with folder_lock(out):  # two builds into one folder would leave PDFs skipped forever
        return _build(content, out, options, workers or os.cpu_count() or 1, progress)


def _build(
    content: Path,
    out: Path,
    options: Options,
    workers: int,
    progress: Callable[[str, int, int], None] | None,
) -> BuildReport:
    report = BuildReport()
    files, problems = exercise_files([content])
    for problem in problems:
        report.failed.setdefault(problem.path, []).append(problem)
    manifest_path = out / MANIFEST
    previous = read_manifest(manifest_path)
    shared = shared_fingerprint(options)
    jobs = []
    current: dict[str, dict[str, Any]] = {}
    for path in files:
        before = previous.get(path.stem)
        outputs = [out / kind / f"{path.stem}.pdf" for kind in ("cards", "handouts")]
        if before and all(p.is_file() for p in outputs):
            images = [Path(p) for p in before["images"]]
            if fingerprint(file_bytes(path), images, shared) == before["fingerprint"]:
                current[path.stem] = before
                continue
        jobs.append(_Job(path, out, shared))
    done = 0
    try:
        with _workers(options, workers) as run:
            for result in run(jobs):
                done += 1
                if progress:
                    progress(result.slug, done, len(jobs))
                _record(report, current, result)
            if not options.fit_each:
                scales = [e["scale"] for e in current.values() if e.get("scale") is not None]
                report.scale = min(scales, default=None)
                cards = [
                    _Job(path, out, shared, card_at=report.scale)
                    for path in files
                    if path.stem in current and current[path.stem].get("card_at") != report.scale
                ]
                for result in run(cards):
                    done += 1
                    if progress:
                        progress(result.slug, done, len(jobs) + len(cards))
                    _record(report, current, result, card_at=report.scale)
    finally:
        if jobs or report.built:  # keep what was finished, even when interrupted
            data = json.dumps(dict(sorted(current.items())), indent=1).encode()
            try:
                write_atomic(manifest_path, data)
            except CoachcardsError as error:  # reported with, not instead of, the others
                report.failed[str(manifest_path)] = error.problems
    built = {p.stem for p in report.built}
    report.skipped = sorted(s for s in current if s not in built and s not in report.failed)
    return report


def _record(
    report: BuildReport,
    current: dict[str, dict[str, Any]],
    result: _Result,
    card_at: float | None = None,
) -> None:
    """Fold one result into the report and the manifest. An exercise with a problem leaves the
    manifest, so the next build tries it again and reports it again."""
    report.built.extend(result.written)
    report.fallbacks |= result.fallbacks
    if result.problems:
        report.failed.setdefault(result.slug, []).extend(result.problems)
        current.pop(result.stem, None)
    elif card_at is not None:
        current[result.stem]["card_at"] = card_at
    elif result.fingerprint:
        entry: dict[str, Any] = {"fingerprint": result.fingerprint, "images": result.images}
        if result.own_scale is not None:
            entry["scale"] = result.own_scale
        current[result.stem] = entry


def check_exercises(
    paths: list[Path], options: Options | None = None, workers: int | None = None
) -> BuildReport:
    """Everything ``build`` would refuse in these files, found by rendering as build does."""
    options = options or Options()
    jobs = [_Job(path, Path("."), "", dry=True) for path in paths]
    report = BuildReport()
    with _workers(options, workers or os.cpu_count() or 1) as run:
        for result in run(jobs):
            report.fallbacks |= result.fallbacks
            if result.problems:
                report.failed[result.slug] = list(dict.fromkeys(result.problems))  # said once
    return report
