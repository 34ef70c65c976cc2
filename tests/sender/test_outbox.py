"""The outbox repository: claims with leases, conditional outcomes, on both databases."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.crypto import KeyRing
from storage.db import create_engine, session_factory, unit_of_work
from storage.models import PRIORITY_ALERT, PRIORITY_BULK, PRIORITY_REPLY, utcnow
from storage.repositories.outbox import Claim, OutboxRepository
from tests.sender.helpers import Outgoing, enqueue, enqueue_many, identity_and_contact, row

LEASE = timedelta(seconds=30)
CHANNELS = ["telegram", "sms", "whatsapp"]


async def claim(
    sessions: async_sessionmaker[AsyncSession], owner: str, limit: int = 10, **options: object
) -> list[Claim]:
    async with unit_of_work(sessions) as session:
        return await OutboxRepository(session).claim(
            owner,
            channels=options.get("channels", CHANNELS),  # type: ignore[arg-type]
            limit=limit,
            lease_for=options.get("lease_for", LEASE),  # type: ignore[arg-type]
            now=options.get("now", utcnow()),  # type: ignore[arg-type]
        )


async def test_claim_takes_replies_before_alerts_before_bulk_oldest_first(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    ids = await enqueue_many(
        sessions,
        keyring,
        [
            Outgoing("telegram", "101", priority=PRIORITY_BULK),
            Outgoing("telegram", "102", priority=PRIORITY_ALERT),
            Outgoing("telegram", "103", priority=PRIORITY_REPLY),
            Outgoing("telegram", "104", priority=PRIORITY_BULK),
            Outgoing("telegram", "105", priority=PRIORITY_REPLY),
        ],
    )
    first = await claim(sessions, "a", limit=3)
    assert [c.id for c in first] == [ids[2], ids[4], ids[1]]
    assert all(c.attempts == 1 and c.owner == "a" for c in first)
    rest = await claim(sessions, "a", limit=3)
    assert [c.id for c in rest] == [ids[0], ids[3]]
    assert (await row(sessions, ids[0])).status == "leased"


async def test_claim_takes_only_due_rows_of_the_given_channels(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    telegram, sms = await enqueue_many(
        sessions, keyring, [Outgoing("telegram", "201"), Outgoing("sms", "+254700000201")]
    )
    assert [c.id for c in await claim(sessions, "a", channels=["sms"])] == [sms]
    [taken] = await claim(sessions, "a", channels=["telegram"])
    async with unit_of_work(sessions) as session:
        later = utcnow() + timedelta(minutes=5)
        await OutboxRepository(session).reschedule(taken, at=later, code="500")
    assert await claim(sessions, "b") == []
    later = await claim(sessions, "b", channels=["telegram"], now=utcnow() + timedelta(minutes=6))
    assert [c.id for c in later] == [telegram]


async def test_an_expired_lease_is_reclaimed_and_the_old_holder_is_refused(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    outbox_id = await enqueue(sessions, keyring, Outgoing("telegram", "301"))
    [dead] = await claim(sessions, "dead", lease_for=timedelta(seconds=1))
    assert await claim(sessions, "alive") == []
    [alive] = await claim(sessions, "alive", now=utcnow() + timedelta(seconds=2))
    assert alive.id == outbox_id and alive.attempts == 2
    now = utcnow()
    async with unit_of_work(sessions) as session:
        outbox = OutboxRepository(session)
        assert not await outbox.renew(dead, lease_for=LEASE, now=now)
        assert not await outbox.mark_sent(
            dead, first_provider_id="1", last_provider_id="1", status="sent", now=now
        )
        assert await outbox.mark_sent(
            alive, first_provider_id="2", last_provider_id="2", status="sent", now=now
        )
    stored = await row(sessions, outbox_id)
    assert (stored.status, stored.provider_id, stored.message_provider_id) == ("sent", "2", "2")
    assert stored.message_status == "sent"
    # A sent row is never claimed again, however late.
    assert await claim(sessions, "later", now=utcnow() + timedelta(days=1)) == []


async def test_concurrent_claims_never_share_a_row(
    db_url: str, sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    ids = await enqueue_many(
        sessions, keyring, [Outgoing("telegram", str(400 + n)) for n in range(40)]
    )
    engines = [create_engine(db_url) for _ in range(4)]
    try:
        factories = [session_factory(engine) for engine in engines]

        async def keep_claiming(owner: str, factory: async_sessionmaker[AsyncSession]) -> list:
            taken: list[Claim] = []
            while batch := await claim(factory, owner, limit=3):
                taken += batch
            return taken

        results = await asyncio.gather(
            *(keep_claiming(f"s{n}", factory) for n, factory in enumerate(factories))
        )
    finally:
        for engine in engines:
            await engine.dispose()
    claimed = [c.id for taken in results for c in taken]
    assert sorted(claimed) == sorted(ids)


async def test_outcomes_need_the_lease_and_release_refunds_the_attempt(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    outbox_id = await enqueue(sessions, keyring, Outgoing("sms", "+254700000501"))
    [held] = await claim(sessions, "a")
    async with unit_of_work(sessions) as session:
        assert await OutboxRepository(session).release(held)
    stored = await row(sessions, outbox_id)
    assert (stored.status, stored.attempts) == ("pending", 0)
    [held] = await claim(sessions, "a")
    now = utcnow()
    async with unit_of_work(sessions) as session:
        outbox = OutboxRepository(session)
        assert await outbox.mark_failed(held, code="21211", reason="Invalid 'To'", now=now)
        assert not await outbox.mark_failed(held, code="again", reason="", now=now)
        assert not await outbox.reschedule(held, at=now, code="500")
    stored = await row(sessions, outbox_id)
    assert (stored.status, stored.last_error) == ("failed", "21211: Invalid 'To'")
    assert (stored.message_status, stored.error_code) == ("failed", "21211")
    async with unit_of_work(sessions) as session:
        assert await OutboxRepository(session).requeue(outbox_id, now=utcnow())
    stored = await row(sessions, outbox_id)
    assert (stored.status, stored.attempts, stored.message_status) == ("pending", 0, "pending")


async def test_stopped_blocks_the_identity_and_opts_the_contact_out(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    outbox_id = await enqueue(sessions, keyring, Outgoing("telegram", "601"))
    [held] = await claim(sessions, "a")
    async with unit_of_work(sessions) as session:
        assert await OutboxRepository(session).mark_stopped(held, code="403", now=utcnow())
    stored = await row(sessions, outbox_id)
    assert (stored.status, stored.message_status, stored.error_code) == (
        "stopped",
        "stopped",
        "403",
    )
    identity, contact = await identity_and_contact(sessions, stored.identity_id)
    assert identity.blocked_at is not None and contact.opted_out_at is not None
