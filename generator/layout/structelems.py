"""Structure elements as flat runs, numbered and formatted only when the file is written.

A run is a tree of elements in pre-order (reading order), each with its structure type, parent
and kids, where pages and forms are *keys*, not objects. The packet's own elements are a run;
each placed handout or card is a run too, made once per process from its tagger's record
(layout/packet_tags.py) and formatted into every client's packet with that packet's pages and
forms. Nothing is copied per packet, and no element goes through reportlab's object registry:
the structure tree (layout/structure.py) numbers its elements after every other object and
writes them straight into object streams (layout/objstreams.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.pdfbase.pdfdoc import NoEncryption, PDFString

from generator.layout.objstreams import Packed, pack
from generator.layout.tagging import Node

PACKED_KEPT = 4  # object streams kept per run: memory stays flat however many packets
Key = Any  # ("page", index) or ("form", index): what a reference points at, per run
Resolve = Callable[[Any], tuple[Key, Key | None, int]]  # a tagger's mark -> (page, form, MCID)


class Element:
    """One element of a run: its dictionary's fixed part, parent and kids.

    ``parent`` is an index in the run, or -1 for the run's own parent (given when formatted).
    A kid is an MCID on the element's page, ("E", index) a child element, ("I", number) a
    placed run's root, ("MCR", page, form or None, MCID) or ("OBJR", page, annotation name).
    """

    __slots__ = ("alt", "first", "head", "kids", "page", "parent", "role")

    def __init__(self, node: Node, parent: int) -> None:
        self.role, self.alt, self.head, self.parent = node.role, node.alt, head(node), parent
        self.page: Key | None = None
        self.first: int | None = None  # the element's first page, where it has one of its own
        self.kids: list[Any] = []


class Run:
    """A tree of elements in reading order, and which element each MCID belongs to."""

    def __init__(self) -> None:
        self.elements: list[Element] = []
        self.marks: dict[Key, dict[int, int]] = {}  # page or form key -> MCID -> element index
        self.holders: dict[int, int] = {}  # id(placeholder node) -> parent element index
        self.roots: list[int] = []  # the elements whose parent is the run's parent
        self.keys: dict[Key, None] = {}  # every page and form the elements refer to, in order
        self._packed: dict[Any, Packed] = {}  # kept object streams, by numbers and references

    def add(
        self, node: Node, parent: int, resolve: Resolve, holders: frozenset[int] = frozenset()
    ) -> int:
        """Add ``node`` and its descendants; a node in ``holders`` is left for a placed run."""
        index = len(self.elements)
        element = Element(node, parent)
        self.elements.append(element)
        if parent < 0:
            self.roots.append(index)
        for kid in node.kids:
            if isinstance(kid, Node):
                if id(kid) in holders:
                    self.holders[id(kid)] = index
                    element.kids.append(("H", id(kid)))
                else:
                    element.kids.append(("E", self.add(kid, index, resolve, holders)))
                continue
            page, form, mcid = resolve(kid)
            if element.page is None:
                element.page = page
                element.first = page[1] if form is None else None
            by_mcid = self.marks.get(form or page)
            if by_mcid is None:  # a page or form met for the first time
                by_mcid = self.marks[form or page] = {}
                self.keys[page] = self.keys[form] = None
            by_mcid[mcid] = index
            if form is None and page == element.page:
                element.kids.append(mcid)
            else:
                element.kids.append(("MCR", page, form, mcid))
        return index

    def packed(self, base: int, parent: bytes, refs: Callable[[Key], bytes]) -> Packed:
        """The run as one object stream, numbered from ``base``: made once per place it lands.

        A handout placed in the packets of many clients lands at the same object numbers on
        pages with the same numbers (the packets differ in names and loads, not in objects), so
        its elements are formatted and compressed once, not once a packet.
        """
        key = (base, parent, tuple(refs(k) for k in self.keys if k is not None))
        found = self._packed.get(key)
        if found is None:
            numbers = list(range(base, base + len(self.elements)))
            found = pack(numbers, self.format(base, parent, refs, _no_holders), level=9)
            if len(self._packed) >= PACKED_KEPT:
                del self._packed[next(iter(self._packed))]
            self._packed[key] = found
        return found

    def format(
        self, base: int, parent: bytes, refs: Callable[[Key], bytes], placed: Any
    ) -> list[bytes]:
        """Every element's dictionary, the run numbered from ``base``.

        ``refs`` gives a page's or form's (or annotation's) reference; ``placed`` the
        reference of a placed run's root by its placeholder's id.
        """
        out = []
        for element in self.elements:
            kids = []
            for kid in element.kids:
                if isinstance(kid, int):
                    kids.append(b"%d" % kid)
                elif kid[0] == "E":
                    kids.append(b"%d 0 R" % (base + kid[1]))
                elif kid[0] == "H":
                    kids += placed(kid[1])
                elif kid[0] == "MCR":  # /Pg only where it is not the element's own
                    on = b"" if kid[1] == element.page else b" /Pg " + refs(kid[1])
                    stream = b" /Stm " + refs(kid[2]) if kid[2] else b""
                    kids.append(b"<< /Type /MCR%s%s /MCID %d >>" % (on, stream, kid[3]))
                else:  # OBJR (a kept run's link: its annotation is known per packet, or not)
                    annotation = refs(kid[2])
                    if annotation:
                        kids.append(
                            b"<< /Type /OBJR /Pg %s /Obj %s >>" % (refs(kid[1]), annotation)
                        )
            k = kids[0] if len(kids) == 1 else b"[" + b" ".join(kids) + b"]"
            up = parent if element.parent < 0 else b"%d 0 R" % (base + element.parent)
            page = b" /Pg " + refs(element.page) if element.page is not None else b""
            out.append(b"<< %s /P %s%s /K %s >>" % (element.head, up, page, k))  # Type: optional
        return out

    def link_slots(self) -> list[tuple[Key, int]]:
        """Give each Link element a slot for its annotation, known only per packet.

        For a run kept over packets (a packet's shared pages): the i-th Link on a page gets
        ("annot", page, i), which each packet resolves to the i-th link annotation of the
        packet page that page landed on. Returns (page key, element index) of each Link.
        """
        slots: list[tuple[Key, int]] = []
        counts: dict[Key, int] = {}
        for index, element in enumerate(self.elements):
            if element.role == "Link" and element.page is not None:
                number = counts.get(element.page, 0)
                counts[element.page] = number + 1
                slot = ("annot", element.page[1], number)
                element.kids.append(("OBJR", element.page, slot))
                self.keys[slot] = None
                slots.append((element.page, index))
        return slots


def _no_holders(holder: int) -> list[bytes]:
    raise KeyError(holder)  # a placed run holds no placeholders: a bug, not input


def head(node: Node) -> bytes:
    """The fixed part of an element's dictionary: type, alt text, attributes."""
    if node.alt or node.actual:
        return _head(node)
    if not node.attributes:
        found = _HEADS.get(node.role)
        if found is None:
            found = _HEADS[node.role] = _head(node)
        return found
    key = (node.role, *node.attributes.items())
    found = _HEADS.get(key)
    if found is None:
        found = _HEADS[key] = _head(node)
    return found


_HEADS: dict[Any, bytes] = {}  # heads without alt text: a few dozen kinds


def _head(node: Node) -> bytes:
    text = b"/S /" + node.role.encode("ascii")
    if node.alt:
        text += b" /Alt " + PDFString(node.alt).format(_NoDocument)
    if node.actual:
        text += b" /ActualText " + PDFString(node.actual).format(_NoDocument)
    if node.attributes:
        attributes = [b"/O /" + str(node.attributes.get("O", "Layout")).encode("ascii")]
        for key, value in node.attributes.items():
            if key != "O":
                shown = b"%d" % value if isinstance(value, int) else b"/" + value.encode()
                attributes.append(b"/" + key.encode("ascii") + b" " + shown)
        text += b" /A << " + b" ".join(attributes) + b" >>"
    return text


class _NoDocument:
    """What PDFString.format asks of a document: tagged output is never encrypted."""

    encrypt = NoEncryption()


__all__ = ["Element", "Run", "head"]
