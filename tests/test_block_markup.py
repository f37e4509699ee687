"""Block markup's inline rules: bold, italic, in-document links, backslash escapes, line breaks.

render/blocks.py reads plain text between marks in one piece (not character by character); what
it makes must not change: these pin the spans it gives for each rule, and escape() round-trips.
"""

from __future__ import annotations

import pytest

from generator.checkpoint import Checked
from generator.render.blocks import Heading, Para, Span, escape, parse


def _spans(markup: str) -> list[tuple[str, bool, bool, str | None]]:
    blocks = parse(markup, Checked)
    assert len(blocks) == 1 and isinstance(blocks[0], Para | Heading)
    return [(s.text, s.bold, s.italic, s.link) for s in blocks[0].spans]


@pytest.mark.parametrize(
    ("markup", "spans"),
    [
        ("plain words", [("plain words", False, False, None)]),
        ("a **bold** b", [("a ", 0, 0, None), ("bold", 1, 0, None), (" b", 0, 0, None)]),
        (
            "*it* and **b*bi***",
            [("it", 0, 1, None), (" and ", 0, 0, None), ("b", 1, 0, None), ("bi", 1, 1, None)],
        ),
        (
            "see [Day 1](#day\\-1) now",
            [("see ", 0, 0, None), ("Day 1", 0, 0, "day-1"), (" now", 0, 0, None)],
        ),
        ("\\*not\\* \\[x\\](#y) a\\\\b", [("*not* [x](#y) a\\b", 0, 0, None)]),
        ("[**b** c](#k)", [("b", 1, 0, "k"), (" c", 0, 0, "k")]),
        ("one\\\ntwo", [("one\ntwo", 0, 0, None)]),
        ("# Title {id=top}", [("Title", 0, 0, None)]),
        ("a [b c\\] d", [("a [b c] d", 0, 0, None)]),
    ],
)
def test_inline_spans(markup: str, spans: list[tuple[str, bool, bool, str | None]]) -> None:
    assert _spans(markup) == [(t, bool(b), bool(i), link) for t, b, i, link in spans]


def test_escaped_text_reads_back_as_written() -> None:
    text = "Squat & <b>press</b> *3x5* [link](#x) {{ x }} \\ 100% · é\nnext\r line"
    assert [s.text for s in parse(escape(text), Checked)[0].spans] == [  # type: ignore[union-attr]
        text.replace("\r", "")
    ]


def test_unclosed_bold_is_refused() -> None:
    with pytest.raises(ValueError, match="opened but not closed"):
        parse("a **b", Checked)


def test_spans_are_checked_text() -> None:
    with pytest.raises(TypeError):
        Span("unchecked")  # type: ignore[arg-type]
