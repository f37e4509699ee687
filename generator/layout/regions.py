"""Card layouts as data: named regions placed in rows and columns, read from the theme.

A layout is a tree. Its root stacks ``rows`` top to bottom; an entry is a region (``title``,
``cues``...) or a nested ``rows``/``columns`` group. Along its parent's axis an entry takes its
natural size, a ``height``/``width`` share of the parent (a list of shares is a ladder the entry
steps down when text does not fit), or ``fill`` (what is left). Entries with ``pin: bottom``
stack up from the bottom edge. ``give_way`` names the regions that step down first, in order.
Layouts ``extends`` one another key by key; Python only knows how to place a region, never
where: that is all here, in the theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from generator import schema
from generator.content import yamlstrict
from generator.schema import Each, Items, Keys, Ref

REGIONS = (
    "logo",
    "title",
    "badge",
    "band",
    "drawings",
    "cues",
    "avoid",
    "fields",
    "qr",
    "credit",
)
# The keys a layout and its entries may write, as data for generator/schema.py's walker (which
# reports any other key, at any depth, with the nearest known one); check_layouts checks values.
_ENTRY = Ref()
ENTRY = Keys(
    {
        "region": None,
        "rows": Items(_ENTRY),
        "columns": Items(_ENTRY),
        "height": None,
        "width": None,
        "fill": None,
        "pin": None,
        "align": None,
        "valign": None,
        "gap": None,
        "size": None,
    }
)
_ENTRY.target = ENTRY
LAYOUT = Keys(
    {
        "extends": None,
        "rows": Items(ENTRY),
        "give_way": None,
        "omit": None,
        "rest": None,
        "gap": None,
    }
)
LAYOUTS = Each(LAYOUT)
CHOICES = {
    "pin": ("top", "bottom"),
    "align": ("left", "center", "right"),
    "valign": ("top", "middle", "bottom"),
}


@dataclass(frozen=True)
class Entry:
    """One region, or a group of entries side by side (``columns``) or stacked (``rows``)."""

    kind: str  # "region", "rows" or "columns"
    region: str = ""
    children: tuple[Entry, ...] = ()
    shares: tuple[float, ...] = ()  # of the parent's height (in rows) or width (in columns)
    fill: bool = False
    pin: str = "top"
    align: str = "left"
    valign: str = "top"
    gap: float = 0.0  # em between children
    sizes: tuple[float, ...] = ()  # em; a QR code's side, largest first

    def regions(self) -> list[str]:
        return list(self.names)

    @cached_property
    def names(self) -> tuple[str, ...]:
        """The regions in this entry, in order (asked at every measurement: kept)."""
        if self.kind == "region":
            return (self.region,)
        return tuple(name for child in self.children for name in child.names)

    def entries(self) -> list[Entry]:
        return [self, *(e for child in self.children for e in child.entries())]


@dataclass(frozen=True)
class Layout:
    name: str
    root: Entry
    give_way: tuple[str, ...] = ()
    omit: frozenset[str] = frozenset()
    rest: str = "cues"  # where blocks of regions the layout does not place go

    def steps(self, region: str) -> int:
        """How many sizes the region has to step through."""
        found = [e for e in self.root.entries() if e.kind == "region" and e.region == region]
        return max((max(len(e.shares), len(e.sizes)) for e in found), default=1)

    def ladder(self, shown: set[str] | None = None) -> list[dict[str, int]]:
        """Step choices from the most generous to the most room for text, in give-way order.

        Only regions with something to show step: a card without a video has no QR to shrink.
        """
        names = [n for n in self.give_way if shown is None or n in shown]
        current = {name: 0 for name in names}
        ladder = [dict(current)]
        for name in names:
            for step in range(1, self.steps(name)):
                current[name] = step
                ladder.append(dict(current))
        return ladder


def build_layouts(data: dict[str, Any]) -> dict[str, Layout]:
    """Every named layout, with ``extends`` resolved (the values were checked on reading)."""

    def resolved(name: str, seen: tuple[str, ...]) -> dict[str, Any]:
        spec = dict(data[name])
        parent = spec.pop("extends", None)
        if parent is None or parent in seen:
            return spec
        return {**resolved(str(parent), (*seen, name)), **spec}

    layouts = {}
    for name in data:
        spec = resolved(name, ())
        root = _entry({"rows": spec.get("rows", []), "gap": spec.get("gap", 0.0)})
        layouts[name] = Layout(
            name,
            root,
            tuple(spec.get("give_way") or ()),
            frozenset(spec.get("omit") or ()),
            str(spec.get("rest", "cues")),
        )
    return layouts


def _entry(spec: Any) -> Entry:
    if isinstance(spec, str):
        return Entry("region", region=spec)
    kind = "region" if "region" in spec else ("columns" if "columns" in spec else "rows")
    share = spec.get("height", spec.get("width", []))
    size = spec.get("size", [])
    return Entry(
        kind,
        region=str(spec.get("region", "")),
        children=tuple(_entry(c) for c in spec.get(kind, ())) if kind != "region" else (),
        shares=tuple(float(v) for v in (share if isinstance(share, list) else [share])),
        fill=bool(spec.get("fill", False)),
        pin=str(spec.get("pin", "top")),
        align=str(spec.get("align", "left")),
        valign=str(spec.get("valign", "top")),
        gap=float(spec.get("gap", 0.0)),
        sizes=tuple(float(v) for v in (size if isinstance(size, list) else [size])),
    )


def check_layouts(layouts: Any, bad: Any) -> None:
    """Check layouts' values as written, so a typo is reported at its file and line (their
    keys are checked against ``LAYOUTS`` with the rest of the theme)."""
    if not isinstance(layouts, yamlstrict.YMap):
        return
    for name, spec in layouts.items():
        if not isinstance(spec, yamlstrict.YMap):
            bad(layouts, name, f"layout '{name}' must be a mapping of layout keys")
            continue
        for key, value in spec.items():
            if key in ("give_way", "omit"):
                names = value if isinstance(value, list) else [value]
                for region in names:
                    if region not in REGIONS:
                        bad(spec, key, _unknown_region(region))
            elif key == "rest" and value not in REGIONS:
                bad(spec, key, _unknown_region(value))
            elif key == "rows":
                _check_group(spec, "rows", name, bad)


def _check_group(parent: yamlstrict.YMap, key: str, layout: str, bad: Any) -> None:
    items = parent[key]
    if not isinstance(items, yamlstrict.YSeq):
        bad(parent, key, f"layout '{layout}': '{key}' is a list of regions or groups")
        return
    for index, item in enumerate(items):
        if isinstance(item, str):
            if item not in REGIONS:
                line = items.item_lines[index]
                bad(_At(line), "", f"layout '{layout}': {_unknown_region(item)}")
            continue
        if not isinstance(item, yamlstrict.YMap):
            bad(_At(items.item_lines[index]), "", f"layout '{layout}': not a region or group")
            continue
        _check_entry(item, layout, bad)


def _check_entry(entry: yamlstrict.YMap, layout: str, bad: Any) -> None:
    kinds = [k for k in ("region", "rows", "columns") if k in entry]
    if len(kinds) != 1:
        bad(entry, "", f"layout '{layout}': an entry has one of region, rows or columns")
    for key, value in entry.items():
        if key == "region" and value not in REGIONS:
            bad(entry, key, f"layout '{layout}': {_unknown_region(value)}")
        elif key in CHOICES and value not in CHOICES[key]:
            choices = ", ".join(CHOICES[key])
            bad(entry, key, f"layout '{layout}': {key} is one of {choices}, not '{value}'")
        elif key in ("height", "width", "size"):
            values = value if isinstance(value, list) else [value]
            limit = 40.0 if key == "size" else 1.0
            if not values or not all(
                isinstance(v, int | float) and not isinstance(v, bool) and 0 < v <= limit
                for v in values
            ):
                unit = "em" if key == "size" else "a share between 0 and 1"
                bad(entry, key, f"layout '{layout}': {key} is {unit}, or a list of them")
        elif key in ("rows", "columns"):
            _check_group(entry, key, layout, bad)


class _At(dict[str, Any]):
    """Stands in for a mapping when a problem belongs to a list item's own line."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}


def _unknown_region(name: object) -> str:
    return schema.unknown(name, REGIONS, "region")


def choose(table: dict[str, str], size: str, landscape: bool) -> str:
    """The layout name a theme picks for a page size and orientation."""
    orientation = "landscape" if landscape else "portrait"
    for key in (f"{size} {orientation}", size if not landscape else "", orientation):
        if key and key in table:
            return table[key]
    return "portrait"
