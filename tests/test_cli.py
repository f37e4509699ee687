"""The command line itself: quick to start, helpful when a name or size is wrong."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run


def test_help_does_not_import_the_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from generator.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "names = ('reportlab', 'jinja2', 'yaml', 'starlette', 'uvicorn')\n"
        "heavy = [m for m in names if m in sys.modules]\n"
        "print('heavy:', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert "heavy: []" in result.stdout
    assert "card" in result.stdout and "handout" in result.stdout


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--help"], capture_output=True, text=True, check=True
    )
    assert "build" in result.stdout


def test_an_unknown_exercise_suggests_close_names(library: Path) -> None:
    result = run("card", "weighted-one-leg-hip-trust", "--content", library)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{library / 'exercises'}: no exercise 'weighted-one-leg-hip-trust'; "
        "did you mean weighted-one-leg-hip-thrust?"
    )


def test_an_unknown_page_size_lists_the_known_ones(library: Path) -> None:
    result = run("card", "weighted-one-leg-hip-thrust", "--content", library, "--size", "b5")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "--size: unknown page size 'b5'; choose one of letter, a4, a5, a6, 4x6, 5x8, a3, tabloid"
    )


def test_card_and_handout_default_to_out_folder(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for kind in ("card", "handout"):
        result = run(kind, "weighted-one-leg-hip-thrust", "--content", library)
        assert result.exit_code == 0, result.output
        assert (tmp_path / "out" / f"{kind}s" / "weighted-one-leg-hip-thrust.pdf").is_file()
