"""Tagged PDF, part two: the structure tree and document-level promises, written at save.

reportlab writes no structure tree, so the tagger's record (layout/tagging.py) is turned into
reportlab's own PDF objects just before the document is serialised: StructTreeRoot, its
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

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFPage,
    PDFStream,
    PDFString,
    xObjectName,
)

from generator.layout import objstreams
from generator.layout.tagging import Node, Tagger

Target = tuple[int, str | None, int]  # (page index, form placed on that page or None, MCID)
FORM_KEYS = 100_000  # ParentTree keys of placed forms start here, above any page or link key
_PAGE_KEYS = (*PDFPage.__NoDefault__, "StructParents", "Tabs")


class StructElem(PDFObject):
    """One structure element, formatted straight to bytes.

    A packet holds hundreds of elements (every table cell is one); through reportlab's generic
    dictionaries, writing them took as long as the packet's pages. References are kept as
    reportlab's internal names and become object numbers when the document is written.
    """

    def __init__(self, head: bytes, parent: str) -> None:
        self.head, self.parent = head, parent
        self.page: str | None = None
        self.kids: list[Any] = []  # MCID, element name, ("MCR", page, form or None, MCID), ...

    def format(self, document: Any) -> bytes:
        numbers = document.idToObjectNumberAndVersion

        def ref(name: str) -> bytes:
            return b"%d 0 R" % numbers[name][0]

        kids = []
        for kid in self.kids:
            if isinstance(kid, int):
                kids.append(b"%d" % kid)
            elif isinstance(kid, str):
                kids.append(ref(kid))
            elif kid[0] == "MCR":
                stream = b" /Stm " + ref(kid[2]) if kid[2] else b""
                kids.append(b"<< /Type /MCR /Pg %s%s /MCID %d >>" % (ref(kid[1]), stream, kid[3]))
            else:  # ("OBJR", page, annotation)
                kids.append(b"<< /Type /OBJR /Pg %s /Obj %s >>" % (ref(kid[1]), ref(kid[2])))
        k = kids[0] if len(kids) == 1 else b"[" + b" ".join(kids) + b"]"
        page = b" /Pg " + ref(self.page) if self.page else b""
        return b"<< /Type /StructElem %s /P %s%s /K %s >>" % (self.head, ref(self.parent), page, k)


class _References(PDFObject):
    """An array of element references (a ParentTree entry), null where an MCID has none."""

    def __init__(self, names: list[str | None]) -> None:
        self.names = names

    def format(self, document: Any) -> bytes:
        numbers = document.idToObjectNumberAndVersion
        items = [b"%d 0 R" % numbers[n][0] if n else b"null" for n in self.names]
        return b"[" + b" ".join(items) + b"]"


def write(canvas: Any, tagger: Tagger, target: Callable[[Any], Target] | None = None) -> None:
    """Add the tagger's structure tree and the PDF/UA settings to the canvas's document."""
    document = canvas._doc
    pages = list(document.Pages.pages)
    refs = [document.Reference(page).name for page in pages]
    page_of = {id(marks): index for index, marks in enumerate(tagger.pages)}

    def default(mark: Any) -> Target:
        return page_of[id(mark[0])], None, mark[1]

    resolve = target or default
    parents: dict[tuple[str, int], dict[int, str]] = {}  # (page or form, key) -> MCID elements
    form_keys = tagger.form_keys
    links: dict[int, list[tuple[str, StructElem, Node]]] = {}

    def build(node: Node, parent: str) -> str:
        head = b"/S /" + node.role.encode("ascii")
        if node.alt:
            head += b" /Alt " + PDFString(node.alt).format(document)
        if node.attributes:
            attributes = [b"/O /" + str(node.attributes.get("O", "Layout")).encode("ascii")]
            for key, value in node.attributes.items():
                if key != "O":
                    shown = b"%d" % value if isinstance(value, int) else b"/" + value.encode()
                    attributes.append(b"/" + key.encode("ascii") + b" " + shown)
            head += b" /A << " + b" ".join(attributes) + b" >>"
        element = StructElem(head, parent)
        name: str = document.Reference(element).name
        first_page: int | None = None
        for kid in node.kids:
            if isinstance(kid, Node):
                element.kids.append(build(kid, name))
                continue
            index, form, mcid = resolve(kid)
            if first_page is None:
                first_page = index
                element.page = refs[index]
            if form:
                parents.setdefault(("form", form_keys[form]), {})[mcid] = name
                element.kids.append(("MCR", refs[index], xObjectName(form), mcid))
            else:
                parents.setdefault(("page", index), {})[mcid] = name
                if index == first_page:
                    element.kids.append(mcid)
                else:
                    element.kids.append(("MCR", refs[index], None, mcid))
        if node.role == "Link" and first_page is not None:
            links.setdefault(first_page, []).append((name, element, node))
        return name

    tree = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    tree_name = document.Reference(tree).name
    tree["K"] = PDFObjectReference(build(tagger.root, tree_name))
    nums: list[tuple[int, Any]] = []
    for index, page in enumerate(pages):
        page.__NoDefault__ = _PAGE_KEYS  # reportlab writes only the page keys it lists
        page.Tabs = PDFName("S")
        page.StructParents = None
        if ("page", index) in parents:
            page.StructParents = index
            nums.append((index, _by_mcid(parents["page", index])))
    for (kind, key), by_mcid in parents.items():
        if kind == "form":
            nums.append((key, _by_mcid(by_mcid)))
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
                name, element, node = tied[number]
                element.kids.append(("OBJR", refs[index], annotation_name))
                annotation.otherkw["StructParent"] = key
                annotation.permitted = (*type(annotation).permitted, "StructParent")
                nums.append((key, PDFObjectReference(name)))
                key += 1
                description = node.alt
            if not str(annotation.Contents or "").strip():
                annotation.Contents = description or "Link"
    flat: list[Any] = []
    for number, value in sorted(nums, key=lambda entry: entry[0]):
        flat += [number, value]
    tree["ParentTree"] = PDFDictionary({"Nums": PDFArray(flat)})
    tree["ParentTreeNextKey"] = max([key, *(n + 1 for n, _ in nums)])
    declare(canvas, tree)
    objstreams.install(document)  # the tree's small objects compressed together


def _by_mcid(found: dict[int, str]) -> _References:
    return _References([found.get(mcid) for mcid in range(max(found) + 1)])


def declare(canvas: Any, tree: PDFDictionary) -> None:
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


__all__ = ["FORM_KEYS", "Target", "declare", "write", "xmp"]
