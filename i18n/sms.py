"""SMS text discipline: the GSM-7 alphabet and segment counting.

One character outside GSM-7 turns a whole SMS into UCS-2, which holds 70 characters
instead of 160 and so costs about 2.3 times as much. `to_gsm7` removes only what a
reader does not miss (an accent GSM-7 lacks, a curly quote); `segments` says what a
text will cost, with the rules the providers bill by.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

# GSM 03.38 basic character set (one septet each).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Extension table: each is sent as ESC + character, so it costs two septets.
GSM7_EXTENSION = frozenset("^{}[]~\\|€\f")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67

# Typography that has a plain GSM-7 equivalent but no Unicode decomposition to it.
_REPLACEMENTS = {
    **dict.fromkeys("‘’‚‛′`´‹›", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("–—‐‑‒−•·", "-"),
    **dict.fromkeys("\u00a0\u202f\u2009\u2007\t", " "),
    "\u200b": "",
    "…": "...",
    **{"œ": "oe", "Œ": "OE", "ĳ": "ij", "Ĳ": "IJ", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"},
}

Encoding = Literal["GSM-7", "UCS-2"]


@dataclass(frozen=True, slots=True)
class SegmentInfo:
    """What a text costs as one SMS: its encoding, parts, and units (septets or UTF-16)."""

    encoding: Encoding
    segments: int
    units: int


def _gsm7_char(char: str) -> str | None:
    """The GSM-7 spelling of one character, or None when there is none without loss."""
    if char in GSM7_BASIC or char in GSM7_EXTENSION:
        return char
    if char in _REPLACEMENTS:
        return _REPLACEMENTS[char]
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if base and all(c in GSM7_BASIC for c in base):
        return base
    return None


def to_gsm7(text: str) -> str:
    """Return `text` in the GSM-7 alphabet when that only drops accents or typography.

    Text that would stay UCS-2 anyway (another script, an emoji) is returned unchanged:
    converting part of it would lose accents and save nothing.
    """
    out: list[str] = []
    for char in text:
        converted = _gsm7_char(char)
        if converted is None:
            return text
        out.append(converted)
    return "".join(out)


def is_gsm7(text: str) -> bool:
    """True when every character can be sent in GSM-7 (basic or extension table)."""
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def _pack(costs: list[int], single: int, part: int) -> int:
    """Number of parts, never splitting an escape pair or a surrogate pair across parts."""
    if sum(costs) <= single:
        return 1
    parts, used = 1, 0
    for cost in costs:
        if used + cost > part:
            parts, used = parts + 1, 0
        used += cost
    return parts


def segments(text: str) -> SegmentInfo:
    """Count the SMS segments `text` needs (an empty text still costs one)."""
    if is_gsm7(text):
        costs = [2 if c in GSM7_EXTENSION else 1 for c in text]
        return SegmentInfo("GSM-7", _pack(costs, GSM7_SINGLE, GSM7_PART), sum(costs))
    costs = [2 if ord(c) > 0xFFFF else 1 for c in text]
    return SegmentInfo("UCS-2", _pack(costs, UCS2_SINGLE, UCS2_PART), sum(costs))


def for_channel(text: str, channel: str) -> str:
    """The bot's text as it should go out on `channel`: GSM-7 on SMS, unchanged elsewhere."""
    return to_gsm7(text) if channel == "sms" else text
