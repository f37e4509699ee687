"""PDF objects to bytes for our own writer (objstreams.py), exactly as reportlab writes them.

reportlab formats every value through one generic function: each number of a font's Widths
array (a few hundred a card) is a call to ``format``, a type test, ``fp_str`` and an encoding,
and each dictionary key runs ``PDFName`` again. That made about a fifth of writing a card. The
values a document is mostly made of (dictionaries, arrays of numbers, names, fonts) are written
here with the same rules in fewer steps: a whole array of numbers is one ``fp_str`` call, a
key's name is worked out once per process. Everything else (streams, pages, references, any
class this module does not know) is reportlab's own ``format``, so the bytes are reportlab's:
tests/test_pdfvalues.py compares the two on real documents.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFArrayCompact,
    PDFDictionary,
    PDFName,
    PDFTrueTypeFont,
    PDFType1Font,
    format,
    pdfdocEnc,
)

_NAMES: dict[str, bytes] = {}  # a dictionary key -> its formatted name ("/Widths")
_NUMBERS = (int, float)


def value(element: Any, document: Any, toplevel: bool = False) -> bytes:
    """``reportlab.pdfbase.pdfdoc.format(element, document, toplevel)``, byte for byte."""
    kind = type(element)
    if kind is int or kind is float:
        return fp_str(element).encode("ascii")
    if kind is PDFDictionary:
        return _dictionary(element.dict, element.multiline, document)
    if kind is PDFArray or kind is PDFArrayCompact:
        return _array(element.sequence, element.multiline, document)
    if (kind is PDFTrueTypeFont or kind is PDFType1Font) and toplevel:
        return _font(element, document)
    if kind is str:
        return pdfdocEnc(element)
    return format(element, document, toplevel=toplevel)


def usable() -> bool:
    """False when reportlab is set to write comments into PDFs: then its own way is used."""
    return not (rl_config.pdfComments and not rl_config.invariant)


def _name(key: str) -> bytes:
    found = _NAMES.get(key)
    if found is None:
        found = _NAMES[key] = pdfdocEnc(PDFName(key))
    return found


def _dictionary(entries: dict[str, Any], multiline: Any, document: Any) -> bytes:
    keys = list(entries.keys())
    if not isinstance(entries, OrderedDict):
        keys.sort()
    lines = [_name(key) + b" " + value(entries[key], document) for key in keys]
    if (multiline and rl_config.pdfMultiLine) or multiline == "forced":
        body = b"\n ".join(lines)
    else:
        for index in reversed(range(6, len(lines), 6)):  # reportlab breaks every six entries
            lines.insert(index, b"\n ")
        body = b" ".join(lines)
    return b"<<\n" + body + b"\n>>"


def _array(sequence: list[Any], multiline: Any, document: Any) -> bytes:
    if sequence and all(type(item) in _NUMBERS for item in sequence):
        items = fp_str(*sequence).encode("ascii").split(b" ")  # one call for the whole array
    else:
        items = [value(item, document) for item in sequence]
    if (multiline and rl_config.pdfMultiLine) or multiline == "forced":
        body = b"\n ".join(items)
    else:
        for index in reversed(range(10, len(items), 10)):  # reportlab breaks every ten items
            items.insert(index, b"\n ")
        body = b" ".join(items)
    return b"[ " + body + b" ]"


def _font(font: Any, document: Any) -> bytes:
    """PDFType1Font.format: its name attributes as names, its other attributes as they are."""
    entries: dict[str, Any] = {}
    for name in font.name_attributes:
        if hasattr(font, name):
            entries[name] = PDFName(getattr(font, name))
    for name in font.local_attributes:
        if hasattr(font, name):
            entries[name] = getattr(font, name)
    return _dictionary(entries, PDFDictionary.multiline, document)
