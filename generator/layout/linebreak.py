"""Where a line may break, by the rules of each language (a compact subset of UAX #14).

- After spaces, as everywhere.
- Chinese and Japanese: between any two ideographs, kana or full-width signs, as they are
  written without spaces; never before closing punctuation, small kana or the prolonged
  sound mark (kinsoku: no line starts with 。、」) etc.), never after opening punctuation.
- Korean is written with spaces between words and breaks there (as Korean typesetting does,
  "keep-all"); a word wider than the line is still broken between syllables by the caller.
- Never inside a Latin word or number set among CJK text, never before a combining mark,
  ZWJ or ZWNJ (Persian keeps its ZWNJ inside the word).

No character is added or removed: a break is a position, so the text extracts as written.
"""

from __future__ import annotations

import unicodedata

from generator.layout.scripts import base_language

# May not start a line: closing brackets and quotes, stops and commas, small kana, iteration
# marks, the prolonged sound mark, and their ASCII counterparts.
NO_START = set(
    "!%),.:;?]}¢°’”‰′″℃、。〉》」』】〕〗〙〛〞〟・ー゛゜ゝゞヽヾ々〻"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "！％），．：；？］｝｡｣､･ｰ～〜‐゠–…‥"
)
# May not end a line: opening brackets and quotes, currency signs before numbers.
NO_END = set("([{£¥$‘“〈《「『【〔〖〘〚〝（［｛｢＄￡￥")
_CJK_SCRIPTS = {"Hani", "Hira", "Kana", "Hang", "Bopo"}


def is_cjk(char: str) -> bool:
    """Ideographs, kana, hangul, and the CJK and full-width signs written among them."""
    code = ord(char)
    if 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or 0x30A0 <= code <= 0x30FF:
        return True
    if code < 0x1100:
        return False
    from generator.layout.scripts import script_of

    return script_of(char) in _CJK_SCRIPTS


def _is_hangul(char: str) -> bool:
    code = ord(char)
    return 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F


def _joins_previous(char: str) -> bool:
    return unicodedata.category(char)[0] == "M" or char in "\u200c\u200d"


def break_opportunities(text: str, language: str) -> list[bool]:
    """``result[k]`` is True when a line may start at character ``k`` (0 < k < len(text))."""
    korean = base_language(language) == "ko"
    result = [False] * (len(text) + 1)
    for k in range(1, len(text)):
        before, after = text[k - 1], text[k]
        if after in (" ", "\u3000", "\n") or _joins_previous(after) or before == "\u200d":
            continue
        if before in (" ", "\u3000"):
            result[k] = True
            continue
        if after in NO_START or before in NO_END:
            continue
        if not (is_cjk(before) or is_cjk(after)):
            continue
        if korean and (_is_hangul(before) or _is_hangul(after)):
            continue
        result[k] = True
    return result
