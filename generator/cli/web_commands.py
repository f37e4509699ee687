"""``coachcards serve``: the local web page. Its libraries are imported only when it runs."""

from __future__ import annotations

from typing import Annotated

import typer

from generator.cli import ContentOption, TemplatesOption, ThemeOption, app, fail, user_errors
from generator.errors import Problem

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command()
def serve(
    port: Annotated[
        int, typer.Option("--port", help="Port to listen on (default: a free one).")
    ] = 0,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to listen on. Default 127.0.0.1: only this computer can open the page.",
        ),
    ] = "127.0.0.1",
    content: ContentOption = None,
    templates: TemplatesOption = None,
    theme: ThemeOption = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Print the address without opening a browser.")
    ] = False,
) -> None:
    """A local web page: search the library, build a program, watch its packet, download it."""
    from generator.cli import content_dir
    from generator.web.server import build
    from generator.web.server import serve as run

    with user_errors():
        if not 0 <= port <= 65535:
            fail([Problem("--port", None, "port must be from 0 to 65535")])
        folder = content_dir(content)
        if not (folder / "exercises").is_dir():
            fail([Problem(str(folder), None, "no 'exercises' folder here")])
        if templates is not None and not templates.is_dir():
            fail([Problem(str(templates), None, "templates must be a folder")])
        if theme is not None:  # a typo is said now, not on the page's first preview
            from generator.layout.theme import load_theme

            load_theme(theme, source="--theme")
        if host not in LOOPBACK:
            typer.echo(
                f"warning: listening on {host}: other computers on the network can open this "
                "page, see the exercise library and make PDFs. Use it only on a network you trust.",
                err=True,
            )
        site = build(folder, templates, theme, content is not None)
        try:
            run(site, host, port, not no_browser, typer.echo)
        except OSError as exc:
            fail([Problem(f"{host}:{port}", None, f"cannot listen: {exc.strerror or exc}")])
