"""The plain-text layout of the seed exercise: name, paragraphs, then sections under exact
headings: every section the content format has, by its English heading (``Instructions``,
``Cues``, ``Tips & Tricks``, ``Common Mistakes``, ``Frequently Asked Questions``).

Headings are matched as whole lines only, so a name such as "Instructions for Rowing" is still a
name. Nothing is dropped: every non-blank line lands in the draft, or the file is refused; an
empty ``- `` item is refused at its line rather than glued onto the item before it.
"""

from __future__ import annotations

from pathlib import Path

from generator.content.headings import HEADINGS as FORMAT_HEADINGS
from generator.content.headings import KINDS
from generator.content.loader import lines_of
from generator.content.text import decode
from generator.content.writer import Draft
from generator.errors import Problems

# the heading each section is printed with in English, from the format's one table
HEADINGS = {FORMAT_HEADINGS["en"][kind][0]: kind for kind in KINDS}
LISTS = {"instructions", "cues", "tips", "mistakes"}


def read_seed(path: Path, data: bytes, problems: Problems) -> Draft | None:
    text, why = decode(data)
    if text is None:
        problems.add(None, why or "cannot read")
        return None
    lines = [(n + 1, line.strip()) for n, line in enumerate(lines_of(text))]
    lines = [(n, line) for n, line in lines if line]
    if not lines:
        problems.add(None, "the file is empty")
        return None
    if not any(line == "Instructions" for _, line in lines):
        problems.add(None, "no 'Instructions' heading line: nothing to import as steps")
        return None
    first_line, name = lines[0]
    if name in HEADINGS:
        problems.add(first_line, f"the first line must be the exercise's name, not '{name}'")
        return None
    draft = Draft(name=name, meta={"source": f"Imported from {path.name}"})
    section = "intro"
    pending_answer = False  # the last FAQ line was a question still waiting for its answer
    for number, line in lines[1:]:
        if line in HEADINGS:
            if pending_answer:
                problems.add(number - 1, "this question has no answer line")
            section, pending_answer = HEADINGS[line], False
        elif section == "intro":
            draft.intro.append(line)
        elif section in LISTS:
            items = getattr(draft, section)
            if line == "-":  # "- " with nothing after it (lines are stripped)
                problems.add(number, f"an empty '- ' item under '{_heading(section)}'")
            elif line.startswith("- "):
                items.append(line[2:].strip())
            elif items:
                items[-1] += " " + line  # a wrapped item: keep its words with it
            else:
                problems.add(number, f"expected a '- ' item under '{_heading(section)}', got text")
        elif pending_answer:  # the line after a question is its answer
            draft.faq[-1][1].append(line)
            pending_answer = False
        elif draft.faq and not line.endswith("?"):  # a further paragraph of the same answer
            draft.faq[-1][1].append(line)
        else:
            draft.faq.append((line, []))
            pending_answer = True
    if pending_answer:
        problems.add(lines[-1][0], f"question '{lines[-1][1]}' has no answer line")
    if not draft.instructions:
        problems.add(None, "the 'Instructions' heading has no '- ' steps under it")
    return None if problems else draft


def _heading(kind: str) -> str:
    return next(heading for heading, found in HEADINGS.items() if found == kind)
