"""Handouts are lossless, paginate cleanly and carry a running footer."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from conftest import (
    SEED,
    assert_glyphs_inside,
    assert_in_order,
    body_text,
    page_texts,
    run,
    write_exercise,
)

NAME = "Weighted One Leg Hip Thrust"


def test_seed_handout_has_every_sentence_in_order(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "handout.pdf"
    result = run("handout", "weighted-one-leg-hip-thrust", "--content", library, "-o", out)
    assert result.exit_code == 0, result.output
    seed_lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    expected = [line.removeprefix("- ") for line in seed_lines if line]
    assert_in_order(expected, body_text(out, NAME))


def test_every_page_has_the_name_and_page_x_of_y(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "handout.pdf"
    assert (
        run("handout", "weighted-one-leg-hip-thrust", "--content", library, "-o", out).exit_code
        == 0
    )
    texts = page_texts(out)
    assert len(texts) >= 2
    for number, text in enumerate(texts, start=1):
        assert text.rstrip().endswith(f"Page {number} of {len(texts)}")
        assert NAME in text.splitlines()[-1] or NAME in text.splitlines()[-2]


def _long_exercise(content: Path) -> None:
    questions = "\n".join(
        f"### Question number {n} about the set-up?\n\nAnswer {n}. "
        + "Keep the ribs down. " * 12
        + "\n"
        for n in range(1, 31)
    )
    steps = "\n".join(f"- Step {n}: " + "brace and breathe out slowly " * 4 for n in range(1, 16))
    write_exercise(
        content,
        "long-one",
        """
        ---
        name: Long One
        ---

        """
        + "\nAn intro paragraph that goes on. " * 3
        + f"\n\n## Instructions\n\n{steps}\n\n## Tips\n\n- One tip.\n\n"
        + f"## Frequently Asked Questions\n\n{questions}",
    )


def test_headings_and_questions_are_never_last_on_a_page(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _long_exercise(content)
    out = tmp_path / "long.pdf"
    result = run("handout", "long-one", "--content", content, "-o", out)
    assert result.exit_code == 0, result.output
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) >= 3
        for page in pdf.pages:
            body = [
                w for w in page.extract_words(extra_attrs=["fontname", "size"]) if w["size"] >= 9
            ]  # not the footer's small print (the body may be set 10% smaller to save a page)
            last_line_top = max(w["top"] for w in body)
            last_line = [w for w in body if abs(w["top"] - last_line_top) < 1]
            assert not all("Bold" in w["fontname"] for w in last_line), (
                page.page_number,
                " ".join(w["text"] for w in last_line),
            )


def test_a_400_character_word_wraps_inside_the_margins(tmp_path: Path) -> None:
    content = tmp_path / "content"
    word = "Glute" + "e" * 395
    write_exercise(
        content,
        "wordy",
        f"""
        ---
        name: Wordy
        ---

        {word}

        ## Instructions

        - Lift {word} now.
        """,
    )
    out = tmp_path / "wordy.pdf"
    assert run("handout", "wordy", "--content", content, "-o", out).exit_code == 0
    assert_glyphs_inside(out, margin=10 * 72 / 25.4)
    assert word in "".join(body_text(out, "Wordy").split())


def _prose(count: int, seed: int) -> str:
    """Ordinary words, about ``count`` characters, each a different number so order shows."""
    words: list[str] = []
    index = seed
    while sum(len(w) + 1 for w in words) < count:
        words.append(f"brace{index}")
        index += 1
    return " ".join(words)[: count - 1].rstrip() + "."


def test_long_paragraphs_under_the_cap_build_and_are_lossless(tmp_path: Path) -> None:
    """A 2,640-character write-up (refused under the old 2,000 cap) and a 20,000-character
    paragraph, the cap set from bench/bench_limits.py, print every word in order."""
    intro, tip = _prose(2640, 0), _prose(20_000, 100_000)
    assert (len(intro), len(tip)) == (2640, 20_000)
    write_exercise(
        tmp_path,
        "long-read",
        f"---\nname: Long Read\n---\n\n{intro}\n\n## Instructions\n\n- Go.\n\n"
        f"## Tips & Tricks\n\n- {tip}\n",
    )
    out = tmp_path / "long.pdf"
    result = run("handout", "long-read", "--content", tmp_path, "-o", out)
    assert result.exit_code == 0, result.output
    text = body_text(out, "Long Read")
    assert_in_order([intro, "Go.", tip], text)
    assert len(page_texts(out)) > 3
    assert_glyphs_inside(out)
