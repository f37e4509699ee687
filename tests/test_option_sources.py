"""A problem with an option names the value and where it came from: the flag the user typed,
or the Python API's argument; never a flag of another command (#11 item 14)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, run

from generator import api
from generator.errors import CoachcardsError

LIBRARY = ROOT / "content"
PROGRAM = LIBRARY / "programs" / "upper-body-basics.yaml"
SIZES = "letter, a4, a5, a6, 4x6, 5x8, a3, tabloid"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["card", "pull-ups", "--size", "b9"], f"--size: unknown page size 'b9'; choose one of {SIZES}"),  # noqa: E501
        (["handout", "pull-ups", "--size", "b9"], "--size: unknown page size 'b9'"),
        (["sheet", "pull-ups", "--card-size", "b9"], "--card-size: unknown page size 'b9'"),
        (["sheet", "pull-ups", "--paper", "b9"], "--paper: unknown page size 'b9'"),
        (["sheet", "pull-ups", "--paper", "a4", "--card-size", "a3"], "--card-size: a A3 card does not fit"),  # noqa: E501
        (["sheet", "pull-ups", "--bleed", "11"], "--bleed: bleed must be between 0 and 10 mm"),
        (["build", "--card-size", "b9"], "--card-size: unknown page size 'b9'"),
        (["build", "--handout-size", "b9"], "--handout-size: unknown page size 'b9'"),
        (["packet", PROGRAM, "--size", "b9"], "--size: unknown page size 'b9'"),
        (["validate", "--size", "b9"], "--size: unknown page size 'b9'"),
        (["card", "pull-ups", "--theme", "nosuch"], "--theme: no built-in theme 'nosuch'"),
        (["card", "pull-ups", "--profile", "nosuch"], "--profile: unknown profile 'nosuch'"),
    ],
    ids=lambda value: "-".join(map(str, value))[:40] if isinstance(value, list) else "",
)  # fmt: skip
def test_cli_problems_name_the_flag_that_was_typed(
    tmp_path: Path, args: list[object], expected: str
) -> None:
    out = ["--out", tmp_path / "out"] if args[0] == "build" else ["-o", tmp_path / "x.pdf"]
    if args[0] == "validate":
        out = []
    result = run(*args, "--content", LIBRARY, *out)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(expected), result.stderr
    assert len(lines) == 1, "one problem, not one per exercise"
    assert not any(tmp_path.rglob("*.pdf"))


@pytest.mark.parametrize(
    ("render", "keywords", "expected"),
    [
        (api.render_card, {"size": "b9"}, "argument 'size': unknown page size 'b9'"),
        (api.render_handout, {"size": "b9"}, "argument 'size': unknown page size 'b9'"),
        (api.render_card, {"theme": "nosuch"}, "argument 'theme': no built-in theme 'nosuch'"),
        (api.render_card, {"profile": "x"}, "argument 'profile': unknown profile 'x'"),
    ],
)
def test_api_problems_name_the_argument(render: object, keywords: dict, expected: str) -> None:
    with pytest.raises(CoachcardsError) as caught:
        render("pull-ups", content=LIBRARY, **keywords)  # type: ignore[operator]
    assert str(caught.value).startswith(expected)


def test_api_packet_problems_name_the_argument() -> None:
    with pytest.raises(CoachcardsError) as caught:
        api.render_packet(PROGRAM, content=LIBRARY, size="b9")
    assert str(caught.value).startswith("argument 'size': unknown page size 'b9'")
    with pytest.raises(CoachcardsError) as caught:
        api.render_packet(PROGRAM, content=LIBRARY, units="stone")
    assert str(caught.value) == "argument 'units': units must be kg or lb, not 'stone'"
    result = run("packet", PROGRAM, "--content", LIBRARY, "--units", "stone")
    assert result.stderr.strip() == "--units: units must be kg or lb, not 'stone'"


def test_no_layout_code_names_a_cli_flag() -> None:
    """Where a value came from is threaded in (pipeline.Options.sources), never hardcoded as
    the place of a problem below the CLI."""
    names = "size|card-size|handout-size|theme|bleed|profile|paper|units"
    flag = re.compile(rf"""(single|Problem)\(\s*["']--({names})["']""")
    files = [
        *(ROOT / "generator").glob("*.py"),
        *(ROOT / "generator").glob("*/*.py"),
    ]
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted(files)
        if path.parent.name != "cli" and flag.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
