"""Commands at every step, in every language and with typos; language switching; resuming."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from i18n import messages as m
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import Contact
from tests.intake.conversation_harness import Clock, Person, has

# Answers that walk an English conversation to each state, from the first message on.
WALK = [
    ("consent", []),
    ("what_happened", ["yes"]),
    ("country", ["yes", "the mine took our land", "done"]),
    ("place", ["yes", "the mine took our land", "done", "Kenya"]),
    ("who", ["yes", "the mine took our land", "done", "Kenya", "Turkana"]),
    ("support", ["yes", "the mine took our land", "done", "Kenya", "Turkana", "a company"]),
    ("safety", ["yes", "the mine took our land", "done", "Kenya", "Turkana", "a company", "1"]),
    ("name", ["yes", "the mine took our land", "done", "Kenya", "Turkana", "a company", "1", "no"]),
    (
        "case_open",
        [
            "yes",
            "the mine took our land",
            "done",
            "Kenya",
            "Turkana",
            "a company",
            "1",
            "no",
            "skip",
            "skip",
            "yes",
        ],
    ),
]
COMMANDS = {
    "help": ("hlep", m.HELP),
    "language": ("langauge", m.LANGUAGE_MENU),
    "status": ("status", None),
    "human": ("talk to a person", m.HUMAN_REQUESTED),
    "stop": ("stpo", m.STOPPED),
    "start": ("start", m.STARTED),
    "erase": ("delete my data", m.ERASE_CONFIRM),
}


async def walk_to(person: Person, state: str) -> None:
    await person.say("Hello")
    for answer in dict(WALK)[state]:
        await person.say(answer)
    assert person.last_state == state


@pytest.mark.parametrize("state", [state for state, _ in WALK])
@pytest.mark.parametrize("command", list(COMMANDS))
async def test_every_command_at_every_step(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, state: str, command: str
) -> None:
    person = Person(sessions, keyring, Clock(), user=f"cmd-{state}-{command}")
    await walk_to(person, state)
    typed, expected = COMMANDS[command]
    replies = await person.say(typed)
    if command == "status":
        expected = m.STATUS if state == "case_open" else m.STATUS_NO_CASE
    assert has(replies, "en", expected), replies
    if command in ("help", "status", "human", "stop", "start"):
        assert person.last_state == state  # the conversation goes on where it was
    if command == "stop":
        async with unit_of_work(sessions) as session:
            contact = (await session.scalars(select(Contact))).one()
            assert contact.opted_out_at is not None


@pytest.mark.parametrize(
    ("language", "first", "help_word", "stop_word"),
    [
        ("fr", "Bonjour, nous avons un problème avec une mine", "aide", "arreter"),
        ("es", "Hola, tenemos un problema con una mina", "ayuda", "parar"),
        ("pt", "Olá, temos um problema com uma mina", "ajuda", "pare"),
    ],
)
async def test_commands_in_other_languages(
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    language: str,
    first: str,
    help_word: str,
    stop_word: str,
) -> None:
    person = Person(sessions, keyring, Clock(), user=f"cmd-{language}")
    assert has(await person.say(first), language, m.CONSENT)
    assert has(await person.say(help_word), language, m.HELP)
    assert has(await person.say(stop_word), language, m.STOPPED)


async def test_a_story_with_a_command_word_is_not_a_command(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    person = Person(sessions, keyring, Clock(), user="not-a-command")
    await walk_to(person, "what_happened")
    replies = await person.say("my land was stopped from being used")
    assert has(replies, "en", m.ASK_MORE_OR_DONE)
    assert not has(replies, "en", m.STOPPED)


async def test_switching_language_midway_changes_every_later_reply(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    person = Person(sessions, keyring, Clock(), user="switcher")
    await walk_to(person, "place")
    menu = await person.say("language")
    assert has(menu, "en", m.LANGUAGE_MENU)
    switched = await person.say("Português")
    assert has(switched, "pt", m.LANGUAGE_CHANGED)
    assert has(switched, "pt", m.ASK_PLACE)
    assert has(await person.say("Turkana"), "pt", m.ASK_WHO)


async def test_an_idle_conversation_resumes_with_a_reminder(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    clock = Clock()
    person = Person(sessions, keyring, clock, user="idle")
    await walk_to(person, "who")
    clock.advance(hours=25)
    replies = await person.say("hello again")
    assert has(replies, "en", m.RESUME_REMINDER)
    assert has(replies, "en", m.ASK_WHO)
    assert person.last_state == "who"
    clock.advance(hours=1)
    assert has(await person.say("a mining company"), "en", m.ASK_SUPPORT)


async def test_restart_after_a_day_starts_again(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    clock = Clock()
    person = Person(sessions, keyring, clock, user="restarter")
    await walk_to(person, "support")
    clock.advance(hours=30)
    replies = await person.say("restart")
    assert has(replies, "en", m.RESTARTED)
    assert person.last_state == "what_happened"
