"""A client's packet written from its variant's skeleton: only what carries the name is made.

Clients with the same loads and notes (a variant) get packets that differ in five objects only:
the cover page's content stream, the footer forms (the name is in every footer), the document
information, the XMP metadata and the cross-reference stream (its offsets and the /ID, made
from the information). Everything else (the handouts and cards as forms, the shared pages, the
structure tree, fonts, outline, pages) is the same bytes under the same object numbers.

So the first packet of a variant is made whole (layout/packet.py) and cut into a
:class:`Skeleton`: its bytes, with those objects as slots. The next client's cover is laid out
and drawn alone, on a canvas that then draws every page's footer and numbers as the whole
packet did (``Replay``, layout/packet_canvas.py), and writes nothing; its slots' bytes are
spliced into the skeleton and the cross-reference stream is written again.

The result must be the bytes the whole packet would have had, so the splice is refused (and
the packet made whole) unless the cover took one page, its structure elements are the same
shape, the document registered the same fonts under the same names and gave the same
characters the same codes (so the font subsets are the same objects), and the same footer
forms were made. Which way a packet goes depends only on its inputs; a test compares both ways.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFZCompress, format
from reportlab.pdfbase.pdfmetrics import getFont

from generator.layout import pdfvalues
from generator.layout.objstreams import ROW, Written, identifier, xref_data, xref_object
from generator.layout.packet_canvas import FOOTER_FORM, PacketState, Replay
from generator.layout.structure import metadata_of
from generator.layout.tagging import Node, Tagger

LENGTH = re.compile(rb"/Length (\d+)")
FontState = tuple[tuple[tuple[str, str], ...], tuple[tuple[str, tuple[tuple[int, int], ...]], ...]]


@dataclass(frozen=True)
class Slot:
    """An object made per client: a stream (its dictionary around /Length) or the information."""

    number: int
    kind: str  # "page", "form", "metadata" or "info"
    name: str = ""  # the form's name
    head: bytes = b""  # "N 0 obj\n<< ... /Length " ...
    middle: bytes = b""  # ... " ... >>\nstream\n"
    tail: bytes = b""  # "endstream\nendobj\n"

    def make(self, payload: bytes) -> bytes:
        if self.kind == "info":
            ending = b"endobj\n" if payload.endswith(b"\n") else b"\nendobj\n"
            return b"%d 0 obj\n%s%s" % (self.number, payload, ending)
        return b"%s%d%s%s%s" % (self.head, len(payload), self.middle, payload, self.tail)


@dataclass(frozen=True)
class Run:
    """Bytes kept as they are, and where each object in them starts."""

    data: bytes
    starts: tuple[tuple[int, int], ...]  # (object number, offset in data)


@dataclass(frozen=True)
class Skeleton:
    """A written packet with the objects that carry the client's name as slots."""

    header: bytes  # "%PDF-1.7" and its binary comment line
    pieces: tuple[Run | Slot, ...]
    table: bytes  # the cross-reference rows; type-1 rows are written again per client
    xref: int
    prefix: bytes
    total: int  # pages
    state: PacketState  # what the whole packet's pages recorded: numbers, anchors, credits
    fonts: FontState
    forms: tuple[str, ...]
    shape: tuple[Any, ...] | None  # the cover's structure elements (None: untagged)
    effects: tuple[Any, ...]  # the cover's links and destinations (packet_canvas.cover_effects)

    def replay(self) -> Replay:
        """What the cover's canvas draws after the cover: the ends of the pages that made
        something in the whole packet (a font, a character, a footer form), page 1's first.

        Fonts, characters and forms are only ever added, numbered in order, so a client whose
        counts after each of those pages are the whole packet's, and whose final fonts and
        codes are equal to its, had the same ones at every page: the pages in between made
        nothing new in the whole packet and make nothing new in the client's either.
        """
        growth = self.state.growth
        drawn = [n for n, made in enumerate(growth, 1) if n == 1 or made != growth[n - 2]]
        return Replay(self.total, self.state, drawn)

    def fill(self, replay: Replay, tagger: Tagger | None) -> bytes | None:
        """This client's packet, or None where it would differ from the skeleton beyond the
        slots (then it is made whole)."""
        document = replay.document
        if replay.pages != 1 or document is None:
            return None
        if font_state(document) != self.fonts or footer_forms(document) != self.forms:
            return None
        if replay.effects != self.effects:
            return None
        if (tagger is not None and cover_shape(tagger)) != self.shape:
            return None
        info = document.info
        info.invariant = document.invariant
        # the page's content compressed as the whole packet's writer did: ours for a tagged
        # packet (layout/pdfvalues.py), reportlab's for an untagged one
        encode = pdfvalues.flate if tagger is not None else PDFZCompress.encode
        payloads = {
            "page": encode(document.Pages.pages[0].stream),
            "info": format(info, document, toplevel=1),
            "metadata": metadata_of(document),
        }
        info.digest(document.signature)  # as reportlab does when it writes: the /ID's source
        table = bytearray(self.table)
        parts = [self.header]
        at = len(self.header)
        for piece in self.pieces:
            if isinstance(piece, Run):
                for number, start in piece.starts:
                    ROW.pack_into(table, number * ROW.size, 1, at + start, 0)
                parts.append(piece.data)
                at += len(piece.data)
                continue
            if piece.kind == "form":
                form = document.idToObject[piece.name]
                payload = PDFZCompress.encode(form.stream)
            else:
                payload = payloads[piece.kind]
            made = piece.make(payload)
            ROW.pack_into(table, piece.number * ROW.size, 1, at, 0)
            parts.append(made)
            at += len(made)
        ROW.pack_into(table, self.xref * ROW.size, 1, at, 0)
        data = xref_data(bytes(table))
        prefix = LENGTH.sub(b"/Length %d" % len(data), self.prefix, count=1)
        parts.append(xref_object(self.xref, data, prefix, identifier(document)))
        parts.append(b"startxref\n%d\n%%%%EOF\n" % at)
        return b"".join(parts)


def cut(
    data: bytes,
    document: Any,
    state: PacketState,
    total: int,
    fonts: FontState,
    effects: tuple[Any, ...],
    tagger: Any,
) -> Skeleton | None:
    """The skeleton of a packet just written whole (None: it cannot be spliced)."""
    written: Written | None = getattr(document, "written", None)
    if written is None or not document.Pages.pages or effects[0]:
        return None
    objects, names = document.idToObject, document.numberToId
    wanted: dict[int, tuple[str, str]] = {id(document.info): ("info", "")}
    metadata = getattr(document.Catalog, "Metadata", None)
    if metadata is not None:
        wanted[id(metadata)] = ("metadata", "")
    wanted[id(document.Pages.pages[0].Contents)] = ("page", "")
    forms = footer_forms(document)
    for name in forms:
        wanted[id(objects[name])] = ("form", name)
    slots: dict[int, tuple[str, str]] = {}
    for number, name in names.items():
        found = wanted.get(id(objects[name]))
        if found is not None:
            slots[number] = found
    if len(slots) != len(wanted) or not all(n in written.offsets for n in slots):
        return None
    order = sorted((at, number) for number, at in written.offsets.items())
    header = data[: order[0][0]]
    pieces: list[Run | Slot] = []
    run: list[tuple[int, int, int]] = []  # number, start, end in data

    def flush() -> None:
        if run:
            first = run[0][1]
            starts = tuple((number, start - first) for number, start, _ in run)
            pieces.append(Run(data[first : run[-1][2]], starts))
            run.clear()

    for (start, number), (end, _) in itertools.pairwise(order):
        if number not in slots:
            run.append((number, start, end))
            continue
        flush()
        kind, name = slots[number]
        chunk = data[start:end]
        if kind == "info":
            pieces.append(Slot(number, kind))
            continue
        begin = chunk.find(b"\nstream\n")
        length = LENGTH.search(chunk, 0, begin)
        close = chunk.rfind(b"endstream")
        if begin < 0 or length is None or close < 0:
            return None
        if int(length.group(1)) != close - begin - 8:
            return None
        pieces.append(
            Slot(
                number,
                kind,
                name,
                chunk[: length.start(1)],
                chunk[length.end(1) : begin + 8],
                chunk[close:],
            )
        )
    flush()
    if order[-1][1] != written.xref:
        return None
    kept = PacketState(
        dict(state.pages), list(state.numbers), dict(state.credits), list(state.growth)
    )
    if len(kept.growth) != total:
        return None
    shape = cover_shape(tagger, first_page=True) if tagger is not None else None
    return Skeleton(
        header,
        tuple(pieces),
        written.table,
        written.xref,
        written.prefix,
        total,
        kept,
        fonts,
        forms,
        shape,
        effects,
    )


def font_state(document: Any) -> FontState:
    """The fonts a document registered (in order, with their names) and each TrueType font's
    characters and codes: equal, the documents embed the same font objects."""
    mapping = tuple(document.fontMapping.items())
    codes = []
    for name in document.fontMapping:
        font = getFont(name)
        states = getattr(font, "state", None)
        state = states.get(document) if states is not None else None
        if state is not None:
            codes.append((name, tuple(sorted(state.assignments.items()))))
    return mapping, tuple(codes)


def footer_forms(document: Any) -> tuple[str, ...]:
    return tuple(sorted(n for n in document.idToObject if n.startswith(FOOTER_FORM)))


def cover_shape(tagger: Tagger, first_page: bool = False) -> tuple[Any, ...]:
    """The cover's structure elements: roles, alt and actual text, attributes and MCIDs.

    ``first_page``: of a whole packet's tagger, only the top-level elements with content on the
    first page (the cover); a cover-only tagger has nothing else.
    """
    kids = [kid for kid in tagger.root.kids if isinstance(kid, Node)]
    if first_page:
        on_cover = {id(node) for node in tagger.pages[0]} if tagger.pages else set()
        kids = [kid for kid in kids if _touches(kid, on_cover)]
    return tuple(_shape(kid) for kid in kids)


def _touches(node: Node, on_cover: set[int]) -> bool:
    return id(node) in on_cover or any(
        isinstance(kid, Node) and _touches(kid, on_cover) for kid in node.kids
    )


def _shape(node: Node) -> tuple[Any, ...]:
    kids = tuple(_shape(k) if isinstance(k, Node) else ("mark", k[-1]) for k in node.kids)
    return (node.role, node.alt, node.actual, tuple(sorted(node.attributes.items())), kids)


__all__ = ["Skeleton", "cut", "font_state"]
