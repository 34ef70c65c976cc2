"""Messages to one person leave in the order they were written, one at a time."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import PRIORITY_BULK, Message, utcnow
from storage.repositories.identities import IdentityRepository
from storage.repositories.messages import MessageRepository
from storage.repositories.outbox import OutboxRepository
from storage.vault import Vault

LEASE = timedelta(seconds=60)


async def _send_one_round(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> list[str]:
    """Claim what is ready, as a sender would, mark it sent; the bodies, in claim order."""
    async with unit_of_work(sessions) as session:
        outbox = OutboxRepository(session)
        messages = MessageRepository(session, Vault(session, keyring))
        claims = await outbox.claim("t", channels=["sms"], limit=10, lease_for=LEASE, now=utcnow())
        bodies = []
        for claim in claims:
            bodies.append(await messages.body_of(await session.get(Message, claim.message_id)))
            provider_id = f"SM{claim.id.hex}"
            await outbox.mark_sent(
                claim,
                first_provider_id=provider_id,
                last_provider_id=provider_id,
                status="sent",
                now=utcnow(),
            )
        return bodies


async def test_one_message_per_person_per_claim_in_written_order(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    async with unit_of_work(sessions) as session:
        vault = Vault(session, keyring)
        identities = IdentityRepository(session, vault)
        ana, _ = await identities.find_or_create_contact_identity("sms", "+254700000001")
        bo, _ = await identities.find_or_create_contact_identity("sms", "+254700000002")
        messages = MessageRepository(session, vault)
        await messages.enqueue_outbound(ana, "news for Ana", priority=PRIORITY_BULK)
        for text in ("Ana 1", "Ana 2", "Ana 3"):
            await messages.enqueue_outbound(ana, text)
        await messages.enqueue_outbound(bo, "Bo 1")
    rounds = [await _send_one_round(sessions, keyring) for _ in range(5)]
    # A reply is not held back by an earlier broadcast; the broadcast waits its turn.
    assert rounds == [["Ana 1", "Bo 1"], ["Ana 2"], ["Ana 3"], ["news for Ana"], []]
