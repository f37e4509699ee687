"""Every command the README and docs/ show runs as written, from a fresh copy of the project.

The commands are read from fenced ``sh``/``bash``/``console``/``shell`` blocks that hold a
``coachcards`` line; every line of such a block runs, in order (a ``mkdir`` or ``cp`` before
the command is part of the example), once, in one copy of the project's files (what a clone
has: tracked and new files, no .venv, no out/), with the venv's installed ``coachcards``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

# Commands not run here, and why: each needs something a test must not start.
EXCLUDED = {
    "coachcards serve",  # starts a web server and opens a browser (tested in test_web*)
}
BLOCK = re.compile(r"^```(sh|bash|console|shell)\n(.*?)^```", re.M | re.S)


def documented_commands() -> list[tuple[str, str]]:
    """(where, command) for every line of every shell block that uses coachcards, deduplicated."""
    found: dict[str, str] = {}
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        for block in BLOCK.finditer(text):
            lines = [re.sub(r"^\$ ", "", line.strip()) for line in block.group(2).splitlines()]
            lines = [line.split(" #")[0].strip() for line in lines if line and line[0] != "#"]
            if not any(line.startswith("coachcards") for line in lines):
                continue
            start = text[: block.start()].count("\n") + 2
            for offset, line in enumerate(lines):
                if line not in found and not any(line.startswith(x) for x in EXCLUDED):
                    found[line] = f"{doc.relative_to(ROOT)}:{start + offset}"
    return [(where, command) for command, where in found.items()]


def _fresh_copy(target: Path) -> None:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file() and not name.startswith((".venv/", "out/")):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def test_the_docs_have_commands_to_run() -> None:
    commands = [command for _, command in documented_commands()]
    assert any(c.startswith("coachcards import") for c in commands)
    assert any(c.startswith("coachcards packet ") for c in commands)
    assert not any("../shared" in c for c in commands), "a user has no ../shared"


def test_every_documented_command_runs_from_a_fresh_copy(tmp_path: Path) -> None:
    project = tmp_path / "coachcards"
    _fresh_copy(project)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    failures = []
    for where, command in documented_commands():
        result = subprocess.run(
            command, shell=True, cwd=project, env=env, capture_output=True, text=True, timeout=300
        )
        if result.returncode != 0 or "Traceback" in result.stderr:
            failures.append(f"{where}: {command}\n{result.stdout}{result.stderr}")
    assert failures == [], "\n\n".join(failures)
    assert shutil.which("coachcards", path=env["PATH"]) == str(
        Path(sys.executable).parent / "coachcards"
    )


def test_every_front_matter_key_is_in_the_format_reference() -> None:
    from generator.content.frontmatter import KEYS

    reference = (ROOT / "docs" / "content-format.md").read_text(encoding="utf-8")
    missing = [key for key in KEYS if f"| `{key}` |" not in reference]
    assert missing == []
