"""PDF document information, the same for every kind of output."""

from __future__ import annotations

from dataclasses import dataclass

from generator import __version__


@dataclass(frozen=True)
class DocInfo:
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    lang: str

    @property
    def creator(self) -> str:
        return f"coachcards {__version__}"

    def apply(self, canvas: object) -> None:
        canvas.setTitle(self.title)  # type: ignore[attr-defined]
        canvas.setAuthor(self.author)  # type: ignore[attr-defined]
        canvas.setSubject(self.subject)  # type: ignore[attr-defined]
        canvas.setKeywords(", ".join(self.keywords))  # type: ignore[attr-defined]
        canvas.setCreator(self.creator)  # type: ignore[attr-defined]
