"""Static TrueType files that reportlab can embed, made once from fonts it cannot read.

reportlab reads neither variable fonts nor CFF-outline OpenType. The fonts for Arabic, Hebrew
and CJK on PyPI are mostly variable (glyf outlines plus gvar), so a named instance is cut with
fontTools' instancer; a CFF font would be converted to quadratic outlines. Cutting a whole CJK
font takes 15-35 s of CPU per weight (more than a card's time limit on a busy machine), so CJK
fonts are cut to the characters a document uses (about 1 s). Every cut is cached in the user's
cache folder, keyed by a hash of the source file, the axis values, the character set and the
fontTools version: a second run reads the file back. The output is deterministic, so PDFs made
with a fresh cache and with an old one are byte-identical.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.errors import CoachcardsError

_digests: dict[Path, str] = {}


def cache_dir() -> Path:
    """``$COACHCARDS_CACHE``, else ``$XDG_CACHE_HOME/coachcards``, else ``~/.cache/coachcards``."""
    if os.environ.get("COACHCARDS_CACHE"):
        return Path(os.environ["COACHCARDS_CACHE"]) / "fonts"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coachcards" / "fonts"


def needs_conversion(path: Path) -> bool:
    """True for a variable font or CFF outlines: reportlab cannot embed those as they are."""
    with path.open("rb") as handle:
        head = handle.read(12)
        count = int.from_bytes(head[4:6], "big")
        tags = {handle.read(16)[:4] for _ in range(min(count, 64))}
    return head[:4] == b"OTTO" or b"fvar" in tags or b"CFF " in tags or b"CFF2" in tags


def static_font(path: Path, axes: dict[str, float], chars: frozenset[int] | None = None) -> Path:
    """A static TrueType file for ``path`` at ``axes``: the file itself when it already is one.

    With ``chars``, only those characters (and the glyphs their shaping reaches) are kept:
    cutting a whole CJK font costs 15-35 s of CPU per weight, a document's few hundred
    characters well under a second. Each character set is cached on its own.
    """
    if not axes and not needs_conversion(path) and chars is None:
        return path
    digest = _digest(path)
    import fontTools

    settings = ",".join(f"{tag}={float(value):g}" for tag, value in sorted(axes.items()))
    wanted = "" if chars is None else ",".join(f"{c:x}" for c in sorted(chars))
    key = hashlib.sha256(f"{digest}|{settings}|{fontTools.version}|{wanted}".encode()).hexdigest()[
        :20
    ]
    target = cache_dir() / f"{path.stem.split('[')[0]}-{key}.ttf"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target.parent / ".lock"):
        if not target.is_file():  # another process may have made it while we waited
            _write_instance(path, axes, target, chars)
    return target


def glyph_count(path: Path) -> int:
    """How many glyphs the font has (from its maxp table, without reading the rest)."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        return int(TTFont(str(path), lazy=True)["maxp"].numGlyphs)
    except (TTLibError, OSError, AssertionError, KeyError) as exc:
        raise CoachcardsError.single(path, f"cannot read font: {exc}") from None


def _digest(path: Path) -> str:
    if path not in _digests:
        sha = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                sha.update(chunk)
        _digests[path] = sha.hexdigest()
    return _digests[path]


@contextlib.contextmanager
def _locked(lock: Path) -> Iterator[None]:
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_instance(
    path: Path, axes: dict[str, float], target: Path, chars: frozenset[int] | None = None
) -> None:
    from fontTools.ttLib import TTFont, TTLibError
    from fontTools.varLib import instancer

    try:
        font = TTFont(str(path))
        if chars is not None:
            _subset(font, chars)  # first: instancing and converting fewer glyphs is faster
        if "fvar" in font:
            pinned = {a.axisTag: a.defaultValue for a in font["fvar"].axes}
            unknown = sorted(set(axes) - set(pinned))
            if unknown:
                raise CoachcardsError.single(
                    path, f"font has no axis {', '.join(unknown)}; it has {', '.join(pinned)}"
                )
            pinned.update({tag: float(value) for tag, value in axes.items()})
            font = instancer.instantiateVariableFont(font, pinned)
        if "CFF " in font or "CFF2" in font:
            _cff_to_glyf(font)
        _rename(font, f"{path.stem.split('[')[0]}-{target.stem.rsplit('-', 1)[-1]}")
    except (TTLibError, OSError, ValueError, AssertionError, KeyError) as exc:
        raise CoachcardsError.single(path, f"cannot make a static font: {exc}") from None
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        font.save(str(temp))
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def _subset(font: Any, chars: frozenset[int]) -> None:
    """Keep ``chars`` and every glyph shaping can reach from them (all layout features), with
    the font's names, hinting and variations, so the cut draws them as the whole font would."""
    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    options.legacy_kern = True
    options.hinting = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(chars))
    subsetter.subset(font)


def _rename(font: Any, postscript: str) -> None:
    """Give each instance its own PostScript name: a PDF tells embedded fonts apart by it, and
    every instance of a variable font otherwise carries the default instance's name."""
    name = "".join(c for c in postscript if c.isalnum() or c == "-")[:60]
    table = font["name"]
    table.removeNames(nameID=6)
    table.setName(name, 6, 3, 1, 0x409)
    table.setName(name, 6, 1, 0, 0)


def _cff_to_glyf(font: Any) -> None:
    """Replace CFF cubic outlines with TrueType quadratic ones (fontTools' otf2ttf recipe)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, glyphs
    # TrueType places a glyph so that its left edge is the hmtx left side bearing: keep the
    # bearing equal to the outline's xMin, or a font whose CFF bearings disagree would shift
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        glyph.recalcBounds(glyf)
        hmtx[name] = (hmtx[name][0], int(getattr(glyph, "xMin", 0)))
    for tag in ("CFF ", "CFF2", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in [
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ]:
        setattr(maxp, field, 0)
    maxp.maxZones, maxp.maxComponentDepth = 1, 0
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 2.0
    font["post"].extraNames, font["post"].mapping = [], {}
    font.sfntVersion = "\x00\x01\x00\x00"
