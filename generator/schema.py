"""Allowed keys as data, checked at any depth, with one "did you mean" for every typo.

A key nobody reads is a typo nobody sees: ``colors: {acent: ...}`` or ``card: {margin_mn: 5}``
would be silently ignored. So each section's allowed keys are written once, as a schema (plain
data built from the node types below), and one walker reports every key the schema does not
know at the line it was written: ``unknown key 'acent' (did you mean 'accent'?)``. Adding a key
to a theme section is adding it to the schema; the themes (layout/theme_schema.py) and card
layouts (layout/regions.py) share this walker and this message.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.content import yamlstrict

# bad(mapping, key, message): report a problem at the line of ``key`` in ``mapping``
Report = Callable[[Any, str, str], None]


def unknown(name: object, known: Collection[str], what: str = "key") -> str:
    """``unknown key 'acent' (did you mean 'accent'?)``, or the known names when none is close."""
    close = closest(name, known)
    if close:
        return f"unknown {what} '{name}' (did you mean '{close}'?)"
    return f"unknown {what} '{name}'; known: {', '.join(sorted(known))}"


def closest(name: object, known: Collection[str]) -> str | None:
    found = difflib.get_close_matches(str(name), sorted(known), n=1, cutoff=0.6)
    return found[0] if found else None


@dataclass(frozen=True)
class Keys:
    """A mapping with these keys only; each value is checked against its own schema."""

    fields: Mapping[str, Node]
    what: str = "key"


@dataclass(frozen=True)
class Each:
    """A mapping of names the user chooses (colours, page sizes, styles), each value checked.

    ``names`` limits the names: a collection, or a function returning a problem or None.
    """

    value: Node = None
    names: Collection[str] | Callable[[str], str | None] | None = None
    what: str = "key"


@dataclass(frozen=True)
class Items:
    """A list; each item that is a mapping is checked against ``item``."""

    item: Node = None


@dataclass
class Ref:
    """A schema defined later (for trees that nest: a layout's rows hold rows)."""

    target: Node = field(default=None)


Node = Keys | Each | Items | Ref | None  # None: any value, not looked into


def check(value: Any, node: Node, bad: Report) -> None:
    """Report every key of ``value`` (as read by yamlstrict) that ``node`` does not allow."""
    if isinstance(node, Ref):
        check(value, node.target, bad)
    elif isinstance(node, Keys) and isinstance(value, yamlstrict.YMap):
        for key, child in value.items():
            if key in node.fields:
                check(child, node.fields[key], bad)
            else:
                bad(value, key, unknown(key, node.fields, node.what))
    elif isinstance(node, Each) and isinstance(value, yamlstrict.YMap):
        for key, child in value.items():
            problem = _name_problem(key, node)
            if problem:
                bad(value, key, problem)
            else:
                check(child, node.value, bad)
    elif isinstance(node, Items) and isinstance(value, list):
        for item in value:
            check(item, node.item, bad)


def _name_problem(key: str, node: Each) -> str | None:
    if node.names is None:
        return None
    if callable(node.names):
        return node.names(key)
    return None if key in node.names else unknown(key, node.names, node.what)
