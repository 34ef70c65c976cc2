"""The sender end to end against the fakes: order, leases, several senders, long texts."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from channels.splitting import split_text, utf16_length
from storage.crypto import KeyRing
from storage.db import create_engine, session_factory, unit_of_work
from storage.models import PRIORITY_ALERT, PRIORITY_BULK, utcnow
from storage.repositories.outbox import OutboxRepository
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.twilio_api import FakeTwilio
from tests.sender.conftest import MakeSender
from tests.sender.helpers import (
    LONG_TEXT,
    Outgoing,
    enqueue,
    enqueue_many,
    parts,
    row,
    rows,
    run_until_done,
    sent_to,
)


async def claim_as(sessions: async_sessionmaker[AsyncSession], owner: str, lease: float) -> list:
    async with unit_of_work(sessions) as session:
        return await OutboxRepository(session).claim(
            owner,
            channels=["telegram", "sms", "whatsapp"],
            limit=10,
            lease_for=timedelta(seconds=lease),
            now=utcnow(),
        )


async def test_replies_go_out_before_alerts_and_bulk(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
) -> None:
    await enqueue_many(
        sessions,
        keyring,
        [
            Outgoing("telegram", "101", priority=PRIORITY_BULK),
            Outgoing("telegram", "102", priority=PRIORITY_BULK),
            Outgoing("telegram", "103", priority=PRIORITY_ALERT),
            Outgoing("telegram", "104"),
        ],
    )
    await run_until_done([make_sender(sender_concurrency=1)], sessions)
    sent = sent_to(fake_telegram, "101", "102", "103", "104")
    assert [m["chat_id"] for m in sent] == ["104", "103", "101", "102"]
    assert {r.message_status for r in (await rows(sessions)).values()} == {"sent"}


async def test_a_sent_row_is_never_sent_again(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
) -> None:
    outbox_id = await enqueue(sessions, keyring, Outgoing("telegram", "201"))
    sender = make_sender()
    assert await sender.run_once() == 1
    assert await sender.run_once() == 0
    stored = await row(sessions, outbox_id)
    assert stored.status == "sent" and stored.attempts == 1
    assert stored.message_provider_id == stored.provider_id
    assert len(sent_to(fake_telegram, "201")) == 1


async def test_a_sender_whose_lease_ran_out_does_not_send(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
) -> None:
    await enqueue(sessions, keyring, Outgoing("telegram", "301"))
    slow = make_sender(sender_lease_seconds=0.2, sender_send_timeout=0.05)
    other = make_sender()
    [stale] = await slow._claim(1)
    await asyncio.sleep(0.3)
    assert await other.run_once() == 1  # took the row over and sent it
    await slow._handle(stale, asyncio.Event())  # the first sender wakes up late
    assert len(sent_to(fake_telegram, "301")) == 1


async def test_a_dead_senders_row_is_reclaimed_after_its_lease(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
) -> None:
    outbox_id = await enqueue(sessions, keyring, Outgoing("telegram", "401"))
    await claim_as(sessions, "dead-sender", lease=0.3)
    sender = make_sender()
    assert await sender.run_once() == 0  # still leased
    await asyncio.sleep(0.4)
    assert await sender.run_once() == 1
    stored = await row(sessions, outbox_id)
    assert (stored.status, stored.attempts) == ("sent", 2)
    assert len(sent_to(fake_telegram, "401")) == 1


async def test_two_senders_never_send_the_same_row(
    db_url: str,
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
) -> None:
    chats = [str(5000 + n) for n in range(60)]
    await enqueue_many(sessions, keyring, [Outgoing("telegram", chat) for chat in chats])
    engines = [create_engine(db_url) for _ in range(2)]
    try:
        senders = [make_sender(on=session_factory(engine)) for engine in engines]
        await run_until_done(senders, sessions)
    finally:
        for engine in engines:
            await engine.dispose()
    assert sorted(m["chat_id"] for m in sent_to(fake_telegram, *chats)) == sorted(chats)


async def test_a_long_text_goes_in_parts_on_word_boundaries(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
    fake_twilio: FakeTwilio,
) -> None:
    telegram_id, sms_id = await enqueue_many(
        sessions,
        keyring,
        [
            Outgoing("telegram", "601", body=LONG_TEXT),
            Outgoing("sms", "+254700000601", body=LONG_TEXT[:4000]),
        ],
    )
    await run_until_done([make_sender(sender_concurrency=1)], sessions)
    texts = [m["text"] for m in sent_to(fake_telegram, "601")]
    assert len(texts) == 4 and all(utf16_length(text) <= 4096 for text in texts)
    assert " ".join(texts) == LONG_TEXT
    recorded = await parts(sessions, telegram_id)
    stored = await row(sessions, telegram_id)
    assert len(recorded) == 4
    assert (stored.message_provider_id, stored.provider_id) == (recorded[0], recorded[-1])
    bodies = [created["Body"] for created in sent_to(fake_twilio, "+254700000601")]
    assert bodies == split_text(LONG_TEXT[:4000], 1600, numbered=True)
    assert bodies[0].endswith("(1/3)") and (await row(sessions, sms_id)).status == "sent"


async def test_a_split_message_resumes_after_the_parts_already_sent(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
) -> None:
    outbox_id = await enqueue(sessions, keyring, Outgoing("telegram", "701", body=LONG_TEXT))
    [crashed] = await claim_as(sessions, "crashed-sender", lease=0.2)
    async with unit_of_work(sessions) as session:
        assert await OutboxRepository(session).record_part(
            crashed, 0, "9001", lease_for=timedelta(seconds=0.2), now=utcnow()
        )
    await asyncio.sleep(0.3)
    await run_until_done([make_sender()], sessions)
    expected = split_text(LONG_TEXT, 4096)
    assert [m["text"] for m in sent_to(fake_telegram, "701")] == expected[1:]
    stored = await row(sessions, outbox_id)
    assert stored.status == "sent" and stored.message_provider_id == "9001"
    assert (await parts(sessions, outbox_id))[0] == "9001"


async def test_telegram_ids_repeat_across_chats_and_are_stored_apart(
    make_sender: MakeSender,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    fake_telegram: FakeTelegram,
) -> None:
    first = await enqueue(sessions, keyring, Outgoing("telegram", "801"))
    sender = make_sender()
    await sender.run_once()
    fake_telegram.reset()  # message ids start again at 1, as they do in every chat
    second = await enqueue(sessions, keyring, Outgoing("telegram", "802"))
    await sender.run_once()
    stored = [await row(sessions, outbox_id) for outbox_id in (first, second)]
    assert [r.status for r in stored] == ["sent", "sent"]
    assert stored[0].message_provider_id != stored[1].message_provider_id
    assert all(r.message_provider_id.endswith(":1") for r in stored)
