"""Compact PDF writing for tagged documents: structure objects packed into object streams.

A tagged packet holds about a thousand structure elements (every table cell is one). Written as
reportlab writes every object, each is a plain-text ``N 0 obj ... endobj`` plus a 20-byte line
in the cross-reference table: that made a tagged packet 60% larger than the untagged one
(342 KiB against 212 KiB). PDF 1.5's object streams hold such small dictionaries compressed
together, with a cross-reference stream instead of the table; qpdf, pikepdf, pypdf, pdfminer,
pdf.js and every current viewer read them.

Every object that is not a stream goes into object streams (pages, annotations, fonts,
outlines too), except the catalog and the document information. An object that says
``late = True`` (the structure tree) is formatted after all others, with the first free object
number: it numbers its own elements from there, so they never pass through reportlab's object
registry. The output stays deterministic: the same objects in the same order, no dates.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFFile, PDFName, format

from generator.layout import pdfvalues

LEVEL = pdfvalues.LEVEL  # per document: zlib 6 made a packet 0.3 ms slower for 0.4 KiB less
PER_STREAM = 200  # objects per object stream: readers find one without inflating them all
ROW = struct.Struct(">BIH")  # a cross-reference stream row: type, offset or stream, index


def install(document: Any) -> None:
    """Write ``document`` (reportlab's PDFDocument) with its packed objects in object streams."""
    document.format = lambda: write(document)
    document._pdfVersion = max(tuple(document._pdfVersion), (1, 7))  # PDF/UA-1 is ISO 32000-1


def write(document: Any) -> bytes:
    """reportlab's PDFDocument.format, with object streams and a cross-reference stream."""
    if document.encrypt.info():  # never the case for tagged output; keep reportlab's own way
        return bytes(type(document).format(document))
    catalog, info = document.Catalog, document.info
    document.Reference(catalog)
    document.Reference(info)
    by_number, objects = document.numberToId, document.idToObject
    write_value = pdfvalues.value if pdfvalues.usable() else format
    document.__accum__ = out = PDFFile(document._pdfVersion)
    offsets: dict[int, int] = {}
    packed: list[tuple[int, bytes]] = []
    late: list[tuple[int, Any]] = []
    number = 0
    while number + 1 in by_number:  # objects may be added while others are formatted
        number += 1
        name = by_number[number]
        obj = objects[name]
        if getattr(obj, "late", False):  # formatted when every other object has its number
            late.append((number, obj))
            continue
        body = write_value(obj, document, toplevel=True)
        if obj is catalog or obj is info or b"endstream" in body[-12:]:  # a stream stays out
            offsets[number] = out.add(b"%d 0 obj\n" % number)
            out.add(body)  # as it is: a font file is not copied again
            out.add(b"endobj\n" if body.endswith(b"\n") else b"\nendobj\n")
        else:
            packed.append((number, body))
    del document.__accum__
    groups: list[Packed] = []
    for late_number, obj in late:  # it numbers objects of its own from the first free number
        body, extra, made = obj.format_late(document, late_number, number + 1)
        packed.append((late_number, body))
        packed += [(number + 1 + index, item) for index, item in enumerate(extra)]
        number += len(extra)
        for group in made:  # already packed, numbered on from there
            assert group.numbers[0] == number + 1, "a late object numbered its groups wrongly"
            number += len(group.numbers)
        groups += made
    for start in range(0, len(packed), PER_STREAM):
        chunk = packed[start : start + PER_STREAM]
        groups.append(pack([n for n, _ in chunk], [body for _, body in chunk]))
    streams: list[tuple[int, Packed]] = []  # each object stream's number and objects
    for group in groups:
        number += 1
        offsets[number] = out.add(group.object(number))
        streams.append((number, group))
    number += 1  # the cross-reference stream itself
    offsets[number] = out.offset
    table = bytearray(ROW.size * (number + 1))
    ROW.pack_into(table, 0, 0, 0, 0xFFFF)  # object 0: the head of the free list
    for at_number, at in offsets.items():
        ROW.pack_into(table, at_number * ROW.size, 1, at, 0)
    for stream, group in streams:
        group.xref_rows(table, stream)
    data = xref_data(bytes(table))
    trailer = PDFDictionary(
        {
            "Type": PDFName("XRef"),
            "Size": number + 1,
            "W": PDFArray([1, 4, 2]),
            "Root": document.Reference(catalog),
            "Info": document.Reference(info),
            "Filter": PDFName("FlateDecode"),
            "DecodeParms": PDFDictionary({"Columns": 7, "Predictor": 12}),
            "Length": len(data),
        }
    )
    prefix = trailer.format(document)[:-2]
    out.add(xref_object(number, data, prefix, identifier(document)))
    out.add(b"startxref\n%d\n%%%%EOF\n" % offsets[number])
    # what a packet's skeleton is cut from (layout/packet_splice.py)
    document.written = Written(dict(offsets), bytes(table), number, prefix)
    return bytes(out.format(document))


@dataclass(frozen=True)
class Written:
    """Where a written document's objects are: enough to write it again with a few replaced."""

    offsets: dict[int, int]  # each object outside an object stream (and the xref stream)
    table: bytes  # the cross-reference rows before prediction and compression
    xref: int  # the cross-reference stream's number (the last object)
    prefix: bytes  # its dictionary, without the /ID and the closing ``>>``


def identifier(document: Any) -> bytes:
    """The document's /ID array, as reportlab makes it."""
    return bytes(document.ID().strip().split(b"\n")[0])


def xref_object(number: int, data: bytes, prefix: bytes, ident: bytes) -> bytes:
    """The cross-reference stream object, ``data`` its compressed rows."""
    return b"%d 0 obj\n%s/ID %s >>\nstream\n%s\nendstream\nendobj\n" % (
        number,
        prefix,
        ident,
        data,
    )


def xref_data(table: bytes) -> bytes:
    """Cross-reference rows, predicted and compressed as :func:`write` does."""
    return zlib.compress(_up(table, ROW.size), 6)


def _up(table: bytes, width: int) -> bytes:
    """PNG "Up" prediction: each row as its difference from the row above, which makes the
    cross-reference stream (neighbouring offsets, the same object stream) compress to a third.

    Byte-wise subtraction of the whole table at once on Python integers (SWAR), not a loop
    over a thousand rows.
    """
    above = bytes(width) + table[:-width]
    high = int.from_bytes(b"\x80" * len(table), "big")
    a, b = int.from_bytes(table, "big"), int.from_bytes(above, "big")
    low = ~high & ((1 << (8 * len(table))) - 1)
    difference = ((a | high) - (b & low)) ^ ((a ^ ~b) & high)
    data = (difference & ((1 << (8 * len(table))) - 1)).to_bytes(len(table), "big")
    count = len(data) // width
    out = bytearray(count * (width + 1))
    out[0 :: width + 1] = b"\x02" * count  # each row's filter byte: Up
    for column in range(width):
        out[column + 1 :: width + 1] = data[column::width]
    return bytes(out)


@dataclass(frozen=True)
class Packed:
    """Objects already in an object stream's compressed data: kept and reused where the same
    objects get the same numbers again (a placed handout's elements in the next packet)."""

    numbers: tuple[int, ...]
    first: int  # where the first object starts, after the numbers and offsets
    data: bytes
    _rows: dict[int, bytes] = field(default_factory=dict, compare=False, repr=False)

    def xref_rows(self, table: bytearray, stream: int) -> None:
        """Write this stream's objects' cross-reference rows (type 2) into ``table``."""
        size = ROW.size
        first, last = self.numbers[0], self.numbers[-1]
        if last - first + 1 != len(self.numbers):  # not consecutive: row by row
            for index, number in enumerate(self.numbers):
                ROW.pack_into(table, number * size, 2, stream, index)
            return
        rows = self._rows.get(stream)
        if rows is None:  # a kept stream lands under the same number in the next packet
            rows = b"".join(ROW.pack(2, stream, index) for index in range(len(self.numbers)))
            self._rows.clear()
            self._rows[stream] = rows
        table[first * size : (last + 1) * size] = rows

    def object(self, number: int) -> bytes:
        head = b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>" % (
            len(self.numbers),
            self.first,
            len(self.data),
        )
        return b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (number, head, self.data)


def pack(numbers: list[int], bodies: list[bytes], level: int = LEVEL) -> Packed:
    """Objects into one object stream's compressed data (``level``: zlib's, 9 where kept)."""
    offsets, at = [], 0
    for number, body in zip(numbers, bodies, strict=True):
        offsets.append(b"%d %d" % (number, at))
        at += len(body) + 1
    header = b" ".join(offsets) + b"\n"
    data = zlib.compress(header + b"\n".join(bodies), level)
    return Packed(tuple(numbers), len(header), data)


__all__ = ["ROW", "Packed", "Written", "install", "pack", "write", "xref_data", "xref_object"]
