"""Commands that work at any step: help, language, restart, status, human, stop, start, erase.

A command is the whole message (typos tolerated), so "my land was stopped" is a story,
not a STOP.
"""

from __future__ import annotations

import secrets

from i18n import messages as m
from intake.conversation import understanding as words
from intake.conversation.answers import Answers
from intake.conversation.replies import Say
from intake.conversation.states import QUESTION_STATES, State
from intake.conversation.steps import Effect, Outcome, go, prompt


def _reprompt(state: State, answers: Answers) -> list[Say]:
    return prompt(state, answers) if state in QUESTION_STATES else []


def run_command(name: str, state: State, answers: Answers) -> Outcome:
    """Carry out command `name` from `state`; the conversation then goes on where it was."""
    if name == "help":
        return Outcome(state, [Say(m.HELP), *_reprompt(state, answers)])
    if name == "language":
        answers.return_state = state.value
        return go(State.CHOOSE_LANGUAGE, answers)
    if name == "restart":
        keep = Answers(
            language=answers.language,
            language_confirmed=answers.language_confirmed,
            consent=answers.consent,
            reference=answers.reference,
        )
        answers.__dict__.update(keep.__dict__)
        return go(State.WHAT if answers.consent else State.CONSENT, answers, Say(m.RESTARTED))
    if name == "status":
        return Outcome(state, effects={Effect.STATUS})
    if name == "human":
        return Outcome(state, [Say(m.HUMAN_REQUESTED)], {Effect.HUMAN})
    if name == "stop":
        return Outcome(state, [Say(m.STOPPED)], {Effect.OPT_OUT})
    if name == "start":
        return Outcome(state, [Say(m.STARTED), *_reprompt(state, answers)], {Effect.OPT_IN})
    if name == "erase":
        # A code, because an SMS sender can be spoofed: only the real phone sees it.
        answers.erase_code = f"{secrets.randbelow(9000) + 1000}"
        if state is not State.ERASE_CONFIRM:
            answers.return_state = state.value
        return Outcome(State.ERASE_CONFIRM, [Say(m.ERASE_CONFIRM, {"code": answers.erase_code})])
    raise ValueError(f"unknown command {name!r}")


def recognise(text: str, answers: Answers) -> str | None:
    """The command this whole message is, in the person's language or any other."""
    return words.command(text, answers.language)
