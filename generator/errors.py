"""The one domain error type.

Everything that is the user's fault (bad content, a template that does not render, a card that
cannot fit) becomes a CoachcardsError carrying every problem found, so the CLI can print them
all at once as ``path:line: message`` and exit 1. Anything else is a bug and may show a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class CoachcardsError(Exception):
    """One or more problems the user can fix; raised only after collecting every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("CoachcardsError needs at least one problem")
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def __reduce__(self) -> tuple[type[CoachcardsError], tuple[list[Problem]]]:
        """Pickle with the problems, so an error raised in a worker arrives whole."""
        return (type(self), (self.problems,))

    @classmethod
    def single(cls, path: str | Path, message: str, line: int | None = None) -> CoachcardsError:
        return cls([Problem(str(path), line, message)])


class Problems:
    """Collects problems for one source so that validation can report them all, not the first."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.items: list[Problem] = []

    def add(self, line: int | None, message: str) -> None:
        self.items.append(Problem(self.path, line, message))

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise CoachcardsError(sorted(self.items, key=lambda p: p.line or 0))
