"""The state table: each state, the question that opens it, and the step that handles it."""

from __future__ import annotations

from enum import StrEnum

from i18n import messages as m
from intake.conversation.replies import Say


class State(StrEnum):
    CONSENT = "consent"
    DECLINED = "declined"
    CHOOSE_LANGUAGE = "choose_language"
    WHAT = "what_happened"
    COUNTRY = "country"
    CONFIRM_COUNTRY = "confirm_country"
    PLACE = "place"
    WHO = "who"
    SUPPORT = "support"
    SAFETY = "safety"
    NAME = "name"
    CONTACT = "contact"
    CONFIRM = "confirm"
    CASE_OPEN = "case_open"
    ERASE_CONFIRM = "erase_confirm"
    APPLYING = "applying"


# States in which the person is still answering our questions: these time out and resume.
QUESTION_STATES = frozenset(
    {
        State.CONSENT,
        State.CHOOSE_LANGUAGE,
        State.WHAT,
        State.COUNTRY,
        State.CONFIRM_COUNTRY,
        State.PLACE,
        State.WHO,
        State.SUPPORT,
        State.SAFETY,
        State.NAME,
        State.CONTACT,
        State.CONFIRM,
        State.APPLYING,
    }
)

# How a resumed conversation names where it was.
STEP_NAMES: dict[State, str] = {
    State.CONSENT: m.STEP_CONSENT,
    State.CHOOSE_LANGUAGE: m.STEP_LANGUAGE,
    State.WHAT: m.STEP_WHAT_HAPPENED,
    State.COUNTRY: m.STEP_COUNTRY,
    State.CONFIRM_COUNTRY: m.STEP_COUNTRY,
    State.PLACE: m.STEP_PLACE,
    State.WHO: m.STEP_WHO,
    State.SUPPORT: m.STEP_SUPPORT,
    State.SAFETY: m.STEP_SAFETY,
    State.NAME: m.STEP_NAME,
    State.CONTACT: m.STEP_CONTACT,
    State.CONFIRM: m.STEP_CONFIRM,
    State.APPLYING: m.STEP_APPLICATION,
}


def simple_prompt(state: State) -> Say | None:
    """The question of a state that needs no parameters."""
    prompt = {
        State.CONSENT: m.CONSENT,
        State.WHAT: m.ASK_WHAT_HAPPENED,
        State.COUNTRY: m.ASK_COUNTRY,
        State.PLACE: m.ASK_PLACE,
        State.WHO: m.ASK_WHO,
        State.SAFETY: m.ASK_SAFETY,
        State.NAME: m.ASK_NAME,
        State.CONTACT: m.ASK_CONTACT,
    }.get(state)
    return Say(prompt) if prompt else None
