"""A small content folder and program forms for the web tests (route tests and browser test)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Any

from conftest import ROOT, write_exercise

COPIED = ("barbell-squat", "squats-using-dumbbells", "pull-ups", "romanian-dead-lift")
CROWDED = """
---
name: Crowded Press
muscles:
  primary: [chest]
equipment: [barbell]
---

## Instructions

{steps}
"""


def make_content(folder: Path, whole_library: bool = False) -> Path:
    """Four built-in exercises (or all of them) with their drawings, one too long for a card,
    one without images."""
    if whole_library:
        shutil.copytree(ROOT / "content" / "exercises", folder / "exercises")
        shutil.copytree(ROOT / "content" / "images", folder / "images")
    for slug in () if whole_library else COPIED:
        source = ROOT / "content" / "exercises" / f"{slug}.md"
        target = folder / "exercises" / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
        for line in source.read_text(encoding="utf-8").splitlines():
            if line.startswith("images:"):
                for image in line.split("[", 1)[1].rstrip("]").split(","):
                    relative = image.strip()
                    (folder / relative).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(ROOT / "content" / relative, folder / relative)
    steps = "\n".join(
        f"- Step {n}: " + "keep the bar path over the mid-foot " * 6 for n in range(40)
    )
    write_exercise(folder, "crowded-press", CROWDED.format(steps=steps))
    write_exercise(
        folder,
        "plank-hold",
        textwrap.dedent(
            """
            ---
            name: Plank Hold
            muscles:
              primary: [abs]
            tags: [core]
            ---

            ## Instructions

            - Hold a straight line from head to heels.

            ## Cues

            - Squeeze your glutes
            - Ribs down, long neck
            - Breathe behind the brace
            """
        ),
    )
    return folder


def form(**changes: Any) -> dict[str, Any]:
    """A program form as the page sends it: one day, two exercises."""
    program: dict[str, Any] = {
        "title": "Lower Body Basics",
        "client": "Ana Díaz",
        "coach": "Sam Rivera",
        "gym": "",
        "start": "2026-12-07",
        "units": "kg",
        "language": "en",
        "notes": "",
        "theme": "default",
        "size": "",
        "include": ["cover", "contents", "schedule", "handouts", "log"],
        "by_week": False,
        "log_weeks": "2",
        "weeks": [
            {
                "name": "Week 1",
                "days": [
                    {
                        "name": "Day 1",
                        "entries": [
                            entry("barbell-squat", sets="4", reps="6-8", load="60"),
                            entry("pull-ups", sets="3", reps="5"),
                        ],
                    }
                ],
            }
        ],
    }
    return program | changes


def entry(slug: str, **values: str) -> dict[str, str]:
    empty = dict.fromkeys(("sets", "reps", "load", "tempo", "rest", "notes"), "")
    return {"exercise": slug, **empty, **values}


# --- tasks for the render pool's limits (module level: a spawned worker imports them) ----------


def echo(value: str) -> str:
    return value


def spin() -> None:
    """A render that never ends."""
    while True:
        pass


def hog() -> bytes:
    """A render that wants more memory than any page needs (beyond the 4 GiB ceiling)."""
    return bytes(6 * 1024**3)


def die() -> None:
    """A worker that ends without a word (the OS killed it, or a C library crashed)."""
    import os
    import signal

    os.kill(os.getpid(), signal.SIGKILL)
