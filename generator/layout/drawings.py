"""Loading drawings and photos safely, once per process, in a cache bounded by bytes.

An image file is identified by its bytes, not its name: SVG goes through the safe subset
(svgsafe) and then the fast path or svglib; only PNG and JPEG bytes are given to Pillow, and
only its PNG and JPEG readers (Pillow would otherwise start Ghostscript for an EPS file named
``.png``). The pixel count is checked from the header before anything is decoded, and a
truncated file is a clear error. Loaded images are kept for the next page that shows them, up
to a byte budget, so a build of many large photos does not keep them all.
"""

from __future__ import annotations

import io
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.utils import ImageReader

from generator.errors import CoachcardsError
from generator.layout import svgfast, svgsafe

MAX_PIXELS = 40_000_000
CACHE_BYTES = 256 * 1024 * 1024
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"


@dataclass(frozen=True)
class VectorOps:
    """A drawing already turned into self-contained PDF path operators."""

    operators: str


@dataclass(frozen=True)
class Loaded:
    image: Any  # VectorOps, a reportlab Drawing, or an ImageReader
    width: float
    height: float
    texts: tuple[tuple[int, str], ...]  # what an SVG would print, with its line
    cost: int  # bytes held while cached


_cache: OrderedDict[tuple[str, int, int, tuple[str, str]], Loaded] = OrderedDict()
_cached_bytes = 0
_text_fonts = ("Helvetica", "Helvetica-Bold")


def use_fonts(regular: str, bold: str) -> None:
    """The registered fonts that SVG text is drawn in: the ones its glyphs are checked against.

    svglib would otherwise look a drawing's font-family up on disk and run fc-match.
    """
    global _text_fonts
    _text_fonts = (regular, bold)


class _FontMap:
    """svglib's font lookup, answering every family with the theme's own fonts."""

    def __init__(self, regular: str, bold: str) -> None:
        self.regular, self.bold = regular, bold

    def find_font(self, name: str, weight: str = "normal", style: str = "normal") -> Any:
        return (
            self.bold if str(weight) in ("bold", "bolder", "700", "800", "900") else self.regular
        ), True


def load(path: Path) -> Loaded:
    """A checked image, from the cache when the file is unchanged."""
    global _cached_bytes
    try:
        stat = path.stat()
    except OSError as exc:
        raise CoachcardsError.single(path, f"cannot read: {exc.strerror or exc}") from None
    key = (str(path), stat.st_mtime_ns, stat.st_size, _text_fonts)
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CoachcardsError.single(path, f"cannot read: {exc.strerror or exc}") from None
    loaded = _vector(path, data) if _looks_like_svg(path, data) else _raster(path, data)
    _cache[key] = loaded
    _cached_bytes += loaded.cost
    while _cached_bytes > CACHE_BYTES and len(_cache) > 1:
        _, dropped = _cache.popitem(last=False)
        _cached_bytes -= dropped.cost
    return loaded


def _looks_like_svg(path: Path, data: bytes) -> bool:
    if data.startswith((_PNG, _JPEG)):
        return False
    return path.suffix.lower() == ".svg"


def _vector(path: Path, data: bytes) -> Loaded:
    safe = svgsafe.parse(path, data)
    fast = svgfast.from_tree(safe.root)
    if fast is not None:
        return Loaded(VectorOps(fast[0]), fast[1], fast[2], safe.texts, len(fast[0]))
    from svglib.svglib import SvgRenderer

    try:
        renderer = SvgRenderer(
            str(path), font_map=_FontMap(*_text_fonts), external_reference_root=str(path.parent)
        )
        drawing = renderer.render(safe.root)
        if drawing is None or not drawing.width or not drawing.height:
            raise CoachcardsError.single(path, "cannot read this SVG drawing")
        width, height = float(drawing.width), float(drawing.height)
        operators = _operators(drawing)  # drawn once here: a singular transform fails now
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, ArithmeticError) as exc:
        raise CoachcardsError.single(path, f"cannot read this SVG drawing: {exc}") from None
    if operators is not None:
        return Loaded(VectorOps(operators), width, height, safe.texts, len(operators))
    return Loaded(drawing, width, height, safe.texts, len(data) * 20)


def _operators(drawing: Any) -> str | None:
    """A drawing's PDF path operators, rendered once and reused by every page.

    Only self-contained operators are reused (paths and colours); a drawing that needs page
    resources (text, images, shadings) returns None and is drawn the ordinary way.
    """
    from reportlab.graphics import renderPDF
    from reportlab.pdfgen.canvas import Canvas

    scratch = Canvas(io.BytesIO())
    renderPDF.draw(drawing, scratch, 0, 0)
    code = "\n".join(scratch._code)  # type: ignore[attr-defined]  # the page's operators
    if re.search(r"(?<![\w/])(Tf|Do|sh|gs|cs|CS|scn|SCN)\b", code):
        return None
    return code


def _raster(path: Path, data: bytes) -> Loaded:
    from PIL import Image

    if not data.startswith((_PNG, _JPEG)):
        raise CoachcardsError.single(
            path, "cannot read this image: its bytes are not a PNG or JPEG image"
        )
    guard = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None  # our own, lower limit is checked from the header below
    try:
        with Image.open(io.BytesIO(data), formats=["PNG", "JPEG"]) as probe:
            width, height = probe.size  # read from the header: no pixel is decoded yet
            if width * height > MAX_PIXELS:
                raise CoachcardsError.single(
                    path, f"image is {width}×{height} pixels; the limit is 40 megapixels"
                )
            probe.load()  # a truncated or corrupt file fails here, not halfway through a page
            bands = len(probe.getbands())
    except CoachcardsError:
        raise
    except Exception as exc:  # Pillow raises many kinds for a bad file
        why = "the file is cut short (truncated)" if "runcated" in str(exc) else str(exc)
        raise CoachcardsError.single(path, f"cannot read this image: {why}") from None
    finally:
        Image.MAX_IMAGE_PIXELS = guard
    reader = _PngJpegReader(io.BytesIO(data))
    return Loaded(reader, float(width), float(height), (), len(data) + width * height * bands)


class _PngJpegReader(ImageReader):
    """reportlab's ImageReader, opening nothing but PNG and JPEG (checked just before)."""

    def _read_image(self, fp: Any) -> Any:
        from PIL import Image

        return Image.open(fp, formats=["PNG", "JPEG"])
