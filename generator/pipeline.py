"""One exercise to PDF bytes: context -> template -> blocks -> glyph check -> layout.

A Renderer loads templates, theme and fonts once, so a build of a whole library pays for them
once. Nothing here writes files or prints; callers decide what to do with the bytes.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from generator.checkpoint import Checkpoint, Sourced
from generator.content.model import Exercise
from generator.errors import CoachcardsError, Problem
from generator.render.blocks import Block
from generator.render.context import exercise_context
from generator.render.templates import Templates

if TYPE_CHECKING:
    from generator.layout.card import CardLayout, CardTooFull
    from generator.layout.flow import AltTexts
    from generator.layout.info import DocInfo
    from generator.layout.pages import Page


@dataclass(frozen=True)
class Options:
    templates_dir: Path | None = None
    card_size: str | None = None
    handout_size: str | None = None
    landscape: bool = False
    profile: str | None = None
    grey: bool = False
    theme: str | None = None
    untagged: bool = False  # tagged PDF (PDF/UA) unless asked not to: a printer that chokes
    fit_each: bool = False  # fit every card alone instead of one type scale for the set
    bleed_mm: float = 0.0
    # where each value came from, for problems: the CLI's flags (``("card_size", "--size")``);
    # a value with none here came from the Python API and is named as its argument
    sources: tuple[tuple[str, str], ...] = ()

    def source(self, name: str) -> str:
        """How a problem names where option ``name`` came from (``--card-size``, a program's
        ``path:line``, ``argument 'size'``)."""
        found = dict(self.sources).get(name)
        return found or f"argument '{API_ARGUMENTS.get(name, name)}'"


def check_options(options: Options) -> None:
    """The theme, profile and page sizes ``options`` name exist: one problem, named by where
    the value came from, before any work (not the same problem once per exercise)."""
    from generator.layout.pages import page
    from generator.layout.theme import load_theme

    theme = load_theme(options.theme, options.source("theme"))
    theme = theme.with_profile(options.profile, options.source("profile"))
    problems: list[Problem] = []
    for name, field in ((options.card_size, "card_size"), (options.handout_size, "handout_size")):
        try:
            if name is not None:
                page(theme, name, options.landscape, options.source(field))
        except CoachcardsError as error:
            problems += error.problems
    if problems:
        raise CoachcardsError(problems)


# the Python API's argument for each option (generator/api.py)
API_ARGUMENTS = {"card_size": "size", "handout_size": "size", "bleed_mm": "bleed"}


class Renderer:
    def __init__(self, options: Options | None = None) -> None:
        from generator.layout import drawings
        from generator.layout.fonts import load_fonts
        from generator.layout.theme import load_theme

        self.options = options or Options()
        self.templates = Templates(self.options.templates_dir)
        source = self.options.source
        theme = load_theme(self.options.theme, source("theme"))
        theme = theme.with_profile(self.options.profile, source("profile"))
        self.theme = theme.greyscale() if self.options.grey else theme
        self.fonts = load_fonts(self.theme.fonts)
        drawings.use_fonts(self.fonts.regular, self.fonts.bold)
        self.checkpoint = Checkpoint(self.fonts)
        self._checkpoints = {"en": self.checkpoint}

    def card_page(self) -> Page:
        from generator.layout.pages import page

        if self.options.card_size is None:
            name, source = self.theme.card.default_size, f"{self.theme.path}: card default_size"
        else:
            name, source = self.options.card_size, self.options.source("card_size")
        return page(self.theme, name, self.options.landscape, source)

    def card_layout(
        self,
        exercise: Exercise,
        template: str = "card.md.j2",
        page: Page | None = None,
        at_most: float | None = None,
        compact: bool = False,
    ) -> CardLayout:
        """A fitted card (front, or back with ``back.md.j2``), to draw on its own or on a sheet.

        ``page`` fits it to another box than the card size (a packet page's text area);
        ``at_most`` caps the body size, so that a set of cards shares one type scale.
        """
        from generator.layout.card import CardTooFull, fit_card

        front = template == "card.md.j2"
        if front and self.theme.needs_cues and not exercise.section("cues"):
            profile = self.options.profile or "this"
            message = (
                f"{exercise.slug}: a {profile} card shows the exercise's own short cues: write a "
                "'## Cues' section with 3-5 cues of a few words each (for example "
                "'Drive through the heel')"
            )
            raise CoachcardsError([Problem(str(exercise.path), None, message)])
        blocks = self._blocks(template, exercise)
        try:
            return fit_card(
                blocks,
                page or self.card_page(),
                self.theme,
                self.fonts.for_document(exercise.language, blocks),
                str(exercise.path),
                exercise.image_paths if front else (),
                self.alt_texts(exercise),
                at_most,
                compact,
            )
        except CardTooFull as full:
            raise _too_full(exercise, full, back=not front) from None

    def card(self, exercise: Exercise, at_most: float | None = None) -> bytes:
        with document_limit(exercise.path, "card"):
            # made in a call of its own: its layout is freed before the collector runs again
            return self._card(exercise, at_most)

    def _card(self, exercise: Exercise, at_most: float | None) -> bytes:
        from generator.layout.card import write_card
        from generator.layout.theme import MM

        layout = self.card_layout(exercise, at_most=at_most)
        info = self._info(exercise, "Cue card")
        return write_card(
            layout, info, self.options.bleed_mm * MM, tagged=not self.options.untagged
        )

    def card_scale(self, exercise: Exercise) -> float:
        """The body size this exercise's card fits at on its own (for a set's shared scale)."""
        with document_limit(exercise.path, "card"):
            return self.card_layout(exercise, compact=True).size

    def set_layouts(self, exercises: list[Exercise], template: str) -> list[CardLayout]:
        """Every card of a set at one type scale: the largest that every card can take.

        Each card is measured alone first, every region at its most compact; the set's scale is
        the smallest of those sizes (never below the minimum, since each fitted at or above it),
        and every card is laid out at exactly that size, with the largest drawings that fit at
        it. With ``fit_each`` every card keeps its own size. All problems come at once.
        """
        problems: list[Problem] = []
        alone: list[CardLayout] = []
        compact = not self.options.fit_each
        for exercise in exercises:
            try:
                alone.append(self.card_layout(exercise, template, compact=compact))
            except CoachcardsError as error:
                problems.extend(error.problems)
        if problems:
            raise CoachcardsError(problems)
        if not compact or not alone:
            return alone
        scale = min(layout.size for layout in alone)
        return [self.card_layout(exercise, template, at_most=scale) for exercise in exercises]

    def sheet(
        self, exercises: list[Exercise], paper: str, bleed_mm: float = 0.0, backs: bool = False
    ) -> bytes:
        """Cards N-up on paper; every exercise's problems are reported before anything is drawn."""
        where = exercises[0].path if exercises else Path("sheet")
        with document_limit(where, "sheet"):
            return self._sheet(exercises, paper, bleed_mm, backs)

    def _sheet(
        self, exercises: list[Exercise], paper: str, bleed_mm: float = 0.0, backs: bool = False
    ) -> bytes:
        from generator.layout.info import DocInfo
        from generator.layout.sheet import impose, render_sheets
        from generator.layout.theme import MM

        if not 0 <= bleed_mm <= 10:  # nan too
            message = f"bleed must be between 0 and 10 mm, not {bleed_mm:g}"
            raise CoachcardsError.single(self.options.source("bleed_mm"), message)
        sheet, card, card_source = self._sheet_pages(paper)
        imposition = impose(sheet, card, bleed_mm * MM, card_source)
        problems: list[Problem] = []
        fronts: list[CardLayout] = []
        back_layouts: list[CardLayout] = []
        for template, into in (("card.md.j2", fronts), ("back.md.j2", back_layouts)):
            if template == "back.md.j2" and not backs:
                continue
            try:
                into.extend(self.set_layouts(exercises, template))
            except CoachcardsError as error:
                problems.extend(error.problems)
        if problems:
            raise CoachcardsError(problems)
        names = [e.name.value for e in exercises]
        title = names[0] if len(names) == 1 else f"{len(names)} cue cards"
        info = DocInfo(title, "coachcards", f"Cue card sheet: {', '.join(names)}"[:500], (), "en")
        return render_sheets(
            fronts,
            imposition,
            info,
            back_layouts if backs else None,
            tagged=not self.options.untagged,
        )

    def sheet_note(self, paper: str, bleed_mm: float = 0.0) -> str | None:
        """Advice for cutting when the sheet has no room for crop marks on every cut line."""
        from generator.layout.sheet import impose, marks_note
        from generator.layout.theme import MM

        sheet, card, card_source = self._sheet_pages(paper)
        return marks_note(impose(sheet, card, bleed_mm * MM, card_source))

    def _sheet_pages(self, paper: str) -> tuple[Page, Page, str]:
        """The paper, the card, and where the card's size came from (for "does not fit")."""
        from generator.layout.pages import page

        sheet = page(self.theme, paper, source=self.options.source("paper"))
        card_source = self.options.source("card_size")
        if self.options.card_size is None:
            card_source = f"{self.theme.path}: card default_size"
        return sheet, self.card_page(), card_source

    def handout_page(self) -> Page:
        from generator.layout.pages import page

        if self.options.handout_size is None:
            name = self.theme.handout.default_size
            source = f"{self.theme.path}: handout default_size"
        else:
            name, source = self.options.handout_size, self.options.source("handout_size")
        return page(self.theme, name, self.options.landscape, source)

    def handout(self, exercise: Exercise, running_footer: bool = True) -> bytes:
        from generator.layout.handout import render_handout

        with document_limit(exercise.path, "handout"):
            blocks = self._blocks("handout.md.j2", exercise)
            return render_handout(
                blocks,
                self.handout_page(),
                self.theme,
                self.fonts.for_document(exercise.language, blocks),
                self._info(exercise, "Exercise handout"),
                str(exercise.path),
                exercise.image_paths,
                running_footer,
                self.alt_texts(exercise),
                tagged=not self.options.untagged,
            )

    def handout_blocks(self, exercise: Exercise) -> list[Block]:
        """The handout template's blocks, checked: for packets, which lay them out themselves."""
        return self._blocks("handout.md.j2", exercise)

    def alt_texts(self, exercise: Exercise) -> AltTexts:
        """What each picture shows, in the exercise's language (layout/alt_text.py)."""
        from generator.layout.alt_text import alt_texts

        labels = self.templates.labels(exercise.language)
        return alt_texts(exercise, labels, self.theme.brand.gym)

    def _blocks(self, template: str, exercise: Exercise) -> list[Block]:
        where = str(exercise.path)
        texts = [Sourced(t.value, where, t.line) for t in exercise.texts()]
        checkpoint = self.checkpoint_for(exercise.language)
        checkpoint.require([*texts, *self._drawing_texts(exercise.image_paths)])
        labels = self.templates.labels(exercise.language)
        card = SimpleNamespace(max_cues=self.theme.max_cues, profile=self.options.profile)
        context = {
            "exercise": exercise_context(exercise),
            "labels": labels,
            "card": card,
            "brand": self.brand(),
        }
        return self.render(template, context, exercise.language)

    def checkpoint_for(self, language: str) -> Checkpoint:
        """The checkpoint for text in ``language``: which fonts draw digits and punctuation
        depends on it (a Chinese full stop comes from the Chinese font)."""
        if language not in self._checkpoints:
            self._checkpoints[language] = Checkpoint(self.fonts.for_language(language))
        return self._checkpoints[language]

    def render(self, template: str, context: dict[str, Any], language: str) -> list[Block]:
        """A template's blocks, every span through the checkpoint; failures blame the template,
        the labels file or the theme, whichever holds the text."""
        blame = (*self.templates.label_files.get(language, ()), *self.theme.files)
        return self.templates.render(template, context, self.checkpoint_for(language), blame)

    def brand(self) -> SimpleNamespace:
        """The gym's name, footer line and whether there is a logo, for templates."""
        brand = self.theme.brand
        return SimpleNamespace(gym=brand.gym, footer=brand.footer, logo=brand.logo is not None)

    def _drawing_texts(self, paths: tuple[Path, ...]) -> list[Sourced]:
        """Text inside an SVG drawing is text on the page: it passes the same checkpoint."""
        from generator.layout import drawings

        return [
            Sourced(value, str(path), line, "drawing text", main_font_only=True)
            for path in paths
            for line, value in drawings.load(path).texts
        ]

    def _info(self, exercise: Exercise, subject: str) -> DocInfo:
        from generator.layout.info import DocInfo

        keywords = [t.value for t in exercise.primary_muscles + exercise.equipment + exercise.tags]
        author = exercise.attribution.value if exercise.attribution else "coachcards"
        return DocInfo(
            exercise.name.value,
            author,
            f"{subject}: {exercise.name.value}",
            tuple(keywords),
            exercise.language,
        )


@contextmanager
def document_limit(path: Path, kind: str) -> Iterator[None]:
    """Every document has a time limit; an outer limit (a build's) is left to report itself.
    While it is made, the cycle collector waits (generator/collector.py)."""
    from generator.collector import paused
    from generator.limits import DOCUMENT_SECONDS, TimeLimitExceeded, time_limit

    limit = None
    try:
        with time_limit(DOCUMENT_SECONDS) as limit, paused():  # see generator/collector.py
            yield
    except TimeLimitExceeded as exc:
        if exc.limit is not limit:
            raise
        message = f"stopped: making the {kind} took longer than {DOCUMENT_SECONDS:g} s"
        raise CoachcardsError.single(path, message) from None
    except MemoryError:
        raise CoachcardsError.single(path, f"stopped: the {kind} needed too much memory") from None


def _too_full(exercise: Exercise, full: CardTooFull, back: bool = False) -> CoachcardsError:
    """Turn the layout's numbers into advice a coach can act on."""
    if back:
        message = f"{exercise.slug}: card back: {full.problems[0].message}; shorten 'fields:'"
        return CoachcardsError([Problem(str(exercise.path), None, message)])
    own_cues = exercise.section("cues")
    section = own_cues or exercise.section("instructions")
    assert section is not None
    on_card = list(section.items) + list(exercise.items("mistakes"))
    words = sum(len(t.value.split()) for t in on_card)
    cut = max(1, math.ceil(words * full.over_fraction))
    longest = max(range(len(section.items)), key=lambda i: len(section.items[i].value.split()))
    longest_words = len(section.items[longest].value.split())
    if own_cues:
        advice = (
            f"cut about {cut} of its {words} words: shorten or drop cues (the longest is "
            f"cue {longest + 1}, {longest_words} words)"
        )
    else:
        advice = (
            f"the card uses the {len(section.items)} instruction steps ({words} words) as cues; "
            f"add a '## Cues' section with short cues, about {words - cut} words in all"
        )
    if exercise.items("mistakes"):
        advice += ", or trim '## Common Mistakes'"
    if full.page.larger:  # a card inside a packet: the packet's page size is a choice too
        advice += f"; {full.page.larger}"
    message = f"{exercise.slug}: {full.problems[0].message}; {advice}"
    return CoachcardsError([Problem(str(exercise.path), section.heading.line, message)])
