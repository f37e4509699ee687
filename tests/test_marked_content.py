"""Every marked-content sequence a tagged PDF opens is closed, on pages and in placed forms.

An extra ``EMC`` (one per tagged table row, once) made poppler warn "Mismatched EMC operator"
and leaves a screen reader's view of the page to each reader's error recovery.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT, run


def _unbalanced(path: Path) -> list[str]:
    """Where BMC/BDC and EMC do not pair up: each page and each form XObject on its own."""
    found = []
    seen: set[tuple[int, int]] = set()

    def check(stream: pikepdf.Object, where: str) -> None:
        depth = 0
        for instruction in pikepdf.parse_content_stream(stream):
            name = str(instruction.operator)
            if name in ("BMC", "BDC"):
                depth += 1
            elif name == "EMC":
                depth -= 1
                if depth < 0:
                    found.append(f"{where}: EMC with nothing open")
                    depth = 0
        if depth:
            found.append(f"{where}: {depth} sequence(s) left open")

    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            check(page.obj, f"page {number}")
            resources = page.obj.get("/Resources")
            forms = resources.get("/XObject") if resources is not None else None
            for name, form in (forms or {}).items():
                if form.get("/Subtype") == "/Form" and form.objgen not in seen:
                    seen.add(form.objgen)
                    check(form, f"page {number} form {name}")
    return found


@pytest.mark.parametrize(
    "command",
    [
        ["card", "barbell-squat"],
        ["handout", "barbell-squat"],
        ["sheet", "barbell-squat", "pull-ups"],
        ["packet", str(ROOT / "content" / "programs" / "lower-body-strength.yaml")],
        ["packet", str(ROOT / "content" / "programs" / "upper-body-basics.yaml"), "--size", "a6"],
    ],
    ids=["card", "handout", "sheet", "packet", "packet-a6"],
)
def test_marked_content_is_balanced_in_every_kind_of_document(
    command: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "doc.pdf"
    result = run(*command, "--content", ROOT / "content", "-o", out)
    assert result.exit_code == 0, result.output
    assert _unbalanced(out) == []
