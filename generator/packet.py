"""Program packets: the exercises' pages rendered once per process, a client's packet per call.

A PacketMaker renders every handout of a program into one PDF and every card into another, once,
and keeps their pages as forms (layout/packet_forms.py). A client's packet is then one reportlab
document: cover, contents, schedule and log from templates, the forms placed by reference, the
footer on every page. Nothing is parsed or merged per client.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from generator.content.loader import find_exercise, load_exercise
from generator.content.model import Exercise
from generator.errors import CoachcardsError, Problem
from generator.layout.flow import StyleBook
from generator.layout.packet import Inserted, geometry
from generator.layout.packet_shared import FontSeed, SharedPages
from generator.layout.packet_splice import Skeleton
from generator.layout.packet_tags import StaticPages
from generator.layout.structure import FORM_KEYS
from generator.layout.tagging import Tagger
from generator.pipeline import Options, Renderer
from generator.program.model import Program
from generator.render.blocks import Block

RENDERED_KEPT = 256  # template outputs kept per program (see PacketMaker._blocks)
SIGNS = "0123456789×·–—@"  # what loads, doses and dates print besides words
# the accented letters of most clients' names (Latin-1): a name in these shares the handouts'
# font subsets instead of embedding its own (see layout/packet_shared.share_fonts)
NAMES = "".join(map(chr, range(0xC0, 0x100)))
VARIANTS_KEPT = 64  # shared pages (contents, schedule, log) kept per program, by what they show
CUT_MARK_ROOM = 12.0  # points kept around a card in a packet for its cut marks


class PacketMaker:
    """Everything a program's packets share, made once; :meth:`make` makes one client's."""

    def __init__(self, program: Program, content: Path, options: Options | None = None) -> None:
        from generator.layout.packet import geometry
        from generator.layout.packet_forms import FormLibrary
        from generator.layout.pages import TextArea

        self.renderer = Renderer(options or Options())
        self.labels = self.renderer.templates.labels(program.language)
        self.language = program.language
        self._rendered: dict[tuple[str, str], list[Block]] = {}
        self._variants: dict[str, SharedPages] = {}  # see _shared
        self._skeletons: dict[str, Skeleton | None] = {}  # see make
        self.font_seed: FontSeed = ()  # the handouts' subset fonts, for the shared pages to share
        problems: list[Problem] = []
        exercises: dict[str, Exercise] = {}
        for slug in program.slugs():
            try:
                exercises[slug] = load_exercise(find_exercise(slug, content))
            except CoachcardsError as error:
                problems += error.problems
        if problems:
            raise CoachcardsError(problems)
        self.exercises = exercises
        self.page = self.renderer.handout_page()
        theme = self.renderer.theme
        # the packet's own pages in the program's language: right to left for he, ar, fa
        self.fonts = fonts = self.renderer.fonts.for_language(program.language)
        self.book, self.geometry = geometry(theme, fonts, self.page)
        self.library = FormLibrary()
        self.inserted: list[Inserted] = []
        self.tagged = not self.renderer.options.untagged
        self.statics: list[StaticPages] = []  # the tagged pages' structure (layout/packet_tags)
        if "handouts" in program.parts:
            self._handouts()
        if "cards" in program.parts:
            where = self.geometry
            room = 2 * CUT_MARK_ROOM  # the cut marks stay inside the text area too
            body = TextArea(
                self.page.name,
                where.width - room,
                self.page.height - where.margin - where.bottom - room,
                self.page.landscape,
            )
            self._cards(body)

    def sources(self) -> list[Path]:
        """The files these pages were made from: if one changes, they must be made again."""
        files = [e.path for e in self.exercises.values()]
        files += [p for e in self.exercises.values() for p in e.image_paths]
        logo = self.renderer.theme.brand.logo
        return files + ([logo] if logo else [])

    def _handouts(self) -> None:
        from generator.layout.packet_static import Handouts, render_handouts, saving_pages

        handouts = [
            (self.renderer.handout_blocks(e), e.image_paths, str(e.path))
            for e in self.exercises.values()
        ]
        where = self.geometry
        # a book whose fonts know the handouts' characters (CJK fonts are cut to them)
        fonts = self.fonts.for_document(self.language, [b for h in handouts for b in h[0]])
        book, _ = geometry(self.renderer.theme, fonts, self.page)
        logo, seed = self.renderer.theme.brand.logo, self._seed()
        alts = [self.renderer.alt_texts(e) for e in self.exercises.values()]

        def render(books: list[StyleBook] | None) -> tuple[Handouts, Tagger | None]:
            tagger = Tagger(write=False) if self.tagged else None
            page, margin, bottom = self.page, where.margin, where.bottom
            made = render_handouts(
                handouts, book, page, margin, bottom, logo, alts, tagger, seed, books
            )
            return made, tagger

        # a handout that would take a page for a few lines is set smaller, as on its own
        made, tagger = saving_pages(render, book)
        data, ranges, self.font_seed = made.data, made.ranges, made.fonts
        forms = self._add("H", data, tagger)
        for exercise, (first, count, drawn) in zip(self.exercises.values(), ranges, strict=True):
            credit = _credit(exercise)
            self.inserted.append(
                Inserted(
                    "handout",
                    exercise.slug,
                    exercise.name.value,
                    tuple(forms[first : first + count]),
                    credit,
                    drawn if credit else frozenset(),
                )
            )

    def _seed(self) -> FontSeed:
        """Characters the shared pages print, given codes in the handouts' fonts first.

        Then a schedule or log in these characters needs no glyph the handouts lack, and its
        fonts are the handouts' (see layout/packet_shared.py). Only what every program of these
        exercises shares counts (names, labels, signs), never one program's text: this set-up
        is kept for any program of the same exercises, and bytes must not depend on which
        program came first.
        """
        from reportlab.pdfbase.pdfmetrics import getFont

        labels = self.renderer.templates.label_texts.get(self.language, [])
        texts = [e.name.value for e in self.exercises.values()] + [t.value for t in labels]
        chars = "".join(sorted(set("".join(texts)) | set(SIGNS) | set(NAMES)))
        fonts = self.book.fonts
        faces = dict.fromkeys([fonts.regular, fonts.bold])
        return tuple((f, chars) for f in faces if getattr(getFont(f), "_dynamicFont", False))

    def _cards(self, body: Any) -> None:
        """Cue cards fitted to the packet page's text area: drawn at the packet's size, whole."""
        from generator.layout.packet_static import render_cards

        layouts = []
        problems: list[Problem] = []
        for exercise in self.exercises.values():
            try:
                layouts.append(self.renderer.card_layout(exercise, page=body))
            except CoachcardsError as error:
                problems += error.problems
        if problems:
            raise CoachcardsError(problems)
        tagger = Tagger(write=False) if self.tagged else None
        forms = self._add("C", render_cards(layouts, body, tagger), tagger)
        for exercise, form in zip(self.exercises.values(), forms, strict=True):
            # the card prints its drawings' credit itself, inside its own footer
            self.inserted.append(
                Inserted("card", exercise.slug, exercise.name.value, (form,), None, frozenset())
            )

    def _add(self, prefix: str, data: bytes, tagger: Tagger | None) -> list[str]:
        """The pages as forms; tagged, each form carries its own ParentTree key."""
        if tagger is None:
            return self.library.add_pdf(prefix, data)
        first = FORM_KEYS + sum(len(s.forms) for s in self.statics)
        keys = [first + index for index in range(len(tagger.pages))]
        forms = self.library.add_pdf(prefix, data, keys)
        self.statics.append(StaticPages(tagger, forms, dict(zip(forms, keys, strict=True))))
        return forms

    def make(self, program: Program) -> bytes:
        """One client's packet: its pages from the packet templates, the shared pages as forms."""
        from generator.layout.info import DocInfo
        from generator.layout.packet import PacketPages, render_packet_pdf
        from generator.program.context import packet_context

        renderer = self.renderer
        # the one text checkpoint: program and client text where it came from, then the labels
        # the frame prints; the cover's spans are sealed as any template's are
        labels = renderer.templates.label_texts.get(program.language, [])
        renderer.checkpoint_for(program.language).require([*program.texts, *labels])
        names = {slug: e.name.value for slug, e in self.exercises.items()}
        kinds: dict[str, list[str]] = {}
        for document in self.inserted:
            kinds.setdefault(document.kind, []).append(document.slug)
        context = packet_context(program, names, kinds, self.labels, renderer.brand())

        # Contents, schedule and log are the same for clients with the same loads and notes: they
        # see the program without the client's name (the cover and every footer carry it), so
        # their blocks are rendered once for all such clients.
        shared = {**context, "program": SimpleNamespace(**vars(context["program"]))}
        del shared["program"].client

        outline = [(program.title, "cover", 0)]
        if "contents" in program.parts:
            outline.append((self.labels["contents"], "contents", 0))
        outline += [(s.title, s.key, s.level) for s in context["sections"]]
        key = repr(shared)  # the variant: what clients with these loads and notes share
        variant = self._shared(program, shared, key)
        # the cover and the footers carry the client's name: made for each client (not kept)
        cover = renderer.render("packet-cover.md.j2", context, self.language)
        pages = PacketPages(cover, variant, outline)
        info = DocInfo(
            program.title,
            program.coach or "coachcards",
            f"Training program for {program.client}",
            (),
            program.language,
        )

        footers: dict[str | None, list[Block]] = {}

        def footer(credit: str | None) -> list[Block]:
            if credit not in footers:
                footers[credit] = renderer.render(
                    "packet-footer.md.j2", {**context, "credit": credit}, self.language
                )
            return footers[credit]

        def whole(
            skeleton: Skeleton | None = None, cut: list[Skeleton | None] | None = None
        ) -> bytes:
            return render_packet_pdf(
                pages,
                self.inserted,
                footer,
                variant.library,
                renderer.theme,
                self.fonts,
                self.page,
                info,
                str(program.path),
                self.statics if self.tagged else None,
                self.font_seed,
                skeleton,
                cut,
            )

        # The variant's first packet is made whole and cut into a skeleton; the next clients'
        # covers and footers are spliced into it (layout/packet_splice.py). The skeleton is
        # kept only if splicing this very packet gives back its bytes.
        if key in self._skeletons:
            kept = self._skeletons.pop(key)  # the most recently used last, as the variants
            self._skeletons[key] = kept
            return whole(kept)
        cut: list[Skeleton | None] = []
        data = whole(cut=cut)
        skeleton = cut[0] if cut else None
        if skeleton is not None and whole(skeleton) != data:
            skeleton = None
        if len(self._skeletons) >= VARIANTS_KEPT:  # memory stays flat however many clients
            del self._skeletons[next(iter(self._skeletons))]
        self._skeletons[key] = skeleton
        return data

    def _shared(self, program: Program, shared: dict[str, Any], key: str) -> SharedPages:
        """The contents, schedule and log pages of clients who see ``shared``: laid out once.

        Kept by what their templates are given (the program without the client's name), the
        last few variants per process; a packet's bytes do not depend on whether they were kept.
        """
        from generator.layout.packet_forms import FormLibrary
        from generator.layout.packet_shared import (
            PARTS,
            SharedPages,
            render_shared,
            shared_elements,
        )

        found = self._variants.pop(key, None)
        if found is None:
            parts = {
                part: self._blocks(f"packet-{part}.md.j2", shared)
                for part in PARTS
                if part in program.parts
            }
            library = FormLibrary(on=self.library)
            if not parts:
                found = SharedPages(library, {})
            else:
                where = self.geometry
                tagger = Tagger(write=False) if self.tagged else None
                # a book whose fonts know these pages' characters (CJK fonts are cut to them)
                fonts = self.fonts.for_document(self.language, [*itertools.chain(*parts.values())])
                book, _ = geometry(self.renderer.theme, fonts, self.page)
                made = render_shared(
                    parts,
                    book,
                    self.page,
                    where.margin,
                    where.bottom,
                    self.font_seed,
                    self.renderer.theme.brand.logo,
                    str(program.path),
                    tagger,
                    self.library,
                )
                if tagger is None:
                    forms = library.add_pdf("S", made.data)
                    found = SharedPages(library, {}, forms)
                else:  # its ParentTree keys follow the handouts' and cards'
                    first = FORM_KEYS + sum(len(s.forms) for s in self.statics)
                    keys = [first + index for index in range(len(tagger.pages))]
                    forms = library.add_pdf("S", made.data, keys)
                    found = SharedPages(
                        library,
                        {},
                        forms,
                        dict(zip(forms, keys, strict=True)),
                        shared_elements(tagger, made.order),
                    )
                found.parts = {
                    part: [(forms[index], made.records[index]) for index in indexes]
                    for part, indexes in made.parts.items()
                }
            if len(self._variants) >= VARIANTS_KEPT:  # memory stays flat however many clients
                del self._variants[next(iter(self._variants))]
        self._variants[key] = found  # the most recently used last
        return found

    def _blocks(self, template: str, context: dict[str, Any]) -> list[Block]:
        """A packet template's blocks, every span through the one text checkpoint.

        Clients of one program mostly share pages (the contents always, the log and schedule
        unless their loads differ), so blocks are kept by what the template was given.
        """
        key = (template, repr(context))
        blocks = self._rendered.get(key)
        if blocks is None:
            blocks = self.renderer.render(template, context, self.language)
            if len(self._rendered) >= RENDERED_KEPT:  # memory stays flat however many clients
                del self._rendered[next(iter(self._rendered))]
            self._rendered[key] = blocks
        return blocks


def _credit(exercise: Exercise) -> str | None:
    """Whom the drawings are by, under what licence: owed on every page that shows them."""
    if not exercise.image_paths:
        return None
    return exercise.attribution.value if exercise.attribution else None
