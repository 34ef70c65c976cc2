"""The packaged taxonomy and matching lexicon, read once and kept as frozen records.

`taxonomy.yaml` is the project's copy of the shared taxonomy (fixed ids, growing keyword
lists); `lexicon.yaml` holds what matching needs beyond it (negation cues, stop words,
labelling conventions). Both are read on first use, never at import time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

import yaml

from intake.classification.text import fold, stem

# Taxonomy dimension key -> the field name used by the contract and the API.
DIMENSION_FIELDS: dict[str, str] = {
    "need": "needs",
    "violation": "violations",
    "actor": "actors",
    "sector": "sectors",
    "risk_signal": "risk_signals",
}
INSTITUTIONS = "institutions"
GLOBAL_REGION = "global"


@dataclass(frozen=True, slots=True)
class Category:
    """A label of one dimension with its keywords per language."""

    id: str
    field: str
    severity: str | None
    keywords: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Bank:
    """A development finance institution: its names, acronyms and accountability mechanisms."""

    id: str
    type: str
    group: str | None
    phrases: tuple[str, ...]
    acronyms: tuple[str, ...]
    iam_acronyms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Region:
    """A coordinators' region: its ISO countries and the words that name it."""

    id: str
    countries: frozenset[str]
    keywords: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """Everything the classifier and the router read from the taxonomy."""

    languages: tuple[str, ...]
    categories: tuple[Category, ...]
    banks: tuple[Bank, ...]
    regions: tuple[Region, ...]
    ambiguous_acronyms: frozenset[str]
    severities: Mapping[str, str]

    def labels(self, field: str) -> tuple[str, ...]:
        """Label ids of one output field, in taxonomy order."""
        if field == INSTITUTIONS:
            return tuple(bank.id for bank in self.banks)
        return tuple(category.id for category in self.categories if category.field == field)

    def severity(self, label: str) -> str | None:
        """Severity of a risk signal (`critical`, `high`, `medium`, `critical_modifier`)."""
        return self.severities.get(label)

    def region_of(self, country: str | None) -> str:
        """Region id of an ISO 3166 alpha-2 code, `global` when unknown."""
        if country:
            code = country.strip().upper()
            for region in self.regions:
                if code in region.countries:
                    return region.id
        return GLOBAL_REGION


@dataclass(frozen=True, slots=True)
class Implication:
    """A labelling convention: when any of `when` is found, the labels in `add` hold too."""

    when: frozenset[str]
    add: Mapping[str, tuple[str, ...]]
    beside_another_signal: bool = False


@dataclass(frozen=True, slots=True)
class Together:
    """A signal raised by a word of every group in one sentence, though none is one alone."""

    signal: str
    groups: tuple[frozenset[str], ...]  # word stems, or folded words when `exact`
    # Words that set the sentence aside: an eviction "tomorrow" at a hearing is a date.
    unless: frozenset[str] = frozenset()
    # Compare whole words, not stems: "derrubando" (demolishing, now) must not be read as
    # "derrubaram" (demolished, a story) though both stem to "derrub".
    exact: bool = False

    def key(self, folded: str) -> str:
        """How a folded word is compared with the groups."""
        return folded if self.exact else stem(folded)


@dataclass(frozen=True, slots=True)
class Compound:
    """A label named by two words in a row, e.g. a nationality and a company noun."""

    field: str
    label: str
    parts: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Matching knowledge that is not a label's keyword (see lexicon.yaml for the why)."""

    negation_cues: Mapping[str, tuple[str, ...]]
    request_cues: Mapping[str, tuple[str, ...]]
    disclaimer_cues: Mapping[str, tuple[str, ...]]
    stopwords: Mapping[str, frozenset[str]]
    clitics: Mapping[str, tuple[str, ...]]
    abbreviations: Mapping[str, Mapping[str, str]]
    common_words: frozenset[str]
    frequent_words: frozenset[str]
    context_signals: frozenset[str]
    general_needs: frozenset[str]
    implications: tuple[Implication, ...]
    together: tuple[Together, ...]
    cues: Mapping[str, tuple[str, ...]]
    country_aliases: Mapping[str, str]
    generic_iam_acronyms: frozenset[str]
    neutral_phrases: Mapping[str, tuple[str, ...]]
    compounds: tuple[Compound, ...]


def _read_yaml(name: str) -> Any:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _words(words: Any, where: str) -> tuple[str, ...]:
    """A YAML list of words; an unquoted no/on/yes reads as a boolean and is refused."""
    for word in words or ():
        if not isinstance(word, str):
            raise ValueError(f"{where}: {word!r} is not a word; write it in quotes")
    return tuple(words or ())


def _keywords(raw: Mapping[str, Any] | None, where: str) -> dict[str, tuple[str, ...]]:
    return {lang: _words(words, f"{where}.{lang}") for lang, words in (raw or {}).items()}


def _bank(raw: Mapping[str, Any]) -> Bank:
    names = [str(name) for name in (raw.get("names") or {}).values()]
    acronyms = {str(a) for words in (raw.get("acronyms") or {}).values() for a in words}
    iam = {str(a) for mechanism in raw.get("iam") or () for a in mechanism.get("acronyms", ())}
    return Bank(
        id=raw["id"],
        type=raw["type"],
        group=raw.get("group"),
        phrases=tuple(dict.fromkeys([*names, *(str(a) for a in raw.get("aliases") or ())])),
        acronyms=tuple(sorted(acronyms)),
        iam_acronyms=tuple(sorted(iam)),
    )


@cache
def load_taxonomy() -> Taxonomy:
    """The packaged taxonomy, parsed once per process."""
    raw = _read_yaml("taxonomy.yaml")
    categories = tuple(
        Category(
            id=item["id"],
            field=field,
            severity=item.get("severity"),
            keywords=_keywords(item.get("keywords"), item["id"]),
        )
        for key, field in DIMENSION_FIELDS.items()
        for item in raw["dimensions"][key]["categories"]
    )
    regions = tuple(
        Region(
            id=item["id"],
            countries=frozenset(item.get("countries") or ()),
            keywords=_keywords(item.get("keywords"), item["id"]),
        )
        for item in raw["regions"]
    )
    return Taxonomy(
        languages=tuple(raw["meta"]["languages"]),
        categories=categories,
        banks=tuple(_bank(item) for item in raw["development_banks"]),
        regions=regions,
        ambiguous_acronyms=frozenset(
            str(item["token"]) for item in raw["ambiguous_acronyms"] if " " not in item["token"]
        ),
        severities={c.id: c.severity for c in categories if c.severity is not None},
    )


@cache
def load_lexicon() -> Lexicon:
    """The packaged matching lexicon, parsed once per process."""
    raw = _read_yaml("lexicon.yaml")
    return Lexicon(
        negation_cues=_keywords(raw["negation_cues"], "negation_cues"),
        request_cues=_keywords(raw["request_cues"], "request_cues"),
        disclaimer_cues=_keywords(raw["disclaimer_cues"], "disclaimer_cues"),
        stopwords={
            lang: frozenset(map(fold, words))
            for lang, words in _keywords(raw["stopwords"], "stopwords").items()
        },
        clitics=_keywords(raw["clitics"], "clitics"),
        abbreviations={
            lang: {fold(str(short)): fold(str(word)) for short, word in table.items()}
            for lang, table in raw["abbreviations"].items()
        },
        common_words=frozenset(map(fold, _words(raw["common_words"], "common_words"))),
        frequent_words=frozenset(
            fold(word)
            for language, words in _read_yaml("frequent_words.yaml").items()
            for word in _words(words, f"frequent_words.{language}")
        ),
        context_signals=frozenset(raw["context_signals"]),
        general_needs=frozenset(raw["general_needs"]),
        implications=tuple(
            Implication(
                when=frozenset(rule["when"]),
                add=_keywords(rule["add"], "implications"),
                beside_another_signal=bool(rule.get("beside_another_signal", False)),
            )
            for rule in raw["implications"]
        ),
        together=tuple(_together(rule) for rule in raw["together"]),
        cues=_keywords(raw["cues"], "cues"),
        country_aliases={str(k): str(v) for k, v in raw["country_aliases"].items()},
        generic_iam_acronyms=frozenset(raw["generic_iam_acronyms"]),
        neutral_phrases=_keywords(raw["neutral_phrases"], "neutral_phrases"),
        compounds=tuple(_compound(item) for item in raw["compounds"]),
    )


def _together(raw: Mapping[str, Any]) -> Together:
    rule = Together(signal=raw["signal"], groups=(), exact=bool(raw.get("exact", False)))

    def keys(words: Any) -> frozenset[str]:
        return frozenset(rule.key(fold(word)) for word in _words(words, "together"))

    groups = tuple(keys(group) for group in raw["all_of"])
    return replace(rule, groups=groups, unless=keys(raw.get("unless", [])))


def _compound(raw: Mapping[str, Any]) -> Compound:
    ((field, label),) = raw["label"].items()
    parts = {
        language: (tuple(map(str, words["first"])), tuple(map(str, words["then"])))
        for language, words in raw.items()
        if language != "label"
    }
    return Compound(field=field, label=str(label), parts=parts)
