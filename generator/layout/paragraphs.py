"""Every paragraph of a card or handout is made here, from markup that parses once per process.

The fit step measures a card at about a dozen body sizes, and reportlab parses a paragraph's
markup each time one is made (a quarter of a card's time, measured). The parse depends on the
text and the style's fonts and colours, not on its size, so the parsed fragments are kept per
(text, fonts, colour) and set to the new size for each candidate. One place also makes it easy
to change how paragraphs are made (right-to-left shaping, tagging).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

MAX_KEPT = 4096
_parsed: OrderedDict[tuple[Any, ...], tuple[list[Any], float]] = OrderedDict()


def parsed_paragraph(text: str, style: ParagraphStyle, bullet: str | None = None) -> Paragraph:
    """A Paragraph of ``text`` (reportlab markup, already escaped) in ``style``."""
    key = (text, style.fontName, style.textColor, style.name, bullet)
    found = _parsed.get(key)
    if found is None:
        made = Paragraph(text, style, bulletText=bullet)
        if all(getattr(f, "fontSize", style.fontSize) == style.fontSize for f in made.frags):
            _parsed[key] = (made.frags, style.fontSize)
            if len(_parsed) > MAX_KEPT:
                _parsed.popitem(last=False)
        return made
    frags, _ = found
    sized = [f.clone(fontSize=style.fontSize) for f in frags]
    return Paragraph(text, style, bulletText=bullet, frags=sized)
