"""``coachcards preview``: PNG images of a PDF's pages, rendered by PDFium."""

from __future__ import annotations

import io
import math
from pathlib import Path

from generator.errors import CoachcardsError
from generator.output import write_atomic

MAX_PAGES = 200
MAX_PIXELS = 70_000_000  # an A3 or tabloid page at 600 dpi; about 280 MB while drawn


def write_previews(pdf: Path, out: Path, dpi: int = 110) -> list[Path]:
    import pypdfium2

    if not 30 <= dpi <= 600:
        raise CoachcardsError.single("--dpi", "dpi must be between 30 and 600")
    try:
        data = pdf.read_bytes()
    except OSError as exc:
        raise CoachcardsError.single(pdf, f"cannot read: {exc.strerror or exc}") from None
    if not data.startswith(b"%PDF-"):
        raise CoachcardsError.single(pdf, "not a PDF file")
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise CoachcardsError.single(pdf, f"cannot open this PDF: {exc}") from None
    if len(document) > MAX_PAGES:
        raise CoachcardsError.single(pdf, f"more than {MAX_PAGES} pages; preview fewer")
    for number in range(len(document)):  # every page is checked before any is drawn
        _check_size(pdf, number + 1, document[number].get_size(), dpi)
    written = []
    for number in range(len(document)):
        image = document[number].render(scale=dpi / 72).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        target = out / f"{pdf.stem}-p{number + 1}.png"
        written.append(write_atomic(target, buffer.getvalue()))
    return written


def _check_size(pdf: Path, number: int, size: tuple[float, float], dpi: int) -> None:
    """A page's pixels are known before rendering: a huge page is refused, not drawn."""
    width, height = size
    if not (math.isfinite(width) and math.isfinite(height) and width > 0 and height > 0):
        raise CoachcardsError.single(pdf, f"page {number} has no usable size")
    pixels = (width * dpi / 72) * (height * dpi / 72)
    if pixels > MAX_PIXELS:
        raise CoachcardsError.single(
            pdf,
            f"page {number} is {width:.0f} × {height:.0f} pt: at {dpi} dpi that is "
            f"{pixels / 1e6:,.0f} megapixels; the limit is {MAX_PIXELS // 1_000_000}: "
            "use a lower --dpi",
        )
