"""Bidi: embedding levels for a paragraph, and the visual order of one line.

Levels come from python-bidi for the whole paragraph (UAX #9 up to rule I2), because the
context of a neutral character may lie on another line; reordering (rule L2) happens per
line, after lines are broken in logical order, as UAX #9 prescribes. python-bidi's own
``get_display`` reorders a whole paragraph as one line, which is why it is not used here.
"""

from __future__ import annotations

import unicodedata


def visual_order(levels: list[int]) -> list[int]:
    """Rule L2: from the highest level down to the lowest odd one, reverse every sequence at
    that level or higher. Returns logical indices in visual order."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min(level for level in levels) | 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


def bidi_levels(text: str, rtl: bool) -> list[int]:
    """Embedding levels per character (python-bidi's resolution, rules up to I2)."""
    if not rtl and not any(unicodedata.bidirectional(c) in ("R", "AL") for c in text):
        return [0] * len(text)
    from bidi import algorithm

    levels: list[int] = []
    for part in text.split("\n"):
        storage = algorithm.get_empty_storage()
        storage["base_level"] = 1 if rtl else algorithm.get_base_level(part)
        storage["base_dir"] = ("L", "R")[storage["base_level"]]
        algorithm.get_embedding_levels(part, storage)
        algorithm.explicit_embed_and_overrides(storage)
        algorithm.resolve_weak_types(storage)
        algorithm.resolve_neutral_types(storage, False)
        algorithm.resolve_implicit_levels(storage, False)
        kept = iter(int(c["level"]) for c in storage["chars"])
        level = storage["base_level"]
        for char in part:  # rule X9 drops ZWNJ, ZWJ and embeddings: they take their neighbour's
            if unicodedata.bidirectional(char) not in algorithm.X9_REMOVED:
                level = next(kept)
            levels.append(level)
        levels.append(storage["base_level"])  # the line separator
    return levels[: len(text)]
