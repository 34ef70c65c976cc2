"""Understanding short answers: commands, yes/no, done/skip, numbers and menu choices.

Everything is matched on the normalised WHOLE message, minus greetings and politeness
at its edges ("hi, help", "yes please"), in every supported language at once and with a
few typos allowed (see `normalize.edit_budget`). A longer sentence is never a command:
"my land was stopped" is a story, not a STOP.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from functools import cache, lru_cache
from typing import TypeVar

from i18n.catalog import SUPPORTED_LANGUAGES, language_options
from i18n.keywords import (
    Answer,
    Command,
    answer_table,
    command_table,
    courtesy_phrases,
    keywords,
    number_table,
)
from i18n.normalize import Lookup, edit_budget, normalise

K = TypeVar("K", bound=Hashable)

# Replies that are only a thumb or a tick; normalisation would erase them. Variation
# selectors and skin tones ride along with the sign.
_YES_SIGNS = frozenset("👍✅✔☑👌🆗")
_NO_SIGNS = frozenset("👎❌✖❎🚫")
_SIGN_MODIFIERS = frozenset(" \ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff")
# Commands are short: a message much longer than the longest command phrase is a story.
_MAX_COMMAND_WORDS = 5
# "2", "2.", "#2", "2nd", "2º", "1er", "2eme": a number, maybe as an ordinal.
_NUMBER = re.compile(r"^(\d{1,3})(?:st|nd|rd|th|er|re|e|eme|ieme|o|a)?$")
# A menu answer may carry a few words around its number: "I choose 2", "option 3 please".
_MAX_CHOICE_WORDS = 3
# Words after a clear yes or no that still leave it an answer ("no, I don't agree").
_MAX_ANSWER_TAIL = 4
# Label words shorter than this ("the", "de", "une") say nothing about an option.
_MIN_LABEL_WORD = 4


def strip_courtesy(text: str) -> str:
    """The normalised message without greetings or politeness at either end ('hi, help')."""
    words = normalise(text).split()
    courtesy = courtesy_phrases()
    trimmed = True
    while words and trimmed:
        trimmed = False
        for size in (3, 2, 1):
            if len(words) >= size and " ".join(words[:size]) in courtesy:
                words, trimmed = words[size:], True
                break
            if len(words) >= size and " ".join(words[-size:]) in courtesy:
                words, trimmed = words[:-size], True
                break
    return " ".join(words)


def _prefer(found: frozenset[tuple[K, str]], language: str | None) -> K | None:
    """The one meaning found, or the one found in the conversation's language."""
    meanings = {meaning for meaning, _ in found}
    if len(meanings) == 1:
        return next(iter(meanings))
    local = {meaning for meaning, lang in found if lang == language}
    return next(iter(local)) if len(local) == 1 else None


def match_command(text: str, language: str | None = None) -> Command | None:
    """The command the whole message asks for, in any supported language, else None.

    "yes" is never START here: during consent it is an answer, so the caller checks
    `match_yes_no` where a yes/no is expected.
    """
    core = strip_courtesy(text)
    if not core or len(core.split()) > _MAX_COMMAND_WORDS:
        return None
    exact = command_table().exact(core)
    if not exact and answer_table().exact(core):
        # A word that IS an answer ("fini": done) is not a typo of a command ("fin": stop).
        return None
    return _prefer(exact or command_table().nearest(core), language)


def _answer(core: str, language: str | None, kinds: set[Answer]) -> Answer | None:
    # Three-letter answers are common and so are their typos ("yse", "nom", "oiu"), and
    # the table is small enough for one typo not to change a yes into a no.
    budget = max(edit_budget(len(core)), 1 if len(core) >= 3 else 0)
    found = frozenset(item for item in answer_table().nearest(core, budget) if item[0] in kinds)
    return _prefer(found, language)


def match_yes_no(text: str, language: str | None = None) -> bool | None:
    """True for a yes, False for a no, in any supported language; None when unsure."""
    signs = set(text) - _SIGN_MODIFIERS
    if signs and signs <= _YES_SIGNS:
        return True
    if signs and signs <= _NO_SIGNS:
        return False
    core = strip_courtesy(text)
    if not core:
        return None
    answer = _answer(core, language, {Answer.YES, Answer.NO})
    if answer is None:
        # "yes I agree to that", "não, obrigado": a clear first word and a short tail.
        first, *rest = core.split()
        if not rest or len(rest) > _MAX_ANSWER_TAIL:
            return None
        answer = _answer(first, language, {Answer.YES, Answer.NO})
        if answer is None:
            return None
    return answer is Answer.YES


def match_done(text: str, language: str | None = None) -> bool:
    """True when the message says the person has finished telling ("DONE", "TERMINÉ")."""
    core = strip_courtesy(text)
    return bool(core) and _answer(core, language, {Answer.DONE}) is Answer.DONE


def match_skip(text: str, language: str | None = None) -> bool:
    """True when the person skips an optional question ("SKIP", "PASSER", "PULAR")."""
    core = strip_courtesy(text)
    return bool(core) and _answer(core, language, {Answer.SKIP}) is Answer.SKIP


def match_pause(text: str, language: str | None = None) -> bool:
    """True when the person stops an application for now ("PAUSE", "PLUS TARD", "DEPOIS")."""
    core = strip_courtesy(text)
    return bool(core) and _answer(core, language, {Answer.PAUSE}) is Answer.PAUSE


def match_number(text: str) -> int | None:
    """The one number a short answer gives, in digits or words ("2", "2.", "deux")."""
    words = strip_courtesy(text).split()
    if not words or len(words) > _MAX_CHOICE_WORDS:
        return None
    numbers: set[int] = set()
    for word in words:
        digits = _NUMBER.match(word)
        if digits:
            numbers.add(int(digits.group(1)))
        else:
            numbers |= number_table().nearest(word)
    return next(iter(numbers)) if len(numbers) == 1 else None


@lru_cache(maxsize=64)
def _label_table(options: tuple[tuple[K, tuple[str, ...]], ...]) -> Lookup[K]:
    """Whole labels and their meaningful words → option key, built once per menu (a few
    menus exist, so a small cache keeps every table built once)."""
    entries: list[tuple[str, K]] = []
    for key, labels in options:
        for label in map(normalise, labels):
            entries.append((label, key))
            entries.extend((word, key) for word in label.split() if len(word) >= _MIN_LABEL_WORD)
    return Lookup(entries)


def _match_label(core: str, options: tuple[tuple[K, tuple[str, ...]], ...]) -> K | None:
    """The option whose label the text names, whole or by one of its words, misspelt or
    shortened ("fund" for "Funding"); None when no option or several are named."""
    table = _label_table(options)
    whole = table.nearest(core)
    if len(whole) == 1:
        return next(iter(whole))
    named: set[K] = set()
    for word in core.split():
        if len(word) < _MIN_LABEL_WORD:
            continue
        found = set(table.nearest(word)) or {
            key
            for phrase in table.phrases()
            if phrase.startswith(word)
            for key in table.exact(phrase)
        }
        named |= found
    return next(iter(named)) if len(named) == 1 else None


def _freeze(options: Sequence[tuple[K, Sequence[str]]]) -> tuple[tuple[K, tuple[str, ...]], ...]:
    return tuple((key, tuple(labels)) for key, labels in options)


def match_choice(text: str, options: Sequence[tuple[K, Sequence[str]]]) -> K | None:
    """The menu option chosen by number ("2", "two", "deux"), by word or by misspelling.

    `options` are (key, labels) in menu order; give labels in several languages to
    accept them all. A number outside the menu is None, never a guess by words.
    """
    number = match_number(text)
    if number is not None:
        return options[number - 1][0] if 1 <= number <= len(options) else None
    core = strip_courtesy(text)
    return _match_label(core, _freeze(options)) if core else None


@cache
def _language_words() -> frozenset[str]:
    """Words of the LANGUAGE command ("langue", "idioma"), ignored around a language name."""
    return frozenset(
        word
        for language in SUPPORTED_LANGUAGES
        for phrase in keywords(language).commands[Command.LANGUAGE]
        for word in normalise(phrase).split()
    )


def match_language(text: str) -> str | None:
    """The supported language a message names ("english", "langue française", "Português")."""
    words = [word for word in strip_courtesy(text).split() if word not in _language_words()]
    if not words:
        return None
    return _match_label(" ".join(words), language_options())
