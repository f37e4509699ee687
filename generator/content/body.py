"""The Markdown body of an exercise file: intro paragraphs, then known ``##`` sections.

A deliberately small subset of Markdown, read line by line so that every problem can name its
line. Text is data: there is no inline markup, and ``*``, ``&``, ``<`` or ``{{`` print as typed.
A line that starts with a backslash is always text, and that backslash is dropped
(``\\- 3 sets`` is not a list item).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from generator.content import headings
from generator.content.model import Question, Section, SectionKind, Text
from generator.content.text import MAX_ITEMS, clean

_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,3}[.)])(?: +|$)")
_ESCAPABLE = re.compile(r"^\\\S")


@dataclass
class _Block:
    """Lines being gathered into one paragraph, item, question or answer."""

    line: int
    parts: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.parts.append(text)

    def text(self) -> str:
        out = ""
        for part in self.parts:
            body = part.rstrip(" ")
            hard_break = part.endswith("  ")
            # at a line's end backslashes pair up (\\ is one \); an odd one out breaks the line
            trailing = len(body) - len(body.rstrip("\\"))
            if trailing:
                hard_break = hard_break or trailing % 2 == 1
                body = body[: len(body) - trailing] + "\\" * (trailing // 2)
            out += body.strip() + ("\n" if hard_break else " ")
        return out.strip()


@dataclass
class _SectionDraft:
    kind: SectionKind | None  # None: an unknown heading, already reported; its lines are skipped
    heading: Text  # as printed, in the exercise's language
    written: str  # as the file wrote it, for messages that point at the file
    items: list[Text] = field(default_factory=list)
    questions: list[tuple[Text, list[Text]]] = field(default_factory=list)


class BodyReader:
    def __init__(self, report: Callable[[int, str], None], language: str = "en") -> None:
        self.report = report
        self.language = language
        self.intro: list[Text] = []
        self.sections: list[_SectionDraft] = []
        self.block: _Block | None = None
        self.block_kind = ""  # "para", "item", "question", "answer"

    def read(self, lines: list[tuple[int, str]]) -> tuple[tuple[Text, ...], tuple[Section, ...]]:
        for number, raw in lines:
            self._line(number, raw.rstrip("\r"))
        self._close()
        return tuple(self.intro), self._finish()

    def _line(self, number: int, raw: str) -> None:
        stripped = raw.strip()
        if not stripped:
            self._close()
            return
        if _ESCAPABLE.match(stripped):
            self._text(number, raw.replace("\\", "", 1))
            return
        if stripped.startswith("#") and re.match(r"^#{1,6}( |$)", stripped):
            self._heading(number, stripped)
            return
        if _ITEM.match(raw):
            self._close()
            self._item(number, _ITEM.sub("", raw, count=1))
            return
        self._text(number, raw)

    def _heading(self, number: int, stripped: str) -> None:
        self._close()
        level = len(stripped) - len(stripped.lstrip("#"))
        title = stripped[level:].strip()
        if level == 2:
            kind = headings.kind_of(title, self.language)
            if kind is None:
                self.report(number, self._unknown(title))
                self.sections.append(_SectionDraft(None, Text(title, number), title))
                return
            for earlier in self.sections:
                if earlier.kind == kind:
                    self.report(
                        number,
                        f"section '## {title}' appears twice (first at line "
                        f"{earlier.heading.line}); merge them",
                    )
            # printed in the exercise's language, however the file spelled it
            printed = headings.printed(kind, self.language)
            self.sections.append(_SectionDraft(kind, Text(printed, number), title))
        elif level == 3:
            current = self.sections[-1] if self.sections else None
            if current is None or current.kind != "faq":
                self.report(number, "'### ' questions belong under '## Frequently Asked Questions'")
                return
            self.block, self.block_kind = _Block(number, [title]), "question"
            self._close()
        elif level == 1:
            self.report(number, "the body has no '# ' title: put the name in front matter (name:)")
        else:
            self.report(number, f"'{'#' * level} ' headings are not part of the format")

    def _unknown(self, title: str) -> str:
        elsewhere = headings.other_language_of(title)
        if elsewhere is not None:
            language, kind = elsewhere
            name = headings.LANGUAGE_NAMES[language]
            return (
                f"'## {title}' is a {name} heading: add 'language: {language}' to the front "
                f"matter, or write '## {headings.printed(kind, self.language)}'"
            )
        return f"unknown section '## {title}'; known sections: {headings.known(self.language)}"

    def _item(self, number: int, text: str) -> None:
        current = self.sections[-1] if self.sections else None
        if current is None or current.kind == "faq":
            where = "the introduction" if current is None else "an answer"
            self.report(number, f"list items are not allowed in {where}; write sentences")
            return
        self.block, self.block_kind = _Block(number, [text]), "item"

    def _text(self, number: int, raw: str) -> None:
        if self.block is not None and self.block_kind in ("para", "item", "answer"):
            self.block.add(raw)
            return
        current = self.sections[-1] if self.sections else None
        if current is None:
            self.block, self.block_kind = _Block(number, [raw]), "para"
        elif current.kind == "faq":
            if not current.questions:
                self.report(number, "text before the first '### question' in the FAQ")
                return
            self.block, self.block_kind = _Block(number, [raw]), "answer"
        elif current.kind is not None:
            self.report(number, "text outside a list item: start each item with '- '")

    def _close(self) -> None:
        if self.block is None:
            return
        text = self._clean(self.block.text(), self.block.line)
        if not text.value and self.block_kind == "item":
            self.report(self.block.line, "empty list item: write something after '- '")
            self.block = None
            return
        if self.block_kind == "para":
            self.intro.append(text)
        elif self.block_kind == "item":
            self.sections[-1].items.append(text)
        elif self.block_kind == "question":
            self.sections[-1].questions.append((text, []))
        elif self.block_kind == "answer":
            self.sections[-1].questions[-1][1].append(text)
        self.block = None

    def _clean(self, value: str, line: int) -> Text:
        text, problems = clean(value)
        for message in problems:
            self.report(line, message)
        return Text(text, line)

    def _finish(self) -> tuple[Section, ...]:
        sections = []
        for draft in self.sections:
            if draft.kind is None:
                continue
            if max(len(draft.items), len(draft.questions)) > MAX_ITEMS:
                self.report(
                    draft.heading.line,
                    f"section '## {draft.written}' has more than "
                    f"{MAX_ITEMS} entries; split the exercise",
                )
            if draft.kind == "faq":
                for question, answer in draft.questions:
                    if not answer:
                        self.report(question.line, f"question '{question.value}' has no answer")
                if not draft.questions:
                    self.report(draft.heading.line, f"section '## {draft.written}' is empty")
                questions = tuple(Question(q, tuple(a)) for q, a in draft.questions)
                sections.append(Section("faq", draft.heading, questions=questions))
            else:
                if not draft.items:
                    self.report(draft.heading.line, f"section '## {draft.written}' is empty")
                sections.append(Section(draft.kind, draft.heading, items=tuple(draft.items)))
        return tuple(sections)
