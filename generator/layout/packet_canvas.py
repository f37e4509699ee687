"""What a packet's pages are drawn with: one pass, page numbers filled in when the packet ends.

The packet is laid out once. Everything that depends on where things landed (the footers'
"Page X of Y", the contents' page numbers) is recorded while drawing and drawn when the canvas is
saved, the numbered-canvas recipe; bookmarks and links keep pointing at the right pages because
the document's page counter moves with the pages drawn. Pages drawn from forms (handouts, cards)
are flowables here too, so all composition of a packet page happens in this one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from generator.layout.packet_forms import FormLibrary
from generator.layout.tagging import TaggedCanvas, tagger_of

if TYPE_CHECKING:
    from generator.layout.shaping import ScriptParagraph


@dataclass
class PacketState:
    """What the drawing learns: the page of every anchor, and what each page still needs."""

    pages: dict[str, int] = field(default_factory=dict)  # anchor key -> page number
    numbers: list[tuple[int, float, float, str, Any]] = field(default_factory=list)
    credits: dict[int, str] = field(default_factory=dict)  # page -> credit of its drawings
    # after each page's end: how many fonts, characters and forms the document had made
    growth: list[tuple[int, int, int]] = field(default_factory=list)


def packet_canvas(
    state: PacketState,
    draw_footer: Callable[[Canvas, int, int, str | None], None],
    cover_label: str = "Cover",
    seed: tuple[tuple[str, str], ...] = (),
    before_save: Callable[[Any], None] | None = None,
    replay: Replay | None = None,
) -> type[TaggedCanvas]:
    """A canvas that keeps pages until the end, then draws their footers and page numbers.

    What it draws at the end (footers, the contents' page numbers) is an Artifact when tagged.
    With ``replay`` (a client's cover only, layout/packet_splice.py) it draws the footers and
    numbers a whole packet of that variant draws, as recorded, and writes nothing.
    """

    class PacketCanvas(TaggedCanvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._kept: list[dict[str, Any]] = []
            self.packet_state = state  # what anchors and contents lines write to
            self._document: Any = self._doc  # type: ignore[attr-defined]  # reportlab private
            self._first_page_counter = self._document.pageCounter
            self.setViewerPreference("PrintScaling", "None")
            from generator.layout.packet_seed import plant

            plant(self._document, seed)  # the handouts' codes first (layout/packet_shared.py)

        def showPage(self) -> None:
            self._kept.append(dict(self.__dict__))
            self._document.pageCounter += 1  # bookmarks made on the next page point at it
            self._startPage()  # type: ignore[attr-defined]  # reportlab's private page reset

        def _finish(self, number: int, total: int, done: PacketState) -> None:
            """What a page gets once the packet is laid out: numbers, footer; then it is out."""
            for page, x, y, key, style in done.numbers:
                if page == number and key in done.pages:
                    self.setFont(style.fontName, style.fontSize)
                    self.setFillColor(style.textColor)
                    self.drawRightString(x, y, str(done.pages[key]))
            draw_footer(self, number, total, done.credits.get(number))
            super().showPage()

        def save(self) -> None:
            total = len(self._kept)
            self._document.pageCounter = self._first_page_counter
            if replay is not None:  # the cover alone, then every page's end as recorded
                replay.pages = total
                if total == 1:
                    self.__dict__.update(self._kept[0])
                    made = replay.state.growth
                    for number in replay.drawn:
                        self._finish(number, replay.total, replay.state)
                        if growth(self._document) != made[number - 1]:
                            replay.pages = 0  # made other fonts or forms: not spliced
                            break
                replay.document = self._document
                replay.effects = cover_effects(self)
                return
            for number, kept in enumerate(self._kept, start=1):
                self.__dict__.update(kept)
                self._finish(number, total, state)
                state.growth.append(growth(self._document))
            self.addPageLabel(0, prefix=cover_label)  # the viewer shows "Cover", then 2, 3, ...
            if total > 1:
                self.addPageLabel(1, style="D", start=2)
            if before_save is not None:
                before_save(self)
            super().save()

    return PacketCanvas


@dataclass
class Replay:
    """A whole packet's page ends, recorded, for a canvas that draws only a cover."""

    total: int  # the packet's pages
    state: PacketState  # its anchors' pages, contents numbers and credits
    drawn: list[int]  # the pages whose end made a font, a character or a form (and page 1)
    pages: int = 0  # how many pages the cover took (one, or the replay is not valid)
    document: Any = None  # the replayed canvas's PDF document, unwritten
    effects: tuple[Any, ...] = ()  # what the cover did besides drawing (see cover_effects)


def cover_effects(canvas: Any) -> tuple[Any, ...]:
    """What drawing the first page did besides its content: its link annotations (any at all
    refuses a splice: their rectangles would follow the client's name) and the destinations
    it bound, with their positions."""
    pages = canvas._doc.Pages.pages
    annotations = len(getattr(pages[0], "Annots", None) or []) if pages else 0
    destinations = sorted(
        (name, type(d.fmt).__name__, sorted((k, v) for k, v in vars(d.fmt).items() if k != "page"))
        for name, d in canvas._destinations.items()
        if getattr(d.page, "name", None) == "Page1" and d.fmt is not None
    )
    return annotations, repr(destinations)


FOOTER_FORM = "FormXob.ccfooter"  # the footer forms' names (layout/packet.py's draw_footer)


def growth(document: Any) -> tuple[int, int, int]:
    """How many fonts, TrueType characters and footer forms a document has made: these only
    grow, so an equal count later means nothing new was made in between."""
    from reportlab.pdfbase.pdfmetrics import getFont

    characters = 0
    for name in document.fontMapping:
        states = getattr(getFont(name), "state", None)
        state = states.get(document) if states is not None else None
        if state is not None:
            characters += len(state.assignments)
    forms = sum(1 for name in document.idToObject if name.startswith(FOOTER_FORM))
    return len(document.fontMapping), characters, forms


class Anchor(Flowable):
    """An invisible mark: link targets here, their page recorded for the contents."""

    def __init__(self, keys: list[str]) -> None:
        super().__init__()
        self.keys = keys

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        page = self.canv.getPageNumber()
        state = getattr(self.canv, "packet_state", None)
        for key in self.keys:
            self.canv.bookmarkHorizontal(key, 0, 0)
            if state is not None:
                state.pages.setdefault(key, page)


class Outline(Flowable):
    """The whole outline, given at the start; its entries point at anchors drawn later."""

    def __init__(self, entries: list[tuple[str, str, int]]) -> None:
        super().__init__()
        self.entries = entries

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        for title, key, level in self.entries:
            self.canv.addOutlineEntry(title, key, level, closed=level > 1)


class FormPage(Flowable):
    """A whole page from a form (a handout page, a card), fitted into the frame.

    A card is centred with cut marks at its corners; nothing is ever scaled up, and a form that
    is larger than the frame is refused at build time (cards are fitted to the frame instead).
    """

    def __init__(
        self,
        library: FormLibrary,
        name: str,
        credit: str | None,
        cut_marks: bool = False,
        first: bool = True,
    ) -> None:
        super().__init__()
        self.library, self.name = library, name
        self.credit, self.cut_marks, self.first = credit, cut_marks, first
        form = library.forms[name]
        self.form_width, self.form_height = form.width, form.height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, available_height
        return available_width, available_height - 0.01

    def draw(self) -> None:
        canvas = self.canv
        state = getattr(canvas, "packet_state", None)
        if self.credit and state is not None:
            state.credits[canvas.getPageNumber()] = self.credit
        if self.cut_marks:  # centred in the frame
            x = (self.width - self.form_width) / 2
            y = (self.height - self.form_height) / 2
        else:  # a handout page: made with the packet's page and margins, so it sits as it was
            x, y = -self._frame_x, -self._frame_y
        self.library.place(canvas, self.name)
        tagger = tagger_of(canvas)
        canvas.saveState()
        canvas.translate(x, y)
        if tagger is None:
            canvas.doForm(self.name)
        else:  # its elements join the packet's structure here (layout/packet_tags.py)
            with tagger.placed(canvas, self.name, section=self.first):
                canvas.doForm(self.name)
        canvas.restoreState()
        if self.cut_marks:
            _cut_marks(canvas, x, y, self.form_width, self.form_height)

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        self._frame_x, self._frame_y = x, y
        super().drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]  # the stubs lack _sW


class SharedPage(FormPage):
    """A page of the packet's shared pages (layout/packet_shared.py): its form, then what the
    page did besides drawing, done again here: links, bookmarks, anchors, contents numbers."""

    def __init__(
        self, library: FormLibrary, name: str, record: Any, elements: list[Any] | None
    ) -> None:
        super().__init__(library, name, None, False, first=False)
        self.record, self.elements = record, elements

    def draw(self) -> None:
        canvas = self.canv
        tagger = tagger_of(canvas)
        if tagger is not None and self.elements:  # the part's elements, where it starts
            tagger.adopt(self.elements)
        super().draw()
        for contents, key, rect, thickness, color, dash, kw in self.record.links:
            canvas.linkRect(
                contents,
                key,
                rect,
                relative=0,
                thickness=thickness,
                color=color,
                dashArray=dash,
                **kw,
            )
        for key, top, left, fit, kw in self.record.bookmarks:
            canvas.bookmarkHorizontalAbsolute(key, top, left=left, fit=fit, **kw)
        state = getattr(canvas, "packet_state", None)
        if state is not None:
            page = canvas.getPageNumber()
            for key in self.record.anchors:
                state.pages.setdefault(key, page)
            for x, y, key, style in self.record.numbers:
                state.numbers.append((page, x, y, key, style))


def _cut_marks(canvas: Canvas, x: float, y: float, width: float, height: float) -> None:
    """Short hairlines just outside each corner, where a coach cuts the card out."""
    gap, length = 3.0, 9.0
    canvas.saveState()
    canvas.setLineWidth(0.3)
    canvas.setStrokeGray(0.4)
    for cx, sx in ((x, -1), (x + width, 1)):
        for cy, sy in ((y, -1), (y + height, 1)):
            canvas.line(cx + sx * gap, cy, cx + sx * (gap + length), cy)
            canvas.line(cx, cy + sy * gap, cx, cy + sy * (gap + length))
    canvas.restoreState()


class TocLine(Flowable):
    """A contents line: the entry, dotted leaders, and the page number, all one link."""

    def __init__(
        self, paragraph: Paragraph | ScriptParagraph, key: str, number_style: Any, indent: float
    ) -> None:
        super().__init__()
        self.paragraph, self.key = paragraph, key
        self.number_style, self.indent = number_style, indent
        self.spaceBefore = paragraph.style.spaceBefore
        self.spaceAfter = paragraph.style.spaceAfter

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        style = self.number_style
        self.number_width = stringWidth("0000", style.fontName, style.fontSize)
        text_width = available_width - self.indent - self.number_width
        _, self.text_height = self.paragraph.wrap(text_width, available_height)
        self.width = available_width
        self.height = self.text_height
        return available_width, self.height

    def draw(self) -> None:
        canvas = self.canv
        # right to left (a shaped paragraph says so): the entry on the right, the number left
        rtl = bool(getattr(self.paragraph, "rtl", False))
        text_x = self.number_width if rtl else self.indent
        self.paragraph.drawOn(canvas, text_x, 0)
        widths = self.paragraph.getActualLineWidths0() or [0.0]
        style = self.number_style
        baseline = self.paragraph.style.leading - self.paragraph.style.fontSize
        baseline = max(0.0, baseline) + style.fontSize * 0.2
        start = self.indent + widths[-1] + style.fontSize * 0.5
        end = self.width - self.number_width
        if rtl:  # the leader runs from the number to where the entry's last line begins
            start, end = self.number_width + style.fontSize * 0.3, self.width - self.indent - start
        if end > start:  # dotted leader from the entry's last line to the number
            canvas.saveState()
            canvas.setStrokeColor(style.textColor)
            canvas.setLineWidth(0.6)
            canvas.setDash(0.6, style.fontSize * 0.35)
            canvas.setLineCap(1)
            canvas.line(start, baseline, end, baseline)
            canvas.restoreState()
        x, y = canvas.absolutePosition(self.number_width if rtl else self.width, baseline)
        state = getattr(canvas, "packet_state", None)
        if state is not None:  # the number is drawn when the packet ends and pages are known
            state.numbers.append((canvas.getPageNumber(), x, y, self.key, style))
        canvas.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)
