"""The per-language keyword files (`i18n/keywords/<lang>.yaml`) and their lookup tables.

A language is added by adding its file next to its catalog; nothing here names a
language. The tables merge every language, because people answer in the language they
think in, not the one the bot guessed: "sim" is a yes in an English conversation too.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

import yaml

from i18n.catalog import SUPPORTED_LANGUAGES
from i18n.normalize import Lookup, normalise

KEYWORDS_DIR = Path(__file__).resolve().parent / "keywords"


class _WordsLoader(yaml.SafeLoader):
    """YAML without YAML 1.1 booleans: in a word list, yes/no/y/n/on/off are words."""


_WordsLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class Command(StrEnum):
    """What a person can ask at any step, by writing the command as the whole message."""

    HELP = "help"
    LANGUAGE = "language"
    RESTART = "restart"
    STATUS = "status"
    HUMAN = "human"
    STOP = "stop"
    START = "start"
    ERASE = "erase"


class Answer(StrEnum):
    """Short answers to the bot's own questions."""

    YES = "yes"
    NO = "no"
    DONE = "done"
    SKIP = "skip"
    PAUSE = "pause"


@dataclass(frozen=True, slots=True)
class Keywords:
    """One language's keyword file, as written (not normalised)."""

    language: str
    commands: dict[Command, tuple[str, ...]]
    answers: dict[Answer, tuple[str, ...]]
    numbers: dict[int, tuple[str, ...]]
    courtesy: tuple[str, ...]
    sms_avoid: tuple[str, ...]


def _phrases(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise ValueError(f"{where}: expected a list of phrases")
    return tuple(str(v) for v in value)


@cache
def keywords(language: str) -> Keywords:
    """Load and check one language's keyword file; a bad key fails loudly at load time."""
    path = KEYWORDS_DIR / f"{language}.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_WordsLoader)
    return Keywords(
        language=language,
        commands={
            Command(name): _phrases(words, f"{path}: commands.{name}")
            for name, words in data["commands"].items()
        },
        answers={
            Answer(name): _phrases(words, f"{path}: answers.{name}")
            for name, words in data["answers"].items()
        },
        numbers={
            int(number): _phrases(words, f"{path}: numbers.{number}")
            for number, words in data["numbers"].items()
        },
        courtesy=_phrases(data.get("courtesy", []), f"{path}: courtesy"),
        sms_avoid=_phrases(data.get("sms_avoid", []), f"{path}: sms_avoid"),
    )


def all_keywords() -> list[Keywords]:
    """The keyword files of every supported language."""
    return [keywords(language) for language in SUPPORTED_LANGUAGES]


@cache
def command_table() -> Lookup[tuple[Command, str]]:
    """Every command phrase of every language → (command, language)."""
    return Lookup(
        (phrase, (command, kw.language))
        for kw in all_keywords()
        for command, phrases in kw.commands.items()
        for phrase in phrases
    )


@cache
def answer_table() -> Lookup[tuple[Answer, str]]:
    """Every answer phrase of every language → (answer, language)."""
    return Lookup(
        (phrase, (answer, kw.language))
        for kw in all_keywords()
        for answer, phrases in kw.answers.items()
        for phrase in phrases
    )


@cache
def number_table() -> Lookup[int]:
    """Number words and ordinals of every language → the number."""
    return Lookup(
        (phrase, number)
        for kw in all_keywords()
        for number, phrases in kw.numbers.items()
        for phrase in phrases
    )


@cache
def courtesy_phrases() -> frozenset[str]:
    """Normalised greetings and politeness of every language."""
    return frozenset(normalise(p) for kw in all_keywords() for p in kw.courtesy)


@cache
def vocabulary(language: str) -> frozenset[str]:
    """One-word keywords of a language: a cheap hint of the language of a short text."""
    kw = keywords(language)
    phrases = [
        *(p for ps in kw.commands.values() for p in ps),
        *(p for ps in kw.answers.values() for p in ps),
        *(p for ps in kw.numbers.values() for p in ps),
        *kw.courtesy,
    ]
    return frozenset(key for key in map(normalise, phrases) if key and " " not in key)
