"""Helpers shared by the tests: run the CLI, read PDFs back, write exercise files."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
import pytest
from typer.testing import CliRunner

from generator.cli import app

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED = DATA / "seed" / "weighted-one-leg-hip-thrust.txt"
SEED_MD = ROOT / "content" / "exercises" / "weighted-one-leg-hip-thrust.md"
MM = 72 / 25.4


@pytest.fixture(scope="session", autouse=True)
def font_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The session's own font cache (static cuts of the script fonts), never the user's:
    made empty for each session and shared by all its tests and the processes they start.
    ``COACHCARDS_TEST_CACHE`` names a folder to keep between sessions instead."""
    kept = os.environ.get("COACHCARDS_TEST_CACHE")
    folder = Path(kept) if kept else tmp_path_factory.mktemp("font-cache")
    old = os.environ.get("COACHCARDS_CACHE")
    os.environ["COACHCARDS_CACHE"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("COACHCARDS_CACHE", None)
    else:
        os.environ["COACHCARDS_CACHE"] = old


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once per test session (the install and packaging tests)."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (built,) = dist.glob("coachcards-*.whl")
    return built


def run(*args: object) -> Any:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def squash(text: str) -> str:
    """Text with all white space removed: immune to where lines wrap or long words split."""
    return re.sub(r"\s+", "", text)


def body_text(path: Path, footer: str) -> str:
    """The handout's text in reading order, with each page's running footer taken out."""
    pages = []
    for number, text in enumerate(page_texts(path), start=1):
        pattern = rf"\s*{re.escape(footer)}\s*Page {number} of \d+\s*$"
        stripped, count = re.subn(pattern, "", text)
        assert count == 1, f"page {number} has no footer '{footer} ... Page {number} of N'"
        pages.append(stripped)
    return "\n".join(pages)


def assert_in_order(expected: list[str], text: str) -> None:
    """Every expected piece appears in ``text``, each after the one before."""
    haystack = squash(text)
    position = 0
    for piece in expected:
        found = haystack.find(squash(piece), position)
        assert found >= 0, f"missing or out of order: {piece[:80]!r}"
        position = found + len(squash(piece))


def chars(path: Path) -> list[tuple[int, dict]]:
    """Every drawn character with its page number, from pdfplumber."""
    found: list[tuple[int, dict]] = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            size = {"page_width": page.width, "page_height": page.height}
            found.extend((number, {**c, **size}) for c in page.chars)
    return found


def assert_glyphs_inside(path: Path, margin: float = 0.0) -> None:
    placed = chars(path)
    assert placed, "no text drawn"
    for number, c in placed:
        assert c["x0"] >= margin - 0.5 and c["x1"] <= c["page_width"] - margin + 0.5, (number, c)
        assert c["top"] >= margin - 0.5 and c["bottom"] <= c["page_height"] - margin + 0.5, (
            number,
            c["text"],
        )


def write_exercise(folder: Path, slug: str, text: str) -> Path:
    path = folder / "exercises" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A content folder holding the seed exercise, imported through the CLI."""
    content = tmp_path / "content"
    result = run("import", SEED, "--to", content / "exercises")
    assert result.exit_code == 0, result.output
    return content
