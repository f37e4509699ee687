"""PDF objects to bytes for our own writer (objstreams.py), exactly as reportlab writes them.

reportlab formats every value through one generic function: each number of a font's Widths
array (a few hundred a card) is a call to ``format``, a type test, ``fp_str`` and an encoding,
and each dictionary key runs ``PDFName`` again. That made about a fifth of writing a card. The
values a document is mostly made of (dictionaries, arrays of numbers, names, fonts) are written
here with the same rules in fewer steps: a whole array of numbers is one ``fp_str`` call, a
key's name is worked out once per process. Everything else (pages, references, any class this
module does not know) is reportlab's own ``format``: tests/test_pdfvalues.py compares the two.

Streams are the one difference: our writer compresses them at zlib level ``LEVEL`` where
reportlab uses 6. A card's two embedded font files were a tenth of its cost at level 6; level 3
takes about half the time for 4% more bytes (1.5 KiB a card), the trade the object streams
already make (objstreams.py).
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFArrayCompact,
    PDFDictionary,
    PDFName,
    PDFStream,
    PDFTrueTypeFont,
    PDFType1Font,
    PDFZCompress,
    format,
    pdfdocEnc,
)

LEVEL = 3  # zlib level of every stream our writer compresses (and of its object streams)
KEEP_FROM = 8192  # streams at least this long are kept compressed by content (font subsets)
COMPRESSED_KEPT = 64
_compressed: dict[bytes, bytes] = {}
_keeping = threading.Lock()

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
    if kind is PDFStream and toplevel:
        written = _stream(element, document)
        if written is not None:
            return written
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
    return b"<<\n" + _joined(lines, multiline, 6) + b"\n>>"  # reportlab: six entries a line


def _array(sequence: list[Any], multiline: Any, document: Any) -> bytes:
    if sequence and all(type(item) in _NUMBERS for item in sequence):
        items = fp_str(*sequence).encode("ascii").split(b" ")  # one call for the whole array
    else:
        items = [value(item, document) for item in sequence]
    return b"[ " + _joined(items, multiline, 10) + b" ]"  # reportlab: ten items a line


def _joined(parts: list[bytes], multiline: Any, every: int) -> bytes:
    """Parts one a line when multiline, else space-separated and broken every ``every``."""
    if (multiline and rl_config.pdfMultiLine) or multiline == "forced":
        return b"\n ".join(parts)
    for index in reversed(range(every, len(parts), every)):
        parts.insert(index, b"\n ")
    return b" ".join(parts)


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


def flate(content: str | bytes) -> bytes:
    """A stream's content as our writer compresses it (PDFZCompress.encode, at ``LEVEL``).

    Large contents are kept compressed by content: a font subset is the same bytes in most
    documents of a run (glyphfont.py keeps them), and compressing one is a third of a
    millisecond."""
    data = content.encode("utf8") if isinstance(content, str) else content
    if len(data) < KEEP_FROM:
        return zlib.compress(data, LEVEL)
    found = _compressed.get(data)
    if found is None:
        found = zlib.compress(data, LEVEL)
        with _keeping:  # documents may be written in several threads (the API's executors)
            if len(_compressed) >= COMPRESSED_KEPT:
                _compressed.pop(next(iter(_compressed)))  # the oldest goes
            _compressed[data] = found
    return found


def _stream(stream: Any, document: Any) -> bytes | None:
    """PDFStream.format with its Flate filter at ``LEVEL``; None for any other filter."""
    filters = stream.filters if stream.filters is not None else document.defaultStreamFilters
    entries = stream.dictionary.dict
    if stream.content is None or "Filter" in entries or filters is None:
        return None  # reportlab's way: it raises, or the content is encoded already
    if len(filters) != 1 or filters[0] is not PDFZCompress:
        return None
    content = document.encrypt.encode(flate(stream.content))
    entries = entries.copy()
    entries["Filter"] = PDFArray([PDFName(PDFZCompress.pdfname)])
    entries["Length"] = len(content)
    return _dictionary(entries, PDFDictionary.multiline, document) + (
        b"\nstream\n" + content + b"endstream\n"
    )
