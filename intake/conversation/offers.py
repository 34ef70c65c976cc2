"""A call for proposals as the conversation sees it.

The call is copied into the conversation when the person starts or resumes applying, so
an edit in the console never changes the questions under someone who is answering them;
its title and questions are rendered in the person's language when a reply goes out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from babel.dates import format_date

from i18n import messages as m
from i18n.catalog import SOURCE_LANGUAGE, Translator
from intake.conversation import understanding as words
from intake.conversation.answers import Answers
from intake.conversation.replies import Say

# The default keyword of each language, to name in a reply ("Write CANDIDATAR…").
KEYWORD_OF_LANGUAGE = {"en": "APPLY", "fr": "POSTULER", "es": "APLICAR", "pt": "CANDIDATAR"}


def _in_language(texts: dict[str, Any], language: str) -> Any:
    """The text in `language`, else in the source language, else in any language given."""
    for code in (language, SOURCE_LANGUAGE, *texts):
        if texts.get(code):
            return texts[code]
    return None


@dataclass(frozen=True)
class CallOffer:
    call_id: str
    title: dict[str, str]
    questions: dict[str, list[str]]
    keywords: tuple[str, ...]
    opens_at: datetime | None
    deadline: datetime

    @property
    def count(self) -> int:
        return max((len(q) for q in self.questions.values()), default=0)

    def not_yet_open(self, now: datetime) -> bool:
        return self.opens_at is not None and now < self.opens_at

    def is_open(self, now: datetime) -> bool:
        return not self.not_yet_open(now) and now < self.deadline

    def to_json(self) -> dict[str, Any]:
        return {
            "call_id": self.call_id,
            "title": self.title,
            "questions": self.questions,
            "keywords": list(self.keywords),
            "opens_at": self.opens_at.isoformat() if self.opens_at else None,
            "deadline": self.deadline.isoformat(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CallOffer:
        opens_at = data.get("opens_at")
        return cls(
            call_id=data["call_id"],
            title=data["title"],
            questions=data["questions"],
            keywords=tuple(data["keywords"]),
            opens_at=datetime.fromisoformat(opens_at) if opens_at else None,
            deadline=datetime.fromisoformat(data["deadline"]),
        )


@dataclass(frozen=True)
class Progress:
    """What the person already gave to this call: answers so far, and the reference once
    the application was sent."""

    answers: tuple[str, ...] = ()
    reference: str | None = None


@dataclass(frozen=True)
class Title:
    texts: dict[str, str]

    def render(self, translator: Translator) -> str:
        return _in_language(self.texts, translator.language) or ""


@dataclass(frozen=True)
class Question:
    questions: dict[str, list[str]]
    index: int

    def render(self, translator: Translator) -> str:
        usable = {k: v for k, v in self.questions.items() if len(v) > self.index}
        found = _in_language(usable, translator.language)
        return found[self.index] if found else ""


@dataclass(frozen=True)
class Keyword:
    """The call's keyword to write in the reader's language: its default word when the
    call takes it, else the call's first keyword."""

    keywords: tuple[str, ...]

    def render(self, translator: Translator) -> str:
        default = KEYWORD_OF_LANGUAGE.get(translator.language)
        if default and default in self.keywords:
            return default
        return self.keywords[0] if self.keywords else ""


@dataclass(frozen=True)
class LongDate:
    value: datetime

    def render(self, translator: Translator) -> str:
        return format_date(self.value.date(), format="long", locale=translator.language)


def keyword_language(text: str) -> str | None:
    """The language whose default keyword the message is ("POSTULER": French), if one."""
    found = words.named_calls(text, [(lang, [kw]) for lang, kw in KEYWORD_OF_LANGUAGE.items()])
    return next(iter(found)) if len(found) == 1 else None


def offer_of(answers: Answers) -> CallOffer | None:
    """The call the person is applying to, if any."""
    if not answers.application:
        return None
    return CallOffer.from_json(answers.application["call"])


def question_prompt(answers: Answers) -> list[Say]:
    """The next question of the application in progress."""
    offer = offer_of(answers)
    if offer is None:
        return []
    index = len(answers.application["answers"])
    params = {
        "number": index + 1,
        "total": offer.count,
        "question": Question(offer.questions, index),
    }
    return [Say(m.APPLICATION_QUESTION, params)]
