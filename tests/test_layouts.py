"""Card layouts as theme data: landscape side by side, wall cards, QR labels, one type scale."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
import pytest
from conftest import ROOT, chars, page_texts, run, write_exercise

IMAGES = ROOT / "content" / "images" / "everkinetic"
VIDEO = "https://www.youtube.com/watch?v=eGo4IYlbE5g"
CUE_WORDS = {"Hang", "proud", "elbows", "ribs", "Bring", "upper", "Lower", "control"}
CUES = [
    "Hang long with your chest proud",  # four cues of at most eight words
    "Pull your elbows down to your ribs",
    "Bring the bar to your upper chest",
    "Lower all the way under control",
]


def _exercise(
    folder: Path,
    slug: str,
    name: str = "Pull Ups",
    video: bool = False,
    cues: list[str] | None = CUES,
    drawings: bool = True,
    extra_steps: int = 0,
) -> None:
    images = folder / "images"
    if drawings and not images.exists():
        images.mkdir(parents=True)
        for file in ("0087-relaxation.svg", "0087-tension.svg"):
            shutil.copy(IMAGES / file, images / file)
    lines = ["---", f"name: {name}", "muscles:", "  primary: [latissimus dorsi]"]
    lines += ["equipment: [bar]", "attribution: Everkinetic (everkinetic.com), CC BY-SA 4.0"]
    if drawings:
        lines += ["images: [images/0087-relaxation.svg, images/0087-tension.svg]"]
    if video:
        lines += [f"video: {VIDEO}"]
    lines += ["---", "", "## Instructions", ""]
    steps = ["Grab the bar with both hands.", "Pull until your chin is over the bar."]
    steps += [f"Extra step number {n} of the long instructions." for n in range(extra_steps)]
    lines += [f"- {s}" for s in steps]
    if cues:
        lines += ["", "## Cues", ""] + [f"- {c}" for c in cues]
    lines += ["", "## Common Mistakes", "", "- Kipping to reach the bar", ""]
    write_exercise(folder, slug, "\n".join(lines))


def _card(folder: Path, slug: str, out: Path, *args: object) -> Path:
    result = run("card", slug, "--content", folder, "-o", out, *args)
    assert result.exit_code == 0, result.output
    return out


def _sizes_of(path: Path, text: str) -> list[float]:
    """Sizes of the characters of the first line that starts with ``text``."""
    with pdfplumber.open(path) as pdf:
        words = pdf.pages[0].extract_words(extra_attrs=["size"])
    first = text.split()[0]
    return [w["size"] for w in words if w["text"] == first]


def _drawing_x_range(path: Path) -> tuple[float, float]:
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        shapes = [
            c
            for c in page.curves
            if c["x1"] - c["x0"] > 2
            and c["height"] > 2
            and c["non_stroking_color"] in ((0.0, 0.0, 0.0), (1.0, 1.0, 1.0), (0,), (1,))
        ]
        return min(c["x0"] for c in shapes), max(c["x1"] for c in shapes)


@pytest.mark.parametrize("size", ["a4", "letter", "a5", "a6", "4x6", "5x8"])
def test_landscape_cards_put_drawings_and_cues_side_by_side(tmp_path: Path, size: str) -> None:
    _exercise(tmp_path, "pull-ups", video=True)
    out = _card(tmp_path, "pull-ups", tmp_path / "card.pdf", "--size", size, "--landscape")
    left, right = _drawing_x_range(out)
    cue_chars = [c for _, c in chars(out) if c["top"] > 0]
    with pdfplumber.open(out) as pdf:
        words = pdf.pages[0].extract_words()
    cue_words = CUE_WORDS
    cue_x = [w["x0"] for w in words if w["text"] in cue_words]
    assert cue_chars and cue_x
    assert min(cue_x) > right, "cues start right of the drawings: disjoint x ranges"
    assert left < min(cue_x)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_wall_cards_read_across_the_room(tmp_path: Path, paper: str) -> None:
    _exercise(tmp_path, "pull-ups", video=True)
    out = _card(tmp_path, "pull-ups", tmp_path / "wall.pdf", "--size", paper, "--profile", "wall")
    for cue in CUES:
        sizes = _sizes_of(out, cue)
        assert sizes and min(sizes) >= 36, (cue, sizes)
    title = max(_sizes_of(out, "Pull"))
    assert title > max(_sizes_of(out, CUES[0])), "the name is larger than the cues"
    text = page_texts(out)[0]
    assert "Start" in text and "Finish" in text, "drawings are labelled start and finish"
    assert "Kipping" not in text, "a wall card shows cues, not the mistakes list"


def test_wall_drawings_take_at_least_a_third_of_the_card(tmp_path: Path) -> None:
    from generator.content.loader import load_exercise
    from generator.pipeline import Options, Renderer

    _exercise(tmp_path, "pull-ups", video=True)
    exercise = load_exercise(tmp_path / "exercises" / "pull-ups.md")
    for landscape in (False, True):
        options = Options(card_size="a4", profile="wall", landscape=landscape)
        layout = Renderer(options).card_layout(exercise)
        (drawings,) = [p for p in layout.placed if p.region == "drawings"]
        margin = layout.margin
        if landscape:  # beside the cues: at least 35% of the card's width inside its margins
            assert drawings.width >= 0.35 * (layout.page.width - 2 * margin) - 0.01
        else:  # above the cues: at least 35% of its height inside its margins
            assert drawings.height >= 0.35 * (layout.page.height - 2 * margin) - 0.01


def test_a_wall_card_without_cues_is_refused_with_what_to_write(tmp_path: Path) -> None:
    _exercise(tmp_path, "no-cues", cues=None)
    out = tmp_path / "wall.pdf"
    result = run("card", "no-cues", "--content", tmp_path, "--profile", "wall", "-o", out)
    assert result.exit_code == 1
    assert "no-cues.md" in result.stderr
    assert "write a '## Cues' section" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("size", ["a4", "a5", "a6", "4x6"])
@pytest.mark.parametrize("landscape", [False, True])
def test_a_video_prints_a_short_label_and_barely_shrinks_the_cues(
    tmp_path: Path, size: str, landscape: bool
) -> None:
    _exercise(tmp_path, "plain")
    _exercise(tmp_path, "video", video=True)
    flags = ["--size", size, *(["--landscape"] if landscape else [])]
    plain = _card(tmp_path, "plain", tmp_path / "plain.pdf", *flags)
    video = _card(tmp_path, "video", tmp_path / "video.pdf", *flags)
    text = page_texts(video)[0]
    assert "youtube.com/watch" not in text.replace("\n", ""), "the URL is in the code, not printed"
    with pdfplumber.open(video) as pdf:
        label = [w for w in pdf.pages[0].extract_words() if w["text"] == "YouTube"]
    assert len(label) == 1, "the label is one word on one line"
    before, after = _sizes_of(plain, CUES[0]), _sizes_of(video, CUES[0])
    assert min(after) >= 0.9 * min(before), (before, after)


def test_every_card_of_a_sheet_has_the_same_body_size(tmp_path: Path) -> None:
    _exercise(tmp_path, "short", name="Pull Ups")
    long_cues = [c + " and keep breathing out slowly through the mouth" for c in CUES]
    _exercise(tmp_path, "wordy", name="Chin Ups", cues=long_cues)
    out = tmp_path / "sheet.pdf"
    result = run("sheet", "short", "wordy", "--content", tmp_path, "-o", out)
    assert result.exit_code == 0, result.output
    short, wordy = _sizes_of(out, "Hang"), _sizes_of(out, "Hang")
    with pdfplumber.open(out) as pdf:
        words = pdf.pages[0].extract_words(extra_attrs=["size"])
    hang = sorted({round(w["size"], 2) for w in words if w["text"] == "Hang"})
    assert len(hang) == 1, hang
    assert short and wordy
    each = tmp_path / "each.pdf"
    result = run("sheet", "short", "wordy", "--content", tmp_path, "-o", each, "--fit", "each")
    assert result.exit_code == 0, result.output
    with pdfplumber.open(each) as pdf:
        words = pdf.pages[0].extract_words(extra_attrs=["size"])
    assert len({round(w["size"], 2) for w in words if w["text"] == "Hang"}) == 2


MOVED = """\
extends: default
card:
  layouts:
    landscape:
      rows:
        - columns: [{region: title}, {region: qr, width: 0.14, align: right}]
        - band
        - fill: true
          columns:
            - rows: [cues, avoid, fields]
            - {region: drawings, width: 0.45}
        - {region: credit, pin: bottom}
"""


def test_a_theme_moves_the_drawings_right_and_the_qr_to_the_top_without_code(
    tmp_path: Path,
) -> None:
    _exercise(tmp_path, "pull-ups", video=True)
    theme = tmp_path / "moved.yaml"
    theme.write_text(MOVED, encoding="utf-8")
    out = _card(tmp_path, "pull-ups", tmp_path / "moved.pdf", "--landscape", "--theme", theme)
    left, _ = _drawing_x_range(out)
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        height, width = page.height, page.width
    cue_words = CUE_WORDS
    assert max(w["x1"] for w in words if w["text"] in cue_words) < left, "drawings on the right"
    (label,) = [w for w in words if w["text"] == "YouTube"]
    assert label["top"] < height / 4 and label["x0"] > width * 0.75, "QR in the top corner"


def test_unknown_regions_and_layout_keys_are_reported_with_file_and_line(tmp_path: Path) -> None:
    _exercise(tmp_path, "pull-ups")
    theme = tmp_path / "bad.yaml"
    theme.write_text(
        "extends: default\ncard:\n  layouts:\n    portrait:\n      rows:\n        - title\n"
        "        - drawngs\n        - {region: cues, hieght: 0.5}\n      giveway: [qr]\n",
        encoding="utf-8",
    )
    result = run("card", "pull-ups", "--content", tmp_path, "--theme", theme)
    assert result.exit_code == 1
    assert f"{theme}:7:" in result.stderr and "unknown region 'drawngs'" in result.stderr
    assert f"{theme}:8:" in result.stderr and "unknown key 'hieght'" in result.stderr
    assert f"{theme}:9:" in result.stderr and "unknown key 'giveway'" in result.stderr


def test_pdfs_declare_only_embedded_fonts(tmp_path: Path) -> None:
    _exercise(tmp_path, "pull-ups", video=True)
    card = _card(tmp_path, "pull-ups", tmp_path / "card.pdf")
    handout = tmp_path / "handout.pdf"
    assert run("handout", "pull-ups", "--content", tmp_path, "-o", handout).exit_code == 0
    for path in (card, handout):
        for page in pypdf.PdfReader(path).pages:
            fonts: Any = page["/Resources"]["/Font"]  # type: ignore[index]
            for ref in fonts.values():
                font = ref.get_object()
                assert "Helvetica" not in str(font["/BaseFont"]), path
                descendant = (
                    font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
                )
                assert "/FontFile2" in descendant["/FontDescriptor"], (path, font["/BaseFont"])


def test_field_rules_start_at_one_left_edge(tmp_path: Path) -> None:
    write_exercise(
        tmp_path,
        "leg-press",
        "---\nname: Leg Press\nfields: [Seat, Band colour used today]\n---\n\n"
        "## Instructions\n\n- Press.\n",
    )
    out = _card(tmp_path, "leg-press", tmp_path / "card.pdf")
    with pdfplumber.open(out) as pdf:
        rules = [ln for ln in pdf.pages[0].lines if abs(ln["y0"] - ln["y1"]) < 0.01]
    assert len(rules) == 2
    assert rules[0]["x0"] == pytest.approx(rules[1]["x0"], abs=0.01)


def test_titles_break_into_balanced_lines(tmp_path: Path) -> None:
    _exercise(tmp_path, "long", name="Weighted One Leg Hip Thrust With Pause")
    out = _card(tmp_path, "long", tmp_path / "card.pdf", "--size", "a6")
    with pdfplumber.open(out) as pdf:
        words = pdf.pages[0].extract_words(extra_attrs=["size"])
    biggest = max(w["size"] for w in words)
    title = [w for w in words if w["size"] == biggest]
    lines: dict[float, float] = {}
    for word in title:
        key = round(word["top"])
        lines[key] = max(lines.get(key, 0.0), word["x1"]) - 0.0
    starts = {
        round(w["top"]): min(x["x0"] for x in title if round(x["top"]) == round(w["top"]))
        for w in title
    }
    widths = [lines[k] - starts[k] for k in lines]
    assert len(widths) >= 2
    assert min(widths) >= 0.6 * max(widths), widths


@pytest.mark.parametrize("size", ["a4", "letter", "a5"])
def test_a_roomy_card_trades_a_little_text_size_for_large_drawings(
    size: str, tmp_path: Path
) -> None:
    """A short card does not keep its drawings at the smallest step to win the last points of
    type: the text gives up at most 15% of its best size for larger drawings (the smallest step
    is a fifth of the height; a roomy card gets at least the next one)."""
    from generator.content.loader import load_exercise
    from generator.pipeline import Options, Renderer

    _exercise(tmp_path, "pull-ups", video=True)
    exercise = load_exercise(tmp_path / "exercises" / "pull-ups.md")
    renderer = Renderer(Options(card_size=size))
    best = renderer.card_layout(exercise, compact=True)  # every region at its most compact
    layout = renderer.card_layout(exercise)
    (drawings,) = [p for p in layout.placed if p.region == "drawings"]
    assert drawings.height >= 0.26 * (layout.page.height - 2 * layout.margin)
    assert best.size * 0.85 - 0.25 <= layout.size <= best.size
