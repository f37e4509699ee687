"""A packet's own pages that clients share (contents, schedule, log), laid out once per variant.

Those pages never print the client's name (the cover and the running footers do), so clients
whose loads and notes are the same see the same pages. They are laid out once per process and
variant into one PDF, read once into forms (layout/packet_forms.py), and each client's packet
draws them by reference, as it draws handouts. What a page does besides drawing is recorded
while it is laid out and done again in every packet: its links, the bookmarks of its headings,
the anchors the contents' page numbers point at and where those numbers go.

The shared PDF starts with the handouts' font subsets (the same characters at the same codes):
if its text needs no other character, its subsets are the handouts' byte for byte, the form
library keeps one copy, and the packet embeds each subset once.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfdoc import xObjectName
from reportlab.platypus import Flowable, PageBreak
from reportlab.platypus.doctemplate import LayoutError

from generator.errors import CoachcardsError
from generator.layout.document import body_frame, canvas_maker, doc_template
from generator.layout.flow import Assets, StyleBook, flowables
from generator.layout.info import DocInfo
from generator.layout.packet_canvas import PacketState, SharedPage
from generator.layout.packet_forms import FormLibrary
from generator.layout.pages import Page
from generator.layout.tagging import Node, TaggedCanvas, Tagger, tagger_of
from generator.render.blocks import Block

FontSeed = tuple[tuple[str, str], ...]  # (TrueType font name, its characters in code order)
PARTS = ("contents", "schedule", "log")
SHARED = "shared"  # a mark on a shared page: (SHARED, page of the shared PDF, MCID)


@dataclass
class PageRecord:
    """What one shared page does besides drawing, in page coordinates, in drawing order."""

    links: list[tuple[Any, ...]] = field(default_factory=list)  # linkRect's arguments
    bookmarks: list[tuple[Any, ...]] = field(default_factory=list)  # key, top, left, fit, kw
    anchors: list[str] = field(default_factory=list)  # keys whose page the contents print
    numbers: list[tuple[float, float, str, Any]] = field(default_factory=list)  # x, y, key, style


@dataclass
class SharedRender:
    """The shared PDF, which of its pages belong to which part, and each page's record."""

    data: bytes
    parts: dict[str, list[int]]  # part -> its pages (0-based), in order
    records: list[PageRecord]
    order: list[str]  # the parts it holds, in order


@dataclass
class SharedPages:
    """One variant's shared pages as forms in their own library (over the program's)."""

    library: FormLibrary
    parts: dict[str, list[tuple[str, PageRecord]]]  # part -> (form, record) of each page
    forms: list[str] = field(default_factory=list)  # the form of each page of the PDF
    keys: dict[str, int] = field(default_factory=dict)  # tagged: each form's ParentTree key
    elements: dict[str, list[Node]] = field(default_factory=dict)  # tagged: each part's

    def story(self, name: str) -> list[Flowable]:
        """The part's pages for the packet's story (nothing if it is not in the packet)."""
        out: list[Flowable] = []
        for index, (form, record) in enumerate(self.parts.get(name, [])):
            if index:
                out.append(PageBreak())
            elements = self.elements.get(name) if index == 0 else None
            out.append(SharedPage(self.library, form, record, elements))
        return out

    def attach(self, tagger: Tagger) -> None:
        """Let the packet's tagger resolve these pages' marks: the packet page and the form.

        The elements are the same objects in every packet (made once, never changed): their
        marks say which page of the shared PDF, and the packet finds where that page landed.
        """
        where: dict[str, int] = {}

        def foreign(mark: Any, page_of: dict[int, int]) -> tuple[Any, Any, int]:
            if not where:  # at save: every page is placed by then
                for marks, form, _ in tagger.placements:
                    where.setdefault(form, page_of[id(marks)])
            form = self.forms[mark[1]]
            return ("page", where[form]), ("form", xObjectName(form), self.keys[form]), mark[2]

        tagger.foreign = foreign


def shared_elements(tagger: Tagger, order: list[str]) -> dict[str, list[Node]]:
    """Each part's elements (the kids of its section), their marks naming the shared PDF's page."""
    page_of = {id(marks): index for index, marks in enumerate(tagger.pages)}

    def copy(node: Node) -> Node:
        kids: list[Any] = [
            copy(kid) if isinstance(kid, Node) else (SHARED, page_of[id(kid[0])], kid[1])
            for kid in node.kids
        ]
        return Node(node.role, node.alt, dict(node.attributes), kids)

    sections = [kid for kid in tagger.root.kids if isinstance(kid, Node)]
    return {
        name: [copy(kid) for kid in section.kids if isinstance(kid, Node)]
        for name, section in zip(order, sections, strict=True)
    }


def font_order(document: Any) -> FontSeed:
    """Each TrueType subset font of a finished PDF and its characters in the order of their codes.

    Reading reportlab's per-document font state is the only way to know which code each
    character got; assigning the same characters in the same order gives the same codes.
    """
    seed = []
    for font in getattr(document, "delayedFonts", []):
        state = getattr(font, "state", {}).get(document)
        if state is None or getattr(state, "frozen", False):
            continue
        codes = sorted(state.assignments.items(), key=lambda item: item[1])
        seed.append((font.fontName, "".join(chr(code) for code, _ in codes)))
    return tuple(seed)


def share_fonts(document: Any, seed: FontSeed, library: FormLibrary, prefix: str = "H") -> None:
    """Just before a packet is written: a subset font whose characters (and so codes) are
    exactly the handouts' becomes the handouts' font object, so the packet embeds it once.

    A client whose name or cover needs another character keeps the packet's own subset; which
    way it goes depends only on the characters, never on what the process made before.
    """
    from reportlab.pdfbase.pdfdoc import PDFObjectReference
    from reportlab.pdfbase.ttfonts import SUBSETN

    wanted = dict(seed)
    mine = dict(font_order(document))
    fonts = document.idToObject["BasicFonts"].dict
    for font in list(document.delayedFonts):
        name = font.fontName
        if name not in mine or mine[name] != wanted.get(name):
            continue
        subsets = font.state[document].subsets
        face = font.face
        bases = [
            "/" + (SUBSETN(n) + b"+" + face.name + face.subfontNameX).decode("latin-1")
            for n in range(len(subsets))
        ]
        kept = [library.fonts.get((prefix, base)) for base in bases]
        if None in kept:
            continue
        for number, object_name in enumerate(kept):
            assert object_name is not None
            library.place_object(document, object_name)
            internal = font.getSubsetInternalName(number, document)[1:]
            fonts[internal] = PDFObjectReference(object_name)
        document.delayedFonts.remove(font)
        del font.state[document]  # as reportlab does once it has embedded a font


def seeded(base: type[TaggedCanvas], seed: FontSeed) -> type[TaggedCanvas]:
    """A canvas class whose document gives ``seed``'s characters their codes before anything."""

    class Seeded(base):  # type: ignore[valid-type,misc]  # a class made at run time
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            from generator.layout.packet_seed import plant

            plant(self._doc, seed)  # reportlab's private document
            self.font_seed: FontSeed = ()

        def save(self) -> None:
            self.font_seed = font_order(self._doc)  # reportlab forgets it when it saves
            super().save()

    return Seeded


def _recording(seed: FontSeed, library: FormLibrary | None) -> type[TaggedCanvas]:
    """A canvas that records links and bookmarks instead of making them (their targets are in
    the packet, not in this PDF), and the anchors and contents numbers (its packet_state)."""

    class Recording(seeded(TaggedCanvas, seed)):  # type: ignore[misc]  # made at run time
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.packet_state = PacketState()
            self.records: list[PageRecord] = []

        def save(self) -> None:
            if library is not None:  # the handouts' subsets, not made again (see share_fonts)
                share_fonts(self._doc, seed, library)
            super().save()

        def _record(self) -> PageRecord:
            index = self.getPageNumber() - 1
            while len(self.records) <= index:
                self.records.append(PageRecord())
            return self.records[index]

        def linkRect(  # reportlab's name
            self,
            contents: str,
            destinationname: str,
            Rect: Any = None,
            addtopage: int = 1,
            name: str | None = None,
            relative: int = 1,
            thickness: float = 0,
            color: Any = None,
            dashArray: Any = None,
            **kw: Any,
        ) -> None:
            rect = tuple(self._absRect(Rect, relative))
            self._record().links.append(
                (contents, destinationname, rect, thickness, color, dashArray, kw)
            )

        def linkURL(self, *args: Any, **kwargs: Any) -> None:
            raise AssertionError("packet pages link only inside the packet")  # a bug, not input

        def bookmarkHorizontalAbsolute(  # reportlab's name
            self, key: str, top: float, left: float = 0, fit: str = "XYZ", **kw: Any
        ) -> None:
            self._record().bookmarks.append((key, top, left, fit, kw))

    return Recording


class _Part(Flowable):
    """Marks where a part starts: its first page, and (tagged) a section of its own."""

    def __init__(self, name: str, starts: dict[str, int]) -> None:
        super().__init__()
        self.name, self.starts = name, starts

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.starts[self.name] = self.canv.getPageNumber() - 1
        tagger = tagger_of(self.canv)
        if tagger is not None:
            tagger.open_section()  # its elements join the packet's tree where it is placed


def render_shared(
    parts: dict[str, list[Block]],
    book: StyleBook,
    page: Page,
    margin: float,
    bottom: float,
    seed: FontSeed,
    logo: Any,
    source: str,
    tagger: Tagger | None = None,
    library: FormLibrary | None = None,
) -> SharedRender:
    """The parts (any of contents, schedule, log), each from a new page, in one PDF."""
    starts: dict[str, int] = {}
    story: list[Flowable] = []
    assets = Assets(logo=logo)
    for name in PARTS:
        if name in parts:
            if story:
                story.append(PageBreak())
            story += [_Part(name, starts), *flowables(parts[name], book, assets=assets)]
    buffer = io.BytesIO()
    info = DocInfo("packet pages", "coachcards", "", (), "en")
    document = doc_template(
        buffer, page, body_frame(page, margin, bottom), info, font=book.fonts.regular
    )
    try:
        document.build(story, canvasmaker=canvas_maker(tagger, _recording(seed, library)))
    except LayoutError as exc:
        raise CoachcardsError.single(source, f"the packet cannot be laid out: {exc}") from None
    canvas: Any = document.canv
    total = document.page
    records = [*canvas.records, *[PageRecord() for _ in range(total - len(canvas.records))]]
    state: PacketState = canvas.packet_state
    for key, number in state.pages.items():
        records[number - 1].anchors.append(key)
    for number, x, y, key, style in state.numbers:
        records[number - 1].numbers.append((x, y, key, style))
    order = [name for name in PARTS if name in starts]
    ends = [*(starts[name] for name in order[1:]), total]
    pages = {name: list(range(starts[name], end)) for name, end in zip(order, ends, strict=True)}
    return SharedRender(buffer.getvalue(), pages, records, order)
