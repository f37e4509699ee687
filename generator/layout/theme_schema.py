"""Every key a theme may write, section by section, as data (checked by generator/schema.py).

To give a theme a new setting, add its key here (and read it in layout/theme.py); a key that is
not here is reported at its line with the nearest known key, at any depth. Names the user
chooses are checked by what they name: a style is ``ROLE`` or ``REGION.ROLE`` (or a region's own
box), a script font by script, a colour of the palette by being one the theme's styles or the
code use (so ``colors: {acent: ...}`` is a typo, not a new colour).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from generator import paths, schema
from generator.layout.regions import LAYOUTS, REGIONS
from generator.schema import Each, Items, Keys

# The roles the layout styles (layout/flow.py, layout/table.py): headings of each level, the
# rule under the title, paragraphs, list items, a table and its header and data cells.
ROLES = ("title", "title_rule", "body", "h2", "h3", "item", "table", "th", "td")
# Colours the code falls back to when a style names none, so a palette always has them.
PALETTE = ("ink", "muted", "accent", "band", "avoid", "rule")
COLOR_KEYS = ("color", "bullet_color", "fill", "rule", "header_fill")

STYLE = Keys(
    {
        key: None
        for key in (
            "font",
            "size",
            "leading",
            "color",
            "space_before",
            "space_after",
            "indent",
            "upper",
            "bullet",
            "bullet_font",
            "bullet_size",
            "bullet_color",
            "keep_with_next",
            "fill",
            "padding",
            "rule",
            "rule_width",
            "width",
            "max_height",
            # tables (layout/table.py) and packet regions
            "drop_empty",
            "columns",
            "row_height",
            "fit",
            "header_fill",
            "grid",
            "grid_width",
            "last_share",
            "first_natural",
            "keep_together",
        )
    }
)
STYLE_KEYS = frozenset(STYLE.fields)


@cache
def template_regions() -> frozenset[str]:
    """The regions the built-in templates write (``::: name``), and the card layout's."""
    # cover: the packet cover's own spacing (layout/packet.py); table: the default theme styles
    # a `::: table` region a template may write
    found = set(REGIONS) | {"cover", "table"}
    for template in paths.builtin_templates().glob("*.j2"):
        text = template.read_text(encoding="utf-8")
        found |= set(re.findall(r"^\s*:::\s*([a-z][a-z0-9_-]*)", text, re.MULTILINE))
    return frozenset(found)


def style_name(name: str) -> str | None:
    """A style is ``ROLE``, ``REGION.ROLE`` or ``REGION`` (a region's box).

    The role must be one the layout styles. A region of the user's own templates cannot be
    known here, so a region name is refused only when it is close to a built-in one
    (``cuse.item``): then it is a typo, not a new region.
    """
    region, _, role = name.rpartition(".")
    regions = template_regions()
    if region:
        if role not in ROLES:
            return schema.unknown(role, ROLES, "role") + f" in style '{name}'"
        if region in regions:
            return None
        close = schema.closest(region, regions)
        return f"unknown region '{region}' (did you mean '{close}'?)" if close else None
    if role in ROLES or role in regions:
        return None
    close = schema.closest(role, [*ROLES, *regions])
    return f"unknown key '{role}' (did you mean '{close}'?)" if close else None


STYLES = Each(STYLE, style_name)
RANGE = Keys({"min": None, "max": None})
MARGIN = Keys({"ratio": None, "min": None})
SCRIPT_FONT = Keys({k: None for k in ("package", "folder", "file", "regular", "bold")})


def _script_name(key: str) -> str | None:
    from generator.layout.scripts import SCRIPT_KEYS

    return None if key in SCRIPT_KEYS else schema.unknown(key, SCRIPT_KEYS, "script")


FONTS = Keys(
    {
        **{k: None for k in ("package", "folder", "regular", "bold", "italic", "bold_italic")},
        "scripts": Each(Items(SCRIPT_FONT), _script_name),
    }
)
_DOC = {
    "default_size": None,
    "margin_mm": MARGIN,
    "footer_gap_em": None,
    "styles": STYLES,
}
CARD = Keys({**_DOC, "body_pt": Each(RANGE), "layouts": LAYOUTS, "layout_for": Each()})
HANDOUT = Keys({**_DOC, "body_pt": Each(), "shrink_to_save_page": None})
PROFILE = Keys(
    {
        "body_pt": Each(RANGE),
        "title_size": None,
        "max_cues": None,
        "colors": Each(),  # names: checked against the merged palette
        "layout_for": Each(),
        "needs_cues": None,
        "styles": STYLES,
        "margin_mm": MARGIN,
    }
)
BRAND = Keys({"gym": None, "logo": None, "footer": None})
THEME = Keys(
    {
        "extends": None,
        "fonts": FONTS,
        "colors": Each(),  # names: checked once every file is merged (see palette_names)
        "pages": Each(),
        "card": CARD,
        "handout": HANDOUT,
        "profiles": Each(PROFILE),
        "brand": BRAND,
    }
)


def palette_names(merged: dict[str, Any]) -> set[str]:
    """The colour names a merged theme uses: the code's own, and every one a style names."""
    names = set(PALETTE)

    def mapping(value: Any) -> dict[str, Any]:
        return value if isinstance(value, dict) else {}

    style_sets = [mapping(mapping(merged.get(kind)).get("styles")) for kind in ("card", "handout")]
    style_sets += [
        mapping(mapping(p).get("styles")) for p in mapping(merged.get("profiles")).values()
    ]
    for styles in style_sets:
        for spec in styles.values():
            for key, value in mapping(spec).items():
                if key in COLOR_KEYS and isinstance(value, str) and not value.startswith("#"):
                    names.add(value)
    return names
