"""Render docs/languages.md's pictures from real output: `make gallery`.

For each test fixture in another script (tests/data/scripts), with the library's two back-squat
drawings added (so that a right-to-left card shows its mirrored columns), the CLI writes the
card (portrait, landscape and the wall profile) and the handout, and ``coachcards preview``
turns their first pages into PNGs.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

from generator.cli import app

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images" / "languages"
FIXTURES = ROOT / "tests" / "data" / "scripts" / "exercises"
DRAWINGS = ROOT / "content" / "images" / "everkinetic"
PICTURES = ("0122-relaxation.svg", "0122-tension.svg")
LANGUAGES = ("ar", "fa", "he", "zh", "ja", "ko")
KINDS = {
    "card": ["card"],
    "landscape": ["card", "--landscape"],
    "wall": ["card", "--profile", "wall", "--landscape"],
    "handout": ["handout"],
}


def content_with_drawings(folder: Path) -> Path:
    """The fixtures, each with the two drawings of the library's back squat."""
    (folder / "exercises").mkdir(parents=True)
    (folder / "images").mkdir()
    for name in PICTURES:
        shutil.copy(DRAWINGS / name, folder / "images" / name)
    images = f"images: [images/{PICTURES[0]}, images/{PICTURES[1]}]\n"
    for fixture in FIXTURES.glob("squat-*.md"):
        head, rest = fixture.read_text(encoding="utf-8").split("\n", 1)
        (folder / "exercises" / fixture.name).write_text(f"{head}\n{images}{rest}", "utf-8")
    return folder


def main() -> int:
    runner = CliRunner()
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        content = content_with_drawings(folder / "content")
        for language in LANGUAGES:
            for kind, command in KINDS.items():
                name = f"{language}-{kind}"
                pdf = folder / f"{name}.pdf"
                args = [*command, f"squat-{language}", "--content", str(content), "-o", str(pdf)]
                for step in (args, ["preview", str(pdf), "--dpi", "60"]):
                    result = runner.invoke(app, step)
                    if result.exit_code:
                        print(result.output, file=sys.stderr)
                        return 1
                (folder / f"{name}-p1.png").replace(IMAGES / f"{name}.png")
                print(f"wrote {IMAGES / name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
