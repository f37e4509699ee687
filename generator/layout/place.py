"""Place a layout's regions in a box: how, never where (the where is theme data, regions.py).

Each region's content is a column of flowables. ``arrange`` gives every entry of the layout
its box (natural size, a share of its parent, or what is left) and reports how far any region
overflows; the fit step calls it at candidate type sizes. Empty regions take no room at all, so
a card without drawings gives their column to the cues. Drawing happens one region at a time,
in ``draw_region``, so that hooks (tagging, right-to-left) have one small place to go.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from generator.layout import stack
from generator.layout.regions import Entry
from generator.layout.shapes import Balanced

COLUMN_GAP_EM = 1.2


@dataclass
class Placed:
    """A region's flowables in their box (x, top, width, height), aligned within it."""

    region: str
    items: list[Flowable]
    x: float
    top: float
    width: float
    height: float
    align: str = "left"
    valign: str = "top"
    used: float = 0.0  # the content's own height


@dataclass
class Arrangement:
    placed: list[Placed] = field(default_factory=list)
    overflow: float = 0.0  # points by which regions run past their boxes, summed
    slack: float = 0.0  # room left under the last region, when the layout stacks without fill


class Filler(Flowable):
    """A flowable that fills the box it is given (drawings); ``box_height`` is set on placing."""

    box_height: float = 0.0


def arrange(
    root: Entry,
    contents: dict[str, list[Flowable]],
    box: tuple[float, float, float, float],
    em: float,
    steps: dict[str, int],
    mirror: bool = False,
) -> Arrangement:
    """Boxes for every non-empty region of ``root`` inside ``box`` = (x, top, width, height).

    ``mirror`` (a right-to-left document) reflects the layout left to right: columns read from
    the right, a region aligned left is aligned right and the other way round (drawings fill
    their box and centre themselves: only their box moves).
    """
    out = Arrangement()
    out.slack = max(_Run(contents, em, steps, out).arrange(root, *box) or 0.0, 0.0)
    if mirror:
        for placed in out.placed:
            placed.x = 2 * box[0] + box[2] - placed.x - placed.width
            if not any(isinstance(item, Filler) for item in placed.items):
                placed.align = {"left": "right", "right": "left"}.get(placed.align, placed.align)
    return out


def _share(entry: Entry, steps: dict[str, int]) -> float | None:
    if not entry.shares or entry.shares == (0.0,) or entry.fill:
        return None
    step = min(steps.get(entry.region, 0), len(entry.shares) - 1)
    return entry.shares[step]


class _Run:
    """One arrangement: the contents, the type size and steps it is made at, and what it has
    worked out so far (the fit step arranges a card at about eight sizes: this is its hot path,
    so what does not change within one arrangement is found once)."""

    __slots__ = ("_edges", "_heights", "_kids", "contents", "em", "out", "steps")

    def __init__(
        self,
        contents: dict[str, list[Flowable]],
        em: float,
        steps: dict[str, int],
        out: Arrangement,
    ) -> None:
        self.contents, self.em, self.steps, self.out = contents, em, steps, out
        self._kids: dict[int, list[Entry]] = {}
        self._edges: dict[tuple[int, bool], float] = {}
        self._heights: dict[tuple[int, float], float] = {}

    def kids(self, entry: Entry) -> list[Entry]:
        """The entry's children that hold anything: empty regions take no room at all."""
        found = self._kids.get(id(entry))
        if found is None:
            contents = self.contents
            found = self._kids[id(entry)] = [
                child for child in entry.children if any(contents.get(name) for name in child.names)
            ]
        return found

    def height(self, items: list[Flowable], width: float) -> float:
        """stack.height, remembered within one arrangement (a region is measured once a width)."""
        for item in items:
            if isinstance(item, Filler):
                return stack.height(items, width)  # drawings fill their box: it changes
        key = (id(items), round(width, 3))
        found = self._heights.get(key)
        if found is None:
            found = self._heights[key] = stack.height(items, width)
        return found

    def natural(self, entry: Entry, width: float) -> float:
        """Height the entry needs at this width, when nothing gives it a height."""
        if entry.kind == "region":
            items = self.contents.get(entry.region, [])
            for item in items:
                if isinstance(item, Filler) and item.box_height <= 0:
                    item.box_height = width * 0.5
            return self.height(items, width)
        kids = self.kids(entry)
        if entry.kind == "rows":
            total = sum(self.natural(c, width) for c in kids)
            return total + sum(self.gaps(entry, kids))
        widths = self.widths(entry, kids, width, {})
        return max((self.natural(c, w) for c, w in zip(kids, widths, strict=True)), default=0)

    def edge(self, entry: Entry, first: bool) -> float:
        """Space a region asks for above (first) or below (last) it, from its own styles."""
        key = (id(entry), first)
        found = self._edges.get(key)
        if found is None:
            found = 0.0
            for name in entry.names if first else reversed(entry.names):
                items = self.contents.get(name)
                if items:
                    found = items[0].getSpaceBefore() if first else items[-1].getSpaceAfter()
                    break
            self._edges[key] = found
        return found

    def gaps(self, entry: Entry, kids: list[Entry]) -> list[float]:
        em = self.em
        return [
            max(entry.gap * em, self.edge(a, False), self.edge(b, True))
            for a, b in itertools.pairwise(kids)
        ]

    def widths(
        self, entry: Entry, kids: list[Entry], width: float, steps: dict[str, int]
    ) -> list[float]:
        gap = (entry.gap or COLUMN_GAP_EM) * self.em
        room = width - gap * (len(kids) - 1)
        if len(kids) == 1:
            return [width]  # its neighbours are empty: the one left takes the whole width
        shares = [_share(c, steps) for c in kids]
        # a share is at least as wide as what cannot wrap (a QR code's one-line label)
        sized = [
            max(room * share, self.min_width(kid)) if share is not None else None
            for kid, share in zip(kids, shares, strict=True)
        ]
        fixed = sum(w for w in sized if w is not None)
        free = sized.count(None)
        each = (room - fixed) / free if free else 0.0
        return [w if w is not None else each for w in sized]

    def min_width(self, entry: Entry) -> float:
        if entry.kind == "region":
            return max(
                (getattr(i, "min_width", 0.0) for i in self.contents.get(entry.region, [])),
                default=0.0,
            )
        widths = [self.min_width(child) for child in entry.children]
        if entry.kind == "columns":
            return sum(widths)
        return max(widths, default=0.0)

    def arrange(
        self, entry: Entry, x: float, top: float, width: float, height: float
    ) -> float | None:
        """Place ``entry``; returns the room its content leaves below it (None: it fills its
        box). The fit step reads the room as slack, to guess the next type size to measure."""
        if entry.kind == "region":
            self.region(entry, x, top, width, height)
            return None
        kids = self.kids(entry)
        if entry.kind == "columns":
            gap = (entry.gap or COLUMN_GAP_EM) * self.em
            beside: list[float | None] = []
            for kid, kid_width in zip(
                kids, self.widths(entry, kids, width, self.steps), strict=True
            ):
                beside.append(self.arrange(kid, x, top, kid_width, height))
                x += kid_width + gap
            return min((r for r in beside if r is not None), default=None)
        gaps = self.gaps(entry, kids)
        sizes: list[float | None] = []
        for kid in kids:
            share = _share(kid, self.steps)
            if kid.fill:
                sizes.append(None)
            elif share is not None:
                sizes.append(share * height)
            else:
                sizes.append(self.natural(kid, width))
        fixed = sum(s for s in sizes if s is not None) + sum(gaps)
        fills = sizes.count(None)
        left = height - fixed
        if left < 0:
            self.out.overflow += -left
        each = max(left, 0.0) / fills if fills else 0.0
        heights = [s if s is not None else each for s in sizes]
        # top-pinned entries from the top edge down, bottom-pinned ones from the bottom edge up
        rooms: list[float | None] = [None] * len(kids)
        y = top
        for index, kid in enumerate(kids):
            if kid.pin == "bottom":
                continue
            rooms[index] = self.arrange(kid, x, y, width, heights[index])
            y -= heights[index] + (gaps[index] if index < len(gaps) else 0.0)
        y = top - height
        for index in reversed(range(len(kids))):
            if kids[index].pin != "bottom":
                continue
            y += heights[index]
            self.arrange(kids[index], x, y, width, heights[index])
            y += gaps[index - 1] if index else 0.0
        if not fills:
            return left
        # the room is inside what fills: the least any of them leaves
        return min(
            (r for r, s in zip(rooms, sizes, strict=True) if s is None and r is not None),
            default=None,
        )

    def region(self, entry: Entry, x: float, top: float, width: float, height: float) -> None:
        items = self.contents.get(entry.region, [])
        if not items:
            return
        for item in items:
            if isinstance(item, Filler):
                item.box_height = height
        used = self.height(items, width)
        out = self.out
        if used > height + 0.01:
            out.overflow += used - height
        out.placed.append(
            Placed(entry.region, items, x, top, width, height, entry.align, entry.valign, used)
        )


def content_width(items: list[Flowable], width: float) -> float:
    """How wide the region's content really is (for right or centred alignment)."""
    widest = 0.0
    for item in items:
        if isinstance(item, Paragraph | Balanced) and getattr(item, "width", None):
            lines = item.getActualLineWidths0() or [0.0]
            widest = max(widest, max(lines) + item.style.leftIndent)
        else:
            widest = max(widest, getattr(item, "content_width", getattr(item, "width", width)))
    return min(widest, width)


def draw_region(canvas: Canvas, placed: Placed, dx: float = 0.0, dy: float = 0.0) -> None:
    """Draw one region in its box, offset by (dx, dy) (the card's place on a sheet)."""
    x, top = placed.x + dx, placed.top + dy
    spare = max(placed.height - placed.used, 0.0)
    top -= {"top": 0.0, "middle": spare / 2, "bottom": spare}[placed.valign]
    if placed.align != "left":
        used = content_width(placed.items, placed.width)
        x += (placed.width - used) * (0.5 if placed.align == "center" else 1.0)
    stack.draw(canvas, placed.items, x, top, placed.width)
