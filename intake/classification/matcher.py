"""A precompiled phrase matcher: keywords in, non-overlapping labelled spans out.

Keywords are compiled once into an index from each phrase's first two token keys (its
one key for a single word) to the phrases that start so, so matching a message costs a few
dictionary look-ups per token instead of a scan over thousands of keywords. A token's key
is its folded stem; a longer misspelt word that is not a known word is mapped onto the
closest keyword word with rapidfuzz (optimal string alignment distance, same first two
letters), and the result is cached because people reuse the same words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from intake.classification.text import (
    Token,
    acronym_key,
    fold,
    is_acronym,
    normalize,
    stem,
    tokenize,
)

ANY_LANGUAGE = "*"
FUZZY_MIN_LENGTH = 7  # shorter words must match exactly: too many real words lie one edit apart
FUZZY_TWO_EDITS_LENGTH = 11
INFLECTION_TAIL = 2  # edits only in the last letters are another inflection, not a typo
FREE_SUBSTITUTION_LENGTH = 9  # below this, a swapped letter must be one people confuse
# Letters people swap when they write by ear: "amenasa", "balearon"/"valearon", "kidnap"/"cidnap".
_CONFUSABLE = tuple(frozenset(group) for group in ("szcx", "bv", "iy", "jgh", "kcq", "mn", "uw"))
MAX_GAP = 1  # one extra word may sit inside a phrase: "took all our land", "no prior consultation"


@dataclass(frozen=True, slots=True)
class LabelRef:
    """What a phrase stands for: a label of an output field, or an internal cue."""

    field: str
    label: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One keyword of one language (or of every language, `*`)."""

    language: str
    phrase: str
    ref: LabelRef


@dataclass(frozen=True, slots=True)
class Phrase:
    """A compiled keyword: its token keys and every label it stands for."""

    keys: tuple[str, ...]
    refs: frozenset[LabelRef]


@dataclass(frozen=True, slots=True)
class Match:
    """A phrase found in a message, by token positions [start, end)."""

    start: int
    end: int
    refs: frozenset[LabelRef]
    evidence: str


@lru_cache(maxsize=1 << 16)
def phrase_keys(phrase: str) -> tuple[str, ...]:
    """Token keys of a keyword, computed exactly as for message tokens. Cached: building
    the vocabulary asks for most phrases several times (compounds, nested phrases)."""
    return tuple(
        acronym_key(token.text) if is_acronym(token.text) else stem(token.folded)
        for token in tokenize(normalize(phrase))
    )


class PhraseMatcher:
    """Finds the longest keyword phrases of one language in a tokenised message."""

    def __init__(
        self,
        entries: Iterable[Entry],
        known_words: Iterable[str],
        unskippable: Iterable[str] = (),
        clitics: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        by_language: dict[str, dict[tuple[str, ...], set[LabelRef]]] = defaultdict(
            lambda: defaultdict(set)
        )
        vocabulary: dict[str, str] = {}
        seen: set[str] = set()  # a phrase's words join the vocabulary once
        for entry in entries:
            keys = phrase_keys(entry.phrase)
            if not keys:
                continue
            by_language[entry.language][keys].add(entry.ref)
            if entry.phrase in seen:
                continue
            seen.add(entry.phrase)
            for token in tokenize(normalize(entry.phrase)):
                if not is_acronym(token.text):
                    vocabulary.setdefault(token.folded, stem(token.folded))
        self._acronyms = frozenset(
            key
            for phrases in by_language.values()
            for keys in phrases
            for key in keys
            if key.startswith(acronym_key(""))
        )
        self._keyword_keys = frozenset(vocabulary.values())
        self._vocabulary = vocabulary
        self._known = frozenset(vocabulary) | frozenset(known_words)
        self._buckets = _fuzzy_buckets(vocabulary)
        self._unskippable = frozenset(stem(word) for word in unskippable)
        self._clitics = {
            lang: frozenset(stem(fold(word)) for word in words)
            for lang, words in (clitics or {}).items()
        }
        self._clitics[ANY_LANGUAGE] = frozenset().union(*self._clitics.values())
        languages = [lang for lang in by_language if lang != ANY_LANGUAGE]
        shared = by_language.get(ANY_LANGUAGE, {})
        self._indexes = {lang: _index([by_language[lang], shared]) for lang in languages}
        self._indexes[ANY_LANGUAGE] = _index(by_language.values())
        self.word_keys = lru_cache(maxsize=1 << 16)(self._resolve_word)

    @property
    def languages(self) -> frozenset[str]:
        """Languages that have their own keywords."""
        return frozenset(self._indexes) - {ANY_LANGUAGE}

    def _resolve_word(self, folded: str) -> tuple[str, ...]:
        """The word's own key, or the keys of the nearest keyword words if it is misspelt."""
        key = stem(folded)
        if (
            key in self._keyword_keys
            or len(folded) < FUZZY_MIN_LENGTH
            or folded in self._known
            or not folded.isalpha()
        ):
            return (key,)
        max_edits = 1 if len(folded) < FUZZY_TWO_EDITS_LENGTH else 2
        by_length = self._buckets.get(folded[:2], {})
        candidates = [
            word
            for length in range(len(folded) - max_edits, len(folded) + max_edits + 1)
            for word in by_length.get(length, ())
        ]
        scored = process.extract(
            folded, candidates, scorer=OSA.distance, score_cutoff=max_edits, limit=None
        )
        if not scored:
            return (key,)
        typos = [(word, distance) for word, distance, _ in scored if _is_typo(folded, word)]
        if not typos:
            return (key,)
        # Several spellings of one word can be equally close ("threatned": threatened,
        # threatend); keep them all so every phrase built on any of them still matches.
        nearest = min(distance for _, distance in typos)
        return tuple(
            dict.fromkeys(self._vocabulary[w] for w, distance in typos if distance == nearest)
        )

    def token_keys(self, token: Token) -> tuple[str, ...]:
        """The keys a message token can match: its acronym form (if any) and its word key."""
        words = self.word_keys(token.folded)
        if is_acronym(token.text):
            acronym = acronym_key(token.text)
            if acronym in self._acronyms:
                return (acronym, *words)
        return words

    def match(self, tokens: Sequence[Token], text: str, language: str | None) -> list[Match]:
        """Non-overlapping matches, longest phrase first; equal spans keep all their labels.

        A word skipped inside a phrase stays free for other phrases: in "Canadian mining
        company" the nationality-company phrase leaves "mining" to the mining sector.
        """
        index = self._indexes.get(language or ANY_LANGUAGE, self._indexes[ANY_LANGUAGE])
        clitics = self._clitics.get(language or ANY_LANGUAGE, self._clitics[ANY_LANGUAGE])
        keysets = [self.token_keys(token) for token in tokens]
        found: list[tuple[tuple[int, ...], Phrase]] = []
        for start, keys in enumerate(keysets):
            # the second word of a phrase comes next or one word later: phrases are filed
            # under their first two keys, so only those that can go on are tried
            seconds = tuple(
                dict.fromkeys(key for ks in keysets[start + 1 : start + 3] for key in ks)
            )
            for key in keys:
                candidates = [*index.singles.get(key, ())]
                for second in seconds:
                    candidates += index.pairs.get((key, second), ())
                for phrase in candidates:
                    positions = _phrase_positions(
                        phrase.keys, keysets, start, self._unskippable, clitics
                    )
                    if positions is not None:
                        found.append((positions, phrase))
        found.sort(key=lambda item: (-len(item[0]), item[0][-1] - item[0][0], item[0][0]))
        taken = bytearray(len(tokens))
        spans: dict[tuple[int, ...], set[LabelRef]] = {}
        for positions, phrase in found:
            if positions not in spans and any(taken[p] for p in positions):
                continue
            for position in positions:
                taken[position] = 1
            spans.setdefault(positions, set()).update(phrase.refs)
        return [
            Match(
                positions[0],
                positions[-1] + 1,
                frozenset(refs),
                text[tokens[positions[0]].start : tokens[positions[-1]].end],
            )
            for positions, refs in sorted(spans.items())
        ]


def _is_typo(written: str, keyword: str) -> bool:
    """Whether `written` reads as a misspelling of `keyword` rather than another word.

    Not when they differ only in their last letters ("interpeller"/"interpelle": another
    inflection), nor, in shorter words, by a letter people would not confuse
    ("leading"/"leaking", "prison"/"poison": other words).
    """
    operations = Levenshtein.editops(written, keyword)
    tail = len(written) - INFLECTION_TAIL
    if all(op.src_pos >= tail for op in operations):
        return False
    if len(written) >= FREE_SUBSTITUTION_LENGTH:
        return True
    return all(
        op.tag != "replace" or _confusable(written[op.src_pos], keyword[op.dest_pos])
        for op in operations
    )


def _confusable(first: str, second: str) -> bool:
    return any(first in group and second in group for group in _CONFUSABLE)


def _phrase_positions(
    keys: tuple[str, ...],
    keysets: Sequence[tuple[str, ...]],
    start: int,
    unskippable: frozenset[str],
    clitics: frozenset[str],
) -> tuple[int, ...] | None:
    """Token positions of a phrase matched from `start`, allowing MAX_GAP skipped words.

    A negation word is never skipped: "we are not threatened" is not "we are threatened";
    nothing sits between a clitic and its verb: "la levantaron" (they abducted her) is not
    "la cementera levantan" (the cement works raise dust).
    """
    positions, gaps = [start], MAX_GAP
    for previous, key in pairwise(keys):
        following = positions[-1] + 1
        if following < len(keysets) and key in keysets[following]:
            positions.append(following)
        elif (
            gaps
            and previous not in clitics
            and following + 1 < len(keysets)
            and key in keysets[following + 1]
            and unskippable.isdisjoint(keysets[following])
        ):
            positions.append(following + 1)
            gaps -= 1
        else:
            return None
    return tuple(positions)


@dataclass(frozen=True, slots=True)
class _PhraseIndex:
    """One-word phrases by their key, longer ones by their first two keys: thousands of
    phrases begin with "they" or "nos", few with "nos" and then "sacaron"."""

    singles: Mapping[str, tuple[Phrase, ...]]
    pairs: Mapping[tuple[str, str], tuple[Phrase, ...]]


def _index(
    sources: Iterable[dict[tuple[str, ...], set[LabelRef]]],
) -> _PhraseIndex:
    merged: dict[tuple[str, ...], set[LabelRef]] = defaultdict(set)
    for source in sources:
        for keys, refs in source.items():
            merged[keys] |= refs
    singles: dict[str, list[Phrase]] = defaultdict(list)
    pairs: dict[tuple[str, str], list[Phrase]] = defaultdict(list)
    for keys, refs in merged.items():
        phrase = Phrase(keys, frozenset(refs))
        if len(keys) == 1:
            singles[keys[0]].append(phrase)
        else:
            pairs[keys[0], keys[1]].append(phrase)
    return _PhraseIndex(
        {key: tuple(phrases) for key, phrases in singles.items()},
        {key: tuple(phrases) for key, phrases in pairs.items()},
    )


def _fuzzy_buckets(vocabulary: dict[str, str]) -> dict[str, dict[int, list[str]]]:
    """Keyword words long enough to be misspelt, by first two letters and length."""
    buckets: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for word in vocabulary:
        if len(word) >= FUZZY_MIN_LENGTH - 1 and word.isalpha():
            buckets[word[:2]][len(word)].append(word)
    return {prefix: dict(by_length) for prefix, by_length in buckets.items()}
