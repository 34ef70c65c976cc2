"""`classify(text)`: labels along every taxonomy dimension, the risk level, and evidence.

Pure: the taxonomy, lexicon and matcher are built once on first use; a call does no I/O,
logs nothing and keeps no state beyond the matcher's word cache.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from intake.classification.geography import COUNTRY, REGION
from intake.classification.institutions import AMBIGUOUS, MECHANISM, BankContext, settle_banks
from intake.classification.matcher import LabelRef, Match, PhraseMatcher, phrase_keys
from intake.classification.requests import (
    cue_spans,
    narrow_general_needs,
    request_spans,
    within,
)
from intake.classification.signals import (
    CRITICAL,
    TogetherRules,
    apply_implications,
    is_negated,
    keep_context_signals,
    risk_level,
)
from intake.classification.taxonomy import (
    INSTITUTIONS,
    Lexicon,
    Taxonomy,
    load_lexicon,
    load_taxonomy,
)
from intake.classification.text import Token, expand, normalize, tokenize
from intake.classification.vocabulary import NEUTRAL, all_entries

LABEL_FIELDS: tuple[str, ...] = (
    "needs",
    "violations",
    "actors",
    "sectors",
    INSTITUTIONS,
    "risk_signals",
)
RISK_SIGNALS = "risk_signals"
NEEDS = "needs"


@dataclass(frozen=True, slots=True)
class Classification:
    """Labels per dimension (taxonomy ids, taxonomy order), risk level, and evidence."""

    needs: tuple[str, ...] = ()
    violations: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    institutions: tuple[str, ...] = ()
    risk_signals: tuple[str, ...] = ()
    risk: str = "none"
    evidence: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def labels(self, name: str) -> tuple[str, ...]:
        """The labels of one field, e.g. `labels("needs")`."""
        if name not in LABEL_FIELDS:
            raise KeyError(name)
        return getattr(self, name)

    def to_dict(self) -> dict[str, Any]:
        """The contract's shape: lists of ids per dimension, `risk`, and `evidence`."""
        result: dict[str, Any] = {name: list(self.labels(name)) for name in LABEL_FIELDS}
        result["risk"] = self.risk
        result["evidence"] = {label: list(words) for label, words in self.evidence.items()}
        return result


# Cue phrases (folded word tuples) per language; None holds every language's.
CuePhrases = Mapping[str | None, frozenset[tuple[str, ...]]]


@dataclass(frozen=True, slots=True)
class _Engine:
    taxonomy: Taxonomy
    lexicon: Lexicon
    matcher: PhraseMatcher
    negations: CuePhrases
    requests: CuePhrases
    disclaimers: CuePhrases
    together: TogetherRules

    def cues(self, kind: CuePhrases, language: str | None) -> frozenset[tuple[str, ...]]:
        """Cue phrases of a language, or of every language when it is unknown."""
        return kind.get(language, kind[None])

    def abbreviations(self, language: str | None) -> Mapping[str, str]:
        """SMS abbreviations of a language, or of every language when it is unknown."""
        tables = self.lexicon.abbreviations
        if language in tables:
            return tables[language]
        return {short: word for table in tables.values() for short, word in table.items()}


@cache
def _engine() -> _Engine:
    taxonomy, lexicon = load_taxonomy(), load_lexicon()
    entries = all_entries(taxonomy, lexicon)
    known = set(lexicon.common_words | lexicon.frequent_words).union(*lexicon.stopwords.values())
    negations = _cue_phrases(lexicon.negation_cues)
    single_word_cues = {cue[0] for cues in negations.values() for cue in cues if len(cue) == 1}
    matcher = PhraseMatcher(entries, known, unskippable=single_word_cues, clitics=lexicon.clitics)
    phrase_keys.cache_clear()  # only the build asks for them: megabytes no longer needed
    return _Engine(
        taxonomy,
        lexicon,
        matcher,
        negations,
        _cue_phrases(lexicon.request_cues),
        _cue_phrases(lexicon.disclaimer_cues),
        TogetherRules(lexicon.together),
    )


def _cue_phrases(cues: Mapping[str, tuple[str, ...]]) -> CuePhrases:
    """Each language's cues as folded word tuples, and all of them under None (a message
    whose language is unknown); sets, as a cue is looked up for every signal found."""
    phrases: dict[str | None, frozenset[tuple[str, ...]]] = {
        language: frozenset(tuple(t.folded for t in tokenize(normalize(cue))) for cue in words)
        for language, words in cues.items()
    }
    phrases[None] = frozenset().union(*phrases.values())
    return phrases


def warm_up() -> None:
    """Build the matcher now (at start-up) rather than on the first message."""
    _engine()


def _language(tokens: Sequence[Token], given: str | None, engine: _Engine) -> str | None:
    """The given language's primary subtag, else the one whose stop words occur most."""
    if given:
        primary = given.replace("_", "-").split("-")[0].lower()
        if primary in engine.matcher.languages:
            return primary
    counts = Counter(
        language
        for token in tokens
        for language, words in engine.lexicon.stopwords.items()
        if token.folded in words
    )
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _cues(tokens: Sequence[Token], lexicon: Lexicon) -> frozenset[str]:
    return frozenset(
        name
        for name, prefixes in lexicon.cues.items()
        if any(token.folded.startswith(prefixes) for token in tokens)
    )


def _region(country: str | None, places: Mapping[str, list[str]], taxonomy: Taxonomy) -> str:
    """Region of the given country, else of the first country or region the text names."""
    if country:
        return taxonomy.region_of(country)
    if places.get(COUNTRY):
        return taxonomy.region_of(places[COUNTRY][0])
    return places[REGION][0] if places.get(REGION) else taxonomy.region_of(None)


def classify(text: str, language: str | None = None, country: str | None = None) -> Classification:
    """Label a message; `language` (BCP 47) and `country` (ISO alpha-2) sharpen bank acronyms."""
    engine = _engine()
    taxonomy = engine.taxonomy
    text = normalize(text)
    tokens = tokenize(text)
    lang = _language(tokens, language, engine)
    tokens = expand(text, tokens, engine.abbreviations(lang))
    negations = engine.cues(engine.negations, lang)
    asking = request_spans(text, tokens, engine.cues(engine.requests, lang))
    set_aside = cue_spans(text, tokens, engine.cues(engine.disclaimers, lang))

    found: dict[str, dict[str, list[str]]] = defaultdict(dict)
    ambiguous: list[tuple[str, str]] = []
    mechanisms: list[tuple[str, str]] = []
    places: dict[str, list[str]] = defaultdict(list)
    matches = engine.matcher.match(tokens, text, lang)
    for match in narrow_general_needs(matches, tokens, text, engine.lexicon.general_needs):
        position = tokens[match.start].start
        dismissed = is_negated(match, tokens, text, negations) or within(position, set_aside)
        asked = within(position, asking)
        for ref in sorted(match.refs, key=lambda r: (r.field, r.label)):
            # Critical signals escalate even when negated or disclaimed: a false alarm costs
            # less than a miss.
            if dismissed and ref.field == RISK_SIGNALS and taxonomy.severity(ref.label) != CRITICAL:
                continue
            if ref.field == NEEDS and not asked:
                continue
            _collect(ref, match, found, ambiguous, mechanisms, places)

    context = BankContext(lang, _region(country, places, taxonomy), _cues(tokens, engine.lexicon))
    found[INSTITUTIONS] = settle_banks(
        found[INSTITUTIONS], ambiguous, mechanisms, context, taxonomy
    )
    bank_types = {bank.id: bank.type for bank in taxonomy.banks}
    for bank_id, words in found[INSTITUTIONS].items():
        found["actors"].setdefault(bank_types[bank_id], []).extend(words)
    for label, words in engine.together.signals(tokens, text).items():
        found[RISK_SIGNALS].setdefault(label, []).extend(words)
    found[RISK_SIGNALS] = keep_context_signals(
        found[RISK_SIGNALS], engine.lexicon.context_signals, taxonomy
    )
    apply_implications(found, engine.lexicon.implications, RISK_SIGNALS)
    return _result(found, taxonomy)


def _collect(
    ref: LabelRef,
    match: Match,
    found: dict[str, dict[str, list[str]]],
    ambiguous: list[tuple[str, str]],
    mechanisms: list[tuple[str, str]],
    places: dict[str, list[str]],
) -> None:
    if ref.field == NEUTRAL:
        return
    if ref.field == AMBIGUOUS:
        ambiguous.append((ref.label, match.evidence))
    elif ref.field == MECHANISM:
        mechanisms.append((ref.label, match.evidence))
    elif ref.field in (COUNTRY, REGION):
        places[ref.field].append(ref.label)
    else:
        found[ref.field].setdefault(ref.label, []).append(match.evidence)


def _result(found: Mapping[str, Mapping[str, list[str]]], taxonomy: Taxonomy) -> Classification:
    labels = {
        name: tuple(label for label in taxonomy.labels(name) if label in found.get(name, {}))
        for name in LABEL_FIELDS
    }
    evidence = {
        label: tuple(dict.fromkeys(found[name][label]))
        for name in LABEL_FIELDS
        for label in labels[name]
    }
    return Classification(
        **labels,
        risk=risk_level(labels[RISK_SIGNALS], taxonomy),
        evidence=evidence,
    )
