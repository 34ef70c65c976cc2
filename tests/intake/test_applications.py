"""Applying to a call for proposals in the chat: the keyword in any language and with
typos, the questions one by one in the person's language, pause and resume, the
reference at the end, closed calls, and danger words that still escalate."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from i18n import messages as m
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import Application, Call, Case, Contact
from storage.repositories.calls import ApplicationRepository, CallRepository
from storage.repositories.identities import IdentityRepository
from storage.vault import Vault
from tests.intake.conversation_harness import Clock, Person, has

QUESTIONS = {
    "en": ["What is your group's name?", "What will you do with the grant?"],
    "fr": ["Quel est le nom de votre groupe ?", "Que ferez-vous de la subvention ?"],
    "es": ["¿Cómo se llama su grupo?", "¿Qué hará con la subvención?"],
    "pt": ["Qual é o nome do seu grupo?", "O que farão com o subsídio?"],
}
TITLES = {"en": "Water fund", "fr": "Fonds de l'eau", "es": "Fondo del agua", "pt": "Fundo da água"}


async def make_call(
    sessions: async_sessionmaker[AsyncSession], clock: Clock, **fields: object
) -> Call:
    values: dict[str, object] = {
        "title": TITLES,
        "questions": QUESTIONS,
        "opens_at": clock.now - timedelta(days=1),
        "deadline": clock.now + timedelta(days=30),
        **fields,
    }
    async with unit_of_work(sessions) as session:
        return await CallRepository(session).create(**values)


async def stored(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> list[tuple[Application, list[str]]]:
    async with unit_of_work(sessions) as session:
        repository = ApplicationRepository(session, Vault(session, keyring))
        rows = list(await session.scalars(select(Application)))
        return [(row, await repository.answers(row)) for row in rows]


@pytest.fixture
def clock() -> Clock:
    return Clock()


async def test_an_application_from_the_first_message_to_its_reference(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, clock: Clock
) -> None:
    await make_call(sessions, clock)
    person = Person(sessions, keyring, clock, user="apply-en")
    replies = await person.say("APPLY")
    assert has(replies, "en", m.GREETING)
    assert "Application to Water fund: we will ask you 2 questions." in replies[1]
    assert replies[-1] == "Question 1 of 2: What is your group's name?"
    assert person.last_state == "applying"
    replies = await person.say("Turkana Women Water Group")
    assert replies == ["Question 2 of 2: What will you do with the grant?"]
    replies = await person.say("Dig two wells & train <b>menders</b>")
    assert has(replies, "en", m.APPLICATION_RECEIVED)
    assert "APP-2026-000001" in replies[0]
    [(application, answers)] = await stored(sessions, keyring)
    assert application.status == "received" and application.reference == "APP-2026-000001"
    assert answers == ["Turkana Women Water Group", "Dig two wells & train <b>menders</b>"]
    # Afterwards the person is where someone with no case is: their next message starts
    # the intake, and the same keyword tells them they already applied.
    replies = await person.say("APPLY")
    assert has(replies, "en", m.APPLICATION_ALREADY_SENT) and "APP-2026-000001" in replies[0]
    replies = await person.say("The company took our land")
    assert has(replies, "en", m.CONSENT)


@pytest.mark.parametrize(
    "typed",
    ["APPLY", "apply", "aply", "Apply!", "please apply", "Postuler", "postuller", "POSTULÉR",
     "aplicar", "Aplicár", "candidatar", "CANDIDATAR.", "canditatar", "hi, candidatar"],
)  # fmt: skip
async def test_the_keyword_in_any_language_with_typos(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, clock: Clock, typed: str
) -> None:
    await make_call(sessions, clock)
    person = Person(sessions, keyring, clock, user=f"kw-{typed}")
    await person.say("Hello")
    await person.say(typed)
    assert person.last_state == "applying"


@pytest.mark.parametrize(
    "typed", ["I want to apply for a grant for our village", "apples", "application form"]
)
async def test_a_sentence_that_mentions_applying_is_not_the_keyword(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, clock: Clock, typed: str
) -> None:
    await make_call(sessions, clock)
    person = Person(sessions, keyring, clock, user=f"story-{typed}")
    await person.say("Hello")
    await person.say(typed)
    assert person.last_state != "applying"


async def test_a_call_keyword_of_its_own(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, clock: Clock
) -> None:
    await make_call(sessions, clock, keywords=["WATER2027"])
    person = Person(sessions, keyring, clock, user="own-keyword")
    await person.say("Hello")
    await person.say("APPLY")
    assert person.last_state != "applying"
    replies = await person.say("water2027")
    assert person.last_state == "applying"
    await person.say("Our group")
    replies = await person.say("pause")
    assert replies[0] == "Your application is saved. Write WATER2027 when you want to continue."


async def test_questions_in_the_persons_language_from_telegram(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, clock: Clock
) -> None:
    await make_call(sessions, clock)
    person = Person(sessions, keyring, clock, user="fr-tg", channel="telegram")
    replies = await person.say("POSTULER", language_hint="fr")
    assert "Candidature à Fonds de l'eau" in replies[1]
    assert replies[-1] == "Question 1 sur 2 : Quel est le nom de votre groupe ?"


async def test_an_imported_contacts_language_is_used(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, clock: Clock
) -> None:
    """A contact imported for a broadcast in Spanish answers "APPLY": Spanish it is."""
    await make_call(sessions, clock)
    async with unit_of_work(sessions) as session:
        vault = Vault(session, keyring)
        identity, _ = await IdentityRepository(session, vault).find_or_create_contact_identity(
            "simulator", "known-es"
        )
        contact = await session.get(Contact, identity.contact_id)
        assert contact is not None
        contact.language = "es"
    person = Person(sessions, keyring, clock, user="known-es")
    replies = await person.say("APPLY")
    assert replies[-1] == "Pregunta 1 de 2: ¿Cómo se llama su grupo?"


async def test_pause_then_resume_with_the_keyword(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, clock: Clock
) -> None:
    await make_call(sessions, clock)
    person = Person(sessions, keyring, clock, user="pause-pt", channel="sms")
    await person.say("CANDIDATAR", language_hint="pt")
    await person.say("Associação das pescadoras")
    replies = await person.say("pausa")
    assert has(replies, "pt", m.APPLICATION_PAUSED)
    assert "CANDIDATAR" in replies[0]
    assert person.last_state == "declined"
    [(application, answers)] = await stored(sessions, keyring)
    assert application.status == "in_progress" and application.question_index == 1
    assert answers == ["Associação das pescadoras"]
    clock.advance(days=3)
    replies = await person.say("candidatar")
    assert has(replies, "pt", m.APPLICATION_RESUMED)
    assert replies[-1] == "Pergunta 2 de 2: O que farao com o subsidio?"  # GSM-7 on SMS
    replies = await person.say("Barcos e redes")
    assert "APP-2026-000001" in replies[0]
    [(application, answers)] = await stored(sessions, keyring)
    assert answers == ["Associação das pescadoras", "Barcos e redes"]


async def test_going_quiet_then_writing_again_resumes_with_a_reminder(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, clock: Clock
) -> None:
    await make_call(sessions, clock)
    person = Person(sessions, keyring, clock, user="quiet")
    await person.say("apply")
    await person.say("Our group")
    clock.advance(days=2)
    replies = await person.say("sorry, I was away")
    assert has(replies, "en", m.RESUME_REMINDER) and "your application" in replies[0]
    assert replies[-1] == "Question 2 of 2: What will you do with the grant?"
    replies = await person.say("Wells")
    assert has(replies, "en", m.APPLICATION_RECEIVED)


async def test_in_the_middle_of_the_intake_and_back(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, clock: Clock
) -> None:
    await make_call(sessions, clock)
    person = Person(sessions, keyring, clock, user="mid-intake")
    for text in ("Hello", "yes", "the mine took our land", "done"):
        await person.say(text)
    assert person.last_state == "country"
    await person.say("apply")
    await person.say("Our group")
    replies = await person.say("Wells")
    assert has(replies, "en", m.APPLICATION_RECEIVED)
    assert has(replies, "en", m.ASK_COUNTRY)  # back where they were, asked again
    assert person.last_state == "country"


async def test_after_the_deadline_the_bot_says_so_politely(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, clock: Clock
) -> None:
    await make_call(sessions, clock, deadline=clock.now - timedelta(days=1))
    person = Person(sessions, keyring, clock, user="late-es")
    replies = await person.say("APLICAR", language_hint="es")
    assert has(replies, "es", m.CALL_CLOSED)
    assert "Fondo del agua" in replies[-1] and "25 de noviembre de 2026" in replies[-1]
    assert person.last_state != "applying"
    assert await stored(sessions, keyring) == []


async def test_before_the_call_opens(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, clock: Clock
) -> None:
    await make_call(sessions, clock, opens_at=clock.now + timedelta(days=5))
    person = Person(sessions, keyring, clock, user="early")
    replies = await person.say("apply")
    assert replies[-1] == (
        "The call Water fund opens on December 1, 2026. Please write APPLY again then."
    )


async def test_the_deadline_passing_during_an_application(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, clock: Clock
) -> None:
    await make_call(sessions, clock, deadline=clock.now + timedelta(hours=1))
    person = Person(sessions, keyring, clock, user="too-slow")
    await person.say("apply")
    clock.advance(hours=2)
    replies = await person.say("Our group")
    assert has(replies, "en", m.CALL_CLOSED)
    assert person.last_state == "declined"


async def test_danger_words_in_an_answer_open_an_urgent_case(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, clock: Clock
) -> None:
    await make_call(sessions, clock)
    person = Person(sessions, keyring, clock, user="danger")
    await person.say("apply")
    replies = await person.say("Men with guns said they will kill me tonight")
    assert has(replies, "en", m.CASE_CREATED_URGENT) and has(replies, "en", m.SAFETY_GUIDANCE)
    assert person.last_state == "case_open"
    async with unit_of_work(sessions) as session:
        case = (await session.scalars(select(Case))).one()
        assert (case.risk, case.queue) == ("urgent", "defenders")
    replies = await person.say("apply")  # the application can still be finished
    assert replies[-1] == "Question 1 of 2: What is your group's name?"


async def test_changing_language_in_the_middle_asks_the_next_question_in_it(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, clock: Clock
) -> None:
    await make_call(sessions, clock)
    person = Person(sessions, keyring, clock, user="switch")
    await person.say("apply")
    await person.say("Our group")
    await person.say("language")
    replies = await person.say("Français")
    assert replies[-1] == "Question 2 sur 2 : Que ferez-vous de la subvention ?"
    replies = await person.say("Des puits")
    assert has(replies, "fr", m.APPLICATION_RECEIVED)
    [(application, answers)] = await stored(sessions, keyring)
    assert application.language == "fr" and answers == ["Our group", "Des puits"]


async def test_erasing_during_an_application_deletes_it(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, clock: Clock
) -> None:
    await make_call(sessions, clock)
    person = Person(sessions, keyring, clock, user="erase-me")
    await person.say("apply")
    await person.say("Our group")
    replies = await person.say("erase")
    code = re.findall(r"\b\d{4}\b", replies[-1])[0]
    replies = await person.say(code)
    assert has(replies, "en", m.ERASE_DONE)
    assert await stored(sessions, keyring) == []
