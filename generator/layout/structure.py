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
    PDFObjectReference,
    PDFPage,
    PDFStream,
    PDFString,
    xObjectName,
)

from generator.layout.tagging import Node, Tagger

Target = tuple[int, str | None, int]  # (page index, form placed on that page or None, MCID)
FORM_KEYS = 100_000  # ParentTree keys of placed forms start here, above any page or link key
_PAGE_KEYS = (*PDFPage.__NoDefault__, "StructParents", "Tabs")


def write(canvas: Any, tagger: Tagger, target: Callable[[Any], Target] | None = None) -> None:
    """Add the tagger's structure tree and the PDF/UA settings to the canvas's document."""
    document = canvas._doc
    pages = list(document.Pages.pages)
    refs = [document.Reference(page) for page in pages]
    page_of = {id(marks): index for index, marks in enumerate(tagger.pages)}

    def default(mark: Any) -> Target:
        return page_of[id(mark[0])], None, mark[1]

    resolve = target or default
    parents: dict[tuple[str, int], dict[int, Any]] = {}  # (page or form, key) -> MCID elements
    form_keys = tagger.form_keys
    links: dict[int, list[tuple[Any, PDFDictionary, Node]]] = {}

    def build(node: Node, parent: Any) -> Any:
        element = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName(node.role)})
        reference = document.Reference(element)
        element["P"] = parent
        if node.alt:
            element["Alt"] = PDFString(node.alt)
        if node.attributes:
            attributes: dict[str, Any] = {"O": PDFName(str(node.attributes.get("O", "Layout")))}
            for key, value in node.attributes.items():
                if key != "O":
                    attributes[key] = value if isinstance(value, int) else PDFName(value)
            element["A"] = PDFDictionary(attributes)
        kids: list[Any] = []
        first_page: int | None = None
        for kid in node.kids:
            if isinstance(kid, Node):
                kids.append(build(kid, reference))
                continue
            index, form, mcid = resolve(kid)
            if first_page is None:
                first_page = index
                element["Pg"] = refs[index]
            if form:
                parents.setdefault(("form", form_keys[form]), {})[mcid] = reference
                stream = PDFObjectReference(xObjectName(form))
                mcr = {"Type": PDFName("MCR"), "Pg": refs[index], "Stm": stream, "MCID": mcid}
                kids.append(PDFDictionary(mcr))
            else:
                parents.setdefault(("page", index), {})[mcid] = reference
                if index == first_page:
                    kids.append(mcid)
                else:
                    mcr = {"Type": PDFName("MCR"), "Pg": refs[index], "MCID": mcid}
                    kids.append(PDFDictionary(mcr))
        if node.role == "Link" and first_page is not None:
            links.setdefault(first_page, []).append((reference, element, node))
        element["K"] = kids[0] if len(kids) == 1 else PDFArray(kids)
        return reference

    tree = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    tree_reference = document.Reference(tree)
    tree["K"] = build(tagger.root, tree_reference)
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
            document.idToObject[ref.name]
            for ref in page.Annots or []
            if type(document.idToObject.get(ref.name)).__name__ == "LinkAnnotation"
        ]
        tied = links.get(index, [])
        for number, annotation in enumerate(annotations):
            if number < len(tied):
                reference, element, node = tied[number]
                objr = {"Type": PDFName("OBJR"), "Pg": refs[index], "Obj": annotation}
                kids = element["K"]
                kids = list(kids.sequence) if isinstance(kids, PDFArray) else [kids]
                element["K"] = PDFArray([*kids, PDFDictionary(objr)])
                annotation.otherkw["StructParent"] = key
                annotation.permitted = (*type(annotation).permitted, "StructParent")
                nums.append((key, reference))
                key += 1
                description = node.alt
            else:
                description = None
            if not str(annotation.Contents or "").strip():
                annotation.Contents = description or "Link"
    flat: list[Any] = []
    for number, value in sorted(nums, key=lambda entry: entry[0]):
        flat += [number, value]
    tree["ParentTree"] = PDFDictionary({"Nums": PDFArray(flat)})
    tree["ParentTreeNextKey"] = max([key, *(n + 1 for n, _ in nums)])
    declare(canvas, tree)


def _by_mcid(found: dict[int, Any]) -> Any:
    return PDFArray([found.get(mcid, "null") for mcid in range(max(found) + 1)])


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
