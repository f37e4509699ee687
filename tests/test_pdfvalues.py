"""Our writer's PDF values (layout/pdfvalues.py) are reportlab's.

The writer formats dictionaries, arrays and fonts itself because reportlab's generic ``format``
was a fifth of writing a card, and compresses streams at its own zlib level. That is only
allowed if nothing else changes: every kind of document is written both ways and compared object
by object (streams decoded), and hand-made values must come out byte for byte as reportlab's.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pypdf
import pytest
from conftest import DATA, ROOT, run
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFArrayCompact,
    PDFDictionary,
    PDFDocument,
    PDFName,
    PDFString,
    format,
)

from generator import api_setup
from generator.content.loader import exercise_files, load_exercise
from generator.layout import pdfvalues
from generator.pipeline import Options, Renderer


def _both(monkeypatch: pytest.MonkeyPatch, make: Any) -> tuple[list[Any], list[Any]]:
    """What ``make`` writes with our values, then with reportlab's own ``format``."""
    ours = make()
    with monkeypatch.context() as patch:
        patch.setattr(pdfvalues, "usable", lambda: False)
        theirs = make()
    return _objects(ours), _objects(theirs)


def _reportlabs(monkeypatch: pytest.MonkeyPatch, renderer: Renderer, exercise: Any) -> bytes:
    """The card as reportlab's writer compresses it: other bytes (zlib level 6, not 3)."""
    with monkeypatch.context() as patch:
        patch.setattr(pdfvalues, "usable", lambda: False)
        return renderer.card(exercise)


def _objects(pdf: bytes) -> list[Any]:
    """Every object of a PDF, streams decoded (and their encoded /Length left out)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    out: list[Any] = []
    size: Any = reader.trailer["/Size"]
    for number in range(1, int(size)):
        found = reader.get_object(number)
        if isinstance(found, pypdf.generic.StreamObject) and found.get("/Type") == "/XRef":
            continue  # where the objects are, and the file's hash: bytes, not content
        if isinstance(found, pypdf.generic.StreamObject):
            entries = {k: v for k, v in found.items() if k != "/Length"}
            out.append((number, _plain(entries), found.get_data()))
        elif found is not None:
            out.append((number, _plain(found)))
    return out


def _plain(value: Any) -> Any:
    """A PDF value as plain Python, references by their numbers."""
    if isinstance(value, pypdf.generic.IndirectObject):
        return ("ref", value.idnum)
    if isinstance(value, dict):
        return sorted((str(k), _plain(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return repr(value)


@pytest.mark.parametrize(
    "options",
    [{}, {"card_size": "a4", "landscape": True}, {"profile": "wall", "card_size": "a4"}],
)
def test_cards_and_handouts_are_the_same_objects_either_way(
    monkeypatch: pytest.MonkeyPatch, options: dict[str, Any]
) -> None:
    files, _ = exercise_files([ROOT / "content"])
    renderer = Renderer(Options(**options))
    exercises = [load_exercise(path) for path in files]
    with_cues = [e for e in exercises if e.section("cues")]  # a wall card needs its cues
    for exercise in (with_cues if options.get("profile") else exercises)[::60]:
        ours, theirs = _both(monkeypatch, lambda e=exercise: renderer.card(e))
        assert ours == theirs, exercise.slug
        assert renderer.card(exercise) != _reportlabs(monkeypatch, renderer, exercise)
        if not options:
            ours, theirs = _both(monkeypatch, lambda e=exercise: renderer.handout(e))
            assert ours == theirs, exercise.slug


def test_a_packet_is_the_same_objects_either_way(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    program = DATA / "programs" / "two-days.yaml"

    made: list[bytes] = []

    def packet() -> bytes:
        api_setup.cache.clear()  # made afresh, not taken from an earlier test's packet
        out = tmp_path / "packet.pdf"
        assert run("packet", program, "--content", ROOT / "content", "-o", out).exit_code == 0
        made.append(out.read_bytes())
        return made[-1]

    ours, theirs = _both(monkeypatch, packet)
    assert ours == theirs
    assert made[0] != made[1]  # each writer wrote it: the streams are compressed differently


VALUES: list[Any] = [
    0,
    -3,
    2.5,
    1e-7,
    123456789.125,
    True,
    None,
    "plain",
    "Üni/code (text)",
    b"raw bytes",
    PDFName("A Name#with(odd)chars"),
    PDFString("a (string)"),
    PDFArray([]),
    PDFArray([1, 2.25, -0.5]),
    PDFArray(list(range(37))),  # breaks every ten items
    PDFArray([1, "/Name", PDFArray([0.1, 2])]),
    PDFArrayCompact([1.5, 2, 3]),
    PDFArray([True, 1]),  # a bool is not a number to reportlab
    PDFDictionary({}),
    PDFDictionary({"B": 1, "A": PDFName("X"), "C": PDFArray([1, 2])}),
    PDFDictionary({f"K{i}": i for i in range(14)}),  # breaks every six entries
    PDFDictionary(OrderedDict([("Z", 1), ("A", 2)])),  # kept in its own order
    PDFDictionary({"Inner": PDFDictionary({"Deep": PDFArray([PDFDictionary({"X": 1.5})])})}),
]


@pytest.mark.parametrize("element", VALUES, ids=[repr(v)[:30] for v in VALUES])
def test_values_are_formatted_as_reportlab_formats_them(element: Any) -> None:
    document = PDFDocument(invariant=1)
    assert pdfvalues.value(element, document) == format(element, document)
    assert pdfvalues.value(element, document, toplevel=True) == format(element, document, 1)


def test_a_multiline_dictionary_keeps_reportlabs_layout() -> None:
    document = PDFDocument(invariant=1)
    forced: Any = PDFDictionary({"A": 1, "B": PDFArray([1, 2])})
    forced.multiline = "forced"
    assert pdfvalues.value(forced, document) == format(forced, document)
    assert b"\n " in pdfvalues.value(forced, document)


def test_a_real_font_dictionary_is_formatted_as_reportlab_formats_it() -> None:
    from reportlab.pdfgen.canvas import Canvas

    renderer = Renderer()
    canvas = Canvas(io.BytesIO(), invariant=1)
    canvas.setFont(renderer.fonts.regular, 12)
    canvas.drawString(10, 10, "Keep the chest up, 90° at the knee")
    canvas.showPage()
    document: Any = canvas._doc  # type: ignore[attr-defined]  # reportlab's, unstubbed
    canvas.save()
    fonts = [o for o in document.idToObject.values() if type(o).__name__ == "PDFTrueTypeFont"]
    assert fonts
    for font in fonts:
        ours = pdfvalues.value(font, document, toplevel=True)
        assert ours == format(font, document, 1)
        assert b"/Widths" in ours


def test_a_font_subset_is_made_once_and_is_reportlabs_subset() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    renderer = Renderer()
    files, _ = exercise_files([ROOT / "content"])
    exercise = load_exercise(files[0])
    first = renderer.card(exercise)
    font: Any = pdfmetrics.getFont(renderer.fonts.regular)
    kept = dict(font._subsets)
    assert kept  # the card's subsets were kept
    assert renderer.card(exercise) == first  # made again from what was kept, the same bytes
    assert font._subsets == kept
    plain: Any = TTFont("plain-check", font.face.filename)
    checked = 0
    for codes, made in kept.items():
        if all(code < 0xF0000 for code in codes):  # not a shaped glyph's private code
            assert plain.face.makeSubset(list(codes)) == made
            checked += 1
    assert checked


def test_a_large_stream_is_compressed_once_as_zlib_compresses_it() -> None:
    import zlib

    data = bytes(range(256)) * 64
    once = pdfvalues.flate(data)
    assert once == zlib.compress(data, pdfvalues.LEVEL)
    assert pdfvalues.flate(bytes(data)) is once  # kept by content
    assert pdfvalues.flate(b"short") == zlib.compress(b"short", pdfvalues.LEVEL)
