"""Normalising people's words and looking them up with typo tolerance.

People type on basic phones without accents, in capitals, with typos. Every lookup in
this package compares normalised forms, and every fuzzy comparison goes through
rapidfuzz with one rule for how many typos a word may carry.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

from rapidfuzz import process
from rapidfuzz.distance import OSA

V = TypeVar("V", bound=Hashable)

_NOT_WORD = re.compile(r"[\W_]+")


def strip_accents(text: str) -> str:
    """Remove combining marks (é → e, ç → c, ã → a)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def normalise(text: str) -> str:
    """NFKC, casefold, accents stripped, punctuation and emoji to single spaces."""
    folded = strip_accents(unicodedata.normalize("NFKC", text).casefold())
    return _NOT_WORD.sub(" ", folded).strip()


def edit_budget(length: int) -> int:
    """Typos tolerated in a word of `length` characters.

    None up to three letters, where one edit already makes another word (end/and,
    fin/fun); one up to seven ("stpo", "aidr"); two beyond.
    """
    if length <= 3:
        return 0
    return 1 if length <= 7 else 2


class Lookup(Generic[V]):
    """Normalised phrases → values, with exact and typo-tolerant lookup.

    Built once per table (keywords, country names) so that a lookup is one dict access
    or one rapidfuzz scan in C.
    """

    def __init__(self, entries: Iterable[tuple[str, V]]) -> None:
        table: dict[str, set[V]] = {}
        for phrase, value in entries:
            key = normalise(phrase)
            if key:
                table.setdefault(key, set()).add(value)
        self._table = {key: frozenset(values) for key, values in table.items()}
        self._keys = list(self._table)

    def phrases(self) -> list[str]:
        """The normalised phrases of the table."""
        return list(self._keys)

    def exact(self, key: str) -> frozenset[V]:
        """Values of an already normalised phrase."""
        return self._table.get(key, frozenset())

    def nearest(self, key: str, budget: int | None = None) -> frozenset[V]:
        """Values of the closest phrases within `budget` typos of `key` (normalised).

        The budget defaults to `edit_budget(len(key))`. An exact match wins. Otherwise
        the phrases at the smallest edit distance that start with the same letter (typos
        rarely hit the first one) are returned, so a caller sees when two meanings are
        equally close and can refuse to guess.
        """
        if not key:
            return frozenset()
        if key in self._table:
            return self._table[key]
        if budget is None:
            budget = edit_budget(len(key))
        if not budget:
            return frozenset()
        found = process.extract(
            key, self._keys, scorer=OSA.distance, score_cutoff=budget, limit=None
        )
        found = [(phrase, distance) for phrase, distance, _ in found if phrase[0] == key[0]]
        if not found:
            return frozenset()
        best = min(distance for _, distance in found)
        return frozenset().union(
            *(self._table[phrase] for phrase, distance in found if distance == best)
        )
