"""Drawings from strangers, through a safe subset of SVG, checked on the parsed tree.

Checks on raw bytes miss what a parser sees (a UTF-16 file, an entity, an ``href`` spelled
another way), so the file is parsed first by a hardened parser (no DTD, no entities, no
network; the parser decodes any declared encoding) and the tree is checked: known drawing
elements only, references only to ``#id`` inside the same file, no ``<image>`` or foreign
objects, caps on elements, nesting depth, ``<use>`` expansion and the size of any number.
Whatever passes cannot make svglib open a file or an address, nor run long. Anything else is
refused with the file (and line) named.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import CoachcardsError

MAX_SVG_BYTES = 2 * 1024 * 1024
MAX_ELEMENTS = 4_000
MAX_DEPTH = 40
MAX_EXPANDED = 8_000  # elements drawn once every <use> is expanded
MAX_NUMBERS = 400_000
MAX_NUMBER = 1e6  # no drawing needs a coordinate beyond a million; 1e300 overflows layouts

DRAWN = {
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "style",
}
SKIPPED = {"title", "desc", "metadata", "namedview"}  # never drawn; their insides are not read
TEXT = {"text", "tspan"}
_SVG_NS = "http://www.w3.org/2000/svg"
_LOCAL_REF = re.compile(r"^#[A-Za-z_][\w.:-]*$")
_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{3,8}\b")
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px|pt|mm|cm|in|pc)?\s*$")
_NOT_NUMERIC = {"id", "class", "href"}


@dataclass(frozen=True)
class SafeSvg:
    """A checked drawing: its parsed root, and the text it would print, each with its line."""

    root: Any
    texts: tuple[tuple[int, str], ...]


def refuse(path: Path | str, message: str, line: int | None = None) -> CoachcardsError:
    return CoachcardsError.single(path, message, line)


def parse(path: Path, data: bytes) -> SafeSvg:
    """Parse and check one drawing's bytes, or raise CoachcardsError naming the file."""
    from lxml import etree

    if data[:2] == b"\x1f\x8b":
        raise refuse(path, "compressed SVG (svgz) is not accepted: save the drawing uncompressed")
    if len(data) > MAX_SVG_BYTES:
        raise refuse(path, f"SVG drawing is over {MAX_SVG_BYTES // 2**20} MiB")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=False,
    )
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser=parser))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        if "entity" in str(exc).lower() or b"<!DOCTYPE" in data.upper():
            raise refuse(path, "SVG drawings may not declare a DOCTYPE or entities", line) from None
        raise refuse(path, f"cannot read this SVG drawing: {exc.msg}", line) from None
    except (ValueError, etree.LxmlError) as exc:
        raise refuse(path, f"cannot read this SVG drawing: {exc}") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise refuse(path, "SVG drawings may not declare a DOCTYPE or entities", 1)
    root = tree.getroot()
    if _local(root) != "svg" or _namespace(root) not in ("", _SVG_NS):
        raise refuse(path, "not an SVG drawing (the outermost element is not <svg>)", _at(root))
    texts = _walk(path, root)
    _check_size(path, root)
    _check_expansion(path, root)
    return SafeSvg(root, tuple(texts))


def _local(element: Any) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def _namespace(element: Any) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _at(element: Any) -> int | None:
    return getattr(element, "sourceline", None)


def _check_size(path: Path, root: Any) -> None:
    """A drawing has a size: a viewBox, or an absolute width and height; all finite, above 0."""
    box = root.get("viewBox")
    if box is not None:
        try:
            numbers = [float(v) for v in box.replace(",", " ").split()]
        except ValueError:
            numbers = []
        if len(numbers) != 4 or not all(math.isfinite(v) for v in numbers):
            raise refuse(path, f"SVG viewBox '{box}' must be four numbers", _at(root))
        if not (0 < numbers[2] <= MAX_NUMBER and 0 < numbers[3] <= MAX_NUMBER):
            raise refuse(path, f"SVG viewBox '{box}' must have a width and height above 0", 1)
        return
    for key in ("width", "height"):
        value = root.get(key)
        match = _LENGTH.match(value or "")
        if not match or not 0 < float(match.group(1)) <= MAX_NUMBER:
            raise refuse(
                path,
                "SVG drawing needs a viewBox, or a width and height such as '120px'",
                _at(root),
            )


def _walk(path: Path, root: Any) -> list[tuple[int, str]]:
    """Check every element and attribute; return the text the drawing would print."""
    texts: list[tuple[int, str]] = []
    count = 0
    numbers = 0
    stack: list[tuple[Any, int]] = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        count += 1
        if count > MAX_ELEMENTS:
            raise refuse(path, f"SVG drawing has over {MAX_ELEMENTS:,} elements; simplify it")
        if depth > MAX_DEPTH:
            raise refuse(path, f"SVG elements nested over {MAX_DEPTH} deep", _at(element))
        name = _local(element)
        if not isinstance(element.tag, str):
            continue  # an entity reference left unexpanded (none can be: there is no DTD)
        if name in SKIPPED:
            continue
        numbers += _check_attributes(path, element)
        if name not in DRAWN or _namespace(element) not in ("", _SVG_NS):
            what = "images" if name == "image" else f"<{name}> elements"
            raise refuse(path, f"SVG drawings may not contain {what}", _at(element))
        if name == "style":
            numbers += _check_value(path, element, "style", element.text or "")
        if numbers > MAX_NUMBERS:
            raise refuse(path, f"SVG drawing has over {MAX_NUMBERS:,} numbers; simplify it")
        if name in TEXT:
            for piece in (element.text, *(child.tail for child in element)):
                if piece and piece.strip():
                    texts.append((_at(element) or 1, piece))
        stack.extend((child, depth + 1) for child in reversed(element))
    return texts


def _check_attributes(path: Path, element: Any) -> int:
    numbers = 0
    for key, value in element.attrib.items():
        local = key.rsplit("}", 1)[-1]
        if local == "href":
            if not _LOCAL_REF.match(value):
                raise refuse(
                    path, "SVG drawings may not refer to other files or addresses", _at(element)
                )
            continue
        if key.startswith("{"):
            continue  # another program's notes (inkscape:label, ...): not read when drawing
        if local in _NOT_NUMERIC:
            continue
        numbers += _check_value(path, element, local, value)
    return numbers


def _check_value(path: Path, element: Any, key: str, value: str) -> int:
    lowered = value.lower()
    if "@import" in lowered or "expression(" in lowered:
        raise refuse(path, "SVG drawings may not refer to other files or addresses", _at(element))
    for target in _URL.findall(value):
        if not _LOCAL_REF.match(target.strip()):
            raise refuse(
                path, "SVG drawings may not refer to other files or addresses", _at(element)
            )
    found = _NUMBER.findall(_HEX_COLOR.sub(" ", value))
    for number in found:
        if not abs(float(number)) <= MAX_NUMBER:
            raise refuse(
                path,
                f"SVG number {number[:20]} in '{key}' is out of range (at most {MAX_NUMBER:,.0f})",
                _at(element),
            )
    return len(found)


def _check_expansion(path: Path, root: Any) -> None:
    """What the drawing becomes once every <use> is replaced by what it names, bounded."""
    ids = {el.get("id"): el for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
    sizes: dict[Any, int] = {}
    visiting: set[Any] = set()

    def size(element: Any, chain: int) -> int:
        if element in sizes:
            return sizes[element]
        if element in visiting:
            raise refuse(path, "SVG <use> elements refer to each other in a circle", _at(element))
        if chain > 2 * MAX_DEPTH:
            raise refuse(path, "SVG <use> elements nested too deep", _at(element))
        visiting.add(element)
        total = 1
        for child in element:
            total += size(child, chain + 1)
            if total > MAX_EXPANDED:
                break
        if _local(element) == "use":
            ref = next((v for k, v in element.attrib.items() if k.endswith("href")), "")
            target = ids.get(ref[1:]) if ref else None
            if target is not None:
                total += size(target, chain + 1)
        visiting.discard(element)
        if total > MAX_EXPANDED:
            raise refuse(
                path, f"SVG <use> elements expand to over {MAX_EXPANDED:,} elements; simplify it"
            )
        sizes[element] = total
        return total

    size(root, 0)
