"""The built wheel carries the templates and the starter library, and finds them installed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pypdf

from generator.web.app import SCRIPTS


def test_the_wheel_contains_templates_and_content_and_works_alone(
    tmp_path: Path, wheel: Path
) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "generator/_data/templates/card.md.j2",
        "generator/_data/templates/handout.md.j2",
        "generator/_data/templates/labels/en.yaml",
        "generator/_data/content/exercises/weighted-one-leg-hip-thrust.md",
        "generator/layout/themes/default.yaml",
        "generator/layout/themes/plain.yaml",
        *(f"generator/web/static/{name}" for name in SCRIPTS),  # the page's ES modules
        "generator/web/static/app.css",
        "generator/web/templates/page.html.j2",
    ):
        assert needed in names

    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    elsewhere = tmp_path / "elsewhere"  # no templates/ or content/ here
    elsewhere.mkdir()
    env = {"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "card", "weighted-one-leg-hip-thrust", "-o", "c.pdf"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert len(pypdf.PdfReader(elsewhere / "c.pdf").pages) == 1
    where = subprocess.run(
        [sys.executable, "-c", "from generator.paths import builtin_templates as t; print(t())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.strip().startswith(str(unpacked))
