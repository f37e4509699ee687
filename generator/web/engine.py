"""What the page asks of the renderer, run inside the worker processes.

Every function here is a plain, picklable task (arguments and results are plain data), so the
server hands it to its process pool and the event loop never renders. Nothing here lays out a
page itself: packets, cards and handouts come from ``generator.api``, the same functions the CLI
uses, so a download is byte for byte what ``coachcards packet`` makes from the same YAML.

Problems come back as data (``[(path, line, message), ...]``) rather than raised, so the
server can place each one next to the field or exercise it belongs to.
"""

from __future__ import annotations

import hashlib
import io
import struct
import tempfile
import zlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import CoachcardsError, Problem

PREVIEW_WIDTH = 640  # pixels: about twice the preview column's width, sharp on a dense screen
THUMB_HEIGHT = 96
MAX_PREVIEW_PAGES = 400
FIRST_PAGES = 2  # rendered with the preview itself: what the preview column shows at once
PNGS_KEPT = 96  # page images kept per worker by their pixels: an edit redraws few pages


@dataclass(frozen=True)
class Settings:
    """How to render, fixed when the server starts (paths) or chosen from a list (theme, size)."""

    content: str
    templates: str | None = None
    theme: str | None = None
    size: str | None = None


@dataclass(frozen=True)
class Outcome:
    """A PDF (or PNG) or the problems that stopped it, in the CLI's words."""

    data: bytes = b""
    pages: int = 0
    problems: tuple[Problem, ...] = ()
    images: tuple[bytes, ...] = ()  # the first pages as PNG, for a preview


def _refused(error: CoachcardsError, temporary: Path | None, name: str) -> Outcome:
    """Problems with the temporary program file's path shown as the file the coach knows."""
    problems = tuple(
        Problem(name, p.line, p.message) if temporary and p.path == str(temporary) else p
        for p in error.problems
    )
    return Outcome(problems=problems)


def packet(text: str, name: str, settings: Settings, untagged: bool = False) -> Outcome:
    """A program file's text to its packet PDF, exactly as ``coachcards packet`` makes it
    (``untagged``: without the structure tree, for a preview only; see :func:`preview`)."""
    from generator import api

    with tempfile.TemporaryDirectory(prefix="coachcards-serve-") as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        try:
            data = api.render_packet(
                path,
                content=Path(settings.content),
                templates=_path(settings.templates),
                theme=settings.theme,
                size=settings.size,
                untagged=untagged,
            )
        except CoachcardsError as error:
            return _refused(error, path, name)
    return Outcome(data, _page_count(data))


def preview(text: str, name: str, settings: Settings, first: int = FIRST_PAGES) -> Outcome:
    """The packet and its first pages as images, in one task: the pages a coach sees first
    arrive with the answer, without another trip to a worker and another read of the PDF.

    The preview's packet is made untagged: tagging adds the structure a screen reader reads
    and draws nothing (its pages are pixel for pixel the tagged packet's, tested), and it is a
    third of the packet's time. Every download is made again, tagged, by :func:`packet`.
    """
    outcome = packet(text, name, settings, untagged=True)
    if not outcome.data:
        return outcome
    images = page_images(outcome.data, range(min(first, outcome.pages)))
    return Outcome(outcome.data, outcome.pages, images=images)


def program_form(text: str, name: str, content: str) -> tuple[dict[str, Any] | None, Outcome]:
    """An opened program file as the page's form, or its problems (nothing is rendered)."""
    from generator.program.loader import load_program
    from generator.web.programs import to_form

    with tempfile.TemporaryDirectory(prefix="coachcards-serve-") as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        try:
            program = load_program(path, known_slugs(content))
        except CoachcardsError as error:
            return None, _refused(error, path, name)
    return to_form(program), Outcome()


def single(
    kind: str, slug: str, settings: Settings, profile: str | None, landscape: bool
) -> Outcome:
    """One exercise's cue card or handout; a card that cannot fit comes back as its advice."""
    from generator import api

    render = api.render_card if kind == "card" else api.render_handout
    extra: dict[str, Any] = {"profile": profile} if kind == "card" else {}
    try:
        data = render(
            slug,
            content=Path(settings.content),
            templates=_path(settings.templates),
            theme=settings.theme,
            size=settings.size,
            landscape=landscape,
            **extra,
        )
    except CoachcardsError as error:
        return Outcome(problems=tuple(error.problems))
    return Outcome(data, _page_count(data))


def page_image(pdf: bytes, number: int, width: int = PREVIEW_WIDTH) -> bytes:
    """One page of a PDF as a PNG ``width`` pixels wide (PDFium; the PDF is our own output)."""
    return page_images(pdf, [number], width)[0]


def page_images(
    pdf: bytes, numbers: Iterable[int], width: int = PREVIEW_WIDTH
) -> tuple[bytes, ...]:
    """Pages as PNGs. Encoding costs twice the drawing, and most edits change few pages (new
    reps leave the cover and contents as they were), so a page whose pixels this worker has
    already encoded is not encoded again."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        for number in numbers:
            page = document[number]
            bitmap = page.render(scale=width / page.get_width())
            images.append(_png(bitmap.to_pil()))
        return tuple(images)
    finally:
        document.close()


_pngs: OrderedDict[bytes, bytes] = OrderedDict()


def _png(image: Any) -> bytes:
    pixels = image.tobytes()
    digest = hashlib.sha256(f"{image.mode} {image.size}".encode())
    digest.update(pixels)
    key = digest.digest()
    data = _pngs.get(key)
    if data is None:
        data = _encode(image, pixels)
        _pngs[key] = data
        while len(_pngs) > PNGS_KEPT:
            _pngs.popitem(last=False)
    _pngs.move_to_end(key)
    return data


def _encode(image: Any, pixels: bytes) -> bytes:
    """A PNG with no row filters at zlib level 1: on pages of text and line drawings, half the
    time of Pillow's adaptive filters, and smaller (tested: Pillow reads the same pixels)."""
    if image.mode != "RGB":
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()
    width, height = image.size
    stride = 3 * width
    rows = b"".join(b"\0" + pixels[at : at + stride] for at in range(0, len(pixels), stride))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"".join(
        (b"\x89PNG\r\n\x1a\n", _chunk(b"IHDR", header), _chunk(b"IDAT", zlib.compress(rows, 1)))
    ) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _page_count(pdf: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def thumbnail(slug: str, content: str) -> bytes:
    """The exercise's first drawing as a small PNG, through the renderer's safe image reader.

    The browser never sees the SVG itself: a drawing from a coach's own folder could carry
    script or outside references, and the renderer already refuses those.
    """
    from generator import api

    try:
        pdf = api.render_drawing(slug, content=Path(content))
    except CoachcardsError:  # refused by the safe reader (the page says so; validate says why)
        return b""
    if not pdf:
        return b""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=THUMB_HEIGHT * 2 / page.get_height()).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def known_slugs(content: str) -> list[str]:
    return sorted(p.stem for p in (Path(content) / "exercises").glob("*.md"))


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


def warm(settings: Settings, text: str, name: str) -> int:
    """Render once at start so the first change a coach makes is as quick as the rest."""
    return preview(text, name, settings).pages
