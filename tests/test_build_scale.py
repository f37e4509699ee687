"""`build` sets every card at one type scale, keeps it current, and `--fit each` opts out."""

from __future__ import annotations

import json
from pathlib import Path

import pdfplumber
from conftest import run, write_exercise

CUES = ["Hang long with your chest proud", "Pull your elbows down to your ribs"]


def _exercise(folder: Path, slug: str, name: str, cues: list[str]) -> None:
    lines = ["---", f"name: {name}", "muscles:", "  primary: [lats]", "equipment: [bar]", "---"]
    lines += ["", "## Instructions", "", "- Grab the bar.", "- Pull up.", "", "## Cues", ""]
    lines += [f"- {cue}" for cue in cues]
    write_exercise(folder, slug, "\n".join(lines) + "\n")


def _hang_size(card: Path) -> float:
    """The size of the first cue's first word: the body size the card was set at."""
    with pdfplumber.open(card) as pdf:
        words = pdf.pages[0].extract_words(extra_attrs=["size"])
    sizes = {round(w["size"], 2) for w in words if w["text"] == "Hang"}
    assert len(sizes) == 1, sizes
    return sizes.pop()


def _build(content: Path, out: Path, *args: str) -> str:
    result = run("build", "--content", content, "--out", out, "--jobs", "1", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _wordy(content: Path) -> None:
    long_cues = [c + " and keep breathing out slowly through the mouth" for c in CUES] * 3
    _exercise(content, "wordy", "Chin Ups", long_cues)


def test_cards_of_a_build_share_the_largest_scale_every_card_can_take(tmp_path: Path) -> None:
    content, out = tmp_path / "content", tmp_path / "out"
    _exercise(content, "short", "Pull Ups", CUES)
    _wordy(content)
    stdout = _build(content, out)
    short, wordy = _hang_size(out / "cards" / "short.pdf"), _hang_size(out / "cards" / "wordy.pdf")
    assert short == wordy
    assert "type scale" in stdout

    each = tmp_path / "each"
    _build(content, each, "--fit", "each")
    alone_short = _hang_size(each / "cards" / "short.pdf")
    alone_wordy = _hang_size(each / "cards" / "wordy.pdf")
    assert alone_short > alone_wordy, "the short card fills its page on its own"
    assert short == alone_wordy, "the set takes the largest size the wordiest card can take"


def test_the_shared_scale_follows_edits_and_a_rebuild_with_no_change_skips_all(
    tmp_path: Path,
) -> None:
    content, out = tmp_path / "content", tmp_path / "out"
    _exercise(content, "short", "Pull Ups", CUES)
    _exercise(content, "other", "Chin Ups", CUES[:1])
    _build(content, out)
    before = _hang_size(out / "cards" / "short.pdf")
    assert "built 0 file(s), skipped 2" in _build(content, out)

    _wordy(content)  # a new, wordier card lowers the scale: the unchanged card is set again
    stdout = _build(content, out)
    after = _hang_size(out / "cards" / "short.pdf")
    assert after < before
    assert after == _hang_size(out / "cards" / "wordy.pdf")
    assert "built 4 file(s)" in stdout, stdout  # wordy's card and handout, two cards set again
    manifest = json.loads((out / ".coachcards-build.json").read_text())
    assert {entry["card_at"] for entry in manifest.values()} == {after}

    (content / "exercises" / "wordy.md").unlink()  # the wordy card is gone: the others grow back
    _build(content, out)
    assert _hang_size(out / "cards" / "short.pdf") == before
    assert "built 0 file(s), skipped 2" in _build(content, out)


def test_a_refused_card_does_not_set_the_scale_and_keeps_its_handout(tmp_path: Path) -> None:
    content, out = tmp_path / "content", tmp_path / "out"
    _exercise(content, "short", "Pull Ups", CUES)
    _exercise(content, "huge", "Long One", [f"Cue {n} " + "word " * 40 for n in range(30)])
    result = run("build", "--content", content, "--out", out, "--jobs", "1")
    assert result.exit_code == 1
    assert "huge.md" in result.output and "does not fit" in result.output
    assert (out / "handouts" / "huge.pdf").is_file()
    assert not (out / "cards" / "huge.pdf").exists()
    each = tmp_path / "each"
    run("build", "--content", content, "--out", each, "--jobs", "1", "--fit", "each")
    assert _hang_size(out / "cards" / "short.pdf") == _hang_size(each / "cards" / "short.pdf")
