"""Render the README's pictures from real output: `make gallery`.

Each picture is made the way a coach would: the CLI writes a PDF from the built-in library, then
``coachcards preview`` turns its first page into a PNG.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

from generator.cli import app

IMAGES = Path(__file__).resolve().parent / "images"
GALLERY = str(Path(__file__).resolve().parent / "gallery")  # pull-ups with short cues, a video
SHOTS = {
    # image name: the coachcards command that makes the PDF
    "card-drawings-a5": ["card", "pull-ups", "--content", GALLERY],
    "card-landscape-a5": ["card", "pull-ups", "--content", GALLERY, "--landscape"],
    "card-a6": ["card", "weighted-one-leg-hip-thrust", "--size", "a6"],
    "card-wall-a4": ["card", "pull-ups", "--content", GALLERY, "--size", "a4", "--profile", "wall"],
    "card-wall-landscape-a4": [
        *("card", "pull-ups", "--content", GALLERY, "--size", "a4", "--profile", "wall"),
        "--landscape",
    ],
    "handout-page1": ["handout", "weighted-one-leg-hip-thrust"],
    "sheet-letter-5x8": [
        "sheet",
        "barbell-squat",
        "pull-ups",
        "--paper",
        "letter",
        "--card-size",
        "5x8",
    ],
}


# A packet's pages: (image name, page), from the shipped lower-body program.
PACKET = ["packet", "content/programs/lower-body-strength.yaml", "--content", "content"]
PACKET_PAGES = {"packet-cover": "", "packet-schedule": "Schedule", "packet-log": "Training log"}


def page_starting(pdf: Path, heading: str) -> int:
    """The first page (1-based) whose text starts with ``heading`` (the cover for "")."""
    from pypdf import PdfReader

    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        if (page.extract_text() or "").startswith(heading):
            return number
    raise SystemExit(f"no page starts with {heading!r}")


def main() -> int:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "packet.pdf"
        for args in ([*PACKET, "-o", str(pdf)], ["preview", str(pdf), "--dpi", "60"]):
            result = runner.invoke(app, args)
            if result.exit_code:
                print(result.output, file=sys.stderr)
                return 1
        for name, heading in PACKET_PAGES.items():
            page = page_starting(pdf, heading)
            (Path(folder) / f"packet-p{page}.png").replace(IMAGES / f"{name}.png")
            print(f"wrote {IMAGES / name}.png")
        for name, command in SHOTS.items():
            pdf = Path(folder) / f"{name}.pdf"
            for args in ([*command, "-o", str(pdf)], ["preview", str(pdf), "--dpi", "60"]):
                result = runner.invoke(app, args)
                if result.exit_code:
                    print(result.output, file=sys.stderr)
                    return 1
            (Path(folder) / f"{name}-p1.png").replace(IMAGES / f"{name}.png")
            print(f"wrote {IMAGES / name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
