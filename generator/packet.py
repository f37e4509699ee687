"""Program packets: the exercises' pages rendered once per run, laid into each client's frame.

A packet is a per-client frame (cover, contents, schedule, log, footers, outline, links; see
layout/packet.py) with placeholder pages, over which the pre-rendered handout and card pages
are merged with pypdf. Only the frame is rendered per client, so a thousand packets cost a
thousand frames, not a thousand sets of handouts.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

from generator.content.loader import find_exercise, load_exercise
from generator.errors import CoachcardsError, Problem
from generator.layout.packet_parts import Inserted
from generator.pipeline import Options, Renderer
from generator.program.model import Program

if TYPE_CHECKING:
    from pypdf import PageObject, PdfWriter
    from pypdf.generic import ArrayObject, StreamObject


class PacketMaker:
    def __init__(self, program: Program, content: Path, options: Options | None = None) -> None:
        from pypdf import PdfReader

        self.renderer = Renderer(options or Options())
        self.labels = self.renderer.templates.labels(program.language)
        problems: list[Problem] = []
        exercises = {}
        for slug in program.slugs():
            try:
                exercises[slug] = load_exercise(find_exercise(slug, content))
            except CoachcardsError as error:
                problems += error.problems
        if problems:
            raise CoachcardsError(problems)
        self.documents: dict[tuple[str, str], PdfReader] = {}
        self.forms: dict[tuple[str, str, int], StreamObject] = {}
        self.logs: dict[str, PdfReader] = {}
        self.handouts: list[Inserted] = []
        self.cards: list[Inserted] = []
        for slug, exercise in exercises.items():  # once per run, reused by every packet
            kinds = [("handout", "handouts", self.handouts), ("card", "cards", self.cards)]
            for kind, part, listing in kinds:
                if part not in program.parts:
                    continue
                if kind == "handout":
                    data = self.renderer.handout(exercise, running_footer=False)
                else:
                    data = self.renderer.card(exercise)
                reader = PdfReader(io.BytesIO(data))
                self.documents[(kind, slug)] = reader
                for index, source in enumerate(reader.pages):
                    self.forms[(kind, slug, index)] = _as_form(source)
                listing.append(Inserted(slug, exercise.name.value, len(reader.pages)))

    def _log(self, program: Program) -> Inserted:
        """The log, rendered once for each shape of program (clients' loads do not change it)."""
        from pypdf import PdfReader

        from generator.layout.packet_parts import render_log

        key = _log_key(program)
        if key not in self.logs:
            names = {d.slug: d.name for d in self.handouts + self.cards}
            data = render_log(
                program,
                names,
                self.renderer.handout_page(),
                self.renderer.theme,
                self.renderer.fonts,
                self.labels,
            )
            reader = PdfReader(io.BytesIO(data))
            self.logs[key] = reader
            for index, source in enumerate(reader.pages):
                self.forms[("log", key, index)] = _as_form(source)
        return Inserted("log", self.labels["log"], len(self.logs[key].pages))

    def make(self, program: Program) -> bytes:
        from pypdf import PdfReader
        from pypdf.constants import PageLabelStyle

        from generator.layout.info import DocInfo
        from generator.layout.packet import render_frame

        renderer = self.renderer
        cover = renderer.templates.render(
            "packet-cover.md.j2",
            {
                "program": _program_context(program),
                "labels": self.labels,
                "brand": renderer.brand(),
            },
        )
        page = renderer.handout_page()
        info = DocInfo(
            program.title,
            program.coach or "coachcards",
            f"Training program for {program.client}",
            (),
            program.language,
        )
        log = self._log(program) if "log" in program.parts else None
        log_key = _log_key(program)
        frame, plan = render_frame(
            program,
            cover,
            self.handouts,
            self.cards,
            page,
            renderer.theme,
            renderer.fonts,
            self.labels,
            info,
            log,
        )
        writer = _writer(frame)
        writer.append(PdfReader(io.BytesIO(frame)))  # keeps the outline and the links
        for number, (kind, slug, index, at) in enumerate(plan.inserts):
            form = self.forms[(kind, log_key if kind == "log" else slug, index)]
            dx = dy = 0.0
            if kind == "card":  # a card sits centred above the packet's footer
                box = cast("ArrayObject", form["/BBox"])
                dx = (float(page.width) - float(box[2])) / 2
                dy = (float(page.height) - float(box[3])) / 2
            _place(writer, writer.pages[at], form, f"/CCx{number}", dx, dy)
        writer.add_metadata(
            {
                "/Title": program.title,
                "/Author": program.coach or "coachcards",
                "/Subject": f"Training program for {program.client}",
                "/Creator": info.creator,
                "/Producer": info.creator,
            }
        )
        writer.set_page_label(0, 0, prefix="Cover")
        if len(writer.pages) > 1:
            writer.set_page_label(1, len(writer.pages) - 1, style=PageLabelStyle.DECIMAL, start=2)
        buffer = io.BytesIO()
        writer.write(buffer)
        return buffer.getvalue()


def _writer(frame: bytes) -> PdfWriter:
    """A pypdf writer whose file ID comes from the client's frame, not from random bytes.

    pypdf draws a fresh random ID at every write; the same packet must be the same bytes, and
    the frame (cover, schedule, footers) is what makes one client's packet differ from another's.
    """
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject

    class Writer(PdfWriter):
        def generate_file_identifiers(self) -> None:
            digest = ByteStringObject(hashlib.md5(frame).digest())
            self._ID = ArrayObject((digest, digest))

    return Writer()


def _log_key(program: Program) -> str:
    """What the log shows: days, exercises and sets, weeks, units; never a client's loads."""
    days = tuple((d.name, d.week, tuple((e.slug, e.sets) for e in d.entries)) for d in program.days)
    return repr((days, program.weeks, program.units))


def _as_form(page: PageObject) -> StreamObject:
    """A page as a Form XObject, made once per run: placing it later parses nothing."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject

    form = DecodedStreamObject()
    contents = page.get_contents()
    form.set_data(contents.get_data() if contents is not None else b"")
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    box = page.mediabox
    form[NameObject("/BBox")] = ArrayObject(FloatObject(float(v)) for v in box)
    form[NameObject("/Resources")] = page["/Resources"]
    return form.flate_encode()


def _place(
    writer: PdfWriter, page: PageObject, form: StreamObject, name: str, dx: float, dy: float
) -> None:
    """Draw the form on the page, under what the page already has (the packet's footer)."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    reference = writer._add_object(form.clone(writer))
    resources = page.setdefault(NameObject("/Resources"), DictionaryObject())
    resources = resources.get_object()
    xobjects = resources.setdefault(NameObject("/XObject"), DictionaryObject()).get_object()
    xobjects[NameObject(name)] = reference
    draw = DecodedStreamObject()
    draw.set_data(f"q 1 0 0 1 {dx:.3f} {dy:.3f} cm {name} Do Q\n".encode())
    contents = page.raw_get("/Contents")  # the reference: a stream must stay indirect
    existing = (
        list(contents.get_object()) if isinstance(contents.get_object(), list) else [contents]
    )
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(draw), *existing])


def _program_context(program: Program) -> SimpleNamespace:
    dates = None
    if program.start and program.end:
        dates = f"{program.start:%d %b %Y} – {program.end:%d %b %Y}"
    return SimpleNamespace(
        title=program.title,
        client=program.client,
        coach=program.coach,
        gym=program.gym,
        dates=dates,
        notes=program.notes,
        weeks=program.weeks,
        units=program.units,
    )
