"""Drawings and photos from strangers: a safe SVG subset, PNG and JPEG only, bounded work.

Each case is a file a coach might be sent, and the exact answer coachcards gives for it.
"""

from __future__ import annotations

import gzip
import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import run, write_exercise

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}"{box}>{body}</svg>'


def svg(body: str = '<path d="M0 0h5v5z"/>', w: str = "10", h: str = "10", box: str = "") -> bytes:
    viewbox = f' viewBox="{box}"' if box else ""
    return SVG.format(w=w, h=h, box=viewbox, body=body).encode()


def _exercise(tmp_path: Path, name: str, data: bytes, slug: str = "x") -> Path:
    (tmp_path / "images").mkdir(exist_ok=True)
    (tmp_path / "images" / name).write_bytes(data)
    return write_exercise(
        tmp_path,
        slug,
        f"---\nname: {slug.upper()}\nimages: [images/{name}]\n---\n\n## Instructions\n\n- Go.\n",
    )


def _card(tmp_path: Path, name: str, data: bytes) -> tuple[Any, Path]:
    _exercise(tmp_path, name, data)
    out = tmp_path / "card.pdf"
    result = run("card", "x", "--content", tmp_path, "-o", out)
    return result, (tmp_path / "images" / name).resolve()


OUTSIDE = "SVG drawings may not refer to other files or addresses"
UTF16_USE = (
    '<?xml version="1.0" encoding="UTF-16"?>'
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="10" height="10">\n<use xlink:href="other.svg#x"/></svg>'
).encode("utf-16")
DEEP_USES = (
    '<g id="a0"><path d="M0 0h1v1z"/></g>'
    + "".join(f'<g id="a{i}">' + f'<use href="#a{i - 1}"/>' * 10 + "</g>" for i in range(1, 8))
    + '<use href="#a7"/>'
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (UTF16_USE, f"2: {OUTSIDE}"),
        (svg('\n<use href="other.svg#x"/>'), f"2: {OUTSIDE}"),
        (svg('<use href="file:///etc/passwd"/>'), f"1: {OUTSIDE}"),
        (svg('<rect width="3" height="3" fill="url(other.svg#g)"/>'), f"1: {OUTSIDE}"),
        (svg("<style>@import url(/etc/x.css);</style>"), f"1: {OUTSIDE}"),
        (svg('<image href="../outside.png" width="5" height="5"/>'), f"1: {OUTSIDE}"),
        (svg('<image href="../missing.png" width="5" height="5"/>'), f"1: {OUTSIDE}"),
        (svg('<image href="data:image/png;base64,iVBORw0KGgo="/>'), f"1: {OUTSIDE}"),
        (svg('<image href="#x"/>'), "1: SVG drawings may not contain images"),
        (svg("<foreignObject><p>hi</p></foreignObject>"), "1: SVG drawings may not contain "),
        (gzip.compress(svg()), " compressed SVG (svgz) is not accepted"),
        (svg('<path d="M0 0L1e300 5z"/>'), "1: SVG number 1e300 in 'd' is out of range"),
        (svg(box="0 0 1e400 10"), "1: SVG number 1e400 in 'viewBox' is out of range"),
        (svg(w="", h="", body=""), "1: SVG drawing needs a viewBox, or a width and height"),
        (svg(DEEP_USES), " SVG <use> elements expand to over 8,000 elements"),
        (svg('<g id="a"><use href="#a"/></g>'), "1: SVG <use> elements refer to each other"),
        (svg("<g>" * 60 + "</g>" * 60), "1: SVG elements nested over 40 deep"),
        (svg("<rect width='1' height='1'/>" * 4001), " SVG drawing has over 4,000 elements"),
        (svg("<path d='M0 0'/>" + " " * 2_100_000), " SVG drawing is over 2 MiB"),
        (
            b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + svg("<text>&x;</text>"),
            "1: SVG drawings may not declare a DOCTYPE or entities",
        ),
        (svg("<text>&x;</text>"), "1: SVG drawings may not declare a DOCTYPE or entities"),
        (b"<html><body/></html>", "1: not an SVG drawing"),
        (svg('<g transform="scale(0)"><rect width="1" height="1"/></g>'), " cannot read this SVG"),
    ],
    ids=[
        "utf16-use",
        "use-file",
        "use-url",
        "fill-url",
        "style-import",
        "image-existing",
        "image-missing",
        "image-data",
        "image-local",
        "foreign-object",
        "gzip",
        "1e300",
        "1e400-viewbox",
        "no-size",
        "use-bomb",
        "use-cycle",
        "deep",
        "many-elements",
        "over-2-MiB",
        "xxe",
        "undefined-entity",
        "not-svg",
        "scale-0",
    ],
)
def test_drawings_outside_the_safe_subset_are_refused(
    tmp_path: Path, data: bytes, message: str
) -> None:
    (tmp_path / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result, path = _card(tmp_path, "d.svg", data)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:{message}") or result.stderr.startswith(
        f"{path}:{message.lstrip(' ')}"
    ), result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "card.pdf").exists()


@pytest.mark.parametrize(
    ("w", "h", "box"),
    [("10", "10", ""), ("", "", "0 0 10 10"), ("40px", "30px", ""), ("10", "10", "0 0 20 20")],
    ids=["no-viewbox", "no-width-height", "px", "scaled"],
)
def test_drawings_with_only_a_size_or_only_a_viewbox_render(
    tmp_path: Path, w: str, h: str, box: str
) -> None:
    body = '<rect x="1" y="1" width="5" height="5" fill="#9e9999" stroke="red"/>'
    data = svg(body, w, h, box).replace(b'width="" height=""', b"")
    result, _ = _card(tmp_path, "d.svg", data)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "card.pdf").is_file()


def test_a_bad_drawing_is_reported_and_the_rest_of_the_build_goes_on(tmp_path: Path) -> None:
    _exercise(tmp_path, "bad.svg", svg(w="", h="", body="").replace(b'width="" height=""', b""))
    _exercise(tmp_path, "good.svg", svg(), slug="good")
    out = tmp_path / "out"
    result = run("build", "--content", tmp_path, "--out", out, "--jobs", "1")
    assert result.exit_code == 1
    bad = (tmp_path / "images" / "bad.svg").resolve()
    assert f"{bad}:1: SVG drawing needs a viewBox, or a width and height" in result.stderr
    assert (out / "cards" / "good.pdf").is_file() and (out / "handouts" / "good.pdf").is_file()
    assert not (out / "cards" / "x.pdf").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Hold 中", "drawing text: characters the font cannot draw: '中' (U+4E2D"),
        ("Bell\u0085", "drawing text: control character U+0085 is not allowed in text"),
    ],
)
def test_text_in_a_drawing_is_checked_like_any_other_text(
    tmp_path: Path, text: str, message: str
) -> None:
    body = f'\n<text x="1" y="8" font-size="4">{text}</text>'
    result, path = _card(tmp_path, "d.svg", svg(body))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:2: {message}"), result.stderr


def test_drawing_text_is_drawn_in_the_theme_font_without_running_any_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a program was started: {args}")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    body = '<text x="1" y="8" font-family="Comic Sans MS" font-size="4">Grip</text>'
    result, _ = _card(tmp_path, "d.svg", svg(body, "60", "10"))
    assert result.exit_code == 0, result.output
    import pdfplumber

    with pdfplumber.open(tmp_path / "card.pdf") as pdf:
        fonts = {c["fontname"] for c in pdf.pages[0].chars if c["text"] in "Grip"}
    assert fonts and all("FiraSans" in f for f in fonts), fonts


def _png(width: int = 60, height: int = 40) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n(/etc/passwd) run showpage\n"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("eps.png", EPS, "cannot read this image: its bytes are not a PNG or JPEG image"),
        (
            "gif.png",
            b"GIF89a" + bytes(30),
            "cannot read this image: its bytes are not a PNG or JPEG image",
        ),
        ("cut.png", _png()[:60], "cannot read this image: the file is cut short (truncated)"),
        ("cut.jpg", _jpeg()[:300], "cannot read this image: the file is cut short (truncated)"),
    ],
)
def test_only_whole_png_and_jpeg_files_are_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, data: bytes, message: str
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a program was started: {args}")

    monkeypatch.setattr(subprocess, "Popen", refuse)  # Ghostscript, for one
    result, path = _card(tmp_path, name, data)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{path}: {message}"


def test_an_image_is_known_by_its_bytes_not_its_name(tmp_path: Path) -> None:
    result, _ = _card(tmp_path, "photo.svg", _png())
    assert result.exit_code == 0, result.output
    import pdfplumber

    with pdfplumber.open(tmp_path / "card.pdf") as pdf:
        assert [i["srcsize"] for i in pdf.pages[0].images] == [(60, 40)]


def test_the_image_cache_is_bounded_by_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.layout import drawings

    monkeypatch.setattr(drawings, "CACHE_BYTES", 100_000)
    monkeypatch.setattr(drawings, "_cache", type(drawings._cache)())
    monkeypatch.setattr(drawings, "_cached_bytes", 0)
    for number in range(6):
        path = tmp_path / f"{number}.png"
        path.write_bytes(_png(100 + number, 100))  # about 30 KB each once decoded
        drawings.load(path)
        assert drawings._cached_bytes <= 100_000
    assert 1 < len(drawings._cache) < 6
    assert drawings._cached_bytes == sum(item.cost for item in drawings._cache.values())


def test_validate_refuses_the_drawings_build_would_refuse(tmp_path: Path) -> None:
    path = _exercise(tmp_path, "d.svg", svg('<use href="other.svg#x"/>'))
    result = run("validate", path)
    assert result.exit_code == 1
    drawing = (tmp_path / "images" / "d.svg").resolve()
    assert result.stderr.strip() == f"{drawing}:1: {OUTSIDE}"
