"""Urgent dangers as people write them in each language, and everyday sentences that share
their words: the tables in `urgent_phrases/` (one module per language, written for these
tests, none taken from the dev file or the probe sets).

A danger row names a signal the phrase must raise, and the phrase must be urgent (the
on-call route); a calm row must stay below urgent, as a false alarm sends a coordinator's
attention to the wrong place.
"""

from __future__ import annotations

import pytest

from intake.classification import classify
from tests.intake.urgent_phrases import en, es, fr, pt

TABLES = {"en": en, "fr": fr, "es": es, "pt": pt}
URGENT = "urgent"


@pytest.mark.parametrize(
    ("language", "text", "signal"),
    [
        (language, text, signal)
        for language, rows in TABLES.items()
        for text, signal in rows.URGENT_ROWS
    ],
)
def test_danger_as_people_write_it_is_urgent(language: str, text: str, signal: str) -> None:
    result = classify(text, language=language)
    assert result.risk == URGENT, result.evidence
    assert signal in result.risk_signals, result.evidence


@pytest.mark.parametrize(
    ("language", "text"),
    [(language, text) for language, rows in TABLES.items() for text in rows.CALM_ROWS],
)
def test_everyday_sentences_with_the_same_words_stay_calm(language: str, text: str) -> None:
    result = classify(text, language=language)
    assert result.risk != URGENT, result.evidence
