"""Render docs/languages.md's pictures from real output: `make languages-gallery`.

For each test fixture in another script (tests/data/scripts), the CLI writes the card and the
handout, and ``coachcards preview`` turns their first pages into PNGs.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

from generator.cli import app

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images" / "languages"
FIXTURES = ROOT / "tests" / "data" / "scripts"
LANGUAGES = ("ar", "fa", "he", "zh", "ja", "ko")


def main() -> int:
    runner = CliRunner()
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for language in LANGUAGES:
            for kind in ("card", "handout"):
                name = f"{language}-{kind}"
                pdf = Path(folder) / f"{name}.pdf"
                command = [kind, f"squat-{language}", "--content", str(FIXTURES), "-o", str(pdf)]
                for args in (command, ["preview", str(pdf), "--dpi", "60"]):
                    result = runner.invoke(app, args)
                    if result.exit_code:
                        print(result.output, file=sys.stderr)
                        return 1
                (Path(folder) / f"{name}-p1.png").replace(IMAGES / f"{name}.png")
                print(f"wrote {IMAGES / name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
