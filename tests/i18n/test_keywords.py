"""The per-language keyword files: complete, unambiguous, and consistent with the catalogs."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from babel.messages.pofile import read_po

from i18n.catalog import DOMAIN, LOCALES_DIR, SUPPORTED_LANGUAGES
from i18n.keywords import KEYWORDS_DIR, Answer, Command, keywords
from i18n.normalize import normalise

# Capitals in a message that are not something to reply.
NOT_REPLIES = {"SMS"}
_CAPITALS = re.compile(r"\b[A-ZÀ-ÖØ-Ý]{2,}\b")


def _msgstrs(language: str) -> list[str]:
    path = LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as po:
        catalog = read_po(po)
    texts: list[str] = []
    for message in catalog:
        if message.id:
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            texts.extend(forms)
    return texts


def test_every_language_has_a_keyword_file_and_nothing_more() -> None:
    assert {path.stem for path in KEYWORDS_DIR.glob("*.yaml")} == set(SUPPORTED_LANGUAGES)


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_keyword_file_is_complete(language: str) -> None:
    kw = keywords(language)
    assert set(kw.commands) == set(Command)
    assert set(kw.answers) == set(Answer)
    assert set(kw.numbers) == set(range(1, 11))
    assert all(kw.commands.values()) and all(kw.answers.values())
    assert kw.sms_avoid


def test_yaml_booleans_stay_words() -> None:
    assert "no" in keywords("en").answers[Answer.NO]
    assert "y" in keywords("en").answers[Answer.YES]


def test_no_phrase_means_two_things() -> None:
    """Across every language, a normalised phrase is one command or one answer."""
    meanings: dict[str, set[str]] = defaultdict(set)
    numbers: dict[str, set[int]] = defaultdict(set)
    for language in SUPPORTED_LANGUAGES:
        kw = keywords(language)
        for command, phrases in kw.commands.items():
            for phrase in phrases:
                meanings[normalise(phrase)].add(f"command:{command}")
        for answer, phrases in kw.answers.items():
            for phrase in phrases:
                meanings[normalise(phrase)].add(f"answer:{answer}")
        for number, phrases in kw.numbers.items():
            for phrase in phrases:
                numbers[normalise(phrase)].add(number)
    assert {p: m for p, m in meanings.items() if len(m) > 1} == {}
    assert {p: n for p, n in numbers.items() if len(n) > 1} == {}
    assert "command:start" not in meanings["yes"]


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_words_in_capitals_are_replies_the_bot_understands(language: str) -> None:
    """ "Write DONE", "Répondez OUI": what a message asks for is a keyword of its language."""
    kw = keywords(language)
    known = {
        normalise(phrase)
        for phrases in [*kw.commands.values(), *kw.answers.values()]
        for phrase in phrases
    }
    for text in _msgstrs(language):
        for word in set(_CAPITALS.findall(text)) - NOT_REPLIES:
            assert normalise(word) in known, (language, word, text)


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_no_message_uses_words_operators_filter_on(language: str) -> None:
    """domain.md §6 rule 8: neutral wording on SMS."""
    avoid = [normalise(word) for word in keywords(language).sms_avoid]
    for text in _msgstrs(language):
        padded = f" {normalise(text)} "
        assert not [word for word in avoid if f" {word} " in padded], text
