"""Guessing a person's language from Telegram, the phone number and the text."""

from __future__ import annotations

import pytest

from i18n.detect import guess_language, language_of_phone, language_of_territory

CAMEROON = "+237677123456"
MOZAMBIQUE = "+258841234567"
BRAZIL = "+5511987654321"
COLOMBIA = "+573001234567"
USA = "+12025550123"
INDONESIA = "+6281234567890"


@pytest.mark.parametrize(
    ("kwargs", "language", "source"),
    [
        # Very short texts never override a better hint.
        ({"text": "ok", "telegram_language_code": "pt-BR"}, "pt", "telegram"),
        ({"text": "hi", "phone_e164": MOZAMBIQUE}, "pt", "phone"),
        ({"text": "1", "phone_e164": CAMEROON}, "fr", "phone"),
        ({"text": "ok", "phone_e164": COLOMBIA}, "es", "phone"),
        # A real sentence outweighs the app language or the number.
        (
            {
                "text": "Bonjour, une entreprise minière prend nos terres au Cameroun",
                "telegram_language_code": "en",
            },
            "fr",
            "text",
        ),
        (
            {
                "text": "La empresa minera contamina nuestro río y no nos consultaron",
                "phone_e164": BRAZIL,
            },
            "es",
            "text",
        ),
        ({"text": "Hello we need help", "telegram_language_code": "fr"}, "en", "text"),
        ({"text": "Oi preciso de ajuda", "telegram_language_code": "es"}, "pt", "text"),
        ({"text": "Bjr on a besoin d'aide svp"}, "fr", "text"),
        ({"text": "ola necesito ayuda"}, "es", "text"),
        # One-word greetings the detector alone gets wrong, known from the keyword files.
        ({"text": "Bonjour", "phone_e164": USA}, "fr", "text"),
        ({"text": "obrigado"}, "pt", "text"),
        # Hints alone.
        ({"telegram_language_code": "es-419"}, "es", "telegram"),
        ({"phone_e164": CAMEROON}, "fr", "phone"),
        ({"telegram_language_code": "pt-BR", "phone_e164": BRAZIL}, "pt", "telegram"),
        # Nothing usable: the source language, with no confidence.
        ({}, "en", "default"),
        ({"text": "ok"}, "en", "default"),
        ({"text": "🙏🙏"}, "en", "default"),
        ({"telegram_language_code": "de"}, "en", "default"),
        ({"phone_e164": "not a number"}, "en", "default"),
        ({"phone_e164": INDONESIA}, "en", "default"),
    ],
)
def test_guess_language(kwargs: dict[str, str], language: str, source: str) -> None:
    guess = guess_language(**kwargs)
    assert (guess.language, guess.source) == (language, source)
    assert 0.0 <= guess.confidence <= 1.0
    assert (guess.confidence == 0.0) == (source == "default")


def test_agreeing_hints_are_surer_than_one() -> None:
    alone = guess_language(telegram_language_code="pt-BR")
    together = guess_language(telegram_language_code="pt-BR", phone_e164=BRAZIL)
    assert together.confidence > alone.confidence


def test_a_short_text_is_less_sure_than_a_sentence() -> None:
    short = guess_language(text="aide")
    sentence = guess_language(text="Nous avons besoin d'aide pour notre village")
    assert short.language == sentence.language == "fr"
    assert short.confidence < sentence.confidence


@pytest.mark.parametrize(
    ("territory", "language"),
    [
        ("CM", "fr"),
        ("CD", "fr"),
        ("SN", "fr"),
        ("BE", "fr"),
        ("MZ", "pt"),
        ("AO", "pt"),
        ("BR", "pt"),
        ("CO", "es"),
        ("PE", "es"),
        ("GQ", "es"),
        ("US", "en"),
        ("KE", "en"),
        ("IN", "en"),
        ("PH", "en"),
        ("ID", None),
    ],
)
def test_language_of_territory_from_cldr(territory: str, language: str | None) -> None:
    found = language_of_territory(territory)
    assert (found[0] if found else None) == language


def test_shared_official_languages_split_the_hint() -> None:
    found = language_of_territory("CM")
    assert found is not None and found[0] == "fr" and 0.5 < found[1] < 1.0


def test_language_of_phone() -> None:
    assert language_of_phone(MOZAMBIQUE) == ("pt", 1.0)
    assert language_of_phone("12") is None
