"""The SVG fast path draws what svglib draws, and declines anything outside its subset."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pypdfium2
import pytest
from conftest import ROOT
from reportlab.graphics import renderPDF
from reportlab.pdfgen.canvas import Canvas
from svglib.svglib import svg2rlg

from generator.layout import svgfast

DRAWINGS = sorted((ROOT / "content" / "images" / "everkinetic").glob("*.svg"))
WITH_ARCS = [p for p in DRAWINGS if "a" in p.read_text().split('d="', 2)[-1][:4000].lower()]
SAMPLE = DRAWINGS[::45] + WITH_ARCS[:4]


def _pixels(draw: Callable[[Canvas], object], width: float, height: float) -> list[int]:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height))
    draw(canvas)
    canvas.showPage()
    canvas.save()
    page = pypdfium2.PdfDocument(buffer.getvalue())[0]
    image = page.render(scale=1.0, grayscale=True).to_pil().convert("L")
    return list(image.tobytes())


@pytest.mark.parametrize("path", SAMPLE, ids=[p.name for p in SAMPLE])
def test_fast_path_matches_svglib(path: Path) -> None:
    fast = svgfast.operators(path)
    assert fast is not None, "the library's drawings are inside the fast path's subset"
    operators, width, height = fast
    drawing = svg2rlg(str(path))
    assert drawing is not None
    assert (width, height) == pytest.approx((drawing.width, drawing.height))

    ours = _pixels(lambda c: c._code.append(operators), width, height)  # type: ignore[attr-defined]  # private
    theirs = _pixels(lambda c: renderPDF.draw(drawing, c, 0, 0), width, height)
    differing = sum(1 for a, b in zip(ours, theirs, strict=True) if abs(a - b) > 64)
    assert differing / len(ours) < 0.002, f"{differing} of {len(ours)} pixels differ"
    assert sum(ours) < 250 * len(ours), "something was drawn"


@pytest.mark.parametrize(
    "svg",
    [
        '<svg width="10" height="10" viewBox="0 0 10 10"><circle r="3"/></svg>',
        '<svg width="10" height="10" viewBox="0 0 10 10"><g transform="scale(2)">'
        '<path d="M0 0h1"/></g></svg>',
        '<svg width="10" height="10" viewBox="0 0 10 10"><g><path d="M0 0Q1 1 2 2"/></g></svg>',
        '<svg width="10" height="10" viewBox="0 0 20 20"><g><path d="M0 0h1"/></g></svg>',
        '<svg width="10" height="10" viewBox="0 0 10 10"><g fill="url(#x)"><path d="M0 0h1"/>'
        "</g></svg>",
        "not xml at all",
    ],
)
def test_anything_outside_the_subset_is_left_to_svglib(tmp_path: Path, svg: str) -> None:
    path = tmp_path / "x.svg"
    path.write_text(svg, encoding="utf-8")
    assert svgfast.operators(path) is None
