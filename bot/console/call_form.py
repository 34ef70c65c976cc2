"""The call form: a title and questions per language, regions, dates and keywords, read
and checked before anything is saved (the errors are shown to staff, translated)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from starlette.datastructures import FormData

from bot.casework.actions import Invalid
from bot.console.i18n import UI_LANGUAGES
from storage.models.calls import CALL_STATUSES, DEFAULT_CALL_KEYWORDS

MAX_TITLE = 200
MAX_QUESTION = 500
MAX_QUESTIONS = 20
MAX_KEYWORDS = 10
MAX_KEYWORD = 30


@dataclass
class CallForm:
    """What the form holds, also to fill it again after an error or for an edit."""

    title: dict[str, str] = field(default_factory=dict)
    questions: dict[str, list[str]] = field(default_factory=dict)
    regions: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=lambda: list(DEFAULT_CALL_KEYWORDS))
    opens_at: datetime | None = None
    deadline: datetime | None = None
    status: str = "draft"

    def fields(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "questions": self.questions,
            "regions": self.regions,
            "keywords": self.keywords,
            "opens_at": self.opens_at,
            "deadline": self.deadline,
            "status": self.status,
        }


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _when(value: str) -> datetime | None:
    """A `datetime-local` (or date) field, read as UTC; None when empty or not a date."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def read_call_form(form: FormData, known_regions: set[str]) -> CallForm:
    call = CallForm()
    for language in UI_LANGUAGES:
        title = _text(form, f"title_{language}")[:MAX_TITLE]
        lines = [q.strip() for q in _text(form, f"questions_{language}").splitlines()]
        questions = [q[:MAX_QUESTION] for q in lines if q]
        if title:
            call.title[language] = title
        if questions:
            call.questions[language] = questions
    call.regions = sorted({str(r) for r in form.getlist("regions")} & known_regions)
    words = [w.strip() for w in _text(form, "keywords").replace("\n", ",").split(",")]
    call.keywords = list(dict.fromkeys(w for w in words if w))
    opens_at, deadline = _text(form, "opens_at"), _text(form, "deadline")
    call.opens_at, call.deadline = _when(opens_at), _when(deadline)
    if (opens_at and call.opens_at is None) or (deadline and call.deadline is None):
        raise Invalid("A date is not valid. Use the date picker, or YYYY-MM-DD HH:MM.")
    status = _text(form, "status")
    call.status = status if status in CALL_STATUSES else "draft"
    _check(call)
    return call


def _check(call: CallForm) -> None:
    if not call.title:
        raise Invalid("Give the call a title in at least one language.")
    if not call.questions:
        raise Invalid("Write at least one question, one per line.")
    counts = {len(questions) for questions in call.questions.values()}
    if len(counts) > 1:
        raise Invalid("Every language must have the same number of questions.")
    if max(counts) > MAX_QUESTIONS:
        raise Invalid("A call has at most 20 questions.")
    if set(call.questions) - set(call.title):
        raise Invalid("Every language with questions needs a title too.")
    if not call.keywords or len(call.keywords) > MAX_KEYWORDS:
        raise Invalid("Give between one and ten reply keywords, separated by commas.")
    if any(len(word) > MAX_KEYWORD or len(word.split()) > 3 for word in call.keywords):
        raise Invalid("A keyword is at most three words and 30 characters.")
    if call.deadline is None:
        raise Invalid("The deadline is missing.")
    if call.opens_at is not None and call.opens_at >= call.deadline:
        raise Invalid("The call must open before its deadline.")
