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
from typing import Any

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
    fallbacks: set[str] = field(default_factory=set)  # languages printed with English labels


@dataclass(frozen=True)
class _Job:
    path: Path
    out: Path
    shared: str  # the fingerprint of what every exercise depends on
    dry: bool = False  # validate: render and check everything, write nothing


@dataclass
class _Result:
    slug: str
    fingerprint: str = ""
    images: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fallbacks: set[str] = field(default_factory=set)


def _hash_files(digest: hashlib._Hash, files: list[Path]) -> None:
    for path in files:
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())


def _shared_fingerprint(options: Options) -> str:
    """What every exercise's PDFs depend on: templates, theme chain, logo, fonts, versions."""
    digest = hashlib.sha256(__version__.encode())
    digest.update(repr(sorted(asdict(options).items())).encode())
    inputs, versions = _inputs(options)
    digest.update(repr(versions).encode())
    _hash_files(digest, inputs)
    return digest.hexdigest()


def _inputs(options: Options) -> tuple[list[Path], list[str]]:
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


def _fingerprint(data: bytes, images: list[Path], shared: str) -> str | None:
    """The exercise file's bytes and its images' bytes over the shared inputs; None if an image
    is gone (then it must be rebuilt, and fails with a clear message)."""
    digest = hashlib.sha256(shared.encode())
    digest.update(data)
    try:
        _hash_files(digest, images)
    except OSError:
        return None
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
    """Card and handout, each on its own: a card that is refused never costs the handout."""
    assert _worker is not None
    result = _Result(job.path.stem)
    limit = None
    try:
        with time_limit(EXERCISE_SECONDS) as limit:
            data = job.path.read_bytes()
            exercise = load_exercise(job.path)
            result.slug = exercise.slug
            result.images = [str(p) for p in exercise.image_paths]
            result.fingerprint = _fingerprint(data, list(exercise.image_paths), job.shared) or ""
            kinds = (("cards", _worker.card), ("handouts", _worker.handout))
            for kind, make in kinds:
                try:
                    pdf = make(exercise)
                except CoachcardsError as error:
                    result.problems += error.problems
                    continue
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
    result.fallbacks = set(_worker.templates.fallbacks)
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
    """Build what changed (validate checks the same way: :func:`check_exercises`).

    Whether an exercise changed is decided from bytes alone (its file, the images its last build
    used, the shared inputs), never by parsing it: an unchanged file names the same images.
    """
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
    shared = _shared_fingerprint(options)
    jobs = []
    current: dict[str, dict[str, Any]] = {}
    for path in files:
        before = previous.get(path.stem)
        outputs = [out / kind / f"{path.stem}.pdf" for kind in ("cards", "handouts")]
        if before and all(p.is_file() for p in outputs):
            images = [Path(p) for p in before["images"]]
            if _fingerprint(_bytes(path), images, shared) == before["fingerprint"]:
                report.skipped.append(path.stem)
                current[path.stem] = before
                continue
        jobs.append(_Job(path, out, shared))
    done = 0
    try:
        for result in _run(jobs, options, workers or os.cpu_count() or 1):
            done += 1
            if progress:
                progress(result.slug, done, len(jobs))
            report.built.extend(result.written)
            report.fallbacks |= result.fallbacks
            if result.problems:
                report.failed[result.slug] = result.problems
            elif result.fingerprint:
                current[result.slug] = {"fingerprint": result.fingerprint, "images": result.images}
    finally:
        if jobs:  # keep what was finished, even when interrupted
            data = json.dumps(dict(sorted(current.items())), indent=1).encode()
            try:
                write_atomic(manifest_path, data)
            except CoachcardsError as error:  # reported with, not instead of, the others
                report.failed[str(manifest_path)] = error.problems
    return report


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""  # rebuilt, and the render reports why it cannot be read


def check_exercises(
    paths: list[Path], options: Options | None = None, workers: int | None = None
) -> BuildReport:
    """Everything ``build`` would refuse in these files, found by rendering as build does."""
    options = options or Options()
    jobs = [_Job(path, Path("."), "", dry=True) for path in paths]
    report = BuildReport()
    for result in _run(jobs, options, workers or os.cpu_count() or 1):
        report.fallbacks |= result.fallbacks
        if result.problems:
            report.failed[result.slug] = list(dict.fromkeys(result.problems))  # said once
    return report


def _read_manifest(path: Path) -> dict[str, dict[str, Any]]:
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
