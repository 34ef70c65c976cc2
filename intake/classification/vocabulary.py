"""Every phrase the matcher knows: taxonomy keywords, banks, places, compounds, neutral phrases."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from intake.classification.geography import place_entries
from intake.classification.institutions import bank_entries
from intake.classification.matcher import ANY_LANGUAGE, Entry, LabelRef, phrase_keys
from intake.classification.taxonomy import Compound, Lexicon, Taxonomy

NEUTRAL = "neutral"
NEEDS = "needs"
# What a case is about, which a need phrase may mention on the way ("analyse the river water").
DESCRIBED = frozenset({"violations", "actors", "sectors"})


def label_entries(taxonomy: Taxonomy) -> Iterator[Entry]:
    """The keywords of every taxonomy category, per language."""
    for category in taxonomy.categories:
        for language, words in category.keywords.items():
            for word in words:
                yield Entry(language, word, LabelRef(category.field, category.id))


def neutral_entries(lexicon: Lexicon) -> Iterator[Entry]:
    """Phrases that only keep their words from matching anything shorter."""
    for language, phrases in lexicon.neutral_phrases.items():
        for phrase in phrases:
            yield Entry(language, phrase, LabelRef(NEUTRAL, ""))


def compound_entries(compounds: Iterable[Compound], known: Iterable[Entry]) -> Iterator[Entry]:
    """Each `first then` pair, with the compound's label and the labels of its two parts."""
    refs: dict[tuple[str, tuple[str, ...]], set[LabelRef]] = defaultdict(set)
    for entry in known:
        refs[entry.language, phrase_keys(entry.phrase)].add(entry.ref)
    for compound in compounds:
        label = LabelRef(compound.field, compound.label)
        for language, (firsts, thens) in compound.parts.items():
            for first in firsts:
                for then in thens:
                    parts = (phrase_keys(first), phrase_keys(then))
                    inherited = set().union(
                        *(refs[lang, part] for part in parts for lang in (language, ANY_LANGUAGE))
                    )
                    for ref in {label, *inherited}:
                        yield Entry(language, f"{first} {then}", ref)


def nested_entries(phrases: Iterable[Entry], parts: Iterable[Entry]) -> Iterator[Entry]:
    """Each phrase again with the labels of the shorter `parts` written inside it, since the
    longest phrase keeps its words from the shorter ones: "talk with World Bank" names the
    bank, "stop the mine" the mining sector."""
    by_first: dict[str, list[tuple[tuple[str, ...], Entry]]] = defaultdict(list)
    for part in parts:
        keys = phrase_keys(part.phrase)
        if keys:
            by_first[keys[0]].append((keys, part))
    for entry in phrases:
        keys = phrase_keys(entry.phrase)
        for start, key in enumerate(keys):
            for part_keys, part in by_first.get(key, ()):
                if (
                    part.language in (entry.language, ANY_LANGUAGE)
                    and len(part_keys) < len(keys)
                    and keys[start : start + len(part_keys)] == part_keys
                ):
                    yield Entry(entry.language, entry.phrase, part.ref)


def all_entries(taxonomy: Taxonomy, lexicon: Lexicon) -> list[Entry]:
    """The matcher's whole vocabulary."""
    labels = list(label_entries(taxonomy))
    banks = list(bank_entries(taxonomy, lexicon))
    needs = [entry for entry in labels if entry.ref.field == NEEDS]
    described = [entry for entry in labels if entry.ref.field in DESCRIBED]
    entries = [
        *labels,
        *banks,
        *nested_entries(labels, banks),
        *nested_entries(needs, described),
        *place_entries(taxonomy, lexicon),
        *neutral_entries(lexicon),
    ]
    return entries + list(compound_entries(lexicon.compounds, entries))
