"""Themes: colours, fonts, page sizes, type ranges, named styles and the gym's brand, as YAML.

A theme file may ``extends:`` another (a built-in name such as ``default``, or a path relative
to the file) and set only what it changes; mappings merge key by key. Each file's own values are
checked as it is read, so a problem names the file and line where it was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator import safepath, schema
from generator.content import yamlstrict
from generator.errors import CoachcardsError, Problem
from generator.layout import theme_schema
from generator.layout.regions import Layout, build_layouts, check_layouts, choose

THEMES = Path(__file__).with_name("themes")
DEFAULT_THEME = THEMES / "default.yaml"
MM = 72 / 25.4
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".svg")
FONT_TYPES = (".ttf", ".otf")
STYLE_KEYS = theme_schema.STYLE_KEYS


@dataclass(frozen=True)
class DocTheme:
    """The part of the theme for one kind of document (card or handout)."""

    default_size: str
    body_pt: dict[str, Any]
    margin_ratio: float
    margin_min_mm: float
    footer_gap_em: float
    styles: dict[str, dict[str, Any]]
    shrink_to_save_page: float = 1.0  # a handout may shrink to this share to save a last page
    layouts: dict[str, Layout] = field(default_factory=dict)
    layout_for: dict[str, str] = field(default_factory=dict)

    def margin_pt(self, page_width: float, page_height: float) -> float:
        short_mm = min(page_width, page_height) / MM
        return max(self.margin_min_mm, self.margin_ratio * short_mm) * MM

    def style(self, role: str, region: str | None = None) -> dict[str, Any]:
        if region and f"{region}.{role}" in self.styles:
            return self.styles[f"{region}.{role}"]
        return self.styles.get(role, {})


@dataclass(frozen=True)
class Profile:
    """A purpose-built variant of the card (e.g. ``wall``): type range, title size, colours."""

    body_pt: dict[str, Any]
    title_size: float | None = None
    max_cues: int | None = None
    colors: dict[str, str] = field(default_factory=dict)
    layout_for: dict[str, str] = field(default_factory=dict)
    needs_cues: bool = False
    styles: dict[str, dict[str, Any]] = field(default_factory=dict)
    margin_mm: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Brand:
    gym: str = ""
    logo: Path | None = None
    footer: str = ""


@dataclass(frozen=True)
class Theme:
    path: Path
    fonts: dict[str, str]
    colors: dict[str, str]
    pages_mm: dict[str, tuple[float, float]]
    card: DocTheme
    handout: DocTheme
    profiles: dict[str, Profile] = field(default_factory=dict)
    max_cues: int | None = None
    brand: Brand = Brand()
    # every theme file read to make this theme (it, the themes it extends), for fingerprints
    files: tuple[Path, ...] = ()
    needs_cues: bool = False

    def card_layout(self, size: str, landscape: bool) -> Layout:
        """The layout the theme picks for cards of this page size and orientation."""
        return self.card.layouts[choose(self.card.layout_for, size, landscape)]

    def color(self, name: str) -> str:
        return self.colors.get(name, name)

    def with_profile(self, name: str | None, source: str = "profile") -> Theme:
        if name is None:
            return self
        if name not in self.profiles:
            known = ", ".join(self.profiles) or "none"
            raise CoachcardsError.single(source, f"unknown profile '{name}'; known: {known}")
        profile = self.profiles[name]
        styles = dict(self.card.styles)
        for role, spec in profile.styles.items():
            styles[role] = {**styles.get(role, {}), **spec}
        if profile.title_size:
            styles["title"] = {**styles.get("title", {}), "size": profile.title_size}
        layout_for = {**self.card.layout_for, **profile.layout_for}
        card = replace(self.card, body_pt=profile.body_pt, styles=styles, layout_for=layout_for)
        if profile.margin_mm:
            ratio, least = profile.margin_mm["ratio"], profile.margin_mm["min"]
            card = replace(card, margin_ratio=float(ratio), margin_min_mm=float(least))
        colors = {**self.colors, **profile.colors}
        return replace(
            self, card=card, colors=colors, max_cues=profile.max_cues, needs_cues=profile.needs_cues
        )

    def greyscale(self) -> Theme:
        """Every colour as the grey of the same lightness, for printers without colour."""
        return replace(self, colors={k: _grey(v) for k, v in self.colors.items()})


def _grey(color: str) -> str:
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    level = round(0.2126 * red + 0.7152 * green + 0.0722 * blue)
    return f"#{level:02x}{level:02x}{level:02x}"


def resolve(ref: str | Path | None, base: Path | None = None, source: str = "theme") -> Path:
    """A built-in theme by name (``default``, ``plain``), or a theme file; ``source`` names
    where the name came from (``--theme``, ``argument 'theme'``) for a problem."""
    if ref is None:
        return DEFAULT_THEME
    text = str(ref)
    if "/" not in text and not text.endswith((".yaml", ".yml")):
        builtin = THEMES / f"{text}.yaml"
        if builtin.is_file():
            return builtin
        known = ", ".join(sorted(p.stem for p in THEMES.glob("*.yaml")))
        raise CoachcardsError.single(source, f"no built-in theme '{text}'; built in: {known}")
    path = Path(text) if base is None else (base / text)
    if not path.is_file():
        raise CoachcardsError.single(path, "theme file not found")
    return path


_cache: dict[Path, Theme] = {}


def load_theme(ref: str | Path | None = None, source: str = "theme") -> Theme:
    path = resolve(ref, source=source).resolve()
    if path not in _cache:
        _cache[path] = _build(path)
    return _cache[path]


def _build(path: Path) -> Theme:
    problems: list[Problem] = []
    files: list[Path] = []
    trees: list[tuple[Path, yamlstrict.YMap]] = []
    data = _merged(path, [], problems, files=files, trees=trees)
    where = str(path)
    problems += _names(data, trees)
    palette = data.get("colors") or {}
    for kind in ("card", "handout"):
        doc = data.get(kind)
        styles = doc.get("styles") if isinstance(doc, dict) else None
        for role, spec in (styles if isinstance(styles, dict) else {}).items():
            for key, value in spec.items() if isinstance(spec, dict) else ():
                named = key.endswith("color") or key in ("fill", "rule")
                if named and _is_name(value) and value not in palette:
                    problems.append(
                        Problem(
                            where,
                            None,
                            f"{kind} style '{role}': colour '{value}' is not in the theme's colors",
                        )
                    )
    problems += _layout_names(data, where)
    if problems:
        raise CoachcardsError(sorted(problems, key=lambda p: (p.path, p.line or 0)))
    try:
        docs = {
            kind: DocTheme(
                default_size=str(data[kind]["default_size"]),
                body_pt=dict(data[kind]["body_pt"]),
                margin_ratio=float(data[kind]["margin_mm"]["ratio"]),
                margin_min_mm=float(data[kind]["margin_mm"]["min"]),
                footer_gap_em=float(data[kind].get("footer_gap_em", 1.0)),
                shrink_to_save_page=float(data[kind].get("shrink_to_save_page", 1.0)),
                styles={role: dict(spec) for role, spec in data[kind]["styles"].items()},
                layouts=build_layouts(data[kind].get("layouts") or {}),
                layout_for=dict(data[kind].get("layout_for") or {}),
            )
            for kind in ("card", "handout")
        }
        pages = {name: (float(size[0]), float(size[1])) for name, size in data["pages"].items()}
        profiles = {
            name: Profile(
                body_pt=dict(spec.get("body_pt", {})),
                title_size=spec.get("title_size"),
                max_cues=spec.get("max_cues"),
                colors=dict(spec.get("colors") or {}),
                layout_for=dict(spec.get("layout_for") or {}),
                needs_cues=bool(spec.get("needs_cues", False)),
                styles={role: dict(v) for role, v in (spec.get("styles") or {}).items()},
                margin_mm=dict(spec.get("margin_mm") or {}),
            )
            for name, spec in (data.get("profiles") or {}).items()
        }
        brand = data.get("brand") or {}
        logo = Path(brand["logo"]) if brand.get("logo") else None
        return Theme(
            path,
            dict(data["fonts"]),
            dict(data["colors"]),
            pages,
            docs["card"],
            docs["handout"],
            profiles,
            brand=Brand(str(brand.get("gym") or ""), logo, str(brand.get("footer") or "")),
            files=tuple(files),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CoachcardsError.single(where, f"theme is incomplete or malformed: {exc}") from None


def _merged(
    path: Path,
    seen: list[Path],
    problems: list[Problem],
    root: Path | None = None,
    files: list[Path] | None = None,
    trees: list[tuple[Path, yamlstrict.YMap]] | None = None,
) -> dict[str, Any]:
    """This file's values over those of the theme it extends.

    Every file a theme names (the theme it extends, its logo, its fonts) must lie inside
    ``root``: the folder of the theme named on the command line (or the built-in themes).
    """
    root = root or path.parent
    if path in seen:
        chain = " -> ".join(p.name for p in [*seen, path])
        problems.append(Problem(str(path), None, f"themes extend each other in a circle: {chain}"))
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(str(path), None, f"cannot read theme: {exc}"))
        return {}
    if files is not None:
        files.append(path)
    tree, found = yamlstrict.parse(text, str(path))
    problems += found
    if tree is None:
        return {}
    if not isinstance(tree, yamlstrict.YMap):
        problems.append(Problem(str(path), 1, "a theme is a set of 'key: value' lines"))
        return {}
    if trees is not None:
        trees.append((path, tree))
    checked: list[Problem] = []
    _check(tree, path, root, checked)
    refused = {p.line for p in found}  # a value YAML already refused is not reported twice
    problems += [p for p in checked if p.line not in refused]
    own = _plain(tree)
    if "extends" in tree:
        own.pop("extends")
        parent = _extended(tree, path, root, problems)
        if parent is None:
            return own
        within = THEMES if parent.parent == THEMES else root
        base = _merged(parent, [*seen, path], problems, within, files, trees)
        return _merge(base, own)
    return own


def _extended(
    tree: yamlstrict.YMap, path: Path, root: Path, problems: list[Problem]
) -> Path | None:
    """The theme a file extends: a built-in by name, or a file inside the theme's folder."""
    ref = tree["extends"]
    line = tree.key_lines.get("extends")
    if not isinstance(ref, str) or not ref.strip():
        problems.append(Problem(str(path), line, "'extends' must name a theme"))
        return None
    if "/" not in ref and "\\" not in ref and not ref.endswith((".yaml", ".yml")):
        try:
            return resolve(ref)
        except CoachcardsError as error:
            problems.append(Problem(str(path), line, error.problems[0].message))
            return None
    try:
        return safepath.inside(
            root,
            ref,
            "theme",
            _PLACE,
            (".yaml", ".yml"),
            path.parent,
            "theme file '{name}' not found ({path})",
        )
    except safepath.Refused as why:
        problems.append(Problem(str(path), line, str(why)))
        return None


_PLACE = "the theme's folder"


def _names(data: dict[str, Any], trees: list[tuple[Path, yamlstrict.YMap]]) -> list[Problem]:
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


def _layout_names(data: dict[str, Any], where: str) -> list[Problem]:
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


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _check(tree: yamlstrict.YMap, path: Path, root: Path, problems: list[Problem]) -> None:
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
                        _COLOR.match(str(value)) or _is_name(value)
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
                    root, str(logo), "logo", _PLACE, IMAGE_TYPES, path.parent, missing
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


def _is_name(value: Any) -> bool:
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
                root, str(fonts["folder"]), "font folder", _PLACE, (), path.parent, missing, True
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
                root, str(entry["folder"]), "font folder", _PLACE, (), path.parent, missing, True
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
