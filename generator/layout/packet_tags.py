"""Tagged packets: the packet's own structure and its placed handouts' and cards', in page order.

A packet's handouts and cards are rendered (and tagged) once per process into one PDF per kind,
and their pages are painted into each client's packet as form XObjects. Their marked content
stays inside the forms, so the tagger of that shared PDF is kept (:class:`StaticPages`): each
document in it is a section of its tree, made once into a run of elements whose marks name a
page and a form by key (layout/structelems.py). When a packet places a document's first page,
its tagger leaves a placeholder ``Sect`` at that point of the packet's tree; at save the
document's run stands there, its keys resolved to the packet page and the form (marked-content
references with ``/Stm``), and each form gets its ParentTree entry. Nothing of the placed
documents is copied per packet: a packet for client B formats the same runs as client A's.
Structure order is therefore page order, and the packet's outline entries are its headings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfdoc import xObjectName

from generator.layout.structelems import Key, Run
from generator.layout.tagging import Node, Tagger


@dataclass
class StaticPages:
    """A tagged PDF of several documents whose pages became forms: form names by page."""

    tagger: Tagger
    forms: list[str] = field(default_factory=list)  # form of each page, in page order
    keys: dict[str, int] = field(default_factory=dict)  # each form's ParentTree key
    _runs: dict[str, Run] | None = None

    def runs(self) -> dict[str, Run]:
        """Each document's elements, by the form of its first page: made once, then kept."""
        if self._runs is None:
            page_of = {id(marks): index for index, marks in enumerate(self.tagger.pages)}

            def resolve(mark: Any) -> tuple[Key, Key, int]:
                page = page_of[id(mark[0])]
                return ("page", page), ("form", page), mark[1]

            self._runs = {}
            for section in self.tagger.root.kids:
                if isinstance(section, Node):
                    run = Run()
                    run.add(section, -1, resolve)
                    pages = [key[1] for key in run.marks]
                    if pages and min(pages) < len(self.forms):
                        self._runs[self.forms[min(pages)]] = run
        return self._runs


def prepare(tagger: Tagger, statics: list[StaticPages]) -> None:
    """Make ``tagger`` (a packet's) write the placed documents' elements with its own."""

    def placing(page_of: dict[int, int], names: list[str]) -> dict[int, Any]:
        where: dict[str, int] = {}  # form -> the packet page it is placed on
        for marks, form, _ in tagger.placements:
            where.setdefault(form, page_of[id(marks)])
        runs = {form: (run, s) for s in statics for form, run in s.runs().items()}
        placed = {}
        for _, form, holder in tagger.placements:
            if holder is None or form not in runs:
                continue
            run, static = runs[form]
            objects: dict[Key, str] = {}
            keys: dict[Key, int] = {}
            for key in run.marks:
                placed_form = static.forms[key[1]]
                objects[key] = xObjectName(placed_form)
                objects[("page", key[1])] = names[where[placed_form]]
                keys[key] = static.keys[placed_form]
            placed[id(holder)] = (run, objects, keys)
        return placed

    tagger.placing = placing


__all__ = ["StaticPages", "prepare"]
