"""A theme file's checks: every value where the file wrote it, and the names known once merged.

Kept apart from layout/theme.py (reading, ``extends`` and merging): each file's own values are
checked as it is read (``check``), so a problem names the file and line where it was written;
names that only mean something once every file is merged (a palette colour, a page size, a
layout) are checked after the merge (``names``, ``layout_names``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator import safepath, schema
from generator.content import yamlstrict
from generator.errors import Problem
from generator.layout import theme_schema
from generator.layout.regions import check_layouts

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".svg")
FONT_TYPES = (".ttf", ".otf")
PLACE = "the theme's folder"


def names(data: dict[str, Any], trees: list[tuple[Path, yamlstrict.YMap]]) -> list[Problem]:
    """Names that only mean something once every file is merged, at the line that wrote them:
    a palette colour no style uses (``acent``), a type range for a page size there is not."""
    used = theme_schema.palette_names(data)
    palette = set(data.get("colors") or {}) | used
    pages = set(data.get("pages") or {}) if isinstance(data.get("pages"), dict) else set()
    problems = []

    def names(file: Path, mapping: Any, known: set[str], what: str = "key") -> None:
        if isinstance(mapping, yamlstrict.YMap) and known:
            for name in mapping:
                if name not in known:
                    line = mapping.key_lines.get(name, mapping.line)
                    problems.append(Problem(str(file), line, schema.unknown(name, known, what)))

    for file, tree in trees:
        names(file, tree.get("colors"), used)
        for kind in ("card", "handout"):
            doc = tree.get(kind)
            if isinstance(doc, yamlstrict.YMap):
                names(file, doc.get("body_pt"), pages, "page size")
        profiles = tree.get("profiles")
        for profile in profiles.values() if isinstance(profiles, yamlstrict.YMap) else ():
            if isinstance(profile, yamlstrict.YMap):
                names(file, profile.get("colors"), palette, "colour")
                names(file, profile.get("body_pt"), pages, "page size")
    return problems


def layout_names(data: dict[str, Any], where: str) -> list[Problem]:
    """Every layout a theme picks or extends exists (known once the files are merged)."""

    def mapping(value: Any) -> dict[str, Any]:
        return value if isinstance(value, dict) else {}

    card = mapping(data.get("card"))
    layouts = mapping(card.get("layouts"))
    tables = [("card layout_for", mapping(card.get("layout_for")))]
    for name, spec in mapping(data.get("profiles")).items():
        tables.append((f"profile '{name}' layout_for", mapping(mapping(spec).get("layout_for"))))
    problems = []
    for label, table in tables:
        for key, value in table.items():
            if not isinstance(value, str) or value not in layouts:
                known = ", ".join(sorted(layouts))
                message = f"{label}: '{key}' names layout '{value}', not one of: {known}"
                problems.append(Problem(where, None, message))
    for name, spec in layouts.items():
        parent = mapping(spec).get("extends")
        if parent is not None and (not isinstance(parent, str) or parent not in layouts):
            problems.append(Problem(where, None, f"layout '{name}' extends unknown '{parent}'"))
    return problems


def check(tree: yamlstrict.YMap, path: Path, root: Path, problems: list[Problem]) -> None:
    """Check the values this file writes, where it writes them."""
    where = str(path)

    def bad(mapping: yamlstrict.YMap, key: str, message: str) -> None:
        problems.append(Problem(where, mapping.key_lines.get(key, mapping.line), message))

    schema.check(tree, theme_schema.THEME, bad)  # every key, at any depth
    colors = tree.get("colors")
    if isinstance(colors, yamlstrict.YMap):
        for name, value in colors.items():
            if not (isinstance(value, str) and _COLOR.match(value)):
                bad(colors, name, f"colour '{name}' must be written #rrggbb, not '{value}'")
    pages = tree.get("pages")
    if isinstance(pages, yamlstrict.YMap):
        for name, size in pages.items():
            ok = isinstance(size, list) and len(size) == 2
            if not ok or not all(isinstance(v, int | float) and 0 < v <= 2000 for v in size):
                bad(pages, name, f"page '{name}' must be [width, height] in mm")
    fonts = tree.get("fonts")
    if isinstance(fonts, yamlstrict.YMap):
        _check_fonts(fonts, path, root, bad)
    style_maps = []
    for kind in ("card", "handout"):
        doc = tree.get(kind)
        style_maps.append(doc.get("styles") if isinstance(doc, yamlstrict.YMap) else None)
    profiles = tree.get("profiles")
    if isinstance(profiles, yamlstrict.YMap):
        for profile in profiles.values():
            if isinstance(profile, yamlstrict.YMap):
                style_maps.append(profile.get("styles"))
    for styles in style_maps:
        if isinstance(styles, yamlstrict.YMap):
            for spec in styles.values():
                if not isinstance(spec, yamlstrict.YMap):
                    continue
                for key, value in spec.items():
                    if (key.endswith("color") or key in ("fill", "rule")) and not (
                        _COLOR.match(str(value)) or is_name(value)
                    ):
                        bad(spec, key, f"unknown colour '{value}'")
    _check_numbers(tree, bad)
    card = tree.get("card")
    if isinstance(card, yamlstrict.YMap):
        check_layouts(card.get("layouts"), bad)
    brand = tree.get("brand")
    if isinstance(brand, yamlstrict.YMap):
        logo = brand.get("logo")
        if logo:
            missing = "logo '{name}' not found next to the theme ({path})"
            try:
                file = safepath.inside(
                    root, str(logo), "logo", PLACE, IMAGE_TYPES, path.parent, missing
                )
            except safepath.Refused as why:
                bad(brand, "logo", str(why))
            else:
                brand["logo"] = str(file)


POSITIVE = {"size", "leading", "bullet_size", "title_size", "max_cues", "min", "max"}
AT_LEAST_ZERO = {
    "space_before",
    "space_after",
    "indent",
    "padding",
    "rule_width",
    "width",
    "max_height",
    "row_height",
    "grid_width",
    "last_share",
    "ratio",
    "footer_gap_em",
    "drawing_shares",
}
MAX_SIZE = 1000.0
SHARES = {"shrink_to_save_page": (0.5, 1.0)}  # a share of a size, within these bounds


def _check_numbers(tree: yamlstrict.YMap, bad: Any) -> None:
    """Sizes, at any depth: numbers (not text, not true/false), finite, in a sane range."""
    for key, value in tree.items():
        if isinstance(value, yamlstrict.YMap):
            _check_numbers(value, bad)
            low, high = value.get("min"), value.get("max")
            if isinstance(low, int | float) and isinstance(high, int | float) and low > high:
                bad(value, "min", f"'{key}': min {low} is above max {high}")
            continue
        if key not in POSITIVE | AT_LEAST_ZERO | SHARES.keys():
            continue
        if key in SHARES:
            low, high = SHARES[key]
            if not (isinstance(value, int | float) and not isinstance(value, bool)) or not (
                low <= value <= high
            ):
                bad(tree, key, f"'{key}' must be a number from {low:g} to {high:g}, not '{value}'")
            continue
        lowest = "above 0" if key in POSITIVE else "0 or more"
        for item in value if isinstance(value, list) else [value]:
            number = isinstance(item, int | float) and not isinstance(item, bool)
            ok = number and (0 < item <= MAX_SIZE if key in POSITIVE else 0 <= item <= MAX_SIZE)
            if not ok:
                bad(
                    tree,
                    key,
                    f"'{key}' must be a number {lowest}, at most {MAX_SIZE:g}, not '{item}'",
                )
                break


def is_name(value: Any) -> bool:
    """A style may name a colour of the palette (checked once the palette is merged)."""
    return isinstance(value, str) and re.fullmatch(r"[a-z][a-z_-]*", value) is not None


def _check_fonts(fonts: yamlstrict.YMap, path: Path, root: Path, bad: Any) -> None:
    folder = None
    if "package" in fonts:
        try:
            folder = safepath.font_package(str(fonts["package"]))
        except safepath.Refused as why:
            bad(fonts, "package", str(why))
    scripts = fonts.get("scripts")
    if scripts is not None:
        _check_script_fonts(scripts, fonts, path, root, bad)
    if "folder" in fonts:
        missing = "font folder '{name}' not found ({path})"
        try:
            folder = safepath.inside(
                root, str(fonts["folder"]), "font folder", PLACE, (), path.parent, missing, True
            )
        except safepath.Refused as why:
            bad(fonts, "folder", str(why))
            return
        fonts["folder"] = str(folder)
    if folder is None:
        return
    for weight in ("regular", "bold", "italic", "bold_italic"):
        name = fonts.get(weight)
        if name is None:
            continue
        try:
            safepath.inside(folder, str(name), "font file", "the font folder", FONT_TYPES)
        except safepath.Refused as why:
            bad(fonts, weight, str(why))


def _check_script_fonts(scripts: Any, fonts: Any, path: Path, root: Path, bad: Any) -> None:
    """``fonts: scripts:`` maps a script to a list of fonts, each from an installed font
    package or a folder beside the theme; every file is resolved (and confined) here."""
    from generator.layout.scripts import SCRIPT_KEYS

    if not isinstance(scripts, yamlstrict.YMap):
        bad(fonts, "scripts", "fonts 'scripts' must map a script to a list of fonts")
        return
    for key, entries in scripts.items():
        if key not in SCRIPT_KEYS:
            continue  # reported by the schema
        if not isinstance(entries, list):
            bad(scripts, key, f"fonts for '{key}' must be a list")
            continue
        for entry in entries:
            if not isinstance(entry, yamlstrict.YMap):
                bad(scripts, key, f"each font for '{key}' must be a map (package, file, ...)")
                continue
            _check_script_font(entry, key, path, root, bad)


def _check_script_font(entry: Any, key: str, path: Path, root: Path, bad: Any) -> None:
    try:
        if "folder" in entry:
            missing = "font folder '{name}' not found ({path})"
            folder = safepath.inside(
                root, str(entry["folder"]), "font folder", PLACE, (), path.parent, missing, True
            )
        elif "package" in entry:
            folder = safepath.script_font_package(str(entry["package"]))
        else:
            bad(entry, next(iter(entry), "package"), f"a font for '{key}' needs a package")
            return
    except safepath.Refused as why:
        bad(entry, "folder" if "folder" in entry else "package", str(why))
        return
    entry["folder"] = str(folder)
    for key_name in ("file", "regular", "bold"):
        value = entry.get(key_name)
        if isinstance(value, str):
            try:
                file = safepath.inside(folder, value, "font file", "the font package", FONT_TYPES)
            except safepath.Refused as why:
                bad(entry, key_name, str(why))
                continue
            entry[key_name] = str(file)
