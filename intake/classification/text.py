"""Normalisation and tokenisation shared by keyword compilation and message matching.

Keywords and messages go through the same functions, so a keyword matches whatever a
person types that folds to the same key: Unicode forms, case, accents and the common
plural/gender/participle endings of the four languages are folded away; acronyms keep
their capitals so that "CAO" never matches the Portuguese "cão"/"cao".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

_WORD = re.compile(r"\w+")
_JOINED = ("'", "’", "-")
_SILENT_C = re.compile(r"(?<=[aeiou])c(?=[ct][aeiou])")
_STRETCHED = re.compile(r"([^\W\d_])\1{2,}")
_SENTENCE_END = re.compile(r"[!?;\n]|\.(?!\d)")

ACRONYM_MARK = "§"
# Endings removed by `stem`, longest first: plurals, genders, participles, gerunds, the
# past and present third persons people report events in ("detuvo", "detuvieron", "prenderam",
# "menacent"), the imperfect ("amenazaban", "ameaçavam", "menaçaient") and the first person
# plural ("denunciamos", "documentamos"). Infinitive endings (-ar/-er/-ir) are left alone on
# purpose: "detener el proyecto" (stop the project) must not fold onto "detenido" (detained).
# fmt: off
_SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        (
            "ieron", "aron", "eron", "aram", "eram", "iram", "iendo", "ando", "endo", "indo",
            "ados",
            "aient", "aban", "avam", "amos", "emos", "imos", "ait", "ava", "iam",
            "adas", "idos", "idas", "ings", "ado", "ada", "ido", "ida", "ing", "ees", "ent",
            "ed", "es", "os", "as", "ee", "an", "en", "am", "em", "ou", "eu", "iu", "s", "o",
            "a", "e",
        ),
        key=len,
        reverse=True,
    )
)
# fmt: on
_MIN_STEM = 5
_ADVERB = "mente"
# Portuguese plurals that are not the singular plus -s: (plural, singular, shortest word).
_PLURALS: tuple[tuple[str, str, int], ...] = (("oes", "ao", 5), ("ais", "al", 6))


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a message: as written (after NFKC), folded, and where it sits."""

    text: str
    folded: str
    start: int
    end: int


def strip_accents(text: str) -> str:
    """Remove combining marks (é -> e, ç -> c, ñ -> n)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Casefold, strip accents and drop the silent c of older spellings: the compared form.

    Mozambican, Angolan and European Portuguese keep the c of "acção", "protecção",
    "projecto", "contacto" that Brazil dropped; both fold to "acao", "protecao", "projeto".
    """
    return _SILENT_C.sub("", strip_accents(word.casefold()))


def normalize(text: str) -> str:
    """NFKC, so full-width letters, ligatures and odd apostrophes compare as usual."""
    return unicodedata.normalize("NFKC", text)


def tokenize(text: str) -> list[Token]:
    """Split normalised text into word tokens (apostrophes and hyphens separate words).

    A letter written three times or more is read once, as people stretch the words they
    shout ("URGENTEEE", "socorrooo", "heeelp"): no word of the four languages has one.
    A word of one letter only is left as it is: "CCCC" is a company's acronym.
    """
    tokens = []
    for match in _WORD.finditer(text):
        word = match.group()
        if _STRETCHED.search(word) and len(set(word)) > 1:
            word = _STRETCHED.sub(r"\1", word)
        tokens.append(Token(word, fold(word), match.start(), match.end()))
    return tokens


def expand(text: str, tokens: Sequence[Token], abbreviations: Mapping[str, str]) -> list[Token]:
    """Tokens with SMS abbreviations ("vc", "pq", "ns", "xq") read as the words they stand for.

    Not a letter joined to the next word by an apostrophe: the q of "q'eqchi" is no "que".
    """
    return [
        replace(token, folded=abbreviations[token.folded])
        if token.folded in abbreviations and not text.startswith(_JOINED, token.end)
        else token
        for token in tokens
    ]


@lru_cache(maxsize=65536)
def stem(folded: str) -> str:
    """Drop one inflectional ending when at least five letters remain.

    A Spanish or Portuguese adverb first loses its "-mente", so "urgentemente" and
    "violentamente" read as "urgente" and "violenta" ("gouvernement" keeps its "-ment":
    French nouns end so too); a Portuguese plural that changes its ending reads as its
    singular ("agressões", "indenizações", "policiais", "jornais").
    """
    if folded.endswith(_ADVERB) and len(folded) - len(_ADVERB) >= _MIN_STEM:
        folded = folded[: -len(_ADVERB)]
    for plural, singular, shortest in _PLURALS:
        if folded.endswith(plural) and len(folded) >= shortest:
            folded = folded[: -len(plural)] + singular
            break
    for suffix in _SUFFIXES:
        if folded.endswith(suffix) and len(folded) - len(suffix) >= _MIN_STEM:
            return folded[: -len(suffix)]
    return folded


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of a text (a full stop inside a number is not one)."""
    spans, start = [], 0
    for mark in _SENTENCE_END.finditer(text):
        spans.append((start, mark.end()))
        start = mark.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def is_acronym(word: str) -> bool:
    """ALL-CAPS words of 2-6 characters with at least two letters: matched case-sensitively."""
    return 2 <= len(word) <= 6 and word.isupper() and sum(char.isalpha() for char in word) >= 2


def acronym_key(word: str) -> str:
    """The key of an acronym: its exact capitals, marked so it never equals a word key."""
    return ACRONYM_MARK + word
