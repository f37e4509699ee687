"""The text-block markup that templates write and the layout reads.

A small Markdown subset, line based:

- ``# ``, ``## ``, ``### `` headings; a blank line ends a paragraph;
- ``- item`` and ``1. item`` list items (consecutive items form one list);
- ``**bold**`` and ``*italic*`` inline; a backslash before any ASCII punctuation makes it literal;
  a backslash at the end of a line is a line break;
- ``::: name`` ... ``:::`` wraps blocks in a named region (``band``, ``cues``, ``avoid``,
  ``qa``, ``footer``, ...), which the layout styles by name;
- ``| a | b |`` rows make a table; rows above a ``| --- | --- |`` line are its header, where an
  empty cell joins the cell before it (``| Week 1 || Week 2 ||``);
- ``[text](#key)`` links to a place in the same document, and a heading ending in ``{id=key}``
  is such a place (keys are lowercase letters, digits and dashes; nothing else can be linked).

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
_KEY = r"([a-z0-9]+(?:\\?-[a-z0-9]+)*)"  # a printed key has its dashes escaped: day\-1
_ANCHOR = re.compile(r"^(.*?) +\{id=" + _KEY + r"\}$")
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(#" + _KEY + r"\)")
_RULE_ROW = re.compile(r"^\|(\s*:?-{3,}:?\s*\|)+$")
_ESCAPES = str.maketrans({**{c: "\\" + c for c in _PUNCT}, "\n": "\\\n", "\r": None})
_MARKUP = re.compile(r"[\[\x00\\*]")  # where _inline has something to decide; text between is text


@dataclass(frozen=True)
class Span:
    text: Checked  # only text that passed the checkpoint is laid out
    bold: bool = False
    italic: bool = False
    link: str | None = None  # a key in the same document (templates only: content is escaped)

    def __post_init__(self) -> None:
        if not isinstance(self.text, Checked):
            raise TypeError("a span's text must come from the text checkpoint")


Seal = Callable[[str], Checked]


Inline = tuple[Span, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    spans: Inline
    anchor: str | None = None  # what links and the contents point at


@dataclass
class Table:
    """Rows of cells; ``header`` rows repeat on every page, a ``None`` cell joins the one before."""

    header: list[list[Inline | None]] = field(default_factory=list)
    rows: list[list[Inline]] = field(default_factory=list)
    line: int = 0


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


Block = Heading | Para | ListBlock | Region | Table


class MarkupError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def escape(value: object) -> str:
    """Make text literal: every ASCII punctuation mark is backslashed, newlines become breaks."""
    text = "" if value is None else str(value)
    return text.translate(_ESCAPES)


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

    last_row = -1  # the line of the last table row: a row right after it continues the table
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if _is_row(stripped):
            flush()
            _table_row(stack[-1].blocks, stripped, number, last_row == number - 1, seal)
            last_row = number
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
            title, anchor = heading.group(2), None
            marked = _ANCHOR.match(title)
            if marked:
                title, anchor = marked.group(1), marked.group(2).replace("\\", "")
            stack[-1].blocks.append(Heading(level, _inline(title, number, seal), anchor))
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


def _is_row(line: str) -> bool:
    """A table row starts and ends with an unescaped ``|``."""
    return (
        len(line) >= 2
        and line[0] == "|"
        and line[-1] == "|"
        and (_backslashes_before(line, len(line) - 1) % 2 == 0)
    )


def _backslashes_before(text: str, index: int) -> int:
    count = 0
    while index - count - 1 >= 0 and text[index - count - 1] == "\\":
        count += 1
    return count


def _cells(line: str) -> list[str]:
    """Split a row at its unescaped bars."""
    cells, current, index = [], [], 1
    while index < len(line):
        char = line[index]
        if char == "\\" and index + 1 < len(line):
            current.append(line[index : index + 2])
            index += 2
            continue
        if char == "|":
            raw = "".join(current)
            cells.append(raw.strip() if raw else "\x00")  # "||": joins the cell before
            current = []
        else:
            current.append(char)
        index += 1
    return cells


# A header cell that joins the one before it: a marker, never drawn (so it needs no checking).
JOINED: Inline = (Span(Checked("\x00")),)


def _table_row(blocks: list[Block], line: str, number: int, continues: bool, seal: Seal) -> None:
    table = blocks[-1] if continues and blocks and isinstance(blocks[-1], Table) else None
    if table is None:
        table = Table(line=number)
        blocks.append(table)
    if _RULE_ROW.match(line.replace(" ", "")):
        if table.header or not table.rows:
            raise MarkupError(number, "a table's '| --- |' line comes after its header rows")
        table.header = [
            [None if index and cell == joined else cell for index, cell in enumerate(row)]
            for row, joined in ((r, JOINED) for r in table.rows)
        ]
        table.rows = []
        return
    cells = [JOINED if c == "\x00" else _inline(c, number, seal) for c in _cells(line)]
    if table.rows and len(cells) != len(table.rows[0]):
        raise MarkupError(
            number, f"this row has {len(cells)} cells, the one above {len(table.rows[0])}"
        )
    table.rows.append(cells)


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
    spans: list[tuple[str, bool, bool, str | None]] = []
    bold = italic = False
    buffer: list[str] = []

    def push() -> None:
        if buffer:
            spans.append(("".join(buffer), bold, italic, link))
            buffer.clear()

    link: str | None = None
    index = 0
    while index < len(text):
        found = _MARKUP.search(text, index)
        if found is None:
            buffer.append(text[index:])
            break
        if found.start() > index:  # plain text up to the next mark, as one piece
            buffer.append(text[index : found.start()])
            index = found.start()
        char = text[index]
        if char == "[" and link is None:
            match = _LINK.match(text, index)
            if match:
                push()
                link = match.group(2).replace("\\", "")
                text = text[:index] + match.group(1) + "\x00" + text[match.end() :]
                continue
        if char == "\x00":
            push()
            link = None
            index += 1
            continue
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
    merged: list[tuple[str, bool, bool, str | None]] = []
    for span in spans:
        if merged and merged[-1][1:] == span[1:]:
            merged[-1] = (merged[-1][0] + span[0], span[1], span[2], span[3])
        else:
            merged.append(span)
    return tuple(Span(seal(text), bold, italic, link) for text, bold, italic, link in merged)
