"""What one running server knows: its folders, its library, its choices, its own address.

Choices the page offers (themes, page sizes, languages) are lists fixed here; a request can only
pick from them, so it never names a file. Problems from the renderer are placed next to the
form field or the exercise they belong to, keeping the CLI's ``path:line: message`` words.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.web.engine import Settings
from generator.web.library import Library
from generator.web.programs import PARTS, ProgramText

SIZES = ("letter", "a4", "a5", "a6", "4x6", "5x8")
BUILTIN_THEMES = ("default", "plain")
NEW_ENTRY = {"sets": "3", "reps": "10", "load": "", "tempo": "", "rest": "", "notes": ""}
_COMMAND = re.compile(r"^#\s+coachcards packet \S+(?P<flags>(?: --\w+ \S+)*)\s*$", re.MULTILINE)


@dataclass
class Site:
    content: Path
    templates: Path | None
    theme: str | None  # the server's --theme: a built-in name or a file
    library: Library
    content_given: bool = False
    hosts: set[str] = field(default_factory=set)

    @property
    def settings(self) -> Settings:
        return Settings(str(self.content), _str(self.templates), self.theme, None)

    def themes(self) -> list[str]:
        own = [self.theme] if self.theme and self.theme not in BUILTIN_THEMES else []
        return [*own, *BUILTIN_THEMES]

    def languages(self) -> list[str]:
        from generator.paths import builtin_templates

        folders = [builtin_templates()] + ([self.templates] if self.templates else [])
        found = {p.stem for folder in folders for p in (folder / "labels").glob("*.yaml")}
        return sorted(found, key=lambda code: (code != "en", code))

    def settings_for(self, form: dict[str, Any]) -> Settings:
        """The theme and size a request picked, from the lists the page offers (else default)."""
        theme = form.get("theme") if form.get("theme") in self.themes() else self.theme
        if theme == "default" and self.theme is None:
            theme = None  # the built-in default, exactly as a command without --theme
        size = form.get("size") if form.get("size") in SIZES else None
        return Settings(str(self.content), _str(self.templates), theme, size)

    def header(self, form: dict[str, Any], settings: Settings) -> list[str]:
        """The comment at the top of a downloaded program: the command that makes its packet."""
        flags = ""
        if self.content_given:
            flags += f" --content {self.content}"
        if self.templates:
            flags += f" --templates {self.templates}"
        if settings.size:
            flags += f" --size {settings.size}"
        if settings.theme:
            flags += f" --theme {settings.theme}"
        return [
            "Made with coachcards serve. This makes the same packet from a terminal:",
            f"  coachcards packet {self.filename(form)}{flags}",
            "",
        ]

    def with_settings(self, form: dict[str, Any], text: str) -> dict[str, Any]:
        """An opened program keeps the size and theme its header comment names, if offered."""
        found = _COMMAND.search(text)
        flags = dict(re.findall(r"--(\w+) (\S+)", found.group("flags"))) if found else {}
        theme = flags.get("theme")
        return form | {
            "size": flags.get("size", "") if flags.get("size") in SIZES else "",
            "theme": theme if theme in self.themes() else self.theme or "default",
        }

    def filename(self, form: dict[str, Any], suffix: str = ".yaml") -> str:
        from generator.content.writer import slugify

        client = form.get("client")
        stem = (slugify(client) if isinstance(client, str) else "")[:60]
        return (stem or "program") + suffix

    def upload_name(self, name: object) -> str:
        """The opened file's own name for messages, reduced to a plain file name."""
        from generator.content.writer import slugify

        stem = slugify(Path(str(name or "")).stem)[:60] or "program"
        return f"{stem}.yaml"

    def new_entry(self, slug: str) -> dict[str, str]:
        return {"exercise": slug, **NEW_ENTRY}

    def unknown(self, slug: str) -> str:
        import difflib

        close = difflib.get_close_matches(slug, list(self.library.exercises), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        return f"unknown exercise '{slug[:80]}'{hint}"

    def placed(
        self, problems: tuple[Problem, ...], text: ProgramText, form: dict[str, Any]
    ) -> list[dict[str, str]]:
        """Each problem with the form field or exercise it belongs to ('' when neither)."""
        name = self.filename(form)
        placed = []
        for problem in problems:
            field_name = text.field_of(problem, name)
            stem = Path(problem.path).stem if problem.path.endswith(".md") else ""
            exercise = stem if stem in self.library.exercises else ""
            placed.append({"field": field_name, "exercise": exercise, "text": str(problem)})
        return placed

    def page_html(self) -> str:
        import jinja2

        environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
        )
        choices = {
            "sizes": SIZES,
            "themes": self.themes(),
            "languages": self.languages(),
            "parts": PARTS,
            "theme": self.theme or "",
            "library_problems": [str(p) for p in self.library.problems[:50]],
            "exercises": len(self.library.exercises),
        }
        data = json.dumps(choices).replace("<", "\\u003c")
        return environment.get_template("page.html.j2").render(choices=choices, data=data)


def _str(path: Path | None) -> str | None:
    return str(path) if path is not None else None
