"""Pages rendered once, drawn into every client's packet as form XObjects, parsing nothing.

A packet's handouts and cue cards are the same for every client. They are rendered once per
process into one PDF each (so each font subset exists once), read once, and every page becomes a
pre-serialised form XObject: its bytes, and the slots where references to its fonts, images and
graphics states go. A client's packet is then one reportlab document: the packet pages are laid
out as usual, and a handout page is a ``Do`` of its form, whose objects are added to the
document as they are (already compressed). Nothing is re-read or re-compressed per client.

Measured against the two ways tried before (see docs/programs.md): pypdf merging the frame with
the pages (about 36 ms a packet, 56% of it re-reading), and pikepdf doing the same assembly
(qpdf copies and re-writes every object of every packet: 28 ms a packet on a loaded machine).
"""

from __future__ import annotations

import io
import zlib
from collections import ChainMap
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFObject

Part = bytes | str  # bytes to copy, or the name of an object to reference


@dataclass(frozen=True)
class RawObject:
    """One object of the source PDF, serialised, with its references left as names."""

    parts: tuple[Part, ...]


class _Placed(PDFObject):
    """A RawObject in one document: its references become that document's object numbers."""

    def __init__(self, raw: RawObject) -> None:
        self.raw = raw

    def format(self, document: Any) -> bytes:
        numbers = document.idToObjectNumberAndVersion
        return b"".join(
            part if isinstance(part, bytes) else b"%d 0 R" % numbers[part][0]
            for part in self.raw.parts
        )


@dataclass(frozen=True)
class Form:
    """A page as a form: its own object's name, size, and every object it needs."""

    name: str
    width: float
    height: float
    needs: tuple[str, ...]  # object names in the order they must be added


class FormLibrary:
    """The pages of some PDFs, ready to be drawn into any number of documents.

    An object that is byte for byte one the library holds already (a font subset the packet's
    shared pages have in common with its handouts) is kept once, so a packet embeds it once.
    A library made ``on`` another holds its own pages and sees the other's: dropping it frees
    only what it added (a variant of a program's shared pages).
    """

    def __init__(self, on: FormLibrary | None = None) -> None:
        self.objects: MutableMapping[str, RawObject] = _layer(on.objects if on else None)
        self.deps: MutableMapping[str, tuple[str, ...]] = _layer(on.deps if on else None)
        self.forms: MutableMapping[str, Form] = _layer(on.forms if on else None)
        # objects by their bytes, and the name each object read is kept under
        self.same: MutableMapping[tuple[Part, ...], str] = _layer(on.same if on else None)
        self.names: MutableMapping[str, str] = _layer(on.names if on else None)
        # (prefix, BaseFont) -> each subset font's object, for a packet to use the same subsets
        self.fonts: MutableMapping[tuple[str, str], str] = _layer(on.fonts if on else None)

    def add_pdf(
        self, prefix: str, data: bytes, struct_parents: list[int] | None = None
    ) -> list[str]:
        """Read a PDF (once per process) and keep each page as a form; returns the forms' names.

        ``struct_parents``: each page's ParentTree key, for forms holding tagged content.
        """
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        names = []
        for index, page in enumerate(reader.pages):
            name = f"{prefix}p{index}"
            box = [float(v) for v in page.mediabox]
            stream = _contents(page)
            resources = page.get("/Resources")
            needs: list[str] = []
            parts: list[Part] = [
                b"<< /Type /XObject /Subtype /Form /BBox [%s] /Resources "
                % " ".join(_number(v) for v in box).encode()
            ]
            parts += self._value(resources, prefix, needs) if resources is not None else [b"<<>>"]
            if struct_parents is not None:
                parts.append(b" /StructParents %d" % struct_parents[index])
            parts.append(b" /Filter /FlateDecode /Length %d >>\nstream\n" % len(stream))
            parts.append(stream + b"\nendstream")
            self.objects[name] = RawObject(_merge(parts))
            self.forms[name] = Form(name, box[2] - box[0], box[3] - box[1], tuple(needs))
            names.append(name)
        return names

    def _object(self, reference: Any, prefix: str, needs: list[str]) -> str:
        """Serialise an indirect object once; ``needs`` gets it after what it needs itself."""
        name = f"{prefix}o{reference.idnum}"
        if name not in self.names and name not in self.objects:
            self.objects[name] = RawObject(())  # a cycle back here stops at the reference
            mine: list[str] = []
            value = reference.get_object()
            raw = RawObject(_merge(self._top(value, prefix, mine)))
            kept = self.same.get(raw.parts)
            if kept is not None and kept != name:  # the same bytes are kept already
                del self.objects[name]
            else:
                kept = name
                self.objects[name], self.deps[name] = raw, tuple(mine)
                self.same[raw.parts] = name
            self.names[name] = kept
            if hasattr(value, "get") and value.get("/Type") == "/Font" and "/BaseFont" in value:
                self.fonts[(prefix, str(value["/BaseFont"]))] = kept
        name = self.names.get(name, name)
        for needed in (*self.deps.get(name, ()), name):
            if needed not in needs:
                needs.append(needed)
        return name

    def _top(self, value: Any, prefix: str, needs: list[str]) -> list[Part]:
        from pypdf.generic import StreamObject

        if isinstance(value, StreamObject):
            data = _deflated(value)
            skip = {"/Length", "/Filter", "/DecodeParms"}
            parts: list[Part] = [b"<<"]
            for key, item in value.items():
                if key not in skip:
                    parts += [b" " + _name(key) + b" ", *self._value(item, prefix, needs)]
            parts.append(b" /Filter /FlateDecode /Length %d >>\nstream\n" % len(data))
            parts.append(data + b"\nendstream")
            return parts
        return self._value(value, prefix, needs)

    def _value(self, value: Any, prefix: str, needs: list[str]) -> list[Part]:
        from pypdf.generic import (
            ArrayObject,
            BooleanObject,
            ByteStringObject,
            DictionaryObject,
            FloatObject,
            IndirectObject,
            NameObject,
            NullObject,
            NumberObject,
            TextStringObject,
        )

        if isinstance(value, IndirectObject):
            return [self._object(value, prefix, needs)]
        if isinstance(value, DictionaryObject):
            parts: list[Part] = [b"<<"]
            for key, item in value.items():
                if key == "/Parent":  # a form has no page tree
                    continue
                parts += [b" " + _name(key) + b" ", *self._value(item, prefix, needs)]
            return [*parts, b" >>"]
        if isinstance(value, ArrayObject):
            parts = [b"["]
            for item in value:
                parts += [b" ", *self._value(item, prefix, needs)]
            return [*parts, b" ]"]
        if isinstance(value, NameObject):
            return [_name(value)]
        if isinstance(value, BooleanObject):
            return [b"true" if value else b"false"]
        if isinstance(value, NullObject):
            return [b"null"]
        if isinstance(value, NumberObject | FloatObject | int | float):
            return [_number(float(value)).encode()]
        if isinstance(value, TextStringObject | ByteStringObject | str | bytes):
            if isinstance(value, TextStringObject):
                raw = value.original_bytes
            elif isinstance(value, str):
                raw = value.encode("utf-8")
            else:
                raw = bytes(value)
            return [b"<" + raw.hex().encode() + b">"]
        raise TypeError(f"unexpected PDF value {type(value).__name__}")  # a bug, not input

    def place(self, canvas: Any, name: str) -> str:
        """Add the form and what it needs to the canvas's document; returns its XObject name."""
        document = canvas._doc
        for needed in self.forms[name].needs:
            self.place_object(document, needed)
        if name not in document.idToObject:
            document.addForm(name, _Placed(self.objects[name]))
        return name

    def place_object(self, document: Any, name: str) -> None:
        """Add one kept object (and what it needs, first) to a document, once."""
        for needed in (*self.deps.get(name, ()), name):
            if needed not in document.idToObject:
                document.Reference(_Placed(self.objects[needed]), needed)


def _layer(under: MutableMapping[Any, Any] | None) -> MutableMapping[Any, Any]:
    """A mapping of its own over ``under`` (read through, written to the top)."""
    return {} if under is None else ChainMap({}, under)


def _contents(page: Any) -> bytes:
    """The page's drawing operators, deflated: its one stream as stored, or its streams joined."""
    from pypdf.generic import ArrayObject

    contents = page.get("/Contents")
    if contents is None:
        return zlib.compress(b"", 6)
    contents = contents.get_object()
    if not isinstance(contents, ArrayObject):
        return _deflated(contents)
    return zlib.compress(b"\n".join(s.get_object().get_data() for s in contents), 6)


def _deflated(stream: Any) -> bytes:
    """A stream's data deflated: as the file stores it when it is plain FlateDecode (nothing is
    inflated and deflated again; the set-up of a program's pages costs less), else deflated."""
    raw = getattr(stream, "_data", None)
    plain = stream.get("/Filter") == "/FlateDecode" and "/DecodeParms" not in stream
    if plain and isinstance(raw, bytes):
        return raw
    return zlib.compress(stream.get_data(), 6)


def _merge(parts: list[Part]) -> tuple[Part, ...]:
    """Join neighbouring byte strings, so formatting an object is a short join."""
    merged: list[Part] = []
    for part in parts:
        if isinstance(part, bytes) and merged and isinstance(merged[-1], bytes):
            merged[-1] = merged[-1] + part
        else:
            merged.append(part)
    return tuple(merged)


def _name(name: str) -> bytes:
    out = []
    for char in name[1:].encode("utf-8"):
        if 33 <= char <= 126 and chr(char) not in "()<>[]{}/%#":
            out.append(chr(char))
        else:
            out.append(f"#{char:02X}")
    return ("/" + "".join(out)).encode()


def _number(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")
