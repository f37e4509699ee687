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
)

UnitsOption = Annotated[
    str | None, typer.Option("--units", help="Print loads in kg or lb, converting numbers.")
]

if TYPE_CHECKING:
    from generator.program.model import Program


def _program(path: Path, content: Path | None) -> tuple[Program, Path]:
    from generator.program.loader import load_program

    folder = content_dir(content)
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
        )
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
        _program(program, content)  # a bad program is reported before any worker starts
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
            )
        finally:
            if executor is not None:
                executor.shutdown(cancel_futures=True)
        for problem in report.failed:
            typer.echo(str(problem), err=True)
        failed = report.failed_rows
        typer.echo(f"wrote {len(report.written)} packet(s) in {out}; {failed} row(s) failed")
        if failed:
            raise typer.Exit(1)
