"""Strict YAML: a small, predictable subset read with line numbers kept.

PyYAML follows YAML 1.1, where ``NO`` is False, ``010`` is 8 and ``1:30`` is 90. A coach never
means those, so such plain scalars are errors that say how to write the value instead. Anchors,
aliases, merge keys, explicit tags and duplicate keys are errors too. Only the composer of
PyYAML's safe loader is used; turning nodes into values is done here, so no constructor can run.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml
import yaml.composer
import yaml.reader
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Problem


class YMap(dict[str, Any]):
    """A mapping that remembers the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class YSeq(list[Any]):
    """A sequence that remembers the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]


_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_YAML11_BOOL = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")
_OCTAL_LIKE = re.compile(r"^[-+]?0[0-9_]+$")
_OTHER_NUMBER = re.compile(r"^[-+]?(0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9][0-9_]*_[0-9_]*)$")
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")
_SPECIAL_FLOAT = re.compile(r"^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$")


class YInt(int):
    """An integer that prints as it was written (``+10`` stays ``+10``)."""

    text: str

    def __new__(cls, text: str) -> YInt:
        number = super().__new__(cls, text)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text


class YFloat(float):
    """A number that prints as it was written: ``1.10`` stays ``1.10``, never ``1.1``."""

    text: str

    def __new__(cls, text: str) -> YFloat:
        number = super().__new__(cls, text)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


MAX_DEPTH = 40
MAX_NUMBER_CHARS = 30  # longer "numbers" (a 4,300-digit int) are refused, not converted


class _Refusing:
    """Composes nodes only; notes aliases, anchors and explicit tags as problems and goes on."""

    refusals: list[tuple[int, str]]
    depth: int
    peek_event: Any
    get_event: Any

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                message = f"nested more than {MAX_DEPTH} levels deep"
                raise yaml.composer.ComposerError(None, None, message, mark)
            return self._compose(parent, index)
        finally:
            self.depth -= 1

    def _compose(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        line = event.start_mark.line
        if isinstance(event, AliasEvent):
            self.get_event()
            self.refusals.append((line, "aliases (*name) are not allowed; write the value out"))
            # PyYAML's C and pure-Python marks are one duck type; its stubs type them apart
            start: Any = event.start_mark
            end: Any = event.end_mark
            return ScalarNode("tag:yaml.org,2002:null", "", start, end)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self.refusals.append(
                (line, f"anchors (&{anchor}) are not allowed; write the value out")
            )
            event.anchor = None
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.refusals.append((line, f"explicit tags ({shown}) are not allowed"))
            event.tag = None
            if hasattr(event, "implicit"):
                event.implicit = (True, True)
        return super().compose_node(parent, index)  # type: ignore[misc]  # the composer's


class _Composer(_Refusing, yaml.SafeLoader):
    """PyYAML's pure-Python reader, scanner and parser: its error messages are the ones shown."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.refusals = []
        self.depth = 0


_FAST: Any = None
if getattr(yaml, "__with_libyaml__", False):  # libyaml's scanner and parser, written in C
    from yaml._yaml import CParser  # what yaml.cyaml re-exports
    from yaml.composer import Composer
    from yaml.constructor import SafeConstructor
    from yaml.resolver import Resolver

    class _FastComposer(_Refusing, Composer, CParser, SafeConstructor, Resolver):
        """The same composer over libyaml's events: the nodes (values, styles, lines) are the
        same, ten times faster. Used only where it succeeds: any error is read again by
        :class:`_Composer`, so the messages are PyYAML's."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            self.refusals = []
            self.depth = 0

        def compose_scalar_node(self, anchor: Any) -> ScalarNode:
            event = self.peek_event()
            if event.style == "":  # libyaml's word for a plain scalar; PyYAML's is None
                event.style = None
            return super().compose_scalar_node(anchor)

    _FAST = _FastComposer


# Characters YAML would take as line breaks (shifting every later line number) or that print
# nothing; refused where they stand.
_NOT_TEXT = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


# Text libyaml may read otherwise than PyYAML goes to PyYAML alone: what PyYAML's reader refuses,
# and tabs, byte order marks, "?" and a block scalar's header with a comment, where the two were
# found to part ways (comparing them on random text).
_NOT_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
_LIBYAML_DIFFERS = re.compile("[\t\ufeff?]|[|>][^\n]*#")
_SLOW = object()  # _fast_node's answer: read it with PyYAML


def _fast_node(text: str) -> Any:
    """The document's node read by libyaml, or _SLOW: where libyaml is missing, where the text is
    one it may read otherwise, or where anything is wrong or refused (PyYAML words the problem)."""
    if _FAST is None or _NOT_PRINTABLE.search(text) or _LIBYAML_DIFFERS.search(text):
        return _SLOW
    try:
        loader = _FAST(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError:
        return _SLOW
    return _SLOW if loader.refusals else node


def parse(text: str, path: str, first_line: int = 1) -> tuple[Any, list[Problem]]:
    """Parse YAML text whose first line sits at ``first_line`` of the file at ``path``."""
    problems: list[Problem] = []
    found = _NOT_TEXT.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + first_line
        character = f"U+{ord(found.group()):04X}"
        return None, [Problem(path, line, f"control character {character} is not allowed")]
    fast = _fast_node(text)
    if fast is not _SLOW:
        return (None if fast is None else _value(fast, path, first_line, problems)), problems
    try:
        loader = _Composer(text)
        try:
            node = loader.get_single_node()
            problems.extend(Problem(path, ln + first_line, msg) for ln, msg in loader.refusals)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        message = exc.problem or "not valid YAML"
        if exc.context:
            message = f"{exc.context}; {message}"
        return None, [Problem(path, line, f"YAML: {message}")]
    except yaml.YAMLError as exc:
        return None, [Problem(path, first_line, f"YAML: {exc}")]
    if node is None:
        return None, problems
    return _value(node, path, first_line, problems), problems


def _line(node: Node, first_line: int) -> int:
    return node.start_mark.line + first_line


def _value(node: Node, path: str, first_line: int, problems: list[Problem]) -> Any:
    line = _line(node, first_line)
    if isinstance(node, ScalarNode):
        return _scalar(node, path, line, problems)
    if isinstance(node, SequenceNode):
        seq = YSeq(_value(item, path, first_line, problems) for item in node.value)
        seq.line = line
        seq.item_lines = [_line(item, first_line) for item in node.value]
        return seq
    if isinstance(node, MappingNode):
        mapping = YMap()
        mapping.line = line
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key_line = _line(key_node, first_line)
            if not isinstance(key_node, ScalarNode) or key_node.value == "<<":
                problems.append(Problem(path, key_line, "keys must be plain words"))
                continue
            key = key_node.value
            if key in mapping.key_lines:
                problems.append(
                    Problem(
                        path,
                        key_line,
                        f"duplicate key '{key}' (first at line {mapping.key_lines[key]})",
                    )
                )
                continue
            mapping.key_lines[key] = key_line
            mapping[key] = _value(value_node, path, first_line, problems)
        return mapping
    problems.append(Problem(path, line, "unsupported YAML node"))
    return None


def _scalar(node: ScalarNode, path: str, line: int, problems: list[Problem]) -> Any:
    text = node.value
    if node.style is not None:  # quoted or block scalar: always a string
        return text
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _YAML11_BOOL.match(text):
        problems.append(
            Problem(path, line, f"'{text}' is ambiguous: write true or false, or quote it as text")
        )
        return text
    if len(text) > MAX_NUMBER_CHARS and (_INT.match(text) or _FLOAT.match(text)):
        problems.append(
            Problem(path, line, f"number '{text[:12]}...' is too long: quote it if it is text")
        )
        return text
    if _INT.match(text):
        return YInt(text)
    if _OCTAL_LIKE.match(text) or _OTHER_NUMBER.match(text):
        problems.append(
            Problem(path, line, f"'{text}' is ambiguous: write a plain number, or quote it as text")
        )
        return text
    if _SEXAGESIMAL.match(text):
        problems.append(
            Problem(path, line, f"'{text}' would be read as a number: quote it, e.g. \"{text}\"")
        )
        return text
    if _SPECIAL_FLOAT.match(text):
        problems.append(Problem(path, line, f"'{text}' is not a usable number"))
        return text
    if _FLOAT.match(text):
        number = YFloat(text)
        if not math.isfinite(number):
            problems.append(Problem(path, line, f"'{text}' is too large to be a number"))
            return text
        return number
    return text
