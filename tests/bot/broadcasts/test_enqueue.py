"""Broadcasts in the database: the audience, one message per contact on one channel in
their language, exactly once even when an enqueue dies half-way, and pause, resume and
cancel holding the rows back from the sender."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.broadcasts import control
from bot.broadcasts.audience import Audience
from bot.broadcasts.enqueue import enqueue, enqueue_batch
from bot.broadcasts.progress import progress
from i18n.sms import for_channel
from intake.conversation.engine import ConversationEngine, IncomingText
from intake.conversation.service import converse
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import Broadcast, BroadcastRecipient, Message, OutboxItem, utcnow
from storage.repositories.erasure import erase_contact
from storage.repositories.messages import MessageRepository
from storage.repositories.outbox import OutboxRepository
from storage.vault import Vault
from tests.bot.broadcasts.people import TEXTS, Someone, a_broadcast, a_staff_member, add_people


class Crash(Exception):
    pass


async def sent_messages(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> dict[uuid.UUID, tuple[str, str, str]]:
    """contact id -> (channel, language, body) of every broadcast message, opened with
    the contact's own key."""
    found: dict[uuid.UUID, tuple[str, str, str]] = {}
    async with unit_of_work(sessions) as session:
        vault = Vault(session, keyring)
        rows = await session.execute(
            select(BroadcastRecipient, Message).join(
                Message, Message.id == BroadcastRecipient.message_id
            )
        )
        for recipient, message in rows.all():
            assert recipient.contact_id not in found
            body = await MessageRepository(session, vault).body_of(message)
            found[recipient.contact_id] = (message.channel, recipient.language, body)
    return found


async def test_each_targeted_contact_gets_one_message_in_their_language_on_one_channel(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    people = {
        "telegram_fr": Someone({"telegram": "1001"}, language="fr"),
        "sms_es": Someone({"sms": "+237650000011"}, language="es"),
        "whatsapp_or_sms_pt": Someone(
            {"sms": "+237650000012", "whatsapp": "+237650000012"}, language="pt"
        ),
        "unknown_language": Someone({"sms": "+237650000013", "telegram": "1002"}, language="de"),
        "telegram_blocked": Someone(
            {"telegram": "1003", "sms": "+237650000014"}, blocked=frozenset({"telegram"})
        ),
        "opted_out": Someone({"telegram": "1004"}, opted_out=True),
        "no_consent": Someone({"telegram": "1005"}, consent=False),
        "elsewhere": Someone({"telegram": "1006"}, country="CO", region="latam_caribbean"),
        "erased": Someone({"telegram": "1007"}),
        "only_blocked": Someone({"telegram": "1008"}, blocked=frozenset({"telegram"})),
    }
    ids = dict(zip(people, await add_people(sessions, keyring, people.values()), strict=True))
    async with unit_of_work(sessions) as session:
        await erase_contact(session, Vault(session, keyring), ids["erased"])
    broadcast_id = await a_broadcast(sessions, audience=Audience(countries=("CM",)))

    assert await enqueue(sessions, keyring, broadcast_id, size=3) == 5

    expected = {
        "telegram_fr": ("telegram", "fr"),
        "sms_es": ("sms", "es"),
        "whatsapp_or_sms_pt": ("whatsapp", "pt"),
        "unknown_language": ("telegram", "en"),
        "telegram_blocked": ("sms", "en"),
    }
    got = await sent_messages(sessions, keyring)
    assert {ids[name]: value for name, value in expected.items()} == {
        contact: (channel, language) for contact, (channel, language, _) in got.items()
    }
    for channel, language, body in got.values():
        assert body == for_channel(TEXTS[language], channel)
    # On SMS the text goes out in GSM-7 where that only drops an accent.
    assert (
        got[ids["sms_es"]][2]
        == "La convocatoria esta abierta hasta el 30 de junio. Responda APLICAR."
    )
    async with unit_of_work(sessions) as session:
        broadcast = await session.get(Broadcast, broadcast_id)
        assert broadcast is not None and broadcast.recipients == 5
        assert broadcast.enqueued_at is not None
        priorities = set(await session.scalars(select(OutboxItem.priority)))
        assert priorities == {50}


async def test_filters_by_region_language_channel_and_tag(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    people = [
        Someone({"telegram": "2001"}, language="fr", tags=["farmers", "2025"]),
        Someone({"telegram": "2002"}, language="fr", tags=["fishers"]),
        Someone({"telegram": "2003"}, language="en", tags=["farmers"]),
        Someone({"sms": "+237650000021"}, language="fr", tags=["farmers"]),
        Someone({"telegram": "2004"}, language="fr", tags=["farmers"], region="asia_pacific"),
    ]
    ids = await add_people(sessions, keyring, people)
    audience = Audience(
        regions=("africa",), languages=("fr",), channels=("telegram",), tags=("farmers",)
    )
    broadcast_id = await a_broadcast(sessions, audience=audience)
    assert await enqueue(sessions, keyring, broadcast_id) == 1
    assert set(await sent_messages(sessions, keyring)) == {ids[0]}


async def test_an_enqueue_that_dies_half_way_resumes_without_doubles_or_gaps(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    ids = await add_people(
        sessions, keyring, [Someone({"telegram": str(3000 + n)}) for n in range(11)]
    )
    broadcast_id = await a_broadcast(sessions)
    for _ in range(2):
        async with unit_of_work(sessions) as session:
            assert (await enqueue_batch(session, keyring, broadcast_id, size=3)).written == 3
    # The third batch is written, then the process dies before its commit.
    with pytest.raises(Crash):
        async with unit_of_work(sessions) as session:
            await enqueue_batch(session, keyring, broadcast_id, size=3)
            raise Crash
    assert len(await sent_messages(sessions, keyring)) == 6

    assert await enqueue(sessions, keyring, broadcast_id, size=3) == 5
    assert await enqueue(sessions, keyring, broadcast_id, size=3) == 0
    assert set(await sent_messages(sessions, keyring)) == set(ids)
    async with unit_of_work(sessions) as session:
        assert await session.scalar(select(func.count()).select_from(OutboxItem)) == 11


async def test_a_draft_or_paused_broadcast_is_not_enqueued(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    await add_people(sessions, keyring, [Someone({"telegram": "4001"})])
    draft = await a_broadcast(sessions, send=False)
    assert await enqueue(sessions, keyring, draft) == 0


async def _claimable(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with unit_of_work(sessions) as session:
        claims = await OutboxRepository(session).claim(
            "test", channels=["telegram"], limit=100, lease_for=timedelta(seconds=30), now=utcnow()
        )
        for claim in claims:  # give them back
            await OutboxRepository(session).release(claim)
        return len(claims)


async def test_pause_holds_every_waiting_row_resume_releases_them_cancel_ends_them(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    await add_people(sessions, keyring, [Someone({"telegram": str(5000 + n)}) for n in range(4)])
    broadcast_id = await a_broadcast(sessions)
    staff_id = await a_staff_member(sessions)
    await enqueue(sessions, keyring, broadcast_id)
    assert await _claimable(sessions) == 4

    async with unit_of_work(sessions) as session:
        await control.pause(session, broadcast_id, staff_id=staff_id)
    assert await _claimable(sessions) == 0
    with pytest.raises(control.BroadcastConflict):
        async with unit_of_work(sessions) as session:
            await control.pause(session, broadcast_id, staff_id=staff_id)

    async with unit_of_work(sessions) as session:
        await control.resume(session, broadcast_id, staff_id=staff_id)
    assert await _claimable(sessions) == 4

    async with unit_of_work(sessions) as session:
        await control.cancel(session, broadcast_id, staff_id=staff_id)
    assert await _claimable(sessions) == 0
    async with unit_of_work(sessions) as session:
        statuses = set(await session.scalars(select(OutboxItem.status)))
        assert statuses == {"cancelled"}
        assert set(await session.scalars(select(Message.status))) == {"canceled"}
        broadcast = await session.get(Broadcast, broadcast_id)
        assert broadcast is not None
        figures = await progress(session, broadcast)
        assert figures.status == "cancelled"
        assert figures.counts["cancelled"] == 4 and figures.counts["queued"] == 0


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("fallback_language", {"fallback_language": "es"}),
        ("texts", {"texts": {"de": "Hallo"}}),
        ("template", {"template_sid": "not-a-content-sid"}),
        ("audience", {"audience": Audience(channels=("fax",))}),
        ("name", {"name": "  "}),
    ],
)
async def test_a_broadcast_that_cannot_go_out_is_refused(
    sessions: async_sessionmaker[AsyncSession], field: str, change: dict[str, object]
) -> None:
    staff_id = await a_staff_member(sessions)
    values: dict[str, object] = {
        "name": "News",
        "texts": {"en": "Hello", "fr": "Bonjour"},
        "fallback_language": "en",
    }
    draft = control.Draft(**(values | change))  # type: ignore[arg-type]
    async with unit_of_work(sessions) as session:
        with pytest.raises(control.BroadcastInvalid) as refused:
            await control.create(session, draft, staff_id=staff_id)
    assert refused.value.field == field


async def test_a_reply_to_a_broadcast_lands_in_the_normal_intake_and_goes_first(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    [replier, _] = await add_people(
        sessions,
        keyring,
        [Someone({"telegram": "6001"}, language="fr"), Someone({"telegram": "6002"})],
    )
    broadcast_id = await a_broadcast(sessions)
    await enqueue(sessions, keyring, broadcast_id)

    handled = await converse(
        sessions, ConversationEngine(keyring), IncomingText("telegram", "6001", "Bonjour")
    )
    assert handled.replies  # the conversation answered, as for anyone who writes
    async with unit_of_work(sessions) as session:
        inbound = await session.scalar(select(Message).where(Message.direction == "in"))
        assert inbound is not None and inbound.contact_id == replier
        claims = await OutboxRepository(session).claim(
            "test", channels=["telegram"], limit=10, lease_for=timedelta(seconds=30), now=utcnow()
        )
    # The broadcast to the replier waits behind the answer to what they wrote.
    first = {claim.identity_id: claim.priority for claim in claims}
    assert inbound.identity_id is not None and first.pop(inbound.identity_id) == 0
    assert list(first.values()) == [50]  # the other person's broadcast


async def test_two_enqueues_at_once_write_each_contact_once(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    """Both read pages ahead; a page read at a cursor the other has moved is read again,
    so every contact is written once, by one of them."""
    people = [Someone({"telegram": str(5300 + n)}) for n in range(11)]
    ids = await add_people(sessions, keyring, people)
    broadcast_id = await a_broadcast(sessions)
    first, second = await asyncio.gather(
        enqueue(sessions, keyring, broadcast_id, size=2),
        enqueue(sessions, keyring, broadcast_id, size=2),
    )
    assert first + second == len(people)
    assert sorted(await sent_messages(sessions, keyring)) == sorted(ids)
    async with unit_of_work(sessions) as session:
        assert await session.scalar(select(func.count()).select_from(OutboxItem)) == len(people)
        broadcast = await session.get(Broadcast, broadcast_id)
        assert broadcast is not None and broadcast.recipients == len(people)
        assert broadcast.enqueued_at is not None
