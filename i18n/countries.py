"""Recognising the country a person names, in any supported language, misspelt or short.

Names come from CLDR through Babel (`Locale(language).territories`) for every supported
language, plus `data/countries.yaml` for what people write that CLDR does not have
("RDC", "Camerun", "USA"). Only ISO 3166-1 countries and territories are returned, never
regions such as "001" (World) or "EU".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from babel import Locale

from i18n.catalog import SOURCE_LANGUAGE, SUPPORTED_LANGUAGES, supported_language
from i18n.matching import strip_courtesy
from i18n.normalize import Lookup, normalise

DATA = Path(__file__).resolve().parent / "data" / "countries.yaml"
# A country named inside a sentence must be at least this long: "ira" (Irã) and "oma"
# (Omã) are also words; as the whole answer they still count.
_MIN_IN_SENTENCE = 4
# Names have at most this many words once normalised ("sao tome and principe").
_MAX_NAME_WORDS = 5
# An answer to "which country?" is short; a long text is searched only this far.
_MAX_WORDS = 20
# Misspelt names are only looked for in word groups at least this long.
_MIN_FUZZY = 6


@dataclass(frozen=True, slots=True)
class CountryMatch:
    """A recognised country: ISO alpha-2 code, its name in the asked language, and
    whether the match is certain (`exact`) or should be confirmed first."""

    code: str
    name: str
    exact: bool


@cache
def _data() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes that CLDR names, without unions and reserved codes."""
    excluded = set(_data()["not_countries"])
    return frozenset(
        code
        for code in Locale.parse(SOURCE_LANGUAGE).territories
        if len(code) == 2 and code.isalpha() and code not in excluded
    )


def country_name(code: str, language: str | None = None) -> str:
    """The CLDR name of a country in a supported language (the source one by default)."""
    return Locale.parse(supported_language(language) or SOURCE_LANGUAGE).territories[code]


def _variants(name: str) -> set[str]:
    """CLDR spellings people also write: without "(…)", with "and" for "&", "Saint"."""
    variants = {name, name.replace("&", "and"), re.sub(r"\bSt\.", "Saint", name)}
    if "(" in name:
        variants |= {re.sub(r"\s*\(.*?\)", "", name), *re.findall(r"\((.*?)\)", name)}
    return variants


@cache
def _table() -> Lookup[tuple[str, ...]]:
    """Normalised name → candidate codes (one, or several in order of likelihood)."""
    codes = country_codes()
    names: dict[str, tuple[str, ...]] = {}
    for language in SUPPORTED_LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if code in codes:
                names.update((normalise(v), (code,)) for v in _variants(name))
    for code, aliases in _data()["aliases"].items():
        names.update((normalise(alias), (code,)) for alias in aliases)
    for name, candidates in _data()["ambiguous"].items():
        names[normalise(name)] = tuple(candidates)
    return Lookup(names.items())


def _resolve(found: frozenset[tuple[str, ...]], exact: bool) -> tuple[str, bool] | None:
    """One code and whether it is certain, from the candidates of a lookup."""
    if len(found) == 1:
        (candidates,) = found
        return candidates[0], exact and len(candidates) == 1
    codes = {code for candidates in found for code in candidates}
    return (codes.pop(), False) if len(codes) == 1 else None


def _spans(words: list[str], min_chars: int) -> list[str]:
    """Word groups of the text, left to right, longest first at each position."""
    return [
        phrase
        for start in range(len(words))
        for size in range(min(_MAX_NAME_WORDS, len(words) - start), 0, -1)
        if len(phrase := " ".join(words[start : start + size])) >= min_chars
    ]


def match_country(text: str, language: str | None = None) -> CountryMatch | None:
    """The country a message names, or None.

    The whole answer is tried first, exactly then with typos; then the first country
    named inside a sentence ("we are in Kakumiro, Uganda"). Misspelt or ambiguous
    names ("Philipines", "Congo") come back with `exact=False`, to be confirmed.
    """
    core = strip_courtesy(text)
    if not core:
        return None
    table = _table()
    found = _resolve(table.exact(core), exact=True) or _resolve(table.nearest(core), False)
    words = core.split()[:_MAX_WORDS]
    for phrase in _spans(words, _MIN_IN_SENTENCE) if found is None else []:
        if found := _resolve(table.exact(phrase), exact=True):
            break
    for phrase in _spans(words, _MIN_FUZZY) if found is None else []:
        if found := _resolve(table.nearest(phrase), exact=False):
            break
    if found is None:
        return None
    code, exact = found
    return CountryMatch(code, country_name(code, language), exact)
