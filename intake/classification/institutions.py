"""Development banks: their names and acronyms as phrases, and the rules that settle the
acronyms several banks share (taxonomy `ambiguous_acronyms`: BID, BAD, CDB, ...)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from intake.classification.matcher import ANY_LANGUAGE, Entry, LabelRef
from intake.classification.taxonomy import INSTITUTIONS, Lexicon, Taxonomy

AMBIGUOUS = "ambiguous_acronym"
MECHANISM = "accountability_mechanism"
_BRACKETED = re.compile(r"\s*[(\[].*?[)\]]")
_PART_SEPARATOR = re.compile(r"\s+[–—]\s+")


@dataclass(frozen=True, slots=True)
class BankContext:
    """What the acronym rules look at: language, region, and cue words of the message."""

    language: str | None
    region: str | None
    cues: frozenset[str]


def _name_variants(phrases: Iterable[str]) -> Iterator[str]:
    """Names without brackets, split at dashes: "DEG – German ... (KfW Group)" -> "DEG", ..."""
    for phrase in phrases:
        for part in _PART_SEPARATOR.split(_BRACKETED.sub("", phrase)):
            if part.strip():
                yield part.strip()


def bank_entries(taxonomy: Taxonomy, lexicon: Lexicon) -> Iterator[Entry]:
    """Every bank name, alias and acronym, in any language; shared acronyms stay unresolved."""
    owners: dict[str, list[str]] = defaultdict(list)
    for bank in taxonomy.banks:
        for phrase in (*_name_variants(bank.phrases), *bank.acronyms):
            ref = (
                LabelRef(AMBIGUOUS, phrase)
                if phrase in taxonomy.ambiguous_acronyms
                else LabelRef(INSTITUTIONS, bank.id)
            )
            yield Entry(ANY_LANGUAGE, phrase, ref)
        for acronym in bank.iam_acronyms:
            owners[acronym].append(bank.id)
    groups = {bank.id: bank.group or bank.id for bank in taxonomy.banks}
    for acronym, bank_ids in owners.items():
        # A mechanism shared by banks of different groups (ICM: DEG, FMO, Proparco) names none.
        if acronym not in lexicon.generic_iam_acronyms and len({groups[b] for b in bank_ids}) == 1:
            yield Entry(ANY_LANGUAGE, acronym, LabelRef(MECHANISM, bank_ids[0]))


def resolve_acronym(token: str, context: BankContext) -> str | None:
    """The bank an ambiguous acronym names here, or None when the rules say not to guess."""
    language, region, cues = context.language, context.region, context.cues
    match token:
        case "BID" | "IDB":
            if "islamic" in cues or (token == "IDB" and region == "mena"):
                return "isdb"
            french_outside_americas = language == "fr" and region != "latam_caribbean"
            return "isdb" if token == "BID" and french_outside_americas else "idb"
        case "BAD":
            if language == "pt" and region == "asia_pacific":
                return "adb"
            return "afdb"
        case "ADB":
            return "afdb" if region == "africa" else "adb"
        case "CDB" | "BDC":
            if "caribbean" in cues or region == "latam_caribbean":
                return "caribbean_development_bank"
            return "china_development_bank"
        case "CFI":
            return "ifc" if language in ("es", "pt") else None
        case "SFI":
            return "ifc" if language in ("fr", "pt", "es") else None
        case "BM":
            return "world_bank" if "bank" in cues else None
        case "CAF":
            accepted = language in ("es", "pt") or region == "latam_caribbean" or "bank" in cues
            return "caf" if accepted else None
        case "NBD":
            return "ndb"
        case "BEI":
            return "eib"
    return None


def settle_banks(
    named: dict[str, list[str]],
    ambiguous: Iterable[tuple[str, str]],
    mechanisms: Iterable[tuple[str, str]],
    context: BankContext,
    taxonomy: Taxonomy,
) -> dict[str, list[str]]:
    """Banks named outright, plus those settled from shared acronyms and mechanisms.

    A mechanism (CAO, MICI) names its bank only when no bank of the same group is already
    named: "BID Invest ... queja al MICI" is IDB Invest, not also the IDB.
    """
    banks = {label: list(words) for label, words in named.items()}
    for token, evidence in ambiguous:
        label = resolve_acronym(token, context)
        if label:
            banks.setdefault(label, []).append(evidence)
    groups = {bank.id: bank.group or bank.id for bank in taxonomy.banks}
    for bank_id, evidence in mechanisms:
        named_groups = {groups[label] for label in banks}
        if groups[bank_id] not in named_groups:
            banks[bank_id] = [evidence]
        elif bank_id in banks:
            banks[bank_id].append(evidence)
    return banks
