"""Commands that make program packets: packet, packets."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from generator.cli import (
    ContentOption,
    GreyOption,
    SizeOption,
    TemplatesOption,
    ThemeOption,
    UntaggedOption,
    app,
    content_dir,
    user_errors,
    warn_fallbacks,
)

UnitsOption = Annotated[
    str | None, typer.Option("--units", help="Print loads in kg or lb, converting numbers.")
]

PACKET_FLAGS = {"size": "--size", "theme": "--theme", "units": "--units"}

if TYPE_CHECKING:
    from generator.program.model import Program


def _program(path: Path, content: Path | None) -> tuple[Program, Path]:
    from generator.program.loader import load_program

    folder = content_dir(content)
    slugs = sorted(p.stem for p in (folder / "exercises").glob("*.md"))
    return load_program(path, slugs), folder


def _warn_label_fallbacks(program: Program, folder: Path, templates: Path | None) -> None:
    """The one-line warning ``build`` prints for each language with no labels (English labels
    are printed instead): the packet's own language and its exercises'. Read here, in the
    command, because ``packets`` renders in worker processes."""
    from generator.content.loader import find_exercise, load_exercise
    from generator.errors import CoachcardsError
    from generator.render.templates import Templates

    languages = {program.language}
    for slug in program.slugs():
        try:
            languages.add(load_exercise(find_exercise(slug, folder)).language)
        except CoachcardsError:
            continue  # the packet itself reports it
    labels = Templates(templates)
    for language in sorted(languages):
        labels.labels(language)
    warn_fallbacks(labels.fallbacks)


@app.command()
def packet(
    program: Annotated[Path, typer.Argument(help="A program file (content/programs/*.yaml).")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="PDF to write.")] = None,
    content: ContentOption = None,
    templates: TemplatesOption = None,
    size: SizeOption = None,
    grey: GreyOption = False,
    theme: ThemeOption = None,
    units: UnitsOption = None,
    untagged: UntaggedOption = False,
) -> None:
    """Make one client's program packet: cover, schedule, handouts, cards and log sheets."""
    from generator.api import render_packet
    from generator.content.writer import slugify
    from generator.output import write_atomic

    with user_errors():
        loaded, folder = _program(program, content)
        data = render_packet(
            loaded,
            content=folder,
            templates=templates,
            theme=theme,
            size=size,
            units=units,
            grey=grey,
            untagged=untagged,
            named=PACKET_FLAGS,
        )
        _warn_label_fallbacks(loaded, folder, templates)
        target = output or Path("out") / "packets" / f"{slugify(loaded.client) or 'packet'}.pdf"
        target = write_atomic(target, data)
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
    units: UnitsOption = None,
    grey: GreyOption = False,
    untagged: UntaggedOption = False,
) -> None:
    """Make a packet for every client in a CSV file; a bad row is reported and the rest build."""
    from concurrent.futures import Executor, ProcessPoolExecutor

    from generator.api import InlineExecutor, render_packets

    with user_errors():
        loaded, folder = _program(program, content)  # a bad program: reported before any worker
        executor: Executor | None = None  # None: render_packets picks (a pool per core)
        if jobs is not None:
            executor = ProcessPoolExecutor(jobs) if jobs > 1 else InlineExecutor()
        try:
            report = render_packets(
                program,
                clients,
                out,
                executor=executor,
                content=content_dir(content),
                templates=templates,
                theme=theme,
                size=size,
                units=units,
                grey=grey,
                untagged=untagged,
                named=PACKET_FLAGS,
            )
        finally:
            if executor is not None:
                executor.shutdown(cancel_futures=True)
        _warn_label_fallbacks(loaded, folder, templates)
        for problem in report.failed:
            typer.echo(str(problem), err=True)
        failed = report.failed_rows
        typer.echo(f"wrote {len(report.written)} packet(s) in {out}; {failed} row(s) failed")
        if failed:
            raise typer.Exit(1)
