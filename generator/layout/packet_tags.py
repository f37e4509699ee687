"""Tagged packets: the packet's own structure and its placed handouts' and cards', in page order.

A packet's handouts and cards are rendered (and tagged) once per process into one PDF per kind,
and their pages are painted into each client's packet as form XObjects. Their marked content
stays inside the forms, so the tagger of that shared PDF is kept (:class:`StaticPages`): each
document in it is a section of its tree. When a packet places a document's first page, its
tagger leaves a placeholder ``Sect`` at that point of the packet's tree; :func:`finish_packet`
fills it with a copy of the document's elements whose marks name the packet page and the form
(marked-content references with ``/Stm``), and gives each form its ParentTree entry. Structure
order is therefore page order, and the packet's outline entries are its headings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.layout.tagging import Node, Tagger

Target = tuple[int, str | None, int]

PLACED = "placed"


@dataclass
class StaticPages:
    """A tagged PDF of several documents whose pages became forms: form names by page."""

    tagger: Tagger
    forms: list[str] = field(default_factory=list)  # form of each page, in page order
    keys: dict[str, int] = field(default_factory=dict)  # each form's ParentTree key

    def sections(self) -> dict[str, Node]:
        """Each document's section, by the form of the page its first element is on."""
        target = page_marks(self.tagger)
        found = {}
        for section in self.tagger.root.kids:
            if isinstance(section, Node):
                first = _first_page(section, lambda mark: target(mark)[0])
                if first < len(self.forms):
                    found[self.forms[first]] = section
        return found


def prepare(tagger: Tagger, statics: list[StaticPages]) -> None:
    """Make ``tagger`` (a packet's) write the placed documents' elements with its own."""
    where: dict[str, tuple[int, str]] = {}  # form -> (packet page, form name)
    own: list[Any] = []  # the packet's own marks, resolved once its pages are all emitted
    for static in statics:
        tagger.form_keys.update(static.keys)

    def fill() -> None:  # at save: every page is placed and emitted by then
        own.append(page_marks(tagger))
        for marks, form, _ in tagger.placements:
            where.setdefault(form, (own[0]((marks, 0))[0], form))
        sections: dict[str, tuple[Node, StaticPages]] = {}
        for static in statics:
            sections.update({form: (node, static) for form, node in static.sections().items()})
        for _, form, holder in tagger.placements:
            if holder is not None and form in sections:
                node, static = sections[form]
                theirs = page_marks(static.tagger)

                def place(mark: Any, static: StaticPages = static, at: Any = theirs) -> Any:
                    page, _, mcid = at(mark)
                    packet_page, placed = where[static.forms[page]]
                    return (PLACED, packet_page, placed, mcid)

                holder.kids = [_copy(kid, place) for kid in node.kids]

    def resolve(mark: Any) -> Target:
        if mark[0] == PLACED:
            return mark[1], mark[2], mark[3]
        return own[0](mark)

    tagger.on_save.append(fill)
    tagger.target = resolve


def _copy(kid: Any, place: Any) -> Any:
    if not isinstance(kid, Node):
        return place(kid)
    return Node(kid.role, kid.alt, dict(kid.attributes), [_copy(k, place) for k in kid.kids])


def _first_page(node: Node, page_of: Any) -> int:
    pages = [
        _first_page(kid, page_of) if isinstance(kid, Node) else page_of(kid) for kid in node.kids
    ]
    return min(pages, default=1 << 30)


def page_marks(tagger: Tagger) -> Any:
    """Where a mark the tagger recorded (its page's MCID list, MCID) is: (page, None, MCID)."""
    page_of = {id(marks): index for index, marks in enumerate(tagger.pages)}
    return lambda mark: (page_of[id(mark[0])], None, mark[1])


__all__ = ["StaticPages", "prepare"]
