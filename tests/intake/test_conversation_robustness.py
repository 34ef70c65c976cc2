"""Hostile and odd input, concurrent messages, SMS encoding, and erasure."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from i18n import messages as m
from i18n.keywords import keywords
from i18n.sms import segments
from intake.conversation.engine import ConversationEngine, IncomingText
from intake.conversation.service import converse
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import Contact, Conversation, Message
from storage.repositories.messages import MessageRepository
from storage.vault import Vault
from tests.intake.conversation_harness import Clock, Person, has, open_a_case
from tests.storage.test_encryption_at_rest import _raw_database_bytes


async def _inbound_bodies(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> list[str]:
    async with unit_of_work(sessions) as session:
        rows = await session.scalars(
            select(Message).where(Message.direction == "in").order_by(Message.created_at)
        )
        repository = MessageRepository(session, Vault(session, keyring))
        return [await repository.body_of(row) for row in rows]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", m.EMPTY_MESSAGE),
        ("   ", m.EMPTY_MESSAGE),
        ("\x00\x01", m.EMPTY_MESSAGE),
        ("🙏🙏🙏", m.YES_NO_HINT),
        ("x" * 5000, m.YES_NO_HINT),
        ("<script>alert(1)</script>", m.YES_NO_HINT),
        ("‮gnp.exe", m.YES_NO_HINT),
    ],
    ids=["empty", "spaces", "controls", "emoji", "5000-chars", "script", "rtl-override"],
)
async def test_odd_messages_get_a_helpful_reply_and_are_kept(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, text: str, expected: str
) -> None:
    person = Person(sessions, keyring, Clock(), user="odd")
    await person.say("Hello")
    replies = await person.say(text)
    assert has(replies, "en", expected), replies
    assert person.last_state == "consent"
    bodies = await _inbound_bodies(sessions, keyring)
    assert bodies[-1] == text.replace("\x00", "")


async def test_two_messages_at_once_keep_the_state_consistent(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    engine = ConversationEngine(keyring)
    first = await asyncio.gather(
        *(
            converse(sessions, engine, IncomingText("simulator", "racer", f"hello {i}"))
            for i in range(2)
        )
    )
    assert all(handled.replies for handled in first)
    await asyncio.gather(
        *(
            converse(sessions, engine, IncomingText("simulator", "racer", text))
            for text in ("yes", "the river is poisoned")
        )
    )
    async with unit_of_work(sessions) as session:
        assert await session.scalar(select(func.count()).select_from(Contact)) == 1
        conversation = (await session.scalars(select(Conversation))).one()
        assert conversation.version == 4  # four messages, four serialised updates
    assert len(await _inbound_bodies(sessions, keyring)) == 4


async def test_sms_prompts_are_gsm7_and_one_segment(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    person = Person(sessions, keyring, Clock(), user="+258840000001", channel="sms")
    await person.say("Ola, a mineradora esta tomando nossas terras em Tete")
    replies = await person.say("sim")
    assert replies
    for reply in replies:
        info = segments(reply)
        assert info.encoding == "GSM-7", reply
        assert info.segments == 1, reply


async def test_erase_leaves_no_plaintext_and_spares_others(
    db_url: str, sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    canary = f"CANARY{uuid.uuid4().hex[:12]}"
    clock = Clock()
    victim = Person(sessions, keyring, clock, user="+237650000099", channel="sms")
    other = Person(sessions, keyring, clock, user="+237650000098", channel="sms")
    for person, words in ((victim, canary), (other, "OTHERPERSONSTORY")):
        await person.say("Bonjour")
        await person.say("oui")
        await person.say(f"{words} la mine prend nos terres")
    replies = await victim.say("supprimer mes données")
    assert has(replies, "fr", m.ERASE_CONFIRM)
    code = next(word for word in replies[0].replace(".", " ").split() if word.isdigit())
    done = await victim.say(code)
    assert has(done, "fr", m.ERASE_DONE)
    assert canary not in " ".join(done)

    raw = _raw_database_bytes(db_url)
    assert canary.encode() not in raw
    bodies = await _inbound_bodies(sessions, keyring)
    assert any("OTHERPERSONSTORY" in body for body in bodies)
    assert not any(canary in body for body in bodies)
    async with unit_of_work(sessions) as session:
        assert await session.scalar(select(func.count()).select_from(Contact)) == 1


async def test_a_wrong_erase_code_cancels(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    person = Person(sessions, keyring, Clock(), user="careful")
    await person.say("Hello")
    await person.say("yes")
    await person.say("erase")
    replies = await person.say("0000")
    assert has(replies, "en", m.ERASE_CANCELLED)
    assert person.last_state == "what_happened"


async def test_safety_guidance_on_sms_is_neutral_and_gsm7(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    person = Person(sessions, keyring, Clock(), user="+243810000001", channel="sms")
    await person.say("Bonjour, la police menace de tuer notre chef à cause de la mine")
    replies = await person.say("oui")
    assert has(replies, "fr", m.SAFETY_GUIDANCE)
    avoid = {word for lang in ("en", "fr", "es", "pt") for word in keywords(lang).sms_avoid}
    for reply in replies:
        assert segments(reply).encoding == "GSM-7"
        assert not any(word in reply.lower() for word in avoid), reply


async def test_after_the_case_the_bot_acknowledges_now_and_then(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    person = Person(sessions, keyring, Clock(), user="follow-up")
    await open_a_case(person)
    acks = [bool(await person.say(f"more detail number {i}")) for i in range(1, 12)]
    # The first follow-up is acknowledged, then one in five, counting what was added.
    assert acks == [True, False, False, False, False, True, False, False, False, False, True]
    case = await person.case()
    async with unit_of_work(sessions) as session:
        inbound = await session.scalar(
            select(func.count())
            .select_from(Message)
            .where(Message.case_id == case.id, Message.direction == "in")
        )
    assert inbound == 11 + 11  # the whole intake and every follow-up are on the case
