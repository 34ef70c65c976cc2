"""Splitting texts longer than a channel allows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from channels.splitting import split_text, utf16_length

FAMILY = "👩‍👩‍👧‍👦"  # one grapheme, 7 code points, 11 UTF-16 units
FLAG = "🇰🇪"


@pytest.mark.parametrize(
    ("text", "limit", "parts"),
    [
        ("short", 10, ["short"]),
        ("one two three four", 9, ["one two", "three", "four"]),
        ("para one.\n\npara two is here", 20, ["para one.", "para two is here"]),
        ("line a\nline b c", 10, ["line a", "line b c"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
        ("ab" + "e\u0301" * 3, 3, ["ab", "e\u0301", "e\u0301", "e\u0301"]),
        ("a" + FAMILY, 11, ["a", FAMILY]),
        (FLAG * 3, 6, [FLAG, FLAG, FLAG]),
        ("🌱🌱🌱", 4, ["🌱🌱", "🌱"]),
    ],
    ids=[
        "fits",
        "word boundaries",
        "paragraph first",
        "line break",
        "one long word is hard-cut",
        "combining accent stays with its letter",
        "ZWJ sequence kept whole when it can be",
        "flags are pairs",
        "surrogate pairs never split",
    ],
)
def test_split(text: str, limit: int, parts: list[str]) -> None:
    assert split_text(text, limit) == parts


def test_a_grapheme_longer_than_the_limit_is_hard_cut_without_losing_anything() -> None:
    parts = split_text(FAMILY, 8)
    assert "".join(parts) == FAMILY
    assert all(utf16_length(p) <= 8 for p in parts)


def test_telegram_and_twilio_limits() -> None:
    words = ("mot " * 2000).strip()
    for limit in (4096, 1600):
        parts = split_text(words, limit)
        assert all(utf16_length(p) <= limit for p in parts)
        assert " ".join(parts) == words


def test_numbered_parts_fit_with_their_suffix() -> None:
    parts = split_text("word " * 100, 50, numbered=True)
    assert parts[0].endswith(f" (1/{len(parts)})")
    assert parts[-1].endswith(f" ({len(parts)}/{len(parts)})")
    assert all(len(p) <= 50 for p in parts)


def test_numbering_is_only_added_when_split() -> None:
    assert split_text("short", 50, numbered=True) == ["short"]


@given(st.text(min_size=0, max_size=400), st.integers(min_value=2, max_value=60))
def test_parts_fit_and_keep_every_non_space_character_in_order(text: str, limit: int) -> None:
    parts = split_text(text, limit)
    if utf16_length(text) > limit:
        assert all(utf16_length(p) <= limit for p in parts)
    squeeze = "".join(text.split())
    assert "".join("".join(p.split()) for p in parts) == squeeze
