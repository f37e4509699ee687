"""Themes: colours, fonts, page sizes, type ranges, named styles and the gym's brand, as YAML.

A theme file may ``extends:`` another (a built-in name such as ``default``, or a path relative
to the file) and set only what it changes; mappings merge key by key. Each file's own values are
checked as it is read, so a problem names the file and line where it was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator import safepath
from generator.content import yamlstrict
from generator.errors import CoachcardsError, Problem
from generator.layout import theme_checks, theme_schema
from generator.layout.regions import Layout, build_layouts, choose

THEMES = Path(__file__).with_name("themes")
DEFAULT_THEME = THEMES / "default.yaml"
MM = 72 / 25.4
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
    problems += theme_checks.names(data, trees)
    palette = data.get("colors") or {}
    for kind in ("card", "handout"):
        doc = data.get(kind)
        styles = doc.get("styles") if isinstance(doc, dict) else None
        for role, spec in (styles if isinstance(styles, dict) else {}).items():
            for key, value in spec.items() if isinstance(spec, dict) else ():
                named = key.endswith("color") or key in ("fill", "rule")
                if named and theme_checks.is_name(value) and value not in palette:
                    problems.append(
                        Problem(
                            where,
                            None,
                            f"{kind} style '{role}': colour '{value}' is not in the theme's colors",
                        )
                    )
    problems += theme_checks.layout_names(data, where)
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
    theme_checks.check(tree, path, root, checked)
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
            theme_checks.PLACE,
            (".yaml", ".yml"),
            path.parent,
            "theme file '{name}' not found ({path})",
        )
    except safepath.Refused as why:
        problems.append(Problem(str(path), line, str(why)))
        return None


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
