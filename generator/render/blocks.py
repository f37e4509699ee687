"""The text-block markup that templates write and the layout reads.

A small Markdown subset, line based:

- ``# ``, ``## ``, ``### `` headings; a blank line ends a paragraph;
- ``- item`` and ``1. item`` list items (consecutive items form one list);
- ``**bold**`` and ``*italic*`` inline; a backslash before any ASCII punctuation makes it literal;
  a backslash at the end of a line is a line break;
- ``::: name`` ... ``:::`` wraps blocks in a named region (``band``, ``cues``, ``avoid``,
  ``qa``, ``footer``, ...), which the layout styles by name.

Templates print content through :func:`escape`, so content can never produce any of this.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field

from generator.checkpoint import Checked

_PUNCT = set(string.punctuation)
_HEADING = re.compile(r"^(#{1,3}) +(.*)$")
_BULLET = re.compile(r"^- +(.*)$")
_NUMBERED = re.compile(r"^(\d{1,3})\. +(.*)$")
_REGION = re.compile(r"^:::\s*([a-z][a-z0-9-]*)?\s*$")


@dataclass(frozen=True)
class Span:
    text: Checked  # only text that passed the checkpoint is laid out
    bold: bool = False
    italic: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.text, Checked):
            raise TypeError("a span's text must come from the text checkpoint")


Seal = Callable[[str], Checked]


Inline = tuple[Span, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    spans: Inline


@dataclass(frozen=True)
class Para:
    spans: Inline


@dataclass
class ListBlock:
    ordered: bool
    items: list[Inline] = field(default_factory=list)
    start: int = 1


@dataclass
class Region:
    name: str
    blocks: list[Block] = field(default_factory=list)


Block = Heading | Para | ListBlock | Region


class MarkupError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def escape(value: object) -> str:
    """Make text literal: every ASCII punctuation mark is backslashed, newlines become breaks."""
    text = "" if value is None else str(value)
    out = []
    for char in text:
        if char in _PUNCT:
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\\n")
        elif char == "\r":
            continue
        else:
            out.append(char)
    return "".join(out)


def plain(spans: Inline) -> str:
    return "".join(span.text for span in spans)


def parse(text: str, seal: Seal) -> list[Block]:
    """Blocks from markup; every span's text passes ``seal`` (the text checkpoint)."""
    root = Region("root")
    stack = [root]
    pending: list[str] = []  # lines of the paragraph or item being read
    pending_kind: tuple[str, int] | None = None  # ("para"|"bullet"|"numbered", number)
    pending_line = 0

    def flush() -> None:
        nonlocal pending, pending_kind
        if pending_kind is None:
            return
        spans = _inline(_join(pending), pending_line, seal)
        blocks = stack[-1].blocks
        kind, number = pending_kind
        if kind == "para":
            blocks.append(Para(spans))
        else:
            ordered = kind == "numbered"
            last = blocks[-1] if blocks else None
            if not (isinstance(last, ListBlock) and last.ordered == ordered):
                last = ListBlock(ordered, start=number)
                blocks.append(last)
            last.items.append(spans)
        pending, pending_kind = [], None

    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        region = _REGION.match(stripped)
        heading = _HEADING.match(stripped)
        bullet = _BULLET.match(stripped)
        numbered = _NUMBERED.match(stripped)
        if region:
            flush()
            if region.group(1):
                stack.append(Region(region.group(1)))
            elif len(stack) == 1:
                raise MarkupError(number, "':::' closes a region that was never opened")
            else:
                closed = stack.pop()
                stack[-1].blocks.append(closed)
        elif heading:
            flush()
            level = len(heading.group(1))
            stack[-1].blocks.append(Heading(level, _inline(heading.group(2), number, seal)))
        elif bullet or numbered:
            flush()
            match = bullet or numbered
            assert match is not None
            pending = [match.group(match.lastindex or 1)]
            pending_kind = ("bullet", 1) if bullet else ("numbered", int(match.group(1)))
            pending_line = number
        else:
            if pending_kind is None:
                pending_kind, pending_line = ("para", 0), number
            pending.append(stripped)
    flush()
    if len(stack) > 1:
        raise MarkupError(len(text.split("\n")), f"region '::: {stack[-1].name}' is not closed")
    return root.blocks


def _join(lines: list[str]) -> str:
    """Join continuation lines; an odd run of trailing backslashes is a line break."""
    out = ""
    for index, line in enumerate(lines):
        trailing = len(line) - len(line.rstrip("\\"))
        last = index == len(lines) - 1
        if trailing % 2 == 1 and not last:
            out += line[:-1] + "\n"
        else:
            out += line + ("" if last else " ")
    return out


def _inline(text: str, line: int, seal: Seal) -> Inline:
    spans: list[tuple[str, bool, bool]] = []
    bold = italic = False
    buffer: list[str] = []

    def push() -> None:
        if buffer:
            spans.append(("".join(buffer), bold, italic))
            buffer.clear()

    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _PUNCT:
            buffer.append(text[index + 1])
            index += 2
            continue
        if text.startswith("**", index):
            push()
            bold = not bold
            index += 2
            continue
        if char == "*":
            push()
            italic = not italic
            index += 1
            continue
        buffer.append(char)
        index += 1
    push()
    if bold or italic:
        raise MarkupError(line, "'**' or '*' is opened but not closed")
    merged: list[tuple[str, bool, bool]] = []
    for span in spans:
        if merged and merged[-1][1:] == span[1:]:
            merged[-1] = (merged[-1][0] + span[0], span[1], span[2])
        else:
            merged.append(span)
    return tuple(Span(seal(text), bold, italic) for text, bold, italic in merged)
