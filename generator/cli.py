"""The command line. The only module that prints or exits; it catches CoachcardsError only.

Heavy libraries (reportlab, jinja2) are imported inside the commands so that ``--help`` and
argument errors answer at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from generator.errors import CoachcardsError, Problem

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Turn exercise write-ups into print-ready cue cards and handouts.",
)

ContentOption = Annotated[
    Path | None,
    typer.Option(
        "--content", help="Content folder (default: ./content, else the built-in library)."
    ),
]
TemplatesOption = Annotated[
    Path | None,
    typer.Option(
        "--templates", help="Your templates folder; its files override the built-in ones."
    ),
]
SizeOption = Annotated[
    str | None,
    typer.Option("--size", help="Page size: letter, a4, a5, a6, 4x6 or 5x8."),
]
LandscapeOption = Annotated[bool, typer.Option("--landscape", help="Turn the page sideways.")]
ProfileOption = Annotated[
    str | None,
    typer.Option("--profile", help="wall: big type for reading across the room, at most 5 cues."),
]
GreyOption = Annotated[bool, typer.Option("--grey", help="No colour, for greyscale printers.")]
ThemeOption = Annotated[
    str | None,
    typer.Option("--theme", help="A built-in theme (default, plain) or a theme .yaml file."),
]


def _fail(problems: list[Problem]) -> None:
    for problem in problems:
        typer.echo(str(problem), err=True)
    raise typer.Exit(1)


@contextmanager
def _user_errors() -> Iterator[None]:
    """Problems become ``path:line: message`` lines and exit 1; Ctrl-C exits 130, files intact."""
    try:
        yield
    except CoachcardsError as error:
        _fail(error.problems)
    except KeyboardInterrupt:
        typer.echo("interrupted: no file was left half-written", err=True)
        raise typer.Exit(130) from None


def _content_dir(content: Path | None) -> Path:
    from generator.paths import default_content

    return content if content is not None else default_content()


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders to check.")] = None,
    content: ContentOption = None,
) -> None:
    """Check exercise and program files; report every problem as path:line: message."""
    from generator.content.loader import load_all
    from generator.program.loader import load_program

    with _user_errors():
        folder = _content_dir(content)
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
            _fail(problems)
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

    with _user_errors():
        written, problems = import_files(files, to, force, fmt)
        for path in written[:20]:
            typer.echo(f"wrote {path}")
        if len(written) > 20:
            typer.echo(f"... and {len(written) - 20} more ({len(written)} exercises in all)")
        if problems:
            _fail(problems)


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
) -> None:
    from generator.content.loader import find_exercise, load_exercise
    from generator.output import write_atomic
    from generator.pipeline import Options, Renderer

    with _user_errors():
        loaded = load_exercise(find_exercise(exercise, _content_dir(content)))
        options = Options(
            templates,
            card_size=size,
            handout_size=size,
            landscape=landscape,
            profile=profile,
            grey=grey,
            theme=theme,
        )
        renderer = Renderer(options)
        render: Callable[..., bytes] = renderer.card if kind == "card" else renderer.handout
        data = render(loaded)
        target = output or Path("out") / f"{kind}s" / f"{loaded.slug}.pdf"
        write_atomic(target, data)
        typer.echo(f"wrote {target}")


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
) -> None:
    """Make a one-page cue card (default size A5)."""
    _render_one("card", exercise, output, content, templates, size, landscape, profile, grey, theme)


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
) -> None:
    """Make a handout with everything the exercise file says (default size Letter)."""
    _render_one("handout", exercise, output, content, templates, size, landscape, None, grey, theme)


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
) -> None:
    """Make every exercise's card and handout: OUT/cards/<slug>.pdf, OUT/handouts/<slug>.pdf.

    Exercises whose files, images, templates and options have not changed since the last build
    are skipped.
    """
    import sys

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from generator.build import build_library
    from generator.pipeline import Options

    with _user_errors():
        options = Options(templates, card_size, handout_size, landscape, profile, grey, theme)
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

            report = build_library(_content_dir(content), out, options, jobs, progress)
        for problems in report.failed.values():
            for problem in problems:
                typer.echo(str(problem), err=True)
        typer.echo(
            f"built {len(report.built)} file(s), skipped {len(report.skipped)} unchanged "
            f"exercise(s), {len(report.failed)} failed; output in {out}"
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
) -> None:
    """Print several cue cards per sheet of paper, with crop marks (and backs for duplex)."""
    from generator.content.catalog import matching
    from generator.content.loader import find_exercise, load_all, load_exercise
    from generator.output import write_atomic
    from generator.pipeline import Options, Renderer

    with _user_errors():
        folder = _content_dir(content)
        chosen = []
        problems: list[Problem] = []
        for ref in exercises or []:
            if Path(ref).is_dir():
                found, found_problems = load_all([Path(ref)])
                chosen += found
                problems += found_problems
            else:
                try:
                    chosen.append(load_exercise(find_exercise(ref, folder)))
                except CoachcardsError as error:
                    problems += error.problems
        if tag or muscle:
            library, library_problems = load_all([folder])
            chosen += matching(library, tag=tag, muscle=muscle)
            problems += library_problems
        if problems:
            _fail(problems)
        if not chosen:
            _fail([Problem("sheet", None, "no exercises chosen: name some, or use --tag/--muscle")])
        options = Options(
            templates,
            card_size=card_size,
            landscape=landscape,
            profile=profile,
            grey=grey,
            theme=theme,
        )
        data = Renderer(options).sheet(chosen, paper, bleed, backs)
        write_atomic(output, data)
        typer.echo(f"wrote {output} ({len(chosen)} card(s))")


@app.command()
def preview(
    pdf: Annotated[Path, typer.Argument(help="A PDF made by coachcards (or any PDF).")],
    out: Annotated[Path | None, typer.Option("--out", help="Folder for the PNGs.")] = None,
    dpi: Annotated[int, typer.Option("--dpi", help="Resolution of the images.")] = 110,
) -> None:
    """Write a PNG image of every page of a PDF, to look at or to put in a web page."""
    from generator.preview import write_previews

    with _user_errors():
        for path in write_previews(pdf, out or pdf.parent, dpi):
            typer.echo(f"wrote {path}")


def _program(path: Path, content: Path) -> tuple[object, Path]:
    from generator.program.loader import load_program

    folder = _content_dir(content)
    slugs = sorted(p.stem for p in (folder / "exercises").glob("*.md"))
    return load_program(path, slugs), folder


@app.command()
def packet(
    program: Annotated[Path, typer.Argument(help="A program file (content/programs/*.yaml).")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="PDF to write.")] = None,
    content: ContentOption = None,
    templates: TemplatesOption = None,
    size: SizeOption = None,
    grey: GreyOption = False,
    theme: ThemeOption = None,
    units: Annotated[
        str | None, typer.Option("--units", help="Print loads in kg or lb, converting numbers.")
    ] = None,
) -> None:
    """Make one client's program packet: cover, schedule, handouts, cards and log sheets."""
    from generator.content.writer import slugify
    from generator.output import write_atomic
    from generator.packet import PacketMaker
    from generator.pipeline import Options

    with _user_errors():
        loaded, folder = _program(program, content)
        if units not in (None, "kg", "lb"):
            _fail([Problem("--units", None, f"units must be kg or lb, not '{units}'")])
        loaded = loaded.in_units(units)  # type: ignore[attr-defined]
        options = Options(templates, handout_size=size, grey=grey, theme=theme)
        data = PacketMaker(loaded, folder, options).make(loaded)  # type: ignore[arg-type]
        target = output or Path("out") / "packets" / f"{slugify(loaded.client) or 'packet'}.pdf"  # type: ignore[attr-defined]
        write_atomic(target, data)
        typer.echo(f"wrote {target}")


@app.command()
def packets(
    program: Annotated[Path, typer.Argument(help="A program file (content/programs/*.yaml).")],
    clients: Annotated[
        Path, typer.Option("--clients", help="CSV: client, and optional <exercise>.load/.notes.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Folder for the packets.")] = Path(
        "out/packets"
    ),
    content: ContentOption = None,
    templates: TemplatesOption = None,
    size: SizeOption = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Worker processes (default: one per core).")
    ] = None,
    theme: ThemeOption = None,
) -> None:
    """Make a packet for every client in a CSV file; a bad row is reported and the rest build."""
    from generator.packet import make_packets
    from generator.pipeline import Options
    from generator.program.clients import read_clients

    with _user_errors():
        loaded, folder = _program(program, content)
        rows, problems = read_clients(clients, loaded.slugs())  # type: ignore[attr-defined]
        options = Options(templates, handout_size=size, theme=theme)
        report = make_packets(loaded, rows, folder, out, options, jobs)  # type: ignore[arg-type]
        for problem in problems + report.failed:
            typer.echo(str(problem), err=True)
        failed = len(problems) + len({p.line for p in report.failed})
        typer.echo(f"wrote {len(report.written)} packet(s) in {out}; {failed} row(s) failed")
        if failed:
            raise typer.Exit(1)


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
    from generator.content.catalog import matching, table
    from generator.content.loader import load_all

    with _user_errors():
        exercises, problems = load_all([_content_dir(content)])
        chosen = matching(exercises, tag=tag, muscle=muscle, equipment=equipment)
        typer.echo(table(chosen), nl=False)
        if problems:
            typer.echo(
                f"({len(problems)} problem(s) in the library: run coachcards validate)", err=True
            )


def main() -> None:
    app()
