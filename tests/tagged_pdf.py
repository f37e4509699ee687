"""Read a tagged PDF back: its structure tree with each element's text, and its fonts.

The tree is walked with pikepdf (marked-content references, MCRs across pages included); the
text of each (page, MCID) comes from pdfplumber, which reports the marked content every
character was drawn in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf


@dataclass
class Tagged:
    role: str
    alt: str | None
    attributes: dict[str, str]
    marks: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID)
    children: list[Tagged] = field(default_factory=list)
    objects: list[pikepdf.Object] = field(default_factory=list)  # OBJR: annotations
    text: str = ""
    actual: str | None = None  # /ActualText: the logical text of right-to-left content

    def walk(self) -> list[Tagged]:
        return [self, *(d for c in self.children for d in c.walk())]

    def all_text(self) -> str:
        return self.text + "".join(c.all_text() for c in self.children)


def mcid_texts(path: Path) -> tuple[dict[tuple[int, int], str], list[dict]]:
    """Text of each (page, MCID), and every character drawn outside any MCID."""
    texts: dict[tuple[int, int], str] = defaultdict(str)
    untagged = []
    with pdfplumber.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            for char in page.chars:
                if char.get("mcid") is None:
                    untagged.append({**char, "page": index})
                else:
                    texts[(index, char["mcid"])] += char["text"]
    return texts, untagged


def structure(path: Path) -> Tagged:
    """The structure tree's Document element, each element with its own text."""
    texts, _ = mcid_texts(path)
    pdf = pikepdf.open(path)
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    tree = pdf.Root.StructTreeRoot

    def build(element: pikepdf.Dictionary, page: int | None) -> Tagged:
        if "/Pg" in element:
            page = pages[element.Pg.objgen]
        attributes = {}
        if "/A" in element:
            attributes = {str(k)[1:]: str(v).lstrip("/") for k, v in element.A.items()}
        node = Tagged(
            str(element.S)[1:], str(element.Alt) if "/Alt" in element else None, attributes
        )
        if "/ActualText" in element:
            node.actual = str(element.ActualText)
        kids = element.get("/K")
        items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        for kid in items:
            if kid is None:
                continue
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                node.objects.append(kid.Obj)
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                at = pages[kid.Pg.objgen] if "/Pg" in kid else page  # else the element's /Pg
                assert at is not None, "a marked-content reference with no page"
                node.marks.append((at, int(kid.MCID)))
            elif isinstance(kid, pikepdf.Dictionary):
                node.children.append(build(kid, page))
            else:
                assert page is not None, "an MCID with no page"
                node.marks.append((page, int(kid)))
        node.text = "".join(texts.get(mark, "") for mark in node.marks)
        return node

    root = tree.K
    assert isinstance(root, pikepdf.Dictionary)
    return build(root, None)


def parent_tree_ok(path: Path) -> bool:
    """Every page with marked content has a ParentTree entry long enough for its MCIDs: its
    own (/StructParents on the page) or, for a placed page, that of a form it paints."""
    pdf = pikepdf.open(path)
    nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
    entries = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    with pdfplumber.open(path) as plumber:
        used_by_page = [
            {c["mcid"] for c in page.chars if c.get("mcid") is not None} for page in plumber.pages
        ]
    for page, used in zip(pdf.pages, used_by_page, strict=True):
        if not used:
            continue
        keys: list[Any] = [page.obj.get("/StructParents")]
        resources: Any = page.obj.get("/Resources")
        xobjects: Any = resources.get("/XObject") if resources is not None else None
        if xobjects is not None:
            keys += [x.get("/StructParents") for x in dict(xobjects).values()]
        lengths = [len(entries[int(k)]) for k in keys if k is not None and int(k) in entries]
        if not lengths or max(lengths) <= max(used):
            return False
    return True


def fonts(path: Path) -> list[tuple[str, bool]]:
    """(base font, embedded) for every font any page or form declares."""
    found = []
    pdf = pikepdf.open(path)
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font":
            if obj.get("/Subtype") == "/Type0":
                continue  # its descendant is listed on its own
            descriptor = obj.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found.append((str(obj.get("/BaseFont")), embedded))
    return found


def pdfua_findings(path: Path) -> list[str]:
    from pdfua import validate

    report = validate(str(path))
    skipped = [o.rule_id for o in report.outcomes if o.skipped_reason]
    assert not skipped, f"pdfua rules could not run: {skipped}"
    return [f"{f.rule_id} {f.severity.name}: {f.message}" for f in report.findings]
