"""Split a text that is longer than a channel allows into ordered parts.

Lengths are counted in UTF-16 code units: Telegram counts its 4096 that way, and for
Twilio's 1600 (code points) it is never an undercount, so one measure is safe for both.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

# Characters that attach to the previous one; cutting before them breaks a grapheme
# (accents, emoji skin tones, variation selectors, keycaps, emoji tag sequences).
_ZWJ = "\u200d"


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units (astral characters such as most emoji count 2)."""
    return len(text.encode("utf-16-le")) // 2


def _attaches_to_previous(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Mc", "Me")
        or char == _ZWJ
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
    )


def _is_regional_indicator(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def _safe_cut(text: str, end: int) -> int:
    """Move a hard cut at `end` back so it does not fall inside a grapheme, if possible."""
    cut = end
    while cut > 0 and (_attaches_to_previous(text[cut]) or text[cut - 1] == _ZWJ):
        cut -= 1
    # A flag is a pair of regional indicators: count the run before the cut.
    run = 0
    while cut - run > 0 and _is_regional_indicator(text[cut - run - 1]):
        run += 1
    if run % 2 == 1 and cut < len(text) and _is_regional_indicator(text[cut]):
        cut -= 1
    return cut if cut > 0 else end


def _prefix_fitting(text: str, limit: int, measure: Callable[[str], int]) -> int:
    """The largest n such that measure(text[:n]) <= limit (at least 1)."""
    used = 0
    for index, char in enumerate(text):
        used += measure(char)
        if used > limit:
            return max(index, 1)
    return len(text)


def _split_once(text: str, limit: int, measure: Callable[[str], int]) -> tuple[str, str]:
    fit = _prefix_fitting(text, limit, measure)
    if fit >= len(text):
        return text, ""
    # The character at `fit` may itself be the separator: it is dropped, so it may sit there.
    window = text[: fit + 1]
    # A paragraph or line break wins over a later space, unless it would leave a part
    # under a third of the limit.
    for separator in ("\n\n", "\n"):
        at = window.rfind(separator)
        if at > fit // 3:
            return text[:at].rstrip(), text[at:].lstrip()
    at = max(window.rfind(" "), window.rfind("\t"))
    if at > 0:
        return text[:at].rstrip(), text[at:].lstrip()
    cut = _safe_cut(text, fit)
    return text[:cut], text[cut:]


def split_text(
    text: str,
    limit: int,
    *,
    numbered: bool = False,
    measure: Callable[[str], int] = utf16_length,
) -> list[str]:
    """Split `text` into parts of at most `limit` units, preferring paragraph, line and
    word boundaries, falling back to a grapheme-aware hard cut for an over-long word.

    With `numbered`, parts get a " (i/n)" suffix when there is more than one; SMS parts
    sent as separate messages can arrive out of order, so the suffix helps the reader.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    if measure(text) <= limit:
        return [text]
    parts = _split_all(text, limit, measure)
    if not numbered:
        return parts
    digits = len(str(len(parts)))
    while True:
        room = len(" (/)") + 2 * digits
        if room >= limit:
            raise ValueError("limit too small to number the parts")
        parts = _split_all(text, limit - room, measure)
        if len(str(len(parts))) <= digits:
            break
        digits = len(str(len(parts)))
    total = len(parts)
    return [f"{part} ({index}/{total})" for index, part in enumerate(parts, 1)]


def _split_all(text: str, limit: int, measure: Callable[[str], int]) -> list[str]:
    parts: list[str] = []
    rest = text
    while rest:
        head, rest = _split_once(rest, limit, measure)
        if head:
            parts.append(head)
    return parts
