"""Strict YAML reads the same with libyaml's parser as with PyYAML's own: values, lines, problems.

content/yamlstrict.py reads most text with libyaml (ten times faster) and falls back to PyYAML's
pure-Python reader where libyaml is missing, where anything is wrong, or where the two were
found to part ways. Whichever path a text takes, the result must be the pure-Python one.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from generator.content import yamlstrict

ROOT = Path(__file__).resolve().parents[1]
TRICKY = [
    "a: 1\nb: [x, {c: d}]\nc: 'it''s'\nd: \"q\\\"\"\ne: |\n  block\n  text\nf: >-\n  folded\n",
    "a: NO\nb: 010\nc: 1:30\nd: .inf\ne: 1e400\nf: 1_000\ng: 0x1F\nh: ~\ni: -\n",
    "a: &x 1\nb: *x\nc: !!str 1\n",
    "a: 1\na: 2\n? [a]\n: 1\n",
    "- \n- - 1\n-\n  - b: 1\n    c: 2\n",
    "a:\n\t- 1\n",
    "|#\n  x\n",
    "{null \n?\n  0\nnull\n  }",
    "\ufeffa: 1\n",
    "a: [b, c\n",
    "a: x\r\nb: y\r\n",
    "%YAML 1.2\n---\na: 1\n",
    "a: 1\n---\nb: 2\n",
    "a: '\\ud800'\n",
    "",
]


def _shape(value: Any) -> Any:
    if isinstance(value, yamlstrict.YMap):
        items = tuple((k, _shape(v)) for k, v in value.items())
        return ("map", value.line, tuple(sorted(value.key_lines.items())), items)
    if isinstance(value, yamlstrict.YSeq):
        return ("seq", value.line, tuple(value.item_lines), tuple(map(_shape, value)))
    return (type(value).__name__, repr(value), str(value))


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    value, problems = yamlstrict.parse(text, "f.yaml", 3)
    with monkeypatch.context() as patched:
        patched.setattr(yamlstrict, "_FAST", None)
        slow_value, slow_problems = yamlstrict.parse(text, "f.yaml", 3)
    return (_shape(value), problems), (_shape(slow_value), slow_problems)


def _shipped() -> list[Path]:
    folders = ["content/programs", "generator/layout/themes", "templates/labels"]
    return sorted(p for f in folders for p in (ROOT / f).rglob("*.yaml"))


@pytest.mark.parametrize("path", _shipped(), ids=lambda p: p.name)
def test_shipped_files_read_the_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _both(path.read_text(encoding="utf-8"), monkeypatch)
    assert fast == slow
    assert slow[0] != ("NoneType", "None", "None")


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_reads_the_same(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _both(text, monkeypatch)
    assert fast == slow


def test_random_text_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    pieces = [*"ab: \n-'\"[]{},#&*!|>?10.é\\%@`~\t", "yes", "null", "---", "...", "\r\n", "x: "]
    pieces += ["\n  ", "\n- ", "1:30", "0o7", "\ufeff", "&a ", "*a", "|-\n  x", ">+\n  y\n"]
    chance = random.Random(14)
    for _ in range(3000):
        text = "".join(chance.choice(pieces) for _ in range(chance.randint(1, 16)))
        fast, slow = _both(text, monkeypatch)
        assert fast == slow, repr(text)
