"""A fast path for the simple SVGs line drawings are made of; svglib handles everything else.

svglib builds a full reportlab Drawing (about 15 ms a file here); drawings like the
Everkinetic set are only filled paths inside filled groups. For exactly that subset this module
writes the PDF path operators directly (about 1 ms). Anything outside it (another element,
attribute, unit or path command) returns None and the caller uses svglib, so the fast path can
only ever be skipped, never be wrong. Tests compare both renderings pixel by pixel.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from reportlab.lib.rl_accel import fp_str

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_SIZE = re.compile(r"^\s*([0-9.]+)\s*(pt|px)?\s*$")
_COLOR = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_ARGS = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "a": 7}
_SEGMENT = re.compile(r"([MmLlHhVvCcAaZz])([^MmLlHhVvCcAaZz]*)")
_ALLOWED = re.compile(r"^[MmLlHhVvCcAaZz0-9eE.,+\-\s]*$")


class Unsupported(Exception):
    pass


def operators(path: Path) -> tuple[str, float, float] | None:
    """(PDF operators drawing the SVG in a width x height box, width, height), or None.

    The file is read through the safe subset first (svgsafe); a refused file gives None here,
    and the caller that loads drawings reports why.
    """
    from generator.errors import CoachcardsError
    from generator.layout import svgsafe

    try:
        safe = svgsafe.parse(path, path.read_bytes())
    except CoachcardsError:
        return None
    return from_tree(safe.root)


def from_tree(root: Any) -> tuple[str, float, float] | None:
    """The operators for an already parsed and checked tree (svgsafe), or None."""
    try:
        return _convert(root)
    except (Unsupported, ValueError, IndexError, KeyError):
        return None


def _local(tag: Any) -> str:
    if not isinstance(tag, str):
        raise Unsupported  # a comment or processing instruction
    return tag.rsplit("}", 1)[-1]


def _convert(root: Any) -> tuple[str, float, float]:
    if _local(root.tag) != "svg" or set(root.attrib) - {"width", "height", "viewBox"}:
        raise Unsupported
    box = [float(v) for v in root.attrib["viewBox"].replace(",", " ").split()]
    width, height = (_length(root.attrib[k]) for k in ("width", "height"))
    if len(box) != 4 or box[:2] != [0.0, 0.0]:
        raise Unsupported
    if abs(box[2] - width) > 1e-6 or abs(box[3] - height) > 1e-6:
        raise Unsupported  # a viewBox that scales the drawing: leave it to svglib
    out = [f"q 1 0 0 -1 0 {fp_str(height)} cm"]
    for group in root:
        shapes = (
            [(group, {})] if _local(group.tag) == "path" else [(s, group.attrib) for s in group]
        )
        if _local(group.tag) not in ("g", "path") or (group.text and group.text.strip()):
            raise Unsupported
        if _local(group.tag) == "g" and set(group.attrib) - {"fill"}:
            raise Unsupported
        for shape, inherited in shapes:
            if _local(shape.tag) != "path" or set(shape.attrib) - {"d", "fill"} or len(shape):
                raise Unsupported
            fill = shape.attrib.get("fill", inherited.get("fill", "#000"))
            out.append(_color(fill))
            out.append(_path(shape.attrib["d"]))
            out.append("f")
    out.append("Q")
    return "\n".join(out), width, height


def _length(value: str) -> float:
    """A length in points: unitless and px lengths are CSS pixels, 0.75 pt each."""
    match = _SIZE.match(value)
    if not match:
        raise Unsupported
    return float(match.group(1)) * (1.0 if match.group(2) == "pt" else 0.75)


def _color(value: str) -> str:
    match = _COLOR.match(value.strip())
    if not match:
        raise Unsupported
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    r, g, b = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return f"{fp_str(r, g, b)} rg"


_SEGMENT = re.compile(r"([MmLlHhVvCcAaZz])([^MmLlHhVvCcAaZz]*)")
_ALLOWED = re.compile(r"^[MmLlHhVvCcAaZz0-9eE.,+\-\s]*$")


def _arc_numbers(args: str) -> list[float]:
    """Arc parameters; the two flags may be written run together ("a1 1 0 01-1 1")."""
    numbers: list[float] = []
    position = 0
    while position < len(args):
        if args[position] in " \t\r\n,":
            position += 1
            continue
        if len(numbers) % 7 in (3, 4) and args[position] in "01":
            numbers.append(float(args[position]))
            position += 1
            continue
        match = _NUMBER.match(args, position)
        if not match:
            raise Unsupported
        numbers.append(float(match.group(0)))
        position = match.end()
    return numbers


def _path(d: str) -> str:
    if not _ALLOWED.match(d):
        raise Unsupported  # S, Q, T or anything else: let svglib do it
    out: list[str] = []
    x = y = start_x = start_y = 0.0
    for command, args in _SEGMENT.findall(d):
        kind, relative = command.lower(), command.islower()
        if kind == "z":
            if args.strip():
                raise Unsupported
            out.append("h")
            x, y = start_x, start_y
            continue
        values = _arc_numbers(args) if kind == "a" else [float(n) for n in _NUMBER.findall(args)]
        count = _ARGS[kind]
        if not values or len(values) % count:
            raise Unsupported
        for i in range(0, len(values), count):
            v = values[i : i + count]
            if kind == "m" and i == 0:
                x, y = (x + v[0], y + v[1]) if relative else (v[0], v[1])
                start_x, start_y = x, y
                out.append(f"{fp_str(x, y)} m")
            elif kind in "ml":  # pairs after a move are line-tos
                x, y = (x + v[0], y + v[1]) if relative else (v[0], v[1])
                out.append(f"{fp_str(x, y)} l")
            elif kind == "h":
                x = x + v[0] if relative else v[0]
                out.append(f"{fp_str(x, y)} l")
            elif kind == "v":
                y = y + v[0] if relative else v[0]
                out.append(f"{fp_str(x, y)} l")
            elif kind == "c":
                if relative:
                    v = [v[0] + x, v[1] + y, v[2] + x, v[3] + y, v[4] + x, v[5] + y]
                out.append(f"{fp_str(*v)} c")
                x, y = v[4], v[5]
            else:  # arc
                end_x, end_y = (x + v[5], y + v[6]) if relative else (v[5], v[6])
                for curve in _arc(x, y, v[0], v[1], v[2], v[3], v[4], end_x, end_y):
                    out.append(f"{fp_str(*curve)} c")
                x, y = end_x, end_y
    return "\n".join(out)


def _arc(
    x1: float,
    y1: float,
    rx: float,
    ry: float,
    angle: float,
    large: float,
    sweep: float,
    x2: float,
    y2: float,
) -> list[tuple[float, ...]]:
    """An SVG elliptical arc as cubic Béziers (the SVG spec's endpoint-to-centre conversion)."""
    if (x1, y1) == (x2, y2):
        return []
    rx, ry = abs(rx), abs(ry)
    if rx == 0 or ry == 0:
        return [(x1, y1, x2, y2, x2, y2)]
    phi = math.radians(angle % 360)
    cos_phi, sin_phi = math.cos(phi), math.sin(phi)
    dx, dy = (x1 - x2) / 2, (y1 - y2) / 2
    x1p = cos_phi * dx + sin_phi * dy
    y1p = -sin_phi * dx + cos_phi * dy
    scale = (x1p**2) / (rx**2) + (y1p**2) / (ry**2)
    if scale > 1:
        rx, ry = rx * math.sqrt(scale), ry * math.sqrt(scale)
    numerator = rx**2 * ry**2 - rx**2 * y1p**2 - ry**2 * x1p**2
    denominator = rx**2 * y1p**2 + ry**2 * x1p**2
    factor = math.sqrt(max(0.0, numerator / denominator)) if denominator else 0.0
    if bool(large) == bool(sweep):
        factor = -factor
    cxp, cyp = factor * rx * y1p / ry, -factor * ry * x1p / rx
    cx = cos_phi * cxp - sin_phi * cyp + (x1 + x2) / 2
    cy = sin_phi * cxp + cos_phi * cyp + (y1 + y2) / 2

    def angle_of(ux: float, uy: float, vx: float, vy: float) -> float:
        return math.atan2(ux * vy - uy * vx, ux * vx + uy * vy)

    theta = angle_of(1, 0, (x1p - cxp) / rx, (y1p - cyp) / ry)
    delta = angle_of((x1p - cxp) / rx, (y1p - cyp) / ry, (-x1p - cxp) / rx, (-y1p - cyp) / ry)
    if not sweep and delta > 0:
        delta -= 2 * math.pi
    elif sweep and delta < 0:
        delta += 2 * math.pi
    pieces = max(1, math.ceil(abs(delta) / (math.pi / 2)))
    step = delta / pieces
    handle = 4 / 3 * math.tan(step / 4)
    curves = []
    for i in range(pieces):
        a1, a2 = theta + i * step, theta + (i + 1) * step
        points = []
        for px, py in (
            (math.cos(a1) - handle * math.sin(a1), math.sin(a1) + handle * math.cos(a1)),
            (math.cos(a2) + handle * math.sin(a2), math.sin(a2) - handle * math.cos(a2)),
            (math.cos(a2), math.sin(a2)),
        ):
            ex, ey = rx * px, ry * py
            points += [cos_phi * ex - sin_phi * ey + cx, sin_phi * ex + cos_phi * ey + cy]
        curves.append(tuple(points))
    return curves
