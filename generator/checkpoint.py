"""The one checkpoint for text: every string that reaches reportlab passes here first.

Exercise text, program text, client CSV cells, labels, theme text (brand) and the words that
templates write all end up in the same place: the spans of the layout's blocks. Each is checked
once where it comes from, with its ``path:line`` (:meth:`Checkpoint.require`), and the block
parser seals every span through :meth:`Checkpoint.seal`, which returns :class:`Checked`. The
layout's spans accept nothing else, so text that skipped the checkpoint cannot be laid out.

Checking means: :func:`generator.content.text.clean` (NFC, no control or invisible characters,
the length cap) and glyph coverage (:func:`missing_glyphs`, the one replaceable rule for which
characters the theme's fonts draw).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.content.text import clean
from generator.errors import CoachcardsError, Problem

if TYPE_CHECKING:
    from generator.layout.fonts import FontSet

VERDICTS_KEPT = 4096  # texts whose issues a checkpoint keeps (see Checkpoint.problems)

# Characters drawn as another where the font lacks them: the same space, only narrower or wider;
# the zero-width joiners (Persian, Indic scripts) only steer shaping, so they may go unseen.
SUBSTITUTES = {
    "\u202f": "\u00a0",
    "\u2009": " ",
    "\u2007": "\u00a0",
    "\u200c": "",
    "\u200d": "",
}


class Checked(str):
    """Text that passed the checkpoint. Only :class:`Checkpoint` makes these.

    A subclass of ``str`` so reportlab takes it as is; any change to it (slicing, joining)
    gives a plain ``str`` again, which the layout's spans refuse.
    """

    __slots__ = ()


@dataclass(frozen=True)
class Sourced:
    """A string on its way to the page, with the file and line it came from."""

    value: str
    path: str
    line: int | None = None
    what: str = ""  # how the message names it, e.g. "'squat.notes'"
    limit: int | None = None  # text.MAX_TEXT_CHARS
    main_font_only: bool = False  # drawn by a library that knows only the theme's main font


def missing_glyphs(text: str, fonts: FontSet, main_font_only: bool = False) -> list[str]:
    """Characters of ``text`` the theme's fonts cannot draw, in code point order.

    The single coverage rule, per-script aware: a character the main font lacks is covered
    when one of the theme's fonts for its script has it (``FontSet.missing``). A character with
    a substitute the font draws (U+202F as a no-break space) is not missing.
    """
    found = fonts.missing(text)
    if main_font_only:  # SVG text: svglib draws it in the main font, without shaping
        found = sorted({c for c in text if ord(c) not in fonts.covered and c not in " \n"})
    return [c for c in found if not _substitutable(c, fonts)]


def _substitutable(char: str, fonts: FontSet) -> bool:
    if char not in SUBSTITUTES:
        return False
    other = SUBSTITUTES[char]
    return not other or ord(other) in fonts.covered


def describe_missing(missing: Sequence[str]) -> str:
    shown = ", ".join(
        f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})" for c in missing[:5]
    )
    more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
    return f"characters the font cannot draw: {shown}{more}"


def unshaped_scripts(text: str) -> list[str]:
    """Scripts in ``text`` that coachcards cannot lay out (no shaping support), by name.

    A font may have the glyphs, but Devanagari or Thai drawn one character after another
    would be wrong without a word; Latin, Greek, Cyrillic, Arabic, Hebrew and CJK are laid
    out (layout/shaping), everything else is refused here.
    """
    from generator.layout.scripts import unsupported_scripts

    names = unsupported_scripts(text)
    if not names:
        return []
    return [
        f"the {', '.join(names)} script{'s' if len(names) > 1 else ''}: coachcards cannot "
        "draw it yet (it shapes Latin, Greek, Cyrillic, Arabic, Hebrew, Chinese, Japanese "
        "and Korean)"
    ]


class Checkpoint:
    """Cleans, caps and checks glyphs for one set of fonts."""

    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts
        self._verdicts: dict[tuple[str, int | None, bool], list[str]] = {}  # see problems
        self._sealed: dict[str, str] = {}  # see seal
        self._substitutes = {
            ord(k): v for k, v in SUBSTITUTES.items() if ord(k) not in fonts.covered
        }

    def problems(self, texts: Iterable[Sourced]) -> list[Problem]:
        """What is wrong with each text, as ``path:line: what: message``.

        A text's issues depend only on its value, cap and fonts, so they are kept: a program's
        packets pass the same program text once per client (a thousand clients: a thousand
        times), and only the client's own text is new.
        """
        found: list[Problem] = []
        verdicts = self._verdicts
        for text in texts:
            key = (text.value, text.limit, text.main_font_only)
            issues = verdicts.get(key)
            if issues is None:
                value, issues = clean(text.value, text.limit)
                issues += unshaped_scripts(value)
                missing = missing_glyphs(value, self.fonts, text.main_font_only)
                if missing:
                    issues.append(describe_missing(missing))
                if len(verdicts) >= VERDICTS_KEPT:  # memory stays flat
                    verdicts.clear()
                verdicts[key] = issues
            if issues:
                prefix = f"{text.what}: " if text.what else ""
                found += [Problem(text.path, text.line, prefix + issue) for issue in issues]
        return found

    def require(self, texts: Iterable[Sourced]) -> None:
        """Raise every problem of every text at once, if there is any."""
        problems = self.problems(texts)
        if problems:
            raise CoachcardsError(problems)

    def seal(self, value: str, blame: Sequence[Path]) -> Checked:
        """The last gate, for text the block parser made from a template's output.

        Content was checked where it came from; what fails here is text a template, a labels
        file or a theme wrote, so the problem names the first of ``blame`` (template, labels,
        theme files) whose text has the character, with its line.
        """
        sealed = self._sealed.get(value)  # passed before (a packet's labels, every client)
        if sealed is not None:
            return Checked(sealed)
        text, issues = clean(value)
        issues += unshaped_scripts(text)
        missing = missing_glyphs(text, self.fonts)
        if missing:
            issues.append(describe_missing(missing))
        if issues:
            suspect = missing[0] if missing else _first_unclean(value)
            path, line = _locate(suspect, blame)
            raise CoachcardsError([Problem(path, line, issue) for issue in issues])
        sealed = text.translate(self._substitutes) if self._substitutes else text
        if len(self._sealed) >= VERDICTS_KEPT:  # memory stays flat
            self._sealed.clear()
        self._sealed[value] = sealed
        return Checked(sealed)


def _first_unclean(value: str) -> str:
    return next((c for c in value if unicodedata.category(c) in ("Cc", "Cf")), value[:40])


def _locate(needle: str, files: Sequence[Path]) -> tuple[str, int | None]:
    """The first file, and line in it, whose text contains ``needle``."""
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(lines, start=1):
            if needle in line:
                return str(path), number
    return (str(files[0]) if files else "template"), None
