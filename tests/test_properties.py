"""Property tests: for any exercise, a correct PDF or a clear error, never a crash.

`make test` runs a fixed, reproducible sample (COACHCARDS_FUZZ_EXAMPLES, default 60 per test);
`make fuzz` runs thousands of fresh random examples.
"""

from __future__ import annotations

import io
import os
import tempfile
import unicodedata
from pathlib import Path

import pdfplumber
import pypdf
from conftest import squash
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.loader import load_exercise
from generator.content.model import Exercise
from generator.content.writer import Draft, to_markdown
from generator.errors import CoachcardsError
from generator.pipeline import Renderer

EXAMPLES = int(os.environ.get("COACHCARDS_FUZZ_EXAMPLES", "60"))
RANDOM = os.environ.get("COACHCARDS_FUZZ_RANDOM") == "1"
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not RANDOM,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

MARKUP = "<>&{}*_#-:\\[]!`|~\"'%/=;"
COVERED = (
    [chr(c) for c in range(0x20, 0x7F)]
    + [chr(c) for c in range(0xC0, 0x17F)]
    + [chr(c) for c in range(0x391, 0x3CA) if unicodedata.category(chr(c)).startswith("L")]
    + [chr(c) for c in range(0x410, 0x450)]
    + list("–—‘’“”…€«»·×")
    + list(MARKUP) * 4
)
covered_text = st.text(alphabet=st.sampled_from(COVERED), min_size=1, max_size=140).filter(
    str.strip
)
any_text = st.text(max_size=40)  # anything at all: controls, emoji, CJK, combining marks, blanks
long_text = st.text(alphabet=st.sampled_from(COVERED), min_size=1500, max_size=2000).filter(
    str.strip
)  # the longest a paragraph may be (longer is refused; a unit test covers that)
# text ending in backslashes: at a line's end the format reads them specially
trailing_backslash = st.tuples(covered_text, st.integers(1, 3)).map(lambda t: t[0] + "\\" * t[1])
# Mostly text a coach could write, so that most examples reach the layout; some hostile.
field = st.one_of(*[covered_text] * 30, trailing_backslash, any_text, long_text)

# Short items in long lists: a boxed region (the band, Common Mistakes) then runs over a page
# break with items too short to split there, the case that used to lose items.
short_text = st.text(alphabet=st.sampled_from(COVERED), min_size=1, max_size=30).filter(str.strip)
short_list = st.lists(short_text, max_size=3) | st.lists(short_text, min_size=20, max_size=45)
item_list = st.lists(field, max_size=8) | short_list
meta = st.fixed_dictionaries(
    {},
    optional={
        "muscles": st.fixed_dictionaries({"primary": st.lists(short_text, min_size=1)}),
        "equipment": short_list.filter(bool),
        "fields": st.lists(short_text, min_size=1, max_size=6),
    },
)
exercises = st.builds(
    Draft,
    name=st.one_of(*[covered_text] * 15, any_text),
    intro=st.lists(field, max_size=3),
    instructions=st.lists(field, min_size=1, max_size=14) | short_list.filter(bool),
    cues=st.lists(covered_text, max_size=4),
    tips=st.lists(field, max_size=5),
    mistakes=item_list,
    faq=st.lists(st.tuples(field, st.lists(field, min_size=1, max_size=2)), max_size=3),
    meta=meta,
)

_renderer: Renderer | None = None


def renderer() -> Renderer:
    global _renderer
    if _renderer is None:
        _renderer = Renderer()
    return _renderer


def _expected(text: str) -> str:
    """What the PDF must say: the documented normalisation (NFC, invisible marks gone)."""
    text = unicodedata.normalize("NFC", text)
    return squash(text.translate(dict.fromkeys(map(ord, "\u00ad\u200b\ufeff\u2060"))))


def _check_pdf(data: bytes, pieces: list[str], one_page: bool, footer: str = "") -> None:
    reader = pypdf.PdfReader(io.BytesIO(data))
    if one_page:
        assert len(reader.pages) == 1
    pages = [squash(page.extract_text()) for page in reader.pages]
    if footer:  # a handout's running footer ends every page: take it off before comparing
        for number, page in enumerate(pages):
            end = f"{_expected(footer)}Page{number + 1}of{len(pages)}"
            assert page.endswith(end), f"page {number + 1} has no footer"
            pages[number] = page[: -len(end)]
    text = "".join(pages)
    position = 0
    for piece in pieces:
        wanted = _expected(piece)
        found = text.find(wanted, position)
        assert found >= 0, f"missing or out of order: {piece[:60]!r}"
        position = found + len(wanted)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for drawn in pdf.pages:
            for c in drawn.chars:
                assert c["x0"] >= -0.5 and c["x1"] <= drawn.width + 0.5
                assert c["top"] >= -0.5 and c["bottom"] <= drawn.height + 0.5


def _load(draft: Draft) -> Exercise | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "exercises" / "fuzz.md"
        path.parent.mkdir()
        path.write_text(to_markdown(draft), encoding="utf-8")
        try:
            return load_exercise(path)
        except CoachcardsError as error:
            assert all(p.message and p.path for p in error.problems)
            return None


@SETTINGS
@given(exercises)
def test_any_exercise_gives_a_lossless_handout_or_a_clear_error(draft: Draft) -> None:
    exercise = _load(draft)
    if exercise is None:
        return
    try:
        data = renderer().handout(exercise)
    except CoachcardsError as error:
        assert all("cannot draw" in p.message for p in error.problems), error.problems
        return
    band = [*draft.meta.get("muscles", {}).get("primary", []), *draft.meta.get("equipment", [])]
    sections = [*draft.instructions, *draft.cues, *draft.tips, *draft.mistakes]
    pieces = [draft.name, *band, *draft.intro, *sections]
    for question, answers in draft.faq:
        pieces += [question, *answers]
    _check_pdf(data, [p for p in pieces if p.strip()], one_page=False, footer=draft.name)


@SETTINGS
@given(exercises)
def test_any_exercise_gives_a_one_page_card_or_a_clear_error(draft: Draft) -> None:
    exercise = _load(draft)
    if exercise is None:
        return
    try:
        data = renderer().card(exercise)
    except CoachcardsError as error:
        message = error.problems[0].message
        assert "does not fit" in message or "cannot draw" in message, message
        return
    _check_pdf(data, [draft.name, *(draft.cues or draft.instructions)], one_page=True)
