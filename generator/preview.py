"""``coachcards preview``: PNG images of a PDF's pages, rendered by PDFium."""

from __future__ import annotations

import io
from pathlib import Path

from generator.errors import CoachcardsError
from generator.output import write_atomic

MAX_PAGES = 200


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
    written = []
    for number in range(len(document)):
        image = document[number].render(scale=dpi / 72).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        target = out / f"{pdf.stem}-p{number + 1}.png"
        write_atomic(target, buffer.getvalue())
        written.append(target)
    return written
