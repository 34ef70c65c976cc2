"""Contacts on a channel without credentials: the preview counts them apart, the enqueue
picks another of their addresses or leaves them out, and rows left waiting on a channel
switched off since fail with a reason instead of holding the broadcast open for ever."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.broadcasts.audience import CHANNELS
from bot.broadcasts.enqueue import enqueue
from bot.broadcasts.preview import preview
from bot.broadcasts.progress import progress
from bot.broadcasts.runner import NOT_CONFIGURED, BroadcastRunner
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import Broadcast, BroadcastRecipient, Message, OutboxItem
from tests.bot.broadcasts.people import Someone, a_broadcast, add_people

ONLY_SMS = frozenset({"sms"})


async def _mixed(sessions: async_sessionmaker[AsyncSession], keyring: KeyRing) -> list:  # type: ignore[type-arg]
    """Two reachable by SMS (one of them also on Telegram), two only on channels that are
    off, one opted out on Telegram (not targeted at all)."""
    return await add_people(
        sessions,
        keyring,
        [
            Someone({"telegram": "8801", "sms": "+237650008801"}, language="fr"),
            Someone({"sms": "+237650008802"}),
            Someone({"telegram": "8803"}),
            Someone({"whatsapp": "+237650008804"}),
            Someone({"telegram": "8805"}, opted_out=True),
        ],
    )


async def test_the_preview_counts_only_people_reachable_on_a_configured_channel(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    await _mixed(sessions, keyring)
    broadcast_id = await a_broadcast(sessions, send=False)
    async with unit_of_work(sessions) as session:
        broadcast = await session.get(Broadcast, broadcast_id)
        assert broadcast is not None
        found = await preview(session, broadcast, 0.05, ONLY_SMS)
        everything = await preview(session, broadcast, 0.05, CHANNELS)
    assert found.recipients == 2 and found.unreachable == 2
    assert dict(found.by_channel_language) == {("sms", "fr"): 1, ("sms", "en"): 1}
    assert found.to_dict()["unreachable"] == 2
    assert everything.recipients == 4 and everything.unreachable == 0


async def test_the_enqueue_uses_another_address_or_leaves_the_person_out(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    both, sms_only, *_ = await _mixed(sessions, keyring)
    broadcast_id = await a_broadcast(sessions)
    assert await enqueue(sessions, keyring, broadcast_id, channels=ONLY_SMS) == 2
    async with unit_of_work(sessions) as session:
        rows = (
            await session.execute(
                select(OutboxItem.channel, Message.contact_id).join(
                    Message, Message.id == OutboxItem.message_id
                )
            )
        ).all()
        recipients = await session.scalars(select(BroadcastRecipient.contact_id))
        assert sorted(map(str, recipients)) == sorted([str(both), str(sms_only)])
    assert sorted((channel, str(contact)) for channel, contact in rows) == sorted(
        [("sms", str(both)), ("sms", str(sms_only))]
    )


async def test_rows_on_a_channel_switched_off_fail_with_a_reason_and_the_broadcast_ends(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    await add_people(
        sessions, keyring, [Someone({"telegram": "8901"}), Someone({"telegram": "8902"})]
    )
    broadcast_id = await a_broadcast(sessions)
    assert await enqueue(sessions, keyring, broadcast_id, channels=CHANNELS) == 2
    # Telegram's credentials are removed before anything was sent.
    await BroadcastRunner(sessions, keyring, ONLY_SMS).tick()
    async with unit_of_work(sessions) as session:
        broadcast = await session.get(Broadcast, broadcast_id)
        assert broadcast is not None and broadcast.status == "done"
        figures = await progress(session, broadcast)
        statuses = set(await session.scalars(select(Message.status)))
    assert figures.counts["failed"] == 2 and figures.counts["queued"] == 0
    assert figures.failures == [(NOT_CONFIGURED, 2)]
    assert statuses == {"failed"}


async def test_rows_on_configured_channels_are_left_to_the_sender(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    await add_people(sessions, keyring, [Someone({"sms": "+237650008911"})])
    broadcast_id = await a_broadcast(sessions)
    await BroadcastRunner(sessions, keyring, ONLY_SMS).tick()
    async with unit_of_work(sessions) as session:
        broadcast = await session.get(Broadcast, broadcast_id)
        assert broadcast is not None and broadcast.status == "sending"
        figures = await progress(session, broadcast)
    assert figures.counts["queued"] == 1 and figures.failures == []
