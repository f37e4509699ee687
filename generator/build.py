"""``coachcards build``: every exercise's card and handout, in parallel, skipping what is current.

Each exercise is fingerprinted from everything its PDFs depend on (its file, its images, the
templates, the theme, the options and the version); when the fingerprint matches the manifest of
the last build and both PDFs exist, the exercise is skipped. Work is spread over one process per
core; each worker keeps its own Renderer so fonts and templates load once per process. A failure
is reported for that exercise and the build goes on.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from generator import __version__
from generator.content.loader import exercise_files, load_exercise
from generator.errors import CoachcardsError, Problem
from generator.limits import MEMORY_BYTES, TimeLimitExceeded, cap_memory, time_limit
from generator.output import folder_lock, write_atomic
from generator.pipeline import Options, Renderer

MANIFEST = ".coachcards-build.json"
EXERCISE_SECONDS = 60.0
SMALL_BUILD = 8  # below this many exercises, worker start-up costs more than it saves


@dataclass
class BuildReport:
    built: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, list[Problem]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Job:
    path: Path
    out: Path
    fingerprint: str


@dataclass
class _Result:
    slug: str
    fingerprint: str
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _hash_files(digest: hashlib._Hash, files: list[Path]) -> None:
    for path in files:
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())


def _shared_fingerprint(renderer_inputs: list[Path], options: Options) -> str:
    digest = hashlib.sha256(__version__.encode())
    digest.update(repr(sorted(asdict(options).items())).encode())
    _hash_files(digest, renderer_inputs)
    return digest.hexdigest()


def _inputs(options: Options) -> list[Path]:
    """Template, label and theme files that every PDF depends on."""
    from generator.layout.theme import THEMES, load_theme, resolve
    from generator.paths import builtin_templates

    folders = [f for f in (options.templates_dir, builtin_templates(), THEMES) if f is not None]
    found = [p for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()]
    theme = load_theme(options.theme)  # a user theme, and its logo, count too
    extra = [resolve(options.theme)] + ([theme.brand.logo] if theme.brand.logo else [])
    return [*found, *extra]


def _fingerprint(path: Path, shared: str) -> str:
    digest = hashlib.sha256(shared.encode())
    data = path.read_bytes()
    digest.update(data)
    try:
        exercise = load_exercise(path)
    except CoachcardsError:
        return digest.hexdigest()  # it will fail again and be reported
    _hash_files(digest, list(exercise.image_paths))
    return digest.hexdigest()


_worker: Renderer | None = None


def _start_worker(options: Options) -> None:
    global _worker
    _worker = Renderer(options)


def _start_pool_worker(options: Options) -> None:
    """A worker process: its own renderer, and a memory ceiling so one file cannot take all."""
    cap_memory()
    _start_worker(options)


def _render(job: _Job) -> _Result:
    assert _worker is not None
    result = _Result(job.path.stem, job.fingerprint)
    limit = None
    try:
        with time_limit(EXERCISE_SECONDS) as limit:
            exercise = load_exercise(job.path)
            result.slug = exercise.slug
            outputs = {
                job.out / "cards" / f"{exercise.slug}.pdf": _worker.card(exercise),
                job.out / "handouts" / f"{exercise.slug}.pdf": _worker.handout(exercise),
            }
        for target, data in outputs.items():
            result.written.append(write_atomic(target, data))
    except CoachcardsError as error:
        result.problems = error.problems
    except TimeLimitExceeded as exc:
        if exc.limit is not limit:
            raise
        message = f"stopped: rendering took longer than {EXERCISE_SECONDS:g} s"
        result.problems = [Problem(str(job.path), None, message)]
    except MemoryError:
        message = f"stopped: rendering needed more than {MEMORY_BYTES // 1024**3} GiB of memory"
        result.problems = [Problem(str(job.path), None, message)]
    return result


def _run(jobs: list[_Job], options: Options, workers: int) -> Iterator[_Result]:
    if workers <= 1 or len(jobs) < SMALL_BUILD:
        _start_worker(options)
        yield from map(_render, jobs)
        return
    with ProcessPoolExecutor(workers, initializer=_start_pool_worker, initargs=(options,)) as pool:
        try:
            yield from pool.map(_render, jobs, chunksize=4)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def build_library(
    content: Path,
    out: Path,
    options: Options | None = None,
    workers: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> BuildReport:
    options = options or Options()
    with folder_lock(out):  # two builds into one folder would leave PDFs skipped forever
        return _build(content, out, options, workers, progress)


def _build(
    content: Path,
    out: Path,
    options: Options,
    workers: int | None,
    progress: Callable[[str, int, int], None] | None,
) -> BuildReport:
    report = BuildReport()
    files, problems = exercise_files([content])
    for problem in problems:
        report.failed.setdefault(problem.path, []).append(problem)
    manifest_path = out / MANIFEST
    previous = _read_manifest(manifest_path)
    shared = _shared_fingerprint(_inputs(options), options)
    jobs = []
    for path in files:
        fingerprint = _fingerprint(path, shared)
        outputs = [out / kind / f"{path.stem}.pdf" for kind in ("cards", "handouts")]
        if previous.get(path.stem) == fingerprint and all(p.is_file() for p in outputs):
            report.skipped.append(path.stem)
        else:
            jobs.append(_Job(path, out, fingerprint))
    current = {slug: previous[slug] for slug in report.skipped}
    done = 0
    try:
        for result in _run(jobs, options, workers or os.cpu_count() or 1):
            done += 1
            if progress:
                progress(result.slug, done, len(jobs))
            if result.problems:
                report.failed[result.slug] = result.problems
            else:
                report.built.extend(result.written)
                current[result.slug] = result.fingerprint
    finally:
        if jobs:  # keep what was finished, even when interrupted
            data = json.dumps(dict(sorted(current.items())), indent=1).encode()
            try:
                write_atomic(manifest_path, data)
            except CoachcardsError as error:  # reported with, not instead of, the others
                report.failed[str(manifest_path)] = error.problems
    return report


def _read_manifest(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items()}
