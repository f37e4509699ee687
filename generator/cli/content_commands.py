"""Commands about the library itself: validate, import, list."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from generator.cli import (
    ContentOption,
    ProfileOption,
    TemplatesOption,
    ThemeOption,
    app,
    content_dir,
    fail,
    flags,
    user_errors,
    warn_fallbacks,
)
from generator.errors import CoachcardsError


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders to check.")] = None,
    content: ContentOption = None,
    templates: TemplatesOption = None,
    size: Annotated[
        str | None, typer.Option("--size", help="Card page size to check the fit at.")
    ] = None,
    profile: ProfileOption = None,
    theme: ThemeOption = None,
) -> None:
    """Check exercise and program files as build and packet would, writing nothing.

    Every exercise's card and handout are laid out in memory (glyphs, labels, whether the card
    fits at the size); every problem is reported as path:line: message.
    """
    from generator.build import check_exercises
    from generator.content.loader import load_all
    from generator.pipeline import Options, Renderer
    from generator.program.loader import load_program

    with user_errors():
        folder = content_dir(content)
        options = Options(templates, size, None, False, profile, False, theme, sources=flags())
        renderer = Renderer(options)  # a bad theme, templates folder or size: reported once
        targets = paths or [folder]
        programs = [p for t in targets for p in _program_files(t)]
        exercises, problems = load_all([t for t in targets if t.suffix not in (".yaml", ".yml")])
        renderer.card_page()
        checked = check_exercises([e.path for e in exercises], options)
        problems += [p for found in checked.failed.values() for p in found]
        warn_fallbacks(checked.fallbacks)
        slugs = sorted(
            {e.slug for e in exercises} | {p.stem for p in folder.glob("exercises/*.md")}
        )
        for path in programs:
            try:
                program = load_program(path, slugs)
                renderer.templates.labels(program.language)
                labels = renderer.templates.label_texts.get(program.language, [])
                renderer.checkpoint.require([*program.texts, *labels])
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
