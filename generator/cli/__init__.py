"""The command line. The only module that prints or exits; it catches CoachcardsError only.

Heavy libraries (reportlab, jinja2) are imported inside the commands so that ``--help`` and
argument errors answer at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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
UntaggedOption = Annotated[
    bool,
    typer.Option(
        "--untagged",
        help="Leave out the accessibility tags (structure tree); only for a printer that chokes.",
    ),
]


# How problems name where an option's value came from: the flag typed (pipeline.Options.sources)
FLAGS = (
    ("card_size", "--size"),
    ("handout_size", "--size"),
    ("theme", "--theme"),
    ("profile", "--profile"),
    ("bleed_mm", "--bleed"),
    ("paper", "--paper"),
)


def flags(**renamed: str) -> tuple[tuple[str, str], ...]:
    """FLAGS, with a command's own names (``card_size="--card-size"`` for ``sheet``)."""
    return tuple((name, renamed.get(name, flag)) for name, flag in FLAGS)


def fail(problems: list[Problem]) -> None:
    for problem in problems:
        typer.echo(str(problem), err=True)
    raise typer.Exit(1)


def warn_fallbacks(languages: Iterable[str]) -> None:
    """One warning line per language printed with English labels, once per run."""
    from generator.render.templates import fallback_warning

    for language in sorted(set(languages)):
        typer.echo(fallback_warning(language), err=True)


@contextmanager
def user_errors() -> Iterator[None]:
    """Problems become ``path:line: message`` lines and exit 1; Ctrl-C exits 130, files intact."""
    try:
        yield
    except CoachcardsError as error:
        fail(error.problems)
    except KeyboardInterrupt as stop:  # Ctrl-C, or SIGTERM (generator.output.Terminated)
        from generator.launch import Terminated

        typer.echo("interrupted: no file was left half-written", err=True)
        raise typer.Exit(143 if isinstance(stop, Terminated) else 130) from None
    except MemoryError:
        typer.echo("stopped: this needed more memory than coachcards allows itself", err=True)
        raise typer.Exit(1) from None


def content_dir(content: Path | None) -> Path:
    from generator.paths import default_content

    return content if content is not None else default_content()


def main() -> None:
    from generator.launch import main as launch

    launch()


# The commands live beside this module, grouped by what they make; importing them registers
# them on `app`. They import heavy libraries only inside the commands.
from generator.cli import (  # noqa: E402, F401
    content_commands,
    document_commands,
    program_commands,
    web_commands,
)
