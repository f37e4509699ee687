"""Which font draws each character: the theme's main font, or its font for that script.

A theme names, per script, a list of fonts from installed packages (``fonts: scripts:``). They
are loaded only when a text needs them: a Latin-only document never opens a CJK file. Han
characters are drawn in the regional font of the document's language (Chinese simplified or
traditional, Japanese, Korean), as their glyph shapes differ by region.

Scripts that need shaping this module does not know are refused by name rather than drawn
wrong; Arabic, Hebrew and the CJK scripts are laid out by ``layout/shaping``.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from generator.errors import CoachcardsError

# Scripts the plain reportlab paragraph draws correctly (no shaping, left to right).
SIMPLE_SCRIPTS = {"Latn", "Grek", "Cyrl", "Zyyy", "Zinh"}
# Scripts laid out by layout/shaping (uharfbuzz, python-bidi, CJK line breaking).
SHAPED_SCRIPTS = {"Arab", "Hebr", "Hani", "Hira", "Kana", "Hang", "Bopo"}
SCRIPT_KEYS = (
    "arabic",
    "hebrew",
    "chinese-simplified",
    "chinese-traditional",
    "japanese",
    "korean",
)
RTL_LANGUAGES = {"ar", "he", "iw", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"}
CJK_SCRIPTS = {"Hani", "Hira", "Kana", "Hang", "Bopo"}
WEIGHTS = ("regular", "bold")
# Fonts with more glyphs than this (the CJK ones: 17,000-65,000) are cut per document.
LARGE_FONT_GLYPHS = 6000

# Code points whose script is Latin, Greek, Cyrillic, common or inherited (or unassigned), known
# without fontTools' script tables: Latin, Greek and Cyrillic letters, the general punctuation,
# currency, letterlike, number forms, arrows and symbols of an English text (curly quotes,
# dashes, x, degrees). They are answered first, so that a Latin-only document never imports
# fontTools. A test checks every code point here against fontTools' tables.
_SIMPLE_RANGES = (
    (0x0000, 0x02E9),  # ASCII, Latin-1, Latin Extended-A/B, IPA, spacing modifiers (not 2EA-2EB)
    (0x02EC, 0x03E1),  # ... combining marks, Greek (not the Coptic letters 3E2-3EF)
    (0x03F0, 0x052F),  # Greek, Cyrillic, Cyrillic Supplement
    (0x1D00, 0x27FF),  # phonetic extensions, Latin Extended Additional, Greek Extended,
    #                    general punctuation ... dingbats (not Braille 2800-28FF)
    (0x2900, 0x2BFF),  # arrows, mathematical operators, miscellaneous symbols and arrows
    (0x2C60, 0x2C7F),  # Latin Extended-C
    (0xA700, 0xA7FF),  # modifier tone letters, Latin Extended-D
    (0xFB00, 0xFB06),  # Latin ligatures (ff, fi, fl)
)
_SIMPLE_STARTS = [low for low, _ in _SIMPLE_RANGES]


def is_simple_code_point(code: int) -> bool:
    """True when ``code`` is in a range of simple scripts (see _SIMPLE_RANGES), in pure Python."""
    index = bisect.bisect_right(_SIMPLE_STARTS, code) - 1
    return index >= 0 and code <= _SIMPLE_RANGES[index][1]


def script_of(char: str) -> str:
    """The ISO 15924 code of the character's script (Zyyy common, Zinh inherited)."""
    from fontTools import unicodedata as ftud

    return str(ftud.script(char))


def script_name(code: str) -> str:
    from fontTools import unicodedata as ftud

    return str(ftud.script_name(code, code))


def base_language(language: str) -> str:
    return language.replace("_", "-").split("-")[0].lower()


@lru_cache(maxsize=64)
def is_rtl_language(language: str) -> bool:
    return base_language(language) in RTL_LANGUAGES


def script_keys_for(code: str, language: str) -> tuple[str, ...]:
    """The theme's script lists to try for a character of script ``code``, best first."""
    if code == "Arab":
        return ("arabic",)
    if code == "Hebr":
        return ("hebrew",)
    if code in ("Hira", "Kana"):
        return ("japanese",)
    if code == "Hang":
        return ("korean",)
    if code == "Bopo":
        return ("chinese-traditional",)
    if code == "Hani":
        first = han_key(language)
        return (first, *(k for k in SCRIPT_KEYS[2:] if k != first))
    return ()


def han_key(language: str) -> str:
    lang = language.replace("_", "-").lower()
    base = base_language(lang)
    if base == "ja":
        return "japanese"
    if base == "ko":
        return "korean"
    if base == "zh" and any(tag in lang for tag in ("-hant", "-tw", "-hk", "-mo")):
        return "chinese-traditional"
    return "chinese-simplified"


def language_keys(language: str) -> tuple[str, ...]:
    """Script lists that the document's language itself uses (for punctuation and digits)."""
    base = base_language(language)
    if base in ("ar", "fa", "ur", "ps", "ckb", "sd", "ug"):
        return ("arabic",)
    if base in ("he", "iw", "yi"):
        return ("hebrew",)
    if base in ("zh", "ja", "ko"):
        return (han_key(language),)
    return ()


@dataclass
class ScriptFont:
    """One configured font for a script: a file (variable or static) per weight."""

    name: str
    files: dict[str, Path]
    axes: dict[str, dict[str, float]]
    _names: dict[tuple[str, frozenset[int] | None], str] = field(default_factory=dict)
    _large: bool | None = None

    @property
    def covered(self) -> frozenset[int]:
        return _cmap(self.files["regular"])

    def font_name(self, weight: str, chars: frozenset[int] | None = None) -> str:
        """The reportlab name for this weight, cutting and registering the font on first use.

        A large font (CJK) is cut to ``chars``, the characters of the document, when given: a
        font per character set, so a document's PDF depends on nothing but the document.
        """
        weight = "bold" if weight.startswith("bold") else "regular"
        wanted = None
        if chars is not None and self.large:
            wanted = frozenset(chars & self.covered)
        key = (weight, wanted)
        if key not in self._names:
            from generator.layout.fontcache import static_font
            from generator.layout.glyphfont import register

            file = static_font(self.files[weight], self.axes.get(weight, {}), wanted)
            name = f"cc-{self.name}-{weight}"
            if wanted is not None:
                name += "-" + file.stem.rsplit("-", 1)[-1][:8]
            self._names[key] = register(name, file)
        return self._names[key]

    @property
    def large(self) -> bool:
        """A font worth cutting per document: many glyphs (CJK), slow to cut whole."""
        from generator.layout.fontcache import glyph_count

        if self._large is None:
            self._large = glyph_count(self.files["regular"]) > LARGE_FONT_GLYPHS
        return self._large


@dataclass
class ScriptFonts:
    """The theme's fonts per script key; nothing is read until a character asks."""

    lists: dict[str, list[ScriptFont]]

    def candidates(self, char: str, language: str) -> list[ScriptFont]:
        """Fonts to try: for a letter, its script's fonts; for a sign of no script (digits,
        punctuation, symbols), only the fonts of the document's own language, so that a
        snowman in an English text is refused rather than fetched from a CJK font."""
        code = script_of(char)
        keys = script_keys_for(code, language) + language_keys(language)
        if code not in ("Zyyy", "Zinh"):
            keys += SCRIPT_KEYS
        seen: list[ScriptFont] = []
        for key in keys:
            for font in self.lists.get(key, []):
                if font not in seen:
                    seen.append(font)
        return seen

    def font_for(self, char: str, language: str) -> ScriptFont | None:
        code = ord(char)
        for font in self.candidates(char, language):
            if code in font.covered:
                return font
        return None


@cache
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(str(path), lazy=True)
        return frozenset(font.getBestCmap() or {})
    except (TTLibError, OSError, AssertionError) as exc:
        raise CoachcardsError.single(path, f"cannot read font: {exc}") from None


def package_folder(package: str, where: str) -> Path:
    """An installed font distribution's folder, found without importing it (safepath)."""
    from generator import safepath

    try:
        return safepath.script_font_package(package)
    except safepath.Refused as why:
        raise CoachcardsError.single(where, str(why)) from None


def script_fonts(spec: dict[str, Any]) -> ScriptFonts:
    """The ``scripts`` part of a theme's ``fonts``, as the theme loader resolved it (each entry's
    folder and files are real paths inside the font package or the theme's folder)."""
    lists: dict[str, list[ScriptFont]] = {}
    for key, entries in (spec or {}).items():
        for entry in entries or []:
            folder = (
                Path(entry["folder"])
                if entry.get("folder")
                else package_folder(str(entry["package"]), "theme")
            )
            files, axes = {}, {}
            for weight in WEIGHTS:
                value = entry.get(weight, {})
                if isinstance(value, str):
                    files[weight] = folder / value
                else:
                    files[weight] = folder / str(entry["file"])
                    axes[weight] = {str(k): float(v) for k, v in dict(value or {}).items()}
            stem = files["regular"].stem.split("[")[0]
            lists.setdefault(key, []).append(ScriptFont(f"{stem}-{key}", files, axes))
    return ScriptFonts(lists)


def unsupported_scripts(text: str) -> list[str]:
    """Names of scripts in ``text`` that coachcards cannot lay out correctly."""
    if not text or max(text) < "\u0370":
        return []  # Latin, Latin-1, IPA: the common case, answered in C
    found = set()
    for char in set(text):
        code = ord(char)
        if code < 0x370 or is_simple_code_point(code) or unicodedata.category(char)[0] in "ZC":
            continue
        script = script_of(char)
        if script not in SIMPLE_SCRIPTS and script not in SHAPED_SCRIPTS:
            found.add(script_name(script))
    return sorted(found)


def needs_shaping(text: str, covered: frozenset[int], rtl: bool) -> bool:
    """True when a paragraph must be laid out by layout/shaping rather than reportlab.

    Right-to-left documents always are. Otherwise a character from Hebrew (U+0590) up needs
    shaping when the main font lacks it (a script font draws it) or its script is shaped. The
    common case, text below U+0590 or covered signs of simple scripts, is answered without
    looking a script up: this runs for every paragraph of every Latin document.
    """
    if rtl:
        return True
    if not text or max(text) < "\u0590":
        return False
    for char in set(text):
        code = ord(char)
        if code < 0x590 or (code in covered and is_simple_code_point(code)):
            continue
        if code not in covered or script_of(char) in SHAPED_SCRIPTS:
            return True
    return False
