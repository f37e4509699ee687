"""The theme: colours, fonts, page sizes, type ranges and named styles, read from YAML data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.content import yamlstrict
from generator.errors import CoachcardsError, Problem

DEFAULT_THEME = Path(__file__).with_name("theme.yaml")
MM = 72 / 25.4
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
STYLE_KEYS = {
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
}


@dataclass(frozen=True)
class DocTheme:
    """The part of the theme for one kind of document (card or handout)."""

    default_size: str
    body_pt: dict[str, Any]
    margin_ratio: float
    margin_min_mm: float
    footer_gap_em: float
    styles: dict[str, dict[str, Any]]
    drawing_shares: tuple[float, ...] = (0.3,)

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

    def color(self, name: str) -> str:
        return self.colors.get(name, name)

    def with_profile(self, name: str | None) -> Theme:
        if name is None:
            return self
        if name not in self.profiles:
            known = ", ".join(self.profiles) or "none"
            raise CoachcardsError.single("--profile", f"unknown profile '{name}'; known: {known}")
        profile = self.profiles[name]
        styles = dict(self.card.styles)
        if profile.title_size:
            styles["title"] = {**styles.get("title", {}), "size": profile.title_size}
        card = replace(self.card, body_pt=profile.body_pt, styles=styles)
        return replace(
            self, card=card, colors={**self.colors, **profile.colors}, max_cues=profile.max_cues
        )

    def greyscale(self) -> Theme:
        """Every colour as the grey of the same lightness, for printers without colour."""
        return replace(self, colors={k: _grey(v) for k, v in self.colors.items()})


def _grey(color: str) -> str:
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    level = round(0.2126 * red + 0.7152 * green + 0.0722 * blue)
    return f"#{level:02x}{level:02x}{level:02x}"


_cache: dict[Path, Theme] = {}


def load_theme(path: Path = DEFAULT_THEME) -> Theme:
    path = path.resolve()
    if path not in _cache:
        _cache[path] = _read(path)
    return _cache[path]


def _read(path: Path) -> Theme:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CoachcardsError.single(path, f"cannot read theme: {exc}") from None
    data, problems = yamlstrict.parse(text, str(path))
    where = str(path)

    def need(mapping: Any, key: str, line: int) -> Any:
        if not isinstance(mapping, yamlstrict.YMap) or key not in mapping:
            problems.append(Problem(where, line, f"theme needs '{key}'"))
            return yamlstrict.YMap()
        return mapping[key]

    colors = need(data, "colors", 1)
    for name, value in colors.items():
        if not (isinstance(value, str) and _COLOR.match(value)):
            problems.append(
                Problem(where, colors.key_lines[name], f"colour '{name}' must be #rrggbb")
            )
    pages = need(data, "pages", 1)
    pages_mm: dict[str, tuple[float, float]] = {}
    for name, size in pages.items():
        ok = isinstance(size, list) and len(size) == 2
        if not ok or not all(isinstance(v, int | float) and v > 0 for v in size):
            problems.append(
                Problem(where, pages.key_lines[name], "a page is [width, height] in mm")
            )
            continue
        pages_mm[name] = (float(size[0]), float(size[1]))
    docs = {}
    for kind in ("card", "handout"):
        doc = need(data, kind, 1)
        styles = need(doc, "styles", getattr(doc, "line", 1))
        for spec in styles.values():
            for key in spec if isinstance(spec, dict) else ():
                is_color = key.endswith("color") or key in ("fill", "rule")
                if key not in STYLE_KEYS:
                    line = spec.key_lines[key]
                    problems.append(Problem(where, line, f"unknown style property '{key}'"))
                elif is_color and spec[key] not in colors and not _COLOR.match(str(spec[key])):
                    line = spec.key_lines[key]
                    problems.append(Problem(where, line, f"unknown colour '{spec[key]}'"))
        margin = need(doc, "margin_mm", getattr(doc, "line", 1))
        docs[kind] = DocTheme(
            default_size=str(need(doc, "default_size", 1)),
            body_pt=dict(need(doc, "body_pt", 1)),
            margin_ratio=float(margin.get("ratio", 0.07)),
            margin_min_mm=float(margin.get("min", 8)),
            footer_gap_em=float(doc.get("footer_gap_em", 1.0)) if isinstance(doc, dict) else 1.0,
            styles={role: dict(spec) for role, spec in styles.items()},
            drawing_shares=tuple(float(v) for v in doc.get("drawing_shares", [0.3])),
        )
    fonts = need(data, "fonts", 1)
    profiles = {}
    for name, spec in (data.get("profiles") or {}).items() if isinstance(data, dict) else ():
        profiles[name] = Profile(
            body_pt=dict(spec.get("body_pt", {})),
            title_size=spec.get("title_size"),
            max_cues=spec.get("max_cues"),
            colors=dict(spec.get("colors") or {}),
        )
    if problems:
        raise CoachcardsError(problems)
    return Theme(path, dict(fonts), dict(colors), pages_mm, docs["card"], docs["handout"], profiles)
