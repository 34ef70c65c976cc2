"""Country and region names, so a message that says "Haïti" or "Amérique latine" gives
the context that bank acronyms need (BID, BAD, CDB) when no country is known yet."""

from __future__ import annotations

import re
from collections.abc import Iterator

from babel import Locale

from intake.classification.matcher import ANY_LANGUAGE, Entry, LabelRef
from intake.classification.taxonomy import Lexicon, Taxonomy

COUNTRY = "country"
REGION = "region"
_QUALIFIER = re.compile(r"\s*\(.*?\)|\s+-\s+.*$")


def _variants(name: str) -> set[str]:
    """Name and short form: "Congo - Kinshasa" -> "Congo", "Myanmar (Burma)" -> "Myanmar"."""
    return {name, _QUALIFIER.sub("", name).strip()} - {""}


def place_entries(taxonomy: Taxonomy, lexicon: Lexicon) -> Iterator[Entry]:
    """Country names in every taxonomy language, aliases, and the words naming each region."""
    covered = frozenset().union(*(region.countries for region in taxonomy.regions))
    for language in taxonomy.languages:
        for code, name in Locale.parse(language).territories.items():
            if code in covered:
                for variant in _variants(name):
                    yield Entry(ANY_LANGUAGE, variant, LabelRef(COUNTRY, code))
    for alias, code in lexicon.country_aliases.items():
        yield Entry(ANY_LANGUAGE, alias, LabelRef(COUNTRY, code))
    for region in taxonomy.regions:
        for language, words in region.keywords.items():
            for word in words:
                yield Entry(language, word, LabelRef(REGION, region.id))
