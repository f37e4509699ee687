"""Commands that make PDFs of exercises: card, handout, build, sheet, and preview."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from generator.cli import (
    ContentOption,
    GreyOption,
    LandscapeOption,
    ProfileOption,
    SizeOption,
    TemplatesOption,
    ThemeOption,
    UntaggedOption,
    app,
    content_dir,
    fail,
    flags,
    user_errors,
    warn_fallbacks,
)
from generator.errors import CoachcardsError, Problem


def _render_one(
    kind: str,
    exercise: str,
    output: Path | None,
    content: Path | None,
    templates: Path | None,
    size: str | None,
    landscape: bool,
    profile: str | None = None,
    grey: bool = False,
    theme: str | None = None,
    untagged: bool = False,
    bleed: float = 0.0,
) -> None:
    from generator.content.loader import find_exercise, load_exercise
    from generator.output import write_atomic
    from generator.pipeline import Options, Renderer

    with user_errors():
        loaded = load_exercise(find_exercise(exercise, content_dir(content)))
        options = Options(
            templates,
            card_size=size,
            handout_size=size,
            landscape=landscape,
            profile=profile,
            grey=grey,
            theme=theme,
            untagged=untagged,
            bleed_mm=bleed,
            sources=flags(),
        )
        if not 0 <= bleed <= 10:
            raise CoachcardsError.single("--bleed", "bleed must be between 0 and 10 mm")
        renderer = Renderer(options)
        render: Callable[..., bytes] = renderer.card if kind == "card" else renderer.handout
        data = render(loaded)
        warn_fallbacks(renderer.templates.fallbacks)
        target = output or Path("out") / f"{kind}s" / f"{loaded.slug}.pdf"
        target = write_atomic(target, data)
        typer.echo(f"wrote {target}")


FitOption = Annotated[
    str,
    typer.Option(
        "--fit", help="'set': one type scale for every card (default); 'each': fit each card alone."
    ),
]


def _fit_each(fit: str) -> bool:
    if fit not in ("set", "each"):
        fail([Problem("--fit", None, f"--fit is 'set' or 'each', not '{fit}'")])
    return fit == "each"


@app.command()
def card(
    exercise: Annotated[str, typer.Argument(help="An exercise slug or a path to its .md file.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="PDF to write.")] = None,
    content: ContentOption = None,
    templates: TemplatesOption = None,
    size: SizeOption = None,
    landscape: LandscapeOption = False,
    profile: ProfileOption = None,
    grey: GreyOption = False,
    theme: ThemeOption = None,
    untagged: UntaggedOption = False,
    bleed: Annotated[
        float, typer.Option("--bleed", help="Bleed in mm for a print shop; sets TrimBox/BleedBox.")
    ] = 0,
) -> None:
    """Make a one-page cue card (default size A5)."""
    _render_one(
        "card",
        exercise,
        output,
        content,
        templates,
        size,
        landscape,
        profile,
        grey,
        theme,
        untagged,
        bleed,
    )


@app.command()
def handout(
    exercise: Annotated[str, typer.Argument(help="An exercise slug or a path to its .md file.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="PDF to write.")] = None,
    content: ContentOption = None,
    templates: TemplatesOption = None,
    size: SizeOption = None,
    landscape: LandscapeOption = False,
    grey: GreyOption = False,
    theme: ThemeOption = None,
    untagged: UntaggedOption = False,
) -> None:
    """Make a handout with everything the exercise file says (default size Letter)."""
    _render_one(
        "handout",
        exercise,
        output,
        content,
        templates,
        size,
        landscape,
        None,
        grey,
        theme,
        untagged,
    )


@app.command()
def build(
    content: ContentOption = None,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("out"),
    templates: TemplatesOption = None,
    card_size: Annotated[str | None, typer.Option("--card-size", help="Card page size.")] = None,
    handout_size: Annotated[
        str | None, typer.Option("--handout-size", help="Handout page size.")
    ] = None,
    landscape: LandscapeOption = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Worker processes (default: one per core).")
    ] = None,
    profile: ProfileOption = None,
    grey: GreyOption = False,
    theme: ThemeOption = None,
    untagged: UntaggedOption = False,
    fit: FitOption = "set",
) -> None:
    """Make every exercise's card and handout: OUT/cards/<slug>.pdf, OUT/handouts/<slug>.pdf.

    Every card is set at one type scale, the largest all of them can take (--fit each: every
    card at its own largest size). Exercises whose files, images, templates and options have
    not changed since the last build are skipped.
    """
    import sys

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from generator.build import build_library
    from generator.pipeline import Options

    with user_errors():
        options = Options(
            templates,
            card_size,
            handout_size,
            landscape,
            profile,
            grey,
            theme,
            untagged,
            fit_each=_fit_each(fit),
            sources=flags(card_size="--card-size", handout_size="--handout-size"),
        )
        bar = Progress(
            TextColumn("{task.description:<40}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=Console(stderr=True),
            transient=True,
            disable=not sys.stderr.isatty(),
        )
        with bar:
            task = bar.add_task("starting", total=None)

            def progress(slug: str, done: int, total: int) -> None:
                bar.update(task, description=slug[:40], completed=done, total=total)

            report = build_library(content_dir(content), out, options, jobs, progress)
        warn_fallbacks(report.fallbacks)
        for problems in report.failed.values():
            for problem in problems:
                typer.echo(str(problem), err=True)
        scale = f"; cards share one {report.scale:g} pt type scale" if report.scale else ""
        typer.echo(
            f"built {len(report.built)} file(s), skipped {len(report.skipped)} unchanged "
            f"exercise(s), {len(report.failed)} failed{scale}; output in {out}"
        )
        if report.failed:
            raise typer.Exit(1)


@app.command()
def sheet(
    exercises: Annotated[
        list[str] | None,
        typer.Argument(help="Exercise slugs, .md files or folders (or use --tag / --muscle)."),
    ] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="PDF to write.")] = Path(
        "out/sheet.pdf"
    ),
    content: ContentOption = None,
    templates: TemplatesOption = None,
    paper: Annotated[str, typer.Option("--paper", help="a4, letter, a3 or tabloid.")] = "a4",
    card_size: Annotated[
        str | None, typer.Option("--card-size", help="Card size (default A5).")
    ] = None,
    landscape: LandscapeOption = False,
    bleed: Annotated[
        float, typer.Option("--bleed", help="Bleed in mm; sets TrimBox/BleedBox.")
    ] = 0,
    backs: Annotated[
        bool, typer.Option("--backs", help="Add card backs for duplex, flipped on the long edge.")
    ] = False,
    tag: Annotated[str | None, typer.Option("--tag", help="All exercises with this tag.")] = None,
    muscle: Annotated[
        str | None, typer.Option("--muscle", help="All exercises working this muscle.")
    ] = None,
    profile: ProfileOption = None,
    grey: GreyOption = False,
    theme: ThemeOption = None,
    untagged: UntaggedOption = False,
    fit: FitOption = "set",
) -> None:
    """Print several cue cards per sheet of paper, with crop marks (and backs for duplex).

    Every card of the sheet is set at one type scale (the largest every card can take);
    ``--fit each`` fits each card on its own instead.
    """
    from generator.content.selection import select_exercises
    from generator.output import write_atomic
    from generator.pipeline import Options, Renderer

    with user_errors():
        folder = content_dir(content)
        selection = select_exercises(exercises or [], folder, tag=tag, muscle=muscle)
        chosen = selection.exercises
        for problem in selection.skipped:
            typer.echo(str(problem), err=True)
        if selection.skipped:
            files = len({p.path for p in selection.skipped})
            typer.echo(
                f"warning: {files} file(s) of the library with problems (above) left out of "
                "the sheet",
                err=True,
            )
        if selection.problems:
            fail(selection.problems)
        options = Options(
            templates,
            card_size=card_size,
            landscape=landscape,
            profile=profile,
            grey=grey,
            theme=theme,
            untagged=untagged,
            fit_each=_fit_each(fit),
            sources=flags(card_size="--card-size"),
        )
        renderer = Renderer(options)
        data = renderer.sheet(chosen, paper, bleed, backs)
        output = write_atomic(output, data)
        typer.echo(f"wrote {output} ({len(chosen)} card(s))")
        note = renderer.sheet_note(paper, bleed)
        if note:
            typer.echo(f"note: {note}")


@app.command()
def preview(
    pdf: Annotated[Path, typer.Argument(help="A PDF made by coachcards (or any PDF).")],
    out: Annotated[Path | None, typer.Option("--out", help="Folder for the PNGs.")] = None,
    dpi: Annotated[int, typer.Option("--dpi", help="Resolution of the images.")] = 110,
) -> None:
    """Write a PNG image of every page of a PDF, to look at or to put in a web page."""
    from generator.preview import write_previews

    with user_errors():
        for path in write_previews(pdf, out or pdf.parent, dpi):
            typer.echo(f"wrote {path}")
