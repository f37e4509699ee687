"""A handout never takes a sheet of paper for a line or two: it is set a little smaller instead."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pdfplumber
from conftest import assert_in_order, run, write_exercise

from generator.api import render_handout

NAME = "Page Saver Squat"
FOOTER = "Page Saver Squat"


def _exercise(folder: Path, steps: int) -> list[str]:
    """An exercise with ``steps`` instruction sentences; returns them in order."""
    sentences = [
        f"Step {n}: keep the bar over the middle of the foot and breathe out as you stand."
        for n in range(1, steps + 1)
    ]
    body = "\n".join(f"{n}. {s}" for n, s in enumerate(sentences, start=1))
    write_exercise(
        folder,
        "page-saver-squat",
        f"""
        ---
        name: {NAME}
        muscles: {{primary: [quadriceps]}}
        ---

        ## Instructions

        """
        + body.replace("\n", "\n        ")
        + "\n",
    )
    return sentences


def _theme(folder: Path, share: str) -> Path:
    path = folder / f"theme-{share}.yaml"
    path.write_text(f"extends: default\nhandout:\n  shrink_to_save_page: {share}\n")
    return path


def _pages(data: bytes) -> tuple[int, Counter[float], list[str]]:
    """Page count, how many body characters at each size (pages after the first ``skip``), and
    every page's text."""
    return _read(data, 0)


def _read(data: bytes, skip: int) -> tuple[int, Counter[float], list[str]]:
    sizes: Counter[float] = Counter()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
        for page in pdf.pages[skip:]:
            body = [c for c in page.chars if c["top"] < page.height * 0.85]
            sizes.update(round(c["size"], 2) for c in body if c["text"].strip())
        return len(pdf.pages), sizes, texts


def _spill(folder: Path, never: Path) -> tuple[int, list[str]]:
    """The fewest steps whose handout at full size takes a second page (a line or so on it)."""
    for steps in range(20, 80):
        sentences = _exercise(folder, steps)
        if _pages(render_handout("page-saver-squat", content=folder, theme=str(never)))[0] > 1:
            return steps, sentences
    raise AssertionError("no step count spills onto a second page")


def test_a_line_or_two_on_a_last_page_is_pulled_back_smaller(tmp_path: Path) -> None:
    never = _theme(tmp_path, "1")
    steps, sentences = _spill(tmp_path, never)
    full_pages, full_sizes, _ = _pages(
        render_handout("page-saver-squat", content=tmp_path, theme=str(never))
    )
    assert full_pages == 2
    saved = render_handout("page-saver-squat", content=tmp_path)  # the default theme: 0.9
    pages, sizes, texts = _pages(saved)
    assert pages == 1, f"{steps} steps still take {pages} pages"
    assert_in_order(sentences, "\n".join(texts).replace("\n", " "))  # lossless, in order
    body, full_body = sizes.most_common(1)[0][0], full_sizes.most_common(1)[0][0]
    assert abs(body - full_body * 0.9) < 0.02, (body, full_body)  # the theme's share, no less
    assert "Page 1 of 1" in texts[0]


def test_a_fuller_last_page_keeps_the_full_size(tmp_path: Path) -> None:
    never = _theme(tmp_path, "1")
    steps, _ = _spill(tmp_path, never)
    sentences = _exercise(tmp_path, steps + 12)  # a third of a page or more over
    pages, sizes, texts = _pages(render_handout("page-saver-squat", content=tmp_path))
    full = _pages(render_handout("page-saver-squat", content=tmp_path, theme=str(never)))
    assert pages == full[0] == 2
    assert sizes.most_common(1)[0][0] == full[1].most_common(1)[0][0]
    assert_in_order(sentences, " ".join(t.replace("\n", " ") for t in texts))


def test_a_theme_can_turn_the_page_saver_off(tmp_path: Path) -> None:
    never = _theme(tmp_path, "1")
    _spill(tmp_path, never)
    out = tmp_path / "h.pdf"
    result = run("handout", "page-saver-squat", "--content", tmp_path, "--theme", never, "-o", out)
    assert result.exit_code == 0, result.output
    assert _pages(out.read_bytes())[0] == 2


def test_a_share_out_of_bounds_is_refused_with_its_line(tmp_path: Path) -> None:
    _exercise(tmp_path, 3)
    bad = tmp_path / "bad.yaml"
    bad.write_text("extends: default\nhandout:\n  shrink_to_save_page: 1.5\n")
    result = run("handout", "page-saver-squat", "--content", tmp_path, "--theme", bad)
    assert result.exit_code == 1
    assert f"{bad}:3:" in result.output
    assert "'shrink_to_save_page' must be a number from 0.5 to 1, not '1.5'" in result.output


def _packet(folder: Path, theme: Path | None = None) -> bytes:
    from generator.api import render_packet

    program = folder / "program.yaml"
    program.write_text(
        "title: Saver\nclient: Sam\ninclude: [cover, handouts]\n"
        "days:\n  - name: Day A\n    exercises: [page-saver-squat]\n",
        encoding="utf-8",
    )
    return render_packet(
        program, {"client": "Sam"}, content=folder, theme=str(theme) if theme else None
    )


def test_a_packet_sets_such_a_handout_smaller_too(tmp_path: Path) -> None:
    never = _theme(tmp_path, "1")
    for steps in range(20, 80):  # the fewest steps whose handout takes two packet pages
        sentences = _exercise(tmp_path, steps)
        if _pages(_packet(tmp_path, never))[0] > 2:
            break
    full_pages, full_sizes, _ = _read(_packet(tmp_path, never), 1)  # the handout's pages
    assert full_pages == 3  # the cover, then two handout pages
    pages, sizes, texts = _read(_packet(tmp_path), 1)
    assert pages == 2, f"{steps} steps: the handout still takes {pages - 1} pages"
    assert_in_order(sentences, texts[1].replace("\n", " "))
    body, full_body = sizes.most_common(1)[0][0], full_sizes.most_common(1)[0][0]
    assert abs(body - full_body * 0.9) < 0.02, (body, full_body)
