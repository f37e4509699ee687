"""``coachcards build``: every exercise's card and handout, reporting failures per exercise."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.content.loader import exercise_files, load_exercise
from generator.errors import CoachcardsError, Problem
from generator.output import write_atomic
from generator.pipeline import Options, Renderer


@dataclass
class BuildReport:
    built: list[Path] = field(default_factory=list)
    failed: dict[str, list[Problem]] = field(default_factory=dict)


def build_library(content: Path, out: Path, options: Options | None = None) -> BuildReport:
    """Render everything into memory per exercise first; write only what rendered whole."""
    report = BuildReport()
    files, problems = exercise_files([content])
    for problem in problems:
        report.failed.setdefault(problem.path, []).append(problem)
    renderer = Renderer(options or Options())
    for path in files:
        try:
            exercise = load_exercise(path)
            outputs = {
                out / "cards" / f"{exercise.slug}.pdf": renderer.card(exercise),
                out / "handouts" / f"{exercise.slug}.pdf": renderer.handout(exercise),
            }
            for target, data in outputs.items():
                write_atomic(target, data)
                report.built.append(target)
        except CoachcardsError as error:
            report.failed[path.stem] = error.problems
    return report
