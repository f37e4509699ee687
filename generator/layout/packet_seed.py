"""Giving a new document's TrueType fonts the handouts' codes, without walking the characters.

Every packet canvas (and the shared pages' and handouts') starts by giving a few hundred
characters their codes in each subset font, in order (layout/packet_shared.py says why). Done
with reportlab's ``splitString`` that is a Python loop over every character, per document: a
millisecond of each client's packet. The codes depend only on the font and the characters, so
the font's per-document state after that loop is made once and copied into each new document:
the same assignments, subsets and next code, so the same bytes.
"""

from __future__ import annotations

import copy
from typing import Any

KEPT = 64  # seeded states kept per process (a font and its characters each)

_states: dict[tuple[int, str, int], tuple[Any, Any]] = {}  # -> (font, its state after seeding)


class _Probe:
    """A stand-in document: reportlab keys a font's state by document (weakly)."""


def plant(document: Any, seed: tuple[tuple[str, str], ...]) -> None:
    """Give ``seed``'s characters (font name, characters) their codes in ``document``, as
    ``font.splitString(chars, document)`` on a fresh document does."""
    from reportlab.pdfbase.pdfmetrics import getFont

    for name, chars in seed:
        font: Any = getFont(name)
        if document in font.state:  # not a fresh document: reportlab's own loop
            font.splitString(chars, document)
            continue
        # the face's characters can grow (shaped glyphs get private-use codes): part of the key
        key = (id(font), chars, len(font.face.charToGlyph))
        kept = _states.get(key)
        if kept is None or kept[0] is not font:
            probe = _Probe()
            font.splitString(chars, probe)
            state = font.state.pop(probe)
            if len(_states) >= KEPT:
                _states.clear()
            kept = _states[key] = (font, state)
        state = copy.copy(kept[1])
        state.assignments = dict(state.assignments)
        state.subsets = [list(subset) for subset in state.subsets]
        font.state[document] = state


__all__ = ["plant"]
