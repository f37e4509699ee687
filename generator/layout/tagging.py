"""Tagged PDF, part one: marked content while the page is drawn.

The layout knows what every block is, so it says so as it draws: a flowable made with
:func:`tag` carries an :class:`Element` (its structure type, alt text, parent group), and when
it is drawn on a canvas that has a :class:`Tagger`, its operators are wrapped in
``/Role <</MCID n>> BDC ... EMC``. Everything else on the page (rules, bands, fills, running
footers, crop marks) is an Artifact: each page is wrapped in ``/Artifact BMC ... EMC`` when it is
emitted, and tagged content punches holes in it, so nothing can be left neither tagged nor
artifact. When the canvas is saved, the structure tree is written from the tagger's record into
the same document (``layout/structure.py``).

Elements are keys, not tree nodes: a card's flowables are measured at many sizes and a layout
can be drawn more than once (a sheet, a packet). Nodes are made when content is drawn, in
drawing order (reading order), once per element per :meth:`Tagger.section`; the pieces of a
paragraph split across pages share their element, so they stay one ``P``.

A canvas without a tagger (``--untagged``) draws exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfgen.canvas import Canvas

_INSIDE, _ITEM, _BEGUN = 0, 1, 2  # what Tagger.enter did


@dataclass(eq=False)
class Element:
    """What a drawn block is: a structure type, its group, alt text and attributes."""

    role: str
    parent: Element | None = None
    alt: str | None = None
    attributes: dict[str, str | int] = field(default_factory=dict)


@dataclass(eq=False)
class Node:
    """A structure element of the written tree; kids are nodes or (page marks, MCID)."""

    role: str
    alt: str | None = None
    attributes: dict[str, str | int] = field(default_factory=dict)
    kids: list[Node | tuple[Any, ...]] = field(default_factory=list)  # nodes and marks
    actual: str | None = None  # ActualText: the logical text of right-to-left content


class Tagger:
    """Records, for one document, which marked content belongs to which structure element.

    ``write``: the structure tree is written when the canvas is saved; a PDF whose pages become
    another document's forms (a packet's handouts) only needs the record. ``placing``, given
    the page of each page's marks and the pages' names, tells which placed document's elements
    go where a placeholder ``Sect`` stands (layout/packet_tags.py).
    """

    def __init__(self, write: bool = True) -> None:
        self.write = write
        self.placing: Callable[[dict[int, int], list[str]], dict[int, Any]] | None = None
        # where a foreign mark (a ("shared", ...) tuple: the packet's shared pages, drawn as
        # forms, whose elements sit in this tree) is: (page key, form key, MCID)
        self.foreign: Callable[[Any, dict[int, int]], tuple[Any, Any, int]] | None = None
        self.adopted: dict[int, list[Node]] = {}  # placeholder -> elements made elsewhere
        self.root = Node("Document")
        self.pages: list[list[Node]] = []  # per emitted page: the node of each MCID
        self.placements: list[tuple[list[Node], str, Node | None]] = []  # page marks, form, Sect
        self._scope: tuple[int, Node] = (0, self.root)
        self._scopes = 0
        self._nodes: dict[tuple[int, int], Node] = {}
        self._keep: list[Element] = []  # elements whose id() keys a node stay alive
        self._marks: dict[int, list[Node]] = {}  # id(page code list) -> MCID nodes
        self._open = False
        self._artifact = 0
        self._item: tuple[Node, bool, str | None] | None = None  # list item, label pending, text

    # -- drawing ---------------------------------------------------------------------------
    @contextmanager
    def content(self, canvas: Canvas, element: Element, label: bool = False) -> Iterator[None]:
        """Mark what is drawn inside as ``element``'s content (see :meth:`enter`)."""
        entered = self.enter(canvas, element, label)
        try:
            yield
        finally:
            self.leave(canvas, entered)

    def enter(
        self, canvas: Canvas, element: Element, label: bool = False, actual: str | None = None
    ) -> int:
        """Start ``element``'s content; :meth:`leave` with what this returns ends it.

        An ``LI`` is drawn as one paragraph with its bullet: its text objects become ``Lbl``
        (the first, when ``label``) and ``LBody`` children, marked one by one in ``drawText``.
        Plain calls, not a context manager: this runs for every block drawn. ``actual`` is the
        logical text of content drawn right to left (shaped glyphs in visual order): it becomes
        the element's ActualText (the item body's, for a list item), so a screen reader reads
        the words as written, whatever order the glyphs are drawn in.
        """
        if self._open or self._artifact or self._item is not None:
            return _INSIDE  # already inside marked content (a caption inside a block): stays
        node = self._node(element)
        if element.role == "LI":
            self._item = (node, label, actual)
            return _ITEM
        if actual and not node.actual:  # the pieces of a split paragraph share its text
            node.actual = actual
        self._begin(canvas, node)
        return _BEGUN

    def leave(self, canvas: Canvas, entered: int) -> None:
        if entered == _ITEM:
            self._item = None
        elif entered == _BEGUN:
            self._end(canvas)

    @contextmanager
    def text_piece(self, canvas: Canvas) -> Iterator[None]:
        """One text object of a list item: its label, then its body."""
        begun = self.begin_piece(canvas)
        try:
            yield
        finally:
            if begun:
                self._end(canvas)

    def begin_piece(self, canvas: Canvas) -> bool:
        """:meth:`text_piece`'s start as a plain call (every text object of a list item is
        drawn through it); true when it began marked content that ``_end`` must close."""
        if self._item is None or self._open or self._artifact:
            return False
        item, label, actual = self._item
        role = "Lbl" if label else "LBody"
        self._item = (item, False, actual)
        part = None
        if role == "LBody":
            part = next((k for k in item.kids if isinstance(k, Node) and k.role == role), None)
        if part is None:
            part = Node(role, actual=actual if role == "LBody" else None)
            item.kids.append(part)
        self._begin(canvas, part)
        return True

    def inline(self, canvas: Canvas, element: Element) -> tuple[str, str] | None:
        """Operators that mark a part of a text object as ``element``'s content.

        For text drawn as one text object with several elements in it (a table's cells): the
        marks go inside ``BT ... ET``, and the text object is drawn in a :meth:`hole` in the
        page's Artifact. None where content is not marked (inside an Artifact or other content).
        """
        if self._open or self._artifact or self._item is not None:
            return None
        node = self._node(element)
        marks = self._marks.setdefault(id(page_code(canvas)), [])
        mcid = len(marks)
        marks.append(node)
        node.kids.append((marks, mcid))
        return f"/{node.role} <</MCID {mcid}>> BDC", "EMC"

    def empty(self, element: Element) -> None:
        """An element with no content of its own (a blank table cell): in the tree, in order."""
        if not (self._open or self._artifact or self._item is not None):
            self._node(element)

    @contextmanager
    def hole(self, canvas: Canvas) -> Iterator[None]:
        """Draw a text object whose parts are marked by :meth:`inline` (or are Artifacts)."""
        if self._open or self._artifact or self._item is not None:
            yield
            return
        canvas.addLiteral("EMC")  # the page's Artifact pauses: the marks inside are content
        self._open = True
        try:
            yield
        finally:
            canvas.addLiteral("/Artifact BMC")  # nothing of its own to close
            self._open = False

    @contextmanager
    def artifact(self, canvas: Canvas) -> Iterator[None]:
        """Draw decorations (running footers, page numbers) as Artifacts, whatever they hold."""
        self._artifact += 1
        try:
            yield
        finally:
            self._artifact -= 1

    @contextmanager
    def section(self, role: str = "Sect", alt: str | None = None) -> Iterator[None]:
        """A group of its own (a card on a sheet): elements drawn inside get fresh nodes."""
        outer = self._scope
        group = Node(role, alt)
        outer[1].kids.append(group)
        self._scopes += 1
        self._scope = (self._scopes, group)
        try:
            yield
        finally:
            self._scope = outer

    def open_section(self, role: str = "Sect") -> Node:
        """Start the next top-level group: the next document of a PDF that holds several."""
        group = Node(role)
        self.root.kids.append(group)
        self._scopes += 1
        self._scope = (self._scopes, group)
        return group

    @contextmanager
    def placed(self, canvas: Canvas, form: str, section: bool) -> Iterator[None]:
        """Paint a form XObject whose own marked content is tagged elsewhere (a packet's pages).

        The ``Do`` sits in a marked-content sequence without MCID (``/Span``): neither content
        of its own nor an Artifact, so the form's tagged content inside it stays real. With
        ``section``, a placeholder Sect joins the tree here, for the placed document's elements.
        """
        marks = self._marks.setdefault(id(page_code(canvas)), [])
        holder = None
        if section:
            holder = Node("Sect")
            self._scope[1].kids.append(holder)
        self.placements.append((marks, form, holder))
        canvas.addLiteral("EMC /Span BMC")
        try:
            yield
        finally:
            canvas.addLiteral("EMC /Artifact BMC")

    def adopt(self, nodes: list[Node]) -> None:
        """Elements made elsewhere join the tree here, in reading order (a packet's shared
        pages: their marks are foreign, see ``foreign``).

        A placeholder stands here; at save the nodes are written as a run made once for them
        (they are the same objects in every packet), see layout/structure.py.
        """
        holder = Node("Adopted")
        self._scope[1].kids.append(holder)
        self.adopted[id(holder)] = nodes

    def close_page(self, canvas: Canvas) -> None:
        """Wrap the page in an Artifact sequence (tagged content has punched its holes)."""
        code = page_code(canvas)
        code.insert(0, "/Artifact BMC")
        code.append("EMC")
        self.pages.append(self._marks.pop(id(code), []))

    # -- internals -------------------------------------------------------------------------
    def _begin(self, canvas: Canvas, node: Node) -> None:
        marks = self._marks.setdefault(id(page_code(canvas)), [])
        mcid = len(marks)
        marks.append(node)
        node.kids.append((marks, mcid))
        canvas.addLiteral(f"EMC /{node.role} <</MCID {mcid}>> BDC")
        self._open = True

    def _end(self, canvas: Canvas) -> None:
        canvas.addLiteral("EMC /Artifact BMC")
        self._open = False

    def _node(self, element: Element) -> Node:
        key = (self._scope[0], id(element))
        node = self._nodes.get(key)
        if node is None:
            node = Node(element.role, element.alt, dict(element.attributes))
            parent = self._node(element.parent) if element.parent else self._scope[1]
            parent.kids.append(node)
            self._nodes[key] = node
            self._keep.append(element)
        return node


def page_code(canvas: Canvas) -> list[str]:
    """The operators of the page being drawn: a new list for every page."""
    code: list[str] = canvas._code  # type: ignore[attr-defined]  # reportlab's page buffer
    return code


def tagger_of(canvas: Any) -> Tagger | None:
    return getattr(canvas, "tagger", None)


@contextmanager
def artifact(canvas: Any) -> Iterator[None]:
    """Decorations: whatever is drawn inside is an Artifact (no-op on an untagged canvas)."""
    tagger = tagger_of(canvas)
    if tagger is None:
        yield
        return
    with tagger.artifact(canvas):
        yield


@contextmanager
def text_piece(canvas: Any) -> Iterator[None]:
    """Text operators written straight into the page (shaped glyphs): a list item's label or
    body, like a text object drawn with ``drawText`` (no-op outside a list item)."""
    tagger = tagger_of(canvas)
    if tagger is None or tagger._item is None:
        yield
        return
    with tagger.text_piece(canvas):
        yield


@contextmanager
def marked(canvas: Any, element: Element | None, label: bool = False) -> Iterator[None]:
    """Draw ``element``'s content (no-op on an untagged canvas or without an element)."""
    tagger = tagger_of(canvas)
    if tagger is None or element is None:
        yield
        return
    with tagger.content(canvas, element, label):
        yield


from generator.layout.tagged_canvas import TaggedCanvas, tag  # noqa: E402  # after Tagger

__all__ = [
    "Element",
    "TaggedCanvas",
    "Tagger",
    "artifact",
    "marked",
    "tag",
    "tagger_of",
    "text_piece",
]
