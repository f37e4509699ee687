"""Commands about the library itself: validate, import, list."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from generator.cli import (
    ContentOption,
    app,
    content_dir,
    fail,
    user_errors,
)
from generator.errors import CoachcardsError


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders to check.")] = None,
    content: ContentOption = None,
) -> None:
    """Check exercise and program files; report every problem as path:line: message."""
    from generator.content.loader import load_all
    from generator.program.loader import load_program

    with user_errors():
        folder = content_dir(content)
        targets = paths or [folder]
        programs = [p for t in targets for p in _program_files(t)]
        exercises, problems = load_all([t for t in targets if t.suffix not in (".yaml", ".yml")])
        slugs = sorted(
            {e.slug for e in exercises} | {p.stem for p in folder.glob("exercises/*.md")}
        )
        for path in programs:
            try:
                load_program(path, slugs)
            except CoachcardsError as error:
                problems += error.problems
        if problems:
            fail(problems)
        typer.echo(f"{len(exercises)} exercise(s) and {len(programs)} program(s) OK")


def _program_files(target: Path) -> list[Path]:
    if target.suffix in (".yaml", ".yml"):
        return [target]
    if target.is_dir() and (target / "programs").is_dir():
        return sorted((target / "programs").glob("*.yaml"))
    return []


@app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(help="Plain-text exercise files to import.")],
    to: Annotated[Path, typer.Option("--to", help="Folder to write the .md files into.")],
    force: Annotated[bool, typer.Option("--force", help="Replace existing files.")] = False,
    fmt: Annotated[
        str, typer.Option("--format", help="text (the seed's plain layout) or everkinetic (JSON).")
    ] = "text",
) -> None:
    """Import exercises into content files: plain-text write-ups or the Everkinetic dataset."""
    from generator.content.importing import import_files

    with user_errors():
        written, problems = import_files(files, to, force, fmt)
        for path in written[:20]:
            typer.echo(f"wrote {path}")
        if len(written) > 20:
            typer.echo(f"... and {len(written) - 20} more ({len(written)} exercises in all)")
        if problems:
            fail(problems)


@app.command("list")
def list_(
    content: ContentOption = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Only exercises with this tag.")] = None,
    muscle: Annotated[
        str | None, typer.Option("--muscle", help="Only exercises working this muscle.")
    ] = None,
    equipment: Annotated[
        str | None, typer.Option("--equipment", help="Only exercises using this equipment.")
    ] = None,
) -> None:
    """Show the library as a table: slug, name, muscles, equipment, tags."""
    from generator.content.catalog import matching, no_match_hint, table
    from generator.content.loader import load_all

    with user_errors():
        exercises, problems = load_all([content_dir(content)])
        chosen = matching(exercises, tag=tag, muscle=muscle, equipment=equipment)
        typer.echo(table(chosen), nl=False)
        if not chosen and (tag or muscle or equipment):
            hint = no_match_hint(exercises, tag=tag, muscle=muscle, equipment=equipment)
            typer.echo(hint, err=True)
        if problems:
            typer.echo(
                f"({len(problems)} problem(s) in the library: run coachcards validate)", err=True
            )
