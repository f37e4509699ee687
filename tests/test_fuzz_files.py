"""Fuzzing what attackers send: whole files, not only text fields.

Hypothesis builds SVG documents (hostile elements, references, numbers, nesting, encodings,
compression), YAML documents of any shape, exercise files in other encodings, image headers,
templates and CSVs. For each, coachcards must give a result or a CoachcardsError naming the
file, within a time bound: never another exception, a hang or a memory blow-up.

`make test` runs a fixed, reproducible sample (COACHCARDS_FUZZ_EXAMPLES, default 60, scaled per
kind); `make fuzz` runs thousands of fresh random examples.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import struct
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.errors import CoachcardsError
from generator.limits import TimeLimitExceeded, time_limit

EXAMPLES = int(os.environ.get("COACHCARDS_FUZZ_EXAMPLES", "60"))
RANDOM = os.environ.get("COACHCARDS_FUZZ_RANDOM") == "1"
SECONDS = 20.0  # no single file may take longer than this, whatever it holds


def _settings(share: float) -> settings:
    return settings(
        max_examples=max(5, int(EXAMPLES * share)),
        deadline=None,
        derandomize=not RANDOM,
        suppress_health_check=list(HealthCheck),
    )


def _answers(work: Callable[[], Any], path: Path | None = None) -> Any:
    """Run ``work``: a value, or a CoachcardsError whose problems name a file; nothing else."""
    try:
        with time_limit(SECONDS):
            value = work()
            event("accepted")
            return value
    except CoachcardsError as error:
        first = error.problems[0].message
        event("refused: " + re.sub(r"'[^']*'|\d[\d,.]*|/\S+", "_", first)[:60])
        for problem in error.problems:
            assert problem.message and problem.path
            assert "Traceback" not in problem.message
            if path is not None:
                assert problem.path in (str(path), str(path.resolve())) or problem.line is None
        return None
    except TimeLimitExceeded:
        pytest.fail(f"still running after {SECONDS:g} s")


# ---------------------------------------------------------------- SVG documents

TAGS = [
    "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "use", "defs",
    "symbol", "text", "tspan", "linearGradient", "stop", "clipPath", "style", "title",
    "image", "foreignObject", "script", "a", "filter", "svg", "metadata",
]  # fmt: skip
NUMBERS = st.one_of(
    st.integers(-1000, 1000).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["1e300", "-1e308", "1e-300", "nan", "inf", "1" * 400, "0", "-0", ".5e2"]),
)
REFERENCES = st.sampled_from(
    ["#a", "#b", "#missing", "other.svg#x", "../secret.png", "/etc/passwd", "file:///etc/hosts",
     "https://example.com/x.png", "data:image/png;base64,iVBORw0KGgo=", "#a#b", " #a", ""]
)  # fmt: skip
ATTRIBUTES = st.one_of(
    st.tuples(st.sampled_from(["x", "y", "width", "height", "r", "rx", "cx", "stroke-width",
                               "font-size", "offset"]), NUMBERS),
    st.tuples(st.just("d"), st.lists(st.one_of(st.sampled_from(list("MmLlHhVvCcAaZzQqSsTt")),
                                               NUMBERS), max_size=30).map(" ".join)),
    st.tuples(st.just("points"), st.lists(NUMBERS, max_size=12).map(",".join)),
    st.tuples(st.just("transform"), NUMBERS.map(lambda n: f"scale({n}) rotate({n})")),
    st.tuples(st.sampled_from(["href", "xlink:href"]), REFERENCES),
    st.tuples(st.sampled_from(["fill", "stroke", "clip-path"]),
              st.one_of(REFERENCES.map(lambda r: f"url({r})"),
                        st.sampled_from(["#9e9999", "red", "none", "#fff"]))),
    st.tuples(st.just("id"), st.sampled_from(["a", "b", "c"])),
    st.tuples(st.just("style"), st.sampled_from(
        ["fill:red", "fill:url(other.svg#g)", "font-family:Comic Sans", "@import url(x.css)"])),
)  # fmt: skip
TEXT = st.one_of(st.text(max_size=20), st.sampled_from(["&x;", "&amp;", "中", "\x85", "]]>"]))


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def build(tag: str, attributes: list[tuple[str, str]], inner: list[str], text: str) -> str:
        written = "".join(f' {k}="{_quote(v)}"' for k, v in dict(attributes).items())
        body = _escape(text) + "".join(inner)
        return f"<{tag}{written}>{body}</{tag}>"

    return st.builds(
        build, st.sampled_from(TAGS), st.lists(ATTRIBUTES, max_size=5),
        st.lists(children, max_size=4), TEXT,
    )  # fmt: skip


def _quote(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _escape(value: str) -> str:
    if value in ("&x;", "&amp;"):
        return value  # an entity reference, defined or not
    return value.replace("&", "&amp;").replace("<", "&lt;")


ELEMENTS = st.recursive(
    st.builds(lambda a: f'<path d="M0 0h{a}v{a}z"/>', st.integers(1, 9)), _element, max_leaves=40
)
SIZES = st.sampled_from(
    ['width="10" height="10"', 'viewBox="0 0 10 10"', 'width="10pt" height="5mm" viewBox="0 0 4 2"',
     "", 'width="0" height="0"', 'viewBox="0 0 1e400 1"', 'width="100%" height="100%"',
     'viewBox="0,0,-5,5"']
)  # fmt: skip
ENCODINGS = st.sampled_from(["utf-8", "utf-16", "utf-16-le", "latin-1", "gzip", "doctype"])
REPEATS = st.sampled_from([1, 1, 1, 50, 3000])  # many <use> or many elements


@st.composite
def svg_files(draw: st.DrawFn) -> bytes:
    body = "".join(draw(st.lists(ELEMENTS, max_size=4)))
    body *= draw(REPEATS) if len(body) < 2000 else 1
    namespaces = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
    document = f"<svg {namespaces} {draw(SIZES)}>{body}</svg>"
    encoding = draw(ENCODINGS)
    if encoding == "gzip":
        return gzip.compress(document.encode())
    if encoding == "doctype":
        return b'<!DOCTYPE svg [<!ENTITY x "' + b"a" * 100 + b'">]>' + document.encode()
    declared = {"utf-16": "UTF-16", "utf-16-le": "UTF-16", "latin-1": "ISO-8859-1"}.get(
        encoding, encoding
    )
    data = f'<?xml version="1.0" encoding="{declared}"?>{document}'
    return data.encode(encoding, errors="replace")


@_settings(0.5)
@given(svg_files())
def test_any_svg_file_is_drawn_or_refused_with_its_name(data: bytes) -> None:
    from reportlab.pdfgen.canvas import Canvas

    from generator.layout import drawings
    from generator.layout.images import ImageRow

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "d.svg"
        path.write_bytes(data)
        loaded = _answers(lambda: drawings.load(path), path)
        if loaded is None:
            return
        assert 0 < loaded.width < 1e7 and 0 < loaded.height < 1e7

        def draw() -> None:
            canvas = Canvas(io.BytesIO())
            row = ImageRow([path], 100, 4)
            row.wrap(300, 300)
            row.drawOn(canvas, 0, 0)
            canvas.save()

        _answers(draw, path)


# ---------------------------------------------------------------- raster headers


def _png(width: int, height: int, tail: bytes) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    data = zlib.compress(b"\x00" * (1 + 3 * min(width, 64)) * min(height, 64))
    idat = b"IDAT" + data
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
        + struct.pack(">I", len(data)) + idat + struct.pack(">I", zlib.crc32(idat))
        + tail
    )  # fmt: skip


@st.composite
def raster_files(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["png", "jpeg", "eps", "gif", "bmp", "tiff", "random"]))
    if kind == "png":
        size = st.one_of(st.integers(0, 80), st.integers(0, 2**31 - 1))
        data = _png(draw(size), draw(size), draw(st.sampled_from([b"", b"\0\0\0\0IEND\xaeB`\x82"])))
    elif kind == "jpeg":
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (draw(st.integers(1, 40)), draw(st.integers(1, 40)))).save(buffer, "JPEG")
        data = buffer.getvalue()
    else:
        data = {
            "eps": b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 9 9\nshowpage\n",
            "gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
            "bmp": b"BM" + bytes(60),
            "tiff": b"II*\x00" + bytes(60),
            "random": draw(st.binary(max_size=200)),
        }[kind]
    cut = draw(st.integers(0, len(data)))
    if draw(st.booleans()):
        data = data[:cut]  # truncated
    elif data and draw(st.booleans()):
        data = data[:cut] + bytes([draw(st.integers(0, 255))]) + data[cut + 1 :]  # one byte off
    name = draw(st.sampled_from(["p.png", "p.jpg", "p.jpeg", "p.svg"]))
    return name, data


@_settings(1.0)
@given(raster_files())
def test_any_image_file_is_read_or_refused_with_its_name(case: tuple[str, bytes]) -> None:
    from generator.layout import drawings

    name, data = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        loaded = _answers(lambda: drawings.load(path), path)
        if loaded is not None:
            assert loaded.width * loaded.height <= drawings.MAX_PIXELS


# ---------------------------------------------------------------- YAML documents

SCALARS = st.one_of(
    st.sampled_from(
        ["1.10", "1.0e999", ".nan", "-.inf", "0x1F", "010", "1:30", "NO", "yes", "~", "null",
         "2026-12-07", "9999-12-31", "0001-01-01", "'quoted'", "\"a\\x85b\"", "!!python/name:os",
         "&anchor x", "*alias", "1" * 4400, "+10", "1_000", "@", "`", "|", "- x"]
    ),
    st.text(max_size=12).map(repr),
    st.integers().map(str),
)  # fmt: skip
KEYS = st.sampled_from(
    ["title", "client", "coach", "start", "weeks", "units", "days", "name", "exercises",
     "exercise", "sets", "reps", "load", "rest", "tempo", "notes", "language", "include", "gym",
     "week", "zzz", "<<"]
)  # fmt: skip


def _yaml_value(depth: int) -> st.SearchStrategy[str]:
    if depth <= 0:
        return SCALARS
    inner = _yaml_value(depth - 1)
    return st.one_of(
        SCALARS,
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(KEYS, inner), max_size=4).map(
            lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
        ),
    )


@st.composite
def yaml_documents(draw: st.DrawFn) -> str:
    lines = [f"{key}: {draw(_yaml_value(3))}" for key in draw(st.lists(KEYS, max_size=10))]
    if draw(st.booleans()):  # a well-formed base that mostly loads, with one twist
        entry = f"{{exercise: pull-ups, sets: 3, reps: {draw(SCALARS)}, load: {draw(SCALARS)}}}"
        lines = [
            "title: T", "client: C", "start: 2026-12-07",
            "days:", "  - name: A", "    exercises:", f"      - {entry}",
            *lines[:2],
        ]  # fmt: skip
    if draw(st.integers(0, 9)) == 0:
        lines.append("deep: " + "[" * draw(st.integers(30, 400)) + "]" * 400)
    return "\n".join(lines) + "\n"


@_settings(1.0)
@given(yaml_documents())
def test_any_program_yaml_loads_or_is_refused_with_lines(text: str) -> None:
    from generator.program.loader import load_program

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "program.yaml"
        path.write_text(text, encoding="utf-8")
        _answers(lambda: load_program(path, ["pull-ups", "barbell-squat"]), path)


@_settings(1.0)
@given(yaml_documents(), st.sampled_from(["utf-8", "utf-16", "latin-1", "utf-8-sig", "cp1252"]))
def test_any_front_matter_in_any_encoding_loads_or_is_refused(text: str, encoding: str) -> None:
    from generator.content.loader import load_exercise

    body = "---\nname: X\n" + text + "---\n\n## Instructions\n\n- Go.\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "exercises" / "x.md"
        path.parent.mkdir()
        path.write_bytes(body.encode(encoding, errors="replace"))
        _answers(lambda: load_exercise(path), path)


@_settings(0.5)
@given(yaml_documents())
def test_any_theme_yaml_loads_or_is_refused_with_lines(text: str) -> None:
    from generator.layout import theme

    twist = text.replace("title:", "card:").replace("days:", "pages:")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "theme.yaml"
        path.write_text("extends: default\n" + twist, encoding="utf-8")
        _answers(lambda: theme._build(path.resolve()), path)


# ---------------------------------------------------------------- templates

EXPRESSIONS = st.sampled_from(
    ["10 ** (10 ** 10)", "2 ** 64", "'a' * 4000000000", "'ab' * 3", "[1] * 10 ** 9",
     "'{a}'.format()", "'{:>999999999}'.format(1)", "'%999999999d' % 1", "'x'|center(10 ** 9)",
     "'x'.ljust(10 ** 9)", "range(10 ** 9)|list", "(('x' * 1000).replace('x', 'y' * 100000))",
     "exercise.name", "labels.targets", "nothing_here", "1 / 0", "[][5]", "{}['k']",
     "''.__class__", "'x'|indent(10 ** 8)", "'a' + 'b'", "loop", "card.max_cues * 2"]
)  # fmt: skip
STATEMENTS = st.sampled_from(
    ["{% for i in range(10 ** 5) %}x{% endfor %}", "{% set n = namespace(x=2) %}"
     "{% for i in range(40) %}{% set n.x = n.x * n.x %}{% endfor %}{{ n.x }}",
     "{% include 'card.md.j2' %}", "{% extends '../../etc/passwd' %}", "{% raw %}{{{% endraw %}",
     "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "# Title", "::: band", "- item", "**x"]
)  # fmt: skip


@st.composite
def templates(draw: st.DrawFn) -> bytes:
    parts = draw(
        st.lists(st.one_of(EXPRESSIONS.map(lambda e: "{{ " + e + " }}"), STATEMENTS), max_size=4)
    )
    text = "# {{ exercise.name }}\n" + "\n".join(parts) + "\n"
    if draw(st.integers(0, 9)) == 0:
        return text.encode("utf-16")
    return text.encode()


@_settings(0.5)
@given(templates())
def test_any_template_renders_or_is_a_clear_error(data: bytes) -> None:
    from generator.content.loader import load_exercise
    from generator.pipeline import Options, Renderer

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "templates").mkdir()
        (root / "templates" / "card.md.j2").write_bytes(data)
        exercise = root / "content" / "exercises" / "go.md"
        exercise.parent.mkdir(parents=True)
        exercise.write_text("---\nname: Go\n---\n\n## Instructions\n\n- Go.\n", encoding="utf-8")
        renderer = _answers(lambda: Renderer(Options(templates_dir=root / "templates")))
        if renderer is None:
            return
        loaded = load_exercise(exercise)
        _answers(lambda: renderer.card(loaded))


# ---------------------------------------------------------------- client CSVs

CELLS = st.one_of(
    st.text(max_size=15),
    st.sampled_from(['"', '""', '"a,b"', "x" * 140_000, "\x00", "\r", "=cmd|' /C calc'!A0"]),
)


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    header = draw(
        st.lists(st.sampled_from(["client", "pull-ups.load", "x.notes", "", "client", "z"]),
                 min_size=1, max_size=4)
    )  # fmt: skip
    rows = draw(st.lists(st.lists(CELLS, max_size=5), max_size=6))
    text = "\n".join(",".join(row) for row in [header, *rows])
    return text.encode(draw(st.sampled_from(["utf-8", "utf-16"])), errors="replace")


@_settings(1.0)
@given(csv_files())
def test_any_client_csv_is_read_or_refused_with_lines(data: bytes) -> None:
    from generator.program.clients import read_clients

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "clients.csv"
        path.write_bytes(data)
        result = _answers(lambda: read_clients(path, ["pull-ups"]), path)
        if result is not None:
            _, problems = result
            assert all(p.path == str(path) and p.message for p in problems)
