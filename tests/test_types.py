"""The type checker runs in `make lint`; what it is told to overlook must say why."""

from __future__ import annotations

import re

from conftest import ROOT

IGNORE = re.compile(r"#\s*type:\s*ignore(?P<codes>\[[^\]]*\])?(?P<rest>.*)$")


def test_every_type_ignore_names_its_error_code_and_reason() -> None:
    bare = []
    for path in sorted([*ROOT.glob("generator/**/*.py"), *ROOT.glob("bench/*.py")]):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found = IGNORE.search(line)
            if found and (not found["codes"] or not found["rest"].strip().lstrip("#").strip()):
                bare.append(f"{path.relative_to(ROOT)}:{number}")
    assert not bare, f"type: ignore without [code] and '# reason': {bare}"


def test_mypy_is_part_of_make_lint() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "mypy" in lint
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "check_untyped_defs = true" in config and "warn_unused_ignores = true" in config
