"""A first guess of a person's language, before they have chosen one.

Three hints, weighed together: the Telegram app's `language_code`, the country of the
phone number, and the text itself (py3langid, which ships its model, plus the keyword
files for one-word greetings it cannot know). A short text weighs little, so "ok", "hi"
or "1" never overrides a better hint; a real sentence outweighs an app set to English.
See docs/LANGUAGES.md for the measured accuracy.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from math import prod
from typing import TYPE_CHECKING, Literal

import phonenumbers
from babel.core import get_global

from i18n.catalog import SOURCE_LANGUAGE, SUPPORTED_LANGUAGES, supported_language
from i18n.keywords import vocabulary
from i18n.normalize import normalise

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

Source = Literal["text", "telegram", "phone", "default"]

# The app language is what the person reads every day; English is also the phone's
# default, which many never change, so it says less.
TELEGRAM_WEIGHT = 0.7
TELEGRAM_ENGLISH_WEIGHT = 0.5
# Most people write in the main official language of their number's country.
PHONE_WEIGHT = 0.5
# Known one-word keywords ("hola", "obrigado") of only one language.
VOCABULARY_WEIGHT = 0.35
# The detector's probability counts fully from this many letters, not at all below four.
FULL_TEXT_LETTERS = 20
MIN_TEXT_LETTERS = 4
# Official statuses in CLDR's territory data.
_OFFICIAL = {"official", "de_facto_official", "official_regional"}
# A language spoken by fewer people in a country is no hint.
_MIN_POPULATION_PERCENT = 5.0


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """The guessed language, how sure (0–1), and the hint that weighed most."""

    language: str
    confidence: float
    source: Source


@cache
def _identifier() -> LanguageIdentifier:
    """py3langid restricted to the supported languages; loaded on first use (~0.6 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in SUPPORTED_LANGUAGES if code in identifier.labels])
    return identifier


@cache
def language_of_territory(territory: str) -> tuple[str, float] | None:
    """The likely supported language of a country (CLDR), with its share among them.

    Official languages come first (fr in Belgium although more people there speak
    English); the share splits the hint where two are official (Cameroon: fr, en).
    """
    spoken = {
        code: info
        for code, info in get_global("territory_languages").get(territory, {}).items()
        if code in SUPPORTED_LANGUAGES
        and (info.get("population_percent") or 0) >= _MIN_POPULATION_PERCENT
    }
    official = {c: i for c, i in spoken.items() if i.get("official_status") in _OFFICIAL}
    candidates = official or spoken
    if not candidates:
        return None
    population = {code: info["population_percent"] for code, info in candidates.items()}
    best = max(population, key=population.__getitem__)
    return best, population[best] / sum(population.values())


def language_of_phone(phone_e164: str) -> tuple[str, float] | None:
    """The likely language of an E.164 number's country, or None if unknown."""
    try:
        number = phonenumbers.parse(phone_e164, None)
    except phonenumbers.NumberParseException:
        return None
    territory = phonenumbers.region_code_for_number(number)
    return language_of_territory(territory) if territory else None


def _text_evidence(text: str) -> list[tuple[str, float]]:
    """(language, weight) hints from the words of a text."""
    evidence: list[tuple[str, float]] = []
    words = normalise(text).split()
    if words:
        hits = {code: sum(w in vocabulary(code) for w in words) for code in SUPPORTED_LANGUAGES}
        top = max(hits.values())
        leaders = [code for code, count in hits.items() if count == top]
        if top and len(leaders) == 1:
            evidence.append((leaders[0], VOCABULARY_WEIGHT * top / len(words)))
    letters = sum(char.isalpha() for char in text)
    if letters >= MIN_TEXT_LETTERS:
        language, probability = _identifier().classify(text)
        evidence.append((language, probability * min(1.0, letters / FULL_TEXT_LETTERS)))
    return evidence


def guess_language(
    text: str | None = None,
    telegram_language_code: str | None = None,
    phone_e164: str | None = None,
) -> LanguageGuess:
    """Weigh every available hint and return the most likely supported language."""
    evidence: list[tuple[str, float, Source]] = []
    if text:
        evidence += [(code, weight, "text") for code, weight in _text_evidence(text)]
    telegram = supported_language(telegram_language_code)
    if telegram:
        weight = TELEGRAM_ENGLISH_WEIGHT if telegram == "en" else TELEGRAM_WEIGHT
        evidence.append((telegram, weight, "telegram"))
    phone = language_of_phone(phone_e164) if phone_e164 else None
    if phone:
        evidence.append((phone[0], PHONE_WEIGHT * phone[1], "phone"))
    evidence = [item for item in evidence if item[1] > 0]
    if not evidence:
        return LanguageGuess(SOURCE_LANGUAGE, 0.0, "default")

    scores: dict[str, float] = defaultdict(float)
    for code, weight, _ in evidence:
        scores[code] += weight
    language = max(scores, key=scores.__getitem__)
    support = [(weight, source) for code, weight, source in evidence if code == language]
    # Agreeing hints add up like independent evidence; disagreeing ones take a share.
    agreement = 1 - prod(1 - min(weight, 1.0) for weight, _ in support)
    confidence = agreement * scores[language] / sum(scores.values())
    return LanguageGuess(language, round(confidence, 3), max(support)[1])
