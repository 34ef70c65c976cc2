"""The conversation's view of people's words: one place that asks `i18n` what they mean."""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from functools import cache
from typing import TypeVar

from i18n import matching
from i18n.catalog import SUPPORTED_LANGUAGES, language_options, translator
from i18n.countries import CountryMatch, match_country
from i18n.detect import guess_language
from i18n.messages import SUPPORT_OPTIONS
from i18n.normalize import Lookup

K = TypeVar("K", bound=Hashable)
_NUMBERS = re.compile(r"\d+")
# A call's keyword is a word or two ("APPLY", "GRANT 2027"); a longer message is a story.
MAX_KEYWORD_WORDS = 3


def yes_or_no(text: str, language: str) -> bool | None:
    return matching.match_yes_no(text, language)


def is_done(text: str, language: str) -> bool:
    return matching.match_done(text, language) or yes_or_no(text, language) is False


def is_skip(text: str, language: str) -> bool:
    return matching.match_skip(text, language) or yes_or_no(text, language) is False


def command(text: str, language: str) -> str | None:
    found = matching.match_command(text, language)
    return None if found is None else found.value


def language_choice(text: str) -> str | None:
    """A language picked from the menu, by number or by its name in any language."""
    return matching.match_choice(text, language_options()) or matching.match_language(text)


@cache
def _support_menu() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The support options with their labels in every language, so "avocat" works in an
    English conversation too."""
    return tuple(
        (key, tuple(translator(lang).gettext(msgid) for lang in SUPPORTED_LANGUAGES))
        for key, msgid in SUPPORT_OPTIONS
    )


def support_choices(text: str) -> list[str]:
    """Every need picked from the support menu: "1", "1 and 3", "lawyer", "avocat"."""
    options = _support_menu()
    numbers = [int(n) for n in _NUMBERS.findall(text)]
    if len(numbers) > 1:
        picked = [options[n - 1][0] for n in numbers if 1 <= n <= len(options)]
        return list(dict.fromkeys(picked))
    choice = matching.match_choice(text, options)
    return [choice] if choice else []


def country(text: str, language: str) -> CountryMatch | None:
    """The country an answer names; `exact` is False when it should be confirmed."""
    return match_country(text, language)


def detect_language(text: str | None, *, hint: str | None = None, phone: str | None = None) -> str:
    return guess_language(text=text, telegram_language_code=hint, phone_e164=phone).language


def is_pause(text: str, language: str) -> bool:
    return matching.match_pause(text, language)


def named_calls(text: str, keywords: Sequence[tuple[K, Sequence[str]]]) -> frozenset[K]:
    """The calls whose keyword is the whole message ("APPLY", "postuller", "Candidatar!"),
    with the typos commands tolerate; several when calls share a keyword."""
    core = matching.strip_courtesy(text)
    if not core or len(core.split()) > MAX_KEYWORD_WORDS:
        return frozenset()
    return Lookup((word, key) for key, words in keywords for word in words).nearest(core)


def could_name_a_call(text: str) -> bool:
    """Cheap check before looking the calls up: a keyword is a short message."""
    return 0 < len(text.split()) <= MAX_KEYWORD_WORDS + 2
