"""Tagged PDF, part two: the structure tree and document-level promises, written at save.

reportlab writes no structure tree, so the tagger's record (layout/tagging.py) is turned into
PDF objects just before the document is serialised: StructTreeRoot, its
ParentTree (which element each MCID on each page or placed form belongs to), ``/StructParents``
and ``/Tabs /S`` on pages, ``/MarkInfo``, ``DisplayDocTitle``, link annotations tied to their
Link elements (OBJR, ``/StructParent``, ``/Contents``) and an XMP packet with dc:title and the
PDF/UA identification. Writing them into the document being saved costs a fraction of re-reading
and re-writing the file with a PDF library (pikepdf took longer than the page itself), and the
output stays deterministic: no dates, nothing random.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFObject, PDFPage, PDFStream

from generator.layout import objstreams
from generator.layout.objstreams import Packed
from generator.layout.structelems import Key, Run
from generator.layout.tagging import Tagger

FORM_KEYS = 100_000  # ParentTree keys of placed forms start here, above any page or link key
_PAGE_KEYS = (*PDFPage.__NoDefault__, "StructParents", "Tabs")


class StructTree(PDFObject):
    """The StructTreeRoot; its elements are numbered after every other object of the file.

    Formatted last (``late``, see layout/objstreams.py): the packet's own run of elements is
    numbered from the first free number, each placed run after it, and all of them go into
    object streams with the root and its ParentTree.
    """

    packed = late = True

    def __init__(self, run: Run, pages: list[str], placed: dict[int, Placement]) -> None:
        self.run, self.pages, self.placed = run, pages, placed
        self.links: list[tuple[int, int]] = []  # (ParentTree key, element index): annotations

    def format_late(
        self, document: Any, number: int, first: int
    ) -> tuple[bytes, list[bytes], list[Packed]]:
        numbers = document.idToObjectNumberAndVersion

        def named(name: str) -> bytes:
            return b"%d 0 R" % numbers[name][0]

        def own(key: Key) -> bytes:
            return named(self.pages[key[1]] if key[0] == "page" else key[1])

        base = first + len(self.run.elements)
        instances = []
        roots: dict[int, bytes] = {}
        for holder, (run, names, keys) in self.placed.items():
            instances.append((base, holder, run, names, keys))
            roots[holder] = b"%d 0 R" % base
            base += len(run.elements)
        bodies = self.run.format(first, b"%d 0 R" % number, own, roots.__getitem__)
        groups: list[Packed] = []
        nums = [(k[1], _array(first, m)) for k, m in self.run.marks.items() if k[0] == "page"]
        # forms whose elements are the packet's own (its shared pages): ("form", name, key)
        nums += [(k[2], _array(first, m)) for k, m in self.run.marks.items() if k[0] == "form"]
        for at, holder, run, names, keys in instances:
            parent = b"%d 0 R" % (first + self.run.holders[holder])
            groups.append(run.packed(at, parent, _refs(named, names)))
            nums += [(keys[k], _array(at, by_mcid)) for k, by_mcid in run.marks.items()]
        nums += [(key, b"%d 0 R" % (first + index)) for key, index in self.links]
        nums.sort(key=lambda entry: entry[0])
        flat = b" ".join(b"%d %s" % entry for entry in nums)
        next_key = max((key for key, _ in nums), default=-1) + 1
        root = b"<< /Type /StructTreeRoot /K %d 0 R /ParentTree << /Nums [ %s ] >> " % (first, flat)
        return root + b"/ParentTreeNextKey %d >>" % next_key, bodies, groups


Placement = tuple[
    Run, dict[Key, str], dict[Key, int]
]  # a placed run, its keys' objects, its forms'
# ParentTree keys


def _refs(named: Callable[[str], bytes], names: dict[Key, str]) -> Callable[[Key], bytes]:
    return lambda key: named(names[key])


def _array(base: int, by_mcid: dict[int, int]) -> bytes:
    """A ParentTree entry: the element of each MCID, null where an MCID has none."""
    refs = [
        b"%d 0 R" % (base + by_mcid[m]) if m in by_mcid else b"null"
        for m in range(max(by_mcid) + 1)
    ]
    return b"[" + b" ".join(refs) + b"]"


def write(canvas: Any, tagger: Tagger) -> None:
    """Add the tagger's structure tree and the PDF/UA settings to the canvas's document."""
    document = canvas._doc
    pages = list(document.Pages.pages)
    names = [document.Reference(page).name for page in pages]
    page_of = {id(marks): index for index, marks in enumerate(tagger.pages)}

    def resolve(mark: Any) -> tuple[Key, Key | None, int]:
        if isinstance(mark[0], str) and tagger.foreign is not None:
            return tagger.foreign(mark, page_of)  # a packet's shared page, drawn as a form
        return ("page", page_of[id(mark[0])]), None, mark[1]

    placed = tagger.placing(page_of, names) if tagger.placing else {}
    run = Run()
    run.add(tagger.root, -1, resolve, frozenset(placed))
    tree = StructTree(run, names, placed)
    links: dict[int, list[int]] = {}
    for index, element in enumerate(run.elements):
        if element.role != "Link":
            continue
        first = element.first
        if first is None and element.page is not None and element.page[0] == "page":
            first = element.page[1]  # a link on a packet's shared page (its content in a form)
        if first is not None:
            links.setdefault(first, []).append(index)
    for index, page in enumerate(pages):
        page.__NoDefault__ = _PAGE_KEYS  # reportlab writes only the page keys it lists
        page.Tabs = PDFName("S")
        page.StructParents = index if ("page", index) in run.marks else None
    key = len(pages)
    for index, page in enumerate(pages):
        annotations = [
            (ref.name, document.idToObject[ref.name])
            for ref in page.Annots or []
            if type(document.idToObject.get(ref.name)).__name__ == "LinkAnnotation"
        ]
        tied = links.get(index, [])
        for number, (annotation_name, annotation) in enumerate(annotations):
            description = None
            if number < len(tied):
                element = run.elements[tied[number]]
                element.kids.append(("OBJR", ("page", index), ("obj", annotation_name)))
                annotation.otherkw["StructParent"] = key
                annotation.permitted = (*type(annotation).permitted, "StructParent")
                tree.links.append((key, tied[number]))
                key += 1
                description = element.alt
            if not str(annotation.Contents or "").strip():
                annotation.Contents = description or "Link"
    declare(canvas, tree)
    objstreams.install(document)  # the tree's small objects compressed together


def declare(canvas: Any, tree: PDFObject) -> None:
    """The catalog entries and XMP metadata PDF/UA asks of every tagged file."""
    document = canvas._doc
    catalog = document.Catalog
    catalog.StructTreeRoot = tree
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    canvas.setViewerPreference("DisplayDocTitle", "true")
    info = document.info
    lang = getattr(getattr(catalog, "Lang", None), "s", None) or "en"
    packet = xmp(
        str(info.title or ""),
        str(lang),
        str(info.author or ""),
        str(info.subject or ""),
        str(info.creator or ""),
    )
    metadata = PDFStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
        packet.encode("utf-8"),
        filters=[],
    )
    catalog.Metadata = metadata


def xmp(title: str, lang: str, author: str, subject: str, creator: str) -> str:
    """An XMP packet written by hand: no dates, so the same input gives the same bytes."""
    title, lang = xml_escape(title), xml_escape(lang)
    author, subject, creator = xml_escape(author), xml_escape(subject), xml_escape(creator)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<xmp:CreatorTool>{creator}</xmp:CreatorTool>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


__all__ = ["FORM_KEYS", "Placement", "StructTree", "declare", "write", "xmp"]
