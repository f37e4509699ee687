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
    _measured.clear()
    out.slack = max(_arrange(root, contents, *box, em, steps, out) or 0.0, 0.0)
    if mirror:
        for placed in out.placed:
            placed.x = 2 * box[0] + box[2] - placed.x - placed.width
            if not any(isinstance(item, Filler) for item in placed.items):
                placed.align = {"left": "right", "right": "left"}.get(placed.align, placed.align)
    return out


_measured: dict[tuple[int, float], float] = {}


def _height(items: list[Flowable], width: float) -> float:
    """stack.height, remembered within one arrangement (a region is measured once a width)."""
    if any(isinstance(item, Filler) for item in items):
        return stack.height(items, width)  # drawings fill their box: cheap, and it changes
    key = (id(items), round(width, 3))
    if key not in _measured:
        _measured[key] = stack.height(items, width)
    return _measured[key]


def _empty(entry: Entry, contents: dict[str, list[Flowable]]) -> bool:
    return not any(contents.get(name) for name in entry.names)


def _share(entry: Entry, steps: dict[str, int]) -> float | None:
    if not entry.shares or entry.shares == (0.0,) or entry.fill:
        return None
    step = min(steps.get(entry.region, 0), len(entry.shares) - 1)
    return entry.shares[step]


def natural(entry: Entry, contents: dict[str, list[Flowable]], width: float, em: float) -> float:
    """Height the entry needs at this width, when nothing gives it a height."""
    kids = [c for c in entry.children if not _empty(c, contents)]
    if entry.kind == "region":
        items = contents.get(entry.region, [])
        for item in items:
            if isinstance(item, Filler) and item.box_height <= 0:
                item.box_height = width * 0.5
        return _height(items, width)
    if entry.kind == "rows":
        total = sum(natural(c, contents, width, em) for c in kids)
        return total + sum(_gaps(entry, kids, contents, em))
    widths = _widths(entry, kids, width, em, {}, contents)
    return max((natural(c, contents, w, em) for c, w in zip(kids, widths, strict=True)), default=0)


def _edge(entry: Entry, contents: dict[str, list[Flowable]], first: bool) -> float:
    """Space a region asks for above (first) or below (last) it, from its own styles."""
    items = [i for name in entry.names for i in contents.get(name, [])]
    if not items:
        return 0.0
    return items[0].getSpaceBefore() if first else items[-1].getSpaceAfter()


def _gaps(
    entry: Entry, kids: list[Entry], contents: dict[str, list[Flowable]], em: float
) -> list[float]:
    return [
        max(entry.gap * em, _edge(a, contents, False), _edge(b, contents, True))
        for a, b in itertools.pairwise(kids)
    ]


def _widths(
    entry: Entry,
    kids: list[Entry],
    width: float,
    em: float,
    steps: dict[str, int],
    contents: dict[str, list[Flowable]],
) -> list[float]:
    gap = (entry.gap or COLUMN_GAP_EM) * em
    room = width - gap * (len(kids) - 1)
    if len(kids) == 1:
        return [width]  # its neighbours are empty: the one left takes the whole width
    shares = [_share(c, steps) for c in kids]
    # a share is at least as wide as what cannot wrap (a QR code's one-line label)
    sized = [
        max(room * share, _min_width(kid, contents)) if share is not None else None
        for kid, share in zip(kids, shares, strict=True)
    ]
    fixed = sum(w for w in sized if w is not None)
    free = sized.count(None)
    each = (room - fixed) / free if free else 0.0
    return [w if w is not None else each for w in sized]


def _min_width(entry: Entry, contents: dict[str, list[Flowable]]) -> float:
    if entry.kind == "region":
        return max(
            (getattr(i, "min_width", 0.0) for i in contents.get(entry.region, [])), default=0.0
        )
    widths = [_min_width(child, contents) for child in entry.children]
    if entry.kind == "columns":
        return sum(widths)
    return max(widths, default=0.0)


def _arrange(
    entry: Entry,
    contents: dict[str, list[Flowable]],
    x: float,
    top: float,
    width: float,
    height: float,
    em: float,
    steps: dict[str, int],
    out: Arrangement,
) -> float | None:
    """Place ``entry`` and return the room its content leaves below it (None: it fills its box).

    The fit step reads the room as slack, to guess the next type size to measure."""
    if entry.kind == "region":
        _arrange_region(entry, contents, x, top, width, height, out)
        return None
    kids = [c for c in entry.children if not _empty(c, contents)]
    if entry.kind == "columns":
        gap = (entry.gap or COLUMN_GAP_EM) * em
        beside: list[float | None] = []
        for kid, kid_width in zip(
            kids, _widths(entry, kids, width, em, steps, contents), strict=True
        ):
            beside.append(_arrange(kid, contents, x, top, kid_width, height, em, steps, out))
            x += kid_width + gap
        return min((r for r in beside if r is not None), default=None)
    gaps = _gaps(entry, kids, contents, em)
    sizes: list[float | None] = []
    for kid in kids:
        share = _share(kid, steps)
        if kid.fill:
            sizes.append(None)
        elif share is not None:
            sizes.append(share * height)
        else:
            sizes.append(natural(kid, contents, width, em))
    fixed = sum(s for s in sizes if s is not None) + sum(gaps)
    fills = sizes.count(None)
    left = height - fixed
    if left < 0:
        out.overflow += -left
    each = max(left, 0.0) / fills if fills else 0.0
    heights = [s if s is not None else each for s in sizes]
    # top-pinned entries from the top edge down, bottom-pinned ones from the bottom edge up
    rooms: list[float | None] = [None] * len(kids)
    y = top
    for index, kid in enumerate(kids):
        if kid.pin == "bottom":
            continue
        rooms[index] = _arrange(kid, contents, x, y, width, heights[index], em, steps, out)
        y -= heights[index] + (gaps[index] if index < len(gaps) else 0.0)
    y = top - height
    for index in reversed(range(len(kids))):
        if kids[index].pin != "bottom":
            continue
        y += heights[index]
        _arrange(kids[index], contents, x, y, width, heights[index], em, steps, out)
        y += gaps[index - 1] if index else 0.0
    if not fills:
        return left
    # the room is inside what fills: the least any of them leaves
    return min(
        (r for r, s in zip(rooms, sizes, strict=True) if s is None and r is not None), default=None
    )


def _arrange_region(
    entry: Entry,
    contents: dict[str, list[Flowable]],
    x: float,
    top: float,
    width: float,
    height: float,
    out: Arrangement,
) -> None:
    items = contents.get(entry.region, [])
    if not items:
        return
    for item in items:
        if isinstance(item, Filler):
            item.box_height = height
    used = _height(items, width)
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
