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
    app,
    content_dir,
    fail,
    user_errors,
)
from generator.errors import Problem

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
    units: Annotated[
        str | None, typer.Option("--units", help="Print loads in kg or lb, converting numbers.")
    ] = None,
) -> None:
    """Make one client's program packet: cover, schedule, handouts, cards and log sheets."""
    from generator.content.writer import slugify
    from generator.output import write_atomic
    from generator.packet import PacketMaker
    from generator.pipeline import Options

    with user_errors():
        loaded, folder = _program(program, content)
        if units not in (None, "kg", "lb"):
            fail([Problem("--units", None, f"units must be kg or lb, not '{units}'")])
        loaded = loaded.in_units(units)
        options = Options(templates, handout_size=size, grey=grey, theme=theme)
        data = PacketMaker(loaded, folder, options).make(loaded)
        target = output or Path("out") / "packets" / f"{slugify(loaded.client) or 'packet'}.pdf"
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

    with user_errors():
        loaded, folder = _program(program, content)
        rows, problems = read_clients(clients, loaded.slugs())
        options = Options(templates, handout_size=size, theme=theme)
        report = make_packets(loaded, rows, folder, out, options, jobs)
        for problem in problems + report.failed:
            typer.echo(str(problem), err=True)
        failed = len(problems) + len({p.line for p in report.failed})
        typer.echo(f"wrote {len(report.written)} packet(s) in {out}; {failed} row(s) failed")
        if failed:
            raise typer.Exit(1)
