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
from generator.layout.tagging import Node, Tagger

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
        # (ParentTree key, placed run's placeholder or None for the own run, element index)
        self.links: list[tuple[int, int | None, int]] = []

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
        roots: dict[int, list[bytes]] = {}
        bases: dict[int | None, int] = {None: first}
        for holder, (run, names, keys) in self.placed.items():
            instances.append((base, holder, run, names, keys))
            roots[holder] = [b"%d 0 R" % (base + root) for root in run.roots]
            bases[holder] = base
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
        nums += [(key, b"%d 0 R" % (bases[holder] + index)) for key, holder, index in self.links]
        nums.sort(key=lambda entry: entry[0])
        flat = b" ".join(b"%d %s" % entry for entry in nums)
        next_key = max((key for key, _ in nums), default=-1) + 1
        root = b"<< /Type /StructTreeRoot /K %d 0 R /ParentTree << /Nums [ %s ] >> " % (first, flat)
        return root + b"/ParentTreeNextKey %d >>" % next_key, bodies, groups


Placement = tuple[Run, dict[Key, str], dict[Key, int]]  # a placed run, its keys' objects and
# its forms' ParentTree keys


def _refs(named: Callable[[str], bytes], names: dict[Key, str]) -> Callable[[Key], bytes]:
    """References of a placed run's keys (nothing for a link with no annotation)."""
    return lambda key: named(names[key]) if key in names else b""


def _array(base: int, by_mcid: dict[int, int]) -> bytes:
    """A ParentTree entry: the element of each MCID, null where an MCID has none."""
    refs = [
        b"%d 0 R" % (base + by_mcid[m]) if m in by_mcid else b"null"
        for m in range(max(by_mcid) + 1)
    ]
    return b"[" + b" ".join(refs) + b"]"


_ADOPTED: dict[int, tuple[list[Node], Run, list[tuple[Key, int]]]] = {}
ADOPTED_KEPT = 32  # runs kept for adopted elements (a packet's shared pages, per variant)


def _adopted_run(nodes: list[Node]) -> tuple[Run, list[tuple[Key, int]]]:
    """The run of elements made elsewhere (the same objects in every packet): made once.

    Their marks are (tag, page of their own PDF, MCID): keyed by that page, resolved per packet.
    """
    found = _ADOPTED.get(id(nodes))
    if found is None or found[0] is not nodes:

        def resolve(mark: Any) -> tuple[Key, Key, int]:
            return ("page", mark[1]), ("form", mark[1]), mark[2]

        run = Run()
        for node in nodes:
            run.add(node, -1, resolve)
        found = (nodes, run, run.link_slots())  # the list is kept: its id stays its own
        if len(_ADOPTED) >= ADOPTED_KEPT:
            del _ADOPTED[next(iter(_ADOPTED))]
        _ADOPTED[id(nodes)] = found
    return found[1], found[2]


def write(canvas: Any, tagger: Tagger) -> None:
    """Add the tagger's structure tree and the PDF/UA settings to the canvas's document."""
    document = canvas._doc
    pages = list(document.Pages.pages)
    names = [document.Reference(page).name for page in pages]
    page_of = {id(marks): index for index, marks in enumerate(tagger.pages)}
    page_keys = {id(marks): ("page", index) for index, marks in enumerate(tagger.pages)}

    def resolve(mark: Any) -> tuple[Key, Key | None, int]:
        if isinstance(mark[0], str) and tagger.foreign is not None:
            return tagger.foreign(mark, page_of)  # a packet's shared page, drawn as a form
        return page_keys[id(mark[0])], None, mark[1]

    placed: dict[int, Placement] = {}
    if tagger.placing:
        placed.update(tagger.placing(page_of, names))
    slots: dict[int, list[tuple[int, Key, int]]] = {}  # packet page -> placed links
    for holder, nodes in tagger.adopted.items():
        adopted, links_of = _adopted_run(nodes)
        objects: dict[Key, str] = {}
        keys: dict[Key, int] = {}
        landed: dict[Key, int] = {}
        for key in adopted.keys:
            if key is not None and key[0] == "form" and tagger.foreign is not None:
                page_key, form_key, _ = tagger.foreign((None, key[1], 0), page_of)
                objects[("page", key[1])] = names[page_key[1]]
                objects[key], keys[key] = form_key[1], form_key[2]
                landed[("page", key[1])] = page_key[1]
        placed[holder] = (adopted, objects, keys)
        for page_key, index in links_of:
            slots.setdefault(landed[page_key], []).append((holder, objects, index))
    run = Run()
    run.add(tagger.root, -1, resolve, frozenset(placed))
    tree = StructTree(run, names, placed)
    links: dict[int, list[Any]] = {}
    for index, element in enumerate(run.elements):
        if element.role != "Link":
            continue
        first = element.first
        if first is None and element.page is not None and element.page[0] == "page":
            first = element.page[1]  # a link on a packet's shared page (its content in a form)
        if first is not None:
            links.setdefault(first, []).append((None, None, index))
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
        tied = links.get(index, []) + slots.get(index, [])
        for number, (annotation_name, annotation) in enumerate(annotations):
            description = None
            if number < len(tied):
                holder, objects, element_index = tied[number]
                if holder is None:
                    element = run.elements[element_index]
                    element.kids.append(("OBJR", ("page", index), ("obj", annotation_name)))
                else:  # its slot in the kept run: ("annot", page of its own PDF, n)
                    element = placed[holder][0].elements[element_index]
                    objects[("annot", element.page[1], _nth(tied, number, holder))] = (
                        annotation_name
                    )
                annotation.otherkw["StructParent"] = key
                annotation.permitted = (*type(annotation).permitted, "StructParent")
                tree.links.append((key, holder, element_index))
                key += 1
                description = element.alt
            if not str(annotation.Contents or "").strip():
                annotation.Contents = description or "Link"
    declare(canvas, tree)
    objstreams.install(document)  # the tree's small objects compressed together


def _nth(tied: list[Any], number: int, holder: int) -> int:
    """Which of its run's links on this page the ``number``-th tied link is."""
    return sum(1 for entry in tied[:number] if entry[0] == holder)


def declare(canvas: Any, tree: PDFObject) -> None:
    """The catalog entries and XMP metadata PDF/UA asks of every tagged file."""
    document = canvas._doc
    catalog = document.Catalog
    catalog.StructTreeRoot = tree
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    canvas.setViewerPreference("DisplayDocTitle", "true")
    metadata = PDFStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
        metadata_of(document),
        filters=[],
    )
    catalog.Metadata = metadata


def metadata_of(document: Any) -> bytes:
    """The XMP packet of a document, from its information and language."""
    info = document.info
    lang = getattr(getattr(document.Catalog, "Lang", None), "s", None) or "en"
    packet = xmp(
        str(info.title or ""),
        str(lang),
        str(info.author or ""),
        str(info.subject or ""),
        str(info.creator or ""),
    )
    return packet.encode("utf-8")


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


__all__ = ["FORM_KEYS", "Placement", "StructTree", "declare", "metadata_of", "write", "xmp"]
