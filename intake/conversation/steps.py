"""The steps: pure functions from (state, answers, text) to (next state, replies, effects).

No I/O here. The engine loads the state, runs one step, then carries out the effects
(create the case, erase, opt out) and writes the replies in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from i18n import messages as m
from i18n.catalog import SUPPORTED_LANGUAGES, language_name, numbered
from intake.conversation import understanding as words
from intake.conversation.answers import Answers
from intake.conversation.offers import question_prompt
from intake.conversation.replies import CountryName, CountryNames, Menu, MsgList, Say
from intake.conversation.states import State, simple_prompt

MAX_ATTEMPTS = 2
SUPPORT_LABELS = dict(m.SUPPORT_OPTIONS)
COUNTRY_EXAMPLES = ("CM", "MZ", "CO", "PH")


class Effect(StrEnum):
    CREATE_CASE = "create_case"
    CREATE_URGENT_CASE = "create_urgent_case"
    APPEND_TO_CASE = "append_to_case"
    ERASE = "erase"
    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"
    HUMAN = "human"
    STATUS = "status"
    SAVE_APPLICATION = "save_application"
    SUBMIT_APPLICATION = "submit_application"


@dataclass
class Outcome:
    state: State
    replies: list[Say] = field(default_factory=list)
    effects: set[Effect] = field(default_factory=set)


def language_menu() -> Say:
    options = numbered([language_name(code) for code in SUPPORTED_LANGUAGES])
    return Say(m.LANGUAGE_MENU, {"options": options})


def prompt(state: State, answers: Answers) -> list[Say]:
    """The question that opens `state`, filled from what we know."""
    if state is State.CHOOSE_LANGUAGE:
        return [language_menu()]
    if state is State.SUPPORT:
        return [Say(m.ASK_SUPPORT, {"options": Menu(tuple(SUPPORT_LABELS.values()))})]
    if state is State.CONFIRM_COUNTRY and answers.country_guess:
        return [Say(m.CONFIRM_COUNTRY, {"country": CountryName(answers.country_guess)})]
    if state is State.CONFIRM:
        return [summary(answers)]
    if state is State.APPLYING:
        return question_prompt(answers)
    simple = simple_prompt(state)
    return [simple] if simple else []


def summary(answers: Answers) -> Say:
    needs = tuple(SUPPORT_LABELS[key] for key in answers.support) or (m.SUPPORT_OTHER,)
    country = CountryName(answers.country) if answers.country else "?"
    return Say(m.SUMMARY, {"support": MsgList(needs), "country": country})


def go(state: State, answers: Answers, *before: Say, effects: set[Effect] | None = None) -> Outcome:
    """Move to `state`, saying `before` and then the state's question."""
    return Outcome(state, [*before, *prompt(state, answers)], effects or set())


def after_what(answers: Answers) -> Outcome:
    """Where to go once the story is told: confirm a country we spotted, or ask for one."""
    if answers.country:
        return go(State.PLACE, answers)
    if answers.country_guess:
        return go(State.CONFIRM_COUNTRY, answers)
    return go(State.COUNTRY, answers)


def step_consent(answers: Answers, text: str) -> Outcome:
    choice = words.language_choice(text)
    if choice and choice != answers.language:
        answers.language, answers.language_confirmed = choice, True
        return go(State.CONSENT, answers, Say(m.LANGUAGE_CHANGED))
    agreed = words.yes_or_no(text, answers.language)
    if agreed is None:
        return Outcome(State.CONSENT, [Say(m.YES_NO_HINT), *prompt(State.CONSENT, answers)])
    if not agreed:
        answers.pending.clear()
        return Outcome(State.DECLINED, [Say(m.CONSENT_DECLINED)])
    answers.consent = True
    if answers.pending:
        answers.what.extend(answers.pending)
        answers.pending.clear()
        return Outcome(State.WHAT, [Say(m.ASK_MORE_OR_DONE)])
    return go(State.WHAT, answers)


def step_declined(answers: Answers, text: str) -> Outcome:
    answers.pending = [text]
    return go(State.CONSENT, answers)


def step_choose_language(answers: Answers, text: str) -> Outcome:
    choice = words.language_choice(text)
    back = State(answers.return_state or State.CONSENT)
    if choice is None:
        options = numbered([language_name(code) for code in SUPPORTED_LANGUAGES])
        return Outcome(
            State.CHOOSE_LANGUAGE, [Say(m.LANGUAGE_NOT_UNDERSTOOD, {"options": options})]
        )
    answers.language, answers.language_confirmed, answers.return_state = choice, True, None
    if back is State.CASE_OPEN:
        return Outcome(back, [Say(m.LANGUAGE_CHANGED)])
    return go(back, answers, Say(m.LANGUAGE_CHANGED))


def step_what(answers: Answers, text: str) -> Outcome:
    if answers.what and words.is_done(text, answers.language):
        return after_what(answers)
    answers.what.append(text)
    if not answers.country_guess and (found := words.country(text, answers.language)):
        answers.country_guess = found.code
    return Outcome(State.WHAT, [Say(m.ASK_MORE_OR_DONE)])


def step_country(answers: Answers, text: str) -> Outcome:
    found = words.country(text, answers.language)
    if found and found.exact:
        answers.country = found.code
        return go(State.PLACE, answers)
    if found:
        answers.country_guess = found.code
        return go(State.CONFIRM_COUNTRY, answers)
    answers.country_attempts += 1
    if answers.country_attempts > MAX_ATTEMPTS:
        # Never a dead end: a coordinator can ask later; the case goes to the global queue.
        return go(State.PLACE, answers)
    return Outcome(
        State.COUNTRY,
        [Say(m.COUNTRY_NOT_UNDERSTOOD, {"examples": CountryNames(COUNTRY_EXAMPLES)})],
    )


def step_confirm_country(answers: Answers, text: str) -> Outcome:
    agreed = words.yes_or_no(text, answers.language)
    if agreed:
        answers.country = answers.country_guess
        return go(State.PLACE, answers)
    if agreed is False:
        answers.country_guess = None
        return go(State.COUNTRY, answers)
    found = words.country(text, answers.language)
    if found:
        answers.country_guess = found.code
        if found.exact:
            answers.country = found.code
            return go(State.PLACE, answers)
        return go(State.CONFIRM_COUNTRY, answers)
    return Outcome(
        State.CONFIRM_COUNTRY, [Say(m.YES_NO_HINT), *prompt(State.CONFIRM_COUNTRY, answers)]
    )


def step_place(answers: Answers, text: str) -> Outcome:
    answers.place = text
    return go(State.WHO, answers)


def step_who(answers: Answers, text: str) -> Outcome:
    answers.who = text
    return go(State.SUPPORT, answers)


def step_support(answers: Answers, text: str) -> Outcome:
    picked = words.support_choices(text)
    if not picked:
        answers.support_attempts += 1
        if answers.support_attempts <= MAX_ATTEMPTS:
            return Outcome(
                State.SUPPORT, [Say(m.SUPPORT_NOT_UNDERSTOOD), *prompt(State.SUPPORT, answers)]
            )
        picked = ["other"]
    answers.support = picked
    return go(State.SAFETY, answers)


def step_safety(answers: Answers, text: str) -> Outcome:
    danger = words.yes_or_no(text, answers.language)
    if danger is None:
        return Outcome(State.SAFETY, [Say(m.YES_NO_HINT), *prompt(State.SAFETY, answers)])
    answers.danger = danger
    if danger:
        return Outcome(State.CASE_OPEN, effects={Effect.CREATE_URGENT_CASE})
    return go(State.NAME, answers)


def step_name(answers: Answers, text: str) -> Outcome:
    answers.name = None if words.is_skip(text, answers.language) else text
    return go(State.CONTACT, answers)


def step_contact(answers: Answers, text: str) -> Outcome:
    answers.contact = None if words.is_skip(text, answers.language) else text
    return go(State.CONFIRM, answers)


def step_confirm(answers: Answers, text: str) -> Outcome:
    agreed = words.yes_or_no(text, answers.language)
    if agreed is None:
        return Outcome(State.CONFIRM, [Say(m.YES_NO_HINT), summary(answers)])
    if not agreed:
        return Outcome(State.CONFIRM, [Say(m.SUMMARY_DECLINED)])
    return Outcome(State.CASE_OPEN, effects={Effect.CREATE_CASE})


def step_case_open(answers: Answers, text: str) -> Outcome:
    return Outcome(State.CASE_OPEN, effects={Effect.APPEND_TO_CASE})


def step_erase_confirm(answers: Answers, text: str) -> Outcome:
    if answers.erase_code and text.strip() == answers.erase_code:
        return Outcome(State.ERASE_CONFIRM, effects={Effect.ERASE})
    back = State(answers.return_state or State.CONSENT)
    answers.erase_code = answers.return_state = None
    return Outcome(back, [Say(m.ERASE_CANCELLED)])


STEPS: dict[State, Callable[[Answers, str], Outcome]] = {
    State.CONSENT: step_consent,
    State.DECLINED: step_declined,
    State.CHOOSE_LANGUAGE: step_choose_language,
    State.WHAT: step_what,
    State.COUNTRY: step_country,
    State.CONFIRM_COUNTRY: step_confirm_country,
    State.PLACE: step_place,
    State.WHO: step_who,
    State.SUPPORT: step_support,
    State.SAFETY: step_safety,
    State.NAME: step_name,
    State.CONTACT: step_contact,
    State.CONFIRM: step_confirm,
    State.CASE_OPEN: step_case_open,
    State.ERASE_CONFIRM: step_erase_confirm,
}
