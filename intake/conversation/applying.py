"""Applying to a call for proposals inside the same chat: pure steps, like `steps.py`.

A person who writes a call's keyword leaves wherever they were in the conversation,
answers the call's questions one by one, and comes back there when the application is
sent, paused or escalated. The engine saves the answers into the application row
(`Effect.SAVE_APPLICATION`) and numbers it (`Effect.SUBMIT_APPLICATION`).
"""

from __future__ import annotations

from datetime import datetime

from i18n import messages as m
from intake.conversation import understanding as words
from intake.conversation.answers import Answers
from intake.conversation.offers import (
    CallOffer,
    Keyword,
    LongDate,
    Progress,
    Title,
    offer_of,
    question_prompt,
)
from intake.conversation.replies import Say
from intake.conversation.states import QUESTION_STATES, State
from intake.conversation.steps import Effect, Outcome, prompt


def reprompt(state: State, answers: Answers) -> list[Say]:
    return prompt(state, answers) if state in QUESTION_STATES else []


def _way_back(state: State, answers: Answers) -> State:
    """Where the conversation goes on after the application.

    Someone who has not agreed to tell us about a case (or only just greeted) goes back
    to "no case yet": their next message starts the intake afresh, without a consent
    prompt repeated after their application's reference.
    """
    if state is State.APPLYING and answers.application:
        return State(answers.application["before"])
    if state is State.CHOOSE_LANGUAGE:
        state, answers.return_state = State(answers.return_state or State.CONSENT), None
    if state in (State.CONSENT, State.DECLINED):
        return State.DECLINED
    return state


def _leave(answers: Answers, *said: Say) -> Outcome:
    back = State(answers.application["before"]) if answers.application else State.DECLINED
    answers.application = None
    return Outcome(back, [*said, *reprompt(back, answers)])


def _closed(offer: CallOffer, now: datetime) -> Say:
    title = Title(offer.title)
    if offer.not_yet_open(now):
        assert offer.opens_at is not None
        return Say(
            m.CALL_NOT_OPEN_YET,
            {"title": title, "date": LongDate(offer.opens_at), "keyword": Keyword(offer.keywords)},
        )
    return Say(m.CALL_CLOSED, {"title": title, "date": LongDate(offer.deadline)})


def named(
    state: State, answers: Answers, offer: CallOffer, progress: Progress | None, now: datetime
) -> Outcome:
    """The person wrote `offer`'s keyword: start, resume, or say why not."""
    current = offer_of(answers)
    title = Title(offer.title)
    if progress is not None and progress.reference:
        said = Say(m.APPLICATION_ALREADY_SENT, {"title": title, "reference": progress.reference})
        return Outcome(state, [said, *reprompt(state, answers)])
    if not offer.is_open(now) or not offer.count:
        if current is not None and current.call_id == offer.call_id:
            return _leave(answers, _closed(offer, now))
        return Outcome(state, [_closed(offer, now), *reprompt(state, answers)])
    before = _way_back(state, answers)
    done = list(progress.answers) if progress else []
    answers.application = {"call": offer.to_json(), "answers": done, "before": before.value}
    if done:
        intro = Say(m.APPLICATION_RESUMED, {"title": title})
    else:
        intro = Say(m.APPLICATION_STARTED, {"title": title}, count=offer.count)
    effects = set() if progress else {Effect.SAVE_APPLICATION}
    return Outcome(State.APPLYING, [intro, *question_prompt(answers)], effects)


def step_applying(answers: Answers, text: str, now: datetime) -> Outcome:
    """One answer to the current question; the last one sends the application."""
    offer = offer_of(answers)
    if offer is None:
        return _leave(answers)
    if words.is_pause(text, answers.language):
        return _leave(answers, Say(m.APPLICATION_PAUSED, {"keyword": Keyword(offer.keywords)}))
    if not offer.is_open(now):
        return _leave(answers, _closed(offer, now))
    answers.application["answers"].append(text)
    if len(answers.application["answers"]) >= offer.count:
        back = State(answers.application["before"])
        return Outcome(back, effects={Effect.SUBMIT_APPLICATION})
    return Outcome(State.APPLYING, question_prompt(answers), {Effect.SAVE_APPLICATION})


def escalate(answers: Answers, text: str) -> Outcome:
    """Words of immediate danger in an answer: stop asking and open (or raise) the case,
    as the intake does; the application keeps its answers so far and can be resumed."""
    offer = offer_of(answers)
    answers.what.append(text)
    answers.application = None
    said = [Say(m.APPLICATION_PAUSED, {"keyword": Keyword(offer.keywords)})] if offer else []
    effect = Effect.APPEND_TO_CASE if answers.reference else Effect.CREATE_URGENT_CASE
    return Outcome(State.CASE_OPEN, said, {effect})
