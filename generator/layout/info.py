"""PDF document information, the same for every kind of output."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator import __version__

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas


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

    def apply(self, canvas: Canvas) -> None:
        canvas.setTitle(self.title)
        canvas.setAuthor(self.author)
        canvas.setSubject(self.subject)
        canvas.setKeywords(", ".join(self.keywords))
        canvas.setCreator(self.creator)
