"""The broadcasts' clock: a scheduled broadcast starts when due and is enqueued; an
enqueue asked to stop leaves the rest for the next run."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.broadcasts import control
from bot.broadcasts.audience import CHANNELS
from bot.broadcasts.enqueue import enqueue
from bot.broadcasts.runner import BroadcastRunner
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import Broadcast, OutboxItem, utcnow
from tests.bot.broadcasts.people import Someone, a_broadcast, a_staff_member, add_people


async def _status(sessions: async_sessionmaker[AsyncSession], broadcast_id) -> Broadcast:  # type: ignore[no-untyped-def]
    async with unit_of_work(sessions) as session:
        broadcast = await session.get(Broadcast, broadcast_id)
        assert broadcast is not None
        return broadcast


async def test_a_scheduled_broadcast_starts_when_due(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    await add_people(sessions, keyring, [Someone({"telegram": "9101"})])
    broadcast_id = await a_broadcast(sessions, send=False)
    staff_id = await a_staff_member(sessions)
    async with unit_of_work(sessions) as session:
        broadcast = await session.get(Broadcast, broadcast_id)
        assert broadcast is not None
        broadcast.scheduled_at = utcnow() + timedelta(hours=1)
        await control.send(session, broadcast_id, staff_id=staff_id)
    runner = BroadcastRunner(sessions, keyring, CHANNELS)
    await runner.tick()
    assert (await _status(sessions, broadcast_id)).status == "scheduled"

    async with unit_of_work(sessions) as session:
        broadcast = await session.get(Broadcast, broadcast_id)
        assert broadcast is not None
        broadcast.scheduled_at = utcnow() - timedelta(seconds=1)  # its time has come
    await runner.tick()
    started = await _status(sessions, broadcast_id)
    assert started.status == "sending" and started.recipients == 1
    assert started.started_at is not None


async def test_an_enqueue_asked_to_stop_leaves_the_rest_for_the_next_run(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    await add_people(sessions, keyring, [Someone({"telegram": str(9200 + n)}) for n in range(3)])
    broadcast_id = await a_broadcast(sessions)
    stop = asyncio.Event()
    stop.set()
    assert await enqueue(sessions, keyring, broadcast_id, stop=stop) == 0
    assert await enqueue(sessions, keyring, broadcast_id) == 3
    async with unit_of_work(sessions) as session:
        assert await session.scalar(select(func.count()).select_from(OutboxItem)) == 3
