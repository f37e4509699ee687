"""Rules every piece of content text obeys, wherever it comes from (Markdown or an importer)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from generator.errors import CoachcardsError

# A paragraph (or item) of content. Set from bench/bench_limits.py (CPU time, median of 3
# round-robin rounds, 2 shared cores): a whole handout with one paragraph of 2,000 characters
# takes 18 ms, 20,000 take 123 ms, 50,000 take 536 ms and 100,000 take 1.47 s (reportlab's
# line breaking alone: 7, 60, 271, 657 ms; super-linear beyond 20,000). 20,000 characters is
# about 3,300 words, seven Letter pages of one paragraph: no real write-up reaches it, and the
# file cap below bounds how many such paragraphs one file can hold.
MAX_TEXT_CHARS = 20_000
MAX_FILE_BYTES = 256 * 1024
MAX_ITEMS = 200  # list items in one section, or questions in the FAQ
MAX_IMAGES = 4
MAX_IMAGE_BYTES = 10 * 1024 * 1024

_ALLOWED_CONTROLS = {"\n", "\t"}
# Invisible characters that copy-and-paste brings along: removed, as they print nothing.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\ufeff\u2060"))
# Format characters that are part of how a language is written, not junk: the zero-width
# non-joiner and joiner (Persian, Hindi, emoji sequences). Whether they can print is the glyph
# check's question.
_WRITING_FORMATS = {"\u200c", "\u200d"}


def clean(value: str, limit: int | None = None) -> tuple[str, list[str]]:
    """NFC-normalise and fold tabs; return the text and what is wrong with it.

    ``limit`` defaults to MAX_TEXT_CHARS, read at each call (bench/bench_limits.py raises it to
    time paragraphs beyond it).

    Control characters are refused rather than dropped: they usually mean a paste went wrong,
    and silently removing them would change what the coach wrote.
    """
    text = unicodedata.normalize("NFC", value).replace("\t", " ").translate(_INVISIBLE)
    problems = []
    # each distinct character once: every string a card prints passes here
    category = {c: unicodedata.category(c) for c in set(text)}
    for ch in sorted({c for c, cat in category.items() if cat == "Cc"} - _ALLOWED_CONTROLS):
        problems.append(f"control character U+{ord(ch):04X} is not allowed in text")
    for ch in sorted({c for c, cat in category.items() if cat == "Cf"} - _WRITING_FORMATS):
        name = unicodedata.name(ch, "format character")
        problems.append(f"invisible character U+{ord(ch):04X} ({name}) is not allowed in text")
    for ch in sorted({c for c, cat in category.items() if cat in ("Cn", "Zl", "Zp")}):
        problems.append(  # U+FFFF and other noncharacters, unassigned code points
            f"U+{ord(ch):04X} is not a character that can be printed"
        )
    if "\ufffd" in text:
        problems.append("text contains U+FFFD (a character lost in an earlier conversion)")
    limit = MAX_TEXT_CHARS if limit is None else limit
    if len(text) > limit:
        problems.append(
            f"this text is {len(text)} characters long; the limit is {limit}: "
            "split it into shorter paragraphs or items"
        )
    return text, problems


def read_text(path: Path) -> str:
    """A text file a coach wrote (exercise, program, clients), or the reason it is not one."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CoachcardsError.single(path, f"cannot read: {exc.strerror or exc}") from None
    text, why = decode(data)
    if text is None:
        raise CoachcardsError.single(path, why or "cannot read")
    return text


def decode(data: bytes) -> tuple[str | None, str | None]:
    """Bytes to text, or why they are not text a coach wrote."""
    if len(data) > MAX_FILE_BYTES:
        return None, f"file is {len(data) // 1024} KiB; the limit is {MAX_FILE_BYTES // 1024} KiB"
    if b"\x00" in data:
        return None, "not a text file (it contains NUL bytes)"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, f"not UTF-8 text (byte 0x{data[exc.start]:02X} on line {line})"
    return text.removeprefix("\ufeff"), None
